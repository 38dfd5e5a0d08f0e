// PatternSet::AddTabariVerbs on a small TABARI .verbs dictionary written for the test.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "events/events.h"
#include "events/patterns_internal.h"

namespace casus {
namespace {

constexpr std::string_view kCodebook =
    "code\tname\tgoldstein\tplover\n"
    "023\tOptimistic comment\t0.4\t\n"
    "064\tRestore ties\t7.0\t\n"
    "111\tCriticize\t-2.0\t\n"
    "190\tFight\t-10.0\t\n";

constexpr std::string_view kTabariVerbs = R"(<SYNSETS>
&TIES
+DIPLOMATIC
+ECONOMIC
</SYNSETS>
<TIME>
YESTERDAY [-1]
</TIME>
RESTORE  [---] ;pas 1 Jan 2000
- * &TIES TIES  [064] ; a set in the pattern
ACKNOWLEDGE  [023]
ATTACK_ [190]
{ ATTACKED_ ATTACKING_ }
DENOUNCE [111]
- * { HARSHLY | FIERCELY } [111]
)";

const Pattern* FindPattern(const PatternSet& set, std::string_view code, bool verb_only) {
  for (const Pattern& p : set.impl().patterns) {
    if (p.code == code && p.id.starts_with("petr-verb-") == verb_only) {
      return &p;
    }
  }
  return nullptr;
}

TEST(TabariVerbsTest, ReadsVerbsPatternsSetsAndAlternatives) {
  Codebook codebook;
  ASSERT_TRUE(codebook.AddFile("test.tsv", kCodebook).ok());
  PatternSet patterns;
  VerbDictStats stats;
  Status st = patterns.AddTabariVerbs("Demo.verbs", kTabariVerbs, codebook, &stats);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(stats.blocks, 4U);         // one per verb line; <TIME> phrases are not verbs
  EXPECT_EQ(stats.verbs, 4U);
  EXPECT_EQ(stats.patterns_read, 3U);  // the {|} pattern became two
  // RESTORE codes nothing itself but its "&TIES TIES" pattern does, once per set member.
  const Pattern* ties = FindPattern(patterns, "064", false);
  ASSERT_NE(ties, nullptr);
  EXPECT_EQ(FindPattern(patterns, "064", true), nullptr);
  size_t tie_phrases = 0;
  const PatternSet::Impl& impl = patterns.impl();
  for (const PatternPhrase& ph : impl.phrases) {
    tie_phrases += impl.patterns[ph.pattern].id == ties->id ? 1 : 0;
  }
  EXPECT_EQ(tie_phrases, 4U);  // 2 members × (adjacent, with a gap after the verb)
  EXPECT_NE(FindPattern(patterns, "023", true), nullptr);
  EXPECT_NE(FindPattern(patterns, "190", true), nullptr);
  // The forms line belongs to ATTACK_: "attacking" matches the base word "attack".
  const int64_t attacking = impl.Find("attacking");
  ASSERT_GE(attacking, 0);
  EXPECT_FALSE(impl.bases_of[static_cast<size_t>(attacking)].empty());
  EXPECT_GE(impl.Find("harshly"), 0);
  EXPECT_GE(impl.Find("fiercely"), 0);
  EXPECT_LT(impl.Find("yesterday"), 0);
}

TEST(TabariVerbsTest, CodesOutsideTheCodebookAreCountedNotLoaded) {
  Codebook codebook;
  ASSERT_TRUE(codebook.AddFile("test.tsv", kCodebook).ok());
  PatternSet patterns;
  VerbDictStats stats;
  ASSERT_TRUE(patterns.AddTabariVerbs("x.verbs", "ABANDON [345]\n- * EFFORT [987]\n", codebook,
                                      &stats)
                  .ok());
  EXPECT_EQ(stats.dropped_unknown_code, 1U);
  EXPECT_EQ(patterns.size(), 0U);
}

}  // namespace
}  // namespace casus
