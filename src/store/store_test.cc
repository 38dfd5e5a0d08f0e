#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/document.h"
#include "core/event_record.h"
#include "store/schema.h"
#include "store/sqlite_store.h"
#include "store/sqlite_util.h"

namespace casus {
namespace {

using store_internal::DbHandle;
using store_internal::Exec;
using store_internal::OpenDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// ---------------------------------------------------------------------------------------------
// Helpers

// A database file in the test's temporary directory, removed (with its WAL files) afterwards.
class TempDb {
 public:
  TempDb() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::path(testing::TempDir()) /
             ("casus_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) +
              ".db"))
                .string();
    Remove();
  }
  ~TempDb() { Remove(); }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  void Remove() const {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::error_code ec;
      std::filesystem::remove(path_ + suffix, ec);
    }
  }
  std::string path_;
};

// A second, raw connection to a database file, for looking behind the Store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    Status s = OpenDatabase(path, &db_);
    EXPECT_TRUE(s.ok()) << s.ToString();
    sqlite3_busy_timeout(db_.get(), 5000);
  }
  void Exec(const char* sql) {
    Status s = store_internal::Exec(db_.get(), sql, sql);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  // The first column of the first row as text ("<null>" for NULL, "<none>" without a row).
  std::string Scalar(const std::string& sql) {
    store_internal::Statement st;
    Status s = st.Prepare(db_.get(), sql);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) {
      return "<error>";
    }
    const int rc = st.Step();
    if (rc != SQLITE_ROW) {
      return "<none>";
    }
    return st.IsNull(0) ? "<null>" : std::string(st.ColumnText(0));
  }
  int64_t Count(const std::string& table) {
    return std::stoll(Scalar("SELECT count(*) FROM " + table));
  }
  sqlite3* get() { return db_.get(); }

 private:
  DbHandle db_;
};

std::unique_ptr<Store> OpenOrDie(const std::string& path) {
  std::unique_ptr<Store> store;
  Status s = Store::OpenSqlite(path, &store);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return store;
}

// Adds tokens for the whitespace-separated words of `doc.text` (trailing '.' split off).
void Tokenize(Document& doc) {
  const std::string& t = doc.text;
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') {
      ++i;
    }
    size_t j = i;
    while (j < t.size() && t[j] != ' ') {
      ++j;
    }
    if (j > i) {
      size_t word_end = (t[j - 1] == '.' && j - 1 > i) ? j - 1 : j;
      doc.tokens.Add(static_cast<uint32_t>(i), static_cast<uint32_t>(word_end), 0, 0);
      if (word_end < j) {
        doc.tokens.Add(static_cast<uint32_t>(word_end), static_cast<uint32_t>(j), 0, 0);
      }
    }
    i = j;
  }
}

ByteSpan Find(const Document& doc, std::string_view needle, size_t from = 0) {
  const size_t pos = doc.text.find(needle, from);
  EXPECT_NE(pos, std::string::npos) << needle;
  return {static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())};
}

// The token index starting at byte `begin`.
uint32_t TokenAt(const Document& doc, uint32_t begin) {
  for (uint32_t i = 0; i < doc.tokens.size(); ++i) {
    if (doc.tokens.begin[i] == begin) {
      return i;
    }
  }
  ADD_FAILURE() << "no token at byte " << begin;
  return 0;
}

ActorMention Mention(const Document& doc, std::string_view words, uint32_t sentence,
                     std::string code) {
  const ByteSpan bytes = Find(doc, words);
  ActorMention m;
  m.tokens.begin = TokenAt(doc, bytes.begin);
  m.tokens.end = m.tokens.begin;
  while (m.tokens.end < doc.tokens.size() && doc.tokens.end[m.tokens.end] <= bytes.end) {
    ++m.tokens.end;
  }
  m.sentence = sentence;
  m.code = std::move(code);
  m.entry = "entry:" + m.code;
  return m;
}

// Two sentences, three mentions and three events: one with a day-precision date, one reported
// and month-precision with no PLOVER type, one without a target and with a year date.
Document SampleDocument(const std::string& id = "doc-1") {
  Document doc;
  doc.id = id;
  doc.text =
      "Syrian forces shelled Idlib on Monday. The United States condemned the Syrian "
      "attack in June.";
  doc.meta.headline = "US condemns shelling";
  doc.meta.publisher = "Example News";
  doc.meta.url = "https://example.org/a";
  doc.meta.path = "seeds/a.jsonl:3";
  doc.meta.published = Date::Day(2018, 6, 26);
  doc.meta.date_basis = "metadata";
  doc.meta.extra = {{"lang", "\"en\""}, {"score", "1.5"}};
  Tokenize(doc);
  const uint32_t second = static_cast<uint32_t>(doc.text.find("The"));
  doc.sentences.push_back({{0, second - 1}, {0, TokenAt(doc, second)}, 0});
  doc.sentences.push_back({{second, static_cast<uint32_t>(doc.text.size())},
                           {TokenAt(doc, second), static_cast<uint32_t>(doc.tokens.size())},
                           1});
  doc.mentions.push_back(Mention(doc, "Syrian forces", 0, "SYRMIL"));
  doc.mentions.push_back(Mention(doc, "Idlib", 0, "SYRREB"));
  doc.mentions.push_back(Mention(doc, "The United States", 1, "USA"));

  Event shell;
  shell.sentence = 0;
  shell.source = {"SYRMIL", Find(doc, "Syrian forces"), 0};
  shell.target = EventActor{"SYRREB", Find(doc, "Idlib"), 1};
  shell.code = "195";
  shell.root = "19";
  shell.quad = 4;
  shell.goldstein = -10.0;
  shell.plover = "ASSAULT";
  shell.date = Date::Day(2018, 6, 25);
  shell.date_basis = "on Monday";
  shell.trigger = Find(doc, "shelled");
  shell.pattern = "shell.v1";
  shell.confidence = 0.875;
  doc.events.push_back(shell);

  Event condemn;
  condemn.sentence = 1;
  condemn.source = {"USA", Find(doc, "The United States"), 2};
  condemn.target = EventActor{"SYR", Find(doc, "Syrian", 40), -1};
  condemn.code = "122";
  condemn.root = "12";
  condemn.quad = 3;
  condemn.goldstein = -4.0;
  condemn.date = Date::Month(2018, 6);
  condemn.date_basis = "in June";
  condemn.trigger = Find(doc, "condemned");
  condemn.pattern = "condemn.v2";
  condemn.confidence = 0.5;
  condemn.flags = kEventReported | kEventPast;
  doc.events.push_back(condemn);

  Event statement;
  statement.sentence = 1;
  statement.source = {"USA", {}, -1};  // implicit actor
  statement.code = "010";
  statement.root = "01";
  statement.quad = 1;
  statement.goldstein = 0.0;
  statement.plover = "STATEMENT";
  statement.date = Date::Year(2018);
  statement.date_basis = "publication date";
  statement.trigger = Find(doc, "condemned");
  statement.pattern = "say.v1";
  statement.confidence = 1.0;
  doc.events.push_back(statement);
  doc.layers = kLayerText | kLayerSentences | kLayerTokens | kLayerActors | kLayerEvents;
  return doc;
}

void ExpectSameRecord(const EventRecord& got, const EventRecord& want) {
  EXPECT_EQ(got.doc_id, want.doc_id);
  EXPECT_EQ(got.sentence_index, want.sentence_index);
  EXPECT_EQ(got.sentence, want.sentence);
  EXPECT_EQ(got.sentence_begin, want.sentence_begin);
  EXPECT_EQ(got.sentence_end, want.sentence_end);
  EXPECT_EQ(got.source_code, want.source_code);
  EXPECT_EQ(got.source_text, want.source_text);
  EXPECT_EQ(got.has_target, want.has_target);
  EXPECT_EQ(got.target_code, want.target_code);
  EXPECT_EQ(got.target_text, want.target_text);
  EXPECT_EQ(got.code, want.code);
  EXPECT_EQ(got.root, want.root);
  EXPECT_EQ(got.quad, want.quad);
  EXPECT_EQ(got.goldstein, want.goldstein);
  EXPECT_EQ(got.plover, want.plover);
  EXPECT_EQ(got.date, want.date);
  EXPECT_EQ(got.date_precision, want.date_precision);
  EXPECT_EQ(got.date_basis, want.date_basis);
  EXPECT_EQ(got.trigger, want.trigger);
  EXPECT_EQ(got.trigger_begin, want.trigger_begin);
  EXPECT_EQ(got.trigger_end, want.trigger_end);
  EXPECT_EQ(got.pattern, want.pattern);
  EXPECT_EQ(got.confidence, want.confidence);
  EXPECT_EQ(got.flags, want.flags);
}

std::vector<EventRecord> Query(Store& store, const EventFilter& filter) {
  std::vector<EventRecord> events;
  Status s = store.QueryEvents(filter, &events);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return events;
}

// The pattern field of each event, which the filter corpus uses as a unique event id.
std::vector<std::string> Ids(const std::vector<EventRecord>& events) {
  std::vector<std::string> ids;
  for (const EventRecord& r : events) {
    ids.push_back(r.pattern);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Schema and opening

TEST(StoreSchema, NewDatabaseHasCurrentVersion) {
  EXPECT_EQ(Store::CurrentSchemaVersion(), 5);
  auto store = OpenOrDie(":memory:");
  ASSERT_NE(store, nullptr);
  int version = -1;
  ASSERT_TRUE(store->SchemaVersion(&version).ok());
  EXPECT_EQ(version, Store::CurrentSchemaVersion());
  int64_t count = -1;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 0);
}

TEST(StoreSchema, FileGetsWalAndTables) {
  TempDb db;
  {
    auto store = OpenOrDie(db.path());
    ASSERT_NE(store, nullptr);
  }
  RawDb raw(db.path());
  EXPECT_EQ(raw.Scalar("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.Scalar("PRAGMA user_version"), std::to_string(Store::CurrentSchemaVersion()));
  for (const char* table :
       {"documents", "sentences", "mentions", "events", "quotes", "places", "doc_links",
        "event_clusters", "event_cluster_members", "store_state"}) {
    EXPECT_EQ(raw.Scalar(std::string("SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                     "name = '") +
                         table + "'"),
              table);
  }
  for (const char* index :
       {"events_source_code", "events_target_code", "events_code", "events_date"}) {
    EXPECT_EQ(raw.Scalar(std::string("SELECT name FROM sqlite_schema WHERE type = 'index' AND "
                                     "name = '") +
                         index + "'"),
              index);
  }
}

TEST(StoreSchema, EmptyFileIsMigrated) {
  TempDb db;
  { std::ofstream(db.path()).flush(); }  // a zero-byte file: version 0
  ASSERT_TRUE(std::filesystem::exists(db.path()));
  auto store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);
  int version = 0;
  ASSERT_TRUE(store->SchemaVersion(&version).ok());
  EXPECT_EQ(version, Store::CurrentSchemaVersion());
  WriteStats stats;
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{SampleDocument()}, &stats).ok());
  EXPECT_EQ(stats.events, 3U);
}

TEST(StoreSchema, VersionZeroDatabaseWithOtherTablesIsMigrated) {
  TempDb db;
  {
    RawDb raw(db.path());
    raw.Exec("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('kept');");
  }
  auto store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);
  store.reset();
  RawDb raw(db.path());
  EXPECT_EQ(raw.Scalar("PRAGMA user_version"), std::to_string(Store::CurrentSchemaVersion()));
  EXPECT_EQ(raw.Scalar("SELECT x FROM notes"), "kept");
  EXPECT_EQ(raw.Count("events"), 0);
}

TEST(StoreSchema, NewerVersionIsRefused) {
  TempDb db;
  {
    RawDb raw(db.path());
    raw.Exec("CREATE TABLE future (x); PRAGMA user_version = 99;");
  }
  std::unique_ptr<Store> store;
  Status s = Store::OpenSqlite(db.path(), &store);
  EXPECT_TRUE(s.IsInvalidInput()) << s.ToString();
  EXPECT_THAT(std::string(s.message()), HasSubstr("newer"));
  EXPECT_EQ(store, nullptr);
  RawDb raw(db.path());
  EXPECT_EQ(raw.Scalar("PRAGMA user_version"), "99");
  EXPECT_EQ(raw.Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'documents'"), "0");
}

TEST(StoreSchema, NotADatabaseIsCorruption) {
  TempDb db;
  {
    std::ofstream out(db.path(), std::ios::binary);
    out << std::string(4096, 'x');
  }
  std::unique_ptr<Store> store;
  Status s = Store::OpenSqlite(db.path(), &store);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_THAT(std::string(s.message()), HasSubstr(db.path()));
}

TEST(StoreSchema, UnopenablePathIsIOError) {
  std::unique_ptr<Store> store;
  const std::string path =
      (std::filesystem::path(testing::TempDir()) / "casus-no-such-dir" / "x" / "casus.db").string();
  Status s = Store::OpenSqlite(path, &store);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_EQ(store, nullptr);
}

TEST(StoreSchema, TwoStoresShareAFile) {
  TempDb db;
  auto first = OpenOrDie(db.path());
  auto second = OpenOrDie(db.path());
  ASSERT_TRUE(first->WriteDocuments(std::vector<Document>{SampleDocument("one")}, nullptr).ok());
  ASSERT_TRUE(second->WriteDocuments(std::vector<Document>{SampleDocument("two")}, nullptr).ok());
  int64_t count = 0;
  ASSERT_TRUE(first->CountDocuments(&count).ok());
  EXPECT_EQ(count, 2);
  EventFilter f;
  f.doc_id = "two";
  EXPECT_EQ(Query(*first, f).size(), 3U);
}

TEST(StoreSchema, ReopeningKeepsData) {
  TempDb db;
  const Document doc = SampleDocument();
  {
    auto store = OpenOrDie(db.path());
    ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, nullptr).ok());
  }
  auto store = OpenOrDie(db.path());
  ASSERT_NE(store, nullptr);
  int64_t count = 0;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 1);
  const auto events = Query(*store, {});
  const auto want = MakeEventRecords(doc);
  ASSERT_EQ(events.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ExpectSameRecord(events[i], want[i]);
  }
}

TEST(StoreMigrate, RunsOnlyMissingSteps) {
  TempDb db;
  {
    auto store = OpenOrDie(db.path());
    ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{SampleDocument()}, nullptr).ok());
  }
  RawDb raw(db.path());
  // A hypothetical next version that adds a table; the earlier steps must not run again (they
  // would fail: their tables exist).
  std::vector<std::string_view> steps(store_internal::SchemaSteps().begin(),
                                      store_internal::SchemaSteps().end());
  steps.push_back("CREATE TABLE next_extra (x INTEGER);");
  Status s = store_internal::Migrate(raw.get(), steps);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(raw.Scalar("PRAGMA user_version"), std::to_string(steps.size()));
  EXPECT_EQ(raw.Count("next_extra"), 0);
  EXPECT_EQ(raw.Count("events"), 3);
  // At the target version nothing runs.
  EXPECT_TRUE(store_internal::Migrate(raw.get(), steps).ok());
}

TEST(StoreMigrate, VersionOneDatabaseIsMigratedAndItsRowsRewrittenOnce) {
  TempDb db;
  const Document doc = SampleDocument();
  {
    // A database written by a version-1 casus: the first step only, and a row without the
    // columns version 2 adds.
    RawDb raw(db.path());
    const std::vector<std::string_view> v1 = {store_internal::SchemaSteps()[0]};
    ASSERT_TRUE(store_internal::Migrate(raw.get(), v1).ok());
    raw.Exec(
        "INSERT INTO documents (id, content_hash, text) VALUES ('old', '0', 'Old text.');"
        "INSERT INTO events (doc_id, idx, sentence, source_code, source_text, source_begin, "
        "source_end, code, root, quad, goldstein, \"trigger\", trigger_begin, trigger_end, "
        "confidence, flags) VALUES ('old', 0, 0, 'SYR', '', 0, 0, '190', '19', 4, -10, 'x', 0, "
        "1, 1, 0);");
    EXPECT_EQ(raw.Scalar("PRAGMA user_version"), "1");
  }
  auto store = OpenOrDie(db.path());
  int version = 0;
  ASSERT_TRUE(store->SchemaVersion(&version).ok());
  EXPECT_EQ(version, Store::CurrentSchemaVersion());
  RawDb raw(db.path());
  EXPECT_EQ(raw.Scalar("SELECT text FROM documents WHERE id = 'old'"), "Old text.");
  EXPECT_EQ(raw.Scalar("SELECT coding_hash FROM documents WHERE id = 'old'"), "<null>");
  EXPECT_EQ(raw.Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "1");
  // The old rows take part in clusters and links; their signature is computed on the way.
  DerivedStats stats;
  ASSERT_TRUE(store->RebuildDerived({}, &stats).ok());
  EXPECT_EQ(stats.clusters, 1U);
  EXPECT_EQ(raw.Scalar("SELECT length(minhash) FROM documents WHERE id = 'old'"), "256");
  // A version-1 row is rewritten once, then left alone.
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, nullptr).ok());
  WriteStats again;
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, &again).ok());
  EXPECT_EQ(again.unchanged, 1U);
}

TEST(StoreMigrate, FailingStepRollsBackEverything) {
  TempDb db;
  RawDb raw(db.path());
  // From version 0: step 1 succeeds, step 2 fails halfway (its second statement), so neither
  // step 1's tables nor step 2's first table may remain.
  const std::vector<std::string_view> steps = {
      store_internal::SchemaSteps()[0], "CREATE TABLE half (x); CREATE TABLE documents (x);"};
  Status s = store_internal::Migrate(raw.get(), steps);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("version 2"));
  EXPECT_EQ(raw.Scalar("PRAGMA user_version"), "0");
  EXPECT_EQ(raw.Scalar("SELECT count(*) FROM sqlite_schema"), "0");
}

// ---------------------------------------------------------------------------------------------
// Writing and reading back

TEST(StoreWrite, RoundTripsEveryEventField) {
  auto store = OpenOrDie(":memory:");
  const Document doc = SampleDocument();
  WriteStats stats;
  Status s = store->WriteDocuments(std::vector<Document>{doc}, &stats);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(stats.documents, 1U);
  EXPECT_EQ(stats.replaced, 0U);
  EXPECT_EQ(stats.unchanged, 0U);
  EXPECT_EQ(stats.sentences, 2U);
  EXPECT_EQ(stats.events, 3U);

  const auto events = Query(*store, {});
  const auto want = MakeEventRecords(doc);
  ASSERT_EQ(events.size(), 3U);
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectSameRecord(events[i], want[i]);
  }
  // Spot checks that the comparison is against meaningful values.
  EXPECT_EQ(events[0].sentence, "Syrian forces shelled Idlib on Monday.");
  EXPECT_EQ(events[0].target_text, "Idlib");
  EXPECT_EQ(events[1].date, "2018-06");
  EXPECT_EQ(events[1].date_precision, "month");
  EXPECT_EQ(events[1].plover, "");
  EXPECT_EQ(events[1].target_text, "Syrian");
  EXPECT_EQ(events[1].sentence_begin, doc.sentences[1].bytes.begin);
  EXPECT_FALSE(events[2].has_target);
  EXPECT_EQ(events[2].source_text, "");
  EXPECT_EQ(events[2].date, "2018");
}

TEST(StorePlaces, RoundTripsPlacesAndEventLocations) {
  Document doc = SampleDocument();
  Place daraa;
  const ByteSpan first_word = doc.sentences[0].bytes;
  daraa.mention = {first_word.begin, first_word.begin + 5};
  daraa.sentence = 0;
  daraa.name = "Dar'a";
  daraa.feature = "city";
  daraa.country = "SY";
  daraa.admin1 = "Daraa";
  daraa.lat = 32.62;
  daraa.lon = 36.1;
  daraa.has_coords = true;
  daraa.geonames_id = 170905;
  daraa.basis = "city; in the document's focus country SY";
  doc.places.push_back(daraa);
  Place river;
  river.mention = daraa.mention;
  river.name = "Euphrates River";
  river.feature = "river";
  river.country = "SY";
  river.basis = "river";
  doc.places.push_back(river);
  doc.events[0].location = daraa;
  doc.events[0].location->basis = "clause: 'in Daraa'";
  doc.events[1].location = river;
  auto store = OpenOrDie(":memory:");
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, nullptr).ok());

  std::vector<EventRecord> events;
  ASSERT_TRUE(store->QueryEvents(EventFilter{}, &events).ok());
  ASSERT_EQ(events.size(), 3U);
  ASSERT_TRUE(events[0].location.has_value());
  EXPECT_EQ(events[0].location->name, "Dar'a");
  EXPECT_EQ(events[0].location->admin1, "Daraa");
  EXPECT_DOUBLE_EQ(events[0].location->lat, 32.62);
  EXPECT_EQ(events[0].location->geonames_id, 170905);
  EXPECT_EQ(events[0].location->basis, "clause: 'in Daraa'");
  ASSERT_TRUE(events[1].location.has_value());
  EXPECT_FALSE(events[1].location->has_coords);
  EXPECT_EQ(events[1].location->geonames_id, 0);
  EXPECT_FALSE(events[2].location.has_value());

  std::vector<StoredPlace> places;
  ASSERT_TRUE(store->QueryPlaces("", &places).ok());
  ASSERT_EQ(places.size(), 2U);
  EXPECT_EQ(places[0].doc_id, doc.id);
  EXPECT_EQ(places[0].mention, std::string(doc.Slice(daraa.mention)));
  EXPECT_EQ(places[0].place.geonames_id, 170905);
  EXPECT_EQ(places[0].place.basis, daraa.basis);
  EXPECT_TRUE(places[0].place.has_coords);
  EXPECT_FALSE(places[1].place.has_coords);
  ASSERT_TRUE(store->QueryPlaces("no-such-doc", &places).ok());
  EXPECT_TRUE(places.empty());
}

TEST(StoreQuotes, FiltersBySpeakerActorAndDocumentWithHostileInputBound) {
  Document doc = SampleDocument();
  Quote quote;
  quote.text = Find(doc, "condemned the Syrian attack");
  quote.direct = false;
  quote.cue = Find(doc, "condemned");
  quote.attribution = Find(doc, "The United States");
  quote.speaker = Find(doc, "The United States");
  quote.speaker_code = "USA";
  doc.quotes.push_back(quote);
  Quote unattributed;
  unattributed.text = Find(doc, "in June");
  doc.quotes.push_back(unattributed);
  auto store = OpenOrDie(":memory:");
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, nullptr).ok());

  std::vector<QuoteRecord> quotes;
  ASSERT_TRUE(store->QueryQuotes(QuoteFilter{}, &quotes).ok());
  ASSERT_EQ(quotes.size(), 2U);
  EXPECT_EQ(quotes[0].speaker, "The United States");
  EXPECT_EQ(quotes[0].cue, "condemned");
  EXPECT_FALSE(quotes[0].direct);
  EXPECT_EQ(quotes[0].published, "2018-06-26");

  QuoteFilter by_speaker;
  by_speaker.speaker_text = "united STATES";
  ASSERT_TRUE(store->QueryQuotes(by_speaker, &quotes).ok());
  EXPECT_EQ(quotes.size(), 1U);

  QuoteFilter by_actor;
  by_actor.actor_prefix = "US";
  ASSERT_TRUE(store->QueryQuotes(by_actor, &quotes).ok());
  EXPECT_EQ(quotes.size(), 1U);
  by_actor.actor_prefix = "SYR";
  ASSERT_TRUE(store->QueryQuotes(by_actor, &quotes).ok());
  EXPECT_TRUE(quotes.empty());

  QuoteFilter hostile;
  hostile.speaker_text = "'; DROP TABLE quotes; --";
  hostile.doc_id = doc.id + "' OR '1'='1";
  ASSERT_TRUE(store->QueryQuotes(hostile, &quotes).ok());
  EXPECT_TRUE(quotes.empty());
  ASSERT_TRUE(store->QueryQuotes(QuoteFilter{}, &quotes).ok());
  EXPECT_EQ(quotes.size(), 2U);  // the table is still there
}

TEST(StoreWrite, StoresDocumentAndChildRows) {
  TempDb db;
  Document doc = SampleDocument();
  Quote quote;
  quote.text = Find(doc, "condemned the Syrian attack");
  quote.direct = false;
  quote.speaker = Find(doc, "The United States");
  quote.speaker_code = "USA";
  doc.quotes.push_back(quote);
  Quote unattributed;
  unattributed.text = Find(doc, "in June");
  doc.quotes.push_back(unattributed);
  Place place;
  place.mention = Find(doc, "Idlib");
  place.name = "Idlib";
  place.feature = "city";
  place.country = "SY";
  place.admin1 = "Idlib";
  place.lat = 35.93;
  place.lon = 36.63;
  place.geonames_id = 169389;
  doc.places.push_back(place);
  doc.meta.removed = {"Subscribe", "By \"Jane\" Roe"};
  doc.sentences[0].role = SentenceRole::kHeadline;
  {
    auto store = OpenOrDie(db.path());
    ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, nullptr).ok());
  }
  RawDb raw(db.path());
  EXPECT_EQ(raw.Scalar("SELECT content_hash FROM documents"), ContentHash(doc));
  EXPECT_EQ(raw.Scalar("SELECT published FROM documents"), "2018-06-26");
  EXPECT_EQ(raw.Scalar("SELECT path FROM documents"), "seeds/a.jsonl:3");
  EXPECT_EQ(raw.Scalar("SELECT headline FROM documents"), "US condemns shelling");
  EXPECT_EQ(raw.Scalar("SELECT extra_json FROM documents"), R"({"lang": "en", "score": 1.5})");
  EXPECT_EQ(raw.Scalar("SELECT text FROM documents"), doc.text);
  EXPECT_EQ(raw.Scalar("SELECT length(coded_at) FROM documents"), "20");
  EXPECT_EQ(raw.Scalar("SELECT removed_json FROM documents"),
            R"(["Subscribe", "By \"Jane\" Roe"])");
  EXPECT_EQ(raw.Scalar("SELECT group_concat(role, ',') FROM sentences"), "headline,body");
  EXPECT_EQ(raw.Count("sentences"), 2);
  EXPECT_EQ(raw.Scalar("SELECT paragraph FROM sentences WHERE idx = 1"), "1");
  EXPECT_EQ(raw.Count("mentions"), 3);
  EXPECT_EQ(raw.Scalar("SELECT text FROM mentions WHERE idx = 2"), "The United States");
  EXPECT_EQ(raw.Scalar("SELECT code || ' ' || entry FROM mentions WHERE idx = 0"),
            "SYRMIL entry:SYRMIL");
  EXPECT_EQ(raw.Scalar("SELECT source_begin || '-' || source_end FROM events WHERE idx = 0"),
            "0-13");
  EXPECT_EQ(raw.Scalar("SELECT target_code FROM events WHERE idx = 2"), "<null>");
  EXPECT_EQ(raw.Scalar("SELECT target_text FROM events WHERE idx = 2"), "<null>");
  EXPECT_EQ(raw.Scalar("SELECT plover FROM events WHERE idx = 1"), "<null>");
  EXPECT_EQ(raw.Count("quotes"), 2);
  EXPECT_EQ(raw.Scalar("SELECT text || '|' || direct || '|' || speaker_text || '|' || "
                       "speaker_code FROM quotes WHERE idx = 0"),
            "condemned the Syrian attack|0|The United States|USA");
  EXPECT_EQ(raw.Scalar("SELECT speaker_text FROM quotes WHERE idx = 1"), "<null>");
  EXPECT_EQ(raw.Count("places"), 1);
  EXPECT_EQ(raw.Scalar("SELECT mention || '|' || country || '|' || geonames_id FROM places"),
            "Idlib|SY|169389");
}

TEST(StoreWrite, RewritingSameDocumentReplacesRows) {
  TempDb db;
  auto store = OpenOrDie(db.path());
  const std::vector<Document> docs = {SampleDocument("a"), SampleDocument("b")};
  ASSERT_TRUE(store->WriteDocuments(docs, nullptr).ok());
  WriteStats stats;
  const std::string coded_at = RawDb(db.path()).Scalar("SELECT coded_at FROM documents");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // coded_at has seconds
  ASSERT_TRUE(store->WriteDocuments(docs, &stats).ok());
  EXPECT_EQ(stats.documents, 2U);
  EXPECT_EQ(stats.replaced, 0U);
  EXPECT_EQ(stats.unchanged, 2U);
  // Nothing was written: not even the time of coding changed.
  EXPECT_EQ(RawDb(db.path()).Scalar("SELECT coded_at FROM documents"), coded_at);
  int64_t count = 0;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 2);
  EXPECT_EQ(Query(*store, {}).size(), 6U);
  RawDb raw(db.path());
  EXPECT_EQ(raw.Count("sentences"), 4);
  EXPECT_EQ(raw.Count("mentions"), 6);
  EXPECT_EQ(raw.Count("events"), 6);
}

TEST(StoreWrite, ChangedDocumentIsReplacedNotUnchanged) {
  TempDb db;
  auto store = OpenOrDie(db.path());
  Document doc = SampleDocument();
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, nullptr).ok());

  // Re-coded with a changed text and fewer annotations: the old surplus rows must go.
  doc.text += " More.";
  doc.events.resize(1);
  doc.mentions.resize(1);
  WriteStats stats;
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, &stats).ok());
  EXPECT_EQ(stats.replaced, 1U);
  EXPECT_EQ(stats.unchanged, 0U);
  const auto events = Query(*store, {});
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].code, "195");
  RawDb raw(db.path());
  EXPECT_EQ(raw.Count("mentions"), 1);
  EXPECT_EQ(raw.Scalar("SELECT text FROM documents"), doc.text);

  // Metadata counts too.
  doc.meta.headline = "Another headline";
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{doc}, &stats).ok());
  EXPECT_EQ(stats.replaced, 1U);
  EXPECT_EQ(stats.unchanged, 0U);
}

TEST(StoreWrite, DuplicateIdsInOneBatchKeepTheLast) {
  auto store = OpenOrDie(":memory:");
  Document first = SampleDocument("same");
  Document second = SampleDocument("same");
  second.events.resize(2);
  WriteStats stats;
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{first, second}, &stats).ok());
  EXPECT_EQ(stats.documents, 2U);
  EXPECT_EQ(stats.replaced, 1U);
  EXPECT_EQ(stats.unchanged, 0U);  // same text, different events: rewritten
  EXPECT_EQ(Query(*store, {}).size(), 2U);
}

TEST(StoreWrite, FailingBatchLeavesDatabaseUnchanged) {
  TempDb db;
  auto store = OpenOrDie(db.path());
  const Document original = SampleDocument("a");
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{original}, nullptr).ok());

  // A trigger, installed through a second connection, refuses one document id.
  RawDb raw(db.path());
  raw.Exec(
      "CREATE TRIGGER refuse_bad BEFORE INSERT ON documents WHEN NEW.id = 'bad' "
      "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END;");

  // The batch replaces "a" (with one event instead of three) and adds "x" before failing.
  Document changed = SampleDocument("a");
  changed.text += " Changed.";
  changed.events.resize(1);
  const std::vector<Document> batch = {changed, SampleDocument("x"), SampleDocument("bad")};
  WriteStats stats;
  stats.documents = 99;
  Status s = store->WriteDocuments(batch, &stats);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr("refused by test trigger"));
  EXPECT_EQ(stats.documents, 0U);

  int64_t count = 0;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 1);
  const auto events = Query(*store, {});
  const auto want = MakeEventRecords(original);
  ASSERT_EQ(events.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ExpectSameRecord(events[i], want[i]);
  }
  EXPECT_EQ(raw.Scalar("SELECT content_hash FROM documents WHERE id = 'a'"), ContentHash(original));
  EXPECT_EQ(raw.Count("sentences"), 2);
  EXPECT_EQ(raw.Count("mentions"), 3);

  // The store stays usable once the cause is gone.
  raw.Exec("DROP TRIGGER refuse_bad");
  ASSERT_TRUE(store->WriteDocuments(batch, &stats).ok());
  EXPECT_EQ(stats.documents, 3U);
  EXPECT_EQ(stats.replaced, 1U);
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 3);
}

TEST(StoreWrite, SpanOutsideTextIsInvalidAndRollsBack) {
  auto store = OpenOrDie(":memory:");
  Document bad = SampleDocument("bad");
  bad.events[1].trigger = {10, static_cast<uint32_t>(bad.text.size() + 5)};
  Status s = store->WriteDocuments(std::vector<Document>{SampleDocument("good"), bad}, nullptr);
  EXPECT_TRUE(s.IsInvalidInput()) << s.ToString();
  EXPECT_THAT(std::string(s.message()), HasSubstr("document bad: event trigger 1"));
  int64_t count = -1;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 0);

  Document no_tokens = SampleDocument("t");
  no_tokens.tokens.Clear();
  s = store->WriteDocuments(std::vector<Document>{no_tokens}, nullptr);
  EXPECT_TRUE(s.IsInvalidInput()) << s.ToString();

  Document no_id = SampleDocument("");
  EXPECT_TRUE(store->WriteDocuments(std::vector<Document>{no_id}, nullptr).IsInvalidInput());
}

TEST(StoreWrite, EmptyBatchAndNullStats) {
  auto store = OpenOrDie(":memory:");
  WriteStats stats;
  ASSERT_TRUE(store->WriteDocuments({}, &stats).ok());
  EXPECT_EQ(stats.documents, 0U);
  Document bare;
  bare.id = "bare";
  bare.text = "No annotations at all.";
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{bare}, nullptr).ok());
  int64_t count = 0;
  ASSERT_TRUE(store->CountDocuments(&count).ok());
  EXPECT_EQ(count, 1);
  EXPECT_TRUE(Query(*store, {}).empty());
}

// ---------------------------------------------------------------------------------------------
// Query filters

// A corpus whose events are identified by their pattern field. Written "b" before "a" so that
// the (doc, idx) ordering is the store's doing.
class StoreQueryTest : public ::testing::Test {
 protected:
  static Event MakeEvent(std::string source, std::optional<std::string> target, std::string code,
                         Date date, std::string id) {
    Event e;
    e.source.code = std::move(source);
    if (target) {
      e.target = EventActor{*target, {}, -1};
    }
    e.root = code.substr(0, 2);
    e.code = std::move(code);
    e.quad = 1;
    e.date = date;
    e.pattern = std::move(id);
    return e;
  }

  void SetUp() override {
    store_ = OpenOrDie(":memory:");
    Document b;
    b.id = "b";
    b.text = "b";
    b.events.push_back(MakeEvent("USA", "SYR", "122", Date::Day(2018, 5, 31), "b0"));
    b.events.push_back(MakeEvent("USAGOV", "SYRMIL", "193", Date{}, "b1"));
    b.events.push_back(MakeEvent("RUS", "SYR", "0311", Date::Day(2019, 1, 1), "b2"));
    b.events.push_back(MakeEvent("S_R", "S%R", "0", Date::Day(2016, 1, 1), "b3"));
    Document a;
    a.id = "a";
    a.text = "a";
    a.events.push_back(MakeEvent("SYR", "USA", "190", Date::Day(2018, 6, 25), "a0"));
    a.events.push_back(MakeEvent("SYRGOV", "TUR", "0256", Date::Month(2018, 7), "a1"));
    a.events.push_back(MakeEvent("SYRMIL", std::nullopt, "010", Date::Year(2017), "a2"));
    a.events.push_back(MakeEvent("SYS", "syr", "19", Date::Month(2020, 2), "a3"));
    ASSERT_TRUE(store_->WriteDocuments(std::vector<Document>{b, a}, nullptr).ok());
  }

  std::vector<std::string> Run(const EventFilter& filter) { return Ids(Query(*store_, filter)); }

  std::unique_ptr<Store> store_;
};

TEST_F(StoreQueryTest, NoFilterReturnsAllInDocumentOrder) {
  EXPECT_THAT(Run({}), ElementsAre("a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3"));
}

TEST_F(StoreQueryTest, SourcePrefix) {
  EventFilter f;
  f.source_prefix = "SYR";
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a2"));
  f.source_prefix = "SYRG";
  EXPECT_THAT(Run(f), ElementsAre("a1"));
  f.source_prefix = "USA";
  EXPECT_THAT(Run(f), ElementsAre("b0", "b1"));
  f.source_prefix = "SY";
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a2", "a3"));
  // LIKE wildcards are plain characters here.
  f.source_prefix = "S_";
  EXPECT_THAT(Run(f), ElementsAre("b3"));
  f.source_prefix = "syr";
  EXPECT_THAT(Run(f), ElementsAre());
  f.source_prefix = "SYRMILX";
  EXPECT_THAT(Run(f), ElementsAre());
}

TEST_F(StoreQueryTest, TargetPrefix) {
  EventFilter f;
  f.target_prefix = "SYR";
  EXPECT_THAT(Run(f), ElementsAre("b0", "b1", "b2"));
  f.target_prefix = "US";
  EXPECT_THAT(Run(f), ElementsAre("a0"));
  f.target_prefix = "S%";
  EXPECT_THAT(Run(f), ElementsAre("b3"));
}

TEST_F(StoreQueryTest, CodePrefix) {
  EventFilter f;
  f.code_prefix = "19";
  EXPECT_THAT(Run(f), ElementsAre("a0", "a3", "b1"));
  f.code_prefix = "0";
  EXPECT_THAT(Run(f), ElementsAre("a1", "a2", "b2", "b3"));
  f.code_prefix = "031";
  EXPECT_THAT(Run(f), ElementsAre("b2"));
  f.code_prefix = "0311";
  EXPECT_THAT(Run(f), ElementsAre("b2"));
}

TEST_F(StoreQueryTest, FromDate) {
  EventFilter f;
  f.from = Date::Day(2018, 6, 1);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a3", "b2"));
  // A month event counts while any of its days is in range.
  f.from = Date::Day(2018, 7, 31);
  EXPECT_THAT(Run(f), ElementsAre("a1", "a3", "b2"));
  f.from = Date::Day(2018, 8, 1);
  EXPECT_THAT(Run(f), ElementsAre("a3", "b2"));
  // Coarse bounds start on their first day.
  f.from = Date::Month(2018, 6);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a3", "b2"));
  f.from = Date::Year(2018);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a3", "b0", "b2"));
  // A year event covers its whole year.
  f.from = Date::Day(2017, 12, 31);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a2", "a3", "b0", "b2"));
  // February 2020 ends on the 29th.
  f.from = Date::Day(2020, 2, 29);
  EXPECT_THAT(Run(f), ElementsAre("a3"));
}

TEST_F(StoreQueryTest, ToDate) {
  EventFilter f;
  f.to = Date::Day(2018, 6, 24);
  EXPECT_THAT(Run(f), ElementsAre("a2", "b0", "b3"));
  f.to = Date::Day(2018, 7, 1);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a2", "b0", "b3"));
  // Coarse bounds end on their last day.
  f.to = Date::Month(2018, 6);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a2", "b0", "b3"));
  f.to = Date::Year(2017);
  EXPECT_THAT(Run(f), ElementsAre("a2", "b3"));
  f.to = Date::Day(2017, 1, 1);
  EXPECT_THAT(Run(f), ElementsAre("a2", "b3"));
  f.to = Date::Day(2016, 12, 31);
  EXPECT_THAT(Run(f), ElementsAre("b3"));
}

TEST_F(StoreQueryTest, DateRangeExcludesUndated) {
  EventFilter f;
  f.from = Date::Year(1900);
  f.to = Date::Year(2100);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1", "a2", "a3", "b0", "b2", "b3"));  // not b1
  f.from = Date::Day(2017, 6, 1);
  f.to = Date::Day(2017, 6, 1);
  EXPECT_THAT(Run(f), ElementsAre("a2"));
  f.from = Date::Month(2018, 6);
  f.to = Date::Month(2018, 6);
  EXPECT_THAT(Run(f), ElementsAre("a0"));
}

TEST_F(StoreQueryTest, DocumentAndLimit) {
  EventFilter f;
  f.doc_id = "b";
  EXPECT_THAT(Run(f), ElementsAre("b0", "b1", "b2", "b3"));
  f.limit = 2;
  EXPECT_THAT(Run(f), ElementsAre("b0", "b1"));
  f.limit = 0;
  EXPECT_THAT(Run(f), ElementsAre());
  f.doc_id = "nope";
  f.limit = -1;
  EXPECT_THAT(Run(f), ElementsAre());
  EventFilter g;
  g.limit = 3;
  EXPECT_THAT(Run(g), ElementsAre("a0", "a1", "a2"));
}

TEST_F(StoreQueryTest, CombinedFiltersAndStatementReuse) {
  EventFilter f;
  f.source_prefix = "SYR";
  f.from = Date::Year(2018);
  EXPECT_THAT(Run(f), ElementsAre("a0", "a1"));
  f.code_prefix = "02";
  EXPECT_THAT(Run(f), ElementsAre("a1"));
  // The same combination with other values reuses the cached statement.
  f.source_prefix = "USA";
  f.code_prefix = "12";
  EXPECT_THAT(Run(f), ElementsAre("b0"));
  f.doc_id = "a";
  EXPECT_THAT(Run(f), ElementsAre());
  EventFilter g;
  g.target_prefix = "SYR";
  g.to = Date::Year(2018);
  g.doc_id = "b";
  EXPECT_THAT(Run(g), ElementsAre("b0"));
}

TEST_F(StoreQueryTest, InvalidDateBoundIsRefused) {
  EventFilter f;
  f.from = Date{};
  std::vector<EventRecord> events;
  EXPECT_TRUE(store_->QueryEvents(f, &events).IsInvalidInput());
}

TEST_F(StoreQueryTest, TargetlessEventsHaveNoTarget) {
  const auto events = Query(*store_, {});
  ASSERT_EQ(events.size(), 8U);
  EXPECT_FALSE(events[2].has_target);
  EXPECT_EQ(events[2].target_code, "");
  EXPECT_TRUE(events[0].has_target);
  EXPECT_EQ(events[0].target_code, "USA");
  EXPECT_EQ(events[5].date, "");  // b1 is undated
  EXPECT_EQ(events[5].date_precision, "");
}

// ---------------------------------------------------------------------------------------------
// Content hash and helpers

TEST(ContentHash, IsStableAndCoversTextAndMetadata) {
  Document doc;
  doc.id = "x";
  doc.text = "Hello";
  doc.meta.published = Date::Day(2024, 12, 2);
  doc.meta.headline = "H";
  doc.meta.publisher = "P";
  doc.meta.url = "U";
  // FNV-1a 64 of "Hello\x1f" "2024-12-02\x1f" "H\x1f" "P\x1f" "U", computed independently.
  EXPECT_EQ(ContentHash(doc), "eff38767f7f02271");

  Document empty;
  EXPECT_EQ(ContentHash(empty), "8706f12ebf36a791");  // FNV-1a 64 of "\x1f\x1f\x1f\x1f"

  const std::string base = ContentHash(doc);
  Document other = doc;
  other.id = "y";
  other.meta.path = "elsewhere";
  other.events.emplace_back();
  EXPECT_EQ(ContentHash(other), base);  // id, path and annotations are not content
  other = doc;
  other.text = "Hellp";
  EXPECT_NE(ContentHash(other), base);
  other = doc;
  other.meta.published = Date::Month(2024, 12);
  EXPECT_NE(ContentHash(other), base);
  other = doc;
  other.meta.headline = "";
  other.meta.publisher = "HP";  // moving bytes between fields changes the hash
  EXPECT_NE(ContentHash(other), base);
  other = doc;
  other.meta.url = "V";
  EXPECT_NE(ContentHash(other), base);
}

TEST(StoreHelpers, PrefixUpperBound) {
  using store_internal::PrefixUpperBound;
  EXPECT_EQ(PrefixUpperBound("SYR"), "SYS");
  EXPECT_EQ(PrefixUpperBound("19"), "1:");
  EXPECT_EQ(PrefixUpperBound("A\xff"), "B");
  EXPECT_EQ(PrefixUpperBound("\xff\xff"), std::nullopt);
}

TEST(StoreHelpers, ExtraJson) {
  DocumentMeta meta;
  EXPECT_EQ(store_internal::ExtraJson(meta), "");
  meta.extra = {{"a", "1"}, {"q\"\n", "[true, null]"}, {"e", ""}};
  EXPECT_EQ(store_internal::ExtraJson(meta), R"({"a": 1, "q\"\n": [true, null], "e": null})");
}

// ---------------------------------------------------------------------------------------------
// Export, clusters, links, statistics

std::vector<StoredEvent> Export(Store& store, const EventFilter& filter, bool clusters) {
  std::vector<StoredEvent> out;
  Status s = store.ExportEvents(filter, clusters, [&](const StoredEvent& e) {
    out.push_back(e);
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// "doc-1" and a wire copy "doc-2" from another publisher a day later: their shelling events
// (same dyad, root, dates a day apart) form one cluster.
std::vector<Document> WireCopies() {
  Document a = SampleDocument("doc-1");
  Document b = SampleDocument("doc-2");
  b.meta.publisher = "Other Wire";
  b.meta.url = "https://other.example/b";
  b.meta.published = Date::Day(2018, 6, 27);
  b.events[0].date = Date::Day(2018, 6, 26);
  return {a, b};
}

TEST(StoreExport, EventsCarryStableIdsMetadataAndClusterCounts) {
  auto store = OpenOrDie(":memory:");
  ASSERT_TRUE(store->WriteDocuments(WireCopies(), nullptr).ok());
  const auto events = Export(*store, {}, false);
  ASSERT_EQ(events.size(), 6U);
  EXPECT_EQ(events[0].event.doc_id, "doc-1");
  EXPECT_EQ(events[0].id, StableId(std::string("doc-1") + '\x1f' + "0"));
  EXPECT_EQ(events[0].url, "https://example.org/a");
  EXPECT_EQ(events[0].publisher, "Example News");
  EXPECT_EQ(events[0].published, "2018-06-26");
  EXPECT_TRUE(events[0].is_root);   // sentence 0: the lead
  EXPECT_FALSE(events[1].is_root);  // paragraph 1
  EXPECT_EQ(events[3].event.doc_id, "doc-2");
  // The shelling: one cluster over both documents and both publishers.
  EXPECT_EQ(events[0].cluster_id, events[3].cluster_id);
  EXPECT_EQ(events[0].num_mentions, 2);
  EXPECT_EQ(events[0].num_articles, 2);
  EXPECT_EQ(events[0].num_sources, 2);
  // The condemnation has the same month date in both: one cluster too.
  EXPECT_EQ(events[1].cluster_id, events[4].cluster_id);
  std::set<int64_t> ids;
  for (const auto& e : events) {
    ids.insert(e.id);
  }
  EXPECT_EQ(ids.size(), events.size());

  const auto clusters = Export(*store, {}, true);
  ASSERT_EQ(clusters.size(), 3U);
  for (const auto& c : clusters) {
    EXPECT_EQ(c.event.doc_id, "doc-1");  // the exemplar is the first member
    EXPECT_EQ(c.id, c.cluster_id);
    EXPECT_EQ(c.num_articles, 2);
  }
}

TEST(StoreExport, ClusterIdsDoNotDependOnWriteOrder) {
  auto first = OpenOrDie(":memory:");
  auto second = OpenOrDie(":memory:");
  std::vector<Document> docs = WireCopies();
  ASSERT_TRUE(first->WriteDocuments(docs, nullptr).ok());
  std::reverse(docs.begin(), docs.end());
  ASSERT_TRUE(second->WriteDocuments(std::vector<Document>{docs[0]}, nullptr).ok());
  ASSERT_TRUE(second->RefreshDerived().ok());
  ASSERT_TRUE(second->WriteDocuments(std::vector<Document>{docs[1]}, nullptr).ok());
  const auto a = Export(*first, {}, false);
  const auto b = Export(*second, {}, false);  // refreshes: documents were written since
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].cluster_id, b[i].cluster_id);
    EXPECT_EQ(a[i].num_mentions, b[i].num_mentions);
  }
}

TEST(StoreExport, RewritingADocumentMarksTheClustersStale) {
  TempDb db;
  auto store = OpenOrDie(db.path());
  ASSERT_TRUE(store->WriteDocuments(WireCopies(), nullptr).ok());
  ASSERT_TRUE(store->RefreshDerived().ok());
  RawDb raw(db.path());
  EXPECT_EQ(raw.Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "0");
  // Unchanged documents leave the derived tables valid.
  ASSERT_TRUE(store->WriteDocuments(WireCopies(), nullptr).ok());
  EXPECT_EQ(raw.Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "0");
  std::vector<Document> docs = WireCopies();
  docs[1].events[0].date = Date::Day(2018, 6, 29);  // now too late for the cluster
  ASSERT_TRUE(store->WriteDocuments(std::vector<Document>{docs[1]}, nullptr).ok());
  EXPECT_EQ(raw.Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "1");
  const auto events = Export(*store, {}, false);
  EXPECT_NE(events[0].cluster_id, events[3].cluster_id);
  EXPECT_EQ(events[0].num_mentions, 1);
  EXPECT_EQ(raw.Scalar("SELECT value FROM store_state WHERE key = 'derived_stale'"), "0");
}

TEST(StoreLinks, NearDuplicateDocumentsAreLinked) {
  auto store = OpenOrDie(":memory:");
  std::vector<Document> docs = WireCopies();
  Document other = SampleDocument("doc-3");
  other.text =
      "Voters in Kyrgyzstan went to the polls on Sunday in a parliamentary election described "
      "as competitive. Turnout was low.";
  other.sentences.clear();
  other.mentions.clear();
  other.events.clear();
  other.tokens.Clear();
  docs.push_back(other);
  ASSERT_TRUE(store->WriteDocuments(docs, nullptr).ok());
  DerivedStats stats;
  ASSERT_TRUE(store->RebuildDerived({}, &stats).ok());
  EXPECT_EQ(stats.doc_links, 1U);
  std::vector<DocLink> links;
  ASSERT_TRUE(store->QueryDocLinks(&links).ok());
  ASSERT_EQ(links.size(), 1U);
  EXPECT_EQ(links[0].doc_id, "doc-2");  // published later
  EXPECT_EQ(links[0].duplicate_of, "doc-1");
  EXPECT_EQ(links[0].kind, kLinkNearDuplicate);
  EXPECT_EQ(links[0].similarity, 1.0);
}

StatsRow Row(const std::vector<StatsRow>& rows, const std::string& period,
             const std::string& group) {
  for (const StatsRow& r : rows) {
    if (r.period == period && r.group == group) {
      return r;
    }
  }
  ADD_FAILURE() << "no row " << period << " / " << group;
  return {};
}

TEST(StoreStats, CountsPerPeriodAndGroup) {
  auto store = OpenOrDie(":memory:");
  ASSERT_TRUE(store->WriteDocuments(WireCopies(), nullptr).ok());
  std::vector<StatsRow> rows;
  StatsQuery q;
  ASSERT_TRUE(store->QueryStats(q, &rows).ok());
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].events, 6);
  EXPECT_DOUBLE_EQ(rows[0].goldstein, 2 * (-10.0 - 4.0));
  EXPECT_EQ(rows[0].quad, (std::array<int64_t, 4>{2, 0, 2, 2}));

  q.by = StatsPeriod::kDay;
  q.group = StatsGroup::kDyad;
  ASSERT_TRUE(store->QueryStats(q, &rows).ok());
  ASSERT_EQ(rows.size(), 2U);  // only the day-precise shelling events
  EXPECT_EQ(Row(rows, "2018-06-25", "SYRMIL-SYRREB").events, 1);
  EXPECT_EQ(Row(rows, "2018-06-26", "SYRMIL-SYRREB").quad[3], 1);

  q.by = StatsPeriod::kWeek;  // 25 and 26 June 2018: Monday and Tuesday of one week
  q.group = StatsGroup::kCountry;
  ASSERT_TRUE(store->QueryStats(q, &rows).ok());
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(Row(rows, "2018-06-25", "SYR").events, 2);

  q.by = StatsPeriod::kMonth;
  q.group = StatsGroup::kRoot;
  ASSERT_TRUE(store->QueryStats(q, &rows).ok());
  ASSERT_EQ(rows.size(), 2U);  // year-dated statements are left out of a month series
  EXPECT_EQ(Row(rows, "2018-06", "19").events, 2);
  EXPECT_EQ(Row(rows, "2018-06", "12").events, 2);

  q.filter.source_prefix = "USA";
  q.by = StatsPeriod::kNone;
  q.group = StatsGroup::kTarget;
  ASSERT_TRUE(store->QueryStats(q, &rows).ok());
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(Row(rows, "", "").events, 2);  // statements without a target
  EXPECT_EQ(Row(rows, "", "SYR").events, 2);
}

TEST(StoreStats, HostileFiltersAreBoundNotSpliced) {
  TempDb db;
  auto store = OpenOrDie(db.path());
  std::vector<Document> docs = WireCopies();
  docs[1].id = "x'); DROP TABLE events; --";
  ASSERT_TRUE(store->WriteDocuments(docs, nullptr).ok());
  for (const std::string hostile : {"' OR '1'='1", "SYR'; DELETE FROM events; --",
                                    "\"; DROP TABLE documents; --", "%", "_", "SYR%", "'", ";"}) {
    EventFilter f;
    f.source_prefix = hostile;
    EXPECT_TRUE(Query(*store, f).empty()) << hostile;
    EXPECT_TRUE(Export(*store, f, false).empty()) << hostile;
    StatsQuery q;
    q.filter.code_prefix = hostile;
    q.filter.target_prefix = hostile;
    std::vector<StatsRow> rows;
    ASSERT_TRUE(store->QueryStats(q, &rows).ok()) << hostile;
    EXPECT_TRUE(rows.empty()) << hostile;
    f = {};
    f.doc_id = hostile;
    EXPECT_TRUE(Export(*store, f, true).empty()) << hostile;
  }
  // A hostile document id is just an id.
  EventFilter f;
  f.doc_id = "x'); DROP TABLE events; --";
  EXPECT_EQ(Export(*store, f, false).size(), 3U);
  RawDb raw(db.path());
  EXPECT_EQ(raw.Count("events"), 6);
  EXPECT_EQ(raw.Count("documents"), 2);
}

TEST(StoreExport, InvalidDateBoundIsRefused) {
  auto store = OpenOrDie(":memory:");
  EventFilter f;
  f.from = Date{};
  f.from->precision = DatePrecision::kNone;
  Status s = store->ExportEvents(f, false, [](const StoredEvent&) { return Status::OK(); });
  EXPECT_TRUE(s.IsInvalidInput());
  std::vector<StatsRow> rows;
  StatsQuery q;
  q.filter = f;
  EXPECT_TRUE(store->QueryStats(q, &rows).IsInvalidInput());
}

TEST(StoreExport, SinkErrorStopsTheExport) {
  auto store = OpenOrDie(":memory:");
  ASSERT_TRUE(store->WriteDocuments(WireCopies(), nullptr).ok());
  size_t seen = 0;
  Status s = store->ExportEvents({}, false, [&](const StoredEvent&) {
    ++seen;
    return Status::IOError("disk full");
  });
  EXPECT_TRUE(s.IsIOError());
  EXPECT_EQ(seen, 1U);
}

// ---------------------------------------------------------------------------------------------
// Throughput (a correctness test at scale that also reports the insert rate)

TEST(StoreThroughput, WritesManyEventsInOneBatch) {
  TempDb db;
  auto store = OpenOrDie(db.path());
  const Document base = SampleDocument();
  constexpr int kDocs = 2000;
  constexpr int kEventsPerDoc = 60;
  std::vector<Document> docs(kDocs, base);
  for (int i = 0; i < kDocs; ++i) {
    Document& d = docs[i];
    d.id = "doc-" + std::to_string(i);
    d.events.clear();
    for (int j = 0; j < kEventsPerDoc; ++j) {
      d.events.push_back(base.events[j % base.events.size()]);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  WriteStats stats;
  Status s = store->WriteDocuments(docs, &stats);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(stats.events, static_cast<size_t>(kDocs) * kEventsPerDoc);
  std::printf("[ rate     ] %zu events, %zu sentences in %.3f s: %.0f events/s\n", stats.events,
              stats.sentences, seconds, static_cast<double>(stats.events) / seconds);
  EventFilter f;
  f.code_prefix = "19";
  EXPECT_EQ(Query(*store, f).size(), static_cast<size_t>(kDocs) * kEventsPerDoc / 3);
  f = {};
  f.doc_id = "doc-1234";
  EXPECT_EQ(Query(*store, f).size(), static_cast<size_t>(kEventsPerDoc));
}

}  // namespace
}  // namespace casus
