#include "awsemu/storage/storage_error.hpp"

#include <string>

#include "sqlite_error.hpp"

namespace awsemu::storage {

bool ConstraintError::isUnique() const noexcept {
  return code() == SQLITE_CONSTRAINT_UNIQUE || code() == SQLITE_CONSTRAINT_PRIMARYKEY;
}
bool ConstraintError::isForeignKey() const noexcept {
  return code() == SQLITE_CONSTRAINT_FOREIGNKEY;
}
bool ConstraintError::isNotNull() const noexcept { return code() == SQLITE_CONSTRAINT_NOTNULL; }
bool ConstraintError::isCheck() const noexcept { return code() == SQLITE_CONSTRAINT_CHECK; }

SchemaTooNewError::SchemaTooNewError(int database_version, int known_version)
    : StorageError(SQLITE_ERROR, "database schema version " + std::to_string(database_version) +
                                     " is newer than this build knows (" +
                                     std::to_string(known_version) + ")"),
      database_version_(database_version),
      known_version_(known_version) {}

namespace detail {

void throwError(int code, std::string_view message, std::string_view context) {
  std::string text(context);
  text += ": ";
  text += message;
  if ((code & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(code, text);
  throw StorageError(code, text);
}

void throwError(sqlite3* db, int code, std::string_view context) {
  // sqlite3_errmsg describes the most recent failure on the connection; without one (open failed
  // before a handle existed) fall back to the generic text of the code.
  const char* message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throwError(code, message ? message : "unknown error", context);
}

}  // namespace detail
}  // namespace awsemu::storage
