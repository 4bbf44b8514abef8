#pragma once
// RAII transaction: BEGIN IMMEDIATE on construction, commit() to keep the work, ROLLBACK when the
// object goes away uncommitted (an exception, an early return).
//
// IMMEDIATE takes the write lock at BEGIN, so a transaction that reads and then writes can never
// fail half-way with SQLITE_BUSY on the upgrade (https://www.sqlite.org/lang_transaction.html).
// Inside another transaction it becomes a SAVEPOINT, so functions that need atomicity compose:
// an inner rollback undoes only the inner work.
#include "awsemu/storage/database.hpp"

namespace awsemu::storage {

class Transaction {
 public:
  explicit Transaction(Database& database);  // throws StorageError (e.g. SQLITE_BUSY)
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();  // rolls back when neither committed nor rolled back; never throws

  void commit();    // throws StorageError; the transaction stays open (and rolls back) on failure
  void rollback();  // throws StorageError
  bool isActive() const noexcept { return active_; }
  bool isSavepoint() const noexcept { return savepoint_; }

 private:
  Database& database_;
  bool savepoint_ = false;
  bool active_ = false;
};

}  // namespace awsemu::storage
