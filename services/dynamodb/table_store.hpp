#pragma once
// Where DynamoDB state survives a restart (PERSISTENCE=1): tables, items and backups in one SQLite
// database, dynamodb.db.
//
// Write-behind with group commit, as SQS does (services/sqs/queue_store.hpp): the engine changes
// memory under the table's lock and records each change here as a write; a Session hands the
// writes of one request to the committer thread (storage/group_commit.hpp) while the lock is
// still held, so the database sees each item's changes in the order memory saw them. Request
// threads never run SQLite. A request is answered once everything submitted up to its own writes
// has committed (DynamoDbService::committed), so an acknowledged write survives `kill -9`.
//
// Without PERSISTENCE the store is detached and every write is a no-op.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "awsemu/storage/database.hpp"
#include "awsemu/storage/group_commit.hpp"
#include "services/dynamodb/table.hpp"

namespace awsemu::dynamodb {

class TableStore {
 public:
  using Ticket = storage::GroupCommit::Ticket;

  explicit TableStore(storage::Database database);  // starts its committer thread
  static TableStore detached() { return TableStore(); }
  bool attached() const { return commits_ != nullptr; }

  class Session {
   public:
    explicit Session(storage::GroupCommit* commits) : commits_(commits) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() { submit(); }
    void submit();
    bool attached() const { return commits_ != nullptr; }

    void putTable(std::int64_t table_id, const Json& schema);
    void deleteTable(std::int64_t table_id);  // with its items
    void putItem(std::int64_t table_id, const std::string& slot, const std::string& sort,
                 const Json& item);
    void deleteItem(std::int64_t table_id, const std::string& slot, const std::string& sort);
    // Point-in-time recovery history (pitr_history.hpp); trimHistory drops entries below a seq.
    void putHistory(std::int64_t table_id, const HistoryEntry& entry);
    void trimHistory(std::int64_t table_id, std::int64_t before_seq);
    void putBackup(const std::string& arn, const Json& description, const Json& items);
    void deleteBackup(const std::string& arn);
    void clear();
    void add(storage::GroupCommit::Work work);  // e.g. the stream sink's writes

   private:
    storage::GroupCommit* commits_;
    std::vector<storage::GroupCommit::Work> writes_;
  };
  Session session() { return Session(commits_.get()); }

  Ticket submitted() const { return commits_ ? commits_->submitted() : 0; }
  // The committer (null when detached), for services/common/commit_waiters.hpp.
  storage::GroupCommit* commits() const { return commits_.get(); }
  bool isCommitted(Ticket ticket) const { return !commits_ || commits_->isCommitted(ticket); }
  void whenCommitted(Ticket ticket, storage::GroupCommit::Done done);
  std::exception_ptr failure(Ticket ticket) const {
    return commits_ ? commits_->failure(ticket) : nullptr;
  }
  void flush();
  std::uint64_t transactions() const { return commits_ ? commits_->transactions() : 0; }

  // Start-up.
  void loadTables(const std::function<void(std::int64_t id, Json schema)>& on_table);
  void loadItems(const std::function<void(std::int64_t table_id, Json item)>& on_item);
  void loadHistory(const std::function<void(std::int64_t table_id, HistoryEntry)>& on_entry);
  void loadBackups(const std::function<void(Json description, Json items)>& on_backup);
  // Exclusive use of the database at start-up (the stream sink loads its records); no-op when
  // detached.
  void startup(const std::function<void(storage::Database&)>& work);
  void close();

 private:
  TableStore() = default;
  std::unique_ptr<storage::GroupCommit> commits_;
};

}  // namespace awsemu::dynamodb
