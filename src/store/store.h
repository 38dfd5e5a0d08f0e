// Store: the database behind casus — the only part of casus that talks to one.
//
// A Store persists coded Documents (metadata, sentences, actor mentions, events, and the quotes
// and places later stages add) and answers queries over events. The SQLite store (the embedded
// default, "casus.db") keeps a schema version in `PRAGMA user_version` and migrates older files
// forward when it opens them; the PostgreSQL store ("postgresql://…", pg_store.h) has the same
// tables and migrations, its version in a schema_version table, and bulk-loads with COPY. Both
// return the same rows in the same order for the same input. WriteDocuments() writes a batch in one
// transaction: either every document of the batch is stored or none is. A document is identified by
// its id; writing a document whose id is already stored replaces all of its rows (so re-coding
// never duplicates), and the stored content hash tells whether its text changed.
//
// Besides the coded rows, a store keeps what is derived from all documents together: links
// between near-duplicate documents and event clusters with GDELT-style counts (core/dedup.h).
// RebuildDerived() recomputes both from scratch, deterministically; `casus code` calls it after
// its last batch, and readers that need them call RefreshDerived(), which rebuilds only when
// documents were written since the last rebuild.
//
// Filters and every other value from a user are bound as SQL parameters, never spliced into SQL.
//
// Thread safety: a Store is used from one thread at a time.
#ifndef CASUS_STORE_STORE_H_
#define CASUS_STORE_STORE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/dedup.h"
#include "core/document.h"
#include "core/event_record.h"
#include "core/quote_record.h"
#include "core/status.h"
#include "core/stored_event.h"

namespace casus {

// Which events a query returns; empty fields match everything.
struct EventFilter {
  std::string source_prefix;  // actor code prefix: "SYR" matches SYR, SYRGOV, SYRMIL
  std::string target_prefix;
  std::string code_prefix;   // CAMEO code prefix: "19" matches 19x and 19xx
  std::optional<Date> from;  // events dated on or after (first day of a coarser date)
  std::optional<Date> to;    // events dated on or before
  std::string doc_id;
  int64_t limit = -1;  // -1: no limit
};

// Which quotes a query returns; empty fields match everything.
struct QuoteFilter {
  std::string speaker_text;  // case-insensitive substring of the speaker or attribution
  std::string actor_prefix;  // speaker code prefix: "USA" matches USA, USAGOV
  std::string doc_id;
  int64_t limit = -1;  // -1: no limit
};

// A name no dictionary knows that casus coded from its title or apposition (an "inferred:"
// mention), with how often and where it occurs.
struct InferredActor {
  std::string name;   // the mention text ("Karim Haddadin")
  std::string code;   // the code it was given ("JORGOV")
  std::string entry;  // the entries behind the title, after "inferred:"
  int64_t mentions = 0;
  int64_t documents = 0;
  std::string first_doc;  // the smallest document id it occurs in
};

struct WriteStats {
  size_t documents = 0;  // documents handled (written or found unchanged)
  size_t replaced = 0;   // of which replaced different earlier rows
  size_t unchanged = 0;  // of which were stored exactly so already: nothing was written
  size_t sentences = 0;
  size_t events = 0;
};

// Statistics: event counts per period and group.
enum class StatsPeriod { kNone, kDay, kWeek, kMonth };
enum class StatsGroup { kNone, kDyad, kSource, kTarget, kRoot, kQuad, kCountry };

struct StatsQuery {
  EventFilter filter;  // `limit` is ignored
  // kDay counts day-precise events by date; kWeek by the Monday that starts their ISO week;
  // kMonth month-or-better events by "YYYY-MM". Events dated less precisely than the period,
  // and undated events, are left out of a period series.
  StatsPeriod by = StatsPeriod::kNone;
  // kDyad "SOURCE-TARGET" ("SOURCE-" without a target); kCountry the first three letters of the
  // source code (its CAMEO country, region or organisation class).
  StatsGroup group = StatsGroup::kNone;
};

struct StatsRow {
  std::string period;  // "" with StatsPeriod::kNone
  std::string group;   // "" with StatsGroup::kNone
  int64_t events = 0;
  double goldstein = 0.0;         // sum of the events' Goldstein scores
  std::array<int64_t, 4> quad{};  // events per QuadClass 1-4
};

struct DedupOptions {
  double similarity = 0.5;  // estimated Jaccard of word 4-shingles that makes a near-duplicate
};

struct DerivedStats {
  size_t doc_links = 0;
  size_t clusters = 0;
  size_t events = 0;
};

// A stored place mention (the places table) with its document.
struct StoredPlace {
  std::string doc_id;
  uint32_t index = 0;
  std::string mention;  // the text
  Place place;          // mention/tokens spans: the byte span only
};

// Receives exported events one at a time; a non-OK Status stops the export and is returned.
using StoredEventSink = std::function<Status(const StoredEvent&)>;

class Store {
 public:
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  // Opens (creating when absent) a SQLite database; ":memory:" for an in-memory one.
  static Status OpenSqlite(const std::string& path, std::unique_ptr<Store>* store);
  // Connects to a PostgreSQL database ("postgresql://user@host:port/db", any libpq URI) and
  // migrates it to this build's schema (see pg_store.h).
  static Status OpenPostgres(const std::string& url, std::unique_ptr<Store>* store);
  // The store `location` names: a postgresql:// or postgres:// URL, else a SQLite file.
  static Status Open(const std::string& location, std::unique_ptr<Store>* store);
  // Open() for a command that reads: a SQLite file that does not exist is NotFound instead of
  // being created empty.
  static Status OpenExisting(const std::string& location, std::unique_ptr<Store>* store);
  static bool IsPostgresUrl(std::string_view location);

  // The schema version this build writes.
  static int CurrentSchemaVersion();

  virtual Status WriteDocuments(std::span<const Document> docs, WriteStats* stats) = 0;
  // Events in (document id, sentence, event) order.
  virtual Status QueryEvents(const EventFilter& filter, std::vector<EventRecord>* events) = 0;
  // Quotes in (document id, index) order.
  virtual Status QueryQuotes(const QuoteFilter& filter, std::vector<QuoteRecord>* quotes) = 0;
  // Inferred actors grouped by (name, code), most mentioned first.
  virtual Status QueryInferredActors(std::vector<InferredActor>* actors) = 0;
  // Place mentions of `doc_id` ("" = every document) in (document id, index) order.
  virtual Status QueryPlaces(const std::string& doc_id, std::vector<StoredPlace>* places) = 0;
  virtual Status SchemaVersion(int* version) = 0;
  virtual Status CountDocuments(int64_t* count) = 0;

  // Streams the matching events (clusters = false) or clusters (clusters = true; a cluster
  // matches when its first member does) with their ids, document metadata and counts, in
  // (document id, event) order of the event or exemplar. Calls RefreshDerived() first.
  virtual Status ExportEvents(const EventFilter& filter, bool clusters,
                              const StoredEventSink& sink) = 0;
  // Recomputes doc_links and the event clusters from every stored document, in one transaction.
  virtual Status RebuildDerived(const DedupOptions& options, DerivedStats* stats) = 0;
  // RebuildDerived() with default options when documents were written since the last rebuild.
  virtual Status RefreshDerived() = 0;
  // The near-duplicate links, ordered by doc_id.
  virtual Status QueryDocLinks(std::vector<DocLink>* links) = 0;
  // Counts per (period, group), ordered by period then group; only non-empty cells appear.
  virtual Status QueryStats(const StatsQuery& query, std::vector<StatsRow>* rows) = 0;
};

// A stable 64-bit hash of a document's text and metadata, as stored (hex, 16 digits).
std::string ContentHash(const Document& doc);
// A stable 64-bit hash of everything the store writes for a document's annotations (sentences,
// mentions, events, quotes, places) and of `version` (hex, 16 digits). Whoever adds a stored
// field adds it here too, or an unchanged-looking rewrite would be skipped.
std::string CodingHash(const Document& doc, std::string_view version);

}  // namespace casus

#endif  // CASUS_STORE_STORE_H_
