// Store: the database behind casus — the only part of casus that talks to one.
//
// A Store persists coded Documents (metadata, sentences, actor mentions, events, and the quotes
// and places later stages add) and answers queries over events. The SQLite store (the embedded
// default, "casus.db") keeps a schema version in `PRAGMA user_version` and migrates older files
// forward when it opens them. WriteDocuments() writes a batch in one transaction: either every
// document of the batch is stored or none is. A document is identified by its id; writing a
// document whose id is already stored replaces all of its rows (so re-coding never duplicates),
// and the stored content hash tells whether its text changed.
//
// Thread safety: a Store is used from one thread at a time.
#ifndef CASUS_STORE_STORE_H_
#define CASUS_STORE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/event_record.h"
#include "core/status.h"

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

struct WriteStats {
  size_t documents = 0;  // documents written
  size_t replaced = 0;   // of which replaced earlier rows
  size_t unchanged = 0;  // of which had the same content hash as before
  size_t sentences = 0;
  size_t events = 0;
};

class Store {
 public:
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  // Opens (creating when absent) a SQLite database; ":memory:" for an in-memory one.
  static Status OpenSqlite(const std::string& path, std::unique_ptr<Store>* store);

  // The schema version this build writes.
  static int CurrentSchemaVersion();

  virtual Status WriteDocuments(std::span<const Document> docs, WriteStats* stats) = 0;
  // Events in (document id, sentence, event) order.
  virtual Status QueryEvents(const EventFilter& filter, std::vector<EventRecord>* events) = 0;
  virtual Status SchemaVersion(int* version) = 0;
  virtual Status CountDocuments(int64_t* count) = 0;
};

// A stable 64-bit hash of a document's text and metadata, as stored (hex, 16 digits).
std::string ContentHash(const Document& doc);

}  // namespace casus

#endif  // CASUS_STORE_STORE_H_
