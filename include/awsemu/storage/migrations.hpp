#pragma once
// Versioned schema migrations. A service declares its schema as an ordered list of steps:
//
//   const Migrations kSchema{
//       {1, "CREATE TABLE queues(account TEXT, name TEXT, PRIMARY KEY(account, name))"},
//       {2, "ALTER TABLE queues ADD COLUMN tags TEXT NOT NULL DEFAULT '{}'"},
//   };
//   kSchema.apply(db);
//
// The database's version lives in PRAGMA user_version
// (https://www.sqlite.org/pragma.html#pragma_user_version). apply() runs each step newer than it in
// its own transaction together with the new user_version, so a crash or a failing step leaves the
// database at the last complete version. Steps are never edited once released: a change is a new
// step. A step's SQL must not BEGIN/COMMIT itself, and cannot change PRAGMA foreign_keys (a no-op
// inside a transaction).
#include <initializer_list>
#include <string>
#include <vector>

#include "awsemu/storage/database.hpp"

namespace awsemu::storage {

struct Migration {
  int version;      // > 0, strictly increasing within a list
  std::string sql;  // one or more statements
};

class Migrations {
 public:
  // Throws std::invalid_argument when versions are not positive and strictly increasing (a
  // programming error in the service's declaration, found by its first test).
  Migrations(std::initializer_list<Migration> steps);
  explicit Migrations(std::vector<Migration> steps);

  // Brings `database` up to latestVersion(); returns the number of steps applied. Throws
  // SchemaTooNewError when the database's version is above latestVersion(), StorageError when a
  // step fails (that step is rolled back; earlier steps stay applied).
  int apply(Database& database) const;

  int latestVersion() const noexcept;  // 0 for an empty list
  const std::vector<Migration>& steps() const noexcept { return steps_; }

  static int userVersion(Database& database);

 private:
  std::vector<Migration> steps_;
};

}  // namespace awsemu::storage
