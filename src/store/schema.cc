#include "store/schema.h"

#include <array>
#include <string>

#include "store/sqlite_util.h"

namespace casus::store_internal {
namespace {

// Schema version 1.
//
// Conventions. Byte offsets ("begin", "end", "*_begin", "*_end") are half-open [begin, end) UTF-8
// byte ranges into documents.text. "idx" is the 0-based position of a row within its document
// (the index into the matching Document vector), so (doc_id, idx) is each child table's key.
// Every child table references documents(id) with ON DELETE CASCADE (the store turns
// `PRAGMA foreign_keys` on), so deleting a document row deletes all of its rows; that is how a
// document that is written again replaces its earlier rows. NULL means "absent or unknown",
// never "".
//
// documents: one row per article.
//   id             the document id from ingest (file name, JSONL id, …).
//   content_hash   ContentHash(): 16 hex digits over text and metadata; equal hashes on rewrite
//                  mean the article did not change.
//   path           the file it came from ("-" for stdin; ":LINE" appended for JSONL).
//   headline, publisher, url   metadata as ingested.
//   published      publication date, "YYYY-MM-DD", "YYYY-MM" or "YYYY"; NULL when unknown.
//   date_basis     where `published` came from ("metadata", "--date", …).
//   extra_json     a JSON object of the input fields casus does not interpret, in input order;
//                  NULL when there are none.
//   text           the full text (UTF-8, NFC) that every offset refers to.
//   coded_at       UTC time of the write, "YYYY-MM-DDTHH:MM:SSZ".
//   casus_version  the casus version that wrote the row; NULL when the build did not say.
//
// sentences: one row per sentence.
//   begin, end     the sentence's bytes.   paragraph  0-based paragraph number.
//   text           the sentence's text (a copy, so that queries need no substr()).
//
// mentions: one row per actor mention.
//   sentence       index of the sentence holding the mention.
//   begin, end     the mention's bytes.    text  the mention as written.
//   code           CAMEO actor code ("SYRMIL").
//   entry          the dictionary entry (or "+"-joined entries) that produced the code.
//
// events: one row per coded event.
//   sentence       index of the sentence the event was coded from.
//   source_code, source_text, source_begin, source_end   the source actor: code, the mention as
//                  written and its bytes (empty text and begin = end when the actor is implicit).
//   target_*       the same for the target; all four NULL when the event has no target.
//   code           CAMEO event code ("0256").   root  its two-digit root ("02").
//   quad           QuadClass 1-4.    goldstein  Goldstein score of the exact code.
//   plover         PLOVER event type; NULL when the CAMEO→PLOVER table gives none.
//   date           the event's date, "YYYY-MM-DD", "YYYY-MM" or "YYYY"; NULL when unknown.
//   date_precision "day", "month" or "year"; NULL with date.
//   date_basis     the expression the date came from, or "publication date".
//   trigger, trigger_begin, trigger_end   the words that express the event and their bytes.
//   pattern        id of the coding rule that fired.   confidence  0-1.
//   flags          EventFlag bits (1 = reported by a speaker, 2 = placed in the past).
//   Indexes on source_code, target_code, code and date serve the query filters (prefixes and
//   date ranges are turned into range comparisons). The primary key's index also serves
//   lookups by doc_id, so there is no separate doc_id index.
//
// quotes: one row per quotation or reported statement.
//   begin, end, text   the quoted words (inside the marks) or the reported clause.
//   direct         1 for a direct quotation, 0 for reported speech.
//   speaker_begin, speaker_end, speaker_text   the mention naming the speaker; NULL when unknown.
//   speaker_code   actor code of the speaker; NULL when unknown.
//
// places: one row per place mention resolved against the gazetteer.
//   begin, end, mention   the mention's bytes and text.
//   name           gazetteer name.   feature  "city", "admin1", "country", …
//   country        ISO 3166-1 alpha-2.   admin1  first-level administrative division.
//   lat, lon       WGS84 degrees.   geonames_id  GeoNames id; NULL when none.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE documents (
  id TEXT NOT NULL PRIMARY KEY,
  content_hash TEXT NOT NULL,
  path TEXT,
  headline TEXT,
  publisher TEXT,
  url TEXT,
  published TEXT,
  date_basis TEXT,
  extra_json TEXT,
  text TEXT NOT NULL,
  coded_at TEXT,
  casus_version TEXT
);

CREATE TABLE sentences (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  "begin" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (doc_id, idx)
);

CREATE TABLE mentions (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  sentence INTEGER NOT NULL,
  "begin" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  code TEXT NOT NULL,
  entry TEXT,
  PRIMARY KEY (doc_id, idx)
);

CREATE TABLE events (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  sentence INTEGER NOT NULL,
  source_code TEXT NOT NULL,
  source_text TEXT NOT NULL,
  source_begin INTEGER NOT NULL,
  source_end INTEGER NOT NULL,
  target_code TEXT,
  target_text TEXT,
  target_begin INTEGER,
  target_end INTEGER,
  code TEXT NOT NULL,
  root TEXT NOT NULL,
  quad INTEGER NOT NULL,
  goldstein REAL NOT NULL,
  plover TEXT,
  date TEXT,
  date_precision TEXT,
  date_basis TEXT,
  "trigger" TEXT NOT NULL,
  trigger_begin INTEGER NOT NULL,
  trigger_end INTEGER NOT NULL,
  pattern TEXT,
  confidence REAL NOT NULL,
  flags INTEGER NOT NULL,
  PRIMARY KEY (doc_id, idx)
);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_date ON events(date);

CREATE TABLE quotes (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  "begin" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  direct INTEGER NOT NULL,
  speaker_begin INTEGER,
  speaker_end INTEGER,
  speaker_text TEXT,
  speaker_code TEXT,
  PRIMARY KEY (doc_id, idx)
);

CREATE TABLE places (
  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  "begin" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  mention TEXT NOT NULL,
  name TEXT,
  feature TEXT,
  country TEXT,
  admin1 TEXT,
  lat REAL,
  lon REAL,
  geonames_id INTEGER,
  PRIMARY KEY (doc_id, idx)
);
)sql";

// Schema version 2: idempotent re-coding, deduplication and event clusters.
//
// documents gains:
//   coding_hash    CodingHash(): 16 hex digits over every row the document's annotations
//                  produce (and the casus version). A document whose content_hash and
//                  coding_hash both match the stored ones is skipped on rewrite, so re-coding an
//                  unchanged document changes nothing, coded_at included. NULL in rows from
//                  version 1 (such a row is rewritten once).
//   minhash        the MinHash signature of the text (core/dedup.h), 256 bytes; NULL in rows
//                  from version 1 (computed when the links are rebuilt).
//   passages       the PassageSketch of the text (core/dedup.h): 8 bytes per value,
//                  little-endian; NULL with minhash.
//
// doc_links: one row per document that has an earlier near-duplicate (a wire copy) or shares
//   a passage with an earlier document (a republished briefing). Rebuilt from the signatures
//   after every `casus code` run.
//   doc_id         the later document.   duplicate_of  the earliest earlier document (by
//                  published date, then id) it is linked to.
//   kind           "near-duplicate" (estimated Jaccard similarity of word 4-shingles at least
//                  the threshold, 0.5 by default) or "shared-passage" (at least 3 common
//                  passage-sketch values).
//   similarity     the Jaccard estimate, or for a shared passage the share of the smaller
//                  sketch found in the other, 0-1.
//
// event_clusters: events merged across sentences and documents (core/dedup.h): same source,
//   target, root, location and date precision, day-precise dates within a day of the first.
//   id             stable id from the cluster key and first date (below 2^53).
//   source_code, target_code (NULL when none), root, location (NULL when unknown)   the key.
//   first_date, last_date   dates of the earliest and latest member.
//   num_mentions   member events.   num_sources  distinct publishers (a document without one
//                  counts as its own source).   num_articles  distinct documents.
//   doc_id, idx    the first member (in document id, event order): the cluster's exemplar.
// event_cluster_members: (doc_id, idx) of every event → cluster_id.
//
// store_state: key/value facts about the store. "derived_stale" is "1" when documents were
//   written since doc_links and the clusters were last rebuilt (set in the same transaction as
//   the write, so an interrupted run is noticed), "0" after a rebuild.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE documents ADD COLUMN coding_hash TEXT;
ALTER TABLE documents ADD COLUMN minhash BLOB;
ALTER TABLE documents ADD COLUMN passages BLOB;

CREATE TABLE doc_links (
  doc_id TEXT NOT NULL PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  duplicate_of TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  similarity REAL NOT NULL
);

CREATE TABLE event_clusters (
  id INTEGER PRIMARY KEY,
  source_code TEXT NOT NULL,
  target_code TEXT,
  root TEXT NOT NULL,
  location TEXT,
  first_date TEXT,
  last_date TEXT,
  num_mentions INTEGER NOT NULL,
  num_sources INTEGER NOT NULL,
  num_articles INTEGER NOT NULL,
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL
);

CREATE TABLE event_cluster_members (
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  cluster_id INTEGER NOT NULL,
  PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE TABLE store_state (
  key TEXT NOT NULL PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;
INSERT INTO store_state (key, value) VALUES ('derived_stale', '1');
)sql";

// Schema version 3: quotes carry what the quotes stage finds about them.
//   sentence        index of the sentence that holds the quote's first byte.
//   cue             the speech verb ("said", "told", "according to"); NULL when unattributed.
//   attribution     the speaker phrase at the cue ("he", "the official").
//   speaker_*       (from version 1) the mention that names the speaker, after resolving the
//                   attribution through pronouns and descriptions ("Matthew Miller").
//   addressee, addressee_code   to whom it was said ("told Al Arabiya English").
// documents.removed_json: a JSON array of the page-furniture lines the layout stage found and
//   kept out of coding ("Contact Us", "Subscribe", bylines), in text order; NULL when none.
// sentences.role: "body", "headline", "deck", "crosshead" or "furniture"; only body sentences
//   are coded for events and quotes.
constexpr std::string_view kVersion3 = R"sql(
ALTER TABLE documents ADD COLUMN removed_json TEXT;
ALTER TABLE sentences ADD COLUMN role TEXT;
ALTER TABLE quotes ADD COLUMN sentence INTEGER;
ALTER TABLE quotes ADD COLUMN cue TEXT;
ALTER TABLE quotes ADD COLUMN attribution TEXT;
ALTER TABLE quotes ADD COLUMN addressee TEXT;
ALTER TABLE quotes ADD COLUMN addressee_code TEXT;
CREATE INDEX quotes_speaker_code ON quotes(speaker_code);
)sql";

// Schema version 4: events name the dictionary entries behind their actors' codes.
//   source_entry, target_entry   "actors.actors:633+agents.actors:61"; "inferred:…" when the
//                                code came from a title or apposition and no dictionary knows
//                                the name; "coref:…" or "speaker" through a pronoun or a
//                                quote's speaker. NULL when unknown (rows from older versions).
constexpr std::string_view kVersion4 = R"sql(
ALTER TABLE events ADD COLUMN source_entry TEXT;
ALTER TABLE events ADD COLUMN target_entry TEXT;
)sql";

// Schema version 5: event locations and the resolution of place mentions (places.resolve).
//   events.location_*   where the event happened: name, feature ("city", "admin1", "country",
//                       …), country (ISO 3166-1 alpha-2), admin1, lat, lon (NULL for line
//                       features), geonames_id (NULL when none), basis (why this place: the
//                       clause's "in/near/at X", the sentence's place, or the document's focus
//                       country, then why this gazetteer entry). All NULL when unknown.
//   places.sentence     index of the sentence that holds the mention.
//   places.basis        why the mention was resolved to this entry.
// places.lat and places.lon are NULL for line features (roads, rivers).
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE events ADD COLUMN location_name TEXT;
ALTER TABLE events ADD COLUMN location_feature TEXT;
ALTER TABLE events ADD COLUMN location_country TEXT;
ALTER TABLE events ADD COLUMN location_admin1 TEXT;
ALTER TABLE events ADD COLUMN location_lat REAL;
ALTER TABLE events ADD COLUMN location_lon REAL;
ALTER TABLE events ADD COLUMN location_geonames_id INTEGER;
ALTER TABLE events ADD COLUMN location_basis TEXT;
ALTER TABLE places ADD COLUMN sentence INTEGER;
ALTER TABLE places ADD COLUMN basis TEXT;
CREATE INDEX places_country ON places(country);
)sql";

// Append new versions here; never edit a step that has shipped.
constexpr std::array<std::string_view, 5> kSteps = {kVersion1, kVersion2, kVersion3, kVersion4,
                                                    kVersion5};

Status TooNew(int version, int supported) {
  return Status::InvalidInput("database schema version " + std::to_string(version) +
                              " is newer than this build of casus supports (" +
                              std::to_string(supported) + "); use a newer casus");
}

}  // namespace

std::span<const std::string_view> SchemaSteps() { return kSteps; }

Status ReadSchemaVersion(sqlite3* db, int* version) {
  Statement stmt;
  CASUS_RETURN_IF_ERROR(stmt.Prepare(db, "PRAGMA user_version"));
  const int rc = stmt.Step();
  if (rc != SQLITE_ROW) {
    return SqliteError(db, rc, "cannot read the schema version");
  }
  *version = static_cast<int>(stmt.ColumnInt64(0));
  return Status::OK();
}

Status Migrate(sqlite3* db, std::span<const std::string_view> steps) {
  const int target = static_cast<int>(steps.size());
  int version = 0;
  CASUS_RETURN_IF_ERROR(ReadSchemaVersion(db, &version));
  if (version == target) {
    return Status::OK();
  }
  if (version > target) {
    return TooNew(version, target);
  }
  Transaction txn;
  CASUS_RETURN_IF_ERROR(txn.Begin(db));
  // Another process may have migrated the file between the first read and BEGIN IMMEDIATE.
  CASUS_RETURN_IF_ERROR(ReadSchemaVersion(db, &version));
  if (version == target) {
    return Status::OK();  // ~Transaction ends the transaction, which wrote nothing
  }
  if (version > target) {
    return TooNew(version, target);
  }
  for (int v = version; v < target; ++v) {
    // Steps are string_views into NUL-terminated literals, but a test may pass any view, so
    // copy to guarantee the terminator sqlite3_exec needs.
    const std::string sql(steps[v]);
    CASUS_RETURN_IF_ERROR(
        Exec(db, sql.c_str(), "cannot migrate the schema to version " + std::to_string(v + 1)));
  }
  const std::string set_version = "PRAGMA user_version = " + std::to_string(target);
  CASUS_RETURN_IF_ERROR(Exec(db, set_version.c_str(), "cannot record the schema version"));
  return txn.Commit();
}

}  // namespace casus::store_internal
