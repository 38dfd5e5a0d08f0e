// SqliteStore: the Store on an embedded SQLite database, internal to the store.
//
// Opening sets the connection up (WAL journal for files, synchronous=NORMAL, foreign keys on, a
// busy timeout so that a second process waits instead of failing), migrates the schema (see
// schema.h) and prepares the write statements once; query statements are prepared on first use,
// one per combination of filters, and reused. WriteDocuments() binds text in place
// (SQLITE_STATIC) from the Document and its EventRecords, so a batch costs one transaction and
// one step per row.
//
// Thread safety: as for Store, one thread at a time.
#ifndef CASUS_STORE_SQLITE_STORE_H_
#define CASUS_STORE_SQLITE_STORE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/event_record.h"
#include "core/status.h"
#include "store/sqlite_util.h"
#include "store/store.h"

namespace casus::store_internal {

class SqliteStore final : public Store {
 public:
  // Opens `path` (":memory:" for an in-memory database) and migrates it to this build's schema.
  static Status Open(const std::string& path, std::unique_ptr<SqliteStore>* store);

  SqliteStore(DbHandle db, std::string path);

  Status WriteDocuments(std::span<const Document> docs, WriteStats* stats) override;
  Status QueryEvents(const EventFilter& filter, std::vector<EventRecord>* events) override;
  Status QueryQuotes(const QuoteFilter& filter, std::vector<QuoteRecord>* quotes) override;
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
  // One bit per EventFilter field in use (six fields); indexes queries_.
  static constexpr unsigned kFilterCombinations = 1U << 6;

  Status PrepareWriteStatements();
  Status WriteDocument(const Document& doc, const std::string& coded_at, WriteStats* stats);
  Status WriteDocumentRow(const Document& doc, const std::string& hash,
                          const std::string& coding_hash, const std::string& coded_at);
  Status RebuildDocLinks(const DedupOptions& options, DerivedStats* stats);
  Status RebuildClusters(DerivedStats* stats);
  Status WriteSentences(const Document& doc);
  Status WriteMentions(const Document& doc);
  Status WriteEvents(const Document& doc);
  Status WriteQuotes(const Document& doc);
  Status WritePlaces(const Document& doc);
  Status QueryStatement(unsigned filters, Statement** stmt);

  // Declared first so that it is destroyed last, after every statement on it.
  DbHandle db_;
  std::string path_;
  Statement select_hash_;
  Statement delete_document_;
  Statement insert_document_;
  Statement insert_sentence_;
  Statement insert_mention_;
  Statement insert_event_;
  Statement insert_quote_;
  Statement insert_place_;
  Statement count_documents_;
  Statement mark_stale_;
  std::array<Statement, kFilterCombinations> queries_;
};

// The JSON object {"name": value, …} of a document's uninterpreted input fields, whose values are
// JSON text already; "" when there are none.
std::string ExtraJson(const DocumentMeta& meta);

// The smallest string greater than every string that starts with `prefix` (bytewise), or
// nullopt when there is none (a prefix of only 0xFF bytes).
std::optional<std::string> PrefixUpperBound(std::string_view prefix);

}  // namespace casus::store_internal

#endif  // CASUS_STORE_SQLITE_STORE_H_
