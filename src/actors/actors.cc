#include "actors/actors.h"
#include "actors/actors_internal.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/files.h"
#include "core/string_pool.h"
#include "core/strings.h"
#include "core/utf8.h"

namespace casus {

// "a State Department official", "Syria's foreign minister", "regime leader Bashar al-Assad".
bool IsPersonNoun(std::string_view norm) {
  return norm == "official" || norm == "spokesman" || norm == "spokeswoman" ||
         norm == "spokesperson" || norm == "minister" || norm == "president" || norm == "envoy" ||
         norm == "ambassador" || norm == "diplomat" || norm == "leader" || norm == "secretary" ||
         norm == "chancellor" || norm == "premier" || norm == "king" || norm == "queen" ||
         norm == "emir" || norm == "sultan" || norm == "prince" || norm == "commander" ||
         norm == "general" || norm == "chief" || norm == "director" || norm == "representative" ||
         norm == "negotiator" || norm == "mediator" || norm == "governor" || norm == "mayor" ||
         norm == "counterpart" || norm == "adviser" || norm == "advisor" || norm == "analyst" ||
         norm == "researcher" || norm == "lawmaker" || norm == "senator" || norm == "congressman" ||
         norm == "congresswoman";
}

namespace {

bool IsCode(std::string_view code, size_t min, size_t max) {
  if (code.size() < min || code.size() > max) {
    return false;
  }
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool StartsUpper(std::string_view word) {
  size_t pos = 0;
  return !word.empty() && utf8::IsUpper(utf8::Decode(word, &pos));
}

// Splits a phrase into the words the tokenizer would give: on spaces, with "'s" apart.
std::vector<std::string> PhraseWords(std::string_view phrase) {
  std::vector<std::string> words;
  std::string current;
  for (char c : phrase) {
    if (c == ' ' || c == '\t') {
      if (!current.empty()) {
        words.push_back(std::move(current));
        current.clear();
      }
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) {
    words.push_back(std::move(current));
  }
  return words;
}

// Suffixes of hyphenated modifiers. "Turkish-led" names the one who leads; "Iran-backed"
// names a sponsor, not the actor itself.
bool IsSponsorSuffix(std::string_view suffix) {
  return suffix == "backed" || suffix == "supported" || suffix == "sponsored" ||
         suffix == "funded" || suffix == "aligned" || suffix == "allied" ||
         suffix == "affiliated" || suffix == "linked" || suffix == "based" || suffix == "born" ||
         suffix == "made" || suffix == "trained" || suffix == "armed" || suffix == "brokered" ||
         suffix == "mediated" || suffix == "friendly" || suffix == "hostile" || suffix == "bound";
}

bool IsLeaderSuffix(std::string_view suffix) {
  return suffix == "led" || suffix == "controlled" || suffix == "held" || suffix == "run" ||
         suffix == "dominated" || suffix == "commanded" || suffix == "operated";
}

// Agent nouns that only qualify an actor ("a State Department official") and name no one
// on their own.
bool IsWeakAgentWord(std::string_view norm) {
  return norm == "official" || norm == "officials" || norm == "spokesman" ||
         norm == "spokeswoman" || norm == "spokesperson" || norm == "spokespeople" ||
         norm == "leader" || norm == "leaders" || norm == "source" || norm == "sources" ||
         norm == "delegation" || norm == "envoy" || norm == "representative" ||
         norm == "representatives" || norm == "minister" || norm == "ministry" ||
         norm == "spokespersons" || norm == "diplomat" || norm == "diplomats" || norm == "people";
}

// Words that make a capitalized name an organization's rather than a person's.
bool IsOrganizationWord(std::string_view norm) {
  return norm == "council" || norm == "department" || norm == "ministry" || norm == "forces" ||
         norm == "army" || norm == "party" || norm == "front" || norm == "organization" ||
         norm == "organisation" || norm == "union" || norm == "institute" || norm == "agency" ||
         norm == "committee" || norm == "office" || norm == "house" || norm == "government" ||
         norm == "administration" || norm == "nations" || norm == "states" || norm == "brigade" ||
         norm == "brigades" || norm == "movement" || norm == "group" || norm == "observatory" ||
         norm == "network" || norm == "center" || norm == "centre" || norm == "foundation" ||
         norm == "court" || norm == "bank" || norm == "company" || norm == "corporation" ||
         norm == "league" || norm == "alliance" || norm == "coalition" || norm == "commission" ||
         norm == "assembly" || norm == "parliament" || norm == "congress" || norm == "pentagon" ||
         norm == "kremlin" || norm == "of" || norm == "news" || norm == "times" || norm == "post" ||
         norm == "press" || norm == "division" || norm == "guard" || norm == "units" ||
         norm == "watch" || norm == "international" || norm == "program" || norm == "programme" ||
         norm == "service" || norm == "services" || norm == "administration";
}

// Third-person singular pronouns that stand for a person mentioned before.
bool IsPersonPronoun(std::string_view norm) {
  return norm == "he" || norm == "she" || norm == "him";
}

bool IsPossessive(std::string_view norm) { return norm == "'s" || norm == "'"; }

// Words that may stand between an actor and its agent without changing who it is.
bool IsQualifier(std::string_view norm) {
  return norm == "former" || norm == "new" || norm == "top" || norm == "senior" ||
         norm == "first" || norm == "chief" || norm == "acting" || norm == "interim" ||
         norm == "current" || norm == "outgoing" || norm == "incoming" || norm == "then" ||
         norm == "veteran" || norm == "longtime";
}

// A matched stretch before composition.
struct Match {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t entry = 0;
  bool modifier_only = false;  // from a hyphenated "X-led" form
};

struct Composed {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string code;  // complete, or the agent alone when `bare`
  std::string entry;
  bool bare = false;  // an agent with no actor before it
  bool weak = false;  // a bare weak agent: dropped
};

// Codes whose first three letters name no country: the whole code is the body ("IGOUNO",
// "NGOHRW", "IMGMUSALQ"), and cutting it to "IGO" would lose who it is.
bool IsTransnational(std::string_view code) {
  return code.starts_with("IGO") || code.starts_with("NGO") || code.starts_with("IMG") ||
         code.starts_with("NGM") || code.starts_with("MNC");
}

std::string ComposeCode(std::string_view actor, std::string_view agent) {
  // The country part of an actor code (a transnational body whole), then the agent.
  std::string base(IsTransnational(actor) ? actor : actor.substr(0, 3));
  return base + std::string(agent);
}

class ActorMatcher final : public Stage {
 public:
  explicit ActorMatcher(std::shared_ptr<const ActorDictionary> dictionary)
      : dictionary_(std::move(dictionary)) {}

  [[nodiscard]] std::string_view Name() const override { return "actors.match"; }
  [[nodiscard]] LayerSet Requires() const override { return kLayerSentences | kLayerTokens; }
  [[nodiscard]] LayerSet Assigns() const override { return kLayerActors; }

  Status Annotate(Document& doc) const override {
    const ActorDictionary::Impl& dict = dictionary_->impl();
    doc.mentions.clear();
    // Map the document's norm ids to dictionary word ids once.
    std::vector<int64_t> word_of(doc.strings.size(), -1);
    for (uint32_t id = 1; id < doc.strings.size(); ++id) {
      if (dict.filter.MayContain(doc.strings.Hash(id))) {
        word_of[id] = dict.Find(doc.strings.Get(id));
      }
    }
    std::vector<Match> matches;
    std::vector<std::string> place_votes;                 // country codes of the places named
    std::vector<bool> matched(doc.tokens.size(), false);  // covered by any dictionary phrase
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const TokenSpan span = doc.sentences[s].tokens;
      matches.clear();
      FindMatches(doc, dict, word_of, span, &matches);
      for (const Match& m : matches) {
        std::fill(matched.begin() + m.begin, matched.begin() + m.end, true);
      }
      DiscardScope scope = DiscardScope::kPhrase;
      for (const Match& m : matches) {
        scope = std::max(scope, dict.entries[m.entry].discard_scope);
      }
      if (scope == DiscardScope::kDocument) {
        doc.mentions.clear();  // a PETRARCH story discard: nothing in the document is coded
        return Status::OK();
      }
      if (scope == DiscardScope::kSentence) {
        continue;  // a PETRARCH sentence discard: no actor, so no event, in this sentence
      }
      Compose(doc, dict, matches, s, &place_votes);
    }
    ShareAgentsAcrossConjunctions(doc);
    const std::string focus = ResolveBareAgents(doc, place_votes);
    ResolveArmedOpposition(doc, focus);
    ExpandWarringSides(doc, focus);
    ExtendHeldPlaces(doc);
    InferNamedPersons(doc, &matched);
    ResolveSurnames(doc);
    ResolvePersonReferences(doc);
    ResolveGroupReferences(doc);
    ResolveQuoteSpeakers(doc);
    return Status::OK();
  }

 private:
  [[nodiscard]] bool EntryValid(const ActorEntry& e, const Date& date) const {
    if (!date.valid()) {
      return true;
    }
    const int64_t day = date.DaysSinceEpoch();
    if (e.from.valid() && day < e.from.DaysSinceEpoch()) {
      return false;
    }
    if (e.to.valid() && e.to.DaysSinceEpoch() < day) {
      return false;
    }
    return true;
  }

  void FindMatches(const Document& doc, const ActorDictionary::Impl& dict,
                   const std::vector<int64_t>& word_of, TokenSpan span,
                   std::vector<Match>* matches) const {
    const TokenColumns& tokens = doc.tokens;
    uint32_t i = span.begin;
    while (i < span.end) {
      int64_t first = word_of[tokens.norm[i]];
      uint32_t best_len = 0;
      uint32_t best_entry = 0;
      if (first >= 0) {
        for (uint32_t p : dict.phrases_by_first[static_cast<size_t>(first)]) {
          const ActorPhrase& phrase = dict.phrases[p];
          auto len = static_cast<uint32_t>(phrase.words.size());
          if (len <= best_len || i + len > span.end) {
            continue;
          }
          if (!PhraseMatches(doc, word_of, phrase, i) ||
              !EntryValid(dict.entries[phrase.entry], doc.meta.published)) {
            continue;
          }
          best_len = len;
          best_entry = phrase.entry;
        }
      }
      if (best_len > 0) {
        matches->push_back({i, i + best_len, best_entry, false});
        i += best_len;
        continue;
      }
      // "Turkish-led", "U.S.-backed": the part before the last hyphen.
      std::string_view norm = doc.Norm(i);
      size_t hyphen = norm.rfind('-');
      if (hyphen != std::string_view::npos && hyphen > 0 && hyphen + 1 < norm.size()) {
        std::string_view suffix = norm.substr(hyphen + 1);
        int64_t prefix = dict.Find(norm.substr(0, hyphen));
        if (prefix >= 0 && !IsSponsorSuffix(suffix)) {
          for (uint32_t p : dict.phrases_by_first[static_cast<size_t>(prefix)]) {
            const ActorPhrase& phrase = dict.phrases[p];
            const ActorEntry& entry = dict.entries[phrase.entry];
            if (phrase.words.size() == 1 && phrase.case_rule[0] != 2 &&
                (entry.kind == ActorEntryKind::kCountry || entry.kind == ActorEntryKind::kActor) &&
                EntryValid(entry, doc.meta.published)) {
              matches->push_back({i, i + 1, phrase.entry, !IsLeaderSuffix(suffix)});
              break;
            }
          }
        }
      }
      ++i;
    }
  }

  static bool PhraseMatches(const Document& doc, const std::vector<int64_t>& word_of,
                            const ActorPhrase& phrase, uint32_t at) {
    const TokenColumns& tokens = doc.tokens;
    for (size_t k = 0; k < phrase.words.size(); ++k) {
      uint32_t t = at + static_cast<uint32_t>(k);
      if (word_of[tokens.norm[t]] != static_cast<int64_t>(phrase.words[k])) {
        return false;
      }
      if (phrase.case_rule[k] == 1 && (tokens.flags[t] & kTokenCapitalized) == 0) {
        return false;
      }
      if (phrase.case_rule[k] == 2 && doc.TokenText(t) != phrase.exact[k]) {
        return false;
      }
    }
    return true;
  }

  // Joins an actor with the agents that follow it ("Syrian army", "Assad regime forces",
  // "Russia's military"), or an agent with the actor after "of" ("the army of Syria"), and
  // records the mentions of one sentence.
  void Compose(Document& doc, const ActorDictionary::Impl& dict, const std::vector<Match>& matches,
               uint32_t sentence, std::vector<std::string>* place_votes) const {
    size_t k = 0;
    while (k < matches.size()) {
      const Match& m = matches[k];
      const ActorEntry& entry = dict.entries[m.entry];
      if (entry.kind == ActorEntryKind::kDiscard) {
        ++k;
        continue;
      }
      if (entry.kind == ActorEntryKind::kPlace) {
        place_votes->push_back(entry.code);
        ++k;
        continue;
      }
      Composed c;
      c.begin = m.begin;
      c.end = m.end;
      c.entry = entry.where;
      bool has_actor = entry.kind != ActorEntryKind::kAgent;
      std::string actor_code = has_actor ? entry.code : "";
      std::string agent_code = has_actor ? "" : entry.code;
      bool agent_weak = !has_actor && AllWeak(doc, m.begin, m.end);
      size_t next = k + 1;
      // Agents that follow, adjacent or after a possessive.
      while (next < matches.size()) {
        const Match& n = matches[next];
        const ActorEntry& ne = dict.entries[n.entry];
        uint32_t gap_end = c.end;
        if (gap_end < n.begin && IsPossessive(doc.Norm(gap_end)) && has_actor &&
            agent_code.empty()) {
          ++gap_end;
        }
        // "Syria's former foreign minister", "Iranian top diplomats": up to two qualifiers.
        for (int q = 0; q < 2 && gap_end < n.begin && has_actor && agent_code.empty() &&
                        IsQualifier(doc.Norm(gap_end));
             ++q) {
          ++gap_end;
        }
        if (ne.kind != ActorEntryKind::kAgent || gap_end != n.begin) {
          break;
        }
        bool weak = AllWeak(doc, n.begin, n.end);
        // A weak agent after a named actor ("Hamas officials", "UN spokesman") is one of its
        // people: it joins the mention and leaves the code alone. After a country it still
        // composes ("Syrian officials" → SYRGOV).
        const bool named_actor = has_actor && entry.kind == ActorEntryKind::kActor;
        if ((agent_code.empty() && !(weak && named_actor)) || !weak) {
          // Armed opposition: "opposition forces", "rebel troops" are rebels, not an army.
          const bool armed_opposition =
              (agent_code == "OPP" || agent_code == "REB") && ne.code == "MIL";
          agent_code = armed_opposition ? "REB" : ne.code;
          agent_weak = weak && !has_actor;
        }
        c.end = n.end;
        c.entry += "+" + ne.where;
        ++next;
      }
      // "the ambassadors of Arnor", "the foreign minister of Iran": an agent, "of" (and "the"),
      // then a country or named actor compose like "Arnorian ambassadors".
      if (!has_actor && next < matches.size()) {
        const Match& n = matches[next];
        const ActorEntry& ne = dict.entries[n.entry];
        uint32_t at = c.end;
        if (at < n.begin && doc.Norm(at) == "of") {
          ++at;
          if (at < n.begin && doc.Norm(at) == "the") {
            ++at;
          }
          // "the people of Daraa", "residents of the besieged town of Tal Rifaat": civilians
          // of a place are its country's civilians.
          const bool civilians = agent_code == "CVL" && ne.kind == ActorEntryKind::kPlace;
          if (civilians && at < n.begin) {
            at = SkipPlaceDescription(doc, at, n.begin);
          }
          if (at == n.begin && !n.modifier_only &&
              (ne.kind == ActorEntryKind::kCountry || ne.kind == ActorEntryKind::kActor ||
               civilians)) {
            if (civilians) {
              place_votes->push_back(ne.code);
            }
            has_actor = true;
            actor_code = ne.code;
            if (agent_weak && ne.kind == ActorEntryKind::kActor) {
              agent_code.clear();  // "leaders of Hamas" are Hamas
            }
            agent_weak = false;
            c.end = n.end;
            c.entry += "+of+" + ne.where;
            ++next;
          }
        }
      }
      // "President Trump", "regime leader Bashar al-Assad", "President [Vladimir] Putin": a
      // title with no country before it is the named person's, and takes the person's code
      // (the title alone would give the focus country's government).
      if (!has_actor && next < matches.size()) {
        const uint32_t at =
            SkipEditorialInsertion(doc, c.end, static_cast<uint32_t>(doc.tokens.size()));
        size_t named = next;
        while (named < matches.size() && matches[named].end <= at && at > c.end) {
          ++named;  // a match inside the insertion ("[Vladimir]" is also a city)
        }
        const Match& n = named < matches.size() ? matches[named] : matches[next];
        const ActorEntry& ne = dict.entries[n.entry];
        if (named < matches.size() && at == n.begin && !n.modifier_only &&
            ne.kind == ActorEntryKind::kActor) {
          next = named;
          has_actor = true;
          actor_code = ne.code;
          agent_code.clear();
          agent_weak = false;
          c.end = n.end;
          c.entry += "+title+" + ne.where;
          ++next;
        }
      }
      if (has_actor) {
        if (m.modifier_only && agent_code.empty()) {
          k = next;
          continue;  // "Iran-made" alone names no actor
        }
        c.code = agent_code.empty() ? actor_code : ComposeCode(actor_code, agent_code);
      } else {
        c.code = agent_code;
        c.bare = true;
        c.weak = agent_weak;
      }
      if (!c.weak) {
        ActorMention mention;
        mention.tokens = {c.begin, c.end};
        mention.sentence = sentence;
        mention.code = c.bare ? "---" + c.code : c.code;
        mention.entry = c.entry;
        if (NamesOnePerson(doc, c, entry.kind)) {
          mention.flags |= kMentionPerson;
        }
        doc.mentions.push_back(std::move(mention));
      }
      k = next;
    }
  }

  // The token after "strategic town of" (up to two words, a place noun, "of") at `at`, or `at`.
  static uint32_t SkipPlaceDescription(const Document& doc, uint32_t at, uint32_t limit) {
    for (uint32_t t = at; t + 1 < limit && t <= at + 2; ++t) {
      const std::string_view norm = doc.Norm(t);
      if ((norm == "town" || norm == "city" || norm == "village" || norm == "province" ||
           norm == "region" || norm == "district" || norm == "area") &&
          doc.Norm(t + 1) == "of") {
        return t + 2;
      }
      if ((doc.tokens.flags[t] & kTokenCapitalized) != 0) {
        break;
      }
    }
    return at;
  }

  // Whether a composed mention names one person: a title with a name ("President Trump"), a
  // singular office noun at its end ("a State Department official", "Syria's foreign
  // minister"), or a named actor written as a capitalized name with no organization word in it
  // ("Matthew Miller", "Bashar al-Assad").
  static bool NamesOnePerson(const Document& doc, const Composed& c, ActorEntryKind kind) {
    if (c.end <= c.begin) {
      return false;
    }
    if (c.entry.find("+title+") != std::string::npos) {
      return true;
    }
    if (IsPersonNoun(doc.Norm(c.end - 1))) {
      return true;
    }
    if (kind != ActorEntryKind::kActor || c.entry.find('+') != std::string::npos ||
        c.end - c.begin > 4) {
      return false;
    }
    for (uint32_t t = c.begin; t < c.end; ++t) {
      const std::string_view norm = doc.Norm(t);
      if ((doc.tokens.flags[t] & kTokenCapitalized) == 0 ||
          (doc.tokens.flags[t] & kTokenAllCaps) != 0 || IsOrganizationWord(norm)) {
        return false;
      }
    }
    return true;
  }

  // Merges `added` into the document's mentions, keeping them in text order.
  static void AddMentions(Document& doc, std::vector<ActorMention> added) {
    if (added.empty()) {
      return;
    }
    doc.mentions.insert(doc.mentions.end(), std::make_move_iterator(added.begin()),
                        std::make_move_iterator(added.end()));
    std::stable_sort(doc.mentions.begin(), doc.mentions.end(),
                     [](const ActorMention& a, const ActorMention& b) {
                       return a.tokens.begin < b.tokens.begin;
                     });
  }

  // A capitalized word that can be part of a person's name no dictionary knows: not covered by
  // a dictionary phrase (places included), not a function word, weekday or month.
  static bool NameWord(const Document& doc, uint32_t t, const std::vector<bool>& matched) {
    if (matched[t] || (doc.tokens.flags[t] & kTokenCapitalized) == 0) {
      return false;
    }
    static constexpr std::array<std::string_view, 52> kNotNames = {
        "the",       "a",         "an",      "he",       "she",    "it",        "they",
        "we",        "i",         "but",     "and",      "or",     "in",        "on",
        "at",        "for",       "with",    "from",     "by",     "as",        "after",
        "before",    "meanwhile", "however", "this",     "that",   "these",     "those",
        "his",       "her",       "their",   "our",      "its",    "monday",    "tuesday",
        "wednesday", "thursday",  "friday",  "saturday", "sunday", "january",   "february",
        "march",     "april",     "june",    "july",     "august", "september", "october",
        "november",  "december",  "mr"};
    const std::string_view norm = doc.Norm(t);
    return std::find(kNotNames.begin(), kNotNames.end(), norm) == kNotNames.end() &&
           !IsOrganizationWord(norm) && !IsPersonNoun(norm);
  }

  // Unknown persons whose title or apposition tells who they are: "Jordanian Foreign Minister
  // Ayman Safadi", "Jane Roe, a State Department official," and "Syria's envoy, John Doe". The
  // name becomes a mention with the title's code, flagged inferred (its entry starts with
  // "inferred:"), so that it is coded, and listed by `casus actors --unknown` for review.
  static void InferNamedPersons(Document& doc, std::vector<bool>* matched) {
    std::vector<ActorMention> added;
    for (const ActorMention& m : doc.mentions) {
      if (m.code.starts_with("---") || (m.flags & kMentionCoreferent) != 0 ||
          !IsPersonNoun(doc.Norm(m.tokens.end - 1))) {
        continue;
      }
      const TokenSpan sentence = doc.sentences[m.sentence].tokens;
      TokenSpan name{0, 0};
      // After the title: "Foreign Minister Ayman Safadi", "Syria's envoy, John Doe".
      uint32_t t = m.tokens.end;
      const bool comma = t < sentence.end && doc.Norm(t) == ",";
      t += comma ? 1 : 0;
      uint32_t end = t;
      while (end < sentence.end && end < t + 4 && NameWord(doc, end, *matched)) {
        ++end;
      }
      const bool too_long = end < sentence.end && NameWord(doc, end, *matched);
      if (end > t && !too_long && (!comma || end - t >= 2)) {
        name = {t, end};
      }
      // Before an apposition: "Jane Roe, a State Department official".
      if (name.empty() && m.tokens.begin >= sentence.begin + 2) {
        uint32_t at = m.tokens.begin;
        const std::string_view before = doc.Norm(at - 1);
        if (before == "the" || before == "a" || before == "an") {
          --at;
        }
        if (at > sentence.begin + 1 && doc.Norm(at - 1) == ",") {
          const uint32_t last = at - 1;
          uint32_t begin = last;
          while (begin > sentence.begin && begin + 4 > last && NameWord(doc, begin - 1, *matched)) {
            --begin;
          }
          const bool longer = begin > sentence.begin && NameWord(doc, begin - 1, *matched);
          if (last - begin >= 2 && !longer) {
            name = {begin, last};
          }
        }
      }
      if (name.empty()) {
        continue;
      }
      std::fill(matched->begin() + name.begin, matched->begin() + name.end, true);
      ActorMention person;
      person.tokens = name;
      person.sentence = m.sentence;
      person.code = m.code;
      person.entry = "inferred:" + m.entry;
      person.flags = kMentionPerson;
      added.push_back(std::move(person));
    }
    AddMentions(doc, std::move(added));
  }

  // The office noun of a person mention's last word, folded so that the spokesman and the
  // spokesperson are the same office; "" when it ends with a name.
  static std::string_view OfficeNoun(std::string_view norm) {
    if (norm == "spokesman" || norm == "spokeswoman" || norm == "spokesperson") {
      return "spokesperson";
    }
    return IsPersonNoun(norm) ? norm : std::string_view();
  }

  // Document-level coreference for persons. "he", "she" and "him" take the code of the last
  // person mentioned; "the official" (the spokesman, the minister, the envoy...) that of the last
  // person mentioned as one ("a State Department official"). The antecedent must lie within the
  // three sentences before. They become mentions of their own, flagged coreferent, so that the
  // coder can give "he called on the regime to…" its source.
  static void ResolvePersonReferences(Document& doc) {
    const auto n = static_cast<uint32_t>(doc.tokens.size());
    if (n == 0 || doc.mentions.empty()) {
      return;
    }
    std::vector<int32_t> mention_at(n, -1);  // token → mention covering it
    for (size_t m = 0; m < doc.mentions.size(); ++m) {
      for (uint32_t t = doc.mentions[m].tokens.begin; t < doc.mentions[m].tokens.end; ++t) {
        mention_at[t] = static_cast<int32_t>(m);
      }
    }
    struct Person {
      int32_t mention;
      uint32_t sentence;
      std::string_view office;
    };
    std::vector<Person> persons;  // in text order
    std::vector<ActorMention> added;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const TokenSpan span = doc.sentences[s].tokens;
      for (uint32_t t = span.begin; t < span.end; ++t) {
        if (mention_at[t] >= 0) {
          const ActorMention& m = doc.mentions[static_cast<size_t>(mention_at[t])];
          if ((m.flags & kMentionPerson) != 0) {
            persons.push_back({mention_at[t], s, OfficeNoun(doc.Norm(m.tokens.end - 1))});
          }
          t = m.tokens.end - 1;
          continue;
        }
        const std::string_view norm = doc.Norm(t);
        uint32_t end = 0;
        std::string_view office;
        if (IsPersonPronoun(norm)) {
          end = t + 1;
        } else if (norm == "the" && t + 1 < span.end && mention_at[t + 1] < 0 &&
                   IsWeakAgentWord(doc.Norm(t + 1))) {
          office = OfficeNoun(doc.Norm(t + 1));
          end = office.empty() ? 0 : t + 2;
        }
        if (end == 0) {
          continue;
        }
        const Person* antecedent = nullptr;
        for (size_t k = persons.size(); k-- > 0;) {
          if (persons[k].sentence + 3 < s) {
            break;
          }
          if (office.empty() || persons[k].office == office) {
            antecedent = &persons[k];
            break;
          }
        }
        if (antecedent == nullptr) {
          continue;
        }
        const ActorMention& named = doc.mentions[static_cast<size_t>(antecedent->mention)];
        ActorMention mention;
        mention.tokens = {t, end};
        mention.sentence = s;
        mention.code = named.code;
        mention.entry = "coref:" + named.entry;
        mention.flags = kMentionPerson | kMentionCoreferent;
        added.push_back(std::move(mention));
        persons.push_back({antecedent->mention, s, antecedent->office});
        t = end - 1;
      }
    }
    AddMentions(doc, std::move(added));
  }

  // The token after an editor's bracketed insertion starting at `at` ("[Donald]" of "President
  // [Donald] Trump"), or `at` when there is none before `limit`.
  static uint32_t SkipEditorialInsertion(const Document& doc, uint32_t at, uint32_t limit) {
    if (at >= limit || doc.Norm(at) != "[") {
      return at;
    }
    for (uint32_t t = at + 1; t < limit && t < at + 6; ++t) {
      if (doc.Norm(t) == "]") {
        return t + 1;
      }
    }
    return at;
  }

  static bool AllWeak(const Document& doc, uint32_t begin, uint32_t end) {
    for (uint32_t t = begin; t < end; ++t) {
      if (!IsWeakAgentWord(doc.Norm(t))) {
        return false;
      }
    }
    return true;
  }

  // Bare agents ("rebels", "regime forces") belong to the document's focus country: the
  // country named most, counting more where it is named as a place ("in Syria") or as the
  // home of armed or opposition actors.
  static std::string ResolveBareAgents(Document& doc, const std::vector<std::string>& place_votes) {
    std::unordered_map<std::string, int> weight;
    for (const std::string& country : place_votes) {
      weight[country] += 3;
    }
    for (const ActorMention& m : doc.mentions) {
      if (m.code.starts_with("---") || m.code.size() < 3 || m.code.starts_with("IGO") ||
          m.code.starts_with("NGO") || m.code.starts_with("IMG")) {
        continue;
      }
      std::string country = m.code.substr(0, 3);
      int w = 1;
      if (m.tokens.begin > 0) {
        std::string_view before = doc.Norm(m.tokens.begin - 1);
        if (before == "in" || before == "across" || before == "inside" || before == "into" ||
            before == "northern" || before == "southern" || before == "eastern" ||
            before == "western" || before == "northwestern" || before == "southwestern" ||
            before == "northeastern" || before == "southeastern" || before == "central") {
          w += 2;
        }
      }
      std::string_view agent = std::string_view(m.code).substr(3);
      if (agent == "MIL" || agent == "REB" || agent == "OPP" || agent == "CVL" || agent == "GOV") {
        w += 1;
      }
      weight[country] += w;
    }
    std::string focus;
    int best = 0;
    for (const ActorMention& m : doc.mentions) {  // ties go to the first named
      if (m.code.size() < 3 || m.code.starts_with("---")) {
        continue;
      }
      auto it = weight.find(m.code.substr(0, 3));
      if (it != weight.end() && it->second > best) {
        best = it->second;
        focus = it->first;
      }
    }
    for (const std::string& country : place_votes) {
      if (weight[country] > best) {
        best = weight[country];
        focus = country;
      }
    }
    std::vector<ActorMention> kept;
    kept.reserve(doc.mentions.size());
    for (ActorMention& m : doc.mentions) {
      if (m.code.starts_with("---")) {
        if (focus.empty()) {
          continue;  // nobody to attach the agent to
        }
        m.code = focus + m.code.substr(3);
        m.entry += "+focus:" + focus;
      }
      kept.push_back(std::move(m));
    }
    doc.mentions = std::move(kept);
    return focus;
  }

  // "all sides", "every party", "the warring parties": in a document about a civil war — its
  // focus country's government or army and its rebels or opposition both named — the phrase
  // stands for both sides, and becomes two mentions over the same words (FOCUSGOV and
  // FOCUSREB), so that "called on all sides to…" is an appeal to each. Elsewhere it names no
  // one.
  static void ExpandWarringSides(Document& doc, const std::string& focus) {
    if (focus.size() != 3) {
      return;
    }
    bool government = false;
    bool rebels = false;
    for (const ActorMention& m : doc.mentions) {
      if (m.code.size() == 6 && m.code.starts_with(focus)) {
        const std::string_view agent = std::string_view(m.code).substr(3);
        government = government || agent == "GOV" || agent == "MIL";
        rebels = rebels || agent == "REB" || agent == "OPP";
      }
    }
    if (!government || !rebels) {
      return;
    }
    static constexpr std::array<std::array<std::string_view, 3>, 11> kSides = {{
        {"all", "sides", ""},
        {"both", "sides", ""},
        {"all", "parties", ""},
        {"every", "party", ""},
        {"each", "party", ""},
        {"all", "the", "parties"},
        {"all", "warring", "parties"},
        {"the", "warring", "parties"},
        {"warring", "parties", ""},
        {"the", "warring", "sides"},
        {"warring", "sides", ""},
    }};
    const auto n = static_cast<uint32_t>(doc.tokens.size());
    std::vector<bool> covered(n, false);
    for (const ActorMention& m : doc.mentions) {
      std::fill(covered.begin() + m.tokens.begin, covered.begin() + m.tokens.end, true);
    }
    std::vector<ActorMention> added;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const TokenSpan span = doc.sentences[s].tokens;
      for (uint32_t t = span.begin; t < span.end; ++t) {
        const std::string_view first = doc.Norm(t);
        if (first != "all" && first != "both" && first != "every" && first != "each" &&
            first != "the" && first != "warring") {
          continue;  // no phrase starts here: most tokens stop at this test
        }
        if (const uint32_t end = ConflictPartiesEnd(doc, t, span.end); end > t) {
          bool free = true;
          for (uint32_t k = t; free && k < end; ++k) {
            free = !covered[k];
          }
          if (free) {
            for (const char* agent : {"GOV", "REB"}) {
              ActorMention side;
              side.tokens = {t, end};
              side.sentence = s;
              side.code = focus + agent;
              side.entry = std::string("sides:") + agent + "+focus:" + focus;
              added.push_back(std::move(side));
            }
            std::fill(covered.begin() + t, covered.begin() + end, true);
            t = end - 1;
            continue;
          }
        }
        for (const auto& words : kSides) {
          uint32_t len = 0;
          while (len < words.size() && !words[len].empty()) {
            ++len;
          }
          bool match = t + len <= span.end;
          for (uint32_t k = 0; match && k < len; ++k) {
            match = !covered[t + k] && doc.Norm(t + k) == words[k];
          }
          if (!match) {
            continue;
          }
          for (const char* agent : {"GOV", "REB"}) {
            ActorMention side;
            side.tokens = {t, t + len};
            side.sentence = s;
            side.code = focus + agent;
            side.entry = std::string("sides:") + agent + "+focus:" + focus;
            added.push_back(std::move(side));
          }
          std::fill(covered.begin() + t, covered.begin() + t + len, true);
          t += len - 1;
          break;
        }
      }
    }
    AddMentions(doc, std::move(added));
  }

  // "the parties engaged in the ongoing conflict", "all parties to the conflict", "the sides
  // involved in the fighting": the end of such a phrase starting at `t`, else `t`.
  static uint32_t ConflictPartiesEnd(const Document& doc, uint32_t t, uint32_t end) {
    const std::string_view first = doc.Norm(t);
    if ((first != "the" && first != "all" && first != "both") || t + 3 >= end) {
      return t;
    }
    const std::string_view noun = doc.Norm(t + 1);
    if (noun != "parties" && noun != "sides") {
      return t;
    }
    uint32_t at = t + 2;
    if (doc.Norm(at) == "engaged" || doc.Norm(at) == "involved") {
      ++at;
    }
    if (at >= end || (doc.Norm(at) != "in" && doc.Norm(at) != "to")) {
      return t;
    }
    // Up to three words ("the ongoing", "this week's") before the conflict noun.
    for (uint32_t k = at + 1; k < end && k <= at + 4; ++k) {
      const std::string_view word = doc.Norm(k);
      if (word == "conflict" || word == "war" || word == "fighting" || word == "hostilities" ||
          word == "clashes") {
        return k + 1;
      }
    }
    return t;
  }

  // "Syrian and Russian warplanes": a bare country joined by "and" to a country-plus-agent
  // mention shares the agent (SYR → SYRMIL).
  static void ShareAgentsAcrossConjunctions(Document& doc) {
    for (size_t k = doc.mentions.size(); k-- > 1;) {
      ActorMention& left = doc.mentions[k - 1];
      const ActorMention& right = doc.mentions[k];
      if (left.sentence != right.sentence || left.code.size() != 3 || right.code.size() != 6 ||
          left.code.starts_with("---") || right.code.starts_with("---") ||
          right.tokens.begin != left.tokens.end + 1 || right.tokens.size() < 2) {
        continue;
      }
      std::string_view joiner = doc.Norm(left.tokens.end);
      if (joiner != "and" && joiner != "," && joiner != "or") {
        continue;
      }
      left.code += right.code.substr(3);
      left.entry += "+shared-agent";
    }
  }

  static bool IsSpeechVerb(std::string_view n) {
    return n == "said" || n == "says" || n == "say" || n == "told" || n == "added" ||
           n == "stressed" || n == "noted" || n == "stated" || n == "explained" ||
           n == "emphasized" || n == "emphasised" || n == "warned" || n == "asked" ||
           n == "insisted" || n == "continued" || n == "wrote" || n == "tweeted" ||
           n == "according";
  }

  static bool IsSpeakerPronoun(std::string_view n) {
    return n == "he" || n == "she" || n == "they" || n == "official" || n == "spokesman" ||
           n == "spokeswoman" || n == "spokesperson" || n == "minister" || n == "envoy" ||
           n == "ambassador" || n == "diplomat" || n == "source";
  }

  // First-person pronouns inside direct quotes ("“We call on all sides…,” the official said")
  // stand for the quote's speaker: the actor next to the attribution verb, or, for "he said"
  // and unattributed quote paragraphs, the last speaker named. Each such pronoun becomes a
  // mention with the speaker's code, so that the speaker's appeals and accusations are coded.
  static void ResolveQuoteSpeakers(Document& doc) {
    const uint32_t n = static_cast<uint32_t>(doc.tokens.size());
    if (n == 0 || doc.mentions.empty()) {
      return;
    }
    std::vector<int32_t> mention_end_at(n + 1, -1);    // token → mention ending there
    std::vector<int32_t> mention_begin_at(n + 1, -1);  // token → mention starting there
    for (size_t m = 0; m < doc.mentions.size(); ++m) {
      mention_end_at[doc.mentions[m].tokens.end] = static_cast<int32_t>(m);
      mention_begin_at[doc.mentions[m].tokens.begin] = static_cast<int32_t>(m);
    }
    std::vector<ActorMention> added;
    std::string last_speaker;
    std::string last_entry;
    uint32_t last_paragraph = 0;
    bool in_quote = false;
    uint32_t paragraph = UINT32_MAX;
    for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
      const Sentence& sentence = doc.sentences[s];
      if (sentence.paragraph != paragraph) {
        paragraph = sentence.paragraph;
        in_quote = false;
      }
      // Which tokens are quoted, and the attribution outside the quotes.
      std::vector<uint32_t> pronouns;
      int32_t speaker = -1;
      bool anaphoric = false;
      bool quote_seen = in_quote;
      for (uint32_t t = sentence.tokens.begin; t < sentence.tokens.end; ++t) {
        std::string_view norm = doc.Norm(t);
        if (norm == "\"") {
          in_quote = !in_quote;
          quote_seen = true;
          continue;
        }
        if (in_quote) {
          if (norm == "we" || norm == "i") {
            pronouns.push_back(t);
          }
          continue;
        }
        if (!IsSpeechVerb(norm) || speaker >= 0) {
          continue;
        }
        // "X said", "X also said", "said X", "according to X".
        for (uint32_t back = t; back > sentence.tokens.begin && back + 3 > t; --back) {
          if (mention_end_at[back] >= 0) {
            speaker = mention_end_at[back];
            break;
          }
          if (IsSpeakerPronoun(doc.Norm(back - 1))) {
            anaphoric = true;
            break;
          }
        }
        if (speaker < 0 && !anaphoric) {
          for (uint32_t fwd = t + 1; fwd < sentence.tokens.end && fwd < t + 4; ++fwd) {
            if (mention_begin_at[fwd] >= 0) {
              speaker = mention_begin_at[fwd];
              break;
            }
            if (IsSpeakerPronoun(doc.Norm(fwd))) {
              anaphoric = true;
              break;
            }
          }
        }
      }
      std::string code;
      std::string entry;
      if (speaker >= 0) {
        code = doc.mentions[static_cast<size_t>(speaker)].code;
        entry = doc.mentions[static_cast<size_t>(speaker)].entry;
        last_speaker = code;
        last_entry = entry;
        last_paragraph = paragraph;
      } else if ((anaphoric || quote_seen) && !last_speaker.empty() &&
                 paragraph <= last_paragraph + 3) {
        code = last_speaker;
        entry = last_entry;
      }
      if (code.empty()) {
        continue;
      }
      for (uint32_t t : pronouns) {
        ActorMention mention;
        mention.tokens = {t, t + 1};
        mention.sentence = s;
        mention.code = code;
        mention.entry = "speaker:" + entry;
        added.push_back(std::move(mention));
      }
    }
    AddMentions(doc, std::move(added));
  }

  std::shared_ptr<const ActorDictionary> dictionary_;
};

Status ParseDate(std::string_view text, std::string_view where, Date* date) {
  if (text.empty()) {
    *date = Date();
    return Status::OK();
  }
  std::optional<Date> parsed = Date::Parse(text);
  if (!parsed || parsed->precision != DatePrecision::kDay) {
    return Status::InvalidInput(std::string(where) + ": bad date '" + std::string(text) +
                                "' (want YYYY-MM-DD)");
  }
  *date = *parsed;
  return Status::OK();
}

}  // namespace

ActorDictionary::ActorDictionary() : impl_(std::make_unique<Impl>()) {}
ActorDictionary::ActorDictionary(ActorDictionary&&) noexcept = default;
ActorDictionary& ActorDictionary::operator=(ActorDictionary&&) noexcept = default;
ActorDictionary::~ActorDictionary() = default;

size_t ActorDictionary::size() const { return impl_->entries.size(); }

Status ActorDictionary::LoadDirectory(const std::string& dir, ActorDictionary* dict) {
  return ForEachFileIn(dir, ".actors", "actor dictionary",
                       [dict](const std::string& name, const std::string& contents) {
                         return dict->AddFile(name, contents);
                       });
}

Status ActorDictionary::AddFile(std::string_view where, std::string_view contents,
                                std::vector<Status>* errors) {
  Impl& impl = *impl_;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos <= contents.size()) {
    size_t eol = contents.find('\n', pos);
    if (eol == std::string_view::npos) {
      eol = contents.size();
    }
    std::string_view line = TrimBlanks(contents.substr(pos, eol - pos));
    pos = eol + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') {
      if (eol == contents.size()) {
        break;
      }
      continue;
    }
    const std::string here = std::string(where) + ":" + std::to_string(line_number);
    auto parse_line = [&]() -> Status {
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        return Status::InvalidInput(here + ": expected 'KIND CODE: phrase | phrase'");
      }
      std::string_view head = TrimBlanks(line.substr(0, colon));
      std::string_view body = TrimBlanks(line.substr(colon + 1));
      ActorEntry entry;
      entry.where = here;
      size_t space = head.find(' ');
      std::string_view kind = head.substr(0, space);
      std::string_view rest = space == std::string_view::npos ? "" : TrimBlanks(head.substr(space));
      if (kind == "country") {
        entry.kind = ActorEntryKind::kCountry;
      } else if (kind == "actor") {
        entry.kind = ActorEntryKind::kActor;
      } else if (kind == "agent") {
        entry.kind = ActorEntryKind::kAgent;
      } else if (kind == "discard") {
        entry.kind = ActorEntryKind::kDiscard;
      } else if (kind == "place") {
        entry.kind = ActorEntryKind::kPlace;
      } else {
        return Status::InvalidInput(here + ": unknown entry kind '" + std::string(kind) +
                                    "' (country, actor, agent, place or discard)");
      }
      // Optional date range: CODE [FROM..TO]
      size_t bracket = rest.find('[');
      std::string_view code = TrimBlanks(rest.substr(0, bracket));
      if (bracket != std::string_view::npos) {
        size_t close = rest.find(']', bracket);
        size_t dots = rest.find("..", bracket);
        if (close == std::string_view::npos || dots == std::string_view::npos || dots > close) {
          return Status::InvalidInput(here + ": expected a date range [YYYY-MM-DD..YYYY-MM-DD]");
        }
        CASUS_RETURN_IF_ERROR(
            ParseDate(TrimBlanks(rest.substr(bracket + 1, dots - bracket - 1)), here, &entry.from));
        CASUS_RETURN_IF_ERROR(
            ParseDate(TrimBlanks(rest.substr(dots + 2, close - dots - 2)), here, &entry.to));
        if (entry.from.valid() && entry.to.valid() &&
            entry.to.DaysSinceEpoch() < entry.from.DaysSinceEpoch()) {
          return Status::InvalidInput(here + ": date range ends before it begins");
        }
      }
      entry.code = std::string(code);
      bool code_ok = entry.kind == ActorEntryKind::kDiscard ? entry.code.empty()
                     : entry.kind == ActorEntryKind::kAgent ? IsCode(entry.code, 3, 3)
                                                            : IsCode(entry.code, 3, 15);
      if (!code_ok) {
        return Status::InvalidInput(here + ": bad code '" + entry.code + "' for " +
                                    std::string(kind));
      }
      auto entry_index = static_cast<uint32_t>(impl.entries.size());
      impl.entries.push_back(std::move(entry));
      size_t start = 0;
      int phrase_count = 0;
      while (start <= body.size()) {
        size_t bar = body.find('|', start);
        if (bar == std::string_view::npos) {
          bar = body.size();
        }
        std::string_view phrase_text = TrimBlanks(body.substr(start, bar - start));
        start = bar + 1;
        if (phrase_text.empty()) {
          if (bar == body.size()) {
            break;
          }
          return Status::InvalidInput(here + ": empty phrase");
        }
        ActorPhrase phrase;
        phrase.entry = entry_index;
        for (std::string& word : PhraseWords(phrase_text)) {
          uint8_t rule = StartsUpper(word) ? 1 : 0;
          std::string exact;
          if (word.size() > 1 && word.front() == '=') {
            word.erase(0, 1);
            rule = 2;
            exact = word;
          }
          phrase.words.push_back(impl.Intern(utf8::MatchForm(word)));
          phrase.case_rule.push_back(rule);
          phrase.exact.push_back(std::move(exact));
        }
        ++phrase_count;
        impl.phrases_by_first[phrase.words[0]].push_back(
            static_cast<uint32_t>(impl.phrases.size()));
        impl.phrases.push_back(std::move(phrase));
        if (bar == body.size()) {
          break;
        }
      }
      if (phrase_count == 0) {
        return Status::InvalidInput(here + ": entry without phrases");
      }
      return Status::OK();
    };
    if (Status st = parse_line(); !st.ok()) {
      if (errors == nullptr) {
        return st;
      }
      errors->push_back(std::move(st));
    }
    if (eol == contents.size()) {
      break;
    }
  }
  return Status::OK();
}

std::unique_ptr<Stage> MakeActorMatcher(std::shared_ptr<const ActorDictionary> dictionary) {
  return std::make_unique<ActorMatcher>(std::move(dictionary));
}

}  // namespace casus
