// Rows: what the store writes for a Document, shared by every backend, internal to the store.
//
// The column lists of the coded tables and the values of their rows are defined here once, so
// that the SQLite store (which binds them to prepared INSERTs) and the PostgreSQL store (which
// streams them with COPY) can never disagree about what a row holds. A backend supplies a
// RowSink, a type with these members, called once per field in column order:
//
//   void Text(std::string_view);         // text, "" included
//   void TextOrNull(std::string_view);   // NULL for ""
//   void Int(int64_t);  void Double(double);  void Null();
//   void Blob(std::string_view);         // bytes
//   Status EndRow();                     // the row is complete
//
// Views passed to a sink stay valid until EndRow() returns; a sink that keeps them longer must
// copy them.
//
// Thread safety: stateless functions and constants.
#ifndef CASUS_STORE_ROWS_H_
#define CASUS_STORE_ROWS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dedup.h"
#include "core/document.h"
#include "core/event_record.h"
#include "core/status.h"
#include "store/store.h"

namespace casus::store_internal {

// Columns, in the order the row functions below produce them. Reserved words are quoted.
inline constexpr std::array<std::string_view, 16> kDocumentColumns = {
    "id",          "content_hash", "path",       "headline",    "publisher", "url",
    "published",   "date_basis",   "extra_json", "text",        "coded_at",  "casus_version",
    "coding_hash", "minhash",      "passages",   "removed_json"};
inline constexpr std::array<std::string_view, 7> kSentenceColumns = {
    "doc_id", "idx", "\"begin\"", "\"end\"", "paragraph", "text", "role"};
inline constexpr std::array<std::string_view, 8> kMentionColumns = {
    "doc_id", "idx", "sentence", "\"begin\"", "\"end\"", "text", "code", "entry"};
inline constexpr std::array<std::string_view, 35> kEventColumns = {"doc_id",
                                                                   "idx",
                                                                   "sentence",
                                                                   "source_code",
                                                                   "source_text",
                                                                   "source_begin",
                                                                   "source_end",
                                                                   "target_code",
                                                                   "target_text",
                                                                   "target_begin",
                                                                   "target_end",
                                                                   "code",
                                                                   "root",
                                                                   "quad",
                                                                   "goldstein",
                                                                   "plover",
                                                                   "date",
                                                                   "date_precision",
                                                                   "date_basis",
                                                                   "\"trigger\"",
                                                                   "trigger_begin",
                                                                   "trigger_end",
                                                                   "pattern",
                                                                   "confidence",
                                                                   "flags",
                                                                   "source_entry",
                                                                   "target_entry",
                                                                   "location_name",
                                                                   "location_feature",
                                                                   "location_country",
                                                                   "location_admin1",
                                                                   "location_lat",
                                                                   "location_lon",
                                                                   "location_geonames_id",
                                                                   "location_basis"};
inline constexpr std::array<std::string_view, 15> kQuoteColumns = {
    "doc_id",   "idx",           "\"begin\"",   "\"end\"",      "text",
    "direct",   "speaker_begin", "speaker_end", "speaker_text", "speaker_code",
    "sentence", "cue",           "attribution", "addressee",    "addressee_code"};
inline constexpr std::array<std::string_view, 14> kPlaceColumns = {
    "doc_id",  "idx",    "\"begin\"", "\"end\"", "mention",     "name",     "feature",
    "country", "admin1", "lat",       "lon",     "geonames_id", "sentence", "basis"};
inline constexpr std::array<std::string_view, 4> kDocLinkColumns = {"doc_id", "duplicate_of",
                                                                    "kind", "similarity"};
inline constexpr std::array<std::string_view, 12> kClusterColumns = {
    "id",        "source_code",  "target_code", "root",         "location", "first_date",
    "last_date", "num_mentions", "num_sources", "num_articles", "doc_id",   "idx"};
inline constexpr std::array<std::string_view, 3> kClusterMemberColumns = {"doc_id", "idx",
                                                                          "cluster_id"};

// The SQL expression of a stats grouping over events `e` (the same in SQLite and PostgreSQL).
std::string_view StatsGroupSql(StatsGroup group);

// "a, b, c".
std::string ColumnList(std::span<const std::string_view> columns);
// "INSERT INTO table (a, b) VALUES (?1, ?2)" (SQLite parameter syntax).
std::string InsertSql(std::string_view table, std::span<const std::string_view> columns);

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
  kColSourceEntry,
  kColTargetEntry,
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
  "e.confidence, e.flags, e.source_entry, e.target_entry, e.location_name, "                    \
  "e.location_feature, e.location_country, e.location_admin1, e.location_lat, e.location_lon, " \
  "e.location_geonames_id, e.location_basis"
#define CASUS_EVENTS_FROM \
  " FROM events AS e LEFT JOIN sentences AS s ON s.doc_id = e.doc_id AND s.idx = e.sentence"
inline constexpr std::string_view kSelectEvents = CASUS_EVENT_COLUMNS CASUS_EVENTS_FROM;
// The export adds the document's metadata, the lead flag (the event's sentence is in the first
// paragraph of its document that holds an event: GDELT's IsRootEvent) and the cluster.
inline constexpr std::string_view kSelectExport = CASUS_EVENT_COLUMNS
    ", d.url, d.publisher, d.published, d.coded_at, "
    "s.paragraph = (SELECT min(s2.paragraph) FROM events AS e2 JOIN sentences AS s2 "
    "ON s2.doc_id = e2.doc_id AND s2.idx = e2.sentence WHERE e2.doc_id = e.doc_id), "
    "c.id, c.num_mentions, c.num_sources, c.num_articles, c.location, e.idx" CASUS_EVENTS_FROM
    " JOIN documents AS d ON d.id = e.doc_id "
    "LEFT JOIN event_cluster_members AS m ON m.doc_id = e.doc_id AND m.idx = e.idx "
    "LEFT JOIN event_clusters AS c ON c.id = m.cluster_id WHERE 1 = 1";
#undef CASUS_EVENTS_FROM
#undef CASUS_EVENT_COLUMNS

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

// Every span the store slices must lie inside the document, or a slice would read past it.
Status ValidateDocument(const Document& doc);

// The JSON object {"name": value, …} of a document's uninterpreted input fields, whose values are
// JSON text already; "" when there are none.
std::string ExtraJson(const DocumentMeta& meta);
// The JSON array of the layout stage's removed lines; "" when there are none.
std::string RemovedJson(const DocumentMeta& meta);

// The smallest string greater than every string that starts with `prefix` (bytewise), or
// nullopt when there is none (a prefix of only 0xFF bytes).
std::optional<std::string> PrefixUpperBound(std::string_view prefix);

// What a document row holds besides the document itself.
struct DocumentRowValues {
  std::string content_hash;
  std::string coding_hash;
  std::string_view coded_at;
  std::string_view casus_version;
};

template <typename Sink>
Status WriteDocumentRow(const Document& doc, const DocumentRowValues& values, Sink& sink) {
  const std::string published = doc.meta.published.ToString();
  const std::string extra = ExtraJson(doc.meta);
  const std::string minhash = MinHashToBytes(MinHashOf(doc.text));
  const std::string passages = PassageSketchToBytes(PassageSketchOf(doc.text));
  const std::string removed = RemovedJson(doc.meta);
  sink.Text(doc.id);
  sink.Text(values.content_hash);
  sink.TextOrNull(doc.meta.path);
  sink.TextOrNull(doc.meta.headline);
  sink.TextOrNull(doc.meta.publisher);
  sink.TextOrNull(doc.meta.url);
  sink.TextOrNull(published);
  sink.TextOrNull(doc.meta.date_basis);
  sink.TextOrNull(extra);
  sink.Text(doc.text);
  sink.Text(values.coded_at);
  sink.TextOrNull(values.casus_version);
  sink.Text(values.coding_hash);
  sink.Blob(minhash);
  sink.Blob(passages);
  sink.TextOrNull(removed);
  return sink.EndRow();
}

template <typename Sink>
Status WriteSentenceRows(const Document& doc, Sink& sink) {
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    sink.Text(doc.id);
    sink.Int(static_cast<int64_t>(i));
    sink.Int(s.bytes.begin);
    sink.Int(s.bytes.end);
    sink.Int(s.paragraph);
    sink.Text(doc.Slice(s.bytes));
    sink.Text(SentenceRoleName(s.role));
    CASUS_RETURN_IF_ERROR(sink.EndRow());
  }
  return Status::OK();
}

template <typename Sink>
Status WriteMentionRows(const Document& doc, Sink& sink) {
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const ActorMention& m = doc.mentions[i];
    const ByteSpan bytes = doc.TokenBytes(m.tokens);
    sink.Text(doc.id);
    sink.Int(static_cast<int64_t>(i));
    sink.Int(m.sentence);
    sink.Int(bytes.begin);
    sink.Int(bytes.end);
    sink.Text(doc.Slice(bytes));
    sink.Text(m.code);
    sink.TextOrNull(m.entry);
    CASUS_RETURN_IF_ERROR(sink.EndRow());
  }
  return Status::OK();
}

// The same values MakeEventRecords() gives the JSONL/CSV writers (texts sliced from the
// document, the date as text), taken straight from the events so that no per-event record or
// sentence copy is allocated.
template <typename Sink>
Status WriteEventRows(const Document& doc, Sink& sink) {
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    const std::string date = e.date.ToString();  // fits the small-string buffer
    sink.Text(doc.id);
    sink.Int(static_cast<int64_t>(i));
    sink.Int(e.sentence);
    sink.Text(e.source.code);
    sink.Text(doc.Slice(e.source.text));
    sink.Int(e.source.text.begin);
    sink.Int(e.source.text.end);
    if (e.target) {
      sink.Text(e.target->code);
      sink.Text(doc.Slice(e.target->text));
      sink.Int(e.target->text.begin);
      sink.Int(e.target->text.end);
    } else {
      sink.Null();
      sink.Null();
      sink.Null();
      sink.Null();
    }
    sink.Text(e.code);
    sink.Text(e.root);
    sink.Int(e.quad);
    sink.Double(e.goldstein);
    sink.TextOrNull(e.plover);
    sink.TextOrNull(date);
    sink.TextOrNull(PrecisionName(e.date.precision));
    sink.TextOrNull(e.date_basis);
    sink.Text(doc.Slice(e.trigger));
    sink.Int(e.trigger.begin);
    sink.Int(e.trigger.end);
    sink.TextOrNull(e.pattern);
    sink.Double(e.confidence);
    sink.Int(e.flags);
    // Kept alive until EndRow(): a sink may hold the views until then.
    const std::string source_entry = EntryOf(doc, e.source);
    const std::string target_entry = e.target ? EntryOf(doc, *e.target) : std::string();
    sink.TextOrNull(source_entry);
    if (e.target) {
      sink.TextOrNull(target_entry);
    } else {
      sink.Null();
    }
    if (e.location) {
      const Place& l = *e.location;
      sink.Text(l.name);
      sink.TextOrNull(l.feature);
      sink.TextOrNull(l.country);
      sink.TextOrNull(l.admin1);
      if (l.has_coords) {
        sink.Double(l.lat);
        sink.Double(l.lon);
      } else {
        sink.Null();
        sink.Null();
      }
      if (l.geonames_id != 0) {
        sink.Int(l.geonames_id);
      } else {
        sink.Null();
      }
      sink.TextOrNull(l.basis);
    } else {
      for (int k = 0; k < 8; ++k) {
        sink.Null();
      }
    }
    CASUS_RETURN_IF_ERROR(sink.EndRow());
  }
  return Status::OK();
}

template <typename Sink>
Status WriteQuoteRows(const Document& doc, Sink& sink) {
  for (size_t i = 0; i < doc.quotes.size(); ++i) {
    const Quote& q = doc.quotes[i];
    sink.Text(doc.id);
    sink.Int(static_cast<int64_t>(i));
    sink.Int(q.text.begin);
    sink.Int(q.text.end);
    sink.Text(doc.Slice(q.text));
    sink.Int(q.direct ? 1 : 0);
    if (q.speaker.empty()) {
      sink.Null();
      sink.Null();
      sink.Null();
    } else {
      sink.Int(q.speaker.begin);
      sink.Int(q.speaker.end);
      sink.Text(doc.Slice(q.speaker));
    }
    sink.TextOrNull(q.speaker_code);
    sink.Int(q.sentence);
    sink.TextOrNull(doc.Slice(q.cue));
    sink.TextOrNull(doc.Slice(q.attribution));
    sink.TextOrNull(doc.Slice(q.addressee));
    sink.TextOrNull(q.addressee_code);
    CASUS_RETURN_IF_ERROR(sink.EndRow());
  }
  return Status::OK();
}

template <typename Sink>
Status WritePlaceRows(const Document& doc, Sink& sink) {
  for (size_t i = 0; i < doc.places.size(); ++i) {
    const Place& p = doc.places[i];
    sink.Text(doc.id);
    sink.Int(static_cast<int64_t>(i));
    sink.Int(p.mention.begin);
    sink.Int(p.mention.end);
    sink.Text(doc.Slice(p.mention));
    sink.TextOrNull(p.name);
    sink.TextOrNull(p.feature);
    sink.TextOrNull(p.country);
    sink.TextOrNull(p.admin1);
    if (p.has_coords) {
      sink.Double(p.lat);
      sink.Double(p.lon);
    } else {
      sink.Null();
      sink.Null();
    }
    if (p.geonames_id == 0) {
      sink.Null();
    } else {
      sink.Int(p.geonames_id);
    }
    sink.Int(p.sentence);
    sink.TextOrNull(p.basis);
    CASUS_RETURN_IF_ERROR(sink.EndRow());
  }
  return Status::OK();
}

}  // namespace casus::store_internal

#endif  // CASUS_STORE_ROWS_H_
