// The gazetteer file format, its builder and its memory-mapped reader.
//
// Layout (little-endian, every section 8-byte aligned by construction):
//   Header     magic "CASUSGZ\1", version, entry count, key count, max name words,
//              string bytes
//   Entry[n]   48 bytes each (EntryRecord)
//   uint64[k]  key hashes, sorted ascending (FNV-1a of the key kind byte and the key)
//   uint32[k]  the entry of each key hash
//   strings    uint16 length + bytes, referred to by offset
// A lookup is an equal_range over the hashes; 64-bit hashes of a few million keys make a false
// hit far less likely than a spelling mistake in the text.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "places/places.h"

namespace casus {
namespace {

constexpr char kMagic[8] = {'C', 'A', 'S', 'U', 'S', 'G', 'Z', '\1'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kMaxRecognizedWords = 6;
constexpr int kFilterBits = 23;  // 8 M bits = 1 MB
constexpr int kFilterShift = 64 - kFilterBits;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t entries;
  uint32_t keys;
  uint32_t max_words;
  uint64_t string_bytes;
  uint64_t reserved;
};
static_assert(sizeof(Header) == 40);

enum EntryFlag : uint8_t { kHasCoords = 1, kCurated = 2 };

struct EntryRecord {
  int64_t geonames_id;
  float lat;
  float lon;
  uint64_t population;
  uint32_t name;
  uint32_t admin1_name;
  uint32_t admin1_code;
  uint8_t kind;
  uint8_t flags;
  char country[2];
  char fcode[8];
};
static_assert(sizeof(EntryRecord) == 48);

uint64_t KeyHash(PlaceKey kind, std::string_view key) {
  uint64_t h = 14695981039346656037ULL;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ULL;
  };
  mix(static_cast<unsigned char>(kind));
  for (char c : key) {
    mix(static_cast<unsigned char>(c));
  }
  return h;
}

size_t FileSize(const Header& h) {
  return sizeof(Header) + static_cast<size_t>(h.entries) * sizeof(EntryRecord) +
         static_cast<size_t>(h.keys) * (sizeof(uint64_t) + sizeof(uint32_t)) + h.string_bytes;
}

template <typename T>
void AppendPod(const T& value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

uint32_t CountWords(std::string_view folded) {
  return folded.empty() ? 0
                        : static_cast<uint32_t>(std::count(folded.begin(), folded.end(), ' ')) + 1;
}

}  // namespace

std::string_view PlaceKindName(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::kCountry:
      return "country";
    case PlaceKind::kAdmin1:
      return "admin1";
    case PlaceKind::kRegion:
      return "region";
    case PlaceKind::kCity:
      return "city";
    case PlaceKind::kTown:
      return "town";
    case PlaceKind::kVillage:
      return "village";
    case PlaceKind::kNeighborhood:
      return "neighborhood";
    case PlaceKind::kLandmark:
      return "landmark";
    case PlaceKind::kAirport:
      return "airport";
    case PlaceKind::kRoad:
      return "road";
    case PlaceKind::kRiver:
      return "river";
  }
  return "";
}

bool ParsePlaceKind(std::string_view name, PlaceKind* kind) {
  for (uint8_t k = 1; k <= static_cast<uint8_t>(PlaceKind::kRiver); ++k) {
    if (PlaceKindName(static_cast<PlaceKind>(k)) == name) {
      *kind = static_cast<PlaceKind>(k);
      return true;
    }
  }
  return false;
}

void GazetteerBuilder::Add(GazetteerRow row) { rows_.push_back(std::move(row)); }

void GazetteerBuilder::Merge(GazetteerRow row) {
  if (row.geonames_id != 0) {
    for (GazetteerRow& existing : rows_) {
      if (existing.geonames_id != row.geonames_id) {
        continue;
      }
      existing.aliases.push_back(row.name);
      for (std::string& alias : row.aliases) {
        existing.aliases.push_back(std::move(alias));
      }
      if (row.has_coords) {
        existing.lat = row.lat;
        existing.lon = row.lon;
        existing.has_coords = true;
      }
      if (row.population > 0) {
        existing.population = row.population;
      }
      return;
    }
  }
  rows_.push_back(std::move(row));
}

std::string GazetteerBuilder::Finish() const {
  std::string strings;
  std::unordered_map<std::string, uint32_t> string_offsets;
  auto intern = [&](std::string_view s) -> uint32_t {
    s = s.substr(0, 0xFFFF);
    auto [it, added] = string_offsets.try_emplace(std::string(s), 0);
    if (added) {
      it->second = static_cast<uint32_t>(strings.size());
      const auto length = static_cast<uint16_t>(s.size());
      AppendPod(length, &strings);
      strings.append(s);
    }
    return it->second;
  };
  std::vector<EntryRecord> entries;
  entries.reserve(rows_.size());
  std::vector<std::pair<uint64_t, uint32_t>> keys;
  uint32_t max_words = 1;
  std::vector<std::string> seen;
  for (const GazetteerRow& row : rows_) {
    const auto index = static_cast<uint32_t>(entries.size());
    EntryRecord e{};
    e.geonames_id = row.geonames_id;
    e.lat = static_cast<float>(row.lat);
    e.lon = static_cast<float>(row.lon);
    e.population = row.population;
    e.name = intern(row.name);
    e.admin1_name = intern(row.admin1_name);
    e.admin1_code = intern(row.admin1_code);
    e.kind = static_cast<uint8_t>(row.kind);
    e.flags = (row.has_coords ? kHasCoords : 0) | (row.curated ? kCurated : 0);
    std::memcpy(e.country, row.country.data(), std::min<size_t>(2, row.country.size()));
    std::memcpy(e.fcode, row.fcode.data(), std::min<size_t>(8, row.fcode.size()));
    entries.push_back(e);

    seen.clear();
    auto add_name = [&](const std::string& name) {
      std::string folded = FoldPlaceName(name);
      if (folded.empty() || std::find(seen.begin(), seen.end(), folded) != seen.end()) {
        return;
      }
      const uint32_t words = CountWords(folded);
      if (words <= kMaxRecognizedWords) {
        max_words = std::max(max_words, words);
      }
      keys.emplace_back(KeyHash(PlaceKey::kName, folded), index);
      if (const size_t space = folded.find(' '); space != std::string::npos) {
        keys.emplace_back(KeyHash(PlaceKey::kFirstWord, folded.substr(0, space)), index);
      }
      std::string skeleton = PlaceSkeleton(folded);
      if (!skeleton.empty()) {
        keys.emplace_back(KeyHash(PlaceKey::kSkeleton, skeleton), index);
      }
      seen.push_back(std::move(folded));
    };
    add_name(row.name);
    for (const std::string& alias : row.aliases) {
      add_name(alias);
    }
    if (row.kind == PlaceKind::kCountry && row.country.size() == 2) {
      std::string code = row.country;
      for (char& c : code) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      keys.emplace_back(KeyHash(PlaceKey::kCountry, code), index);
    }
    for (const std::string& demonym : row.demonyms) {
      const std::string folded = FoldPlaceName(demonym);
      if (!folded.empty()) {
        keys.emplace_back(KeyHash(PlaceKey::kDemonym, folded), index);
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  while (strings.size() % 8 != 0) {
    strings.push_back('\0');
  }

  Header h{};
  std::memcpy(h.magic, kMagic, sizeof(kMagic));
  h.version = kVersion;
  h.entries = static_cast<uint32_t>(entries.size());
  h.keys = static_cast<uint32_t>(keys.size());
  h.max_words = max_words;
  h.string_bytes = strings.size();
  std::string out;
  out.reserve(FileSize(h));
  AppendPod(h, &out);
  out.append(reinterpret_cast<const char*>(entries.data()), entries.size() * sizeof(EntryRecord));
  for (const auto& key : keys) {
    AppendPod(key.first, &out);
  }
  for (const auto& key : keys) {
    AppendPod(key.second, &out);
  }
  // Keep the string section 8-aligned: pad the uint32 column when the key count is odd.
  out.append(strings);
  return out;
}

Gazetteer::~Gazetteer() {
  if (mapping_ != nullptr) {
    munmap(mapping_, size_);
  }
}

Status Gazetteer::Open(const std::string& path, std::shared_ptr<const Gazetteer>* gazetteer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::NotFound("gazetteer " + path + " does not exist");
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Header))) {
    ::close(fd);
    return Status::Corruption("gazetteer " + path + ": too short to be a gazetteer");
  }
  void* mapping = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapping == MAP_FAILED) {
    return Status::IOError("gazetteer " + path + ": cannot map the file");
  }
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->mapping_ = mapping;
  g->data_ = static_cast<const char*>(mapping);
  g->size_ = static_cast<size_t>(st.st_size);
  CASUS_RETURN_IF_ERROR(g->Init().WithContext("gazetteer " + path));
  *gazetteer = std::move(g);
  return Status::OK();
}

Status Gazetteer::FromBytes(std::string bytes, std::shared_ptr<const Gazetteer>* gazetteer) {
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->owned_ = std::move(bytes);
  g->data_ = g->owned_.data();
  g->size_ = g->owned_.size();
  CASUS_RETURN_IF_ERROR(g->Init());
  *gazetteer = std::move(g);
  return Status::OK();
}

Status Gazetteer::Init() {
  if (size_ < sizeof(Header)) {
    return Status::Corruption("too short to be a gazetteer");
  }
  Header h{};
  std::memcpy(&h, data_, sizeof(h));
  if (std::memcmp(h.magic, kMagic, sizeof(kMagic)) != 0) {
    return Status::Corruption("not a casus gazetteer (bad magic)");
  }
  if (h.version != kVersion) {
    return Status::Corruption("gazetteer version " + std::to_string(h.version) + ", expected " +
                              std::to_string(kVersion) + " (rebuild it)");
  }
  if (FileSize(h) != size_) {
    return Status::Corruption("gazetteer size " + std::to_string(size_) + " does not match its " +
                              "header (" + std::to_string(FileSize(h)) + ")");
  }
  filter_.assign((size_t{1} << kFilterBits) / 64, 0);
  const auto* hashes = reinterpret_cast<const uint64_t*>(
      data_ + sizeof(Header) + static_cast<size_t>(h.entries) * sizeof(EntryRecord));
  for (uint32_t k = 0; k < h.keys; ++k) {
    const uint64_t bit = hashes[k] >> kFilterShift;
    filter_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  return Status::OK();
}

uint32_t Gazetteer::size() const { return reinterpret_cast<const Header*>(data_)->entries; }

uint32_t Gazetteer::max_name_words() const {
  return reinterpret_cast<const Header*>(data_)->max_words;
}

GazetteerEntry Gazetteer::Entry(uint32_t i) const {
  const auto* h = reinterpret_cast<const Header*>(data_);
  const auto* records = reinterpret_cast<const EntryRecord*>(data_ + sizeof(Header));
  const char* strings = data_ + sizeof(Header) +
                        static_cast<size_t>(h->entries) * sizeof(EntryRecord) +
                        static_cast<size_t>(h->keys) * (sizeof(uint64_t) + sizeof(uint32_t));
  auto string_at = [strings](uint32_t offset) {
    uint16_t length = 0;
    std::memcpy(&length, strings + offset, sizeof(length));
    return std::string_view(strings + offset + sizeof(length), length);
  };
  const EntryRecord& r = records[i];
  GazetteerEntry e;
  e.geonames_id = r.geonames_id;
  e.lat = r.lat;
  e.lon = r.lon;
  e.has_coords = (r.flags & kHasCoords) != 0;
  e.curated = (r.flags & kCurated) != 0;
  e.population = r.population;
  e.kind = static_cast<PlaceKind>(r.kind);
  e.name = string_at(r.name);
  e.admin1_name = string_at(r.admin1_name);
  e.admin1_code = string_at(r.admin1_code);
  e.country = std::string_view(r.country, r.country[1] == '\0' ? (r.country[0] ? 1 : 0) : 2);
  e.fcode = std::string_view(r.fcode, strnlen(r.fcode, sizeof(r.fcode)));
  return e;
}

void Gazetteer::Find(PlaceKey kind, std::string_view key, std::vector<uint32_t>* out) const {
  if (key.empty()) {
    return;
  }
  const auto* h = reinterpret_cast<const Header*>(data_);
  const auto* hashes = reinterpret_cast<const uint64_t*>(
      data_ + sizeof(Header) + static_cast<size_t>(h->entries) * sizeof(EntryRecord));
  const auto* targets = reinterpret_cast<const uint32_t*>(hashes + h->keys);
  const uint64_t wanted = KeyHash(kind, key);
  const uint64_t bit = wanted >> kFilterShift;
  if ((filter_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) {
    return;
  }
  // The hashes are uniform, so interpolation narrows the range to a few entries in two or three
  // probes (a binary search over millions of keys costs some twenty cache misses).
  size_t lo = 0;
  size_t hi = h->keys;  // the answer is in [lo, hi)
  while (hi - lo > 16) {
    const uint64_t a = hashes[lo];
    const uint64_t b = hashes[hi - 1];
    if (wanted < a || wanted > b) {
      return;
    }
    const double fraction =
        b == a ? 0.0 : static_cast<double>(wanted - a) / static_cast<double>(b - a);
    size_t mid = lo + static_cast<size_t>(fraction * static_cast<double>(hi - 1 - lo));
    mid = std::min(std::max(mid, lo), hi - 1);
    if (hashes[mid] < wanted) {
      lo = mid + 1;
    } else if (hashes[mid] > wanted) {
      hi = mid;
    } else {
      lo = mid;
      hi = mid + 1;
      break;
    }
  }
  const auto [first, last] = std::equal_range(hashes + lo, hashes + hi, wanted);
  const uint64_t* begin = first;
  const uint64_t* end = last;
  // A hit found by a probe may have equal neighbours outside [lo, hi).
  if (begin != end) {
    while (begin > hashes && *(begin - 1) == wanted) {
      --begin;
    }
    while (end < hashes + h->keys && *end == wanted) {
      ++end;
    }
  }
  for (const uint64_t* p = begin; p != end; ++p) {
    out->push_back(targets[p - hashes]);
  }
}

}  // namespace casus
