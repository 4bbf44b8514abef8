#pragma once
// One queue in memory: its attributes and its messages, indexed the ways receives need them.
// A Queue does no locking and no storage of its own: the engine (sqs_engine.hpp) holds the lock
// and records every change in the queue store.
//
// Standard queues receive from an index ordered by (visible-at, enqueue order): the front is the
// next message to hand out, and the first entry still in the future is when the next one becomes
// visible. FIFO queues also keep each message group's messages in order: a group is handed out
// from its front, and not at all while one of its messages is in flight.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/sqs/long_poll.hpp"
#include "services/sqs/message.hpp"
#include "services/sqs/message_validation.hpp"
#include "services/sqs/queue_attributes.hpp"

namespace awsemu::sqs {

// The attributes a queue's behaviour depends on, parsed once per change.
struct QueueSettings {
  int delay_seconds = 0;
  int maximum_message_size = static_cast<int>(kMaxMessageBytes);
  int retention_seconds = 345600;
  int receive_wait_seconds = 0;
  int visibility_timeout = 30;
  bool content_based_deduplication = false;
  bool deduplicate_per_group = false;  // DeduplicationScope messageGroup
  std::optional<RedrivePolicy> redrive;
  std::optional<RedriveAllowPolicy> redrive_allow;
};

struct MessageCounts {
  std::int64_t visible = 0, in_flight = 0, delayed = 0;
};

// A FIFO deduplication record: a repeated id within five minutes answers the first send.
struct Deduplication {
  std::int64_t expires_ms = 0;
  std::string message_id;
  std::string sequence_number;
};

// A FIFO ReceiveRequestAttemptId: a retried receive within five minutes gets the same messages.
struct ReceiveAttempt {
  std::int64_t expires_ms = 0;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> received;  // (seq, receipt)
};

class Queue {
 public:
  Queue(std::int64_t id, std::string account, std::string region, std::string name, Json attributes,
        Json tags);

  std::int64_t id() const { return id_; }
  const std::string& account() const { return account_; }
  const std::string& region() const { return region_; }
  const std::string& name() const { return name_; }
  const std::string& arn() const { return arn_; }
  bool fifo() const { return fifo_; }
  const QueueSettings& settings() const { return settings_; }
  const Json& attributes() const { return attributes_; }  // the settable ones, canonical text
  void setAttributes(Json attributes);
  Json tags = Json::object();
  std::int64_t created_seconds = 0;
  std::int64_t modified_seconds = 0;
  std::int64_t last_purge_ms = 0;

  // ---- messages -----------------------------------------------------------------------------
  Message& insert(Message message);
  Message* find(std::uint64_t seq);
  Message* findById(const std::string& message_id);
  void remove(std::uint64_t seq);
  void clear();
  std::size_t size() const { return messages_.size(); }
  // Sets when a message is next visible, keeping the index in order.
  void setVisibleAt(Message& message, std::int64_t visible_at_ms);
  // Messages a receive may hand out now, in order, at most `limit`: standard queues by visibility,
  // FIFO queues group by group, never from a group with a message in flight.
  std::vector<Message*> receivable(std::int64_t now_ms, std::size_t limit);
  // Messages whose retention period has passed.
  std::vector<std::uint64_t> expired(std::int64_t now_ms) const;
  MessageCounts counts(std::int64_t now_ms) const;
  // When the earliest message not yet visible becomes visible (delay or visibility timeout).
  std::optional<std::int64_t> nextVisibleAt(std::int64_t now_ms) const;
  // All messages in enqueue order (message move tasks walk it).
  std::vector<std::uint64_t> sequence() const;

  // ---- FIFO ---------------------------------------------------------------------------------
  std::unordered_map<std::string, Deduplication> deduplication;
  std::unordered_map<std::string, ReceiveAttempt> attempts;
  std::string nextSequenceNumber(std::int64_t now_ms);
  void noteSequenceNumber(const std::string& sequence_number);

  // ---- long polling -------------------------------------------------------------------------
  LongPollWaiters waiters;

 private:
  std::vector<Message*> receivableFifo(std::int64_t now_ms, std::size_t limit);

  std::int64_t id_;
  std::string account_, region_, name_, arn_;
  bool fifo_;
  Json attributes_;
  QueueSettings settings_;
  std::uint64_t last_sequence_number_ = 0;
  std::map<std::uint64_t, Message> messages_;
  std::unordered_map<std::string, std::uint64_t> by_id_;
  std::set<std::pair<std::int64_t, std::uint64_t>> by_visibility_;
  std::map<std::string, std::deque<std::uint64_t>> groups_;
};

}  // namespace awsemu::sqs
