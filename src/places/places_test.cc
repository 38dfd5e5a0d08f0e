// Places: name folding, the gazetteer file, toponym recognition, metonymy, resolution and event
// locations, over a tiny gazetteer built from rows written here (never the GeoNames data).
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "places/places.h"

namespace casus {
namespace {

GazetteerRow Row(int64_t id, std::string name, PlaceKind kind, std::string country, double lat,
                 double lon, uint64_t population, std::vector<std::string> aliases = {},
                 std::string fcode = "", std::string admin1 = "") {
  GazetteerRow r;
  r.geonames_id = id;
  r.name = std::move(name);
  r.kind = kind;
  r.country = std::move(country);
  r.lat = lat;
  r.lon = lon;
  r.has_coords = true;
  r.population = population;
  r.aliases = std::move(aliases);
  r.fcode = std::move(fcode);
  r.admin1_name = std::move(admin1);
  return r;
}

std::shared_ptr<const Gazetteer> TinyGazetteer() {
  GazetteerBuilder b;
  GazetteerRow syria = Row(163843, "Syria", PlaceKind::kCountry, "SY", 35, 38, 0);
  syria.demonyms = {"Syrian"};
  b.Add(std::move(syria));
  GazetteerRow russia = Row(2017370, "Russia", PlaceKind::kCountry, "RU", 60, 100, 0);
  russia.demonyms = {"Russian"};
  b.Add(std::move(russia));
  b.Add(Row(272103, "Lebanon", PlaceKind::kCountry, "LB", 33.8, 35.8, 0));
  b.Add(Row(2215636, "Libya", PlaceKind::kCountry, "LY", 28, 17, 0));
  b.Add(Row(614540, "Georgia", PlaceKind::kCountry, "GE", 42, 43.5, 0));
  b.Add(Row(6252001, "United States", PlaceKind::kCountry, "US", 39.76, -98.5, 0, {"US"}));
  b.Add(Row(248816, "Jordan", PlaceKind::kCountry, "JO", 31, 36, 0));
  b.Add(Row(4197000, "Georgia", PlaceKind::kAdmin1, "US", 32.7, -83.4, 0, {}, "", "Georgia"));
  b.Add(Row(0, "Daraa", PlaceKind::kAdmin1, "SY", 32.85, 36.18, 0, {"Daraa Governorate"}, "",
            "Daraa"));
  b.Add(Row(170905, "Dar'a", PlaceKind::kCity, "SY", 32.62, 36.10, 97969, {"Daraa", "Deraa"},
            "PPLA", "Daraa"));
  b.Add(
      Row(163806, "Ţafas", PlaceKind::kTown, "SY", 32.74, 36.07, 31249, {"Tafas"}, "PPL", "Daraa"));
  b.Add(Row(999001, "Tafas", PlaceKind::kVillage, "TR", 39.0, 30.0, 600, {}, "PPL", ""));
  b.Add(Row(163476, "Tall Rif`at", PlaceKind::kTown, "SY", 36.47, 37.09, 25658, {"Tell Refaat"},
            "PPLA3", "Aleppo"));
  b.Add(
      Row(166640, "Mūrak", PlaceKind::kTown, "SY", 35.38, 36.69, 14307, {"Morek"}, "PPL", "Hama"));
  b.Add(Row(170017, "Hama", PlaceKind::kCity, "SY", 35.13, 36.76, 460602, {}, "PPLA", "Hama"));
  b.Add(Row(2210247, "Tripoli", PlaceKind::kCity, "LY", 32.89, 13.19, 1150989, {}, "PPLC"));
  b.Add(Row(266826, "Tripoli", PlaceKind::kCity, "LB", 34.44, 35.85, 229398, {}, "PPLA"));
  b.Add(Row(4180439, "Atlanta", PlaceKind::kCity, "US", 33.75, -84.39, 498715, {}, "PPLA",
            "Georgia"));
  b.Add(Row(4140963, "Washington", PlaceKind::kCity, "US", 38.9, -77.04, 689545, {"Washington DC"},
            "PPLC", "District of Columbia"));
  b.Add(Row(491422, "Sochi", PlaceKind::kCity, "RU", 43.6, 39.73, 327608, {}, "PPL"));
  b.Add(Row(4000001, "Sochi", PlaceKind::kVillage, "US", 40.0, -90.0, 700, {}, "PPL"));
  b.Add(Row(473247, "Vladimir", PlaceKind::kCity, "RU", 56.13, 40.4, 310024, {}, "PPLA"));
  std::shared_ptr<const Gazetteer> g;
  EXPECT_TRUE(Gazetteer::FromBytes(b.Finish(), &g).ok());
  return g;
}

const std::shared_ptr<const Gazetteer>& SharedGazetteer() {
  static const std::shared_ptr<const Gazetteer> kGazetteer = TinyGazetteer();
  return kGazetteer;
}

// A document of one sentence per line, tokens split at spaces and before , . ; 's.
// `actors` are the words (single tokens) the actor matcher would have coded.
Document MakeDoc(const std::string& text, const std::vector<std::string>& actors = {}) {
  Document doc;
  doc.id = "t";
  doc.text = text;
  size_t i = 0;
  uint32_t sentence_start_token = 0;
  uint32_t sentence_start_byte = 0;
  auto close_sentence = [&](uint32_t end_byte) {
    const auto n = static_cast<uint32_t>(doc.tokens.size());
    if (n > sentence_start_token) {
      Sentence s;
      s.bytes = {sentence_start_byte, end_byte};
      s.tokens = {sentence_start_token, n};
      doc.sentences.push_back(s);
    }
    sentence_start_token = n;
  };
  while (i < text.size()) {
    if (text[i] == '\n') {
      close_sentence(static_cast<uint32_t>(i));
      sentence_start_byte = static_cast<uint32_t>(i + 1);
      ++i;
      continue;
    }
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    size_t end = i;
    if (text[i] == ',' || text[i] == '.' || text[i] == ';') {
      end = i + 1;
    } else if (text.compare(i, 2, "'s") == 0) {
      end = i + 2;
    } else {
      while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != ',' &&
             text[end] != '.' && text[end] != ';' && text.compare(end, 2, "'s") != 0) {
        ++end;
      }
    }
    std::string word = text.substr(i, end - i);
    std::string norm;
    for (char c : word) {
      norm.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    uint8_t flags = 0;
    if (std::isupper(static_cast<unsigned char>(word[0]))) {
      flags |= kTokenCapitalized;
    }
    const uint32_t t = doc.tokens.Add(static_cast<uint32_t>(i), static_cast<uint32_t>(end),
                                      doc.strings.Intern(norm), flags);
    for (const std::string& actor : actors) {
      if (actor == word) {
        ActorMention m;
        m.tokens = {t, t + 1};
        m.code = "X";
        doc.mentions.push_back(m);
      }
    }
    i = end;
  }
  close_sentence(static_cast<uint32_t>(text.size()));
  for (ActorMention& m : doc.mentions) {
    m.sentence = doc.SentenceOf(m.tokens.begin);
  }
  doc.layers = kLayerText | kLayerSentences | kLayerTokens | kLayerActors | kLayerEvents;
  return doc;
}

// Resolved places as "mention=NAME/COUNTRY/feature".
std::vector<std::string> Places(const std::string& text,
                                const std::vector<std::string>& actors = {}) {
  Document doc = MakeDoc(text, actors);
  EXPECT_TRUE(MakePlaceResolver(SharedGazetteer())->Annotate(doc).ok());
  std::vector<std::string> out;
  for (const Place& p : doc.places) {
    out.push_back(std::string(doc.Slice(p.mention)) + "=" + p.name + "/" + p.country + "/" +
                  p.feature);
    EXPECT_FALSE(p.basis.empty());
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(FoldPlaceName, TransliterationVariantsMeet) {
  EXPECT_EQ(FoldPlaceName("Dar‘ā"), FoldPlaceName("Daraa"));
  EXPECT_EQ(FoldPlaceName("Dar'a"), FoldPlaceName("Daraa"));
  EXPECT_EQ(FoldPlaceName("Tell Rifaat"), FoldPlaceName("Tal Rifaat"));
  EXPECT_EQ(FoldPlaceName("Tall Rif`at"), FoldPlaceName("Tal Rifaat"));
  EXPECT_EQ(FoldPlaceName("al-Bab"), "bab");
  EXPECT_EQ(FoldPlaceName("Deir ez-Zor"), "deir ez zor");
  EXPECT_EQ(FoldPlaceName("U.S."), "us");
  EXPECT_EQ(FoldPlaceName("İdlib"), "idlib");
  EXPECT_EQ(FoldPlaceName("درعا"), "");
  EXPECT_NE(FoldPlaceName("Hama"), FoldPlaceName("Homs"));
}

TEST(PlaceSkeleton, VowelVariantsMeet) {
  EXPECT_EQ(PlaceSkeleton(FoldPlaceName("Morik")), PlaceSkeleton(FoldPlaceName("Mūrak")));
  EXPECT_EQ(PlaceSkeleton(FoldPlaceName("Khan Sheikhoun")),
            PlaceSkeleton(FoldPlaceName("Khān Shaykhūn")));
  EXPECT_EQ(PlaceSkeleton(FoldPlaceName("Deir Ezzor")),
            PlaceSkeleton(FoldPlaceName("Deir ez-Zor")));
  EXPECT_EQ(PlaceSkeleton("ab"), "");
}

TEST(Gazetteer, RoundTripsEntriesAndFindsEveryName) {
  const auto& g = SharedGazetteer();
  std::vector<uint32_t> found;
  g->Find(PlaceKey::kName, FoldPlaceName("Deraa"), &found);
  ASSERT_EQ(found.size(), 1U);
  const GazetteerEntry e = g->Entry(found[0]);
  EXPECT_EQ(e.geonames_id, 170905);
  EXPECT_EQ(e.name, "Dar'a");
  EXPECT_EQ(e.country, "SY");
  EXPECT_EQ(e.admin1_name, "Daraa");
  EXPECT_EQ(e.fcode, "PPLA");
  EXPECT_EQ(e.kind, PlaceKind::kCity);
  EXPECT_NEAR(e.lat, 32.62, 1e-4);
  EXPECT_TRUE(e.has_coords);
  found.clear();
  g->Find(PlaceKey::kName, "tripoli", &found);
  EXPECT_EQ(found.size(), 2U);
  found.clear();
  g->Find(PlaceKey::kDemonym, FoldPlaceName("Russian"), &found);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(g->Entry(found[0]).country, "RU");
  found.clear();
  g->Find(PlaceKey::kName, "nowhere", &found);
  EXPECT_TRUE(found.empty());
}

TEST(Gazetteer, RefusesBytesThatAreNotAGazetteer) {
  std::shared_ptr<const Gazetteer> g;
  EXPECT_TRUE(Gazetteer::FromBytes("not a gazetteer at all, just text", &g).IsCorruption());
  GazetteerBuilder b;
  b.Add(Row(1, "A", PlaceKind::kCity, "SY", 1, 1, 1));
  std::string bytes = b.Finish();
  bytes.pop_back();
  EXPECT_TRUE(Gazetteer::FromBytes(bytes, &g).IsCorruption());
  EXPECT_TRUE(Gazetteer::Open("/nonexistent/gazetteer.bin", &g).IsNotFound());
}

TEST(Supplement, AddsRowsAndMergesAliasesIntoGeoNamesRows) {
  GazetteerBuilder b;
  b.Add(Row(6252001, "United States", PlaceKind::kCountry, "US", 39.76, -98.5, 0));
  size_t rows = 0;
  ASSERT_TRUE(AddSupplement("# comment\n"
                            "6252001\tUnited States of America\tcountry\tUS\t-\t-\t-\t-\tU.S.\t\n"
                            "-\tJubbayn\tvillage\tSY\tHama\t35.33\t36.48\t-\tJubbain\tnote\n",
                            "s.tsv", &b, &rows)
                  .ok());
  EXPECT_EQ(rows, 2U);
  EXPECT_EQ(b.rows(), 2U);
  std::shared_ptr<const Gazetteer> g;
  ASSERT_TRUE(Gazetteer::FromBytes(b.Finish(), &g).ok());
  std::vector<uint32_t> found;
  g->Find(PlaceKey::kName, "us", &found);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(g->Entry(found[0]).geonames_id, 6252001);
  found.clear();
  g->Find(PlaceKey::kName, "jubain", &found);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_TRUE(g->Entry(found[0]).curated);
  EXPECT_EQ(g->Entry(found[0]).admin1_name, "Hama");
}

TEST(Supplement, BadLinesNameFileAndLine) {
  GazetteerBuilder b;
  size_t rows = 0;
  const Status bad_kind = AddSupplement("-\tX\tplanet\tSY\t-\t1\t1\t-\t-\n", "s.tsv", &b, &rows);
  EXPECT_TRUE(bad_kind.IsInvalidInput());
  EXPECT_NE(bad_kind.message().find("s.tsv:1"), std::string_view::npos);
  EXPECT_TRUE(AddSupplement("\n-\tX\tcity\tSY\t-\t91\t1\t-\t-\n", "s.tsv", &b, &rows)
                  .message()
                  .find("s.tsv:2") != std::string_view::npos);
  EXPECT_TRUE(AddSupplement("-\tX\tcity\n", "s.tsv", &b, &rows).IsInvalidInput());
}

TEST(PlaceResolver, SpellingVariantsResolveToOnePlace) {
  EXPECT_EQ(Places("Shelling hit Dar'a and Deraa in Syria."),
            (Strings{"Dar'a=Dar'a/SY/city", "Deraa=Dar'a/SY/city", "Syria=Syria/SY/country"}));
  EXPECT_EQ(Places("Fighters entered Tell Rifaat in Syria."),
            (Strings{"Tell Rifaat=Tall Rif`at/SY/town", "Syria=Syria/SY/country"}));
  // A vowel variant only within the countries the text is about.
  EXPECT_EQ(Places("Rebels took the town of Morik in Syria."),
            (Strings{"Morik=Mūrak/SY/town", "Syria=Syria/SY/country"}));
  EXPECT_EQ(Places("Rebels took the town of Morik yesterday."), Strings{});
  EXPECT_EQ(Places("Rebels took Morik in Syria."), Strings{"Syria=Syria/SY/country"});
}

TEST(PlaceResolver, ProvinceSuffixAndHierarchy) {
  EXPECT_EQ(Places("Strikes hit Tafas in Daraa province in Syria."),
            (Strings{"Tafas=Ţafas/SY/town", "Daraa=Daraa/SY/admin1", "Syria=Syria/SY/country"}));
  // Without the province, the city of the same name.
  EXPECT_EQ(Places("Troops raided Daraa."), (Strings{"Daraa=Dar'a/SY/city"}));
}

TEST(PlaceResolver, TripoliByContext) {
  // Fallback: the capital with the larger population.
  EXPECT_EQ(Places("Clashes broke out in Tripoli."), (Strings{"Tripoli=Tripoli/LY/city"}));
  EXPECT_EQ(Places("Refugees fled across Lebanon.\nClashes broke out in Tripoli."),
            (Strings{"Lebanon=Lebanon/LB/country", "Tripoli=Tripoli/LB/city"}));
  EXPECT_EQ(Places("Militias fought in Libya.\nClashes broke out in Tripoli."),
            (Strings{"Libya=Libya/LY/country", "Tripoli=Tripoli/LY/city"}));
}

TEST(PlaceResolver, GeorgiaStateOrCountry) {
  EXPECT_EQ(Places("Protests spread across Georgia."), (Strings{"Georgia=Georgia/GE/country"}));
  EXPECT_EQ(Places("Storms hit Atlanta.\nPower failed across Georgia."),
            (Strings{"Atlanta=Atlanta/US/city", "Georgia=Georgia/US/admin1"}));
}

TEST(PlaceResolver, PersonAndActorAreNotPlaces) {
  // The actor matcher coded "Jordan" and "Washington": a place only after a preposition.
  EXPECT_EQ(Places("Jordan said it would close the border.", {"Jordan"}), Strings{});
  EXPECT_EQ(Places("Refugees arrived in Jordan.", {"Jordan"}),
            (Strings{"Jordan=Jordan/JO/country"}));
  EXPECT_EQ(Places("Washington said the talks failed.", {"Washington"}), Strings{});
  EXPECT_EQ(Places("Protesters gathered in Washington.", {"Washington"}),
            (Strings{"Washington=Washington/US/city"}));
  // A first name before a surname is part of a person's name.
  EXPECT_EQ(Places("President Vladimir Putin spoke."), Strings{});
  EXPECT_EQ(Places("Russia helped mediate.", {"Russia"}), Strings{});
  // "Syrian" is an adjective, never a place.
  EXPECT_EQ(Places("Syrian troops advanced."), Strings{});
}

TEST(PlaceResolver, CountryPossessivesAndHyphens) {
  EXPECT_EQ(Places("Syria's humanitarian crisis deepened.", {"Syria"}),
            (Strings{"Syria=Syria/SY/country"}));
  EXPECT_EQ(Places("It will increase Syria's determination.", {"Syria"}), Strings{});
  EXPECT_EQ(Places("A US-based monitor and US-backed forces."),
            (Strings{"US=United States/US/country"}));
}

TEST(PlaceResolver, DemonymPicksTheCountry) {
  EXPECT_EQ(Places("Talks were held in the Russian city of Sochi."),
            (Strings{"Sochi=Sochi/RU/city"}));
}

TEST(PlaceResolver, EventLocationFallsBackFromClauseToSentenceToDocument) {
  Document doc = MakeDoc(
      "Syria's crisis deepened.\n"
      "Warplanes struck positions near Daraa.\n"
      "Hama residents protested.\n"
      "Officials met.\n"
      "Rebels captured the town of Tafas.");
  auto add_event = [&doc](uint32_t sentence, std::string_view trigger) {
    Event e;
    e.sentence = sentence;
    e.code = "190";
    const size_t at = doc.text.find(trigger);
    e.trigger = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + trigger.size())};
    doc.events.push_back(e);
  };
  add_event(1, "struck");
  add_event(2, "protested");
  add_event(3, "met");
  add_event(4, "captured");
  ASSERT_TRUE(MakePlaceResolver(SharedGazetteer())->Annotate(doc).ok());
  ASSERT_TRUE(doc.events[0].location.has_value());
  EXPECT_EQ(doc.events[0].location->name, "Dar'a");
  EXPECT_EQ(doc.events[0].location->basis.rfind("clause: 'Daraa'", 0), 0U)
      << doc.events[0].location->basis;
  ASSERT_TRUE(doc.events[1].location.has_value());
  EXPECT_EQ(doc.events[1].location->name, "Hama");
  EXPECT_EQ(doc.events[1].location->basis.rfind("sentence:", 0), 0U);
  ASSERT_TRUE(doc.events[2].location.has_value());
  EXPECT_EQ(doc.events[2].location->name, "Syria");
  EXPECT_EQ(doc.events[2].location->geonames_id, 163843);
  EXPECT_EQ(doc.events[2].location->basis.rfind("document:", 0), 0U);
  EXPECT_TRUE(doc.events[2].location->mention.empty());
  // The verb's object is the clause's place.
  ASSERT_TRUE(doc.events[3].location.has_value());
  EXPECT_EQ(doc.events[3].location->name, "Ţafas");
  EXPECT_EQ(doc.events[3].location->basis.rfind("clause: 'Tafas'", 0), 0U);
}

}  // namespace
}  // namespace casus
