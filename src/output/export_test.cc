#include "output/export.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "output/output.h"

namespace casus::output {
namespace {

StoredEvent Sample() {
  StoredEvent s;
  EventRecord& e = s.event;
  e.doc_id = "wire,\"7\"";
  e.sentence_index = 2;
  e.sentence = "Syrian forces shelled Idlib, officials said: \"again\".\nMore\ttext";
  e.source_code = "SYRMIL";
  e.source_text = "Syrian forces";
  e.has_target = true;
  e.target_code = "IGOUNOHLH";
  e.target_text = "the WHO, \"in Idlib\"";
  e.code = "1951";
  e.root = "19";
  e.quad = 4;
  e.goldstein = -10.0;
  e.plover = "ASSAULT";
  e.date = "2024-12-02";
  e.date_precision = "day";
  e.date_basis = "on Monday";
  e.trigger = "shelled";
  e.pattern = "fight:shell";
  e.confidence = 0.75;
  s.id = 123456789;
  s.cluster_id = 987654321;
  s.is_root = true;
  s.url = "https://example.org/a?x=1,2";
  s.publisher = "Example News";
  s.published = "2024-12-03";
  s.coded_at = "2026-12-03T09:30:00Z";
  s.num_mentions = 3;
  s.num_sources = 2;
  s.num_articles = 2;
  return s;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == '\t') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

// An RFC 4180 reader: fields of every record in `text`.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        row.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        row.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.emplace_back();
    } else if (c == '\n') {
      rows.push_back(row);
      row.assign(1, "");
    } else {
      row.back().push_back(c);
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  return rows;
}

bool IsInteger(const std::string& s) {
  if (s.empty()) {
    return false;
  }
  char* end = nullptr;
  std::strtoll(s.c_str(), &end, 10);
  return *end == '\0';
}

bool IsNumber(const std::string& s) {
  if (s.empty()) {
    return false;
  }
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return *end == '\0';
}

TEST(Export, ParsesFormatNames) {
  ExportFormat f = ExportFormat::kJsonl;
  EXPECT_TRUE(ParseExportFormat("gdelt", &f).ok());
  EXPECT_EQ(f, ExportFormat::kGdelt);
  EXPECT_TRUE(ParseExportFormat("plover", &f).ok());
  EXPECT_EQ(f, ExportFormat::kPlover);
  EXPECT_TRUE(ParseExportFormat("csv", &f).ok());
  EXPECT_EQ(f, ExportFormat::kCsv);
  EXPECT_TRUE(ParseExportFormat("xml", &f).IsInvalidInput());
}

TEST(Export, GdeltRowHasTheCodebookColumnsAndTypes) {
  ASSERT_EQ(GdeltColumns().size(), 58U);  // 57 backfile columns + SOURCEURL
  EXPECT_EQ(GdeltColumns().front(), "GlobalEventID");
  EXPECT_EQ(GdeltColumns()[26], "EventCode");
  EXPECT_EQ(GdeltColumns().back(), "SOURCEURL");
  const std::string line = EventToGdelt(Sample());
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const std::vector<std::string> f = SplitTabs(line);
  ASSERT_EQ(f.size(), GdeltColumns().size());
  auto col = [&](std::string_view name) {
    for (size_t i = 0; i < GdeltColumns().size(); ++i) {
      if (GdeltColumns()[i] == name) {
        return f[i];
      }
    }
    ADD_FAILURE() << "no column " << name;
    return std::string();
  };
  // Integer columns.
  for (const char* name : {"GlobalEventID", "Day", "MonthYear", "Year", "IsRootEvent", "QuadClass",
                           "NumMentions", "NumSources", "NumArticles", "DATEADDED"}) {
    EXPECT_TRUE(IsInteger(col(name))) << name << " = '" << col(name) << "'";
  }
  // Numeric columns.
  for (const char* name : {"FractionDate", "GoldsteinScale"}) {
    EXPECT_TRUE(IsNumber(col(name))) << name << " = '" << col(name) << "'";
  }
  EXPECT_EQ(col("GlobalEventID"), "123456789");
  EXPECT_EQ(col("Day"), "20241202");
  EXPECT_EQ(col("MonthYear"), "202412");
  EXPECT_EQ(col("Year"), "2024");
  EXPECT_EQ(col("FractionDate"), "2024.9918");  // 2024 + (12 * 30 + 2) / 365
  EXPECT_EQ(col("Actor1Code"), "SYRMIL");
  EXPECT_EQ(col("Actor1CountryCode"), "SYR");
  EXPECT_EQ(col("Actor1Type1Code"), "MIL");
  EXPECT_EQ(col("Actor2Code"), "IGOUNOHLH");
  EXPECT_EQ(col("Actor2CountryCode"), "");
  EXPECT_EQ(col("Actor2KnownGroupCode"), "UNO");
  EXPECT_EQ(col("Actor2Type1Code"), "IGO");
  EXPECT_EQ(col("Actor2Type2Code"), "HLH");
  EXPECT_EQ(col("IsRootEvent"), "1");
  EXPECT_EQ(col("EventCode"), "1951");
  EXPECT_EQ(col("EventBaseCode"), "195");
  EXPECT_EQ(col("EventRootCode"), "19");
  EXPECT_EQ(col("QuadClass"), "4");
  EXPECT_EQ(col("GoldsteinScale"), "-10.0");
  EXPECT_EQ(col("NumMentions"), "3");
  EXPECT_EQ(col("NumSources"), "2");
  EXPECT_EQ(col("NumArticles"), "2");
  EXPECT_EQ(col("AvgTone"), "");
  EXPECT_EQ(col("ActionGeo_Lat"), "");
  EXPECT_EQ(col("DATEADDED"), "20261203");
  EXPECT_EQ(col("SOURCEURL"), "https://example.org/a?x=1,2");
}

TEST(Export, GdeltRowWithoutTargetOrDateUsesThePublicationDate) {
  StoredEvent s = Sample();
  s.event.has_target = false;
  s.event.target_code.clear();
  s.event.date.clear();
  s.event.code = "01";
  s.event.root = "01";
  s.event.source_text = "a\tname\nwith breaks";
  const std::vector<std::string> f = SplitTabs(EventToGdelt(s));
  ASSERT_EQ(f.size(), 58U);
  EXPECT_EQ(f[1], "20241203");
  EXPECT_EQ(f[6], "a name with breaks");
  EXPECT_EQ(f[15], "");    // Actor2Code
  EXPECT_EQ(f[27], "01");  // EventBaseCode of a root-level code is the code
}

TEST(Export, SplitsActorCodes) {
  ActorParts p = SplitActorCode("USAGOVMIL");
  EXPECT_EQ(p.country, "USA");
  EXPECT_EQ(p.type1, "GOV");
  EXPECT_EQ(p.type2, "MIL");
  p = SplitActorCode("SYRREBMOSSUN");
  EXPECT_EQ(p.type1, "REB");
  EXPECT_EQ(p.religion1, "MOS");
  EXPECT_EQ(p.religion2, "SUN");
  p = SplitActorCode("IGOWSTNAT");
  EXPECT_EQ(p.type1, "IGO");
  EXPECT_EQ(p.known_group, "WST");
  p = SplitActorCode("");
  EXPECT_EQ(p.country, "");
}

TEST(Export, CsvWithCommasQuotesAndNewlinesRoundTrips) {
  std::ostringstream out;
  ExportWriter writer(&out, ExportFormat::kCsv, "casus test");
  const StoredEvent s = Sample();
  writer.Write(s);
  writer.Finish();
  const auto rows = ParseCsv(out.str());
  ASSERT_EQ(rows.size(), 2U);
  ASSERT_EQ(rows[0].size(), ExportCsvColumns().size());
  ASSERT_EQ(rows[1].size(), ExportCsvColumns().size());
  std::map<std::string, std::string> got;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    EXPECT_EQ(rows[0][i], ExportCsvColumns()[i]);
    got[rows[0][i]] = rows[1][i];
  }
  EXPECT_EQ(got["doc_id"], s.event.doc_id);
  EXPECT_EQ(got["sentence"], s.event.sentence);
  EXPECT_EQ(got["target_text"], s.event.target_text);
  EXPECT_EQ(got["url"], s.url);
  EXPECT_EQ(got["id"], "123456789");
  EXPECT_EQ(got["cluster_id"], "987654321");
  EXPECT_EQ(got["num_mentions"], "3");
  EXPECT_EQ(got["goldstein"], "-10.0");
}

TEST(Export, EmptyCsvHasItsHeader) {
  std::ostringstream out;
  ExportWriter writer(&out, ExportFormat::kCsv, "casus test");
  writer.Finish();
  const auto rows = ParseCsv(out.str());
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].size(), ExportCsvColumns().size());
}

TEST(Export, PloverRecordHasTheRequiredFields) {
  const auto j = nlohmann::json::parse(EventToPlover(Sample(), "casus 0.1.0"));
  EXPECT_EQ(j["id"], "casus-123456789");
  EXPECT_EQ(j["date"], "2024-12-02");
  EXPECT_EQ(j["actor"][0]["code"], "SYR");
  EXPECT_EQ(j["actor"][0]["sector"], "MIL");
  EXPECT_EQ(j["actor"][0]["entity_text"], "Syrian forces");
  EXPECT_EQ(j["recipient"][0]["code"], "UNO");
  EXPECT_EQ(j["recipient"][0]["sector"], "IGO");
  EXPECT_EQ(j["event"], nlohmann::json::array({"ASSAULT"}));
  EXPECT_EQ(j["quad_code"], 4);
  EXPECT_EQ(j["event_scale"], -10.0);
  EXPECT_EQ(j["event_text"][0], "shelled");
  EXPECT_EQ(j["text"], Sample().event.sentence);
  EXPECT_EQ(j["cite_info"]["url"], "https://example.org/a?x=1,2");
  EXPECT_EQ(j["link"], "casus-cluster-987654321");
  EXPECT_EQ(j["coder"], "casus 0.1.0");
  EXPECT_EQ(j["coded_date"], "2026-12-03");
}

TEST(Export, PloverMonthDateAndNoTarget) {
  StoredEvent s = Sample();
  s.event.date = "2024-06";
  s.event.date_precision = "month";
  s.event.has_target = false;
  s.event.plover.clear();
  s.cluster_id = 0;
  const auto j = nlohmann::json::parse(EventToPlover(s, "casus"));
  EXPECT_EQ(j["date"], "2024-06-01");
  EXPECT_EQ(j["date_precision"], "month");
  EXPECT_TRUE(j["recipient"].empty());
  EXPECT_TRUE(j["event"].empty());
  EXPECT_TRUE(j["link"].is_null());
}

TEST(Export, JsonlAddsIdsAndCountsToTheEventRecord) {
  std::ostringstream out;
  ExportWriter writer(&out, ExportFormat::kJsonl, "casus");
  writer.Write(Sample());
  writer.Finish();
  EXPECT_EQ(writer.count(), 1U);
  const auto j = nlohmann::ordered_json::parse(out.str());
  EXPECT_EQ(j["doc_id"], Sample().event.doc_id);
  EXPECT_EQ(j["code"], "1951");
  EXPECT_EQ(j["id"], 123456789);
  EXPECT_EQ(j["cluster_id"], 987654321);
  EXPECT_EQ(j["num_sources"], 2);
  EXPECT_EQ(j["publisher"], "Example News");
  // The event record's own fields come first, in their fixed order.
  EXPECT_EQ(j.begin().key(), "doc_id");
}

}  // namespace
}  // namespace casus::output
