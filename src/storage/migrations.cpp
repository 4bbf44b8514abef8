#include "awsemu/storage/migrations.hpp"

#include <stdexcept>
#include <string>

#include "awsemu/storage/storage_error.hpp"
#include "awsemu/storage/transaction.hpp"

namespace awsemu::storage {

Migrations::Migrations(std::initializer_list<Migration> steps)
    : Migrations(std::vector<Migration>(steps)) {}

Migrations::Migrations(std::vector<Migration> steps) : steps_(std::move(steps)) {
  int previous = 0;
  for (const auto& step : steps_) {
    if (step.version <= previous)
      throw std::invalid_argument("migration versions must be positive and strictly increasing (" +
                                  std::to_string(step.version) + " after " +
                                  std::to_string(previous) + ")");
    previous = step.version;
  }
}

int Migrations::latestVersion() const noexcept {
  return steps_.empty() ? 0 : steps_.back().version;
}

int Migrations::userVersion(Database& database) {
  return database.statement("PRAGMA user_version").scalar<int>().value_or(0);
}

int Migrations::apply(Database& database) const {
  int current = userVersion(database);
  if (current > latestVersion()) throw SchemaTooNewError(current, latestVersion());
  int applied = 0;
  for (const auto& step : steps_) {
    if (step.version <= current) continue;
    Transaction transaction(database);
    // Another process may have migrated while we waited for the write lock: read again under it.
    current = userVersion(database);
    if (current > latestVersion()) throw SchemaTooNewError(current, latestVersion());
    if (step.version <= current) continue;
    database.exec(step.sql);
    // user_version is a field of the database header, written in this same transaction.
    database.exec("PRAGMA user_version = " + std::to_string(step.version));
    transaction.commit();
    current = step.version;
    ++applied;
  }
  return applied;
}

}  // namespace awsemu::storage
