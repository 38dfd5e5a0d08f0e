// The "places.resolve" stage: toponym recognition over capitalised tokens, metonymy (a country
// or capital standing for its government), resolution against the gazetteer, and event
// locations. See places.h for the contract.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "places/places.h"
#include "places/places_internal.h"

namespace casus {
namespace {

constexpr uint32_t kNoEntry = UINT32_MAX;

bool OneOf(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Prepositions after which a country or city name is a location, not an actor.
bool IsLocativePreposition(std::string_view w) {
  return OneOf(w, {"in",      "inside", "into",   "across", "throughout", "within", "near",
                   "outside", "at",     "from",   "toward", "towards",    "around", "amid",
                   "through", "via",    "across", "over",   "entered",    "reached"});
}

// Prepositions that attach a place to an event's clause.
bool IsEventPreposition(std::string_view w) {
  return OneOf(w, {"in", "near", "at", "outside", "inside", "into", "across", "around", "on",
                   "toward", "towards", "throughout", "within"});
}

bool IsDirection(std::string_view w) {
  return OneOf(
      w, {"north",        "south",         "east",          "west",          "northern",
          "southern",     "eastern",       "western",       "northeast",     "northwest",
          "southeast",    "southwest",     "northeastern",  "northwestern",  "southeastern",
          "southwestern", "north-east",    "north-west",    "south-east",    "south-west",
          "central",      "north-eastern", "north-western", "south-eastern", "south-western"});
}

// Nouns after "X's" that make X the place where something is, not an actor ("Syria's
// humanitarian crisis", "Syria's northwestern Idlib province").
bool IsPlaceOwnedNoun(std::string_view w) {
  return IsDirection(w) ||
         OneOf(w, {"crisis",     "conflict", "war",         "civil",       "humanitarian",
                   "escalating", "ongoing",  "rebel-held",  "regime-held", "opposition-held",
                   "border",     "borders",  "territory",   "territories", "cities",
                   "city",       "capital",  "province",    "provinces",   "region",
                   "regions",    "coast",    "countryside", "north",       "south",
                   "east",       "west",     "villages",    "towns",       "airspace",
                   "soil",       "interior"});
}

// Lower-case nouns that may end a place name ("Al-Kazia roundabout", "M5 highway").
bool IsFeatureNoun(std::string_view w) {
  return OneOf(w,
               {"roundabout", "highway", "motorway", "river",  "airport",   "airbase", "square",
                "district",   "camp",    "crossing", "bridge", "dam",       "road",    "street",
                "valley",     "desert",  "sea",      "lake",   "mountains", "island",  "islands"});
}

bool IsAdminNoun(std::string_view w) {
  return OneOf(w, {"province", "governorate", "state", "region", "oblast", "county", "prefecture",
                   "provinces"});
}

bool IsSettlementNoun(std::string_view w) {
  return OneOf(w, {"city", "town", "village", "capital", "settlement", "hub"});
}

// Capitalised words that are never place names in news prose.
bool IsStopWord(std::string_view norm) {
  return OneOf(norm, {"the",        "a",          "an",
                      "he",         "she",        "it",
                      "we",         "they",       "i",
                      "you",        "this",       "that",
                      "these",      "those",      "but",
                      "and",        "or",         "however",
                      "also",       "in",         "on",
                      "at",         "of",         "for",
                      "with",       "by",         "as",
                      "after",      "before",     "during",
                      "since",      "while",      "if",
                      "when",       "monday",     "tuesday",
                      "wednesday",  "thursday",   "friday",
                      "saturday",   "sunday",     "january",
                      "february",   "march",      "april",
                      "may",        "june",       "july",
                      "august",     "september",  "october",
                      "november",   "december",   "president",
                      "minister",   "secretary",  "general",
                      "mr",         "mr.",        "mrs",
                      "ms",         "dr",         "dr.",
                      "cmdr",       "cmdr.",      "gen.",
                      "state",      "department", "spokesperson",
                      "spokesman",  "official",   "officials",
                      "council",    "security",   "united",
                      "nations",    "islamic",    "democratic",
                      "forces",     "army",       "regime",
                      "government", "ministry",   "news",
                      "agency",     "world",      "contact",
                      "published",  "subscribe",  "read",
                      "more",       "west",       "east",
                      "north",      "south",      "middle"});
}

bool Capitalized(const Document& doc, uint32_t i) {
  return (doc.tokens.flags[i] & (kTokenCapitalized | kTokenAllCaps)) != 0;
}

bool IsNameConnector(std::string_view norm) {
  return OneOf(norm, {"of", "al", "el", "de", "ez", "es", "ad", "ar", "as", "ash", "az", "and"});
}

// One recognised toponym and what the text around it says.
struct Mention {
  TokenSpan tokens;
  ByteSpan bytes;
  uint32_t sentence = 0;
  std::vector<uint32_t> entries;
  bool skeleton = false;            // matched only through the transliteration skeleton
  bool locative = false;            // after in/near/at/outside/…
  bool admin_suffix = false;        // "X province"
  bool settlement = false;          // "the city of X", "X city"
  bool direction = false;           // "southwestern X"
  bool dateline = false;            // "WASHINGTON DC - …" at a paragraph start
  bool capital_apposition = false;  // "the capital, X"
  std::string_view hyphen_suffix;   // "based" in "UK-based"
  std::string_view cue;             // the preposition or noun that gave a cue
  std::string demonym_country;      // "the Russian city of X" → RU
  bool hierarchy = false;           // its admin1 or country is named beside it
  bool initial = false;             // one word at the start of a sentence ("Police said")
  uint32_t chosen = kNoEntry;
  double score = 0.0;
  std::string basis;
};

class PlaceResolver final : public Stage {
 public:
  explicit PlaceResolver(std::shared_ptr<const Gazetteer> gazetteer)
      : gazetteer_(std::move(gazetteer)) {}

  [[nodiscard]] std::string_view Name() const override { return "places.resolve"; }
  [[nodiscard]] LayerSet Requires() const override {
    return kLayerSentences | kLayerTokens | kLayerActors | kLayerEvents;
  }
  [[nodiscard]] LayerSet Assigns() const override { return kLayerPlaces; }

  Status Annotate(Document& doc) const override {
    doc.places.clear();
    Scratch scratch;
    std::vector<Mention> mentions;
    std::vector<std::string> demonym_countries;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      if (doc.sentences[s].role != SentenceRole::kFurniture) {  // "Contact Us", bylines
        Recognize(doc, s, &scratch, &mentions, &demonym_countries);
      }
    }
    const std::string focus = FocusCountry(mentions, demonym_countries);
    std::vector<std::string> doc_countries = DocumentCountries(mentions);
    const std::vector<uint32_t> person_names = PersonNames(doc, mentions);
    for (Mention& m : mentions) {
      Resolve(doc, focus, doc_countries, mentions, &scratch, &m);
    }
    for (Mention& m : mentions) {
      if (m.chosen == kNoEntry || !Accept(doc, focus, doc_countries, person_names, m) ||
          Metonymic(doc, m)) {
        continue;
      }
      doc.places.push_back(MakePlace(m.chosen, m.basis));
      Place& p = doc.places.back();
      p.mention = m.bytes;
      p.tokens = m.tokens;
      p.sentence = m.sentence;
    }
    LocateEvents(doc, focus, mentions);
    return Status::OK();
  }

 private:
  struct Scratch {
    std::string text;
    std::string folded;
    std::string fold_scratch;
    std::vector<uint32_t> found;
  };

  // Looks up the n-gram of tokens [b, e) (bytes of the text between them included).
  bool Lookup(const Document& doc, uint32_t b, uint32_t e, PlaceKey kind, Scratch* sc,
              std::string_view prefix = {}) const {
    const std::string_view text = std::string_view(doc.text).substr(
        doc.tokens.begin[b], doc.tokens.end[e - 1] - doc.tokens.begin[b]);
    sc->text.assign(prefix);
    sc->text.append(text);
    FoldPlaceNameInto(sc->text, &sc->fold_scratch, &sc->folded);
    sc->found.clear();
    if (kind == PlaceKey::kSkeleton) {
      const std::string skeleton = PlaceSkeleton(sc->folded);
      if (skeleton.size() < 3) {
        return false;
      }
      gazetteer_->Find(PlaceKey::kSkeleton, skeleton, &sc->found);
    } else {
      gazetteer_->Find(kind, sc->folded, &sc->found);
    }
    return !sc->found.empty();
  }

  void Recognize(const Document& doc, uint32_t s, Scratch* sc, std::vector<Mention>* out,
                 std::vector<std::string>* demonym_countries) const {
    const TokenSpan span = doc.sentences[s].tokens;
    const uint32_t max_words = std::min<uint32_t>(gazetteer_->max_name_words(), 6);
    uint32_t i = span.begin;
    while (i < span.end) {
      const std::string_view norm = doc.Norm(i);
      // "northern Syria", "northeast Syria": a region named with its direction.
      if (!Capitalized(doc, i) && IsDirection(norm) && i + 1 < span.end &&
          Capitalized(doc, i + 1)) {
        bool matched = false;
        for (uint32_t e = std::min(span.end, i + 1 + max_words); e > i + 1 && !matched; --e) {
          if (Lookup(doc, i, e, PlaceKey::kName, sc)) {
            out->push_back(MakeMention(doc, s, i, e, sc->found, false));
            i = e;
            matched = true;
          }
        }
        if (matched) {
          continue;
        }
      }
      if (!Capitalized(doc, i) || IsStopWord(norm)) {
        ++i;
        continue;
      }
      if (IsDemonym(doc, i, sc)) {
        demonym_countries->emplace_back(gazetteer_->Entry(sc->found.front()).country);
        ++i;
        continue;
      }
      // The longest run of name-like tokens starting here.
      uint32_t run = i + 1;
      while (run < span.end && run - i < max_words &&
             (Capitalized(doc, run) || (IsNameConnector(doc.Norm(run)) && run + 1 < span.end &&
                                        Capitalized(doc, run + 1)))) {
        ++run;
      }
      if (run < span.end && IsFeatureNoun(doc.Norm(run))) {
        ++run;
      }
      bool matched = false;
      // Loose spellings are tried only where the words around name a place (Accept() would
      // drop them otherwise), which keeps the lookups per capitalised word low.
      const bool skeleton_ok = PlaceCueAround(doc, span, i, run);
      // Names of several words are looked up only when some name starts with this word.
      if (run > i + 1) {
        const std::string_view text = std::string_view(doc.text).substr(
            doc.tokens.begin[i], doc.tokens.end[run - 1] - doc.tokens.begin[i]);
        FoldPlaceNameInto(text, &sc->fold_scratch, &sc->folded);
        const std::string_view first = std::string_view(sc->folded).substr(0, sc->folded.find(' '));
        sc->found.clear();
        gazetteer_->Find(PlaceKey::kFirstWord, first, &sc->found);
        if (sc->found.empty() && !skeleton_ok) {
          run = i + 1;
          if (IsFeatureNoun(doc.Norm(std::min(run, span.end - 1)))) {
            run = std::min(run + 1, span.end);
          }
        }
      }
      for (PlaceKey kind : {PlaceKey::kName, PlaceKey::kSkeleton}) {
        if (kind == PlaceKey::kSkeleton && !skeleton_ok) {
          break;
        }
        for (uint32_t e = run; e > i && !matched; --e) {
          if (kind == PlaceKey::kSkeleton && e - i == 1 && doc.Norm(i).size() < 5) {
            continue;
          }
          if (Lookup(doc, i, e, kind, sc)) {
            out->push_back(MakeMention(doc, s, i, e, sc->found, kind == PlaceKey::kSkeleton));
            i = e;
            matched = true;
          }
        }
        if (matched) {
          break;
        }
      }
      if (matched) {
        continue;
      }
      // "UK-based", "US-backed": the name before the hyphen.
      const std::string_view token = doc.TokenText(i);
      if (const size_t dash = token.find('-'); dash != std::string_view::npos && dash > 0) {
        sc->text.assign(token.substr(0, dash));
        FoldPlaceNameInto(sc->text, &sc->fold_scratch, &sc->folded);
        sc->found.clear();
        gazetteer_->Find(PlaceKey::kName, sc->folded, &sc->found);
        if (!sc->found.empty()) {
          Mention m = MakeMention(doc, s, i, i + 1, sc->found, false);
          m.bytes.end = m.bytes.begin + static_cast<uint32_t>(dash);
          m.hyphen_suffix = token.substr(dash + 1);
          out->push_back(std::move(m));
        }
      }
      ++i;
    }
  }

  // A preposition, "the town of" or "province" around tokens [b, e).
  static bool PlaceCueAround(const Document& doc, TokenSpan span, uint32_t b, uint32_t e) {
    uint32_t p = b;
    while (p > span.begin &&
           (OneOf(doc.Norm(p - 1), {"the", "a"}) || IsDirection(doc.Norm(p - 1)))) {
      --p;
    }
    if (p > span.begin) {
      const std::string_view w = doc.Norm(p - 1);
      if (IsLocativePreposition(w) || IsDirection(w) ||
          (w == "of" && p - 1 > span.begin && IsSettlementNoun(doc.Norm(p - 2)))) {
        return true;
      }
    }
    if (p < b) {
      return true;  // a direction word
    }
    for (uint32_t t = b + 1; t <= e && t < span.end; ++t) {
      if (IsAdminNoun(doc.Norm(t)) || IsSettlementNoun(doc.Norm(t))) {
        return true;
      }
    }
    return false;
  }

  // "Syrian", "Russian": a nationality adjective, never a place.
  bool IsDemonym(const Document& doc, uint32_t i, Scratch* sc) const {
    // Nationality adjectives end like these (Syrian, Turkish, Chinese, Iraqi, Swiss, Dutch,
    // Thai); other words skip the lookup.
    const std::string_view norm = doc.Norm(i);
    bool shaped = false;
    for (std::string_view ending : {"an", "sh", "se", "i", "ss", "ch", "ic"}) {
      if (norm.size() > ending.size() && norm.substr(norm.size() - ending.size()) == ending) {
        shaped = true;
        break;
      }
    }
    if (!shaped) {
      return false;
    }
    FoldPlaceNameInto(doc.TokenText(i), &sc->fold_scratch, &sc->folded);
    std::vector<uint32_t>& found = sc->found;
    found.clear();
    gazetteer_->Find(PlaceKey::kDemonym, sc->folded, &found);
    if (found.empty()) {
      return false;
    }
    // A nationality list may hold the country's own name ("Scotland" under the UK, "Jordan"
    // variants): a word that is also a place name stays a name.
    std::vector<uint32_t> names;
    gazetteer_->Find(PlaceKey::kName, sc->folded, &names);
    if (!names.empty()) {
      return false;
    }
    for (uint32_t e : found) {
      if (FoldPlaceName(gazetteer_->Entry(e).name) == sc->folded) {
        return false;
      }
    }
    return true;
  }

  Mention MakeMention(const Document& doc, uint32_t s, uint32_t b, uint32_t e,
                      const std::vector<uint32_t>& found, bool skeleton) const {
    Mention m;
    m.tokens = {b, e};
    m.bytes = doc.TokenBytes(m.tokens);
    m.sentence = s;
    m.entries = found;
    std::sort(m.entries.begin(), m.entries.end());
    m.entries.erase(std::unique(m.entries.begin(), m.entries.end()), m.entries.end());
    m.skeleton = skeleton;
    const TokenSpan span = doc.sentences[s].tokens;
    m.initial = b == span.begin && e == b + 1;
    // Cues before: the preposition (skipping articles and direction words), "the city of".
    uint32_t p = b;
    while (p > span.begin) {
      const std::string_view w = doc.Norm(p - 1);
      if (OneOf(w, {"the", "a"})) {
        --p;
        continue;
      }
      if (IsDirection(w)) {
        m.direction = true;
        --p;
        continue;
      }
      break;
    }
    if (p > span.begin) {
      const std::string_view w = doc.Norm(p - 1);
      if (IsLocativePreposition(w)) {
        m.locative = true;
        m.cue = w;
      } else if (w == "of" && p - 1 > span.begin && IsSettlementNoun(doc.Norm(p - 2))) {
        m.settlement = true;
        m.cue = doc.Norm(p - 2);
        // "the Russian city of Sochi"
        if (p - 2 > span.begin) {
          std::vector<uint32_t> found_demonym;
          std::string scratch;
          std::string folded;
          FoldPlaceNameInto(doc.TokenText(p - 3), &scratch, &folded);
          gazetteer_->Find(PlaceKey::kDemonym, folded, &found_demonym);
          if (!found_demonym.empty()) {
            m.demonym_country = std::string(gazetteer_->Entry(found_demonym.front()).country);
          }
        }
        if (p - 2 > span.begin && IsLocativePreposition(doc.Norm(p - 3))) {
          m.locative = true;
        }
      } else if (w == "," && p - 1 > span.begin && doc.Norm(p - 2) == "capital") {
        m.capital_apposition = true;
      }
    }
    // Cues after: "province", "city", the dateline dash.
    if (e < span.end) {
      const std::string_view w = doc.Norm(e);
      if (IsAdminNoun(w)) {
        m.admin_suffix = true;
        m.cue = w;
      } else if (IsSettlementNoun(w)) {
        m.settlement = true;
        m.cue = w;
      }
    }
    if (e < span.end && (doc.Norm(e) == "-" || doc.Norm(e) == "--") && b == span.begin) {
      m.dateline = true;
    }
    return m;
  }

  // The country most mentioned: by name, by adjective ("Syrian"), by places that can only be
  // in it, or whose population there dwarfs every other reading (Hama, Daraa).
  std::string FocusCountry(const std::vector<Mention>& mentions,
                           const std::vector<std::string>& demonym_countries) const {
    std::vector<std::pair<std::string, int>> counts;
    auto vote = [&counts](std::string_view country) {
      auto it = std::find_if(counts.begin(), counts.end(),
                             [&](const auto& c) { return c.first == country; });
      if (it == counts.end()) {
        counts.emplace_back(std::string(country), 1);
      } else {
        ++it->second;
      }
    };
    for (const std::string& country : demonym_countries) {
      vote(country);
    }
    std::vector<std::pair<std::string_view, uint64_t>> by_country;
    for (const Mention& m : mentions) {
      if (m.skeleton || m.entries.empty()) {
        continue;
      }
      // A capitalised first word is weak evidence: most are not names at all.
      const bool weak = m.initial && !m.locative && !m.admin_suffix && !m.settlement;
      by_country.clear();
      std::string_view named_country;
      for (uint32_t e : m.entries) {
        const GazetteerEntry entry = gazetteer_->Entry(e);
        if (entry.kind == PlaceKind::kCountry) {
          named_country = entry.country;
          break;
        }
        auto it = std::find_if(by_country.begin(), by_country.end(),
                               [&](const auto& c) { return c.first == entry.country; });
        if (it == by_country.end()) {
          by_country.emplace_back(entry.country, entry.population + 1);
        } else {
          it->second += entry.population + 1;
        }
      }
      if (!named_country.empty()) {
        vote(named_country);
        continue;
      }
      if (weak) {
        continue;
      }
      std::sort(by_country.begin(), by_country.end(),
                [](const auto& a, const auto& b) { return a.second > b.second; });
      if (by_country.size() == 1 || by_country[0].second >= 10 * by_country[1].second) {
        vote(by_country[0].first);
      }
    }
    std::string best;
    int best_count = 0;
    for (const auto& [country, count] : counts) {
      if (count > best_count) {
        best = country;
        best_count = count;
      }
    }
    return best;
  }

  // Norms of capitalised words that follow another capitalised word outside any place name
  // ("Matthew Miller", "Donald Trump"): surnames, which later stand alone.
  std::vector<uint32_t> PersonNames(const Document& doc,
                                    const std::vector<Mention>& mentions) const {
    std::vector<uint32_t> names;
    auto in_place = [&mentions](uint32_t t) {
      for (const Mention& m : mentions) {
        if (t >= m.tokens.begin && t < m.tokens.end && m.tokens.size() > 1) {
          return true;
        }
      }
      return false;
    };
    for (const Sentence& s : doc.sentences) {
      for (uint32_t t = s.tokens.begin + 1; t < s.tokens.end; ++t) {
        if (Capitalized(doc, t) && Capitalized(doc, t - 1) &&
            (doc.tokens.flags[t] & kTokenAllCaps) == 0 && !IsStopWord(doc.Norm(t - 1)) &&
            !IsStopWord(doc.Norm(t)) && !in_place(t) &&
            (t + 1 >= s.tokens.end || !Capitalized(doc, t + 1))) {
          names.push_back(doc.tokens.norm[t]);
        }
      }
    }
    return names;
  }

  // Countries named outright in the document.
  std::vector<std::string> DocumentCountries(const std::vector<Mention>& mentions) const {
    std::vector<std::string> countries;
    for (const Mention& m : mentions) {
      for (uint32_t e : m.entries) {
        const GazetteerEntry entry = gazetteer_->Entry(e);
        if (entry.kind == PlaceKind::kCountry && !m.skeleton &&
            std::find(countries.begin(), countries.end(), entry.country) == countries.end()) {
          countries.emplace_back(entry.country);
        }
      }
    }
    return countries;
  }

  void Resolve(const Document& doc, const std::string& focus,
               const std::vector<std::string>& doc_countries, const std::vector<Mention>& all,
               Scratch* sc, Mention* m) const {
    FoldPlaceNameInto(doc.Slice(m->bytes), &sc->fold_scratch, &sc->folded);
    const std::string folded_mention = sc->folded;
    // The admin1 areas and countries named within a few words of the mention, once.
    struct Neighbor {
      PlaceKind kind;
      std::string_view country;
      std::string_view name;
      bool after;
    };
    std::vector<Neighbor> neighbors;
    for (const Mention& other : all) {
      if (&other == m || other.sentence != m->sentence) {
        continue;
      }
      const uint32_t lo = std::min(other.tokens.begin, m->tokens.begin);
      const uint32_t hi = std::max(other.tokens.begin, m->tokens.begin);
      if (hi - lo > 8) {
        continue;
      }
      for (uint32_t oe : other.entries) {
        const GazetteerEntry o = gazetteer_->Entry(oe);
        if (o.kind == PlaceKind::kAdmin1 || o.kind == PlaceKind::kCountry) {
          neighbors.push_back({o.kind, o.country, o.name, other.tokens.begin > m->tokens.begin});
        }
      }
    }
    std::vector<uint32_t> hierarchy_entries;
    // Scores entry `e`; explains the score in `*basis` when asked (only for the winner).
    auto score_of = [&](uint32_t e, std::string* basis, bool* skip) -> double {
      *skip = false;
      const GazetteerEntry g = gazetteer_->Entry(e);
      const bool in_doc =
          std::find(doc_countries.begin(), doc_countries.end(), g.country) != doc_countries.end();
      if (m->skeleton && g.country != focus && !in_doc) {
        *skip = true;  // a loose spelling match only within the countries the text is about
        return 0;
      }
      double score = 0;
      std::string scratch_basis;
      std::string& b = basis != nullptr ? *basis : scratch_basis;
      const bool explain = basis != nullptr;
      switch (g.kind) {
        case PlaceKind::kCountry:
          score = 50;
          break;
        case PlaceKind::kAdmin1:
          score = 38;
          break;
        case PlaceKind::kCity:
          score = g.fcode == "PPLC" ? 34 : g.fcode == "PPLA" ? 30 : 24;
          break;
        case PlaceKind::kTown:
          score = 16;
          break;
        case PlaceKind::kVillage:
        case PlaceKind::kNeighborhood:
          score = 10;
          break;
        default:
          score = 22;
          break;
      }
      if (g.kind != PlaceKind::kCountry && g.kind != PlaceKind::kAdmin1) {
        score += 3.0 * std::log10(static_cast<double>(g.population) + 1.0);
      }
      if (explain) {
        b = std::string(PlaceKindName(g.kind));
      }
      if (g.population > 0 && g.kind != PlaceKind::kCountry) {
        if (explain) {
          b += " pop " + std::to_string(g.population);
        }
      }
      FoldPlaceNameInto(g.name, &sc->fold_scratch, &sc->folded);
      if (sc->folded == folded_mention) {
        score += 4;
      }
      if (g.curated) {
        score += 2;
      }
      if (!focus.empty() && g.country == focus) {
        score += 25;
        if (explain) {
          b += "; in the document's focus country " + focus;
        }
      } else if (in_doc) {
        score += 10;
        if (explain) {
          b += "; in a country the document names (" + std::string(g.country) + ")";
        }
      }
      if (m->admin_suffix) {
        if (g.kind == PlaceKind::kAdmin1) {
          score += 60;
          if (explain) {
            b += "; '" + std::string(m->cue) + "' follows";
          }
        } else {
          score -= 30;
        }
      }
      if (m->direction && (g.kind == PlaceKind::kAdmin1 || g.kind == PlaceKind::kRegion)) {
        score += 15;
        if (explain) {
          b += "; a direction word names the region";
        }
      }
      if (m->settlement) {
        if (g.kind == PlaceKind::kCity || g.kind == PlaceKind::kTown ||
            g.kind == PlaceKind::kVillage) {
          score += 20;
          if (explain) {
            b += "; '" + std::string(m->cue) + "' names a settlement";
          }
        } else {
          score -= 40;
        }
      }
      if (!m->demonym_country.empty() && g.country == m->demonym_country) {
        score += 40;
        if (explain) {
          b += "; '" + m->demonym_country + "' by its adjective";
        }
      }
      // The admin hierarchy and countries named beside it ("Tafas in Daraa province",
      // "Da Nang, Vietnam").
      for (const Neighbor& o : neighbors) {
        if (o.kind == PlaceKind::kAdmin1 && g.kind != PlaceKind::kAdmin1 &&
            o.country == g.country && !g.admin1_name.empty() && o.name == g.admin1_name) {
          score += 20;
          if (explain) {
            b += "; in " + std::string(o.name) + " named beside it";
          }
          hierarchy_entries.push_back(e);
          break;
        }
        if (o.kind == PlaceKind::kCountry && g.kind != PlaceKind::kCountry &&
            o.country == g.country && o.after) {
          score += 15;
          if (explain) {
            b += "; " + std::string(o.name) + " named beside it";
          }
          hierarchy_entries.push_back(e);
          break;
        }
      }
      if (m->skeleton) {
        score -= 15;
        if (explain) {
          b += "; spelling variant";
        }
      }
      return score;
    };
    double best = -1e9;
    uint32_t best_entry = kNoEntry;
    for (uint32_t e : m->entries) {
      bool skip = false;
      const double score = score_of(e, nullptr, &skip);
      if (skip) {
        continue;
      }
      if (score > best ||
          (score == best && best_entry != kNoEntry &&
           gazetteer_->Entry(e).population > gazetteer_->Entry(best_entry).population)) {
        best = score;
        best_entry = e;
      }
    }
    m->chosen = best_entry;
    m->score = best;
    m->hierarchy = std::find(hierarchy_entries.begin(), hierarchy_entries.end(), best_entry) !=
                   hierarchy_entries.end();
    if (best_entry != kNoEntry) {
      bool skip = false;
      score_of(best_entry, &m->basis, &skip);
      if (m->entries.size() > 1) {
        m->basis += "; best of " + std::to_string(m->entries.size()) + " candidates";
      }
    }
  }

  // Drops weak matches: a small place far from the document's countries, with no cue.
  bool Accept(const Document& doc, const std::string& focus,
              const std::vector<std::string>& doc_countries,
              const std::vector<uint32_t>& person_names, const Mention& m) const {
    const GazetteerEntry g = gazetteer_->Entry(m.chosen);
    // A single word followed or preceded by another capitalised word is part of a longer name
    // ("Vladimir Putin", "Matthew Miller").
    const TokenSpan span = doc.sentences[m.sentence].tokens;
    const bool cue = m.locative || m.settlement || m.admin_suffix || m.dateline;
    // "the Geneva process", "the US stance": a name modifying a noun is not where anything is.
    if (!cue && m.tokens.begin > span.begin && doc.Norm(m.tokens.begin - 1) == "the" &&
        m.tokens.end < span.end && !Capitalized(doc, m.tokens.end)) {
      const std::string_view next = doc.Norm(m.tokens.end);
      if (!next.empty() && std::isalpha(static_cast<unsigned char>(next[0])) &&
          !IsFeatureNoun(next) && !IsSettlementNoun(next) && !IsAdminNoun(next)) {
        return false;
      }
    }
    if (m.tokens.size() == 1 && m.hyphen_suffix.empty() && !m.dateline) {
      const uint32_t t = m.tokens.begin;
      // A surname met earlier beside a first name ("Matthew Miller", later "Miller said").
      if (!cue && std::find(person_names.begin(), person_names.end(), doc.tokens.norm[t]) !=
                      person_names.end()) {
        return false;
      }
      // "[Vladimir] Putin": brackets inside a name are transparent.
      uint32_t after = t + 1;
      while (after < span.end && doc.Norm(after) == "]") {
        ++after;
      }
      uint32_t before = t;
      while (before > span.begin && doc.Norm(before - 1) == "[") {
        --before;
      }
      if (after < span.end && Capitalized(doc, after) && !IsStopWord(doc.Norm(after)) &&
          !IsAdminNoun(doc.Norm(after)) && !IsSettlementNoun(doc.Norm(after)) &&
          !IsFeatureNoun(doc.Norm(after))) {
        return false;
      }
      if (before > span.begin && Capitalized(doc, before - 1) &&
          !IsStopWord(doc.Norm(before - 1))) {
        return false;
      }
      // Short names written in capitals (US, UK) only match in capitals: "Contact Us".
      const std::string_view text = doc.Slice(m.bytes);
      if (text.size() <= 3 && (doc.tokens.flags[t] & kTokenAllCaps) == 0) {
        return false;
      }
    }
    // A loose spelling match needs a cue that a place is named ("the town of Morik").
    if (m.skeleton && !m.locative && !m.settlement && !m.admin_suffix && !m.direction) {
      return false;
    }
    // Inside a longer actor name that is not itself a place ("US State Department",
    // "US troops", "Islamic State of Iraq and Syria"). A possessive ("Syria's rebel-held …")
    // is left to Metonymic().
    const bool possessive = m.tokens.end < span.end && doc.Norm(m.tokens.end) == "'s";
    for (const ActorMention& a : doc.mentions) {
      if (possessive) {
        break;
      }
      if (a.tokens.begin <= m.tokens.begin && a.tokens.end >= m.tokens.end &&
          a.tokens.size() > m.tokens.size() && m.hyphen_suffix != "based" && !m.locative) {
        // The actor is named after the place, which stays a place: "the residents of Daraa",
        // "the people of the town of Tal Rifaat", "rebel-held Daraa al-Balad region".
        if (m.tokens.begin > a.tokens.begin && doc.Norm(m.tokens.begin - 1) == "of") {
          continue;
        }
        bool extra = false;
        for (uint32_t t = a.tokens.begin; t < a.tokens.end; ++t) {
          if (t >= m.tokens.begin && t < m.tokens.end) {
            continue;
          }
          const std::string_view w = doc.Norm(t);
          const bool owner = t + 1 < m.tokens.begin && doc.Norm(t + 1) == "'s" &&
                             Capitalized(doc, t);  // "Syria's rebel-held Daraa al-Balad"
          if (owner || OneOf(w, {"the", "'s", "a", "-"}) || IsAdminNoun(w) || IsSettlementNoun(w) ||
              IsControlParticiple(w) ||
              (t + 1 < m.tokens.begin && IsControlParticiple(doc.Norm(t + 1))) ||
              (t + 2 < m.tokens.begin && doc.Norm(t + 1) == "-" &&
               IsControlParticiple(doc.Norm(t + 2)))) {
            continue;
          }
          extra = true;
        }
        if (extra) {
          return false;
        }
      }
    }
    if (g.kind == PlaceKind::kCountry || g.kind == PlaceKind::kAdmin1 || g.curated ||
        g.population >= 100000 || g.fcode == "PPLC" || m.locative || m.admin_suffix ||
        m.settlement || m.dateline || m.hierarchy) {
      return true;
    }
    const bool named =
        std::find(doc_countries.begin(), doc_countries.end(), g.country) != doc_countries.end();
    return named || (g.country == focus && !m.initial);
  }

  // "held", "rebel-held", "regime-controlled": who holds a place, not what the place is.
  static bool IsControlParticiple(std::string_view w) {
    for (std::string_view ending : {"held", "controlled", "besieged", "occupied", "run"}) {
      if (w.size() >= ending.size() && w.substr(w.size() - ending.size()) == ending &&
          (w.size() == ending.size() || w[w.size() - ending.size() - 1] == '-')) {
        return true;
      }
    }
    return false;
  }

  // A country or capital that stands for its government or people ("Russia helped", "US
  // troops", "Washington said").
  bool Metonymic(const Document& doc, const Mention& m) const {
    const GazetteerEntry g = gazetteer_->Entry(m.chosen);
    const bool capital = g.fcode == "PPLC";
    if (g.kind != PlaceKind::kCountry && !capital) {
      return false;
    }
    if (!m.hyphen_suffix.empty()) {
      return m.hyphen_suffix != "based";
    }
    if (m.dateline || m.capital_apposition || m.settlement || m.admin_suffix) {
      return false;
    }
    if (m.locative && !(capital && OneOf(m.cue, {"from"}))) {
      return false;
    }
    const TokenSpan span = doc.sentences[m.sentence].tokens;
    if (g.kind == PlaceKind::kCountry) {
      // "for Syria", "Syria's crisis", "Da Nang, Vietnam".
      if (m.tokens.begin > span.begin && doc.Norm(m.tokens.begin - 1) == "for") {
        return false;
      }
      const uint32_t e = m.tokens.end;
      if (e + 1 < span.end && doc.Norm(e) == "'s" && IsPlaceOwnedNoun(doc.Norm(e + 1))) {
        return false;
      }
      if (m.tokens.begin > span.begin + 1 && doc.Norm(m.tokens.begin - 1) == "," &&
          Capitalized(doc, m.tokens.begin - 2)) {
        return false;
      }
    }
    // Without a locative cue, a name the actor matcher coded is an actor.
    for (const ActorMention& a : doc.mentions) {
      if (a.tokens.begin < m.tokens.end && m.tokens.begin < a.tokens.end) {
        return true;
      }
    }
    return false;
  }

  Place MakePlace(uint32_t entry, std::string basis) const {
    const GazetteerEntry g = gazetteer_->Entry(entry);
    Place p;
    p.name = std::string(g.name);
    p.feature = std::string(PlaceKindName(g.kind));
    p.country = std::string(g.country);
    p.admin1 = std::string(g.admin1_name);
    p.has_coords = g.has_coords;
    p.lat = g.lat;
    p.lon = g.lon;
    p.geonames_id = g.geonames_id;
    p.basis = std::move(basis);
    return p;
  }

  // Event locations: the clause's place, else the sentence's, else the document's focus.
  void LocateEvents(Document& doc, const std::string& focus,
                    const std::vector<Mention>& mentions) const {
    int focus_entry = -1;
    int focus_count = 0;
    for (const Mention& m : mentions) {
      for (uint32_t e : m.entries) {
        const GazetteerEntry g = gazetteer_->Entry(e);
        if (g.kind == PlaceKind::kCountry && g.country == focus) {
          focus_entry = static_cast<int>(e);
          ++focus_count;
          break;
        }
      }
    }
    if (focus_entry < 0 && !focus.empty()) {
      std::string code = focus;
      for (char& c : code) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      std::vector<uint32_t> found;
      gazetteer_->Find(PlaceKey::kCountry, code, &found);
      if (!found.empty()) {
        focus_entry = static_cast<int>(found.front());
      }
    }
    for (Event& event : doc.events) {
      const Place* clause = nullptr;
      const Place* sentence = nullptr;
      uint32_t best_distance = UINT32_MAX;
      for (const Place& p : doc.places) {
        if (p.sentence != event.sentence) {
          continue;
        }
        if (sentence == nullptr) {
          sentence = &p;
        }
        const uint32_t b = p.tokens.begin;
        const TokenSpan span = doc.sentences[p.sentence].tokens;
        uint32_t q = b;
        while (q > span.begin &&
               (OneOf(doc.Norm(q - 1), {"the", "a"}) || IsDirection(doc.Norm(q - 1)))) {
          --q;
        }
        // "bombed Tafas", "captured the strategic town of Morik": the verb's object.
        bool object = q > span.begin && doc.tokens.end[q - 1] == event.trigger.end;
        if (!object && q >= span.begin + 2 && doc.Norm(q - 1) == "of" &&
            IsSettlementNoun(doc.Norm(q - 2))) {
          for (uint32_t k = q - 2; k > span.begin && q - k <= 5; --k) {
            if (doc.tokens.end[k - 1] == event.trigger.end) {
              object = true;
              break;
            }
          }
        }
        const bool attached = object || (q > span.begin && IsEventPreposition(doc.Norm(q - 1))) ||
                              (p.tokens.end + 2 < span.end && doc.Norm(p.tokens.end) == "'s" &&
                               doc.Norm(p.tokens.end + 1) == "city" &&
                               OneOf(doc.Norm(p.tokens.end + 2), {"center", "centre"}));
        if (!attached) {
          continue;
        }
        const uint32_t trigger = event.trigger.begin;
        const uint32_t distance = p.mention.begin >= trigger ? p.mention.begin - trigger
                                                             : (trigger - p.mention.begin) * 2;
        if (distance < best_distance) {
          best_distance = distance;
          clause = &p;
        }
      }
      if (clause != nullptr) {
        event.location = *clause;
        event.location->basis =
            "clause: '" + std::string(doc.Slice(clause->mention)) + "'; " + clause->basis;
      } else if (sentence != nullptr) {
        event.location = *sentence;
        event.location->basis =
            "sentence: '" + std::string(doc.Slice(sentence->mention)) + "'; " + sentence->basis;
      } else if (focus_entry >= 0) {
        event.location = MakePlace(
            static_cast<uint32_t>(focus_entry),
            "document: focus country " + focus + " (" + std::to_string(focus_count) + " mentions)");
        event.location->sentence = event.sentence;
      } else {
        event.location.reset();
      }
    }
  }

  std::shared_ptr<const Gazetteer> gazetteer_;
};

}  // namespace

std::unique_ptr<Stage> MakePlaceResolver(std::shared_ptr<const Gazetteer> gazetteer) {
  return std::make_unique<PlaceResolver>(std::move(gazetteer));
}

}  // namespace casus
