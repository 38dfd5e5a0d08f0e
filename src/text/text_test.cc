#include "text/text.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace casus {
namespace {

std::vector<std::string> Tokens(const std::string& text) {
  Document doc;
  doc.text = text;
  text::Tokenize(&doc);
  std::vector<std::string> out;
  for (uint32_t i = 0; i < doc.tokens.size(); ++i) {
    out.emplace_back(doc.TokenText(i));
  }
  return out;
}

std::vector<std::string> Sentences(const std::string& text) {
  Document doc;
  doc.text = text;
  text::Tokenize(&doc);
  std::vector<std::string> out;
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    out.emplace_back(doc.SentenceText(s));
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(TokenizeTest, SplitsClitics) {
  EXPECT_EQ(Tokens("Assad's men don't know."),
            (Strings{"Assad", "'s", "men", "do", "n't", "know", "."}));
  EXPECT_EQ(Tokens("We’ll see; they’re here, I’m sure."),
            (Strings{"We", "’ll", "see", ";", "they", "’re", "here", ",", "I", "’m", "sure", "."}));
  EXPECT_EQ(Tokens("The rebels' gains"), (Strings{"The", "rebels", "'", "gains"}));
}

TEST(TokenizeTest, KeepsHyphenatedWordsAndSplitsDashes) {
  EXPECT_EQ(Tokens("Iran-backed fighters—and others"),
            (Strings{"Iran-backed", "fighters", "—", "and", "others"}));
  EXPECT_EQ(Tokens("war -- again"), (Strings{"war", "--", "again"}));
}

TEST(TokenizeTest, NumbersPercentAndCurrency) {
  EXPECT_EQ(Tokens("1,200 people (3.5%) paid $40."),
            (Strings{"1,200", "people", "(", "3.5", "%", ")", "paid", "$", "40", "."}));
}

TEST(TokenizeTest, QuotesAreSeparateTokens) {
  EXPECT_EQ(Tokens("“very concerned,” he said"),
            (Strings{"“", "very", "concerned", ",", "”", "he", "said"}));
  EXPECT_EQ(Tokens("\"No.\""), (Strings{"\"", "No", ".", "\""}));
}

TEST(TokenizeTest, AbbreviationsKeepTheirPeriod) {
  EXPECT_EQ(Tokens("U.S. Gen. Smith left."), (Strings{"U.S.", "Gen.", "Smith", "left", "."}));
  EXPECT_EQ(Tokens("Wait..."), (Strings{"Wait", "..."}));
}

TEST(TokenizeTest, NormFoldsCaseQuotesAndDashes) {
  EXPECT_EQ(text::NormalizeToken("Regime’s"), "regime's");
  EXPECT_EQ(text::NormalizeToken("“"), "\"");
  EXPECT_EQ(text::NormalizeToken("—"), "-");
  EXPECT_EQ(text::NormalizeToken("ÇAVUŞOĞLU"), "çavuşoğlu");
}

TEST(TokenizeTest, FlagsAndOffsets) {
  Document doc;
  doc.text = "The UN met";
  text::Tokenize(&doc);
  ASSERT_EQ(doc.tokens.size(), 3U);
  EXPECT_TRUE(doc.tokens.flags[0] & kTokenCapitalized);
  EXPECT_FALSE(doc.tokens.flags[0] & kTokenAllCaps);
  EXPECT_TRUE(doc.tokens.flags[1] & kTokenAllCaps);
  EXPECT_TRUE(doc.tokens.flags[1] & kTokenSpaceAfter);
  EXPECT_FALSE(doc.tokens.flags[2] & kTokenSpaceAfter);
  EXPECT_EQ(doc.tokens.begin[2], 7U);
  EXPECT_EQ(doc.Norm(1), "un");
}

TEST(SplitTest, SentencesEndAtFinalPunctuation) {
  EXPECT_EQ(Sentences("Talks failed. Fighting resumed! Why? Nobody knows."),
            (Strings{"Talks failed.", "Fighting resumed!", "Why?", "Nobody knows."}));
}

TEST(SplitTest, AbbreviationsInitialsAndNumbersDoNotSplit) {
  EXPECT_EQ(Sentences("Mr. Blinken and George W. Bush met on Sept. 3. It rained."),
            (Strings{"Mr. Blinken and George W. Bush met on Sept. 3.", "It rained."}));
  EXPECT_EQ(Sentences("He won 95.19% of votes."), (Strings{"He won 95.19% of votes."}));
}

TEST(SplitTest, QuoteAttributionStaysInSentence) {
  EXPECT_EQ(Sentences("“We are ready,” he said. “Go.” She left."),
            (Strings{"“We are ready,” he said.", "“Go.”", "She left."}));
  EXPECT_EQ(Sentences("“Why?” he asked."), (Strings{"“Why?” he asked."}));
}

TEST(SplitTest, NeverCrossesLinesAndTrimsSpace) {
  Document doc;
  doc.text = "HEADLINE here\n\n  Body text.\u00A0\nMore";
  text::Tokenize(&doc);
  ASSERT_EQ(doc.sentences.size(), 3U);
  EXPECT_EQ(doc.SentenceText(0), "HEADLINE here");
  EXPECT_EQ(doc.SentenceText(1), "Body text.");
  EXPECT_EQ(doc.SentenceText(2), "More");
  EXPECT_EQ(doc.sentences[1].paragraph, 1U);
  EXPECT_EQ(doc.sentences[2].paragraph, 2U);
}

TEST(SplitTest, EmptyAndWhitespaceOnlyText) {
  EXPECT_TRUE(Sentences("").empty());
  EXPECT_TRUE(Sentences(" \n\t\n").empty());
}

TEST(TokenizeTest, StageAssignsLayers) {
  auto stage = MakeTokenizer();
  EXPECT_EQ(stage->Name(), "text.tokenize");
  Document doc;
  doc.text = "A b.";
  EXPECT_TRUE(stage->Annotate(doc).ok());
  EXPECT_EQ(doc.tokens.size(), 3U);
}

}  // namespace
}  // namespace casus

namespace casus {
namespace {

std::vector<std::string> Roles(Document* doc) {
  text::Tokenize(doc);
  text::AnalyzeLayout(doc);
  std::vector<std::string> out;
  for (uint32_t s = 0; s < doc->sentences.size(); ++s) {
    out.push_back(std::string(SentenceRoleName(doc->sentences[s].role)) + ": " +
                  std::string(doc->SentenceText(s)));
  }
  return out;
}

TEST(LayoutTest, FurnitureHeadlineDeckAndCrosshead) {
  Document doc;
  doc.meta.publisher = "Casus Wire";
  doc.text =
      "Share\n\n"
      "Rebels seize town as talks stall\n\n"
      "\"We will not stop until the siege is lifted across the whole province,\" a commander "
      "said.\n\n"
      "Casus Wire WORLD\n"
      "Published December 02,2024\n"
      "By Jane Roe\n\n"
      "Rebels took the town on Monday.\n\n"
      "A long war\n\n"
      "\"We will not stop until the siege is lifted across the whole province,\" a commander "
      "said.\n";
  EXPECT_EQ(Roles(&doc),
            (Strings{"furniture: Share", "headline: Rebels seize town as talks stall",
                     "deck: \"We will not stop until the siege is lifted across the whole "
                     "province,\" a commander said.",
                     "furniture: Casus Wire WORLD", "furniture: Published December 02,2024",
                     "furniture: By Jane Roe", "body: Rebels took the town on Monday.",
                     "crosshead: A long war",
                     "body: \"We will not stop until the siege is lifted across the whole "
                     "province,\" a commander said."}));
  EXPECT_EQ(doc.meta.headline, "Rebels seize town as talks stall");
  EXPECT_EQ(doc.meta.published.ToString(), "2024-12-02");
  EXPECT_EQ(doc.meta.date_basis, "text");
  EXPECT_EQ(doc.meta.removed.size(), 4U);
}

TEST(LayoutTest, PublisherFromAnOutletLineOrADateline) {
  Document outlet_line;
  outlet_line.text =
      "Rebels seize town as talks stall\n\nAnadolu Agency WORLD\n\nRebels took the town on "
      "Monday.\n";
  Roles(&outlet_line);
  EXPECT_EQ(outlet_line.meta.publisher, "Anadolu Agency");
  EXPECT_EQ(outlet_line.meta.removed, (Strings{"Anadolu Agency WORLD"}));

  Document dateline;
  dateline.text = "BEIRUT (Reuters) - Rebels took the town on Monday.\n";
  Roles(&dateline);
  EXPECT_EQ(dateline.meta.publisher, "Reuters");
  EXPECT_TRUE(dateline.meta.removed.empty());

  Document neither;
  neither.meta.publisher = "Given Outlet";
  neither.text = "Reuters\n\nBEIRUT (AFP) - Rebels took the town.\n";
  Roles(&neither);
  EXPECT_EQ(neither.meta.publisher, "Given Outlet");  // metadata wins
}

TEST(LayoutTest, MetadataWinsAndPlainBodiesStayBody) {
  Document doc;
  doc.meta.headline = "Given";
  doc.meta.published = Date::Day(2021, 7, 30);
  doc.text = "Turkey condemned Israel.\nThe talks failed.\nPublished July 1, 2021\n";
  EXPECT_EQ(Roles(&doc), (Strings{"body: Turkey condemned Israel.", "body: The talks failed.",
                                  "furniture: Published July 1, 2021"}));
  EXPECT_EQ(doc.meta.headline, "Given");
  EXPECT_EQ(doc.meta.published.ToString(), "2021-07-30");
}

TEST(LayoutTest, WrittenDates) {
  EXPECT_EQ(text::ParseWrittenDate("Published December 02,2024")->ToString(), "2024-12-02");
  EXPECT_EQ(text::ParseWrittenDate("Updated Dec. 2, 2024 10:31")->ToString(), "2024-12-02");
  EXPECT_EQ(text::ParseWrittenDate("2 December 2024")->ToString(), "2024-12-02");
  EXPECT_EQ(text::ParseWrittenDate("posted 2024-12-02T10:00")->ToString(), "2024-12-02");
  EXPECT_FALSE(text::ParseWrittenDate("Published by Reuters").has_value());
  EXPECT_FALSE(text::ParseWrittenDate("February 30, 2024").has_value());
}

}  // namespace
}  // namespace casus
