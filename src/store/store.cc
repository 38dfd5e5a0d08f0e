#include "store/store.h"

#include <cstring>
#include <filesystem>
#include <string_view>

#include "store/pg_store.h"
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

void FnvAddInt(uint64_t value, uint64_t* h) {
  for (int i = 0; i < 8; ++i) {
    *h ^= (value >> (8 * i)) & 0xff;
    *h *= kFnvPrime;
  }
}

// A string field: its length first, so that no two field sequences hash alike by shifting bytes.
void FnvAddField(std::string_view bytes, uint64_t* h) {
  FnvAddInt(bytes.size(), h);
  FnvAdd(bytes, h);
}

void FnvAddDouble(double value, uint64_t* h) {
  uint64_t bits = 0;
  static_assert(sizeof bits == sizeof value);
  std::memcpy(&bits, &value, sizeof bits);
  FnvAddInt(bits, h);
}

// The resolved place, as both a place mention and an event location store it.
void FnvAddPlace(const Place& p, uint64_t* h) {
  FnvAddField(p.name, h);
  FnvAddField(p.feature, h);
  FnvAddField(p.country, h);
  FnvAddField(p.admin1, h);
  FnvAddInt(p.has_coords ? 1 : 0, h);
  FnvAddDouble(p.lat, h);
  FnvAddDouble(p.lon, h);
  FnvAddInt(static_cast<uint64_t>(p.geonames_id), h);
  FnvAddField(p.basis, h);
}

void FnvAddSpan(ByteSpan span, uint64_t* h) {
  FnvAddInt(span.begin, h);
  FnvAddInt(span.end, h);
}

std::string Hex(uint64_t h) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i) {
    hex[i] = kHex[h & 0xf];
    h >>= 4;
  }
  return hex;
}

}  // namespace

Status Store::OpenSqlite(const std::string& path, std::unique_ptr<Store>* store) {
  std::unique_ptr<store_internal::SqliteStore> sqlite;
  CASUS_RETURN_IF_ERROR(store_internal::SqliteStore::Open(path, &sqlite));
  *store = std::move(sqlite);
  return Status::OK();
}

Status Store::OpenPostgres(const std::string& url, std::unique_ptr<Store>* store) {
  return store_internal::OpenPostgres(url, store_internal::SchemaSteps(), store);
}

bool Store::IsPostgresUrl(std::string_view location) {
  return store_internal::IsPostgresUrl(location);
}

Status Store::Open(const std::string& location, std::unique_ptr<Store>* store) {
  return IsPostgresUrl(location) ? OpenPostgres(location, store) : OpenSqlite(location, store);
}

Status Store::OpenExisting(const std::string& location, std::unique_ptr<Store>* store) {
  if (!IsPostgresUrl(location) && location != ":memory:" && !std::filesystem::exists(location)) {
    return Status::NotFound("database " + location + " does not exist (run casus code)");
  }
  return Open(location, store);
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
  return Hex(h);
}

std::string CodingHash(const Document& doc, std::string_view version) {
  uint64_t h = kFnvOffset;
  FnvAddField(version, &h);
  FnvAddInt(doc.sentences.size(), &h);
  for (const Sentence& s : doc.sentences) {
    FnvAddSpan(s.bytes, &h);
    FnvAddInt(s.paragraph, &h);
    FnvAddInt(static_cast<uint64_t>(s.role), &h);
  }
  FnvAddInt(doc.mentions.size(), &h);
  for (const ActorMention& m : doc.mentions) {
    FnvAddSpan(doc.TokenBytes(m.tokens), &h);
    FnvAddInt(m.sentence, &h);
    FnvAddField(m.code, &h);
    FnvAddField(m.entry, &h);
  }
  FnvAddInt(doc.events.size(), &h);
  for (const Event& e : doc.events) {
    FnvAddInt(e.sentence, &h);
    FnvAddField(e.source.code, &h);
    FnvAddSpan(e.source.text, &h);
    FnvAddInt(static_cast<uint64_t>(static_cast<int64_t>(e.source.mention)), &h);
    FnvAddInt(e.target ? 1 : 0, &h);
    if (e.target) {
      FnvAddField(e.target->code, &h);
      FnvAddSpan(e.target->text, &h);
      FnvAddInt(static_cast<uint64_t>(static_cast<int64_t>(e.target->mention)), &h);
    }
    FnvAddField(e.code, &h);
    FnvAddField(e.root, &h);
    FnvAddInt(e.quad, &h);
    FnvAddDouble(e.goldstein, &h);
    FnvAddField(e.plover, &h);
    FnvAddField(e.date.ToString(), &h);
    FnvAddInt(static_cast<uint64_t>(e.date.precision), &h);
    FnvAddField(e.date_basis, &h);
    FnvAddSpan(e.trigger, &h);
    FnvAddField(e.pattern, &h);
    FnvAddDouble(e.confidence, &h);
    FnvAddInt(e.flags, &h);
  }
  FnvAddInt(doc.quotes.size(), &h);
  for (const Quote& q : doc.quotes) {
    FnvAddSpan(q.text, &h);
    FnvAddInt(q.direct ? 1 : 0, &h);
    FnvAddSpan(q.speaker, &h);
    FnvAddField(q.speaker_code, &h);
    FnvAddInt(q.sentence, &h);
    FnvAddSpan(q.cue, &h);
    FnvAddSpan(q.attribution, &h);
    FnvAddSpan(q.addressee, &h);
    FnvAddField(q.addressee_code, &h);
  }
  FnvAddInt(doc.places.size(), &h);
  for (const Place& p : doc.places) {
    FnvAddSpan(p.mention, &h);
    FnvAddInt(p.sentence, &h);
    FnvAddPlace(p, &h);
  }
  for (const Event& e : doc.events) {
    FnvAddInt(e.location ? 1 : 0, &h);
    if (e.location) {
      FnvAddPlace(*e.location, &h);
    }
  }
  return Hex(h);
}

}  // namespace casus
