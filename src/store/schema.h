// The SQLite schema of the store and its migrations, internal to the store.
//
// The schema is an ordered list of migration steps: step i (0-based) is the SQL that takes a
// database from version i to version i + 1, so the version this build writes is the number of
// steps, and a later version adds a step at the end and never edits an earlier one. The version
// of a file is its `PRAGMA user_version` (0 for a new, empty file). schema.cc describes each
// table.
//
// Thread safety: the steps are immutable; Migrate() uses the connection it is given, which must
// not be used elsewhere meanwhile.
#ifndef CASUS_STORE_SCHEMA_H_
#define CASUS_STORE_SCHEMA_H_

#include <sqlite3.h>

#include <span>
#include <string_view>

#include "core/status.h"

namespace casus::store_internal {

// The migration steps of this build, oldest first.
std::span<const std::string_view> SchemaSteps();

// Reads `PRAGMA user_version`.
Status ReadSchemaVersion(sqlite3* db, int* version);

// Brings the database to version steps.size(): runs the steps it lacks in one transaction (so a
// failing step leaves the file as it was) and records the new version. A database at a version
// beyond steps.size() is refused with InvalidInput and left untouched.
Status Migrate(sqlite3* db, std::span<const std::string_view> steps);

}  // namespace casus::store_internal

#endif  // CASUS_STORE_SCHEMA_H_
