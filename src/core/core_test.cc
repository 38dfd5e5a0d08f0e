#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/event_record.h"
#include "core/pipeline.h"
#include "core/status.h"
#include "core/string_pool.h"
#include "core/utf8.h"

namespace casus {
namespace {

TEST(Status, OkAndErrors) {
  EXPECT_TRUE(Status::OK().ok());
  const Status s = Status::InvalidInput("a.txt: invalid UTF-8 at byte 3");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsInvalidInput());
  EXPECT_EQ(s.message(), "a.txt: invalid UTF-8 at byte 3");
  EXPECT_EQ(s.ToString(), "InvalidInput: a.txt: invalid UTF-8 at byte 3");
  EXPECT_EQ(s.WithContext("ingest").message(), "ingest: a.txt: invalid UTF-8 at byte 3");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
  const Status copy = s;  // NOLINT(performance-unnecessary-copy-initialization): tests the copy
  EXPECT_EQ(copy.message(), s.message());
  EXPECT_TRUE(Status::NotFound("x").IsNotFound());
  EXPECT_TRUE(Status::IOError("x").IsIOError());
  EXPECT_TRUE(Status::Corruption("x").IsCorruption());
}

Status ReturnsEarly(bool fail, int* reached) {
  CASUS_RETURN_IF_ERROR(fail ? Status::IOError("disk") : Status::OK());
  *reached = 1;
  return Status::OK();
}

TEST(Status, ReturnIfError) {
  int reached = 0;
  EXPECT_TRUE(ReturnsEarly(true, &reached).IsIOError());
  EXPECT_EQ(reached, 0);
  EXPECT_TRUE(ReturnsEarly(false, &reached).ok());
  EXPECT_EQ(reached, 1);
}

TEST(Date, ParseAndPrint) {
  EXPECT_EQ(Date::Parse("2024-12-02")->ToString(), "2024-12-02");
  EXPECT_EQ(Date::Parse("2024-12")->ToString(), "2024-12");
  EXPECT_EQ(Date::Parse("2018")->ToString(), "2018");
  EXPECT_EQ(Date::Parse("2024-12-02T10:00:00Z")->ToString(), "2024-12-02");
  EXPECT_EQ(Date::Parse("2024-02-29")->precision, DatePrecision::kDay);
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_FALSE(Date::Parse("2024-13-01"));
  EXPECT_FALSE(Date::Parse("2024-1-1"));
  EXPECT_FALSE(Date::Parse("yesterday"));
  EXPECT_FALSE(Date::Parse(""));
  EXPECT_EQ(Date().ToString(), "");
  EXPECT_EQ(PrecisionName(DatePrecision::kMonth), "month");
}

TEST(Date, CalendarArithmetic) {
  EXPECT_EQ(Date::Day(1970, 1, 1).DaysSinceEpoch(), 0);
  EXPECT_EQ(Date::Day(2024, 12, 2).DaysSinceEpoch(), 20059);
  EXPECT_EQ(Date::FromDaysSinceEpoch(20059), Date::Day(2024, 12, 2));
  EXPECT_EQ(Date::Day(2024, 12, 2).Weekday(), 0);  // a Monday
  EXPECT_EQ(Date::Day(2021, 7, 30).Weekday(), 4);  // a Friday
  EXPECT_EQ(Date::Day(2021, 8, 19).Weekday(), 3);  // a Thursday
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  for (int64_t d = -800; d < 30000; d += 37) {
    EXPECT_EQ(Date::FromDaysSinceEpoch(d).DaysSinceEpoch(), d);
  }
}

TEST(Utf8, FindInvalid) {
  EXPECT_FALSE(utf8::FindInvalid("plain ascii"));
  EXPECT_FALSE(utf8::FindInvalid("Şafak “quoted” — ok 😀"));
  EXPECT_EQ(utf8::FindInvalid("ab\xC3\x28"), 2U);         // bad continuation
  EXPECT_EQ(utf8::FindInvalid("abc\xC0\xAF"), 3U);        // overlong
  EXPECT_EQ(utf8::FindInvalid("\xED\xA0\x80"), 0U);       // surrogate
  EXPECT_EQ(utf8::FindInvalid("x\xF4\x90\x80\x80"), 1U);  // above U+10FFFF
  EXPECT_EQ(utf8::FindInvalid("ok\xE2\x80"), 2U);         // truncated at the end
}

TEST(Utf8, DecodeAndAppendRoundTrip) {
  const std::string text = "a\u00e9\u201c\U0001F600";
  std::string rebuilt;
  size_t pos = 0;
  std::vector<char32_t> cps;
  while (pos < text.size()) {
    cps.push_back(utf8::Decode(text, &pos));
    utf8::Append(cps.back(), &rebuilt);
  }
  EXPECT_EQ(rebuilt, text);
  EXPECT_EQ(cps, (std::vector<char32_t>{U'a', U'\u00e9', U'\u201c', U'\U0001F600'}));
  pos = 0;
  EXPECT_EQ(utf8::Decode("\xFF", &pos), U'\uFFFD');
  EXPECT_EQ(pos, 1U);
}

TEST(StringPool, InternsOnceAndSurvivesCopies) {
  StringPool pool;
  EXPECT_EQ(pool.Find(""), 0U);
  const uint32_t a = pool.Intern("syria");
  EXPECT_EQ(pool.Intern("syria"), a);
  EXPECT_NE(pool.Intern("turkey"), a);
  EXPECT_EQ(pool.Get(a), "syria");
  EXPECT_EQ(pool.Find("iran"), 0U);
  StringPool copy = pool;
  pool.Clear();
  EXPECT_EQ(copy.Find("syria"), a);
  EXPECT_EQ(copy.Get(a), "syria");
  for (int i = 0; i < 10000; ++i) {  // growth keeps earlier views valid
    copy.Intern("w" + std::to_string(i));
  }
  EXPECT_EQ(copy.Get(a), "syria");
  EXPECT_EQ(copy.Find("w9999"), copy.Intern("w9999"));
}

// A stage that records a fixed layer and can be told to fail or throw.
class FakeStage : public Stage {
 public:
  FakeStage(std::string name, LayerSet requires_layers, LayerSet assigns, int mode = 0)
      : name_(std::move(name)), requires_(requires_layers), assigns_(assigns), mode_(mode) {}
  [[nodiscard]] std::string_view Name() const override { return name_; }
  [[nodiscard]] LayerSet Requires() const override { return requires_; }
  [[nodiscard]] LayerSet Assigns() const override { return assigns_; }
  Status Annotate(Document& doc) const override {
    if (mode_ == 1 && doc.id == "bad") {
      return Status::InvalidInput("cannot");
    }
    if (mode_ == 2 && doc.id == "bad") {
      throw std::runtime_error("boom");
    }
    doc.tokens.Add(0, 1, doc.strings.Intern(name_), 0);
    return Status::OK();
  }

 private:
  std::string name_;
  LayerSet requires_;
  LayerSet assigns_;
  int mode_;
};

TEST(Pipeline, CheckRefusesMissingLayers) {
  Pipeline ok;
  ok.Add(std::make_unique<FakeStage>("a.tok", kLayerText, kLayerTokens));
  ok.Add(std::make_unique<FakeStage>("b.act", kLayerTokens, kLayerActors));
  EXPECT_TRUE(ok.Check().ok());
  Pipeline bad;
  bad.Add(std::make_unique<FakeStage>("b.act", kLayerTokens, kLayerActors));
  const Status s = bad.Check();
  EXPECT_TRUE(s.IsInvalidInput());
  EXPECT_NE(std::string(s.message()).find("b.act"), std::string::npos);
}

TEST(Pipeline, RunsStagesInOrderAndRecordsLayers) {
  Pipeline p;
  p.Add(std::make_unique<FakeStage>("a.tok", kLayerText, kLayerTokens));
  p.Add(std::make_unique<FakeStage>("b.act", kLayerTokens, kLayerActors));
  Document doc;
  doc.text = "x";
  ASSERT_TRUE(p.Run(doc).ok());
  ASSERT_EQ(doc.tokens.size(), 2U);
  EXPECT_EQ(doc.Norm(0), "a.tok");
  EXPECT_EQ(doc.Norm(1), "b.act");
  EXPECT_TRUE(doc.Has(kLayerText | kLayerTokens | kLayerActors));
  EXPECT_EQ(p.StageNames(), (std::vector<std::string_view>{"a.tok", "b.act"}));
}

TEST(Pipeline, BatchIsolatesFailuresAndExceptions) {
  for (int mode : {1, 2}) {
    Pipeline p;
    p.Add(std::make_unique<FakeStage>("a.tok", kLayerText, kLayerTokens, mode));
    std::vector<Document> docs(100);
    for (size_t i = 0; i < docs.size(); ++i) {
      docs[i].id = i == 37 ? "bad" : "d" + std::to_string(i);
      docs[i].text = "x";
    }
    std::vector<Status> statuses;
    p.RunBatch(docs, 4, &statuses);
    ASSERT_EQ(statuses.size(), docs.size());
    for (size_t i = 0; i < docs.size(); ++i) {
      EXPECT_EQ(statuses[i].ok(), i != 37) << i;
      EXPECT_EQ(docs[i].tokens.size(), i == 37 ? 0U : 1U) << i;
    }
    EXPECT_NE(std::string(statuses[37].message()).find("a.tok"), std::string::npos);
  }
}

TEST(Document, SpansAndSentences) {
  Document doc;
  doc.text = "Syria said. Iran agreed.";
  doc.tokens.Add(0, 5, doc.strings.Intern("syria"), kTokenCapitalized | kTokenSpaceAfter);
  doc.tokens.Add(6, 10, doc.strings.Intern("said"), 0);
  doc.tokens.Add(10, 11, doc.strings.Intern("."), kTokenSpaceAfter);
  doc.tokens.Add(12, 16, doc.strings.Intern("iran"), kTokenCapitalized);
  doc.tokens.Add(17, 23, doc.strings.Intern("agreed"), 0);
  doc.tokens.Add(23, 24, doc.strings.Intern("."), 0);
  doc.sentences.push_back({{0, 11}, {0, 3}, 0});
  doc.sentences.push_back({{12, 24}, {3, 6}, 0});
  EXPECT_EQ(doc.tokens.head[1], -1);
  EXPECT_EQ(doc.TokenText(3), "Iran");
  EXPECT_EQ(doc.Norm(3), "iran");
  EXPECT_EQ(doc.SentenceText(1), "Iran agreed.");
  EXPECT_EQ(doc.SentenceOf(0), 0U);
  EXPECT_EQ(doc.SentenceOf(4), 1U);
  EXPECT_EQ(doc.Slice(doc.TokenBytes({3, 5})), "Iran agreed");

  Event event;
  event.sentence = 1;
  event.source = {"IRN", {12, 16}, -1};
  event.code = "030";
  event.root = "03";
  event.quad = 1;
  event.date = Date::Day(2024, 12, 2);
  event.date_basis = "publication date";
  event.trigger = {17, 23};
  doc.events.push_back(event);
  doc.id = "d";
  const std::vector<EventRecord> records = MakeEventRecords(doc);
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].sentence, "Iran agreed.");
  EXPECT_EQ(records[0].source_text, "Iran");
  EXPECT_FALSE(records[0].has_target);
  EXPECT_EQ(records[0].trigger, "agreed");
  EXPECT_EQ(records[0].date, "2024-12-02");
  EXPECT_EQ(records[0].date_precision, "day");

  doc.ClearAnnotations();
  EXPECT_EQ(doc.tokens.size(), 0U);
  EXPECT_TRUE(doc.events.empty());
  EXPECT_EQ(doc.text, "Syria said. Iran agreed.");
  EXPECT_EQ(doc.layers, 0U);
}

}  // namespace
}  // namespace casus
