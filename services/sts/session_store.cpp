#include "services/sts/session_store.hpp"

#include "awsemu/storage/migrations.hpp"
#include "awsemu/storage/transaction.hpp"

namespace awsemu::sts {
namespace {
const storage::Migrations& migrations() {
  static const storage::Migrations steps{
      {1, R"sql(
        CREATE TABLE sessions (
          access_key_id TEXT PRIMARY KEY,
          secret_access_key TEXT NOT NULL,
          session_token TEXT NOT NULL,
          account_id TEXT NOT NULL,
          arn TEXT NOT NULL,
          user_id TEXT NOT NULL,
          expiration REAL NOT NULL
        );
        CREATE INDEX sessions_expiration ON sessions(expiration);
      )sql"},
  };
  return steps;
}
}  // namespace

SessionStore::SessionStore(storage::Database database) : db_(std::move(database)) {
  db_.withLock([](storage::Database& db) { migrations().apply(db); });
}

void SessionStore::save(const auth::Credential& c) {
  double expiration = c.expiration ? toEpochSeconds(*c.expiration) : 0;
  db_.withLock([&](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)", c.access_key_id,
           c.secret_access_key, c.session_token, c.account_id, c.arn, c.user_id, expiration);
  });
}

std::vector<auth::Credential> SessionStore::loadValid(SystemTime now) {
  std::vector<auth::Credential> out;
  db_.withLock([&](storage::Database& db) {
    double cutoff = toEpochSeconds(now);
    db.run("DELETE FROM sessions WHERE expiration <= ?", cutoff);
    db.statement(
          "SELECT access_key_id, secret_access_key, session_token, account_id, arn, user_id, "
          "expiration FROM sessions")
        .each([&](const storage::Statement& row) {
          auth::Credential c;
          c.access_key_id = row.columnText(0);
          c.secret_access_key = row.columnText(1);
          c.session_token = row.columnText(2);
          c.account_id = row.columnText(3);
          c.arn = row.columnText(4);
          c.user_id = row.columnText(5);
          c.expiration = fromEpochSeconds(row.columnDouble(6));
          out.push_back(std::move(c));
        });
  });
  return out;
}

void SessionStore::clear() {
  db_.withLock([](storage::Database& db) { db.exec("DELETE FROM sessions"); });
}

void SessionStore::close() { db_.close(); }

}  // namespace awsemu::sts
