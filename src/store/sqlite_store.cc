#include "store/sqlite_store.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

#include "core/date.h"
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

Status SpanError(const Document& doc, std::string_view what, size_t index, uint32_t begin,
                 uint32_t end, std::string_view unit, size_t limit) {
  return Status::InvalidInput(
      "document " + doc.id + ": " + std::string(what) + " " + std::to_string(index) + " spans " +
      std::string(unit) + " [" + std::to_string(begin) + ", " + std::to_string(end) +
      ") outside the document (" + std::to_string(limit) + " " + std::string(unit) + ")");
}

Status CheckBytes(const Document& doc, ByteSpan span, std::string_view what, size_t index) {
  if (span.begin > span.end || span.end > doc.text.size()) {
    return SpanError(doc, what, index, span.begin, span.end, "bytes", doc.text.size());
  }
  return Status::OK();
}

// Every span the store slices must lie inside the document, or Slice() would read past it.
Status ValidateDocument(const Document& doc) {
  if (doc.id.empty()) {
    return Status::InvalidInput("a document without an id cannot be stored");
  }
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.sentences[i].bytes, "sentence", i));
  }
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const TokenSpan tokens = doc.mentions[i].tokens;
    if (tokens.begin > tokens.end || tokens.end > doc.tokens.size()) {
      return SpanError(doc, "mention", i, tokens.begin, tokens.end, "tokens", doc.tokens.size());
    }
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.TokenBytes(tokens), "mention", i));
  }
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& event = doc.events[i];
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, event.source.text, "event source", i));
    if (event.target) {
      CASUS_RETURN_IF_ERROR(CheckBytes(doc, event.target->text, "event target", i));
    }
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, event.trigger, "event trigger", i));
  }
  for (size_t i = 0; i < doc.quotes.size(); ++i) {
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.quotes[i].text, "quote", i));
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.quotes[i].speaker, "quote speaker", i));
  }
  for (size_t i = 0; i < doc.places.size(); ++i) {
    CASUS_RETURN_IF_ERROR(CheckBytes(doc, doc.places[i].mention, "place", i));
  }
  return Status::OK();
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (u < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 0xf]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

constexpr std::string_view kInsertDocument =
    "INSERT INTO documents (id, content_hash, path, headline, publisher, url, published, "
    "date_basis, extra_json, text, coded_at, casus_version, coding_hash, minhash, passages, "
    "removed_json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
constexpr std::string_view kInsertSentence =
    "INSERT INTO sentences (doc_id, idx, \"begin\", \"end\", paragraph, text, role) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kInsertMention =
    "INSERT INTO mentions (doc_id, idx, sentence, \"begin\", \"end\", text, code, entry) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kInsertEvent =
    "INSERT INTO events (doc_id, idx, sentence, source_code, source_text, source_begin, "
    "source_end, target_code, target_text, target_begin, target_end, code, root, quad, "
    "goldstein, plover, date, date_precision, date_basis, \"trigger\", trigger_begin, "
    "trigger_end, pattern, confidence, flags, location_name, location_feature, "
    "location_country, location_admin1, location_lat, location_lon, location_geonames_id, "
    "location_basis) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33)";
constexpr std::string_view kInsertQuote =
    "INSERT INTO quotes (doc_id, idx, \"begin\", \"end\", text, direct, speaker_begin, "
    "speaker_end, speaker_text, speaker_code, sentence, cue, attribution, addressee, "
    "addressee_code) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
constexpr std::string_view kInsertPlace =
    "INSERT INTO places (doc_id, idx, \"begin\", \"end\", mention, name, feature, country, "
    "admin1, lat, lon, geonames_id, sentence, basis) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

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

// Query result columns.
enum QueryColumn : int {
  kColDoc = 0,
  kColSentence,
  kColSentenceText,
  kColSentenceBegin,
  kColSentenceEnd,
  kColSourceCode,
  kColSourceText,
  kColTargetCode,
  kColTargetText,
  kColCode,
  kColRoot,
  kColQuad,
  kColGoldstein,
  kColPlover,
  kColDate,
  kColDatePrecision,
  kColDateBasis,
  kColTrigger,
  kColTriggerBegin,
  kColTriggerEnd,
  kColPattern,
  kColConfidence,
  kColFlags,
  kColLocationName,
  kColLocationFeature,
  kColLocationCountry,
  kColLocationAdmin1,
  kColLocationLat,
  kColLocationLon,
  kColLocationGeonamesId,
  kColLocationBasis,
};

#define CASUS_EVENT_COLUMNS                                                                     \
  "SELECT e.doc_id, e.sentence, s.text, s.\"begin\", s.\"end\", e.source_code, e.source_text, " \
  "e.target_code, e.target_text, e.code, e.root, e.quad, e.goldstein, e.plover, e.date, "       \
  "e.date_precision, e.date_basis, e.\"trigger\", e.trigger_begin, e.trigger_end, e.pattern, "  \
  "e.confidence, e.flags, e.location_name, e.location_feature, e.location_country, "            \
  "e.location_admin1, e.location_lat, e.location_lon, e.location_geonames_id, "                 \
  "e.location_basis"
#define CASUS_EVENTS_FROM \
  " FROM events AS e LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.idx = e.sentence"
constexpr std::string_view kSelectEvents = CASUS_EVENT_COLUMNS CASUS_EVENTS_FROM;
// The export adds the document's metadata, the lead flag (the event's sentence is in the first
// paragraph of its document that holds an event: GDELT's IsRootEvent) and the cluster.
constexpr std::string_view kSelectExport = CASUS_EVENT_COLUMNS
    ", d.url, d.publisher, d.published, d.coded_at, "
    "s.paragraph = (SELECT min(s2.paragraph) FROM events AS e2 JOIN sentences AS s2 "
    "ON s2.doc_id = e2.doc_id AND s2.idx = e2.sentence WHERE e2.doc_id = e.doc_id), "
    "c.id, c.num_mentions, c.num_sources, c.num_articles, c.location, e.idx" CASUS_EVENTS_FROM
    " JOIN documents AS d ON d.id = e.doc_id "
    "LEFT JOIN event_cluster_members AS m ON m.doc_id = e.doc_id AND m.idx = e.idx "
    "LEFT JOIN event_clusters AS c ON c.id = m.cluster_id WHERE 1";
#undef CASUS_EVENTS_FROM
#undef CASUS_EVENT_COLUMNS

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

std::string ExtraJson(const DocumentMeta& meta) {
  if (meta.extra.empty()) {
    return {};
  }
  std::string json = "{";
  for (const auto& [name, value] : meta.extra) {
    if (json.size() > 1) {
      json += ", ";
    }
    AppendJsonString(name, &json);
    json += ": ";
    json += value.empty() ? std::string_view("null") : std::string_view(value);
  }
  json += "}";
  return json;
}

std::optional<std::string> PrefixUpperBound(std::string_view prefix) {
  std::string bound(prefix);
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xff) {
    bound.pop_back();
  }
  if (bound.empty()) {
    return std::nullopt;
  }
  bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
  return bound;
}

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
  CASUS_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA foreign_keys = ON", path));
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
  CASUS_RETURN_IF_ERROR(delete_document_.Prepare(db, "DELETE FROM documents WHERE id = ?1"));
  CASUS_RETURN_IF_ERROR(insert_document_.Prepare(db, kInsertDocument));
  CASUS_RETURN_IF_ERROR(insert_sentence_.Prepare(db, kInsertSentence));
  CASUS_RETURN_IF_ERROR(insert_mention_.Prepare(db, kInsertMention));
  CASUS_RETURN_IF_ERROR(insert_event_.Prepare(db, kInsertEvent));
  CASUS_RETURN_IF_ERROR(insert_quote_.Prepare(db, kInsertQuote));
  CASUS_RETURN_IF_ERROR(insert_place_.Prepare(db, kInsertPlace));
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
    // The foreign keys cascade the delete to every child row.
    delete_document_.BindText(1, doc.id);
    CASUS_RETURN_IF_ERROR(delete_document_.Run("cannot delete the earlier rows"));
  }
  CASUS_RETURN_IF_ERROR(WriteDocumentRow(doc, hash, coding_hash, coded_at));
  CASUS_RETURN_IF_ERROR(WriteSentences(doc));
  CASUS_RETURN_IF_ERROR(WriteMentions(doc));
  CASUS_RETURN_IF_ERROR(WriteEvents(doc));
  CASUS_RETURN_IF_ERROR(WriteQuotes(doc));
  CASUS_RETURN_IF_ERROR(WritePlaces(doc));
  return Status::OK();
}

Status SqliteStore::WriteDocumentRow(const Document& doc, const std::string& hash,
                                     const std::string& coding_hash, const std::string& coded_at) {
  Statement& st = insert_document_;
  ScopedReset reset(st);
  const std::string published = doc.meta.published.ToString();
  const std::string extra = ExtraJson(doc.meta);
  const std::string minhash = MinHashToBytes(MinHashOf(doc.text));
  const std::string passages = PassageSketchToBytes(PassageSketchOf(doc.text));
  st.BindText(1, doc.id);
  st.BindText(2, hash);
  st.BindTextOrNull(3, doc.meta.path);
  st.BindTextOrNull(4, doc.meta.headline);
  st.BindTextOrNull(5, doc.meta.publisher);
  st.BindTextOrNull(6, doc.meta.url);
  st.BindTextOrNull(7, published);
  st.BindTextOrNull(8, doc.meta.date_basis);
  st.BindTextOrNull(9, extra);
  st.BindText(10, doc.text);
  st.BindText(11, coded_at);
  st.BindTextOrNull(12, CasusVersion());
  st.BindText(13, coding_hash);
  st.BindBlob(14, minhash);
  st.BindBlob(15, passages);
  std::string removed;
  if (!doc.meta.removed.empty()) {
    removed = "[";
    for (const std::string& line : doc.meta.removed) {
      if (removed.size() > 1) {
        removed += ", ";
      }
      AppendJsonString(line, &removed);
    }
    removed += "]";
  }
  st.BindTextOrNull(16, removed);
  return st.Run("cannot insert document " + doc.id);
}

Status SqliteStore::WriteSentences(const Document& doc) {
  Statement& st = insert_sentence_;
  ScopedReset reset(st);
  st.BindText(1, doc.id);
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    st.BindInt64(2, static_cast<int64_t>(i));
    st.BindInt64(3, s.bytes.begin);
    st.BindInt64(4, s.bytes.end);
    st.BindInt64(5, s.paragraph);
    st.BindText(6, doc.Slice(s.bytes));
    st.BindText(7, SentenceRoleName(s.role));
    CASUS_RETURN_IF_ERROR(st.Run("cannot insert a sentence"));
  }
  return Status::OK();
}

Status SqliteStore::WriteMentions(const Document& doc) {
  Statement& st = insert_mention_;
  ScopedReset reset(st);
  st.BindText(1, doc.id);
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const ActorMention& m = doc.mentions[i];
    const ByteSpan bytes = doc.TokenBytes(m.tokens);
    st.BindInt64(2, static_cast<int64_t>(i));
    st.BindInt64(3, m.sentence);
    st.BindInt64(4, bytes.begin);
    st.BindInt64(5, bytes.end);
    st.BindText(6, doc.Slice(bytes));
    st.BindText(7, m.code);
    st.BindTextOrNull(8, m.entry);
    CASUS_RETURN_IF_ERROR(st.Run("cannot insert a mention"));
  }
  return Status::OK();
}

Status SqliteStore::WriteEvents(const Document& doc) {
  if (doc.events.empty()) {
    return Status::OK();
  }
  // The records carry the same texts the JSONL/CSV writers export, so the store and the files
  // can never disagree about what an event says; the spans come from the events themselves.
  const std::vector<EventRecord> records = MakeEventRecords(doc);
  Statement& st = insert_event_;
  ScopedReset reset(st);
  st.BindText(1, doc.id);
  for (size_t i = 0; i < records.size(); ++i) {
    const EventRecord& r = records[i];
    const Event& e = doc.events[i];
    st.BindInt64(2, static_cast<int64_t>(i));
    st.BindInt64(3, r.sentence_index);
    st.BindText(4, r.source_code);
    st.BindText(5, r.source_text);
    st.BindInt64(6, e.source.text.begin);
    st.BindInt64(7, e.source.text.end);
    if (r.has_target) {
      st.BindText(8, r.target_code);
      st.BindText(9, r.target_text);
      st.BindInt64(10, e.target->text.begin);
      st.BindInt64(11, e.target->text.end);
    } else {
      st.BindNull(8);
      st.BindNull(9);
      st.BindNull(10);
      st.BindNull(11);
    }
    st.BindText(12, r.code);
    st.BindText(13, r.root);
    st.BindInt64(14, r.quad);
    st.BindDouble(15, r.goldstein);
    st.BindTextOrNull(16, r.plover);
    st.BindTextOrNull(17, r.date);
    st.BindTextOrNull(18, r.date_precision);
    st.BindTextOrNull(19, r.date_basis);
    st.BindText(20, r.trigger);
    st.BindInt64(21, r.trigger_begin);
    st.BindInt64(22, r.trigger_end);
    st.BindTextOrNull(23, r.pattern);
    st.BindDouble(24, r.confidence);
    st.BindInt64(25, r.flags);
    if (r.location) {
      const EventLocation& l = *r.location;
      st.BindText(26, l.name);
      st.BindTextOrNull(27, l.feature);
      st.BindTextOrNull(28, l.country);
      st.BindTextOrNull(29, l.admin1);
      if (l.has_coords) {
        st.BindDouble(30, l.lat);
        st.BindDouble(31, l.lon);
      } else {
        st.BindNull(30);
        st.BindNull(31);
      }
      if (l.geonames_id != 0) {
        st.BindInt64(32, l.geonames_id);
      } else {
        st.BindNull(32);
      }
      st.BindTextOrNull(33, l.basis);
    } else {
      for (int k = 26; k <= 33; ++k) {
        st.BindNull(k);
      }
    }
    CASUS_RETURN_IF_ERROR(st.Run("cannot insert an event"));
  }
  return Status::OK();
}

Status SqliteStore::WriteQuotes(const Document& doc) {
  Statement& st = insert_quote_;
  ScopedReset reset(st);
  st.BindText(1, doc.id);
  for (size_t i = 0; i < doc.quotes.size(); ++i) {
    const Quote& q = doc.quotes[i];
    st.BindInt64(2, static_cast<int64_t>(i));
    st.BindInt64(3, q.text.begin);
    st.BindInt64(4, q.text.end);
    st.BindText(5, doc.Slice(q.text));
    st.BindInt64(6, q.direct ? 1 : 0);
    if (q.speaker.empty()) {
      st.BindNull(7);
      st.BindNull(8);
      st.BindNull(9);
    } else {
      st.BindInt64(7, q.speaker.begin);
      st.BindInt64(8, q.speaker.end);
      st.BindText(9, doc.Slice(q.speaker));
    }
    st.BindTextOrNull(10, q.speaker_code);
    st.BindInt64(11, q.sentence);
    st.BindTextOrNull(12, doc.Slice(q.cue));
    st.BindTextOrNull(13, doc.Slice(q.attribution));
    st.BindTextOrNull(14, doc.Slice(q.addressee));
    st.BindTextOrNull(15, q.addressee_code);
    CASUS_RETURN_IF_ERROR(st.Run("cannot insert a quote"));
  }
  return Status::OK();
}

Status SqliteStore::WritePlaces(const Document& doc) {
  Statement& st = insert_place_;
  ScopedReset reset(st);
  st.BindText(1, doc.id);
  for (size_t i = 0; i < doc.places.size(); ++i) {
    const Place& p = doc.places[i];
    st.BindInt64(2, static_cast<int64_t>(i));
    st.BindInt64(3, p.mention.begin);
    st.BindInt64(4, p.mention.end);
    st.BindText(5, doc.Slice(p.mention));
    st.BindTextOrNull(6, p.name);
    st.BindTextOrNull(7, p.feature);
    st.BindTextOrNull(8, p.country);
    st.BindTextOrNull(9, p.admin1);
    if (p.has_coords) {
      st.BindDouble(10, p.lat);
      st.BindDouble(11, p.lon);
    } else {
      st.BindNull(10);
      st.BindNull(11);
    }
    if (p.geonames_id == 0) {
      st.BindNull(12);
    } else {
      st.BindInt64(12, p.geonames_id);
    }
    st.BindInt64(13, p.sentence);
    st.BindTextOrNull(14, p.basis);
    CASUS_RETURN_IF_ERROR(st.Run("cannot insert a place"));
  }
  return Status::OK();
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

// Export columns after those of kSelectEvents.
enum ExportColumn : int {
  kColUrl = kColLocationBasis + 1,
  kColPublisher,
  kColPublished,
  kColCodedAt,
  kColIsRoot,
  kColClusterId,
  kColMentions,
  kColSources,
  kColArticles,
  kColLocation,
  kColEventIdx,
};

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
  std::string group = "''";
  switch (query.group) {
    case StatsGroup::kNone:
      break;
    case StatsGroup::kDyad:
      group = "e.source_code || '-' || coalesce(e.target_code, '')";
      break;
    case StatsGroup::kSource:
      group = "e.source_code";
      break;
    case StatsGroup::kTarget:
      group = "coalesce(e.target_code, '')";
      break;
    case StatsGroup::kRoot:
      group = "e.root";
      break;
    case StatsGroup::kQuad:
      group = "CAST(e.quad AS TEXT)";
      break;
    case StatsGroup::kCountry:
      group = "substr(e.source_code, 1, 3)";
      break;
  }
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
