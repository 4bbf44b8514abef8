#pragma once
// Where SQS state survives a restart: queues, messages with their receive state, and FIFO
// deduplication records, in one SQLite database. Every change is written before the request that
// made it is answered, so an acknowledged message survives `kill -9` (WAL without fsync per commit
// survives a process crash).
//
// Without PERSISTENCE the state ends with the process anyway, so the store is detached (no
// database) and every write is a no-op: the engine's memory is the whole state. That keeps SQLite
// off the message path of the default configuration (it is most of a SendMessage's cost).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "awsemu/storage/database.hpp"
#include "awsemu/storage/transaction.hpp"
#include "services/sqs/message.hpp"
#include "services/sqs/queue.hpp"

namespace awsemu::sqs {

struct QueueRecord {
  std::int64_t id = 0;
  std::string account, region, name;
  Json attributes = Json::object();
  Json tags = Json::object();
  std::int64_t created_seconds = 0, modified_seconds = 0;
};

class QueueStore {
 public:
  explicit QueueStore(storage::Database database);
  static QueueStore detached() { return QueueStore(); }
  bool attached() const { return db_.has_value(); }

  // Holds the database for a sequence of writes; with `atomic` they commit together.
  class Session {
   public:
    Session(storage::Database* database, bool atomic);
    void commit();

    std::int64_t insertQueue(const QueueRecord& record);
    void updateQueue(const Queue& queue);
    void deleteQueue(std::int64_t queue_id);
    void insertMessage(std::int64_t queue_id, const Message& message);
    void updateReceiveState(const Message& message);
    void deleteMessage(std::uint64_t seq);
    void deleteMessages(std::int64_t queue_id);
    void putDeduplication(std::int64_t queue_id, const std::string& key, const Deduplication& d);
    void deleteExpiredDeduplication(std::int64_t now_ms);

   private:
    std::optional<storage::Database::Lock> lock_;  // empty: detached store, writes do nothing
    std::optional<storage::Transaction> transaction_;
  };
  Session session(bool atomic = false) { return Session(db_ ? &*db_ : nullptr, atomic); }

  // Start-up: every queue with its messages and live deduplication records.
  std::vector<QueueRecord> loadQueues();
  void loadMessages(const std::function<void(std::int64_t queue_id, Message)>& on_message);
  void loadDeduplication(
      std::int64_t now_ms,
      const std::function<void(std::int64_t queue_id, std::string key, Deduplication)>& on_record);
  void clear();
  void close();

 private:
  QueueStore() = default;
  std::optional<storage::Database> db_;
};

}  // namespace awsemu::sqs
