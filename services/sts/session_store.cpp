#include "services/sts/session_store.hpp"

#include "awsemu/core/json.hpp"
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
      // The principal behind a role or federated session (credentials.hpp), as JSON.
      {2, "ALTER TABLE sessions ADD COLUMN details TEXT NOT NULL DEFAULT '{}'"},
  };
  return steps;
}
Json detailsOf(const auth::Credential& c) {
  return {{"principal_type", c.principal_type},
          {"principal_arn", c.principal_arn},
          {"principal_name", c.principal_name},
          {"source_identity", c.source_identity},
          {"tags", c.tags},
          {"transitive_tag_keys", c.transitive_tag_keys},
          {"session_policies", c.session_policies},
          {"permissions_boundary", c.permissions_boundary}};
}

void readDetails(const std::string& text, auth::Credential& c) {
  Json d = Json::parse(text, nullptr, false);
  if (!d.is_object()) return;
  c.principal_type = d.value("principal_type", "");
  c.principal_arn = d.value("principal_arn", "");
  c.principal_name = d.value("principal_name", "");
  c.source_identity = d.value("source_identity", "");
  c.tags = d.value("tags", decltype(c.tags){});
  c.transitive_tag_keys = d.value("transitive_tag_keys", std::vector<std::string>{});
  c.session_policies = d.value("session_policies", std::vector<std::string>{});
  c.permissions_boundary = d.value("permissions_boundary", "");
}
}  // namespace

SessionStore::SessionStore(storage::Database database) : db_(std::move(database)) {
  db_.withLock([](storage::Database& db) { migrations().apply(db); });
}

void SessionStore::save(const auth::Credential& c) {
  double expiration = c.expiration ? toEpochSeconds(*c.expiration) : 0;
  std::string details = detailsOf(c).dump();
  db_.withLock([&](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", c.access_key_id,
           c.secret_access_key, c.session_token, c.account_id, c.arn, c.user_id, expiration,
           details);
  });
}

std::vector<auth::Credential> SessionStore::loadValid(SystemTime now) {
  std::vector<auth::Credential> out;
  db_.withLock([&](storage::Database& db) {
    double cutoff = toEpochSeconds(now);
    db.run("DELETE FROM sessions WHERE expiration <= ?", cutoff);
    db.statement(
          "SELECT access_key_id, secret_access_key, session_token, account_id, arn, user_id, "
          "expiration, details FROM sessions")
        .each([&](const storage::Statement& row) {
          auth::Credential c;
          c.access_key_id = row.columnText(0);
          c.secret_access_key = row.columnText(1);
          c.session_token = row.columnText(2);
          c.account_id = row.columnText(3);
          c.arn = row.columnText(4);
          c.user_id = row.columnText(5);
          c.expiration = fromEpochSeconds(row.columnDouble(6));
          readDetails(row.columnText(7), c);
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
