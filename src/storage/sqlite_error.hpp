#pragma once
// Internal: turning SQLite result codes into StorageError / ConstraintError.
#include <sqlite3.h>

#include <string_view>

namespace awsemu::storage::detail {

// Throws the StorageError (ConstraintError for SQLITE_CONSTRAINT*) for result code `code`, with
// SQLite's message for the connection `db` (may be null) and what we were doing.
[[noreturn]] void throwError(int code, std::string_view message, std::string_view context);
[[noreturn]] void throwError(sqlite3* db, int code, std::string_view context);

inline void check(sqlite3* db, int code, std::string_view context) {
  if (code != SQLITE_OK) throwError(db, code, context);
}

}  // namespace awsemu::storage::detail
