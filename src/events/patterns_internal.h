// PatternSet::Impl: the compiled pattern dictionary, shared by the loader (patterns.cc) and the
// coder (coder.cc).
//
// Every distinct word form the dictionary knows has an id in `vocabulary`; `bases_of[id]` lists
// the base words that form inflects ("met" → "meet"). A phrase is a sequence of base-word ids
// and gaps. One-word phrases are indexed by their word (`single_by_word`); longer ones by their
// first and last words (`by_first_last`), because the dictionary holds thousands of phrases
// that share a first word ("call on * to …"): the coder looks up only the (first, last) pairs
// whose last word occurs in the sentence, so the cost of a token grows with the sentence's
// vocabulary, not with the dictionary.
#ifndef CASUS_EVENTS_PATTERNS_INTERNAL_H_
#define CASUS_EVENTS_PATTERNS_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/string_pool.h"
#include "events/events.h"

namespace casus {

enum PatternFlag : uint32_t {
  kPatternNominal = 1U << 0,     // a noun trigger ("clashes", "airstrikes on")
  kPatternReciprocal = 1U << 1,  // the event goes both ways ("X and Y clashed")
  kPatternPassive = 1U << 2,     // the phrase is passive itself: source after "by"/"from"
  kPatternSpeaker = 1U << 3,     // the words of a quote's speaker: source = the speaker
};

// A gap element: one to kMaxGap tokens of anything inside the clause.
constexpr int32_t kGap = -1;
constexpr int kMaxGap = 6;

struct Pattern {
  std::string code;    // CAMEO event code
  std::string id;      // unique over the dictionary
  std::string where;   // "19-fight.patterns:12"
  uint32_t flags = 0;  // PatternFlag bits
};

struct PatternPhrase {
  uint32_t pattern = 0;
  std::vector<int32_t> elements;  // base-word ids, or kGap
};

struct PatternSet::Impl {
  std::vector<Pattern> patterns;
  std::vector<PatternPhrase> phrases;
  std::unordered_map<std::string, uint32_t, TransparentStringHash, std::equal_to<>>
      vocabulary;                                     // word form → id
  std::vector<std::vector<uint32_t>> bases_of;        // form id → base-word ids
  std::vector<std::vector<uint32_t>> single_by_word;  // base-word id → one-word phrases
  // base-word id → (last word, phrase index) of the longer phrases starting with it, sorted by
  // last word, so that the coder intersects it with the sentence's sorted vocabulary.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> by_first_last;
  std::unordered_set<std::string> ids;
  WordFilter filter;  // the vocabulary's words, for a cheap first test

  uint32_t Intern(const std::string& word);
  [[nodiscard]] int64_t Find(std::string_view word) const;
};

}  // namespace casus

#endif  // CASUS_EVENTS_PATTERNS_INTERNAL_H_
