#include "services/sqs/queue_store.hpp"

#include "awsemu/storage/migrations.hpp"

namespace awsemu::sqs {
namespace {

const storage::Migrations& migrations() {
  static const storage::Migrations steps{
      {1, R"sql(
        CREATE TABLE queues (
          id INTEGER PRIMARY KEY,
          account TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          attributes TEXT NOT NULL,
          tags TEXT NOT NULL,
          created INTEGER NOT NULL,
          modified INTEGER NOT NULL,
          UNIQUE (account, region, name)
        );
        -- seq is unique across queues so that it can be the rowid: one b-tree, no extra index.
        CREATE TABLE messages (
          seq INTEGER PRIMARY KEY,
          queue_id INTEGER NOT NULL,
          message_id TEXT NOT NULL,
          body TEXT NOT NULL,
          message_attributes BLOB,
          system_attributes BLOB,
          md5_body TEXT NOT NULL,
          md5_attributes TEXT NOT NULL,
          md5_system_attributes TEXT NOT NULL,
          sender_id TEXT NOT NULL,
          sent_ms INTEGER NOT NULL,
          visible_at_ms INTEGER NOT NULL,
          first_receive_ms INTEGER NOT NULL,
          received_ms INTEGER NOT NULL,
          receive_count INTEGER NOT NULL,
          receipt INTEGER NOT NULL,
          group_id TEXT NOT NULL,
          deduplication_id TEXT NOT NULL,
          sequence_number TEXT NOT NULL,
          dead_letter_source_arn TEXT NOT NULL
        );
        CREATE TABLE deduplication (
          queue_id INTEGER NOT NULL,
          key TEXT NOT NULL,
          message_id TEXT NOT NULL,
          sequence_number TEXT NOT NULL,
          expires_ms INTEGER NOT NULL,
          PRIMARY KEY (queue_id, key)
        );
      )sql"},
  };
  return steps;
}

// Attribute maps hold bytes (BinaryValue), so they are stored as CBOR, which keeps them.
std::optional<std::string> packed(const Json& value) {
  if (value.is_null() || value.empty()) return std::nullopt;
  auto bytes = Json::to_cbor(value);
  return std::string(bytes.begin(), bytes.end());
}

Json unpacked(const storage::Statement& row, int column) {
  if (row.isNull(column)) return nullptr;
  auto bytes = row.columnBlobView(column);
  return Json::from_cbor(bytes.begin(), bytes.end());
}

}  // namespace

QueueStore::QueueStore(storage::Database database) {
  database.withLock([](storage::Database& db) { migrations().apply(db); });
  // A file (not the tests' in-memory database): checkpoints run beside the commits.
  storage::GroupCommitOptions options;
  options.background_checkpoints = !database.path().empty();
  commits_ = std::make_unique<storage::GroupCommit>(std::move(database), options);
}

void QueueStore::Session::add(storage::GroupCommit::Work work) {
  if (commits_) writes_.push_back(std::move(work));
}

void QueueStore::Session::submit() {
  if (!commits_ || writes_.empty()) return;
  commits_->submit(std::move(writes_));
  writes_.clear();
}

void QueueStore::Session::insertQueue(const QueueRecord& r) {
  add([r](storage::Database& db) {
    db.run(
        "INSERT INTO queues(id, account, region, name, attributes, tags, created, modified) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        r.id, r.account, r.region, r.name, r.attributes.dump(), r.tags.dump(), r.created_seconds,
        r.modified_seconds);
  });
}

void QueueStore::Session::updateQueue(const Queue& q) {
  if (!commits_) return;
  add([id = q.id(), attributes = q.attributes(), tags = q.tags,
       modified = q.modified_seconds](storage::Database& db) {
    db.run("UPDATE queues SET attributes = ?, tags = ?, modified = ? WHERE id = ?",
           attributes.dump(), tags.dump(), modified, id);
  });
}

void QueueStore::Session::deleteQueue(std::int64_t queue_id) {
  deleteMessages(queue_id);
  add([queue_id](storage::Database& db) {
    db.run("DELETE FROM deduplication WHERE queue_id = ?", queue_id);
    db.run("DELETE FROM queues WHERE id = ?", queue_id);
  });
}

void QueueStore::Session::insertMessage(std::int64_t queue_id, const Message& message) {
  if (!commits_) return;
  add([queue_id, m = message](storage::Database& db) {
    auto insert = db.statement(
        "INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto attributes = packed(m.message_attributes);
    auto system = packed(m.system_attributes);
    insert.bindAll(m.seq, queue_id, m.id, m.body);
    if (attributes)
      insert.bind(5, storage::Blob{*attributes});
    else
      insert.bind(5, nullptr);
    if (system)
      insert.bind(6, storage::Blob{*system});
    else
      insert.bind(6, nullptr);
    insert.bind(7, m.md5_body).bind(8, m.md5_attributes).bind(9, m.md5_system_attributes);
    insert.bind(10, m.sender_id).bind(11, m.sent_ms).bind(12, m.visible_at_ms);
    insert.bind(13, m.first_receive_ms).bind(14, m.received_ms).bind(15, m.receive_count);
    insert.bind(16, static_cast<std::int64_t>(m.receipt)).bind(17, m.group_id);
    insert.bind(18, m.deduplication_id).bind(19, m.sequence_number);
    insert.bind(20, m.dead_letter_source_arn).run();
  });
}

void QueueStore::Session::updateReceiveState(const Message& m) {
  add([seq = m.seq, visible_at = m.visible_at_ms, first = m.first_receive_ms,
       received = m.received_ms, count = m.receive_count,
       receipt = static_cast<std::int64_t>(m.receipt)](storage::Database& db) {
    db.run(
        "UPDATE messages SET visible_at_ms = ?, first_receive_ms = ?, received_ms = ?, "
        "receive_count = ?, receipt = ? WHERE seq = ?",
        visible_at, first, received, count, receipt, seq);
  });
}

void QueueStore::Session::deleteMessage(std::uint64_t seq) {
  add([seq](storage::Database& db) { db.run("DELETE FROM messages WHERE seq = ?", seq); });
}

void QueueStore::Session::deleteMessages(std::int64_t queue_id) {
  add([queue_id](storage::Database& db) {
    db.run("DELETE FROM messages WHERE queue_id = ?", queue_id);
  });
}

void QueueStore::Session::putDeduplication(std::int64_t queue_id, const std::string& key,
                                           const Deduplication& d) {
  add([queue_id, key, d](storage::Database& db) {
    db.run("INSERT OR REPLACE INTO deduplication VALUES (?, ?, ?, ?, ?)", queue_id, key,
           d.message_id, d.sequence_number, d.expires_ms);
  });
}

void QueueStore::Session::deleteDeduplication(std::int64_t queue_id, const std::string& key) {
  add([queue_id, key](storage::Database& db) {
    db.run("DELETE FROM deduplication WHERE queue_id = ? AND key = ?", queue_id, key);
  });
}

void QueueStore::Session::clear() {
  add([](storage::Database& db) {
    db.exec("DELETE FROM messages; DELETE FROM deduplication; DELETE FROM queues;");
  });
}

void QueueStore::whenCommitted(Ticket ticket, storage::GroupCommit::Done done) {
  if (commits_)
    commits_->whenCommitted(ticket, std::move(done));
  else
    done(nullptr);
}

void QueueStore::flush() {
  if (commits_) commits_->flush();
}

std::vector<QueueRecord> QueueStore::loadQueues() {
  std::vector<QueueRecord> out;
  if (!commits_) return out;
  commits_->withDatabase([&](storage::Database& db) {
    db.statement(
          "SELECT id, account, region, name, attributes, tags, created, modified FROM queues")
        .each([&](const storage::Statement& row) {
          QueueRecord r;
          r.id = row.columnInt64(0);
          r.account = row.columnText(1);
          r.region = row.columnText(2);
          r.name = row.columnText(3);
          r.attributes = Json::parse(row.columnText(4));
          r.tags = Json::parse(row.columnText(5));
          r.created_seconds = row.columnInt64(6);
          r.modified_seconds = row.columnInt64(7);
          out.push_back(std::move(r));
        });
  });
  return out;
}

void QueueStore::loadMessages(
    const std::function<void(std::int64_t queue_id, Message)>& on_message) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) {
    db.statement("SELECT * FROM messages ORDER BY seq").each([&](const storage::Statement& row) {
      Message m;
      m.seq = static_cast<std::uint64_t>(row.columnInt64(0));
      m.id = row.columnText(2);
      m.body = row.columnText(3);
      m.message_attributes = unpacked(row, 4);
      m.system_attributes = unpacked(row, 5);
      m.md5_body = row.columnText(6);
      m.md5_attributes = row.columnText(7);
      m.md5_system_attributes = row.columnText(8);
      m.sender_id = row.columnText(9);
      m.sent_ms = row.columnInt64(10);
      m.visible_at_ms = row.columnInt64(11);
      m.first_receive_ms = row.columnInt64(12);
      m.received_ms = row.columnInt64(13);
      m.receive_count = static_cast<int>(row.columnInt64(14));
      m.receipt = static_cast<std::uint64_t>(row.columnInt64(15));
      m.group_id = row.columnText(16);
      m.deduplication_id = row.columnText(17);
      m.sequence_number = row.columnText(18);
      m.dead_letter_source_arn = row.columnText(19);
      on_message(row.columnInt64(1), std::move(m));
    });
  });
}

void QueueStore::loadDeduplication(
    std::int64_t now_ms,
    const std::function<void(std::int64_t, std::string, Deduplication)>& on_record) {
  if (!commits_) return;
  commits_->withDatabase([&](storage::Database& db) {
    db.run("DELETE FROM deduplication WHERE expires_ms <= ?", now_ms);
    db.statement("SELECT queue_id, key, message_id, sequence_number, expires_ms FROM deduplication")
        .each([&](const storage::Statement& row) {
          on_record(row.columnInt64(0), row.columnText(1),
                    Deduplication{row.columnInt64(4), row.columnText(2), row.columnText(3)});
        });
  });
}

void QueueStore::close() {
  if (commits_) commits_->close();
}

}  // namespace awsemu::sqs
