#include "awsemu/storage/transaction.hpp"

namespace awsemu::storage {

// Savepoints of the same name nest: RELEASE / ROLLBACK TO act on the innermost one
// (https://www.sqlite.org/lang_savepoint.html).
Transaction::Transaction(Database& database) : database_(database) {
  savepoint_ = database_.inTransaction();
  database_.statement(savepoint_ ? "SAVEPOINT awsemu_tx" : "BEGIN IMMEDIATE").run();
  active_ = true;
}

Transaction::~Transaction() {
  if (!active_) return;
  try {
    rollback();
  } catch (...) {
    // Nothing to do: SQLite may already have rolled back on its own (SQLITE_FULL, SQLITE_IOERR,
    // https://www.sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction), and a
    // destructor must not throw.
  }
}

void Transaction::commit() {
  if (!active_) return;
  database_.statement(savepoint_ ? "RELEASE awsemu_tx" : "COMMIT").run();
  active_ = false;
}

void Transaction::rollback() {
  if (!active_) return;
  active_ = false;
  if (savepoint_) {
    // ROLLBACK TO undoes the work but keeps the savepoint open; RELEASE then removes it.
    database_.statement("ROLLBACK TO awsemu_tx").run();
    database_.statement("RELEASE awsemu_tx").run();
  } else if (database_.inTransaction()) {
    database_.statement("ROLLBACK").run();
  }
}

}  // namespace awsemu::storage
