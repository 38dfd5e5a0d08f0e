// Internal to src/events/: the compiled form of a PatternSet, shared by the pattern loader
// (patterns.cc) and the event coder (events.cc).
//
// Every word a pattern or the coder cares about gets a small integer id in one vocabulary. The
// coder maps each token's norm to that id once per document, so matching and the clause rules
// compare integers. Phrases are indexed by their first word and kept longest first, so that the
// coder tries "call on * to de-escalate" before "call on" at the same token.
//
// Thread safety: immutable after loading; shared read-only by any number of coder threads.
#ifndef CASUS_EVENTS_PATTERNS_INTERNAL_H_
#define CASUS_EVENTS_PATTERNS_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/events.h"

namespace casus::events_internal {

// Words with a fixed id, known to the coder's clause rules. kWordCount is the first id that
// PatternSet files may add.
enum Word : int32_t {
  kWordNone = -1,
  kWordAnd = 0,
  kWordComma,
  kWordSemicolon,
  kWordColon,
  kWordPeriod,
  kWordBy,
  kWordBetween,
  kWordWith,
  kWordTo,
  kWordThat,
  kWordFailed,
  kWordIf,
  kWordPossessive,  // 's (the tokenizer splits "Assad's" into "Assad" "'s")
  kWordAccording,
  kWordAlong,
  kWordTogether,
  kWordAs,
  kWordWell,
  kWordDash,
  kWordOpenParen,
  kWordCloseParen,
  kWordOpenBracket,
  kWordCloseBracket,
  kWordQuote,  // a straight or folded typographic double quote
  kWordBoth,
  kWordCount,
};

// Word classes (bits) for the clause rules.
enum WordClass : uint32_t {
  kClassNegation = 1U << 0,     // not, n't, never, no, avert, prevent …: no event follows
  kClassModal = 1U << 1,        // would, could, might, may: hypothetical
  kClassBe = 1U << 2,           // is, was, been, got …: a following participle may be passive
  kClassSpeech = 1U << 3,       // said, told, added, stressed …: attribution verbs
  kClassClauseBreak = 1U << 4,  // ;, which, while, when, but …: ends a target search
  kClassFirstPerson = 1U << 5,  // we, i
  kClassSpeakerWord = 1U << 6,  // he, she, official, spokesperson …: a speaker without a mention
  kClassVictim = 1U << 7,       // faced, suffered, under: the preceding mention is the target
  kClassThreaten = 1U << 8,     // threatened, threatens …: "threatened to X" is hypothetical
  kClassRelative = 1U << 9,     // which, who
  kClassPreposition = 1U << 10, // in, of, after …: a nominal trigger after it has no subject
  kClassScopeBreak = 1U << 11,  // as, while, after …: ends the scope of an appeal or demand
};

// Pattern flags, from "[…]" after the id.
enum PatternFlag : uint32_t {
  kPatternReciprocal = 1U << 0,  // code both ways: "X and Y clashed", "clashes between X and Y"
  kPatternNominal = 1U << 1,     // the trigger is a noun: "airstrikes by X", "X's attack on Y"
  kPatternNoPassive = 1U << 2,   // "is concerned by X" is a predicate, not a passive
  kPatternPassive = 1U << 3,     // always passive: "conditions imposed on * by" (source after)
  kPatternEvaluative = 1U << 4,  // "X is a brutal dictator": the speaker judges the mention
  kPatternIgnore = 1U << 5,      // a stop phrase: consumes the words, codes nothing
};

inline constexpr int32_t kGap = -1;  // "*": 0 to kMaxGap tokens that may hold the target
inline constexpr int kMaxGap = 6;

struct Pattern {
  std::string code;   // CAMEO event code
  std::string id;     // "<file stem>:<id>"
  std::string where;  // "FILE:LINE", for messages
  uint32_t flags = 0;
};

struct Phrase {
  uint32_t pattern = 0;
  uint32_t first = 0;  // index of the first element in PatternSet::Impl::elements
  uint16_t size = 0;   // number of elements, gaps included
  uint16_t words = 0;  // literal words (the "length" for longest-first)
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace casus::events_internal

namespace casus {

struct PatternSet::Impl {
  Impl();

  // The id of `word`, or kWordNone.
  [[nodiscard]] int32_t Find(std::string_view word) const {
    auto it = vocabulary.find(word);
    return it == vocabulary.end() ? events_internal::kWordNone : it->second;
  }
  int32_t Intern(std::string_view word);
  [[nodiscard]] uint32_t Classes(int32_t word) const {
    return word < 0 ? 0 : classes[static_cast<size_t>(word)];
  }
  // Rebuilds `index` after phrases were added.
  void Reindex();

  std::vector<events_internal::Pattern> patterns;
  std::vector<events_internal::Phrase> phrases;
  std::vector<int32_t> elements;  // word ids, kGap for "*"
  std::unordered_map<std::string, int32_t, events_internal::StringHash, std::equal_to<>>
      vocabulary;
  std::vector<uint32_t> classes;  // WordClass bits per word id
  // Phrases by first word, in CSR form: phrases_by_first[index[w] .. index[w + 1]).
  std::vector<uint32_t> index;
  std::vector<uint32_t> phrases_by_first;
  // Phrase text → "FILE:LINE" of its first definition, to refuse ambiguous duplicates.
  std::unordered_map<std::string, std::string> defined;
};

}  // namespace casus

#endif  // CASUS_EVENTS_PATTERNS_INTERNAL_H_
