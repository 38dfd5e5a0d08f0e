#include "store/sqlite_util.h"

#include <string>
#include <utility>

namespace casus::store_internal {

Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(msg);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return Status::InvalidInput(msg);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
    case SQLITE_AUTH:
    case SQLITE_PROTOCOL:
      return Status::IOError(msg);
    default:
      return Status::Internal(msg);
  }
}

Status Exec(sqlite3* db, const char* sql, std::string_view context) {
  // Errors are read from the connection (sqlite3_errmsg) rather than through exec's errmsg
  // out-parameter, which would have to be freed.
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return SqliteError(db, rc, context);
  }
  return Status::OK();
}

Status OpenDatabase(const std::string& path, DbHandle* db) {
  sqlite3* raw = nullptr;
  // NOMUTEX: a Store is used from one thread at a time, so the connection needs no lock of its
  // own. sqlite3_open_v2 hands back a handle even on failure; the DbHandle frees it either way.
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbHandle handle(raw);
  if (rc != SQLITE_OK) {
    return SqliteError(handle.get(), rc, "cannot open " + path);
  }
  sqlite3_extended_result_codes(handle.get(), 1);
  *db = std::move(handle);
  return Status::OK();
}

Status Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) {
    return SqliteError(db, rc, "cannot prepare statement");
  }
  return Status::OK();
}

Status Statement::Run(std::string_view context) {
  const int rc = Step();
  Status status;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    status = SqliteError(db(), rc, context);
  }
  sqlite3_reset(stmt_.get());
  return status;
}

Status Transaction::Begin(sqlite3* db) {
  CASUS_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE", "cannot begin transaction"));
  db_ = db;
  return Status::OK();
}

Status Transaction::Commit() {
  Status status = Exec(db_, "COMMIT", "cannot commit");
  if (status.ok()) {
    db_ = nullptr;
  }
  return status;
}

void Transaction::Rollback() {
  if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0) {
    // Nothing useful can be done when ROLLBACK itself fails: sqlite then rolls back when the
    // connection closes, and the caller already returns the error that led here.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  db_ = nullptr;
}

}  // namespace casus::store_internal
