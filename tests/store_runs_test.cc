// Whole runs against the store: coding the same inputs twice gives the same database, and a run
// that dies half-way (an injected failure between transactions, or the process killed with
// SIGKILL) leaves a consistent database that a rerun completes without duplicates.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"

namespace casus {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = CASUS_SOURCE_DIR;
const fs::path kSeeds = kSource / ".." / "shared" / "data" / "seeds";

class StoreRunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("casus_runs_") + info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Db(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

// Every row of every table, as sorted text lines "table|col=value|…", with the time of coding
// replaced by "*" when `mask_time` (two separate runs differ in it, and only in it).
std::vector<std::string> Dump(const std::string& path, bool mask_time) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1,
                     &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  sqlite3_finalize(st);
  std::vector<std::string> lines;
  for (const std::string& table : tables) {
    const std::string sql = "SELECT * FROM \"" + table + "\"";
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << table;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string line = table;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const std::string name = sqlite3_column_name(st, c);
        line += '|' + name + '=';
        if (mask_time && name == "coded_at") {
          line += '*';
        } else if (sqlite3_column_type(st, c) == SQLITE_NULL) {
          line += "NULL";
        } else {
          const auto* p = static_cast<const char*>(sqlite3_column_blob(st, c));
          line.append(p, static_cast<size_t>(sqlite3_column_bytes(st, c)));
        }
      }
      lines.push_back(std::move(line));
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string Scalar(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  std::string out = "<error>";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    const int rc = sqlite3_step(st);
    out = rc == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr
              ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
              : (rc == SQLITE_ROW ? "<null>" : "<none>");
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

Status Code(const std::vector<std::string>& inputs, const std::string& meta, const std::string& db,
            int fail_after = -1, size_t batch = 64) {
  CodeOptions options;
  options.inputs = inputs;
  options.meta_path = meta;
  options.db_path = db;
  options.default_date = Date::Day(2024, 12, 2);
  options.threads = 2;
  options.batch_documents = batch;
  options.fail_after_batches = fail_after;
  std::ostringstream out;
  std::ostringstream err;
  CodeSummary summary;
  return RunCode(options, nullptr, &out, &err, &summary);
}

std::vector<std::string> ExampleFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kSource / "examples" / "articles")) {
    if (e.path().extension() == ".txt") {
      files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

void ExpectConsistent(const std::string& db) {
  EXPECT_EQ(Scalar(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
}

TEST_F(StoreRunsTest, CodingTheExamplesTwiceGivesTheSameDatabase) {
  const std::string meta = (kSource / "examples" / "meta.jsonl").string();
  const std::string db = Db("twice.db");
  ASSERT_TRUE(Code(ExampleFiles(), meta, db).ok());
  const auto first = Dump(db, false);
  ASSERT_GT(first.size(), 100U);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // coded_at has seconds
  ASSERT_TRUE(Code(ExampleFiles(), meta, db).ok());
  EXPECT_EQ(Dump(db, false), first);  // byte for byte, the time of coding included

  // A separate database from the same inputs differs only in the time of coding.
  const std::string other = Db("other.db");
  ASSERT_TRUE(Code(ExampleFiles(), meta, other).ok());
  EXPECT_EQ(Dump(other, true), Dump(db, true));
}

TEST_F(StoreRunsTest, CodingTheSeedsTwiceGivesTheSameDatabase) {
  if (!fs::exists(kSeeds / "000.txt")) {
    GTEST_SKIP() << "seed articles not found at " << kSeeds;
  }
  std::vector<std::string> seeds;
  for (int i = 0; i < 5; ++i) {
    seeds.push_back((kSeeds / ("00" + std::to_string(i) + ".txt")).string());
  }
  const std::string meta = (kSeeds / "docs.jsonl").string();
  const std::string db = Db("seeds.db");
  ASSERT_TRUE(Code(seeds, meta, db).ok());
  const auto first = Dump(db, false);
  ASSERT_TRUE(Code(seeds, meta, db).ok());
  EXPECT_EQ(Dump(db, false), first);
  // Seeds 002 and 003 quote the same State Department briefing.
  EXPECT_EQ(Scalar(db, "SELECT duplicate_of || ' ' || kind FROM doc_links WHERE doc_id = '003'"),
            "002 shared-passage");
}

TEST_F(StoreRunsTest, FailureBetweenTransactionsLeavesAConsistentDatabaseAndARerunCompletes) {
  const std::string meta = (kSource / "examples" / "meta.jsonl").string();
  const std::string clean = Db("clean.db");
  ASSERT_TRUE(Code(ExampleFiles(), meta, clean, -1, 2).ok());

  const std::string db = Db("broken.db");
  const Status failed = Code(ExampleFiles(), meta, db, 2, 2);  // dies after two batches
  ASSERT_FALSE(failed.ok());
  ExpectConsistent(db);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM documents"), "4");
  // The documents that made it are complete: as many events as in the clean run.
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM events"),
            Scalar(clean,
                   "SELECT count(*) FROM events WHERE doc_id IN (SELECT id FROM documents "
                   "ORDER BY id LIMIT 4)"));
  // The clusters were not rebuilt after the last write, and the store knows it.
  EXPECT_EQ(Scalar(db, "SELECT value FROM store_state WHERE key = 'derived_stale'"), "1");

  ASSERT_TRUE(Code(ExampleFiles(), meta, db, -1, 2).ok());
  ExpectConsistent(db);
  EXPECT_EQ(Dump(db, true), Dump(clean, true));
}

TEST_F(StoreRunsTest, KilledRunLeavesAConsistentDatabaseAndARerunCompletes) {
  // A corpus large enough that the run is still writing when it is killed: the examples, each
  // repeated under 300 ids, as JSONL.
  const fs::path corpus = dir_ / "corpus.jsonl";
  {
    std::ofstream out(corpus);
    int n = 0;
    for (const std::string& file : ExampleFiles()) {
      std::ifstream in(file);
      std::ostringstream text;
      text << in.rdbuf();
      std::string escaped;
      for (char c : text.str()) {
        if (c == '"' || c == '\\') {
          escaped += '\\';
          escaped += c;
        } else if (c == '\n') {
          escaped += "\\n";
        } else {
          escaped += c;
        }
      }
      for (int copy = 0; copy < 300; ++copy, ++n) {
        out << "{\"id\": \"doc-" << n << "\", \"published\": \"2024-12-02\", \"text\": \""
            << escaped << "\"}\n";
      }
    }
  }
  const std::string db = Db("killed.db");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(CASUS_BINARY, CASUS_BINARY, "code", corpus.c_str(), "--db", db.c_str(), "--threads", "1",
          "-q", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once some batches are in.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string stored = "0";
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (fs::exists(db)) {
      stored = Scalar(db, "SELECT count(*) FROM documents");
      if (stored != "<error>" && stored != "<none>" && std::stoi(stored) >= 128) {
        break;
      }
    }
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it could be killed";
  ExpectConsistent(db);
  const int documents = std::stoi(Scalar(db, "SELECT count(*) FROM documents"));
  EXPECT_GE(documents, 128);
  EXPECT_LT(documents, 2400);
  EXPECT_EQ(documents % 64, 0) << "a batch is written whole or not at all";
  EXPECT_EQ(Scalar(db, "SELECT value FROM store_state WHERE key = 'derived_stale'"), "1");

  // The rerun adds the rest, rewrites nothing it had, and duplicates nothing.
  CodeOptions options;
  options.inputs = {corpus.string()};
  options.db_path = db;
  options.threads = 2;
  std::ostringstream out;
  std::ostringstream err;
  CodeSummary summary;
  ASSERT_TRUE(RunCode(options, nullptr, &out, &err, &summary).ok()) << err.str();
  ExpectConsistent(db);
  EXPECT_EQ(Scalar(db, "SELECT count(*) FROM documents"), "2400");
  EXPECT_EQ(Scalar(db,
                   "SELECT count(*) FROM (SELECT doc_id, idx FROM events GROUP BY doc_id, "
                   "idx HAVING count(*) > 1)"),
            "0");
  // Every copy has as many events as the first copy of its article.
  EXPECT_EQ(Scalar(db,
                   "SELECT (SELECT count(*) FROM events) = 300 * (SELECT count(*) FROM events "
                   "WHERE doc_id IN ('doc-0', 'doc-300', 'doc-600', 'doc-900', 'doc-1200', "
                   "'doc-1500', 'doc-1800', 'doc-2100'))"),
            "1");
  EXPECT_EQ(Scalar(db, "SELECT value FROM store_state WHERE key = 'derived_stale'"), "0");
  // Each of the 300 copies of an article is one more mention of the same clusters.
  EXPECT_EQ(Scalar(db, "SELECT min(num_articles) FROM event_clusters"), "300");
}

}  // namespace
}  // namespace casus
