// SqsEngine: messages (send, receive, delete, visibility, dead letters, moves).
#include <algorithm>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "services/sqs/message_md5.hpp"
#include "services/sqs/sqs_engine.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace {

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
constexpr std::int64_t kDeduplicationWindowMs = 5 * 60'000;
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
constexpr std::int64_t kMaxVisibilityMs = 12 * 3600'000;
constexpr std::int64_t kExpiryCheckIntervalMs = 1000;

std::string deduplicationKey(const Queue& queue, const std::string& group, const std::string& id) {
  return queue.settings().deduplicate_per_group ? group + '\n' + id : id;
}

AwsError receiptHandleExpired(const std::string& handle) {
  return errors::invalidParameterValue("ReceiptHandle", handle, "The receipt handle has expired.");
}

}  // namespace

// A copy of `message` enqueued afresh (dead-lettered or moved): never received, visible now.
static Message requeued(const Message& message, std::uint64_t seq, std::int64_t now_ms) {
  Message copy = message;
  copy.seq = seq;
  copy.receive_count = 0;
  copy.first_receive_ms = copy.received_ms = 0;
  copy.receipt = 0;
  copy.visible_at_ms = now_ms;
  return copy;
}

std::uint64_t SqsEngine::newReceipt() {
  std::uint64_t receipt;
  do receipt = random_();
  while (receipt == 0);
  return receipt;
}

void SqsEngine::insertMessage(Queue& queue, Message message, std::int64_t now_ms,
                              QueueStore::Session& session) {
  session.insertMessage(queue.id(), message);
  bool visible_now = message.visible(now_ms);
  queue.insert(std::move(message));
  // One receiver per message; a delayed message changes when waiters should look again.
  if (visible_now)
    queue.waiters.wake(1);
  else
    queue.waiters.wakeAll();
}

SendResult SqsEngine::sendOne(Queue& queue, const SendRequest& request, std::int64_t now_ms,
                              QueueStore::Session& session) {
  SendResult result;
  result.md5_body = md5Hex(request.body);
  result.md5_attributes = md5OfMessageAttributes(request.message_attributes);
  result.md5_system_attributes = md5OfMessageSystemAttributes(request.system_attributes);
  std::string deduplication_id = request.deduplication_id;
  std::string dedup_key;
  if (queue.fifo()) {
    if (deduplication_id.empty()) deduplication_id = encoding::sha256Hex(request.body);
    dedup_key = deduplicationKey(queue, request.group_id, deduplication_id);
    auto seen = queue.deduplication.find(dedup_key);
    if (seen != queue.deduplication.end() && seen->second.expires_ms > now_ms) {
      result.message_id = seen->second.message_id;
      result.sequence_number = seen->second.sequence_number;
      return result;  // accepted, not delivered twice
    }
  }
  Message m;
  m.seq = next_seq_++;
  m.id = ids::uuid4();
  m.body = request.body;
  m.message_attributes = request.message_attributes;
  m.system_attributes = request.system_attributes;
  m.md5_body = result.md5_body;
  m.md5_attributes = result.md5_attributes;
  m.md5_system_attributes = result.md5_system_attributes;
  m.sender_id = request.sender_id;
  m.sent_ms = now_ms;
  int delay = request.delay_seconds.value_or(queue.settings().delay_seconds);
  m.visible_at_ms = now_ms + std::int64_t{delay} * 1000;
  m.group_id = request.group_id;
  if (queue.fifo()) {
    m.deduplication_id = deduplication_id;
    m.sequence_number = queue.nextSequenceNumber(now_ms);
    Deduplication record{now_ms + kDeduplicationWindowMs, m.id, m.sequence_number};
    queue.deduplication[dedup_key] = record;
    session.putDeduplication(queue.id(), dedup_key, record);
  }
  result.message_id = m.id;
  result.sequence_number = m.sequence_number;
  insertMessage(queue, std::move(m), now_ms, session);
  return result;
}

std::vector<std::variant<SendResult, AwsError>> SqsEngine::send(
    const QueueKey& key, const std::vector<SendRequest>& requests, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  auto session = store_.session();
  std::vector<std::variant<SendResult, AwsError>> out;
  for (const auto& request : requests) {
    try {
      out.emplace_back(sendOne(*queue, request, now_ms, session));
    } catch (const AwsError& e) {
      out.emplace_back(e);
    }
  }
  return out;
}

// Retention: messages older than MessageRetentionPeriod are deleted, checked at most once a second
// per queue.
void SqsEngine::expireMessages(Queue& queue, std::int64_t now_ms, QueueStore::Session& session) {
  auto& next = next_expiry_check_ms_[queue.arn()];
  if (now_ms < next) return;
  next = now_ms + kExpiryCheckIntervalMs;
  for (auto seq : queue.expired(now_ms)) {
    session.deleteMessage(seq);
    queue.remove(seq);
  }
  for (auto it = queue.deduplication.begin(); it != queue.deduplication.end();) {
    if (it->second.expires_ms > now_ms) {
      ++it;
      continue;
    }
    session.deleteDeduplication(queue.id(), it->first);
    it = queue.deduplication.erase(it);
  }
  for (auto it = queue.attempts.begin(); it != queue.attempts.end();)
    it = it->second.expires_ms <= now_ms ? queue.attempts.erase(it) : std::next(it);
}

void SqsEngine::receiveOne(Queue& queue, Message& m, int visibility_timeout, std::int64_t now_ms,
                           QueueStore::Session& session, std::vector<ReceivedMessage>& out) {
  ++m.receive_count;
  if (m.first_receive_ms == 0) m.first_receive_ms = now_ms;
  m.received_ms = now_ms;
  m.receipt = newReceipt();
  queue.setVisibleAt(m, now_ms + std::int64_t{visibility_timeout} * 1000);
  session.updateReceiveState(m);
  out.push_back({m, encodeReceiptHandle({queue.arn(), m.id, m.receipt})});
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
// A message received maxReceiveCount times moves to the dead-letter queue instead of being
// received again. It keeps its id, body, attributes and (standard queues) its sent time.
void SqsEngine::deadLetter(Queue& source, Message& message, Queue& target, std::int64_t now_ms,
                           QueueStore::Session& session) {
  Message moved = requeued(message, next_seq_++, now_ms);
  moved.dead_letter_source_arn = source.arn();
  if (target.fifo()) moved.sequence_number = target.nextSequenceNumber(now_ms);
  session.deleteMessage(message.seq);
  source.remove(message.seq);
  insertMessage(target, std::move(moved), now_ms, session);
}

ReceiveOutcome SqsEngine::receive(const QueueKey& key, const ReceiveRequest& request,
                                  std::int64_t now_ms,
                                  const std::shared_ptr<LongPollWaiter>& waiter) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  ReceiveOutcome outcome;
  if (queue->fifo() && !request.attempt_id.empty()) {
    auto attempt = queue->attempts.find(request.attempt_id);
    if (attempt != queue->attempts.end() && attempt->second.expires_ms > now_ms) {
      for (auto [seq, receipt] : attempt->second.received)
        if (Message* m = queue->find(seq); m && m->receipt == receipt && m->inFlight(now_ms))
          outcome.messages.push_back({*m, encodeReceiptHandle({queue->arn(), m->id, receipt})});
      return outcome;
    }
  }
  auto session = store_.session();
  expireMessages(*queue, now_ms, session);
  const int visibility = request.visibility_timeout.value_or(queue->settings().visibility_timeout);
  const auto& redrive = queue->settings().redrive;
  auto dead_letter_queue = redrive ? byArn(redrive->dead_letter_target_arn) : nullptr;
  while (outcome.messages.size() < request.max_messages) {
    auto candidates = queue->receivable(now_ms, request.max_messages - outcome.messages.size());
    if (candidates.empty()) break;
    bool moved_any = false;
    for (Message* m : candidates) {
      if (dead_letter_queue && dead_letter_queue != queue &&
          m->receive_count >= redrive->max_receive_count) {
        deadLetter(*queue, *m, *dead_letter_queue, now_ms, session);
        moved_any = true;
      } else {
        receiveOne(*queue, *m, visibility, now_ms, session, outcome.messages);
      }
    }
    if (!moved_any) break;  // everything available was taken
  }
  if (queue->fifo() && !request.attempt_id.empty()) {
    ReceiveAttempt attempt{now_ms + kDeduplicationWindowMs, {}};
    for (const auto& r : outcome.messages)
      attempt.received.emplace_back(r.message.seq, r.message.receipt);
    queue->attempts[request.attempt_id] = std::move(attempt);
  }
  outcome.draining = draining_;
  if (outcome.messages.empty() && waiter && !draining_) queue->waiters.add(waiter);
  outcome.next_visible_ms = queue->nextVisibleAt(now_ms);
  return outcome;
}

void SqsEngine::forgetWaiter(const QueueKey& key, const std::shared_ptr<LongPollWaiter>& waiter) {
  std::lock_guard lock(mutex_);
  auto it = queues_.find(key.text());
  if (it != queues_.end()) it->second->waiters.remove(waiter);
}

// Standard queues delete with any receipt handle of the message (AWS: "the request succeeds, but
// the message might not be deleted" for stale ones; in practice it is). FIFO queues reject a
// handle whose receive has ended: the message may be another consumer's by now.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html
EntryResult SqsEngine::deleteOne(Queue& queue, const std::string& text, std::int64_t now_ms,
                                 QueueStore::Session& session) {
  auto handle = decodeReceiptHandle(text);
  if (!handle || handle->queue_arn != queue.arn()) return errors::receiptHandleIsInvalid(text);
  Message* m = queue.findById(handle->message_id);
  if (!m) return std::nullopt;  // already deleted: success
  if (queue.fifo() && (m->receipt != handle->receipt || !m->inFlight(now_ms)))
    return receiptHandleExpired(text);
  session.deleteMessage(m->seq);
  queue.remove(m->seq);
  if (queue.fifo()) queue.waiters.wake(1);  // the message group may be free now
  return std::nullopt;
}

std::vector<EntryResult> SqsEngine::deleteMessages(const QueueKey& key,
                                                   const std::vector<std::string>& handles,
                                                   std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  auto session = store_.session();
  std::vector<EntryResult> out;
  for (const auto& handle : handles) out.push_back(deleteOne(*queue, handle, now_ms, session));
  return out;
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
// The current receipt handle may change the visibility even after the timeout has passed (AWS
// answers 200 then; the message becomes invisible again).
EntryResult SqsEngine::changeOne(Queue& queue, const std::string& text, int timeout,
                                 std::int64_t now_ms, QueueStore::Session& session) {
  auto handle = decodeReceiptHandle(text);
  if (!handle || handle->queue_arn != queue.arn()) return errors::receiptHandleIsInvalid(text);
  Message* m = queue.findById(handle->message_id);
  if (!m || m->receipt != handle->receipt)
    return errors::invalidParameterValue(
        "ReceiptHandle", text,
        "Message does not exist or is not available for visibility timeout change.");
  std::int64_t visible_at = now_ms + std::int64_t{timeout} * 1000;
  if (visible_at - m->received_ms > kMaxVisibilityMs)
    return errors::invalidParameterValue(
        "VisibilityTimeout", std::to_string(timeout),
        "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
  queue.setVisibleAt(*m, visible_at);
  session.updateReceiveState(*m);
  if (timeout == 0) queue.waiters.wake(1);
  return std::nullopt;
}

std::vector<EntryResult> SqsEngine::changeVisibility(
    const QueueKey& key, const std::vector<std::pair<std::string, int>>& entries,
    std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  auto session = store_.session();
  std::vector<EntryResult> out;
  for (const auto& [handle, timeout] : entries)
    out.push_back(changeOne(*queue, handle, timeout, now_ms, session));
  return out;
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
MoveProgress SqsEngine::moveMessages(const std::string& source_arn,
                                     const std::string& destination_arn, std::size_t limit,
                                     std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  MoveProgress progress;
  auto source = byArn(source_arn);
  if (!source) {
    progress.failure = "Source queue " + source_arn + " does not exist.";
    return progress;
  }
  auto session = store_.session();
  for (auto seq : source->sequence()) {
    Message* m = source->find(seq);
    if (!m || m->inFlight(now_ms)) continue;
    if (progress.moved >= limit) {
      ++progress.remaining;
      continue;
    }
    const std::string& target_arn =
        destination_arn.empty() ? m->dead_letter_source_arn : destination_arn;
    auto target = byArn(target_arn);
    if (!target) {
      progress.failure = "Destination queue " + target_arn + " does not exist.";
      break;
    }
    Message moved = requeued(*m, next_seq_++, now_ms);
    moved.dead_letter_source_arn.clear();
    if (target->fifo()) moved.sequence_number = target->nextSequenceNumber(now_ms);
    session.deleteMessage(seq);
    source->remove(seq);
    insertMessage(*target, std::move(moved), now_ms, session);
    ++progress.moved;
  }
  return progress;
}

std::size_t SqsEngine::messageCount(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto queue = byArn(arn);
  return queue ? queue->size() : 0;
}

}  // namespace awsemu::sqs
