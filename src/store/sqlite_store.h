// SqliteStore: the Store on an embedded SQLite database, internal to the store.
//
// Opening sets the connection up (WAL journal for files, synchronous=NORMAL, foreign keys
// checked by the store rather than by sqlite (see Open()), a
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
#include "store/rows.h"
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
  // One bit per EventFilter field in use (six fields); indexes queries_.
  static constexpr unsigned kFilterCombinations = 1U << 6;

  Status PrepareWriteStatements();
  Status WriteDocument(const Document& doc, const std::string& coded_at, WriteStats* stats);
  Status RebuildDocLinks(const DedupOptions& options, DerivedStats* stats);
  Status RebuildClusters(DerivedStats* stats);
  Status QueryStatement(unsigned filters, Statement** stmt);

  // Declared first so that it is destroyed last, after every statement on it.
  DbHandle db_;
  std::string path_;
  Statement select_hash_;
  // Deletes a document's rows from each table that holds them, children first.
  static constexpr size_t kDeleteStatements = 7;
  std::array<Statement, kDeleteStatements> delete_document_;
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

}  // namespace casus::store_internal

#endif  // CASUS_STORE_SQLITE_STORE_H_
