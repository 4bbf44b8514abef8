#pragma once
// Where SNS state survives a restart (PERSISTENCE=1): resources as JSON documents by kind and key,
// and the outbox of deliveries not yet finished, in sns.db.
//
// Writes go to a storage::GroupCommit (as SQS's do): a handler submits its writes under the state
// lock, so they commit in the order memory changed, and answers only once they have committed
// (SnsService::committed). A publish puts its deliveries in the outbox in the same way; a delivery
// leaves it when it has arrived, been dead-lettered, or been given up, so a restart resumes the
// ones in between. Without PERSISTENCE the store is detached and every write is a no-op.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "awsemu/storage/database.hpp"
#include "awsemu/storage/group_commit.hpp"

namespace awsemu::sns {

class SnsStore {
 public:
  SnsStore() = default;  // detached
  explicit SnsStore(storage::Database database);
  bool attached() const { return commits_ != nullptr; }

  void put(const std::string& kind, const std::string& key, const Json& doc);
  void remove(const std::string& kind, const std::string& key);
  void addOutbox(std::uint64_t id, const Json& job);
  void removeOutbox(std::uint64_t id);
  void clear();

  // Start-up: every resource as (kind, key, doc); the outbox in id order.
  void load(const std::function<void(const std::string& kind, const std::string& key,
                                     const Json& doc)>& resource,
            const std::function<void(std::uint64_t id, const Json& job)>& outbox);

  // The committer (null without PERSISTENCE), for services/common/commit_waiters.hpp.
  storage::GroupCommit* commits() const { return commits_.get(); }
  void flush();
  void close();

 private:
  void submit(storage::GroupCommit::Work work);
  std::unique_ptr<storage::GroupCommit> commits_;
};

}  // namespace awsemu::sns
