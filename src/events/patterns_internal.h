// PatternSet::Impl: the compiled pattern dictionary, shared by the loader (patterns.cc) and the
// coder (coder.cc).
//
// Every distinct word form the dictionary knows has an id in `vocabulary`; `bases_of[id]` lists
// the base words that form inflects ("met" → "meet"). A phrase is a sequence of base-word ids
// and gaps; the coder maps each token to its base ids once per document and then walks the
// phrases that start with each base (`phrases_by_first`), so matching costs one hash lookup per
// distinct token form and a few integer comparisons per candidate phrase.
#ifndef CASUS_EVENTS_PATTERNS_INTERNAL_H_
#define CASUS_EVENTS_PATTERNS_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "events/events.h"

namespace casus {

enum PatternFlag : uint32_t {
  kPatternNominal = 1U << 0,     // a noun trigger ("clashes", "airstrikes on")
  kPatternReciprocal = 1U << 1,  // the event goes both ways ("X and Y clashed")
  kPatternPassive = 1U << 2,     // the phrase is passive itself: source after "by"/"from"
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
  std::unordered_map<std::string, uint32_t> vocabulary;  // word form → id
  std::vector<std::vector<uint32_t>> bases_of;           // form id → base-word ids
  std::vector<std::vector<uint32_t>> phrases_by_first;   // base-word id → phrase indices
  std::unordered_set<std::string> ids;

  uint32_t Intern(const std::string& word);
  [[nodiscard]] int64_t Find(std::string_view word) const;
};

}  // namespace casus

#endif  // CASUS_EVENTS_PATTERNS_INTERNAL_H_
