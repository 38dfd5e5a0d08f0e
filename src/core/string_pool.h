// StringPool: interns strings and hands out small integer ids, so that token columns hold ids
// (lemmas, tags, relations, entity labels) instead of strings.
//
// Id 0 is always the empty string, so a zero-initialised column means "unset". Views returned by
// Get() stay valid for the pool's lifetime, also across later Intern() calls (strings live in a
// deque, which never moves its elements). Each Document owns its own pool, which keeps stages
// free of shared mutable state; a pool is not safe for concurrent Intern() calls.
#ifndef CASUS_CORE_STRING_POOL_H_
#define CASUS_CORE_STRING_POOL_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace casus {

// Hash for unordered containers keyed by std::string that are searched with string_views
// (heterogeneous lookup), so that a lookup never builds a temporary string.
struct TransparentStringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A fixed-size Bloom filter over word hashes (TransparentStringHash of the word). Dictionaries
// fill it while they load and are read-only afterwards; a document's words are tested with the
// hash their StringPool already holds, so that the many words no dictionary knows cost neither
// a hash nor a probe into a large table.
class WordFilter {
 public:
  WordFilter() : bits_(kWords, 0) {}
  void Add(uint64_t hash) {
    bits_[Slot(hash) / 64] |= uint64_t{1} << (Slot(hash) % 64);
    bits_[Slot(hash >> 32) / 64] |= uint64_t{1} << (Slot(hash >> 32) % 64);
  }
  [[nodiscard]] bool MayContain(uint64_t hash) const {
    return (bits_[Slot(hash) / 64] >> (Slot(hash) % 64) & 1U) != 0 &&
           (bits_[Slot(hash >> 32) / 64] >> (Slot(hash >> 32) % 64) & 1U) != 0;
  }

 private:
  static constexpr size_t kBits = size_t{1} << 22;  // 512 KB: under 1 % false hits at 200k words
  static constexpr size_t kWords = kBits / 64;
  static size_t Slot(uint64_t h) { return static_cast<size_t>((h ^ (h >> 22)) & (kBits - 1)); }
  std::vector<uint64_t> bits_;
};

class StringPool {
 public:
  StringPool();
  StringPool(const StringPool& other);
  StringPool& operator=(const StringPool& other);
  StringPool(StringPool&&) noexcept = default;
  StringPool& operator=(StringPool&&) noexcept = default;
  ~StringPool() = default;

  // The id of `s`, adding it when new.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or 0 when the pool has never seen it (0 is also the id of "").
  [[nodiscard]] uint32_t Find(std::string_view s) const;
  // REQUIRES: id was returned by this pool.
  [[nodiscard]] std::string_view Get(uint32_t id) const { return strings_[id]; }
  // TransparentStringHash of string `id`, computed once when it was interned.
  [[nodiscard]] uint64_t Hash(uint32_t id) const { return hashes_[id]; }
  [[nodiscard]] size_t size() const { return strings_.size(); }
  void Clear();

 private:
  void Rebuild();

  std::deque<std::string> strings_;
  std::vector<uint64_t> hashes_;  // per id
  std::unordered_map<std::string_view, uint32_t, TransparentStringHash> ids_;
};

}  // namespace casus

#endif  // CASUS_CORE_STRING_POOL_H_
