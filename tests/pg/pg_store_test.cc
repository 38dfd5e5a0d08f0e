// PostgreSQL integration tests: the behaviour the SQLite store's tests check, on a real server.
//
// `make test` (ctest's "postgres" test) runs this binary through scripts/with-postgres, which
// starts a throwaway server and sets CASUS_TEST_PG; that test fails when no server can be
// started. Run by hand without the variable, every test here skips and says why. Each test
// works in a schema of its own (search_path set through the URL), so tests never see each
// other's rows.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "core/document.h"
#include "store/pg_store.h"
#include "store/schema.h"
#include "store/store.h"

namespace casus {
namespace {

namespace fs = std::filesystem;
using store_internal::PostgresExec;
using store_internal::PostgresScalar;

const fs::path kSource = CASUS_SOURCE_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("CASUS_TEST_PG");
    if (base == nullptr || *base == '\0') {
      GTEST_SKIP() << "CASUS_TEST_PG is not set: run through scripts/with-postgres (make test)";
    }
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    schema_ = "t_" + std::string(info->name());
    for (char& c : schema_) {
      c = std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    }
    schema_ = schema_.substr(0, 60);
    base_ = base;
    url_ = base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema_;
    ASSERT_TRUE(PostgresExec(base_, "DROP SCHEMA IF EXISTS " + schema_ +
                                        " CASCADE; CREATE SCHEMA " + schema_)
                    .ok());
    dir_ = fs::temp_directory_path() / ("casus_pg_" + schema_ + "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!base_.empty()) {
      (void)PostgresExec(base_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      fs::remove_all(dir_);
    }
  }

  std::string Scalar(const std::string& sql) {
    std::string value;
    const Status s = PostgresScalar(url_, sql, &value);
    return s.ok() ? value : "<error: " + std::string(s.message()) + ">";
  }

  // Runs the casus binary with `args` (shell words; "@DB@" becomes the test's URL) and returns
  // its exit code; stdout and stderr go to *out and *err.
  int Casus(const std::string& args, std::string* out = nullptr, std::string* err = nullptr) {
    const std::string expanded = std::regex_replace(args, std::regex("@DB@"), "'" + url_ + "'");
    const fs::path o = dir_ / "stdout.txt";
    const fs::path e = dir_ / "stderr.txt";
    const std::string command = "cd '" + kSource.string() + "' && '" + CASUS_BINARY + "' " +
                                expanded + " >'" + o.string() + "' 2>'" + e.string() + "'";
    const int status = std::system(command.c_str());
    if (out != nullptr) {
      *out = ReadFile(o);
    }
    if (err != nullptr) {
      *err = ReadFile(e);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string base_;
  std::string url_;
  std::string schema_;
  fs::path dir_;
};

const char* const kCodeExamples = "code examples/articles --meta examples/meta.jsonl -q --db ";

// A document with one sentence and one event, written by hand.
Document HandDocument(const std::string& id, const std::string& source) {
  Document doc;
  doc.id = id;
  doc.text = "Rebels shelled the town. Officials said it was \"a crime\".";
  doc.meta.published = Date::Day(2024, 3, 1);
  doc.meta.publisher = "Wire's \"service\"\t\\";
  Sentence first;
  first.bytes = {0, 24};
  Sentence second;
  second.bytes = {25, static_cast<uint32_t>(doc.text.size())};
  doc.sentences = {first, second};
  Event e;
  e.sentence = 0;
  e.source.code = source;
  e.source.text = {0, 6};
  e.code = "195";
  e.root = "19";
  e.quad = 4;
  e.goldstein = -10.0;
  e.date = Date::Day(2024, 3, 1);
  e.date_basis = "publication date";
  e.trigger = {7, 14};
  e.confidence = 0.75;
  doc.events.push_back(e);
  return doc;
}

TEST_F(PgTest, OpensAnEmptyDatabaseAtTheCurrentVersion) {
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(url_, &store).ok());
  int version = 0;
  ASSERT_TRUE(store->SchemaVersion(&version).ok());
  EXPECT_EQ(version, Store::CurrentSchemaVersion());
  int64_t count = -1;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 0);
  // Text compares bytewise, as in SQLite, and REAL became a double.
  EXPECT_EQ(Scalar("SELECT collation_name FROM information_schema.columns WHERE table_schema = "
                   "current_schema() AND table_name = 'events' AND column_name = 'source_code'"),
            "C");
  EXPECT_EQ(Scalar("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                   "current_schema() AND table_name = 'events' AND column_name = 'goldstein'"),
            "double precision");
  // Opening again migrates nothing.
  store.reset();
  ASSERT_TRUE(Store::Open(url_, &store).ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM schema_version"), "1");
}

TEST_F(PgTest, MigratesADatabaseFromVersionOne) {
  const auto steps = store_internal::SchemaSteps();
  ASSERT_TRUE(PostgresExec(url_, store_internal::PostgresDdl(steps[0]) +
                                     "; CREATE TABLE schema_version (version INTEGER NOT NULL);"
                                     "INSERT INTO schema_version VALUES (1);"
                                     "INSERT INTO documents (id, content_hash, text) "
                                     "VALUES ('old', '0000', 'Rebels shelled the town.');"
                                     "INSERT INTO events (doc_id, idx, sentence, source_code, "
                                     "source_text, source_begin, source_end, code, root, quad, "
                                     "goldstein, \"trigger\", trigger_begin, trigger_end, "
                                     "confidence, flags) VALUES ('old', 0, 0, 'REB', 'Rebels', 0, "
                                     "6, '195', '19', 4, -10, 'shelled', 7, 14, 1, 0)")
                  .ok());
  std::unique_ptr<Store> store;
  const Status s = Store::Open(url_, &store);
  ASSERT_TRUE(s.ok()) << s.message();
  int version = 0;
  ASSERT_TRUE(store->SchemaVersion(&version).ok());
  EXPECT_EQ(version, Store::CurrentSchemaVersion());
  // The old rows survive, with the new columns NULL until they are rewritten.
  EXPECT_EQ(Scalar("SELECT coalesce(coding_hash, 'null') FROM documents WHERE id = 'old'"), "null");
  std::vector<EventRecord> events;
  ASSERT_TRUE(store->QueryEvents({}, &events).ok());
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].source_code, "REB");
  // The derived tables are stale after the migration, and a rebuild computes the missing
  // signature from the text.
  DerivedStats derived;
  ASSERT_TRUE(store->RebuildDerived({}, &derived).ok());
  EXPECT_EQ(derived.clusters, 1U);
  EXPECT_EQ(Scalar("SELECT length(minhash) FROM documents WHERE id = 'old'"),
            std::to_string(kMinHashSize * 4));
}

TEST_F(PgTest, RefusesANewerSchemaAndLeavesItAlone) {
  ASSERT_TRUE(PostgresExec(url_,
                           "CREATE TABLE schema_version (version INTEGER NOT NULL);"
                           "INSERT INTO schema_version VALUES (99)")
                  .ok());
  std::unique_ptr<Store> store;
  const Status s = Store::Open(url_, &store);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.message();
  EXPECT_NE(std::string(s.message()).find("newer"), std::string::npos);
  EXPECT_EQ(Scalar("SELECT to_regclass('documents') IS NULL"), "t");
  EXPECT_EQ(Scalar("SELECT version FROM schema_version"), "99");
}

TEST_F(PgTest, WritesReadsAndReplacesDocuments) {
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(url_, &store).ok());
  std::vector<Document> docs = {HandDocument("a", "REB"), HandDocument("b\ttab\\'q", "SYRGOV")};
  WriteStats stats;
  const Status written = store->WriteDocuments(docs, &stats);
  ASSERT_TRUE(written.ok()) << written.message();
  EXPECT_EQ(stats.documents, 2U);
  EXPECT_EQ(stats.unchanged, 0U);
  std::vector<EventRecord> events;
  ASSERT_TRUE(store->QueryEvents({}, &events).ok());
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0].doc_id, "a");
  EXPECT_EQ(events[1].doc_id, "b\ttab\\'q");  // COPY escapes survive the round trip
  EXPECT_EQ(events[1].sentence, "Rebels shelled the town.");
  EXPECT_DOUBLE_EQ(events[1].goldstein, -10.0);
  EXPECT_DOUBLE_EQ(events[1].confidence, 0.75);
  EXPECT_EQ(Scalar("SELECT publisher FROM documents WHERE id = 'a'"), "Wire's \"service\"\t\\");

  // The same documents again: nothing written.
  const std::string coded_at = Scalar("SELECT coded_at FROM documents WHERE id = 'a'");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_TRUE(store->WriteDocuments(docs, &stats).ok());
  EXPECT_EQ(stats.unchanged, 2U);
  EXPECT_EQ(Scalar("SELECT coded_at FROM documents WHERE id = 'a'"), coded_at);

  // A changed document replaces its rows; one id twice in a batch keeps the later copy.
  docs[0].events[0].code = "190";
  std::vector<Document> twice = {docs[0], HandDocument("a", "ISR")};
  ASSERT_TRUE(store->WriteDocuments(twice, &stats).ok());
  EXPECT_EQ(stats.replaced, 2U);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE doc_id = 'a'"), "1");
  EXPECT_EQ(Scalar("SELECT source_code FROM events WHERE doc_id = 'a'"), "ISR");
  // No row outlives its document (the store keeps the references, see pg_store.h).
  for (const char* table : {"sentences", "mentions", "events", "quotes", "places"}) {
    EXPECT_EQ(Scalar(std::string("SELECT count(*) FROM ") + table +
                     " WHERE doc_id NOT IN (SELECT id FROM documents)"),
              "0")
        << table;
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM sentences"), "4");
  int64_t count = 0;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 2);

  // A bad document fails the whole batch and writes nothing.
  Document bad = HandDocument("c", "REB");
  Sentence outside;
  outside.bytes = {50, 500};
  bad.sentences.push_back(outside);
  std::vector<Document> with_bad = {HandDocument("d", "REB"), bad};
  EXPECT_FALSE(store->WriteDocuments(with_bad, &stats).ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM documents WHERE id IN ('c', 'd')"), "0");
}

TEST_F(PgTest, HostileFiltersAreBoundAsParameters) {
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(url_, &store).ok());
  std::vector<Document> docs = {HandDocument("a", "SYR'; DROP TABLE events; --"),
                                HandDocument("b", "SYRGOV")};
  ASSERT_TRUE(store->WriteDocuments(docs, nullptr).ok());
  std::vector<EventRecord> events;
  EventFilter filter;
  filter.source_prefix = "SYR'; DROP TABLE events; --";
  ASSERT_TRUE(store->QueryEvents(filter, &events).ok());
  ASSERT_EQ(events.size(), 1U);  // the one whose code really starts so
  EXPECT_EQ(events[0].doc_id, "a");
  filter = {};
  filter.doc_id = "a' OR '1'='1";
  ASSERT_TRUE(store->QueryEvents(filter, &events).ok());
  EXPECT_TRUE(events.empty());
  filter = {};
  filter.code_prefix = "19\\'; SELECT pg_sleep(5); --";
  ASSERT_TRUE(store->QueryEvents(filter, &events).ok());
  EXPECT_TRUE(events.empty());
  std::vector<QuoteRecord> quotes;
  QuoteFilter quote_filter;
  quote_filter.speaker_text = "nobody'); DELETE FROM documents; --";
  ASSERT_TRUE(store->QueryQuotes(quote_filter, &quotes).ok());
  StatsQuery stats;
  stats.filter.target_prefix = "x\"; DROP SCHEMA public; --";
  std::vector<StatsRow> rows;
  ASSERT_TRUE(store->QueryStats(stats, &rows).ok());
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(Scalar("SELECT count(*) FROM events"), "2");
  EXPECT_EQ(Scalar("SELECT count(*) FROM documents"), "2");
  // The same through the command line.
  std::string out;
  EXPECT_EQ(Casus("stats --db @DB@ --format json --source \"SYR'; DROP TABLE events; --\"", &out),
            0);
  EXPECT_EQ(Casus("events --db @DB@ --format jsonl --doc \"a' OR '1'='1\"", &out), 0);
  EXPECT_EQ(out, "");
  EXPECT_EQ(Scalar("SELECT count(*) FROM events"), "2");
}

// Coding the examples twice gives the same database: the second run rewrites nothing.
TEST_F(PgTest, RecodingUnchangedDocumentsChangesNothing) {
  std::string err;
  ASSERT_EQ(Casus(std::string(kCodeExamples) + "@DB@", nullptr, &err), 0) << err;
  std::string first;
  ASSERT_EQ(Casus("export --db @DB@ --format jsonl --out -", &first), 0);
  ASSERT_FALSE(first.empty());
  const std::string documents = Scalar("SELECT count(*) FROM documents");
  const std::string events = Scalar("SELECT count(*) FROM events");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_EQ(Casus(std::string(kCodeExamples) + "@DB@", nullptr, &err), 0) << err;
  std::string second;
  ASSERT_EQ(Casus("export --db @DB@ --format jsonl --out -", &second), 0);
  EXPECT_EQ(first, second);  // coded_at included: no row was rewritten
  EXPECT_EQ(Scalar("SELECT count(*) FROM documents"), documents);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events"), events);
  EXPECT_EQ(Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "0");
}

// The same input through SQLite and PostgreSQL gives byte-identical exports, listings, quotes
// and statistics (after setting both stores' coding time to one value).
TEST_F(PgTest, ExportsMatchTheSqliteStore) {
  const std::string sqlite_db = (dir_ / "parity.db").string();
  std::string err;
  ASSERT_EQ(Casus(std::string(kCodeExamples) + "'" + sqlite_db + "'", nullptr, &err), 0) << err;
  ASSERT_EQ(Casus(std::string(kCodeExamples) + "@DB@", nullptr, &err), 0) << err;
  const char* const kFixTime = "UPDATE documents SET coded_at = '2025-01-02T03:04:05Z'";
  ASSERT_TRUE(PostgresExec(url_, kFixTime).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(sqlite_db.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, kFixTime, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  const std::vector<std::string> commands = {
      "export --format jsonl --out -",
      "export --format csv --out -",
      "export --format gdelt --out -",
      "export --format plover --out -",
      "export --format gdelt --clusters --out -",
      "export --format jsonl --clusters --out - --source SYR --from 2022-06",
      "events --format jsonl",
      "events --clusters --format csv",
      "quotes --format jsonl",
      "quotes --format jsonl --actor USA",
      "stats --by week --group dyad --format csv",
      "stats --by month --group country --format json",
      "stats --by day --group quad --format csv --escalation",
  };
  for (const std::string& command : commands) {
    std::string from_sqlite;
    std::string from_pg;
    ASSERT_EQ(Casus(command + " --db '" + sqlite_db + "'", &from_sqlite, &err), 0)
        << command << ": " << err;
    ASSERT_EQ(Casus(command + " --db @DB@", &from_pg, &err), 0) << command << ": " << err;
    EXPECT_FALSE(from_sqlite.empty()) << command;
    EXPECT_EQ(from_pg, from_sqlite) << command;
  }
}

// A run killed with SIGKILL leaves whole batches only, and a rerun completes it without
// duplicates.
TEST_F(PgTest, KilledRunLeavesAConsistentDatabaseAndARerunCompletes) {
  const fs::path corpus = dir_ / "corpus.jsonl";
  const std::string text = ReadFile(kSource / "examples/articles/idlib_airstrikes.txt");
  std::string escaped;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  constexpr int kCopies = 3000;
  {
    std::ofstream out(corpus);
    for (int n = 0; n < kCopies; ++n) {
      out << "{\"id\": \"doc-" << n << "\", \"published\": \"2024-12-02\", \"text\": \"" << escaped
          << "\"}\n";
    }
  }
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(CASUS_BINARY, CASUS_BINARY, "code", corpus.c_str(), "--db", url_.c_str(), "--threads",
          "1", "-q", static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int stored = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::string n = Scalar("SELECT count(*) FROM documents");
    if (n[0] != '<' && (stored = std::stoi(n)) >= 128) {
      break;
    }
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it could be killed";
  const int documents = std::stoi(Scalar("SELECT count(*) FROM documents"));
  EXPECT_GE(documents, 128);
  EXPECT_LT(documents, kCopies);
  EXPECT_EQ(documents % 64, 0) << "a batch is written whole or not at all";
  // Every stored document is complete.
  EXPECT_EQ(Scalar("SELECT count(DISTINCT n) FROM (SELECT d.id, count(e.idx) AS n FROM documents "
                   "d LEFT JOIN events e ON e.doc_id = d.id GROUP BY d.id) AS per_doc"),
            "1");
  EXPECT_EQ(Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "1");

  std::string err;
  ASSERT_EQ(Casus("code '" + corpus.string() + "' --threads 2 -q --db @DB@", nullptr, &err), 0)
      << err;
  EXPECT_EQ(Scalar("SELECT count(*) FROM documents"), std::to_string(kCopies));
  EXPECT_EQ(Scalar("SELECT count(*) = " + std::to_string(kCopies) +
                   " * (SELECT count(*) FROM events WHERE doc_id = 'doc-0') FROM events"),
            "t");
  EXPECT_EQ(Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "0");
  EXPECT_EQ(Scalar("SELECT min(num_articles) FROM event_clusters"), std::to_string(kCopies));
}

TEST_F(PgTest, UnreachableServerIsAClearError) {
  std::unique_ptr<Store> store;
  const Status s = Store::Open("postgresql://casus:secret@127.0.0.1:1/nowhere", &store);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(std::string(s.message()).find("secret"), std::string::npos) << s.message();
  std::string err;
  EXPECT_NE(Casus("events --db postgresql://casus:secret@127.0.0.1:1/nowhere", nullptr, &err), 0);
  EXPECT_NE(err.find("postgresql://casus:***@127.0.0.1:1/nowhere"), std::string::npos) << err;
}

}  // namespace
}  // namespace casus
