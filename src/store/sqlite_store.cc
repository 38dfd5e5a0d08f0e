#include "store/sqlite_store.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

#include "core/date.h"
#include "store/rows.h"
#include "store/schema.h"

namespace casus::store_internal {
namespace {

// How long a write waits for another connection's write lock before giving up with "busy".
constexpr int kBusyTimeoutMs = 10000;

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string_view CasusVersion() {
#ifdef CASUS_VERSION
  return CASUS_VERSION;
#else
  return {};
#endif
}

// A RowSink (rows.h) that binds each field to the next parameter of a prepared INSERT and runs
// it at the end of the row. Text is bound in place (SQLITE_STATIC): the row functions keep it
// alive until EndRow(), which steps the statement. The statement is reset when the sink dies.
class BindingSink {
 public:
  BindingSink(Statement& st, std::string context)
      : st_(st), reset_(st), context_(std::move(context)) {}
  void Text(std::string_view text) { st_.BindText(next_++, text); }
  void TextOrNull(std::string_view text) { st_.BindTextOrNull(next_++, text); }
  void Int(int64_t value) { st_.BindInt64(next_++, value); }
  void Double(double value) { st_.BindDouble(next_++, value); }
  void Null() { st_.BindNull(next_++); }
  void Blob(std::string_view bytes) { st_.BindBlob(next_++, bytes); }
  Status EndRow() {
    next_ = 1;
    return st_.Run(context_);
  }

 private:
  Statement& st_;
  ScopedReset reset_;
  std::string context_;
  int next_ = 1;
};

// Query parameters, numbered so that each has the same number in every combination of filters.
enum QueryParam : int {
  kParamSourceLow = 1,
  kParamSourceHigh,
  kParamTargetLow,
  kParamTargetHigh,
  kParamCodeLow,
  kParamCodeHigh,
  kParamFromYear,
  kParamFromDay,
  kParamToDay,
  kParamDoc,
  kParamLimit,
};

// The first and the last day a filter date covers, as "YYYY-MM-DD".
std::string FirstDay(const Date& d) {
  return Date::Day(d.year, d.month == 0 ? 1 : d.month, d.day == 0 ? 1 : d.day).ToString();
}
std::string LastDay(const Date& d) {
  const int month = d.month == 0 ? 12 : d.month;
  return Date::Day(d.year, month, d.day == 0 ? DaysInMonth(d.year, month) : d.day).ToString();
}

void BindPrefix(Statement& stmt, int low_param, const std::string& prefix,
                std::optional<std::string>* high) {
  stmt.BindText(low_param, prefix);
  *high = PrefixUpperBound(prefix);
  if (*high) {
    stmt.BindText(low_param + 1, **high);
  } else {
    // Every text value sorts before every blob, so an empty blob is an upper bound for all.
    stmt.BindEmptyBlob(low_param + 1);
  }
}

// One bit per EventFilter field in use.
constexpr unsigned kFilterSource = 1U << 0;
constexpr unsigned kFilterTarget = 1U << 1;
constexpr unsigned kFilterCode = 1U << 2;
constexpr unsigned kFilterFrom = 1U << 3;
constexpr unsigned kFilterTo = 1U << 4;
constexpr unsigned kFilterDoc = 1U << 5;

unsigned FilterBits(const EventFilter& filter) {
  unsigned filters = 0;
  filters |= filter.source_prefix.empty() ? 0U : kFilterSource;
  filters |= filter.target_prefix.empty() ? 0U : kFilterTarget;
  filters |= filter.code_prefix.empty() ? 0U : kFilterCode;
  filters |= filter.from ? kFilterFrom : 0U;
  filters |= filter.to ? kFilterTo : 0U;
  filters |= filter.doc_id.empty() ? 0U : kFilterDoc;
  return filters;
}

Status CheckFilter(const EventFilter& filter) {
  if ((filter.from && !filter.from->valid()) || (filter.to && !filter.to->valid())) {
    return Status::InvalidInput("an event query's date bounds must be valid dates");
  }
  return Status::OK();
}

// The conditions of `filters` on the events table aliased `e`, each as " AND …", with the
// parameter numbers of QueryParam.
std::string FilterConditions(unsigned filters) {
  std::string sql;
  // Prefixes become half-open ranges [prefix, upper bound) so that the indexes serve them
  // (LIKE would be case-insensitive and unindexed); codes compare bytewise (BINARY).
  if (filters & kFilterSource) {
    sql += " AND e.source_code >= ?1 AND e.source_code < ?2";
  }
  if (filters & kFilterTarget) {
    sql += " AND e.target_code >= ?3 AND e.target_code < ?4";
  }
  if (filters & kFilterCode) {
    sql += " AND e.code >= ?5 AND e.code < ?6";
  }
  // An event's date covers a range: a day, a month or a year. It matches `from` when the range
  // ends on or after from's first day, and `to` when it starts on or before to's last day.
  // Against a full "YYYY-MM-DD" bound, the stored text compares as its first day does (a
  // string sorts before its extensions), so `to` needs no padding. For `from`, the text is
  // padded to "-12-31" or "-31": no valid day lies between a month's real last day and its
  // "-31", so the padded string compares as the last day would. The plain year comparison
  // lets the date index narrow the scan. NULL (undated) matches neither bound.
  if (filters & kFilterFrom) {
    sql +=
        " AND e.date >= ?7 AND (CASE length(e.date) WHEN 4 THEN e.date || '-12-31' "
        "WHEN 7 THEN e.date || '-31' ELSE e.date END) >= ?8";
  }
  if (filters & kFilterTo) {
    sql += " AND e.date <= ?9";
  }
  if (filters & kFilterDoc) {
    sql += " AND e.doc_id = ?10";
  }
  return sql;
}

// The values bound with SQLITE_STATIC for a filter: they must outlive the statement's stepping.
struct FilterBinding {
  std::optional<std::string> source_high;
  std::optional<std::string> target_high;
  std::optional<std::string> code_high;
  std::string from_year;
  std::string from_day;
  std::string to_day;
};

void BindFilter(Statement& st, const EventFilter& filter, unsigned filters, FilterBinding* b) {
  if (filters & kFilterSource) {
    BindPrefix(st, kParamSourceLow, filter.source_prefix, &b->source_high);
  }
  if (filters & kFilterTarget) {
    BindPrefix(st, kParamTargetLow, filter.target_prefix, &b->target_high);
  }
  if (filters & kFilterCode) {
    BindPrefix(st, kParamCodeLow, filter.code_prefix, &b->code_high);
  }
  if (filters & kFilterFrom) {
    b->from_day = FirstDay(*filter.from);
    b->from_year = b->from_day.substr(0, b->from_day.find('-', 1));
    st.BindText(kParamFromYear, b->from_year);
    st.BindText(kParamFromDay, b->from_day);
  }
  if (filters & kFilterTo) {
    b->to_day = LastDay(*filter.to);
    st.BindText(kParamToDay, b->to_day);
  }
  if (filters & kFilterDoc) {
    st.BindText(kParamDoc, filter.doc_id);
  }
}

// Reads the event columns of kSelectEvents, starting at column 0.
void ReadEventColumns(const Statement& st, EventRecord* out) {
  EventRecord& r = *out;
  r.doc_id = st.ColumnText(kColDoc);
  r.sentence_index = static_cast<uint32_t>(st.ColumnInt64(kColSentence));
  r.sentence = st.ColumnText(kColSentenceText);
  r.sentence_begin = static_cast<uint32_t>(st.ColumnInt64(kColSentenceBegin));
  r.sentence_end = static_cast<uint32_t>(st.ColumnInt64(kColSentenceEnd));
  r.source_code = st.ColumnText(kColSourceCode);
  r.source_text = st.ColumnText(kColSourceText);
  r.has_target = !st.IsNull(kColTargetCode);
  r.target_code = st.ColumnText(kColTargetCode);
  r.target_text = st.ColumnText(kColTargetText);
  r.code = st.ColumnText(kColCode);
  r.root = st.ColumnText(kColRoot);
  r.quad = static_cast<int>(st.ColumnInt64(kColQuad));
  r.goldstein = st.ColumnDouble(kColGoldstein);
  r.plover = st.ColumnText(kColPlover);
  r.date = st.ColumnText(kColDate);
  r.date_precision = st.ColumnText(kColDatePrecision);
  r.date_basis = st.ColumnText(kColDateBasis);
  r.trigger = st.ColumnText(kColTrigger);
  r.trigger_begin = static_cast<uint32_t>(st.ColumnInt64(kColTriggerBegin));
  r.trigger_end = static_cast<uint32_t>(st.ColumnInt64(kColTriggerEnd));
  r.pattern = st.ColumnText(kColPattern);
  r.confidence = st.ColumnDouble(kColConfidence);
  r.flags = static_cast<uint32_t>(st.ColumnInt64(kColFlags));
  r.source_entry = st.ColumnText(kColSourceEntry);
  r.target_entry = st.ColumnText(kColTargetEntry);
  r.location.reset();
  if (!st.IsNull(kColLocationName)) {
    EventLocation& l = r.location.emplace();
    l.name = st.ColumnText(kColLocationName);
    l.feature = st.ColumnText(kColLocationFeature);
    l.country = st.ColumnText(kColLocationCountry);
    l.admin1 = st.ColumnText(kColLocationAdmin1);
    l.has_coords = !st.IsNull(kColLocationLat);
    l.lat = st.ColumnDouble(kColLocationLat);
    l.lon = st.ColumnDouble(kColLocationLon);
    l.geonames_id = st.ColumnInt64(kColLocationGeonamesId);
    l.basis = st.ColumnText(kColLocationBasis);
  }
}

}  // namespace

SqliteStore::SqliteStore(DbHandle db, std::string path)
    : db_(std::move(db)), path_(std::move(path)) {}

Status SqliteStore::Open(const std::string& path, std::unique_ptr<SqliteStore>* store) {
  DbHandle db;
  CASUS_RETURN_IF_ERROR(OpenDatabase(path, &db));
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  // WAL lets readers (a `casus query` in another shell) run while a batch is written; it needs a
  // file, so an in-memory or temporary database keeps its default journal.
  if (path != ":memory:" && !path.empty()) {
    CASUS_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA journal_mode = WAL", path));
  }
  // NORMAL is durable under WAL except for the last transactions before a power loss, which
  // re-coding restores; FULL would sync on every commit.
  CASUS_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA synchronous = NORMAL", path));
  // Foreign keys stay off: checking every child row's parent cost a quarter of the write time,
  // and the store keeps the references itself (children are inserted right after their
  // document in the same transaction, and a replaced document's rows are deleted table by
  // table, as ON DELETE CASCADE would). `PRAGMA foreign_key_check` finds nothing to report.
  CASUS_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA foreign_keys = OFF", path));
  // A batch is one transaction; when its dirty pages outgrow the page cache (2 MiB by default),
  // sqlite spills them to the journal early and reads them back. 64 MiB, allocated only as
  // needed, holds a batch of some hundred thousand events.
  CASUS_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA cache_size = -65536", path));
  CASUS_RETURN_IF_ERROR(Migrate(db.get(), SchemaSteps()).WithContext(path));
  auto opened = std::make_unique<SqliteStore>(std::move(db), path);
  CASUS_RETURN_IF_ERROR(opened->PrepareWriteStatements().WithContext(path));
  *store = std::move(opened);
  return Status::OK();
}

Status SqliteStore::PrepareWriteStatements() {
  sqlite3* db = db_.get();
  CASUS_RETURN_IF_ERROR(
      select_hash_.Prepare(db, "SELECT content_hash, coding_hash FROM documents WHERE id = ?1"));
  CASUS_RETURN_IF_ERROR(mark_stale_.Prepare(
      db, "UPDATE store_state SET value = '1' WHERE key = 'derived_stale' AND value <> '1'"));
  static constexpr std::array<const char*, kDeleteStatements> kDeletes = {
      "DELETE FROM sentences WHERE doc_id = ?1",
      "DELETE FROM mentions WHERE doc_id = ?1",
      "DELETE FROM events WHERE doc_id = ?1",
      "DELETE FROM quotes WHERE doc_id = ?1",
      "DELETE FROM places WHERE doc_id = ?1",
      "DELETE FROM doc_links WHERE doc_id = ?1 OR duplicate_of = ?1",
      "DELETE FROM documents WHERE id = ?1",
  };
  for (size_t i = 0; i < kDeletes.size(); ++i) {
    CASUS_RETURN_IF_ERROR(delete_document_[i].Prepare(db, kDeletes[i]));
  }
  CASUS_RETURN_IF_ERROR(insert_document_.Prepare(db, InsertSql("documents", kDocumentColumns)));
  CASUS_RETURN_IF_ERROR(insert_sentence_.Prepare(db, InsertSql("sentences", kSentenceColumns)));
  CASUS_RETURN_IF_ERROR(insert_mention_.Prepare(db, InsertSql("mentions", kMentionColumns)));
  CASUS_RETURN_IF_ERROR(insert_event_.Prepare(db, InsertSql("events", kEventColumns)));
  CASUS_RETURN_IF_ERROR(insert_quote_.Prepare(db, InsertSql("quotes", kQuoteColumns)));
  CASUS_RETURN_IF_ERROR(insert_place_.Prepare(db, InsertSql("places", kPlaceColumns)));
  return count_documents_.Prepare(db, "SELECT count(*) FROM documents");
}

Status SqliteStore::WriteDocuments(std::span<const Document> docs, WriteStats* stats) {
  WriteStats written;
  const std::string coded_at = UtcNow();
  Status status;
  {
    Transaction txn;
    status = txn.Begin(db_.get());
    for (size_t i = 0; status.ok() && i < docs.size(); ++i) {
      status = WriteDocument(docs[i], coded_at, &written);
    }
    // The derived tables no longer describe every document: say so in the same transaction.
    if (status.ok() && written.unchanged < written.documents) {
      status = mark_stale_.Run("cannot mark the derived tables stale");
    }
    if (status.ok()) {
      status = txn.Commit();
    }
    // Leaving the scope rolls back unless the commit went through.
  }
  if (stats != nullptr) {
    *stats = status.ok() ? written : WriteStats{};
  }
  return status.WithContext(path_);
}

Status SqliteStore::WriteDocument(const Document& doc, const std::string& coded_at,
                                  WriteStats* stats) {
  CASUS_RETURN_IF_ERROR(ValidateDocument(doc));
  const std::string hash = ContentHash(doc);
  const std::string coding_hash = CodingHash(doc, CasusVersion());
  ++stats->documents;
  stats->sentences += doc.sentences.size();
  stats->events += doc.events.size();
  bool existed = false;
  {
    ScopedReset reset(select_hash_);
    select_hash_.BindText(1, doc.id);
    const int rc = select_hash_.Step();
    if (rc == SQLITE_ROW) {
      existed = true;
      if (select_hash_.ColumnText(0) == hash && select_hash_.ColumnText(1) == coding_hash) {
        // Stored exactly so already: writing again would change only coded_at.
        ++stats->unchanged;
        return Status::OK();
      }
    } else if (rc != SQLITE_DONE) {
      return SqliteError(db_.get(), rc, "cannot look up document " + doc.id);
    }
  }
  if (existed) {
    ++stats->replaced;
    // Children first, then the document: what ON DELETE CASCADE would do.
    for (Statement& st : delete_document_) {
      ScopedReset reset(st);
      st.BindText(1, doc.id);
      CASUS_RETURN_IF_ERROR(st.Run("cannot delete the earlier rows"));
    }
  }
  const DocumentRowValues values{hash, coding_hash, coded_at, CasusVersion()};
  {
    BindingSink sink(insert_document_, "cannot insert document " + doc.id);
    CASUS_RETURN_IF_ERROR(WriteDocumentRow(doc, values, sink));
  }
  {
    BindingSink sink(insert_sentence_, "cannot insert a sentence");
    CASUS_RETURN_IF_ERROR(WriteSentenceRows(doc, sink));
  }
  {
    BindingSink sink(insert_mention_, "cannot insert a mention");
    CASUS_RETURN_IF_ERROR(WriteMentionRows(doc, sink));
  }
  {
    BindingSink sink(insert_event_, "cannot insert an event");
    CASUS_RETURN_IF_ERROR(WriteEventRows(doc, sink));
  }
  {
    BindingSink sink(insert_quote_, "cannot insert a quote");
    CASUS_RETURN_IF_ERROR(WriteQuoteRows(doc, sink));
  }
  BindingSink sink(insert_place_, "cannot insert a place");
  return WritePlaceRows(doc, sink);
}

Status SqliteStore::QueryStatement(unsigned filters, Statement** stmt) {
  Statement& cached = queries_[filters];
  if (!cached.prepared()) {
    std::string sql(kSelectEvents);
    sql += " WHERE 1";
    sql += FilterConditions(filters);
    sql += " ORDER BY e.doc_id, e.idx LIMIT ?11";
    CASUS_RETURN_IF_ERROR(cached.Prepare(db_.get(), sql));
  }
  *stmt = &cached;
  return Status::OK();
}

Status SqliteStore::QueryEvents(const EventFilter& filter, std::vector<EventRecord>* events) {
  events->clear();
  CASUS_RETURN_IF_ERROR(CheckFilter(filter));
  const unsigned filters = FilterBits(filter);
  Statement* stmt = nullptr;
  CASUS_RETURN_IF_ERROR(QueryStatement(filters, &stmt).WithContext(path_));
  Statement& st = *stmt;
  ScopedReset reset(st);
  FilterBinding binding;
  BindFilter(st, filter, filters, &binding);
  st.BindInt64(kParamLimit, filter.limit < 0 ? -1 : filter.limit);

  int rc = 0;
  while ((rc = st.Step()) == SQLITE_ROW) {
    ReadEventColumns(st, &events->emplace_back());
  }
  if (rc != SQLITE_DONE) {
    events->clear();
    return SqliteError(db_.get(), rc, "cannot query events").WithContext(path_);
  }
  return Status::OK();
}

Status SqliteStore::ExportEvents(const EventFilter& filter, bool clusters,
                                 const StoredEventSink& sink) {
  CASUS_RETURN_IF_ERROR(CheckFilter(filter));
  CASUS_RETURN_IF_ERROR(RefreshDerived());
  const unsigned filters = FilterBits(filter);
  std::string sql(kSelectExport);
  if (clusters) {
    sql += " AND c.doc_id = e.doc_id AND c.idx = e.idx";
  }
  sql += FilterConditions(filters);
  sql += " ORDER BY e.doc_id, e.idx LIMIT ?11";
  Statement st;
  CASUS_RETURN_IF_ERROR(st.Prepare(db_.get(), sql).WithContext(path_));
  FilterBinding binding;
  BindFilter(st, filter, filters, &binding);
  st.BindInt64(kParamLimit, filter.limit < 0 ? -1 : filter.limit);
  StoredEvent out;
  int rc = 0;
  while ((rc = st.Step()) == SQLITE_ROW) {
    ReadEventColumns(st, &out.event);
    out.url = st.ColumnText(kColUrl);
    out.publisher = st.ColumnText(kColPublisher);
    out.published = st.ColumnText(kColPublished);
    out.coded_at = st.ColumnText(kColCodedAt);
    out.is_root = st.ColumnInt64(kColIsRoot) != 0;
    out.cluster_id = st.ColumnInt64(kColClusterId);
    out.location = st.ColumnText(kColLocation);
    if (st.IsNull(kColClusterId)) {
      out.num_mentions = out.num_sources = out.num_articles = 1;
    } else {
      out.num_mentions = st.ColumnInt64(kColMentions);
      out.num_sources = st.ColumnInt64(kColSources);
      out.num_articles = st.ColumnInt64(kColArticles);
    }
    out.id =
        clusters
            ? out.cluster_id
            : StableId(out.event.doc_id + '\x1f' + std::to_string(st.ColumnInt64(kColEventIdx)));
    CASUS_RETURN_IF_ERROR(sink(out));
  }
  if (rc != SQLITE_DONE) {
    return SqliteError(db_.get(), rc, "cannot export events").WithContext(path_);
  }
  return Status::OK();
}

Status SqliteStore::RefreshDerived() {
  Statement st;
  CASUS_RETURN_IF_ERROR(
      st.Prepare(db_.get(), "SELECT value FROM store_state WHERE key = 'derived_stale'"));
  const int rc = st.Step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return SqliteError(db_.get(), rc, "cannot read the store state").WithContext(path_);
  }
  const bool stale = rc != SQLITE_ROW || st.ColumnText(0) != "0";
  st.Reset();
  if (!stale) {
    return Status::OK();
  }
  return RebuildDerived(DedupOptions{}, nullptr);
}

Status SqliteStore::RebuildDerived(const DedupOptions& options, DerivedStats* stats) {
  DerivedStats built;
  Status status;
  {
    Transaction txn;
    status = txn.Begin(db_.get());
    if (status.ok()) {
      status = RebuildDocLinks(options, &built);
    }
    if (status.ok()) {
      status = RebuildClusters(&built);
    }
    if (status.ok()) {
      status = Exec(db_.get(),
                    "INSERT OR REPLACE INTO store_state (key, value) VALUES ('derived_stale', '0')",
                    "cannot record the rebuild");
    }
    if (status.ok()) {
      status = txn.Commit();
    }
  }
  if (stats != nullptr && status.ok()) {
    *stats = built;
  }
  return status.WithContext(path_);
}

Status SqliteStore::RebuildDocLinks(const DedupOptions& options, DerivedStats* stats) {
  std::vector<DedupDocument> docs;
  std::vector<size_t> missing;  // rows from schema version 1, without a signature
  {
    Statement st;
    CASUS_RETURN_IF_ERROR(st.Prepare(
        db_.get(),
        "SELECT id, coalesce(published, ''), minhash, passages, "
        "CASE WHEN minhash IS NULL OR passages IS NULL THEN text END FROM documents ORDER BY id"));
    int rc = 0;
    while ((rc = st.Step()) == SQLITE_ROW) {
      DedupDocument& d = docs.emplace_back();
      d.id = st.ColumnText(0);
      d.published = st.ColumnText(1);
      if (st.IsNull(3) || !MinHashFromBytes(st.ColumnBlob(2), &d.signature) ||
          !PassageSketchFromBytes(st.ColumnBlob(3), &d.passages)) {
        d.signature = MinHashOf(st.ColumnText(4));
        d.passages = PassageSketchOf(st.ColumnText(4));
        missing.push_back(docs.size() - 1);
      }
    }
    if (rc != SQLITE_DONE) {
      return SqliteError(db_.get(), rc, "cannot read the documents");
    }
  }
  if (!missing.empty()) {
    Statement update;
    CASUS_RETURN_IF_ERROR(update.Prepare(
        db_.get(), "UPDATE documents SET minhash = ?2, passages = ?3 WHERE id = ?1"));
    for (const size_t i : missing) {
      const std::string bytes = MinHashToBytes(docs[i].signature);
      const std::string sketch = PassageSketchToBytes(docs[i].passages);
      update.BindText(1, docs[i].id);
      update.BindBlob(2, bytes);
      update.BindBlob(3, sketch);
      CASUS_RETURN_IF_ERROR(update.Run("cannot store a signature"));
    }
  }
  const std::vector<DocLink> links = LinkNearDuplicates(docs, options.similarity);
  CASUS_RETURN_IF_ERROR(Exec(db_.get(), "DELETE FROM doc_links", "cannot clear doc_links"));
  Statement insert;
  CASUS_RETURN_IF_ERROR(insert.Prepare(
      db_.get(),
      "INSERT INTO doc_links (doc_id, duplicate_of, kind, similarity) VALUES (?1, ?2, ?3, ?4)"));
  for (const DocLink& link : links) {
    insert.BindText(1, link.doc_id);
    insert.BindText(2, link.duplicate_of);
    insert.BindText(3, link.kind);
    insert.BindDouble(4, link.similarity);
    CASUS_RETURN_IF_ERROR(insert.Run("cannot insert a doc link"));
  }
  stats->doc_links = links.size();
  return Status::OK();
}

Status SqliteStore::RebuildClusters(DerivedStats* stats) {
  std::vector<ClusterEvent> events;
  {
    Statement st;
    // The location is unknown until events carry one; the key has room for it.
    CASUS_RETURN_IF_ERROR(st.Prepare(
        db_.get(),
        "SELECT e.doc_id, e.idx, e.source_code, coalesce(e.target_code, ''), e.root, "
        "coalesce(e.date, ''), d.publisher FROM events AS e JOIN documents AS d ON d.id = e.doc_id "
        "ORDER BY e.doc_id, e.idx"));
    int rc = 0;
    while ((rc = st.Step()) == SQLITE_ROW) {
      ClusterEvent& e = events.emplace_back();
      e.doc_id = st.ColumnText(0);
      e.idx = st.ColumnInt64(1);
      e.source = st.ColumnText(2);
      e.target = st.ColumnText(3);
      e.root = st.ColumnText(4);
      e.date = st.ColumnText(5);
      // A document without a publisher is a source of its own ("\x1f" cannot start a name).
      e.source_key = st.IsNull(6) ? "\x1f" + e.doc_id : std::string(st.ColumnText(6));
    }
    if (rc != SQLITE_DONE) {
      return SqliteError(db_.get(), rc, "cannot read the events");
    }
  }
  std::vector<EventCluster> clusters;
  std::vector<size_t> member_of;
  ClusterEvents(events, &clusters, &member_of);
  CASUS_RETURN_IF_ERROR(Exec(db_.get(),
                             "DELETE FROM event_cluster_members; DELETE FROM event_clusters",
                             "cannot clear the clusters"));
  Statement insert;
  CASUS_RETURN_IF_ERROR(insert.Prepare(
      db_.get(),
      "INSERT INTO event_clusters (id, source_code, target_code, root, location, first_date, "
      "last_date, num_mentions, num_sources, num_articles, doc_id, idx) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  for (const EventCluster& c : clusters) {
    const ClusterEvent& first = events[c.first_member];
    insert.BindInt64(1, c.id);
    insert.BindText(2, c.source);
    insert.BindTextOrNull(3, c.target);
    insert.BindText(4, c.root);
    insert.BindTextOrNull(5, c.location);
    insert.BindTextOrNull(6, c.first_date);
    insert.BindTextOrNull(7, c.last_date);
    insert.BindInt64(8, c.num_mentions);
    insert.BindInt64(9, c.num_sources);
    insert.BindInt64(10, c.num_articles);
    insert.BindText(11, first.doc_id);
    insert.BindInt64(12, first.idx);
    CASUS_RETURN_IF_ERROR(insert.Run("cannot insert a cluster"));
  }
  Statement member;
  CASUS_RETURN_IF_ERROR(member.Prepare(
      db_.get(),
      "INSERT INTO event_cluster_members (doc_id, idx, cluster_id) VALUES (?1, ?2, ?3)"));
  for (size_t i = 0; i < events.size(); ++i) {
    member.BindText(1, events[i].doc_id);
    member.BindInt64(2, events[i].idx);
    member.BindInt64(3, clusters[member_of[i]].id);
    CASUS_RETURN_IF_ERROR(member.Run("cannot insert a cluster member"));
  }
  stats->clusters = clusters.size();
  stats->events = events.size();
  return Status::OK();
}

Status SqliteStore::QueryDocLinks(std::vector<DocLink>* links) {
  links->clear();
  Statement st;
  CASUS_RETURN_IF_ERROR(st.Prepare(
      db_.get(), "SELECT doc_id, duplicate_of, similarity, kind FROM doc_links ORDER BY doc_id"));
  int rc = 0;
  while ((rc = st.Step()) == SQLITE_ROW) {
    links->push_back({std::string(st.ColumnText(0)), std::string(st.ColumnText(1)),
                      st.ColumnDouble(2), std::string(st.ColumnText(3))});
  }
  if (rc != SQLITE_DONE) {
    return SqliteError(db_.get(), rc, "cannot read doc_links").WithContext(path_);
  }
  return Status::OK();
}

Status SqliteStore::QueryStats(const StatsQuery& query, std::vector<StatsRow>* rows) {
  rows->clear();
  CASUS_RETURN_IF_ERROR(CheckFilter(query.filter));
  std::string period = "''";
  std::string period_condition;
  switch (query.by) {
    case StatsPeriod::kNone:
      break;
    case StatsPeriod::kDay:
      period = "e.date";
      period_condition = " AND length(e.date) = 10";
      break;
    case StatsPeriod::kWeek:
      // The Monday on or before the date ('weekday 1' moves forward to the next Monday).
      period = "date(e.date, '-6 days', 'weekday 1')";
      period_condition = " AND length(e.date) = 10";
      break;
    case StatsPeriod::kMonth:
      period = "substr(e.date, 1, 7)";
      period_condition = " AND length(e.date) >= 7";
      break;
  }
  const std::string group(StatsGroupSql(query.group));
  const unsigned filters = FilterBits(query.filter);
  const std::string sql = "SELECT " + period + " AS p, " + group +
                          " AS g, count(*), total(e.goldstein), "
                          "sum(e.quad = 1), sum(e.quad = 2), sum(e.quad = 3), sum(e.quad = 4) "
                          "FROM events AS e WHERE 1" +
                          period_condition + FilterConditions(filters) +
                          " GROUP BY p, g ORDER BY p, g";
  Statement st;
  CASUS_RETURN_IF_ERROR(st.Prepare(db_.get(), sql).WithContext(path_));
  FilterBinding binding;
  BindFilter(st, query.filter, filters, &binding);
  int rc = 0;
  while ((rc = st.Step()) == SQLITE_ROW) {
    StatsRow& r = rows->emplace_back();
    r.period = st.ColumnText(0);
    r.group = st.ColumnText(1);
    r.events = st.ColumnInt64(2);
    r.goldstein = st.ColumnDouble(3);
    for (int q = 0; q < 4; ++q) {
      r.quad[q] = st.ColumnInt64(4 + q);
    }
  }
  if (rc != SQLITE_DONE) {
    rows->clear();
    return SqliteError(db_.get(), rc, "cannot compute statistics").WithContext(path_);
  }
  return Status::OK();
}

Status SqliteStore::SchemaVersion(int* version) {
  return ReadSchemaVersion(db_.get(), version).WithContext(path_);
}

Status SqliteStore::CountDocuments(int64_t* count) {
  ScopedReset reset(count_documents_);
  const int rc = count_documents_.Step();
  if (rc != SQLITE_ROW) {
    return SqliteError(db_.get(), rc, "cannot count documents").WithContext(path_);
  }
  *count = count_documents_.ColumnInt64(0);
  return Status::OK();
}

}  // namespace casus::store_internal
