#include "services/iam/iam_store.hpp"

#include "awsemu/storage/migrations.hpp"

namespace awsemu::iam_service {
namespace {
const storage::Migrations& migrations() {
  static const storage::Migrations steps{
      {1, R"sql(
        CREATE TABLE entities (
          account TEXT NOT NULL,
          kind TEXT NOT NULL,
          key TEXT NOT NULL,
          doc TEXT NOT NULL,
          PRIMARY KEY (account, kind, key)
        ) WITHOUT ROWID;
      )sql"},
  };
  return steps;
}
}  // namespace

IamStore::IamStore(storage::Database database) : db_(std::move(database)) {
  db_.withLock([](storage::Database& db) { migrations().apply(db); });
}

void IamStore::put(const std::string& account, const std::string& kind, const std::string& key,
                   const Json& doc) {
  std::string text = doc.dump();
  db_.withLock([&](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?)", account, kind, key, text);
  });
}

void IamStore::remove(const std::string& account, const std::string& kind, const std::string& key) {
  db_.withLock([&](storage::Database& db) {
    db.run("DELETE FROM entities WHERE account = ? AND kind = ? AND key = ?", account, kind, key);
  });
}

void IamStore::forEach(const std::function<void(const std::string&, const std::string&,
                                                const std::string&, const Json&)>& fn) {
  db_.withLock([&](storage::Database& db) {
    db.statement("SELECT account, kind, key, doc FROM entities")
        .each([&](const storage::Statement& row) {
          fn(row.columnText(0), row.columnText(1), row.columnText(2),
             Json::parse(row.columnText(3)));
        });
  });
}

void IamStore::clear() {
  db_.withLock([](storage::Database& db) { db.exec("DELETE FROM entities"); });
}

void IamStore::close() { db_.close(); }

}  // namespace awsemu::iam_service
