// Internals of the language stage shared by its models: feature hashing, the averaged perceptron
// used while training (TrainWeights), the compact quantised model that is shipped and used at
// run time (CompactModel), and the little binary format the model files use (BinWriter,
// BinReader). Nothing outside src/lang/ includes this header.
//
// A feature is a 64-bit hash of a template number and its values; 0 is never a feature. A model
// maps a feature to a sparse row of (class, weight) pairs; features it never saw score nothing.
//
// Thread safety: CompactModel is immutable after Load() and may be shared; TrainWeights is
// single-threaded.
#ifndef CASUS_LANG_LANG_INTERNAL_H_
#define CASUS_LANG_LANG_INTERNAL_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace casus::lang {
struct Analysis;
}

namespace casus::lang::internal {

inline uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : s) {
    h = (h ^ c) * 0x100000001B3ULL;
  }
  return Mix(h);
}

// Feature hashes: template number plus one to three values.
inline uint64_t Feat(uint32_t tmpl, uint64_t a) {
  const uint64_t h = Mix(a ^ (static_cast<uint64_t>(tmpl) * 0xD6E8FEB86659FD93ULL));
  return h == 0 ? 1 : h;
}
inline uint64_t Feat(uint32_t tmpl, uint64_t a, uint64_t b) { return Feat(tmpl, Mix(a) ^ b); }
inline uint64_t Feat(uint32_t tmpl, uint64_t a, uint64_t b, uint64_t c) {
  return Feat(tmpl, Mix(Mix(a) ^ b) ^ c);
}

// Appends to a byte buffer in the model file format (little-endian, as the machine is).
class BinWriter {
 public:
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void F32(float v) { Raw(&v, sizeof v); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    Raw(s.data(), s.size());
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    U64(v.size());
    Raw(v.data(), v.size() * sizeof(T));
  }
  void Strings(const std::vector<std::string>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (const std::string& s : v) {
      Str(s);
    }
  }
  [[nodiscard]] const std::string& data() const { return buf_; }
  // Writes magic, kind and the buffer to `path`.
  Status WriteFile(const std::string& path, std::string_view kind) const;

 private:
  void Raw(const void* p, size_t n) { buf_.append(static_cast<const char*>(p), n); }
  std::string buf_;
};

// Reads what BinWriter wrote; any short read sets !ok() and yields zeros.
class BinReader {
 public:
  // Reads `path` and checks the magic and the kind.
  Status Open(const std::string& path, std::string_view kind);
  uint32_t U32() { return Pod<uint32_t>(); }
  uint64_t U64() { return Pod<uint64_t>(); }
  float F32() { return Pod<float>(); }
  std::string Str() {
    const uint32_t n = U32();
    if (!Need(n)) {
      return {};
    }
    std::string s(buf_.data() + pos_, n);
    pos_ += n;
    return s;
  }
  template <typename T>
  bool Vec(std::vector<T>* v) {
    const uint64_t n = U64();
    if (n > (buf_.size() - pos_) / sizeof(T) || !Need(n * sizeof(T))) {
      ok_ = false;
      return false;
    }
    v->resize(n);
    std::memcpy(static_cast<void*>(v->data()), buf_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  void Strings(std::vector<std::string>* v) {
    const uint32_t n = U32();
    v->clear();
    for (uint32_t i = 0; i < n && ok_; ++i) {
      v->push_back(Str());
    }
  }
  [[nodiscard]] bool ok() const { return ok_; }
  // Corruption naming the file when a read failed or bytes are left over.
  [[nodiscard]] Status Finish() const;

 private:
  bool Need(uint64_t n) {
    if (!ok_ || n > buf_.size() - pos_) {
      ok_ = false;
      return false;
    }
    return true;
  }
  template <typename T>
  T Pod() {
    T v{};
    if (Need(sizeof v)) {
      std::memcpy(&v, buf_.data() + pos_, sizeof v);
      pos_ += sizeof v;
    }
    return v;
  }
  std::string path_;
  std::string buf_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// The shipped form of a linear model: for each feature, a sparse row of (class, int16 weight);
// scores are integer sums (the common scale does not change an argmax).
class CompactModel {
 public:
  struct Entry {
    uint16_t cls;
    int16_t weight;
  };

  [[nodiscard]] int classes() const { return classes_; }
  [[nodiscard]] size_t rows() const { return keys_.size(); }
  [[nodiscard]] float scale() const { return scale_; }
  // Adds the rows of `feats` into scores[0..classes). The features are looked up in batches:
  // first every slot is prefetched, then every row, so that the cache misses (the model is
  // megabytes) overlap instead of queueing.
  void Score(std::span<const uint64_t> feats, int32_t* scores) const {
    constexpr size_t kBatch = 64;
    if (slots_.empty()) {
      return;
    }
    for (size_t start = 0; start < feats.size(); start += kBatch) {
      const size_t n = std::min(kBatch, feats.size() - start);
      const uint64_t* f = feats.data() + start;
      for (size_t i = 0; i < n; ++i) {
        __builtin_prefetch(&slots_[f[i] & mask_]);
      }
      const Slot* found[kBatch];
      size_t hits = 0;
      for (size_t i = 0; i < n; ++i) {
        size_t slot = f[i] & mask_;
        while (true) {
          const Slot& s = slots_[slot];
          if (s.key == f[i]) {
            __builtin_prefetch(&entries_[s.begin]);
            found[hits++] = &s;
            break;
          }
          if (s.key == 0) {
            break;
          }
          slot = (slot + 1) & mask_;
        }
      }
      for (size_t h = 0; h < hits; ++h) {
        const Entry* e = &entries_[found[h]->begin];
        for (const Entry* end = e + found[h]->count; e < end; ++e) {
          scores[e->cls] += e->weight;
        }
      }
    }
  }

  // Builds from sorted keys and their rows of float weights (dense, `classes` per row). Weights
  // with |w| below `prune` are dropped.
  void Build(int classes, const std::vector<uint64_t>& keys, const std::vector<float>& dense,
             float prune);
  // The same from sparse rows: rows[r] lists (class, weight) of keys[r].
  void BuildSparse(int classes, const std::vector<uint64_t>& keys,
                   const std::vector<std::vector<std::pair<uint16_t, float>>>& rows, float prune);
  // A copy without the weights below `prune` (in the units Build took), rows left empty dropped.
  [[nodiscard]] CompactModel Pruned(float prune) const;
  void Save(BinWriter* out) const;
  Status Load(BinReader* in);

 private:
  void BuildTable();

  int classes_ = 0;
  float scale_ = 1.0F;
  std::vector<uint64_t> keys_;     // sorted
  std::vector<uint32_t> offsets_;  // rows()+1
  std::vector<Entry> entries_;
  // Open addressing over the rows, key 0 = empty; a slot holds where its row's entries are.
  struct Slot {
    uint64_t key;
    uint32_t begin;
    uint32_t count;
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

// The averaged perceptron while training: a sparse row of (class, weight, running sum) cells per
// feature, created on its first update (most features only ever meet a few classes), with the
// running sums for averaging (Daume's trick: avg = w - u / c).
class TrainWeights {
 public:
  explicit TrainWeights(int classes) : classes_(classes) {}
  [[nodiscard]] int classes() const { return classes_; }
  // scores[0..classes) += sum of the current weights of `feats`.
  void Score(std::span<const uint64_t> feats, float* scores) const;
  // Moves weight from class `bad` to class `good` on every feature.
  void Update(std::span<const uint64_t> feats, int good, int bad, float amount = 1.0F);
  // One training instance has passed (advances the averaging clock).
  void Tick() { ++clock_; }
  // The averaged weights as a compact model.
  [[nodiscard]] CompactModel Average(float prune) const;
  [[nodiscard]] size_t rows() const { return rows_.size(); }

 private:
  struct Cell {
    uint16_t cls;
    float w;
    double u;
  };
  Cell* CellOf(std::vector<Cell>* row, int cls);
  int classes_;
  double clock_ = 1.0;
  std::unordered_map<uint64_t, uint32_t> rows_;
  std::vector<std::vector<Cell>> cells_;
};

// Deterministic pseudo-random numbers for training (shuffles, exploration).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t Next() { return Mix(state_++); }
  // Uniform in [0, n).
  uint64_t Below(uint64_t n) { return Next() % n; }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  template <typename T>
  void Shuffle(std::vector<T>* v) {
    for (size_t i = v->size(); i > 1; --i) {
      std::swap((*v)[i - 1], (*v)[Below(i)]);
    }
  }

 private:
  uint64_t state_;
};

// Lower case (ASCII and Latin-1) with typographic quotes and dashes folded to ASCII, into `out`.
void FoldLower(std::string_view s, std::string* out);
// Word shape: X for upper, x lower, d digit, other bytes kept; runs longer than 2 collapsed.
void Shape(std::string_view s, std::string* out);

// Word flag bits computed by PrepareWords.
enum WordFlag : uint8_t {
  kCapitalized = 1U << 0,
  kAllCaps = 1U << 1,
  kHasDigit = 1U << 2,
  kHasHyphen = 1U << 3,
  kFirst = 1U << 4,
  kNoLetter = 1U << 5,
};

// Fills the per-word hashes (form, folded lower case, shape, prefixes, suffixes) and flags of
// `a` from a->forms.
void PrepareWords(Analysis* a);

// Largest class count of any model (the score arrays live on the stack).
inline constexpr int kMaxClasses = 256;

// Index of the best-scoring class among those with allowed[c] (all when null).
inline int ArgMax(const int32_t* scores, int n, const bool* allowed = nullptr) {
  int best = -1;
  for (int c = 0; c < n; ++c) {
    if (allowed != nullptr && !allowed[c]) {
      continue;
    }
    if (best < 0 || scores[c] > scores[best]) {
      best = c;
    }
  }
  return best;
}
inline int ArgMax(const float* scores, int n, const bool* allowed = nullptr) {
  int best = -1;
  for (int c = 0; c < n; ++c) {
    if (allowed != nullptr && !allowed[c]) {
      continue;
    }
    if (best < 0 || scores[c] > scores[best]) {
      best = c;
    }
  }
  return best;
}

}  // namespace casus::lang::internal

#endif  // CASUS_LANG_LANG_INTERNAL_H_
