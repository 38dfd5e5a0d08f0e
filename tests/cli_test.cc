// End-to-end tests of the `casus` binary: bad input is reported and skipped, exit codes say
// whether the run as a whole failed, and `casus events` returns what `casus code` wrote.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace casus {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const fs::path& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("casus_cli_") + info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs the casus binary with `args` (shell words) in the test directory.
  RunResult Run(const std::string& args, const std::string& stdin_text = "") {
    const fs::path in = dir_ / "stdin.txt";
    const fs::path out = dir_ / "stdout.txt";
    const fs::path err = dir_ / "stderr.txt";
    WriteFile(in, stdin_text);
    const std::string command = "cd '" + dir_.string() + "' && '" + CASUS_BINARY + "' " + args +
                                " <'" + in.string() + "' >'" + out.string() + "' 2>'" +
                                err.string() + "'";
    const int status = std::system(command.c_str());
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = ReadFile(out);
    result.err = ReadFile(err);
    return result;
  }

  fs::path dir_;
};

constexpr const char* kArticle =
    "DAMASCUS, Syria - Syrian army forces attacked rebels in the south on Tuesday.\n\n"
    "The United States condemned Russia on Wednesday, a spokesperson said.\n";

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      lines.push_back(nlohmann::json::parse(line));
    }
  }
  return lines;
}

TEST_F(CliTest, VersionAndHelp) {
  RunResult r = Run("version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("casus ", 0), 0U) << r.out;
  for (const char* sub : {"code", "events", "version"}) {
    r = Run(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub << ": " << r.out;
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Run("").exit_code, 2);
  EXPECT_EQ(Run("code").exit_code, 2);  // no input
  WriteFile(dir_ / "a.txt", kArticle);
  const RunResult r = Run("code a.txt --date 2024-13-45");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("date"), std::string::npos) << r.err;
  EXPECT_EQ(Run("code a.txt --format xml").exit_code, 2);
}

TEST_F(CliTest, BadDocumentsAreReportedAndSkipped) {
  WriteFile(dir_ / "good.txt", kArticle);
  WriteFile(dir_ / "bad_utf8.txt", std::string("Syrian forces\xC3\x28 attacked rebels.\n"));
  WriteFile(dir_ / "empty.txt", "");
  WriteFile(dir_ / "binary.txt", std::string("\x7F"
                                             "ELF\0\0\x01\x02",
                                             8));
  WriteFile(dir_ / "news.jsonl",
            "{\"id\": \"j1\", \"text\": \"Turkish troops attacked Kurdish fighters.\", "
            "\"date\": \"2024-12-02\"}\n"
            "{\"id\": \"j2\", \"text\": \"truncated\n");
  const RunResult r =
      Run("code good.txt bad_utf8.txt empty.txt binary.txt news.jsonl --date 2024-12-03 "
          "--db test.db --out - --format jsonl");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("bad_utf8.txt: invalid UTF-8 at byte 13"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("empty.txt: empty document"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("binary.txt: binary file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("news.jsonl:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("coded 2 documents"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("4 errors"), std::string::npos) << r.err;

  const std::vector<nlohmann::json> events = JsonLines(r.out);
  ASSERT_FALSE(events.empty()) << r.err;
  bool saw_good = false;
  for (const auto& e : events) {
    for (const char* key :
         {"doc_id", "sentence_index", "sentence", "source", "target", "code", "root", "quad",
          "goldstein", "date", "date_precision", "trigger", "pattern", "confidence"}) {
      EXPECT_TRUE(e.contains(key)) << key << " missing in " << e.dump();
    }
    if (e["doc_id"] == "good") {
      saw_good = true;
      // Relative to --date (a Tuesday): "on Tuesday" is that day, "on Wednesday" the week before.
      EXPECT_EQ(e["date"], e["date_basis"] == "Tuesday" ? "2024-12-03" : "2024-11-27") << e.dump();
    } else {
      EXPECT_EQ(e["doc_id"], "j1");
      EXPECT_EQ(e["date"], "2024-12-02");  // the JSONL date wins over --date
    }
  }
  EXPECT_TRUE(saw_good);
}

TEST_F(CliTest, NothingCodedExitsOne) {
  WriteFile(dir_ / "empty.txt", "  \n");
  const RunResult r = Run("code empty.txt --db test.db");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("empty.txt: empty document"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no document could be coded"), std::string::npos) << r.err;
  EXPECT_EQ(Run("code missing.txt --db test.db").exit_code, 1);
}

TEST_F(CliTest, EventsListsWhatCodeWrote) {
  WriteFile(dir_ / "a.txt", kArticle);
  const RunResult coded = Run("code a.txt --date 2024-12-03 --db test.db --out - --format jsonl");
  ASSERT_EQ(coded.exit_code, 0) << coded.err;
  const RunResult listed = Run("events --db test.db --format jsonl");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_FALSE(coded.out.empty());
  EXPECT_EQ(JsonLines(coded.out), JsonLines(listed.out));

  // Coding the same document again replaces it rather than adding to it.
  ASSERT_EQ(Run("code a.txt --date 2024-12-03 --db test.db").exit_code, 0);
  EXPECT_EQ(JsonLines(Run("events --db test.db --format jsonl").out), JsonLines(coded.out));

  const RunResult table = Run("events --db test.db");
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("a"), std::string::npos);
  const RunResult none = Run("events --db test.db --source ZZZ --format jsonl");
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_TRUE(none.out.empty()) << none.out;
}

TEST_F(CliTest, StdinAndCsv) {
  const RunResult r = Run("code - --no-db --date 2024-12-03 --out - --format csv", kArticle);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("doc_id,", 0), 0U) << header;
  std::string first;
  ASSERT_TRUE(std::getline(lines, first));
  EXPECT_EQ(first.rfind("stdin,", 0), 0U) << first;
}

TEST_F(CliTest, ExportFormats) {
  WriteFile(dir_ / "a.txt", kArticle);
  WriteFile(dir_ / "b.txt", kArticle);  // a copy: the same events, a second article
  ASSERT_EQ(Run("code a.txt b.txt --date 2024-12-03 --db test.db -q").exit_code, 0);

  RunResult r = Run("export --db test.db --format gdelt --out events.tsv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream tsv(ReadFile(dir_ / "events.tsv"));
  size_t rows = 0;
  for (std::string line; std::getline(tsv, line); ++rows) {
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 57) << line;
  }
  EXPECT_GE(rows, 2U);

  r = Run("export --db test.db --format gdelt --clusters --out -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream clusters(r.out);
  size_t cluster_rows = 0;
  for (std::string line; std::getline(clusters, line); ++cluster_rows) {
    std::vector<std::string> f(1);
    for (char c : line) {
      if (c == '\t') {
        f.emplace_back();
      } else {
        f.back().push_back(c);
      }
    }
    ASSERT_EQ(f.size(), 58U);
    EXPECT_EQ(f[33], "2") << "NumArticles of " << line;
  }
  EXPECT_EQ(cluster_rows * 2, rows);

  r = Run("export --db test.db --format plover --out -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& j : JsonLines(r.out)) {
    EXPECT_TRUE(j.contains("id") && j.contains("date") && j.contains("actor") &&
                j.contains("event"));
  }
  r = Run("export --db test.db --format csv --out - --source SYR");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("id,cluster_id,doc_id,", 0), 0U) << r.out;
  r = Run("events --db test.db --clusters --format jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonLines(r.out).size(), cluster_rows);
  EXPECT_EQ(Run("export --db test.db --format xml --out x").exit_code, 2);
  EXPECT_EQ(Run("export --db test.db").exit_code, 2);  // --out is required
}

TEST_F(CliTest, StatsFormatsAndHostileFilters) {
  WriteFile(dir_ / "a.txt", kArticle);
  ASSERT_EQ(Run("code a.txt --date 2024-12-03 --db test.db -q").exit_code, 0);
  RunResult r = Run("stats --db test.db --by day --group dyad --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["by"], "day");
  ASSERT_FALSE(j["series"].empty());
  int64_t total = 0;
  for (const auto& row : j["series"]) {
    total += row["events"].get<int64_t>();
  }
  EXPECT_GT(total, 0);
  EXPECT_FALSE(j["top_actors"].empty());
  r = Run("stats --db test.db --by week --format csv --escalation");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("period,group,events,", 0), 0U) << r.out;
  r = Run("stats --db test.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("top actors"), std::string::npos) << r.out;
  // Quotes and semicolons are values, not SQL.
  r = Run("stats --db test.db --format json --source \"SYR'; DROP TABLE events; --\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::parse(r.out)["series"].empty());
  r = Run("export --db test.db --format jsonl --out - --doc \"a' OR '1'='1\"");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  r = Run("stats --db test.db --format json");
  EXPECT_EQ(nlohmann::json::parse(r.out)["series"][0]["events"].get<int64_t>(), total);
  EXPECT_EQ(Run("stats --db test.db --by fortnight").exit_code, 2);
  EXPECT_EQ(Run("stats --db test.db --group \"dyad; DROP TABLE events\"").exit_code, 2);
}

TEST_F(CliTest, MissingDatabaseIsAnError) {
  const RunResult r = Run("events --db nowhere.db");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nowhere.db"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace casus

namespace casus {
namespace {

TEST_F(CliTest, DictCheckReportsFileLineAndExitsOneOnProblems) {
  WriteFile(dir_ / "good.actors", "country SYR: Syria\nactor SYRGOV [2000-07-17..]: Assad\n");
  RunResult r = Run("dict check good.actors");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 syntax errors, 0 duplicates, 0 conflicts"), std::string::npos) << r.out;
  WriteFile(dir_ / "bad.actors",
            "country SYR: Syria\nnation X: y\nactor SYRGOV: Syria\ncountry SYR: Syria\n");
  r = Run("dict check bad.actors");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("bad.actors:2: unknown entry kind 'nation'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.actors:3: conflict: 'syria'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.actors:4: duplicate: 'syria'"), std::string::npos) << r.out;
  EXPECT_EQ(Run("dict check missing.actors").exit_code, 1);
}

TEST_F(CliTest, CodeReadsPetrarchDictionaries) {
  WriteFile(dir_ / "peer.actors.txt", "ARNOR_ [ARN]\n+ARNORIAN_\nGONDOR [GON]\n");
  WriteFile(dir_ / "peer.agents.txt", "SOLDIER [~MIL]\n");
  WriteFile(dir_ / "a.txt", "Arnorian soldiers attacked Gondor on Tuesday.\n");
  const RunResult r =
      Run("code a.txt --date 2024-12-03 --no-db --out - --only-dicts --actors-dict peer.actors.txt "
          "--dict peer.agents.txt");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("peer.actors.txt (petrarch-actors): 2 actor blocks, 3 names"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("peer.agents.txt (petrarch-agents)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"code\":\"ARNMIL\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace casus

namespace casus {
namespace {

constexpr const char* kQuotedArticle =
    "“We call on all sides to stop the fighting,” a State Department official told reporters "
    "on Monday.\n\n"
    "The official added that Washington was ready to help.\n";

TEST_F(CliTest, QuotesListsSpeakersAndEvalQuotesScoresThem) {
  WriteFile(dir_ / "q1.txt", kQuotedArticle);
  ASSERT_EQ(Run("code q1.txt --date 2024-12-03 --db test.db").exit_code, 0);
  const RunResult listed = Run("quotes --db test.db --actor USA --format jsonl");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const std::vector<nlohmann::json> quotes = JsonLines(listed.out);
  ASSERT_EQ(quotes.size(), 2U) << listed.out;
  EXPECT_EQ(quotes[0]["kind"], "direct");
  EXPECT_EQ(quotes[0]["text"], "We call on all sides to stop the fighting");
  EXPECT_EQ(quotes[0]["addressee"], "reporters");
  EXPECT_EQ(quotes[1]["kind"], "indirect");
  EXPECT_EQ(quotes[1]["attribution"], "The official");
  EXPECT_EQ(quotes[1]["speaker"], quotes[0]["speaker"]);
  EXPECT_TRUE(
      JsonLines(Run("quotes --db test.db --speaker 'nobody; --' --format jsonl").out).empty());

  // One gold quote found, one whose speaker differs: direct=1.000 indirect=0.000.
  WriteFile(dir_ / "gold.jsonl",
            "{\"doc\":\"q1\",\"quote\":\"We call on all sides\",\"kind\":\"direct\","
            "\"speaker\":\"State Department official\",\"speaker_code\":\"USAGOV\","
            "\"start\":1,\"end\":20}\n"
            "{\"doc\":\"q1\",\"quote\":\"Washington was ready\",\"kind\":\"indirect\","
            "\"speaker\":\"Someone Else\",\"speaker_code\":\"RUS\",\"start\":130,\"end\":150}\n");
  const RunResult scored = Run("eval quotes gold.jsonl --docs .");
  ASSERT_EQ(scored.exit_code, 0) << scored.err;
  EXPECT_NE(scored.out.find("miss q1 indirect"), std::string::npos) << scored.out;
  const std::string last_line =
      scored.out.substr(scored.out.rfind('\n', scored.out.size() - 2) + 1);
  EXPECT_EQ(last_line, "direct=1.000 indirect=0.000\n") << scored.out;
  WriteFile(dir_ / "bad.jsonl", "{\"doc\":\"q1\"}\n");
  const RunResult bad = Run("eval quotes bad.jsonl --docs .");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.jsonl:1"), std::string::npos) << bad.err;
}

TEST_F(CliTest, EvalEventsScoresSentenceLevelGold) {
  WriteFile(dir_ / "gold.jsonl",
            "{\"id\":\"s1\",\"date\":\"2024-12-02\",\"text\":\"Turkey condemned Israel.\","
            "\"events\":[{\"source\":\"TUR\",\"target\":\"ISR\",\"code\":\"111\","
            "\"root\":\"11\",\"quad\":3}]}\n"
            "{\"id\":\"s2\",\"date\":\"2024-12-02\",\"text\":\"Egypt praised Jordan.\","
            "\"events\":[{\"source\":\"EGY\",\"target\":\"JOR\",\"code\":\"190\","
            "\"root\":\"19\",\"quad\":4}]}\n");
  const RunResult r = Run("eval events gold.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // s1 matches at every level; s2's praise (051) matches neither its root (19) nor its quad (4).
  EXPECT_NE(r.out.find("matched 1, gold 2, predicted 2"), std::string::npos) << r.out;
  const std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  EXPECT_EQ(last, "exact_f1=0.500 root_f1=0.500 quad_f1=0.500\n") << r.out;
}

TEST_F(CliTest, EvalActorsChecksEveryGoldMentionInContext) {
  WriteFile(dir_ / "a1.txt",
            "Syrian army troops shelled rebel positions near the town on Monday.\n\n"
            "“We condemn this,” a State Department official said.\n");
  // Right: "Syrian army troops" (SYRMIL), the implicit "(Syria)", the quote's speaker. Wrong:
  // "rebel positions" is coded SYRREB, not the gold's RUSREB; "the town" names no actor; the
  // last phrase is not in its sentence.
  const std::string sentence =
      "Syrian army troops shelled rebel positions near the town on Monday.";
  WriteFile(dir_ / "gold.jsonl",
            "{\"doc\":\"a1\",\"sentence\":\"" + sentence +
                "\",\"source\":{\"code\":\"SYRMIL\",\"text\":\"Syrian army troops\"},"
                "\"target\":{\"code\":\"RUSREB\",\"text\":\"rebel positions\"}}\n"
                "{\"doc\":\"a1\",\"sentence\":\"" +
                sentence +
                "\",\"source\":{\"code\":\"SYR\",\"text\":\"(Syria)\"},"
                "\"target\":{\"code\":\"SYRCVL\",\"text\":\"the town\"}}\n"
                "{\"doc\":\"a1\",\"sentence\":\"" +
                sentence + "\",\"source\":{\"code\":\"USA\",\"text\":\"Washington\"}}\n");
  WriteFile(dir_ / "quotes.jsonl",
            "{\"doc\":\"a1\",\"quote\":\"We condemn this\",\"kind\":\"direct\","
            "\"speaker\":\"State Department official\",\"speaker_code\":\"USAGOV\","
            "\"start\":70,\"end\":85}\n");
  const RunResult scored = Run("eval actors gold.jsonl quotes.jsonl");
  ASSERT_EQ(scored.exit_code, 0) << scored.err;
  EXPECT_NE(scored.out.find("gold.jsonl:1 target mention [RUSREB] got SYRREB"), std::string::npos)
      << scored.out;
  EXPECT_NE(scored.out.find("phrase not in the sentence"), std::string::npos) << scored.out;
  const std::string last = scored.out.substr(scored.out.rfind('\n', scored.out.size() - 2) + 1);
  EXPECT_EQ(last, "actors=0.500 (3/6)\n") << scored.out;
  WriteFile(dir_ / "bad.jsonl", "{\"doc\":\"a1\",\"source\":{}}\n");
  const RunResult bad = Run("eval actors bad.jsonl");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.jsonl:1"), std::string::npos) << bad.err;
}

TEST_F(CliTest, ActorsUnknownListsInferredNamesAsDictionaryLines) {
  WriteFile(dir_ / "u1.txt",
            "Jordanian Foreign Minister Karim Haddadin condemned Israel on Monday.\n\n"
            "Omar Velasquez, a State Department official, said Karim Haddadin was right.\n");
  ASSERT_EQ(Run("code u1.txt --date 2024-12-03 --db test.db").exit_code, 0);
  const RunResult r = Run("actors --unknown --db test.db");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("actor JORGOV: Karim Haddadin\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("actor USAGOV: Omar Velasquez\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("# 1 mention in 1 document (first: u1)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Israel"), std::string::npos) << "known actors are not listed";
  EXPECT_EQ(Run("actors --db test.db").exit_code, 2);
  const RunResult missing = Run("actors --unknown --db nowhere.db");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("nowhere.db"), std::string::npos) << missing.err;
}

TEST_F(CliTest, EvalDocsChecksDatesHeadlineLinesAndFurniture) {
  WriteFile(dir_ / "d1.txt",
            "Subscribe\n\nJordan condemns strike on border town\n\n"
            "Published March 04,2024\n\n"
            "Jordan on Monday condemned an Israeli strike near the border, its foreign ministry "
            "said.\n");
  WriteFile(dir_ / "d2.txt", "Egypt praised Jordan on Tuesday for its mediation.\n");
  // d1 is read right; d2's reference claims a headline line the text reads as body.
  WriteFile(dir_ / "docs.jsonl",
            "{\"id\":\"d1\",\"title\":\"Jordan condemns strike on border town\","
            "\"published\":\"2024-03-04\",\"furniture\":[\"Subscribe\",\"Published March "
            "04,2024\"],\"headline_lines\":[{\"line\":\"Jordan condemns strike on border "
            "town\",\"role\":\"headline\"}]}\n"
            "{\"id\":\"d2\",\"title\":null,\"published\":\"2024-03-05\",\"furniture\":[],"
            "\"headline_lines\":[{\"line\":\"Egypt praised Jordan on Tuesday for its "
            "mediation.\",\"role\":\"deck\"}]}\n");
  const RunResult r = Run("eval docs docs.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("d2: deck line coded as body"), std::string::npos) << r.out;
  const std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  EXPECT_EQ(last,
            "docs=0.500 (1/2) published=2/2 (read from the page: 1) headline_lines=1/2 "
            "(spurious 0) roles=1/2 furniture=2/2 headline=2/2\n")
      << r.out;
  WriteFile(dir_ / "bad.jsonl", "{\"title\":\"x\"}\n");
  const RunResult bad = Run("eval docs bad.jsonl");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.jsonl:1"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace casus
