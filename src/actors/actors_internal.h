// ActorDictionary::Impl: the compiled actor dictionary, shared by casus's own loader
// (actors.cc), the readers of the TABARI/PETRARCH formats (peer_dicts.cc), the validator
// (check.cc) and the matcher. Not part of the public surface: include only from src/actors/.
#ifndef CASUS_ACTORS_ACTORS_INTERNAL_H_
#define CASUS_ACTORS_ACTORS_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/actors.h"
#include "core/date.h"
#include "core/document.h"
#include "core/string_pool.h"

namespace casus {

// kPlace: a city or region of a country. Places are not actors; they only tell which country a
// document is about, so that "rebels" in a story datelined Idlib are Syrian rebels.
enum class ActorEntryKind : uint8_t { kCountry, kActor, kAgent, kDiscard, kPlace };

// What a discard entry removes: the phrase alone (casus's `discard:`), or, as PETRARCH's discard
// lists do, every actor of its sentence or (a `+` entry) of its whole document.
enum class DiscardScope : uint8_t { kPhrase, kSentence, kDocument };

struct ActorEntry {
  ActorEntryKind kind = ActorEntryKind::kCountry;
  DiscardScope discard_scope = DiscardScope::kPhrase;  // kDiscard entries only
  std::string code;
  Date from;  // !valid(): open
  Date to;
  std::string where;  // "countries.actors:12"
};

// One dictionary phrase: a sequence of word ids (match forms), with the case rules per word.
struct ActorPhrase {
  std::vector<uint32_t> words;
  // Per word: 0 any case, 1 must be capitalized, 2 exact text (the '=' prefix).
  std::vector<uint8_t> case_rule;
  std::vector<std::string> exact;  // exact text for case_rule 2, else ""
  uint32_t entry = 0;
};

struct ActorDictionary::Impl {
  std::vector<ActorEntry> entries;
  std::vector<ActorPhrase> phrases;
  std::unordered_map<std::string, uint32_t, TransparentStringHash, std::equal_to<>>
      vocabulary;  // match form → word id
  // Word id → phrases that start with it, longest first.
  std::vector<std::vector<uint32_t>> phrases_by_first;
  WordFilter filter;  // the vocabulary's words, for a cheap first test

  uint32_t Intern(const std::string& word) {
    auto [it, inserted] = vocabulary.emplace(word, static_cast<uint32_t>(vocabulary.size()));
    if (inserted) {
      phrases_by_first.emplace_back();
      filter.Add(TransparentStringHash{}(word));
    }
    return it->second;
  }
  [[nodiscard]] int64_t Find(std::string_view word) const {
    auto it = vocabulary.find(word);
    return it == vocabulary.end() ? -1 : static_cast<int64_t>(it->second);
  }
};

// Singular nouns that name one office-holder ("official", "minister", "spokesperson").
bool IsPersonNoun(std::string_view norm);

// Document-level passes of the matcher (references.cc), in the order it runs them.
//
// "the opposition" is the armed opposition (REB, not the political OPP) where it holds ground
// ("the opposition holding the province") or where the document calls the armed opposition by
// that word ("opposition fighters"); "local forces", "local groups" in a document about
// `focus`'s rebels are its local armed groups.
void ResolveArmedOpposition(Document& doc, std::string_view focus);
// "rebel-held Daraa Al-Balad region", "rebel-held areas": the held place joins the mention, so
// that "the region" can point back to it.
void ExtendHeldPlaces(Document& doc);
// "Miller" after "Matthew Miller": a person's last name alone, later in the document, is that
// person (a mention flagged person and coreferent).
void ResolveSurnames(Document& doc);
// Descriptions and pronouns that point back to a group, organization or country: "the groups"
// (the last mention with that head noun, within ten sentences), "they"/"them" (a plural head
// or two actors joined by "and"), "it" (a country, a name or a singular head; not "it is
// believed"), within the sentence and the two before; "X said that they" is X's institution.
void ResolveGroupReferences(Document& doc);

}  // namespace casus

#endif  // CASUS_ACTORS_ACTORS_INTERNAL_H_
