#include "store/pg_store.h"

#include <charconv>
#include <chrono>
#include <ctime>
#include <exception>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include "core/date.h"
#include "core/dedup.h"
#include "store/rows.h"

namespace casus::store_internal {
namespace {

// pg_advisory_xact_lock key held by migrations, writes and rebuilds ("casu").
constexpr const char* kLockSql = "SELECT pg_advisory_xact_lock(1667331957)";

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

// libpqxx reports failures as exceptions; the store returns them as Status values.
Status PgError(const std::exception& e, std::string_view context) {
  std::string message(e.what());
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Status::IOError(std::string(context) + ": " + message);
  }
  return Status::Internal(std::string(context) + ": " + message);
}

Status TooNew(int version, int supported) {
  return Status::InvalidInput("database schema version " + std::to_string(version) +
                              " is newer than this build of casus supports (" +
                              std::to_string(supported) + "); use a newer casus");
}

std::vector<std::string> Columns(std::span<const std::string_view> columns) {
  return {columns.begin(), columns.end()};
}

// A RowSink (rows.h) that appends rows in COPY's text format: fields separated by tabs, rows
// ended by newlines, NULL as \N, backslash escapes for the bytes that would break the format,
// bytea as \\x followed by hex digits.
class CopySink {
 public:
  explicit CopySink(std::string* out) : out_(*out) {}
  void Text(std::string_view text) {
    Separate();
    for (const char c : text) {
      switch (c) {
        case '\\':
          out_ += "\\\\";
          break;
        case '\t':
          out_ += "\\t";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        default:
          out_.push_back(c);
      }
    }
  }
  void TextOrNull(std::string_view text) {
    if (text.empty()) {
      Null();
    } else {
      Text(text);
    }
  }
  void Int(int64_t value) {
    Separate();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out_.append(buf, end);
  }
  // The shortest text that reads back as the same double, so the value survives exactly.
  void Double(double value) {
    Separate();
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out_.append(buf, end);
  }
  void Null() {
    Separate();
    out_ += "\\N";
  }
  void Blob(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    Separate();
    out_ += "\\\\x";
    for (const char c : bytes) {
      const auto u = static_cast<unsigned char>(c);
      out_.push_back(kHex[u >> 4]);
      out_.push_back(kHex[u & 0xf]);
    }
  }
  Status EndRow() {
    out_.push_back('\n');
    first_ = true;
    return Status::OK();
  }

 private:
  void Separate() {
    if (!first_) {
      out_.push_back('\t');
    }
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

// Streams `data` (COPY text rows) into `table`. tablewriter is libpqxx 6's raw COPY writer; its
// replacement, stream_to, converts every field through to_string and offers no raw writes.
void Copy(pqxx::work& txn, const std::string& table, std::span<const std::string_view> columns,
          const std::string& data) {
  if (data.empty()) {
    return;
  }
  const std::vector<std::string> names = Columns(columns);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  pqxx::tablewriter writer(txn, table, names.begin(), names.end());
  writer.write_raw_line(data);  // one call: the rows are already newline-separated
  writer.complete();
#pragma GCC diagnostic pop
}

// A PostgreSQL text[] literal of `values`, to bind as one parameter ("= ANY($1::text[])").
std::string TextArray(const std::vector<std::string_view>& values) {
  std::string out = "{";
  for (const std::string_view v : values) {
    if (out.size() > 1) {
      out.push_back(',');
    }
    out.push_back('"');
    for (const char c : v) {
      if (c == '"' || c == '\\') {
        out.push_back('\\');
      }
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

std::string_view FieldText(const pqxx::field& f) {
  return f.is_null() ? std::string_view() : std::string_view(f.c_str(), f.size());
}

int64_t FieldInt(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }
double FieldDouble(const pqxx::field& f) { return f.is_null() ? 0.0 : f.as<double>(); }

// The first and the last day a filter date covers, as "YYYY-MM-DD".
std::string FirstDay(const Date& d) {
  return Date::Day(d.year, d.month == 0 ? 1 : d.month, d.day == 0 ? 1 : d.day).ToString();
}
std::string LastDay(const Date& d) {
  const int month = d.month == 0 ? 12 : d.month;
  return Date::Day(d.year, month, d.day == 0 ? DaysInMonth(d.year, month) : d.day).ToString();
}

Status CheckFilter(const EventFilter& filter) {
  if ((filter.from && !filter.from->valid()) || (filter.to && !filter.to->valid())) {
    return Status::InvalidInput("an event query's date bounds must be valid dates");
  }
  return Status::OK();
}

// SQL conditions (" AND …") for a filter on events `e`, with their values appended to `params`
// as $N parameters; the same semantics as the SQLite store's (see FilterConditions there).
class FilterSql {
 public:
  FilterSql(const EventFilter& filter, std::vector<std::string>* params) : params_(*params) {
    Prefix("e.source_code", filter.source_prefix);
    Prefix("e.target_code", filter.target_prefix);
    Prefix("e.code", filter.code_prefix);
    if (filter.from) {
      const std::string day = FirstDay(*filter.from);
      const std::string year = day.substr(0, day.find('-', 1));
      sql_ += " AND e.date >= " + Param(year) +
              " AND (CASE length(e.date) WHEN 4 THEN e.date || '-12-31' "
              "WHEN 7 THEN e.date || '-31' ELSE e.date END) >= " +
              Param(day);
    }
    if (filter.to) {
      sql_ += " AND e.date <= " + Param(LastDay(*filter.to));
    }
    if (!filter.doc_id.empty()) {
      sql_ += " AND e.doc_id = " + Param(filter.doc_id);
    }
  }
  [[nodiscard]] const std::string& sql() const { return sql_; }
  std::string Param(std::string value) {
    params_.push_back(std::move(value));
    return "$" + std::to_string(params_.size()) + "::text";
  }

 private:
  void Prefix(std::string_view column, const std::string& prefix) {
    if (prefix.empty()) {
      return;
    }
    sql_ += " AND " + std::string(column) + " >= " + Param(prefix);
    if (const std::optional<std::string> high = PrefixUpperBound(prefix)) {
      sql_ += " AND " + std::string(column) + " < " + Param(*high);
    }
  }

  std::vector<std::string>& params_;
  std::string sql_;
};

std::string LimitSql(int64_t limit, std::vector<std::string>* params) {
  if (limit < 0) {
    return {};
  }
  params->push_back(std::to_string(limit));
  return " LIMIT $" + std::to_string(params->size()) + "::bigint";
}

pqxx::result Exec(pqxx::work& txn, const std::string& sql, const std::vector<std::string>& params) {
  return txn.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
}

void ReadEventColumns(const pqxx::row& row, EventRecord* out) {
  EventRecord& r = *out;
  r.doc_id = FieldText(row[kColDoc]);
  r.sentence_index = static_cast<uint32_t>(FieldInt(row[kColSentence]));
  r.sentence = FieldText(row[kColSentenceText]);
  r.sentence_begin = static_cast<uint32_t>(FieldInt(row[kColSentenceBegin]));
  r.sentence_end = static_cast<uint32_t>(FieldInt(row[kColSentenceEnd]));
  r.source_code = FieldText(row[kColSourceCode]);
  r.source_text = FieldText(row[kColSourceText]);
  r.has_target = !row[kColTargetCode].is_null();
  r.target_code = FieldText(row[kColTargetCode]);
  r.target_text = FieldText(row[kColTargetText]);
  r.code = FieldText(row[kColCode]);
  r.root = FieldText(row[kColRoot]);
  r.quad = static_cast<int>(FieldInt(row[kColQuad]));
  r.goldstein = FieldDouble(row[kColGoldstein]);
  r.plover = FieldText(row[kColPlover]);
  r.date = FieldText(row[kColDate]);
  r.date_precision = FieldText(row[kColDatePrecision]);
  r.date_basis = FieldText(row[kColDateBasis]);
  r.trigger = FieldText(row[kColTrigger]);
  r.trigger_begin = static_cast<uint32_t>(FieldInt(row[kColTriggerBegin]));
  r.trigger_end = static_cast<uint32_t>(FieldInt(row[kColTriggerEnd]));
  r.pattern = FieldText(row[kColPattern]);
  r.confidence = FieldDouble(row[kColConfidence]);
  r.flags = static_cast<uint32_t>(FieldInt(row[kColFlags]));
  r.source_entry = FieldText(row[kColSourceEntry]);
  r.target_entry = FieldText(row[kColTargetEntry]);
  r.location.reset();
  if (!row[kColLocationName].is_null()) {
    EventLocation& l = r.location.emplace();
    l.name = FieldText(row[kColLocationName]);
    l.feature = FieldText(row[kColLocationFeature]);
    l.country = FieldText(row[kColLocationCountry]);
    l.admin1 = FieldText(row[kColLocationAdmin1]);
    l.has_coords = !row[kColLocationLat].is_null();
    l.lat = FieldDouble(row[kColLocationLat]);
    l.lon = FieldDouble(row[kColLocationLon]);
    l.geonames_id = FieldInt(row[kColLocationGeonamesId]);
    l.basis = FieldText(row[kColLocationBasis]);
  }
}

// Brings the database to steps.size(); see pg_store.h.
Status Migrate(pqxx::connection& conn, std::span<const std::string_view> steps) {
  const int target = static_cast<int>(steps.size());
  pqxx::work txn(conn, "casus_migrate");
  txn.exec(kLockSql);
  txn.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const pqxx::result r = txn.exec("SELECT max(version) FROM schema_version");
  const int version = r.empty() || r[0][0].is_null() ? 0 : r[0][0].as<int>();
  if (version > target) {
    return TooNew(version, target);  // the transaction rolls back
  }
  for (int v = version; v < target; ++v) {
    try {
      txn.exec(PostgresDdl(steps[v]));
    } catch (const std::exception& e) {
      return PgError(e, "cannot migrate the schema to version " + std::to_string(v + 1));
    }
  }
  if (version != target) {
    txn.exec("DELETE FROM schema_version");
    txn.exec_params("INSERT INTO schema_version (version) VALUES ($1)", target);
  }
  txn.commit();
  return Status::OK();
}

class PgStore final : public Store {
 public:
  PgStore(std::unique_ptr<pqxx::connection> conn, std::string name)
      : conn_(std::move(conn)), name_(std::move(name)) {}

  Status WriteDocuments(std::span<const Document> docs, WriteStats* stats) override;
  Status QueryEvents(const EventFilter& filter, std::vector<EventRecord>* events) override;
  Status QueryQuotes(const QuoteFilter& filter, std::vector<QuoteRecord>* quotes) override;
  Status QueryInferredActors(std::vector<InferredActor>* actors) override;
  Status QueryPlaces(const std::string& doc_id, std::vector<StoredPlace>* places) override;
  Status SchemaVersion(int* version) override;
  Status CountDocuments(int64_t* count) override;
  Status ExportEvents(const EventFilter& filter, bool clusters,
                      const StoredEventSink& sink) override;
  Status RebuildDerived(const DedupOptions& options, DerivedStats* stats) override;
  Status RefreshDerived() override;
  Status QueryDocLinks(std::vector<DocLink>* links) override;
  Status QueryStats(const StatsQuery& query, std::vector<StatsRow>* rows) override;

 private:
  // One COPY buffer per coded table, reused from batch to batch.
  struct CopyBuffers {
    std::string documents, sentences, mentions, events, quotes, places;
    void clear() {
      documents.clear();
      sentences.clear();
      mentions.clear();
      events.clear();
      quotes.clear();
      places.clear();
    }
  };

  Status WriteChunk(pqxx::work& txn, std::span<const Document> docs, const std::string& coded_at,
                    WriteStats* stats);
  Status Rebuild(pqxx::work& txn, const DedupOptions& options, DerivedStats* stats);

  std::unique_ptr<pqxx::connection> conn_;
  std::string name_;  // the redacted URL, for messages
  CopyBuffers buffers_;
};

Status PgStore::WriteDocuments(std::span<const Document> docs, WriteStats* stats) {
  WriteStats written;
  Status status;
  try {
    pqxx::work txn(*conn_, "casus_write");
    txn.exec(kLockSql);
    // A killed run loses at most its open transaction, which re-coding restores; waiting for
    // the WAL flush on every commit would buy nothing more.
    txn.exec("SET LOCAL synchronous_commit = off");
    const std::string coded_at = UtcNow();
    // A batch that holds one id twice is written in chunks without repeats, in order, so that
    // the later copy replaces the earlier one as it would on SQLite.
    size_t start = 0;
    while (status.ok() && start < docs.size()) {
      std::unordered_set<std::string_view> ids;
      size_t end = start;
      while (end < docs.size() && ids.insert(docs[end].id).second) {
        ++end;
      }
      status = WriteChunk(txn, docs.subspan(start, end - start), coded_at, &written);
      start = end;
    }
    if (status.ok() && written.unchanged < written.documents) {
      txn.exec("UPDATE store_state SET value = '1' WHERE key = 'derived_stale' AND value <> '1'");
    }
    if (status.ok()) {
      txn.commit();
    }
  } catch (const std::exception& e) {
    status = PgError(e, "cannot write documents");
  }
  if (stats != nullptr) {
    *stats = status.ok() ? written : WriteStats{};
  }
  return status.WithContext(name_);
}

Status PgStore::WriteChunk(pqxx::work& txn, std::span<const Document> docs,
                           const std::string& coded_at, WriteStats* stats) {
  std::vector<DocumentRowValues> values(docs.size());
  std::vector<std::string_view> ids;
  ids.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    CASUS_RETURN_IF_ERROR(ValidateDocument(docs[i]));
    values[i] = {ContentHash(docs[i]), CodingHash(docs[i], CasusVersion()), coded_at,
                 CasusVersion()};
    ids.push_back(docs[i].id);
  }
  const std::string id_array = TextArray(ids);
  std::unordered_map<std::string, std::pair<std::string, std::string>> stored;
  for (const pqxx::row& row :
       txn.exec_params("SELECT id, content_hash, coalesce(coding_hash, '') FROM documents "
                       "WHERE id = ANY($1::text[])",
                       id_array)) {
    stored.emplace(row[0].c_str(), std::make_pair(row[1].c_str(), row[2].c_str()));
  }
  std::vector<std::string_view> replaced;
  buffers_.clear();
  for (size_t i = 0; i < docs.size(); ++i) {
    const Document& doc = docs[i];
    ++stats->documents;
    stats->sentences += doc.sentences.size();
    stats->events += doc.events.size();
    const auto it = stored.find(doc.id);
    if (it != stored.end()) {
      if (it->second.first == values[i].content_hash &&
          it->second.second == values[i].coding_hash) {
        ++stats->unchanged;  // stored exactly so already
        continue;
      }
      ++stats->replaced;
      replaced.push_back(doc.id);
    }
    CopySink documents(&buffers_.documents);
    CASUS_RETURN_IF_ERROR(WriteDocumentRow(doc, values[i], documents));
    CopySink sentences(&buffers_.sentences);
    CASUS_RETURN_IF_ERROR(WriteSentenceRows(doc, sentences));
    CopySink mentions(&buffers_.mentions);
    CASUS_RETURN_IF_ERROR(WriteMentionRows(doc, mentions));
    CopySink events(&buffers_.events);
    CASUS_RETURN_IF_ERROR(WriteEventRows(doc, events));
    CopySink quotes(&buffers_.quotes);
    CASUS_RETURN_IF_ERROR(WriteQuoteRows(doc, quotes));
    CopySink places(&buffers_.places);
    CASUS_RETURN_IF_ERROR(WritePlaceRows(doc, places));
  }
  if (!replaced.empty()) {
    // Children first, then the documents: what ON DELETE CASCADE would do.
    const std::string replaced_ids = TextArray(replaced);
    for (const char* sql : {"DELETE FROM sentences WHERE doc_id = ANY($1::text[])",
                            "DELETE FROM mentions WHERE doc_id = ANY($1::text[])",
                            "DELETE FROM events WHERE doc_id = ANY($1::text[])",
                            "DELETE FROM quotes WHERE doc_id = ANY($1::text[])",
                            "DELETE FROM places WHERE doc_id = ANY($1::text[])",
                            "DELETE FROM doc_links WHERE doc_id = ANY($1::text[]) OR "
                            "duplicate_of = ANY($1::text[])",
                            "DELETE FROM documents WHERE id = ANY($1::text[])"}) {
      txn.exec_params(sql, replaced_ids);
    }
  }
  Copy(txn, "documents", kDocumentColumns, buffers_.documents);
  Copy(txn, "sentences", kSentenceColumns, buffers_.sentences);
  Copy(txn, "mentions", kMentionColumns, buffers_.mentions);
  Copy(txn, "events", kEventColumns, buffers_.events);
  Copy(txn, "quotes", kQuoteColumns, buffers_.quotes);
  Copy(txn, "places", kPlaceColumns, buffers_.places);
  return Status::OK();
}

Status PgStore::QueryEvents(const EventFilter& filter, std::vector<EventRecord>* events) {
  events->clear();
  CASUS_RETURN_IF_ERROR(CheckFilter(filter));
  try {
    std::vector<std::string> params;
    FilterSql conditions(filter, &params);
    const std::string sql = std::string(kSelectEvents) + " WHERE 1 = 1" + conditions.sql() +
                            " ORDER BY e.doc_id, e.idx" + LimitSql(filter.limit, &params);
    pqxx::work txn(*conn_, "casus_events");
    const pqxx::result r = Exec(txn, sql, params);
    events->reserve(r.size());
    for (const pqxx::row& row : r) {
      ReadEventColumns(row, &events->emplace_back());
    }
  } catch (const std::exception& e) {
    events->clear();
    return PgError(e, "cannot query events").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::QueryQuotes(const QuoteFilter& filter, std::vector<QuoteRecord>* quotes) {
  quotes->clear();
  try {
    std::vector<std::string> params = {filter.speaker_text, filter.actor_prefix, filter.doc_id};
    const std::string sql =
        "SELECT q.doc_id, q.idx, COALESCE(q.sentence, 0), q.direct, q.\"begin\", q.\"end\", "
        "q.text, q.speaker_text, q.speaker_code, q.attribution, q.cue, q.addressee, "
        "q.addressee_code, d.published "
        "FROM quotes q JOIN documents d ON d.id = q.doc_id "
        "WHERE ($1::text = '' OR strpos(lower(COALESCE(q.speaker_text, '') || ' ' || "
        "COALESCE(q.attribution, '')), lower($1::text COLLATE \"C\")) > 0) "
        "AND ($2::text = '' OR substr(COALESCE(q.speaker_code, ''), 1, length($2::text)) = "
        "$2::text) "
        "AND ($3::text = '' OR q.doc_id = $3::text) ORDER BY q.doc_id, q.idx" +
        LimitSql(filter.limit, &params);
    pqxx::work txn(*conn_, "casus_quotes");
    for (const pqxx::row& row : Exec(txn, sql, params)) {
      QuoteRecord& r = quotes->emplace_back();
      r.doc_id = FieldText(row[0]);
      r.index = FieldInt(row[1]);
      r.sentence = FieldInt(row[2]);
      r.direct = FieldInt(row[3]) != 0;
      r.begin = FieldInt(row[4]);
      r.end = FieldInt(row[5]);
      r.text = FieldText(row[6]);
      r.speaker = FieldText(row[7]);
      r.speaker_code = FieldText(row[8]);
      r.attribution = FieldText(row[9]);
      r.cue = FieldText(row[10]);
      r.addressee = FieldText(row[11]);
      r.addressee_code = FieldText(row[12]);
      r.published = FieldText(row[13]);
    }
  } catch (const std::exception& e) {
    quotes->clear();
    return PgError(e, "cannot query quotes").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::QueryPlaces(const std::string& doc_id, std::vector<StoredPlace>* places) {
  places->clear();
  try {
    pqxx::work txn(*conn_, "casus_places");
    const pqxx::result rows = txn.exec_params(
        "SELECT doc_id, idx, \"begin\", \"end\", mention, name, feature, country, admin1, lat, "
        "lon, geonames_id, COALESCE(sentence, 0), basis FROM places "
        "WHERE ($1::text = '' OR doc_id = $1::text) ORDER BY doc_id, idx",
        doc_id);
    for (const pqxx::row& row : rows) {
      StoredPlace& r = places->emplace_back();
      r.doc_id = FieldText(row[0]);
      r.index = static_cast<uint32_t>(FieldInt(row[1]));
      r.place.mention = {static_cast<uint32_t>(FieldInt(row[2])),
                         static_cast<uint32_t>(FieldInt(row[3]))};
      r.mention = FieldText(row[4]);
      r.place.name = FieldText(row[5]);
      r.place.feature = FieldText(row[6]);
      r.place.country = FieldText(row[7]);
      r.place.admin1 = FieldText(row[8]);
      r.place.has_coords = !row[9].is_null();
      r.place.lat = FieldDouble(row[9]);
      r.place.lon = FieldDouble(row[10]);
      r.place.geonames_id = FieldInt(row[11]);
      r.place.sentence = static_cast<uint32_t>(FieldInt(row[12]));
      r.place.basis = FieldText(row[13]);
    }
  } catch (const std::exception& e) {
    places->clear();
    return PgError(e, "cannot query places").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::QueryInferredActors(std::vector<InferredActor>* actors) {
  actors->clear();
  try {
    pqxx::work txn(*conn_, "casus_inferred");
    const pqxx::result rows = txn.exec(
        "SELECT text, code, min(substr(entry, 10)), count(*), count(DISTINCT doc_id), "
        "min(doc_id) FROM mentions WHERE substr(entry, 1, 9) = 'inferred:' "
        "GROUP BY text, code ORDER BY count(*) DESC, text, code");
    for (const pqxx::row& row : rows) {
      InferredActor& a = actors->emplace_back();
      a.name = FieldText(row[0]);
      a.code = FieldText(row[1]);
      a.entry = FieldText(row[2]);
      a.mentions = FieldInt(row[3]);
      a.documents = FieldInt(row[4]);
      a.first_doc = FieldText(row[5]);
    }
  } catch (const std::exception& e) {
    actors->clear();
    return PgError(e, "cannot query inferred actors").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::ExportEvents(const EventFilter& filter, bool clusters,
                             const StoredEventSink& sink) {
  CASUS_RETURN_IF_ERROR(CheckFilter(filter));
  CASUS_RETURN_IF_ERROR(RefreshDerived());
  try {
    std::vector<std::string> params;
    FilterSql conditions(filter, &params);
    std::string sql(kSelectExport);
    if (clusters) {
      sql += " AND c.doc_id = e.doc_id AND c.idx = e.idx";
    }
    sql += conditions.sql() + " ORDER BY e.doc_id, e.idx" + LimitSql(filter.limit, &params);
    pqxx::work txn(*conn_, "casus_export");
    const pqxx::result r = Exec(txn, sql, params);
    StoredEvent out;
    for (const pqxx::row& row : r) {
      ReadEventColumns(row, &out.event);
      out.url = FieldText(row[kColUrl]);
      out.publisher = FieldText(row[kColPublisher]);
      out.published = FieldText(row[kColPublished]);
      out.coded_at = FieldText(row[kColCodedAt]);
      out.is_root = !row[kColIsRoot].is_null() && row[kColIsRoot].as<bool>();
      out.cluster_id = FieldInt(row[kColClusterId]);
      out.location = FieldText(row[kColLocation]);
      if (row[kColClusterId].is_null()) {
        out.num_mentions = out.num_sources = out.num_articles = 1;
      } else {
        out.num_mentions = FieldInt(row[kColMentions]);
        out.num_sources = FieldInt(row[kColSources]);
        out.num_articles = FieldInt(row[kColArticles]);
      }
      out.id =
          clusters
              ? out.cluster_id
              : StableId(out.event.doc_id + '\x1f' + std::to_string(FieldInt(row[kColEventIdx])));
      CASUS_RETURN_IF_ERROR(sink(out));
    }
  } catch (const std::exception& e) {
    return PgError(e, "cannot export events").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::RefreshDerived() {
  bool stale = true;
  try {
    pqxx::work txn(*conn_, "casus_state");
    const pqxx::result r = txn.exec("SELECT value FROM store_state WHERE key = 'derived_stale'");
    stale = r.empty() || FieldText(r[0][0]) != "0";
  } catch (const std::exception& e) {
    return PgError(e, "cannot read the store state").WithContext(name_);
  }
  return stale ? RebuildDerived(DedupOptions{}, nullptr) : Status::OK();
}

Status PgStore::RebuildDerived(const DedupOptions& options, DerivedStats* stats) {
  DerivedStats built;
  Status status;
  try {
    pqxx::work txn(*conn_, "casus_rebuild");
    txn.exec(kLockSql);
    status = Rebuild(txn, options, &built);
    if (status.ok()) {
      txn.commit();
    }
  } catch (const std::exception& e) {
    status = PgError(e, "cannot rebuild the links and clusters");
  }
  if (stats != nullptr && status.ok()) {
    *stats = built;
  }
  return status.WithContext(name_);
}

Status PgStore::Rebuild(pqxx::work& txn, const DedupOptions& options, DerivedStats* stats) {
  // Links, from the stored signatures (computed here for rows written without them).
  std::vector<DedupDocument> docs;
  std::string signatures;  // COPY rows for the documents that had none
  for (const pqxx::row& row :
       txn.exec("SELECT id, coalesce(published, ''), minhash, passages, "
                "CASE WHEN minhash IS NULL OR passages IS NULL THEN text END "
                "FROM documents ORDER BY id")) {
    DedupDocument& d = docs.emplace_back();
    d.id = FieldText(row[0]);
    d.published = FieldText(row[1]);
    bool ok = !row[2].is_null() && !row[3].is_null();
    if (ok) {
      const pqxx::binarystring minhash(row[2]);
      const pqxx::binarystring passages(row[3]);
      ok = MinHashFromBytes(std::string_view(minhash.get(), minhash.size()), &d.signature) &&
           PassageSketchFromBytes(std::string_view(passages.get(), passages.size()), &d.passages);
    }
    if (!ok) {
      d.signature = MinHashOf(FieldText(row[4]));
      d.passages = PassageSketchOf(FieldText(row[4]));
      txn.exec_params("UPDATE documents SET minhash = $2, passages = $3 WHERE id = $1", d.id,
                      pqxx::binarystring(MinHashToBytes(d.signature)),
                      pqxx::binarystring(PassageSketchToBytes(d.passages)));
    }
  }
  const std::vector<DocLink> links = LinkNearDuplicates(docs, options.similarity);
  txn.exec("DELETE FROM doc_links");
  std::string data;
  for (const DocLink& link : links) {
    CopySink sink(&data);
    sink.Text(link.doc_id);
    sink.Text(link.duplicate_of);
    sink.Text(link.kind);
    sink.Double(link.similarity);
    (void)sink.EndRow();
  }
  Copy(txn, "doc_links", kDocLinkColumns, data);
  stats->doc_links = links.size();

  // Clusters, in (doc_id, idx) order as ClusterEvents() expects.
  std::vector<ClusterEvent> events;
  for (const pqxx::row& row :
       txn.exec("SELECT e.doc_id, e.idx, e.source_code, coalesce(e.target_code, ''), e.root, "
                "coalesce(e.date, ''), d.publisher FROM events AS e JOIN documents AS d "
                "ON d.id = e.doc_id ORDER BY e.doc_id, e.idx")) {
    ClusterEvent& e = events.emplace_back();
    e.doc_id = FieldText(row[0]);
    e.idx = FieldInt(row[1]);
    e.source = FieldText(row[2]);
    e.target = FieldText(row[3]);
    e.root = FieldText(row[4]);
    e.date = FieldText(row[5]);
    // A document without a publisher is a source of its own ("\x1f" cannot start a name).
    e.source_key = row[6].is_null() ? "\x1f" + e.doc_id : std::string(FieldText(row[6]));
  }
  std::vector<EventCluster> clusters;
  std::vector<size_t> member_of;
  ClusterEvents(events, &clusters, &member_of);
  txn.exec("DELETE FROM event_cluster_members");
  txn.exec("DELETE FROM event_clusters");
  data.clear();
  for (const EventCluster& c : clusters) {
    const ClusterEvent& first = events[c.first_member];
    CopySink sink(&data);
    sink.Int(c.id);
    sink.Text(c.source);
    sink.TextOrNull(c.target);
    sink.Text(c.root);
    sink.TextOrNull(c.location);
    sink.TextOrNull(c.first_date);
    sink.TextOrNull(c.last_date);
    sink.Int(c.num_mentions);
    sink.Int(c.num_sources);
    sink.Int(c.num_articles);
    sink.Text(first.doc_id);
    sink.Int(first.idx);
    (void)sink.EndRow();
  }
  Copy(txn, "event_clusters", kClusterColumns, data);
  data.clear();
  for (size_t i = 0; i < events.size(); ++i) {
    CopySink sink(&data);
    sink.Text(events[i].doc_id);
    sink.Int(events[i].idx);
    sink.Int(clusters[member_of[i]].id);
    (void)sink.EndRow();
  }
  Copy(txn, "event_cluster_members", kClusterMemberColumns, data);
  stats->clusters = clusters.size();
  stats->events = events.size();
  txn.exec(
      "INSERT INTO store_state (key, value) VALUES ('derived_stale', '0') "
      "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value");
  return Status::OK();
}

Status PgStore::QueryDocLinks(std::vector<DocLink>* links) {
  links->clear();
  try {
    pqxx::work txn(*conn_, "casus_links");
    for (const pqxx::row& row :
         txn.exec("SELECT doc_id, duplicate_of, similarity, kind FROM doc_links ORDER BY doc_id")) {
      links->push_back({std::string(FieldText(row[0])), std::string(FieldText(row[1])),
                        FieldDouble(row[2]), std::string(FieldText(row[3]))});
    }
  } catch (const std::exception& e) {
    links->clear();
    return PgError(e, "cannot read doc_links").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::QueryStats(const StatsQuery& query, std::vector<StatsRow>* rows) {
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
      // date_trunc('week') is the Monday that starts the ISO week.
      period = "to_char(date_trunc('week', e.date::date), 'YYYY-MM-DD')";
      period_condition = " AND length(e.date) = 10";
      break;
    case StatsPeriod::kMonth:
      period = "substr(e.date, 1, 7)";
      period_condition = " AND length(e.date) >= 7";
      break;
  }
  const std::string group(StatsGroupSql(query.group));
  try {
    std::vector<std::string> params;
    FilterSql conditions(query.filter, &params);
    // The period is computed only for rows that pass the WHERE clause, so e.date::date never
    // sees a coarser date.
    const std::string sql = "SELECT (" + period + ") COLLATE \"C\" AS p, (" + group +
                            ") COLLATE \"C\" AS g, count(*), coalesce(sum(e.goldstein), 0), "
                            "count(*) FILTER (WHERE e.quad = 1), count(*) FILTER (WHERE e.quad = "
                            "2), count(*) FILTER (WHERE e.quad = 3), count(*) FILTER (WHERE "
                            "e.quad = 4) FROM events AS e WHERE 1 = 1" +
                            period_condition + conditions.sql() + " GROUP BY p, g ORDER BY p, g";
    pqxx::work txn(*conn_, "casus_stats");
    for (const pqxx::row& row : Exec(txn, sql, params)) {
      StatsRow& r = rows->emplace_back();
      r.period = FieldText(row[0]);
      r.group = FieldText(row[1]);
      r.events = FieldInt(row[2]);
      r.goldstein = FieldDouble(row[3]);
      for (int q = 0; q < 4; ++q) {
        r.quad[q] = FieldInt(row[4 + q]);
      }
    }
  } catch (const std::exception& e) {
    rows->clear();
    return PgError(e, "cannot compute statistics").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::SchemaVersion(int* version) {
  try {
    pqxx::work txn(*conn_, "casus_version");
    const pqxx::result r = txn.exec("SELECT max(version) FROM schema_version");
    *version = r.empty() || r[0][0].is_null() ? 0 : r[0][0].as<int>();
  } catch (const std::exception& e) {
    return PgError(e, "cannot read the schema version").WithContext(name_);
  }
  return Status::OK();
}

Status PgStore::CountDocuments(int64_t* count) {
  try {
    pqxx::work txn(*conn_, "casus_count");
    *count = txn.exec("SELECT count(*) FROM documents")[0][0].as<int64_t>();
  } catch (const std::exception& e) {
    return PgError(e, "cannot count documents").WithContext(name_);
  }
  return Status::OK();
}

}  // namespace

bool IsPostgresUrl(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string RedactUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) {
    return std::string(url);
  }
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) {
    return std::string(url);
  }
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

std::string PostgresDdl(std::string_view sqlite_step) {
  // SQLite's INTEGER is 64-bit and REAL a double; PostgreSQL's would be 32-bit and a float.
  // Only the upper-case type names are types here: column names are lower case.
  static const std::regex kTypes(R"(\b(INTEGER|REAL|BLOB|TEXT)\b)");
  static const std::regex kWithoutRowid(R"(\)\s*WITHOUT ROWID)");
  std::string ddl = std::regex_replace(std::string(sqlite_step), kWithoutRowid, ")");
  // As on SQLite (where the store leaves `PRAGMA foreign_keys` off), the store keeps the
  // references to documents itself; on PostgreSQL a declared key would be checked row by row.
  static const std::regex kReferences(R"( REFERENCES documents\(id\) ON DELETE CASCADE)");
  ddl = std::regex_replace(ddl, kReferences, "");
  std::string out;
  auto begin = std::sregex_iterator(ddl.begin(), ddl.end(), kTypes);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.append(ddl, last, static_cast<size_t>(m.position()) - last);
    const std::string type = m.str();
    if (type == "INTEGER") {
      out += "BIGINT";
    } else if (type == "REAL") {
      out += "DOUBLE PRECISION";
    } else if (type == "BLOB") {
      out += "BYTEA";
    } else {
      out += "TEXT COLLATE \"C\"";
    }
    last = static_cast<size_t>(m.position() + m.length());
  }
  out.append(ddl, last);
  return out;
}

Status OpenPostgres(const std::string& url, std::span<const std::string_view> steps,
                    std::unique_ptr<Store>* store) {
  const std::string name = RedactUrl(url);
  try {
    auto conn = std::make_unique<pqxx::connection>(url);
    CASUS_RETURN_IF_ERROR(Migrate(*conn, steps).WithContext(name));
    *store = std::make_unique<PgStore>(std::move(conn), name);
  } catch (const std::exception& e) {
    return PgError(e, "cannot open " + name);
  }
  return Status::OK();
}

Status PostgresExec(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection conn(url);
    pqxx::work txn(conn);
    txn.exec(sql);
    txn.commit();
  } catch (const std::exception& e) {
    return PgError(e, RedactUrl(url));
  }
  return Status::OK();
}

Status PostgresScalar(const std::string& url, const std::string& sql, std::string* value) {
  try {
    pqxx::connection conn(url);
    pqxx::work txn(conn);
    const pqxx::result r = txn.exec(sql);
    if (r.empty()) {
      *value = "<none>";
    } else {
      *value = r[0][0].is_null() ? "<null>" : r[0][0].c_str();
    }
  } catch (const std::exception& e) {
    return PgError(e, RedactUrl(url));
  }
  return Status::OK();
}

}  // namespace casus::store_internal
