#pragma once
// Where SQS state survives a restart: queues, messages with their receive state, and FIFO
// deduplication records, in one SQLite database.
//
// Write-behind with group commit. The engine changes its memory and records each change here as a
// write; a Session hands the writes of one engine call to the committer thread
// (storage/group_commit.hpp), which commits everything waiting in one transaction. Request threads
// never run SQLite, and a checkpoint stalls only the committer. Sessions are submitted under the
// engine's lock, so the database sees the changes in the order memory saw them.
//
// Acknowledged means committed: a request is answered only once `submitted()`, read after its
// engine call, has committed (SqsService::committed()). That covers its own writes and any
// uncommitted change it could have seen (a message received before its send committed). WAL
// without an fsync per commit survives a process crash, so an acknowledged message survives
// `kill -9`. If a transaction fails, its writers get InternalFailure while memory keeps the change
// until the next restart (at-least-once: a retried send may then appear twice, as SQS allows).
//
// Without PERSISTENCE the state ends with the process anyway, so the store is detached (no
// database) and every write is a no-op: the engine's memory is the whole state. That keeps SQLite
// off the message path of the default configuration.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "awsemu/storage/database.hpp"
#include "awsemu/storage/group_commit.hpp"
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
  using Ticket = storage::GroupCommit::Ticket;

  explicit QueueStore(storage::Database database);  // starts its committer thread
  static QueueStore detached() { return QueueStore(); }
  bool attached() const { return commits_ != nullptr; }

  // The writes of one engine call, submitted together when the session ends (or at submit()).
  // Each write copies what it needs: memory may change again before it commits.
  class Session {
   public:
    explicit Session(storage::GroupCommit* commits) : commits_(commits) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() { submit(); }
    void submit();

    void insertQueue(const QueueRecord& record);  // record.id chosen by the engine
    void updateQueue(const Queue& queue);
    void deleteQueue(std::int64_t queue_id);
    void insertMessage(std::int64_t queue_id, const Message& message);
    void updateReceiveState(const Message& message);
    void deleteMessage(std::uint64_t seq);
    void deleteMessages(std::int64_t queue_id);
    void putDeduplication(std::int64_t queue_id, const std::string& key, const Deduplication& d);
    void deleteDeduplication(std::int64_t queue_id, const std::string& key);
    void clear();  // every queue, message and deduplication record

   private:
    void add(storage::GroupCommit::Work work);
    storage::GroupCommit* commits_;  // null: detached store, writes do nothing
    std::vector<storage::GroupCommit::Work> writes_;
  };
  Session session() { return Session(commits_.get()); }

  // ---- durability (see the top of this file) -------------------------------------------------
  Ticket submitted() const { return commits_ ? commits_->submitted() : 0; }
  // The committer (null when detached), for services/common/commit_waiters.hpp.
  storage::GroupCommit* commits() const { return commits_.get(); }
  bool isCommitted(Ticket ticket) const { return !commits_ || commits_->isCommitted(ticket); }
  // `done` runs on the committer thread (or at once) and must not block.
  void whenCommitted(Ticket ticket, storage::GroupCommit::Done done);
  std::exception_ptr failure(Ticket ticket) const {
    return commits_ ? commits_->failure(ticket) : nullptr;
  }
  void flush();  // blocks until everything submitted has committed; rethrows a failure
  std::uint64_t transactions() const { return commits_ ? commits_->transactions() : 0; }

  // Start-up: every queue with its messages and live deduplication records.
  std::vector<QueueRecord> loadQueues();
  void loadMessages(const std::function<void(std::int64_t queue_id, Message)>& on_message);
  void loadDeduplication(
      std::int64_t now_ms,
      const std::function<void(std::int64_t queue_id, std::string key, Deduplication)>& on_record);
  void close();  // commits what is queued, then closes the database

 private:
  QueueStore() = default;
  std::unique_ptr<storage::GroupCommit> commits_;
};

}  // namespace awsemu::sqs
