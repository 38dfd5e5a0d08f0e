// The Store on a PostgreSQL server, internal to the store; only pg_store.cc sees libpqxx.
//
// The schema is the SQLite one (schema.cc), translated step by step by PostgresDdl(): the same
// tables, columns, primary keys and indexes, with PostgreSQL types (BIGINT, DOUBLE PRECISION,
// BYTEA) and every text column in the "C" collation; the references to documents(id) are kept
// by the store, as on SQLite, rather than declared (a declared key is checked row by row), so that
// ordering and prefix ranges compare bytes as SQLite's BINARY does and both stores return rows in
// the same order. The version lives in a one-row table schema_version (0 when absent); migrating
// runs the missing steps and records the version in one transaction, under an advisory lock so that
// two processes cannot migrate at once.
//
// WriteDocuments() writes a batch in one transaction (under the same advisory lock, so writers
// queue as they do on SQLite): one lookup of the batch's stored hashes, one DELETE of the
// documents that changed (and of their rows, table by table), then one COPY per table. Every value
// from a user is a bound parameter or COPY data, never SQL text.
//
// Thread safety: as for Store, one thread at a time.
#ifndef CASUS_STORE_PG_STORE_H_
#define CASUS_STORE_PG_STORE_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/store.h"

namespace casus::store_internal {

// True for "postgresql://…" and "postgres://…" (libpq's URI forms).
bool IsPostgresUrl(std::string_view location);

// The URL without its password ("postgresql://user:***@host/db"), for messages.
std::string RedactUrl(std::string_view url);

// One SQLite schema step as PostgreSQL DDL.
std::string PostgresDdl(std::string_view sqlite_step);

// Connects to `url` and migrates the database to steps.size() (see above).
Status OpenPostgres(const std::string& url, std::span<const std::string_view> steps,
                    std::unique_ptr<Store>* store);

// Runs `sql` (one or more statements) in its own connection and transaction; for tests and
// tools that prepare a database.
Status PostgresExec(const std::string& url, const std::string& sql);

// The first column of the first row `sql` returns, as text ("<null>" for NULL, "<none>" when
// there is no row); for tests.
Status PostgresScalar(const std::string& url, const std::string& sql, std::string* value);

}  // namespace casus::store_internal

#endif  // CASUS_STORE_PG_STORE_H_
