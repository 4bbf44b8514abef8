#include "services/sns/sns_store.hpp"

#include "awsemu/storage/migrations.hpp"
#include "awsemu/storage/statement.hpp"

namespace awsemu::sns {
namespace {

const storage::Migrations kSchema{
    {1,
     "CREATE TABLE resources(kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, "
     "PRIMARY KEY(kind, key));"
     "CREATE TABLE outbox(id INTEGER PRIMARY KEY, job TEXT NOT NULL);"},
};

storage::Database migrated(storage::Database database) {
  kSchema.apply(database);
  return database;
}

}  // namespace

SnsStore::SnsStore(storage::Database database)
    : commits_(std::make_unique<storage::GroupCommit>(migrated(std::move(database)))) {}

void SnsStore::submit(storage::GroupCommit::Work work) {
  if (commits_) commits_->submit({std::move(work)});
}

void SnsStore::put(const std::string& kind, const std::string& key, const Json& doc) {
  if (!commits_) return;
  submit([kind, key, text = doc.dump()](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO resources(kind, key, doc) VALUES(?, ?, ?)", kind, key, text);
  });
}

void SnsStore::remove(const std::string& kind, const std::string& key) {
  submit([kind, key](storage::Database& db) {
    db.run("DELETE FROM resources WHERE kind = ? AND key = ?", kind, key);
  });
}

void SnsStore::addOutbox(std::uint64_t id, const Json& job) {
  if (!commits_) return;
  submit([id, text = job.dump()](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO outbox(id, job) VALUES(?, ?)", static_cast<std::int64_t>(id),
           text);
  });
}

void SnsStore::removeOutbox(std::uint64_t id) {
  submit([id](storage::Database& db) {
    db.run("DELETE FROM outbox WHERE id = ?", static_cast<std::int64_t>(id));
  });
}

void SnsStore::clear() {
  submit([](storage::Database& db) { db.exec("DELETE FROM resources; DELETE FROM outbox;"); });
}

void SnsStore::load(
    const std::function<void(const std::string&, const std::string&, const Json&)>& resource,
    const std::function<void(std::uint64_t, const Json&)>& outbox) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) {
    db.statement("SELECT kind, key, doc FROM resources ORDER BY rowid")
        .each([&](const storage::Statement& row) {
          resource(row.columnText(0), row.columnText(1), Json::parse(row.columnText(2)));
        });
    db.statement("SELECT id, job FROM outbox ORDER BY id").each([&](const storage::Statement& row) {
      outbox(static_cast<std::uint64_t>(row.columnInt64(0)), Json::parse(row.columnText(1)));
    });
  });
}

void SnsStore::flush() {
  if (commits_) commits_->flush();
}

void SnsStore::close() {
  if (commits_) commits_->close();
}

}  // namespace awsemu::sns
