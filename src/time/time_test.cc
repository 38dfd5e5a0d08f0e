#include "time/time.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace casus {
namespace {

// One sentence, tokens split on spaces (the tokenizer is another stage).
Document Sentence(const std::string& text, const std::string& published) {
  Document doc;
  doc.text = text;
  if (!published.empty()) {
    doc.meta.published = *Date::Parse(published);
  }
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string_view word = std::string_view(text).substr(pos, end - pos);
    uint8_t flags = (word[0] >= 'A' && word[0] <= 'Z') ? kTokenCapitalized : 0;
    doc.tokens.Add(static_cast<uint32_t>(pos), static_cast<uint32_t>(end),
                   doc.strings.Intern(utf8::MatchForm(word)), flags);
    pos = end;
  }
  doc.sentences.push_back(
      {{0, static_cast<uint32_t>(text.size())}, {0, static_cast<uint32_t>(doc.tokens.size())}, 0});
  return doc;
}

// "expression=date" for every expression found.
std::vector<std::string> Find(const std::string& text, const std::string& published) {
  Document doc = Sentence(text, published);
  std::vector<std::string> out;
  for (const TimeExpression& e : temporal::FindExpressions(doc, 0, doc.meta.published)) {
    out.push_back(std::string(doc.Slice(doc.TokenBytes(e.tokens))) + "=" + e.date.ToString() +
                  (e.speech_time ? " (speech)" : ""));
  }
  return out;
}

using Strings = std::vector<std::string>;

// 2021-07-30 was a Friday; 2021-08-19 a Thursday; 2024-12-02 a Monday.
TEST(TimeTest, WeekdaysAreTheMostRecentOnOrBeforePublication) {
  EXPECT_EQ(Find("an official said Friday", "2021-07-30"), (Strings{"Friday=2021-07-30 (speech)"}));
  EXPECT_EQ(Find("talks on Tuesday failed", "2021-08-19"), (Strings{"Tuesday=2021-08-17"}));
  EXPECT_EQ(Find("clashes on Tuesday night", "2021-08-19"), (Strings{"Tuesday night=2021-08-17"}));
  EXPECT_EQ(Find("last Monday", "2024-12-02"), (Strings{"Monday=2024-11-25"}));
  EXPECT_EQ(Find("they will meet on Wednesday", "2024-12-02"), (Strings{"Wednesday=2024-12-04"}));
}

TEST(TimeTest, TheClauseDecidesWhetherAWeekdayIsAhead) {
  // The modal may stand far before the weekday, or after a sentence-opening weekday.
  EXPECT_EQ(Find("the Turkish foreign minister will meet the Iraqi prime minister on Friday",
                 "2024-12-04"),
            (Strings{"Friday=2024-12-06"}));
  EXPECT_EQ(Find("On Friday , the minister will travel to Baghdad", "2024-12-04"),
            (Strings{"Friday=2024-12-06"}));
  EXPECT_EQ(Find("the envoy is due to arrive in Damascus on Friday", "2024-12-04"),
            (Strings{"Friday=2024-12-06"}));
  // A speech verb ends the clause: the statement was made on Friday, whatever it announced.
  EXPECT_EQ(Find("the ministry said on Friday it will respond", "2024-12-04"),
            (Strings{"Friday=2024-11-29 (speech)"}));
  EXPECT_EQ(Find("On Friday , the minister said the army will withdraw", "2024-12-04"),
            (Strings{"Friday=2024-11-29"}));
}

TEST(TimeTest, DatesWithAndWithoutYear) {
  EXPECT_EQ(Find("besieged since 25 June", "2021-08-19"), (Strings{"25 June=2021-06-25"}));
  EXPECT_EQ(Find("on June 25 , 2019 it", "2021-08-19"), (Strings{"June 25 , 2019=2019-06-25"}));
  EXPECT_EQ(Find("on 3 December", "2024-12-02"), (Strings{"3 December=2023-12-03"}));
  // The weekday contradicts the date: only the month is safe.
  EXPECT_EQ(Find("on Wednesday , 19 August", "2021-08-19"),
            (Strings{"Wednesday , 19 August=2021-08"}));
}

TEST(TimeTest, MonthsYearsAndRelativePeriods) {
  EXPECT_EQ(Find("since late July", "2021-08-19"), (Strings{"July=2021-07"}));
  EXPECT_EQ(Find("in December", "2021-08-19"), (Strings{"December=2020-12"}));
  EXPECT_EQ(Find("recaptured in 2018", "2021-08-19"), (Strings{"2018=2018"}));
  EXPECT_EQ(Find("this week 's clashes", "2021-07-30"), (Strings{"this week=2021-07"}));
  EXPECT_EQ(Find("last week", "2021-08-02"), (Strings{"last week=2021-07"}));
  EXPECT_EQ(Find("last month", "2021-01-15"), (Strings{"last month=2020-12"}));
  EXPECT_EQ(Find("a decade ago", "2024-12-02"), (Strings{"a decade ago=2014"}));
  EXPECT_EQ(Find("three days ago", "2024-12-02"), (Strings{"three days ago=2024-11-29"}));
  EXPECT_EQ(Find("yesterday", "2024-12-02"), (Strings{"yesterday=2024-12-01"}));
}

TEST(TimeTest, NotTimeExpressions) {
  EXPECT_EQ(Find("Resolution 2254 calls", "2021-07-30"), Strings{});
  EXPECT_EQ(Find("it may rain", "2021-07-30"), Strings{});
  EXPECT_EQ(Find("killed 2018 people", "2021-07-30"), Strings{});
  // Without a publication date only explicit years resolve.
  EXPECT_EQ(Find("on Monday in 2018", ""), (Strings{"2018=2018"}));
}

TEST(TimeTest, StageDatesEventsBySpeechTimeAndOwnClause) {
  Document doc = Sentence("clashes this week , an official said Friday", "2021-07-30");
  Event clash;
  clash.sentence = 0;
  clash.quad = 4;
  clash.trigger = {0, 7};
  clash.date = doc.meta.published;
  Event statement;
  statement.sentence = 0;
  statement.quad = 1;
  statement.trigger = {0, 7};
  doc.events = {clash, statement};
  ASSERT_TRUE(MakeTimeResolver()->Annotate(doc).ok());
  EXPECT_EQ(doc.events[0].date.ToString(), "2021-07");
  EXPECT_EQ(doc.events[0].date_basis, "this week");
  EXPECT_EQ(doc.events[1].date.ToString(), "2021-07-30");
  EXPECT_EQ(doc.events[1].date_basis, "Friday");
}

}  // namespace
}  // namespace casus
