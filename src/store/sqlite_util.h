// Thin RAII layer over the sqlite3 C API, internal to the store.
//
// DbHandle owns a connection and Statement owns a prepared statement; both release their handle
// when destroyed, so no path (early return on error included) leaks one. Statement binds text
// with SQLITE_STATIC: the caller keeps the bound bytes alive until the statement is reset, which
// is what makes bulk inserts copy-free. SqliteError() turns a result code into a Status of the
// matching kind with sqlite's own message.
//
// Thread safety: none of these types may be used from two threads at once; a connection and its
// statements belong to the one thread that uses the Store.
#ifndef CASUS_STORE_SQLITE_UTIL_H_
#define CASUS_STORE_SQLITE_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace casus::store_internal {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// A Status for the sqlite result code `rc` (not SQLITE_OK/ROW/DONE): "<context>: <message>".
// The message is the connection's last error when `db` is given, else sqlite3_errstr(rc).
Status SqliteError(sqlite3* db, int rc, std::string_view context);

// Runs one or more SQL statements that return no rows of interest.
Status Exec(sqlite3* db, const char* sql, std::string_view context);

// Opens a connection (creating the file when absent) with extended result codes enabled.
Status OpenDatabase(const std::string& path, DbHandle* db);

class Statement {
 public:
  Statement() = default;

  // Compiles `sql` for `db`; the statement is kept for reuse (SQLITE_PREPARE_PERSISTENT).
  Status Prepare(sqlite3* db, std::string_view sql);
  [[nodiscard]] bool prepared() const { return stmt_ != nullptr; }

  // Parameters are 1-based, as in sqlite3_bind_*.
  void BindText(int i, std::string_view text) {
    // A null data pointer would bind NULL; an empty view must still be the text ''.
    const char* data = text.data() != nullptr ? text.data() : "";
    sqlite3_bind_text(stmt_.get(), i, data, static_cast<int>(text.size()), SQLITE_STATIC);
  }
  // NULL for an empty string: for columns where "" means "absent".
  void BindTextOrNull(int i, std::string_view text) {
    if (text.empty()) {
      BindNull(i);
    } else {
      BindText(i, text);
    }
  }
  void BindInt64(int i, int64_t value) { sqlite3_bind_int64(stmt_.get(), i, value); }
  void BindDouble(int i, double value) { sqlite3_bind_double(stmt_.get(), i, value); }
  void BindNull(int i) { sqlite3_bind_null(stmt_.get(), i); }
  void BindEmptyBlob(int i) { sqlite3_bind_zeroblob(stmt_.get(), i, 0); }
  void BindBlob(int i, std::string_view bytes) {
    sqlite3_bind_blob(stmt_.get(), i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  }

  // sqlite3_step(): SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_.get()); }
  // Steps a statement that yields no row, then resets it, keeping its bindings (every caller
  // binds all parameters before each run); an error becomes a Status.
  Status Run(std::string_view context);
  // Makes the statement ready for new bindings (and releases what it holds of the database),
  // dropping the old ones so that none points at bytes that have since died.
  void Reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
  }

  [[nodiscard]] bool IsNull(int col) const {
    return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL;
  }
  [[nodiscard]] int64_t ColumnInt64(int col) const {
    return sqlite3_column_int64(stmt_.get(), col);
  }
  [[nodiscard]] double ColumnDouble(int col) const {
    return sqlite3_column_double(stmt_.get(), col);
  }
  // The column's text ("" for NULL); valid until the next Step() or Reset().
  [[nodiscard]] std::string_view ColumnText(int col) const {
    const auto* p = sqlite3_column_text(stmt_.get(), col);
    if (p == nullptr) {
      return {};
    }
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col))};
  }

  // The column's bytes (a blob or text); valid until the next Step() or Reset().
  [[nodiscard]] std::string_view ColumnBlob(int col) const {
    const void* p = sqlite3_column_blob(stmt_.get(), col);
    if (p == nullptr) {
      return {};
    }
    return {static_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col))};
  }

  [[nodiscard]] sqlite3* db() const { return sqlite3_db_handle(stmt_.get()); }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// An explicit transaction (BEGIN IMMEDIATE, so that a writer learns of a competing writer at the
// start rather than at COMMIT). Destroying it uncommitted rolls back, unless sqlite has already
// rolled back on its own (which it does after some errors, such as a full disk).
class Transaction {
 public:
  Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() { Rollback(); }

  Status Begin(sqlite3* db);
  Status Commit();
  void Rollback();

 private:
  sqlite3* db_ = nullptr;  // non-null while the transaction is open
};

// Resets a statement when it goes out of scope, so that an early return never leaves it holding
// a read transaction open or bindings to bytes that are about to die.
class ScopedReset {
 public:
  explicit ScopedReset(Statement& stmt) : stmt_(stmt) {}
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;
  ~ScopedReset() { stmt_.Reset(); }

 private:
  Statement& stmt_;
};

}  // namespace casus::store_internal

#endif  // CASUS_STORE_SQLITE_UTIL_H_
