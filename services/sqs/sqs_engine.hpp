#pragma once
// The SQS state machine: every queue of every account and region, the messages in them, and the
// transitions between sent, delayed, visible, in flight, deleted and dead-lettered. One mutex
// guards it all; each transition is written to the queue store before it returns, so what a
// client was told has happened survives a crash. Handlers (sqs_service.hpp) validate requests and
// shape responses; they reach queues only through this class.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/json.hpp"
#include "services/sqs/queue.hpp"
#include "services/sqs/queue_store.hpp"
#include "services/sqs/queue_url.hpp"

namespace awsemu::sqs {

struct QueueKey {
  std::string account, region, name;
  std::string text() const { return account + "/" + region + "/" + name; }
};

// What handlers need to know of a queue to validate a request against it.
struct QueueInfo {
  std::string arn;
  bool fifo = false;
  QueueSettings settings;
};

struct SendRequest {
  std::string body;
  Json message_attributes;  // validated by the handler
  Json system_attributes;
  std::optional<int> delay_seconds;
  std::string group_id, deduplication_id;
  std::string sender_id;
};

struct SendResult {
  std::string message_id, md5_body, md5_attributes, md5_system_attributes, sequence_number;
};

struct ReceiveRequest {
  std::size_t max_messages = 1;
  std::optional<int> visibility_timeout;
  std::string attempt_id;  // FIFO ReceiveRequestAttemptId
};

struct ReceivedMessage {
  Message message;
  std::string receipt_handle;
};

struct ReceiveOutcome {
  std::vector<ReceivedMessage> messages;
  std::optional<std::int64_t> next_visible_ms;  // when a waiter should look again at the latest
  bool draining = false;                        // the server is stopping: do not wait
};

// Result of one entry of a batch: nothing or the error AWS reports for that entry.
using EntryResult = std::optional<AwsError>;

struct MoveProgress {
  std::size_t moved = 0;
  std::size_t remaining = 0;
  std::string failure;  // non-empty: the task cannot go on
};

class SqsEngine {
 public:
  explicit SqsEngine(QueueStore store);
  void load(std::int64_t now_ms);  // queues and messages from the store
  void clear();                    // every queue and message (state reset)
  void drain();                    // shutting down: wake every waiter, register no new ones
  void close();
  // Where the engine's changes are committed; answers wait for it (SqsService::committed()).
  QueueStore& store() { return store_; }

  // ---- queues --------------------------------------------------------------------------------
  // Creates the queue with `attributes` (defaults included). For an existing queue, the attributes
  // the request named (`requested`) are compared: equal ones make the call idempotent (false),
  // a difference is QueueNameExists.
  bool createQueue(const QueueKey& key, const Json& attributes, const Json& requested,
                   const Json& tags, std::int64_t now_ms);
  void deleteQueue(const QueueKey& key, std::int64_t now_ms);
  QueueInfo describe(const QueueKey& key);
  std::optional<QueueKey> findByArn(const std::string& arn);
  // The queue's Policy attribute, "" when it has none or there is no such queue. Asked on every
  // request under ENFORCE_IAM, so it comes from an index of the queues that have a policy, behind
  // a lock of its own: the engine's lock (every send and receive takes it) is not taken.
  std::string policyByArn(const std::string& arn) const;
  // Names of the account's queues in the region, sorted, starting with `prefix`.
  std::vector<std::string> queueNames(const std::string& account, const std::string& region,
                                      const std::string& prefix);
  // Every attribute, computed now (counts, timestamps, ARN) together with the settable ones.
  Json attributes(const QueueKey& key, std::int64_t now_ms);
  // Applies validated attribute changes ("" removes Policy, RedrivePolicy, RedriveAllowPolicy).
  void setAttributes(const QueueKey& key, const Json& changes, std::int64_t now_ms);
  // Runs `edit` on the settable attributes under the lock (AddPermission, RemovePermission).
  void editAttributes(const QueueKey& key, const std::function<void(Json&, const Queue&)>& edit,
                      std::int64_t now_ms);
  Json tags(const QueueKey& key);
  // Adds (or replaces) `tags` unless `check`, given the queue's tags as they would be, throws.
  void tag(const QueueKey& key, const Json& tags, const std::function<void(const Json&)>& check);
  void untag(const QueueKey& key, const std::vector<std::string>& keys);
  void purge(const QueueKey& key, std::int64_t now_ms);
  // Names of the queues whose RedrivePolicy targets this one.
  std::vector<QueueKey> deadLetterSources(const QueueKey& key);

  // ---- messages ------------------------------------------------------------------------------
  std::vector<std::variant<SendResult, AwsError>> send(const QueueKey& key,
                                                       const std::vector<SendRequest>& requests,
                                                       std::int64_t now_ms);
  // Receives what is available now. When nothing is and `waiter` is given, it is registered on the
  // queue before the lock is released, so no send between this call and the wait is missed.
  ReceiveOutcome receive(const QueueKey& key, const ReceiveRequest& request, std::int64_t now_ms,
                         const std::shared_ptr<LongPollWaiter>& waiter = nullptr);
  void forgetWaiter(const QueueKey& key, const std::shared_ptr<LongPollWaiter>& waiter);
  std::vector<EntryResult> deleteMessages(const QueueKey& key,
                                          const std::vector<std::string>& receipt_handles,
                                          std::int64_t now_ms);
  std::vector<EntryResult> changeVisibility(
      const QueueKey& key, const std::vector<std::pair<std::string, int>>& handles_and_timeouts,
      std::int64_t now_ms);
  // Moves up to `limit` messages out of a dead-letter queue: to `destination_arn`, or when it is
  // empty back to the queue each message was dead-lettered from.
  MoveProgress moveMessages(const std::string& source_arn, const std::string& destination_arn,
                            std::size_t limit, std::int64_t now_ms);
  std::size_t messageCount(const std::string& arn);

 private:
  std::shared_ptr<Queue> get(const QueueKey& key) const;  // throws QueueDoesNotExist
  std::shared_ptr<Queue> byArn(const std::string& arn) const;
  SendResult sendOne(Queue& queue, const SendRequest& request, std::int64_t now_ms,
                     QueueStore::Session& session);
  void insertMessage(Queue& queue, Message message, std::int64_t now_ms,
                     QueueStore::Session& session);
  void deadLetter(Queue& source, Message& message, Queue& target, std::int64_t now_ms,
                  QueueStore::Session& session);
  void receiveOne(Queue& queue, Message& message, int visibility_timeout, std::int64_t now_ms,
                  QueueStore::Session& session, std::vector<ReceivedMessage>& out);
  void expireMessages(Queue& queue, std::int64_t now_ms, QueueStore::Session& session);
  EntryResult deleteOne(Queue& queue, const std::string& handle, std::int64_t now_ms,
                        QueueStore::Session& session);
  EntryResult changeOne(Queue& queue, const std::string& handle, int timeout, std::int64_t now_ms,
                        QueueStore::Session& session);
  std::uint64_t newReceipt();

  // Keeps policies_ in step with the queue's Policy attribute (under mutex_).
  void indexPolicy(const Queue& queue);
  void unindexPolicy(const Queue& queue);

  mutable std::mutex mutex_;
  mutable std::shared_mutex policies_mutex_;
  std::unordered_map<std::string, std::string> policies_;  // Policy by queue ARN, where set
  QueueStore store_;
  std::map<std::string, std::shared_ptr<Queue>> queues_;  // by QueueKey::text()
  std::map<std::string, std::int64_t> deleted_ms_;        // QueueDeletedRecently
  std::map<std::string, std::int64_t> next_expiry_check_ms_;
  std::uint64_t next_seq_ = 1;
  std::int64_t next_queue_id_ = 1;
  bool draining_ = false;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace awsemu::sqs
