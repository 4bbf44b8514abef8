#include "services/dynamodb/table_store.hpp"

#include "awsemu/storage/migrations.hpp"

namespace awsemu::dynamodb {
namespace {

const storage::Migrations& migrations() {
  static const storage::Migrations steps{
      {1, R"sql(
        CREATE TABLE tables (
          id INTEGER PRIMARY KEY,
          schema TEXT NOT NULL
        );
        -- Items by table and encoded primary key (partition slot, sort key); the item is CBOR,
        -- which keeps binary values.
        CREATE TABLE items (
          table_id INTEGER NOT NULL,
          slot BLOB NOT NULL,
          sort BLOB NOT NULL,
          item BLOB NOT NULL,
          PRIMARY KEY (table_id, slot, sort)
        ) WITHOUT ROWID;
        CREATE TABLE backups (
          arn TEXT PRIMARY KEY,
          description TEXT NOT NULL,
          items BLOB NOT NULL
        );
      )sql"},
      {2, R"sql(
        -- Point-in-time recovery: each item write's previous image (NULL: the item was absent)
        -- while PITR is enabled on the table (services/dynamodb/pitr_history.hpp).
        CREATE TABLE pitr_history (
          table_id INTEGER NOT NULL,
          seq INTEGER NOT NULL,
          at_ms INTEGER NOT NULL,
          slot BLOB NOT NULL,
          sort BLOB NOT NULL,
          old BLOB,
          PRIMARY KEY (table_id, seq)
        ) WITHOUT ROWID;
      )sql"},
  };
  return steps;
}

std::string cbor(const Json& value) {
  auto bytes = Json::to_cbor(value);
  return std::string(bytes.begin(), bytes.end());
}

Json fromCbor(const storage::Statement& row, int column) {
  auto bytes = row.columnBlobView(column);
  return Json::from_cbor(bytes.begin(), bytes.end());
}

}  // namespace

TableStore::TableStore(storage::Database database) {
  database.withLock([](storage::Database& db) { migrations().apply(db); });
  storage::GroupCommitOptions options;
  options.background_checkpoints = !database.path().empty();
  commits_ = std::make_unique<storage::GroupCommit>(std::move(database), options);
}

void TableStore::Session::add(storage::GroupCommit::Work work) {
  if (commits_) writes_.push_back(std::move(work));
}

void TableStore::Session::submit() {
  if (!commits_ || writes_.empty()) return;
  commits_->submit(std::move(writes_));
  writes_.clear();
}

void TableStore::Session::putTable(std::int64_t id, const Json& schema) {
  if (!commits_) return;
  add([id, text = schema.dump()](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO tables(id, schema) VALUES (?, ?)", id, text);
  });
}

void TableStore::Session::deleteTable(std::int64_t id) {
  add([id](storage::Database& db) {
    db.run("DELETE FROM items WHERE table_id = ?", id);
    db.run("DELETE FROM pitr_history WHERE table_id = ?", id);
    db.run("DELETE FROM tables WHERE id = ?", id);
  });
}

void TableStore::Session::putItem(std::int64_t table_id, const std::string& slot,
                                  const std::string& sort, const Json& item) {
  if (!commits_) return;
  add([table_id, slot, sort, bytes = cbor(item)](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO items(table_id, slot, sort, item) VALUES (?, ?, ?, ?)", table_id,
           storage::Blob{slot}, storage::Blob{sort}, storage::Blob{bytes});
  });
}

void TableStore::Session::deleteItem(std::int64_t table_id, const std::string& slot,
                                     const std::string& sort) {
  if (!commits_) return;
  add([table_id, slot, sort](storage::Database& db) {
    db.run("DELETE FROM items WHERE table_id = ? AND slot = ? AND sort = ?", table_id,
           storage::Blob{slot}, storage::Blob{sort});
  });
}

void TableStore::Session::putHistory(std::int64_t table_id, const HistoryEntry& entry) {
  if (!commits_) return;
  std::optional<std::string> old;
  if (entry.old) old = cbor(*entry.old);
  add([table_id, seq = entry.seq, at = entry.at_ms, slot = entry.key.slot, sort = entry.key.sort,
       old = std::move(old)](storage::Database& db) {
    const char* sql =
        "INSERT OR REPLACE INTO pitr_history(table_id, seq, at_ms, slot, sort, old) "
        "VALUES (?, ?, ?, ?, ?, ?)";
    if (old)
      db.run(sql, table_id, seq, at, storage::Blob{slot}, storage::Blob{sort}, storage::Blob{*old});
    else
      db.run(sql, table_id, seq, at, storage::Blob{slot}, storage::Blob{sort}, nullptr);
  });
}

void TableStore::Session::trimHistory(std::int64_t table_id, std::int64_t before_seq) {
  add([table_id, before_seq](storage::Database& db) {
    db.run("DELETE FROM pitr_history WHERE table_id = ? AND seq < ?", table_id, before_seq);
  });
}

void TableStore::Session::putBackup(const std::string& arn, const Json& description,
                                    const Json& items) {
  if (!commits_) return;
  add([arn, text = description.dump(), bytes = cbor(items)](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO backups(arn, description, items) VALUES (?, ?, ?)", arn, text,
           storage::Blob{bytes});
  });
}

void TableStore::Session::deleteBackup(const std::string& arn) {
  add([arn](storage::Database& db) { db.run("DELETE FROM backups WHERE arn = ?", arn); });
}

void TableStore::Session::clear() {
  add([](storage::Database& db) {
    db.exec(
        "DELETE FROM items; DELETE FROM tables; DELETE FROM backups; DELETE FROM pitr_history;");
  });
}

void TableStore::whenCommitted(Ticket ticket, storage::GroupCommit::Done done) {
  if (commits_)
    commits_->whenCommitted(ticket, std::move(done));
  else
    done(nullptr);
}

void TableStore::flush() {
  if (commits_) commits_->flush();
}

void TableStore::startup(const std::function<void(storage::Database&)>& work) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) { work(db); });
}

void TableStore::loadTables(const std::function<void(std::int64_t, Json)>& on_table) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) {
    db.statement("SELECT id, schema FROM tables ORDER BY id")
        .each([&](const storage::Statement& row) {
          on_table(row.columnInt64(0), Json::parse(row.columnText(1)));
        });
  });
}

void TableStore::loadItems(const std::function<void(std::int64_t, Json)>& on_item) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) {
    db.statement("SELECT table_id, item FROM items").each([&](const storage::Statement& row) {
      on_item(row.columnInt64(0), fromCbor(row, 1));
    });
  });
}

void TableStore::loadHistory(const std::function<void(std::int64_t, HistoryEntry)>& on_entry) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) {
    db.statement(
          "SELECT table_id, seq, at_ms, slot, sort, old FROM pitr_history ORDER BY table_id, seq")
        .each([&](const storage::Statement& row) {
          HistoryEntry entry;
          entry.seq = row.columnInt64(1);
          entry.at_ms = row.columnInt64(2);
          auto slot = row.columnBlobView(3), sort = row.columnBlobView(4);
          entry.key = {std::string(slot.begin(), slot.end()),
                       std::string(sort.begin(), sort.end())};
          if (!row.isNull(5)) entry.old = fromCbor(row, 5);
          on_entry(row.columnInt64(0), std::move(entry));
        });
  });
}

void TableStore::loadBackups(const std::function<void(Json, Json)>& on_backup) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) {
    db.statement("SELECT description, items FROM backups").each([&](const storage::Statement& row) {
      on_backup(Json::parse(row.columnText(0)), fromCbor(row, 1));
    });
  });
}

void TableStore::close() {
  if (commits_) commits_->close();
}

}  // namespace awsemu::dynamodb
