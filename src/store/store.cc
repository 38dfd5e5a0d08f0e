#include "store/store.h"

#include <string_view>

#include "store/schema.h"
#include "store/sqlite_store.h"

namespace casus {
namespace {

// 64-bit FNV-1a: byte-at-a-time and endian-free, so a hash means the same on every platform
// and in every release (it is stored, so it must never change).
constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

void FnvAdd(std::string_view bytes, uint64_t* h) {
  for (const char c : bytes) {
    *h ^= static_cast<unsigned char>(c);
    *h *= kFnvPrime;
  }
}

}  // namespace

Status Store::OpenSqlite(const std::string& path, std::unique_ptr<Store>* store) {
  std::unique_ptr<store_internal::SqliteStore> sqlite;
  CASUS_RETURN_IF_ERROR(store_internal::SqliteStore::Open(path, &sqlite));
  *store = std::move(sqlite);
  return Status::OK();
}

int Store::CurrentSchemaVersion() { return static_cast<int>(store_internal::SchemaSteps().size()); }

std::string ContentHash(const Document& doc) {
  // Fields are separated by the ASCII unit separator, so that moving bytes from one field to the
  // next ("ab" + "c" vs "a" + "bc") changes the hash.
  constexpr std::string_view kSep = "\x1f";
  uint64_t h = kFnvOffset;
  FnvAdd(doc.text, &h);
  FnvAdd(kSep, &h);
  FnvAdd(doc.meta.published.ToString(), &h);
  FnvAdd(kSep, &h);
  FnvAdd(doc.meta.headline, &h);
  FnvAdd(kSep, &h);
  FnvAdd(doc.meta.publisher, &h);
  FnvAdd(kSep, &h);
  FnvAdd(doc.meta.url, &h);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i) {
    hex[i] = kHex[h & 0xf];
    h >>= 4;
  }
  return hex;
}

}  // namespace casus
