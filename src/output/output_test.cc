#include "output/output.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace casus::output {
namespace {

EventRecord Sample() {
  EventRecord e;
  e.doc_id = "000";
  e.sentence_index = 3;
  e.sentence = "“We urge restraint,” the \"official\" said.\tEnd";
  e.sentence_begin = 10;
  e.sentence_end = 60;
  e.source_code = "USAGOV";
  e.source_text = "the official";
  e.code = "0256";
  e.root = "02";
  e.quad = 1;
  e.goldstein = -0.3;
  e.date = "2024-12-02";
  e.date_precision = "day";
  e.date_basis = "publication date";
  e.trigger = "urge restraint";
  e.trigger_begin = 14;
  e.trigger_end = 28;
  e.pattern = "appeals:urge-restraint";
  e.confidence = 0.85;
  return e;
}

TEST(Output, JsonHasEveryFieldInOrder) {
  const std::string line = EventToJson(Sample());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto j = nlohmann::ordered_json::parse(line);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) {
    keys.push_back(item.key());
  }
  const std::vector<std::string> expected = {
      "doc_id",     "sentence_index", "sentence",     "source",    "target",
      "code",       "root",           "quad",         "goldstein", "plover",
      "date",       "date_precision", "date_basis",   "trigger",   "pattern",
      "confidence", "sentence_span",  "trigger_span", "reported",  "location"};
  EXPECT_EQ(keys, expected);
  EXPECT_TRUE(j["location"].is_null());
  EXPECT_EQ(j["sentence"], Sample().sentence);  // quotes, tab escaped and restored
  EXPECT_TRUE(j["target"].is_null());
  EXPECT_TRUE(j["plover"].is_null());
  EXPECT_EQ(j["source"]["code"], "USAGOV");
  EXPECT_DOUBLE_EQ(j["goldstein"].get<double>(), -0.3);
  EXPECT_DOUBLE_EQ(j["confidence"].get<double>(), 0.85);
  EXPECT_EQ(j["trigger_span"], nlohmann::json::array({14, 28}));
  EXPECT_EQ(j["reported"], false);
}

TEST(Output, JsonTargetAndUnknownDate) {
  EventRecord e = Sample();
  e.has_target = true;
  e.target_code = "SYR";
  e.target_text = "Syria";
  e.date.clear();
  e.date_precision.clear();
  e.flags = kEventReported;
  const auto j = nlohmann::json::parse(EventToJson(e));
  EXPECT_EQ(j["target"]["code"], "SYR");
  EXPECT_EQ(j["target"]["text"], "Syria");
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_TRUE(j["date_precision"].is_null());
  EXPECT_EQ(j["reported"], true);
}

TEST(Output, JsonLocationObject) {
  EventRecord e = Sample();
  e.location = EventLocation{
      "Dar'a", "city", "SY", "Daraa", 32.62, 36.1, true, 170905, "clause: 'in Daraa'"};
  auto j = nlohmann::json::parse(EventToJson(e));
  EXPECT_EQ(j["location"]["name"], "Dar'a");
  EXPECT_EQ(j["location"]["feature"], "city");
  EXPECT_EQ(j["location"]["country"], "SY");
  EXPECT_EQ(j["location"]["admin1"], "Daraa");
  EXPECT_DOUBLE_EQ(j["location"]["lat"].get<double>(), 32.62);
  EXPECT_EQ(j["location"]["geonames_id"], 170905);
  EXPECT_EQ(j["location"]["basis"], "clause: 'in Daraa'");
  e.location = EventLocation{"Euphrates River", "river", "SY", "", 0, 0, false, 0, "sentence"};
  j = nlohmann::json::parse(EventToJson(e));
  EXPECT_TRUE(j["location"]["lat"].is_null());
  EXPECT_TRUE(j["location"]["admin1"].is_null());
  EXPECT_TRUE(j["location"]["geonames_id"].is_null());
}

TEST(Output, JsonStringEscapesControls) {
  std::string out;
  AppendJsonString(std::string("a\x01\"\\\n", 5), &out);
  EXPECT_EQ(out, "\"a\\u0001\\\"\\\\\\n\"");
  out.clear();
  AppendJsonNumber(2.0, &out);
  out += ' ';
  AppendJsonNumber(-9.5, &out);
  out += ' ';
  AppendJsonNumber(0.123456, &out);
  EXPECT_EQ(out, "2.0 -9.5 0.1235");
}

TEST(Output, CsvQuotesAndHeader) {
  std::ostringstream s;
  EventWriter writer(&s, EventFormat::kCsv);
  writer.Write(Sample());
  writer.Finish();
  std::istringstream lines(s.str());
  std::string header;
  std::getline(lines, header);
  std::string joined;
  for (std::string_view c : CsvColumns()) {
    joined += (joined.empty() ? "" : ",") + std::string(c);
  }
  EXPECT_EQ(header, joined);
  const std::string body = s.str().substr(header.size() + 1);
  EXPECT_EQ(body.rfind("000,3,USAGOV,the official,,,0256,02,1,", 0), 0U) << body;
  // The sentence holds a double quote: the field is quoted and the quote doubled.
  EXPECT_NE(body.find("\"“We urge restraint,” the \"\"official\"\" said.\tEnd\""),
            std::string::npos)
      << body;
  EXPECT_EQ(writer.count(), 1U);
}

TEST(Output, EmptyCsvStillHasHeader) {
  std::ostringstream s;
  EventWriter writer(&s, EventFormat::kCsv);
  writer.Finish();
  EXPECT_EQ(s.str().rfind("doc_id,", 0), 0U);
}

TEST(Output, TableShowsEvents) {
  std::ostringstream s;
  EventWriter writer(&s, EventFormat::kTable);
  writer.Write(Sample());
  writer.Finish();
  EXPECT_NE(s.str().find("USAGOV"), std::string::npos);
  EXPECT_NE(s.str().find("0256"), std::string::npos);
}

TEST(Output, ParseEventFormat) {
  EventFormat f = EventFormat::kTable;
  EXPECT_TRUE(ParseEventFormat("csv", &f).ok());
  EXPECT_EQ(f, EventFormat::kCsv);
  EXPECT_TRUE(ParseEventFormat("jsonl", &f).ok());
  EXPECT_EQ(f, EventFormat::kJsonl);
  EXPECT_FALSE(ParseEventFormat("xml", &f).ok());
}

}  // namespace
}  // namespace casus::output
