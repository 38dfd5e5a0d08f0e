#include "events/events.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/utf8.h"
#include "events/patterns_internal.h"

namespace casus {
namespace {

constexpr std::string_view kCodebook =
    "code\troot\tquad\tgoldstein\tplover\tname\n"
    "040\t04\t1\t1.0\tCONSULT\tConsult\n"
    "0256\t02\t1\t3.0\t\tAppeal for de-escalation\n"
    "111\t11\t3\t-2.0\tDISAPPROVE\tCriticize or denounce\n"
    "190\t19\t4\t-10.0\tASSAULT\tUse conventional military force\n"
    "195\t19\t4\t-10.0\tASSAULT\tEmploy aerial weapons\n"
    "046\t04\t1\t7.0\tCONSULT\tEngage in negotiation\n";

constexpr std::string_view kPatterns = R"(# test patterns
0256 call-deescalate: call on * to de-escalate | urge * to de-escalate
111 condemn: condemn | denounce
190 attack: attack
190 clash [reciprocal]: clash with | clash
190 clashes [nominal reciprocal]: clash between
195 bomb: bomb | launch airstrike on
195 airstrike [nominal]: airstrike on | airstrike against
040 meet: meet | meet with
046 talks [nominal reciprocal]: talk between | talk with
)";

// Builds a document by hand: tokens split on spaces, one sentence, and actor mentions marked
// as [CODE words] in the text.
Document Build(const std::string& marked) {
  Document doc;
  std::vector<std::pair<TokenSpan, std::string>> mentions;
  std::string code;
  uint32_t mention_begin = 0;
  size_t pos = 0;
  while (pos < marked.size()) {
    if (marked[pos] == ' ') {
      ++pos;
      continue;
    }
    if (marked[pos] == '[') {
      size_t space = marked.find(' ', pos);
      code = marked.substr(pos + 1, space - pos - 1);
      mention_begin = static_cast<uint32_t>(doc.tokens.size());
      pos = space + 1;
      continue;
    }
    size_t end = marked.find_first_of(" ]", pos);
    if (end == std::string::npos) {
      end = marked.size();
    }
    std::string word = marked.substr(pos, end - pos);
    if (!doc.text.empty()) {
      doc.text += ' ';
    }
    auto begin = static_cast<uint32_t>(doc.text.size());
    doc.text += word;
    doc.tokens.Add(begin, static_cast<uint32_t>(doc.text.size()),
                   doc.strings.Intern(utf8::MatchForm(word)), 0);
    pos = end;
    if (pos < marked.size() && marked[pos] == ']') {
      mentions.push_back({{mention_begin, static_cast<uint32_t>(doc.tokens.size())}, code});
      ++pos;
    }
  }
  doc.sentences.push_back({{0, static_cast<uint32_t>(doc.text.size())},
                           {0, static_cast<uint32_t>(doc.tokens.size())},
                           0});
  for (auto& [span, c] : mentions) {
    doc.mentions.push_back({span, 0, c, "test"});
  }
  doc.meta.published = Date::Day(2024, 12, 2);
  doc.layers = kLayerText | kLayerSentences | kLayerTokens | kLayerActors;
  return doc;
}

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto codebook = std::make_shared<Codebook>();
    ASSERT_TRUE(codebook->AddFile("test.tsv", kCodebook).ok());
    auto patterns = std::make_shared<PatternSet>();
    Status st = patterns->AddFile("test.patterns", kPatterns, *codebook);
    ASSERT_TRUE(st.ok()) << st.ToString();
    codebook_ = codebook;
    patterns_ = patterns;
    coder_ = MakeEventCoder(codebook_, patterns_);
  }

  std::vector<std::string> Code(const std::string& marked) {
    Document doc = Build(marked);
    EXPECT_TRUE(coder_->Annotate(doc).ok());
    std::vector<std::string> out;
    for (const Event& e : doc.events) {
      out.push_back(e.source.code + " " + (e.target ? e.target->code : "-") + " " + e.code);
    }
    return out;
  }

  std::shared_ptr<const Codebook> codebook_;
  std::shared_ptr<const PatternSet> patterns_;
  std::unique_ptr<Stage> coder_;
};

using Strings = std::vector<std::string>;

TEST_F(EventsTest, SubjectVerbObject) {
  EXPECT_EQ(Code("[TUR Turkey] condemned [ISR Israel] on Monday ."), (Strings{"TUR ISR 111"}));
  EXPECT_EQ(Code("[IRN Iran] met with [TUR Turkey] ."), (Strings{"IRN TUR 040"}));
}

TEST_F(EventsTest, GapHoldsTheTarget) {
  EXPECT_EQ(Code("[USA The United States] called on [RUS Russia] to de-escalate in [SYR Syria] ."),
            (Strings{"USA RUS 0256"}));
}

TEST_F(EventsTest, PassiveSwapsSourceAndTarget) {
  EXPECT_EQ(Code("[SYRREB Syrian rebels] were attacked by [RUSMIL Russian forces] ."),
            (Strings{"RUSMIL SYRREB 190"}));
  EXPECT_EQ(Code("[SYRREB Syrian rebels] were attacked on Monday ."), Strings{});
}

TEST_F(EventsTest, NegationAndHypotheticalsGiveNoEvent) {
  EXPECT_EQ(Code("[ISR Israel] did not attack [LBN Lebanon] ."), Strings{});
  EXPECT_EQ(Code("[ISR Israel] would attack [LBN Lebanon] ."), Strings{});
  EXPECT_EQ(Code("If [ISR Israel] attacks [LBN Lebanon] , war follows ."), Strings{});
}

TEST_F(EventsTest, ConjoinedActorsGiveOneEventEach) {
  EXPECT_EQ(Code("[USA Washington] and [FRA Paris] condemned [RUS Moscow] ."),
            (Strings{"USA RUS 111", "FRA RUS 111"}));
  EXPECT_EQ(Code("[TUR Turkey] condemned [ISR Israel] and [IRN Iran] ."),
            (Strings{"TUR ISR 111", "TUR IRN 111"}));
}

TEST_F(EventsTest, ReciprocalPatterns) {
  EXPECT_EQ(Code("[SYRMIL Army troops] and [SYRREB rebels] clashed ."),
            (Strings{"SYRMIL SYRREB 190", "SYRREB SYRMIL 190"}));
  EXPECT_EQ(Code("the clashes between [SYRMIL regime forces] and [SYRREB opposition fighters]"),
            (Strings{"SYRMIL SYRREB 190", "SYRREB SYRMIL 190"}));
}

TEST_F(EventsTest, NominalTriggersTakeAdjacentActor) {
  EXPECT_EQ(Code("[RUS Russian] airstrikes on [SYRREB rebel] positions"),
            (Strings{"RUS SYRREB 195"}));
  EXPECT_EQ(Code("airstrikes on [SYRREB rebel] positions"), Strings{});
}

TEST_F(EventsTest, NounInObjectSlotDoesNotBorrowTheVerbSubject) {
  EXPECT_EQ(Code("[TUR Turkey] condemned airstrikes on [SYRCVL civilians] ."),
            (Strings{"TUR SYRCVL 111"}));
}

TEST_F(EventsTest, CoordinatedVerbKeepsItsSubject) {
  EXPECT_EQ(Code("[TUR Turkey] condemned [ISR Israel] and called on [RUS Russia] to de-escalate ."),
            (Strings{"TUR ISR 111", "TUR RUS 0256"}));
}

TEST_F(EventsTest, EventFieldsComeFromTheCodebook) {
  Document doc = Build("[TUR Turkey] condemned [ISR Israel] , officials said .");
  ASSERT_TRUE(coder_->Annotate(doc).ok());
  ASSERT_EQ(doc.events.size(), 1U);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.root, "11");
  EXPECT_EQ(e.quad, 3);
  EXPECT_DOUBLE_EQ(e.goldstein, -2.0);
  EXPECT_EQ(e.plover, "DISAPPROVE");
  EXPECT_EQ(e.pattern, "condemn");
  EXPECT_EQ(doc.Slice(e.trigger), "condemned");
  EXPECT_EQ(e.date.ToString(), "2024-12-02");
  EXPECT_EQ(e.date_basis, "publication date");
  EXPECT_TRUE(e.flags & kEventReported);
  EXPECT_GT(e.confidence, 0.5);
  EXPECT_LT(e.confidence, 1.0);
}

TEST(PatternSetTest, InflectsBaseForms) {
  Codebook codebook;
  ASSERT_TRUE(codebook.AddFile("t.tsv", kCodebook).ok());
  PatternSet patterns;
  ASSERT_TRUE(
      patterns.AddFile("t.patterns", "040 meet: meet\n190 ban: ban | try\n", codebook).ok());
  for (const char* form :
       {"meet", "meets", "met", "meeting", "ban", "banned", "bans", "banning", "tried", "tries"}) {
    EXPECT_GE(patterns.impl().Find(form), 0) << form;
  }
}

TEST(PatternSetTest, ErrorsNameFileAndLine) {
  Codebook codebook;
  ASSERT_TRUE(codebook.AddFile("t.tsv", kCodebook).ok());
  PatternSet a;
  Status st = a.AddFile("x.patterns", "# c\n999 nope: attack\n", codebook);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("x.patterns:2"), std::string::npos) << st.ToString();
  PatternSet b;
  EXPECT_FALSE(b.AddFile("x.patterns", "190 a: attack\n190 a: hit\n", codebook).ok());
  PatternSet c;
  EXPECT_FALSE(c.AddFile("x.patterns", "190 a [weird]: attack\n", codebook).ok());
  PatternSet d;
  EXPECT_FALSE(d.AddFile("x.patterns", "190 a: attack *\n", codebook).ok());
  PatternSet e;
  EXPECT_FALSE(e.AddFile("x.patterns", "190 a attack\n", codebook).ok());
}

}  // namespace
}  // namespace casus

namespace casus {
namespace {

// PETRARCH's CAMEO verb dictionary format, with the constructs casus keeps and drops.
constexpr std::string_view kPetrarchVerbs = R"(# test verbs
&TALKS
+TALKS
+NEGOTIATIONS

--- MEET [040] ---
MEET {MET MEETING MEETS}
CONFER
- * (WITH +) &TALKS [046]
- * + [---]
- % * [040]
- * $ AGAIN [040]
- * DEAL [999]

--- CONDEMN [111] ---
CONDEMN
DENOUNCE
- * ATTACK [111:111]

--- HOST [---] ---
HOST
- * + [040]
- * + [046]
)";

TEST(PetrarchVerbsTest, ConvertsWhatCasusCanExpressAndCountsTheRest) {
  Codebook codebook;
  ASSERT_TRUE(codebook.AddFile("test.tsv", kCodebook).ok());
  auto patterns = std::make_shared<PatternSet>();
  VerbDictStats stats;
  Status st = patterns->AddPetrarchVerbs("verbs.txt", kPetrarchVerbs, codebook, &stats);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(stats.blocks, 3U);
  EXPECT_EQ(stats.verbs, 5U);
  EXPECT_EQ(stats.patterns_read, 8U);
  EXPECT_EQ(stats.verb_codes_from_patterns, 1U);  // HOST: 040 from "- * + [040]"
  EXPECT_EQ(stats.dropped_no_right_words, 1U);    // the second one
  EXPECT_EQ(stats.dropped_null_code, 1U);
  EXPECT_EQ(stats.dropped_compound, 1U);
  EXPECT_EQ(stats.dropped_source_after, 1U);
  EXPECT_EQ(stats.dropped_unknown_code, 1U);
  // Two patterns (talks, attack) and one verb-only trigger per block.
  EXPECT_EQ(stats.patterns_made, 5U);
  EXPECT_EQ(patterns->size(), 5U);
  const PatternSet::Impl& impl = patterns->impl();
  // The irregular form spelled out in {...} matches its base.
  int64_t met = impl.Find("met");
  ASSERT_GE(met, 0);
  EXPECT_FALSE(impl.bases_of[static_cast<size_t>(met)].empty());
  bool reciprocal_attack = false;
  for (const Pattern& p : impl.patterns) {
    if (p.code == "111" && !p.id.starts_with("petr-verb-")) {
      reciprocal_attack = (p.flags & kPatternReciprocal) != 0;
    }
  }
  EXPECT_TRUE(reciprocal_attack);

  auto coder = MakeEventCoder(std::make_shared<Codebook>(std::move(codebook)), patterns);
  Document doc = Build("[IRN Iran] met with [TUR Turkey] for talks .");
  ASSERT_TRUE(coder->Annotate(doc).ok());
  ASSERT_FALSE(doc.events.empty());
  EXPECT_EQ(doc.events[0].code, "046");
}

}  // namespace
}  // namespace casus
