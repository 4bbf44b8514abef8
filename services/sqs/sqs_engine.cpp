// SqsEngine: queues (create, delete, attributes, tags, purge). Messages: sqs_engine_messages.cpp.
#include "services/sqs/sqs_engine.hpp"

#include <algorithm>

#include "awsemu/core/arn.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace {

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
// "you must wait at least 60 seconds before creating a queue with the same name"
constexpr std::int64_t kRecreateDelayMs = 60'000;
constexpr std::int64_t kPurgeIntervalMs = 60'000;

QueueKey keyOf(const Queue& queue) { return {queue.account(), queue.region(), queue.name()}; }

}  // namespace

SqsEngine::SqsEngine(QueueStore store) : store_(std::move(store)) {}

void SqsEngine::load(std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::map<std::int64_t, std::shared_ptr<Queue>> by_id;
  for (auto& r : store_.loadQueues()) {
    auto queue = std::make_shared<Queue>(r.id, r.account, r.region, r.name, r.attributes, r.tags);
    queue->created_seconds = r.created_seconds;
    queue->modified_seconds = r.modified_seconds;
    queues_[keyOf(*queue).text()] = queue;
    indexPolicy(*queue);
    by_id[r.id] = queue;
    next_queue_id_ = std::max(next_queue_id_, r.id + 1);
  }
  store_.loadMessages([&](std::int64_t queue_id, Message message) {
    next_seq_ = std::max(next_seq_, message.seq + 1);
    auto it = by_id.find(queue_id);
    if (it != by_id.end()) it->second->insert(std::move(message));
  });
  store_.loadDeduplication(now_ms, [&](std::int64_t queue_id, std::string key, Deduplication d) {
    auto it = by_id.find(queue_id);
    if (it != by_id.end()) it->second->deduplication[key] = std::move(d);
  });
}

void SqsEngine::clear() {
  std::lock_guard lock(mutex_);
  for (auto& [key, queue] : queues_) queue->waiters.wakeAll();
  queues_.clear();
  {
    std::unique_lock policies_lock(policies_mutex_);
    policies_.clear();
  }
  deleted_ms_.clear();
  store_.session().clear();
}

void SqsEngine::drain() {
  std::lock_guard lock(mutex_);
  draining_ = true;
  for (auto& [key, queue] : queues_) queue->waiters.wakeAll();
}

void SqsEngine::close() {
  std::lock_guard lock(mutex_);
  for (auto& [key, queue] : queues_) queue->waiters.wakeAll();
  store_.close();
}

std::shared_ptr<Queue> SqsEngine::get(const QueueKey& key) const {
  auto it = queues_.find(key.text());
  if (it == queues_.end()) throw errors::queueDoesNotExist();
  return it->second;
}

std::shared_ptr<Queue> SqsEngine::byArn(const std::string& arn) const {
  auto parsed = Arn::parse(arn);
  if (!parsed || parsed->service != "sqs") return nullptr;
  auto it = queues_.find(QueueKey{parsed->account_id, parsed->region, parsed->resource}.text());
  return it == queues_.end() ? nullptr : it->second;
}

std::optional<QueueKey> SqsEngine::findByArn(const std::string& arn) {
  std::lock_guard lock(mutex_);
  auto queue = byArn(arn);
  if (!queue) return std::nullopt;
  return keyOf(*queue);
}

std::string SqsEngine::policyByArn(const std::string& arn) const {
  std::shared_lock lock(policies_mutex_);
  auto it = policies_.find(arn);
  return it == policies_.end() ? std::string() : it->second;
}

void SqsEngine::indexPolicy(const Queue& queue) {
  std::string policy = queue.attributes().value("Policy", "");
  std::unique_lock lock(policies_mutex_);
  if (policy.empty())
    policies_.erase(queue.arn());
  else
    policies_[queue.arn()] = std::move(policy);
}

void SqsEngine::unindexPolicy(const Queue& queue) {
  std::unique_lock lock(policies_mutex_);
  policies_.erase(queue.arn());
}

bool SqsEngine::createQueue(const QueueKey& key, const Json& attributes, const Json& requested,
                            const Json& tags, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (auto it = queues_.find(key.text()); it != queues_.end()) {
    // Same name: the same attributes are idempotent, any difference is an error naming it.
    const Json& existing = it->second->attributes();
    for (const auto& [name, value] : requested.items())
      if (existing.value(name, std::string()) != value.get<std::string>())
        throw errors::queueNameExists(name);
    return false;
  }
  if (auto deleted = deleted_ms_.find(key.text());
      deleted != deleted_ms_.end() && now_ms - deleted->second < kRecreateDelayMs)
    throw errors::queueDeletedRecently();
  QueueRecord record{next_queue_id_++, key.account, key.region,    key.name,
                     attributes,       tags,        now_ms / 1000, now_ms / 1000};
  store_.session().insertQueue(record);
  auto queue =
      std::make_shared<Queue>(record.id, key.account, key.region, key.name, attributes, tags);
  queue->created_seconds = queue->modified_seconds = now_ms / 1000;
  indexPolicy(*queue);
  queues_[key.text()] = std::move(queue);
  return true;
}

void SqsEngine::deleteQueue(const QueueKey& key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  store_.session().deleteQueue(queue->id());
  unindexPolicy(*queue);
  queues_.erase(key.text());
  deleted_ms_[key.text()] = now_ms;
  queue->waiters.wakeAll();  // they answer QueueDoesNotExist
}

QueueInfo SqsEngine::describe(const QueueKey& key) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  return {queue->arn(), queue->fifo(), queue->settings()};
}

std::vector<std::string> SqsEngine::queueNames(const std::string& account,
                                               const std::string& region,
                                               const std::string& prefix) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  const std::string start = account + "/" + region + "/" + prefix;
  for (auto it = queues_.lower_bound(start); it != queues_.end() && it->first.starts_with(start);
       ++it)
    names.push_back(it->second->name());
  return names;
}

Json SqsEngine::attributes(const QueueKey& key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  {
    auto session = store_.session();
    expireMessages(*queue, now_ms, session);
  }
  Json out = queue->attributes();
  auto counts = queue->counts(now_ms);
  out["ApproximateNumberOfMessages"] = std::to_string(counts.visible);
  out["ApproximateNumberOfMessagesNotVisible"] = std::to_string(counts.in_flight);
  out["ApproximateNumberOfMessagesDelayed"] = std::to_string(counts.delayed);
  out["CreatedTimestamp"] = std::to_string(queue->created_seconds);
  out["LastModifiedTimestamp"] = std::to_string(queue->modified_seconds);
  out["QueueArn"] = queue->arn();
  return out;
}

void SqsEngine::setAttributes(const QueueKey& key, const Json& changes, std::int64_t now_ms) {
  editAttributes(
      key,
      [&](Json& attributes, const Queue& queue) {
        attributes = applyQueueAttributes(attributes, changes);
        // A new dead-letter target must exist, be of the source's type and allow the source.
        auto redrive = parseRedrivePolicy(attributes.value("RedrivePolicy", ""));
        if (!redrive || !changes.contains("RedrivePolicy")) return;
        auto invalid = [&](const std::string& reason) {
          return errors::invalidParameterValue(
              "RedrivePolicy", attributes["RedrivePolicy"].get<std::string>(), reason);
        };
        auto target = byArn(redrive->dead_letter_target_arn);
        if (!target) throw invalid("Dead letter target does not exist.");
        if (target->fifo() != queue.fifo())
          throw invalid("Dead-letter queue must be same type of queue as the source..");
        if (!redriveAllowed(target->settings().redrive_allow, queue.arn()))
          throw invalid("Queue " + queue.arn() + " is not allowed to use " + target->arn() +
                        " as its dead-letter queue.");
      },
      now_ms);
}

void SqsEngine::editAttributes(const QueueKey& key,
                               const std::function<void(Json&, const Queue&)>& edit,
                               std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  Json attributes = queue->attributes();
  edit(attributes, *queue);
  queue->setAttributes(std::move(attributes));
  indexPolicy(*queue);
  queue->modified_seconds = now_ms / 1000;
  store_.session().updateQueue(*queue);
  queue->waiters.wakeAll();  // a shorter delay or visibility may make messages available
}

Json SqsEngine::tags(const QueueKey& key) {
  std::lock_guard lock(mutex_);
  return get(key)->tags;
}

void SqsEngine::tag(const QueueKey& key, const Json& tags,
                    const std::function<void(const Json&)>& check) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  Json merged = queue->tags;
  merged.update(tags);
  check(merged);
  queue->tags = std::move(merged);
  store_.session().updateQueue(*queue);
}

void SqsEngine::untag(const QueueKey& key, const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  for (const auto& name : keys) queue->tags.erase(name);
  store_.session().updateQueue(*queue);
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html
void SqsEngine::purge(const QueueKey& key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto queue = get(key);
  if (queue->last_purge_ms && now_ms - queue->last_purge_ms < kPurgeIntervalMs)
    throw errors::purgeQueueInProgress(queue->arn());
  queue->last_purge_ms = now_ms;
  store_.session().deleteMessages(queue->id());
  queue->clear();
}

std::vector<QueueKey> SqsEngine::deadLetterSources(const QueueKey& key) {
  std::lock_guard lock(mutex_);
  auto target = get(key);
  std::vector<QueueKey> sources;
  for (const auto& [text, queue] : queues_) {
    const auto& redrive = queue->settings().redrive;
    if (redrive && redrive->dead_letter_target_arn == target->arn())
      sources.push_back(keyOf(*queue));
  }
  return sources;
}

}  // namespace awsemu::sqs
