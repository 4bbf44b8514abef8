#include "services/sqs/queue.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "awsemu/core/arn.hpp"

namespace awsemu::sqs {
namespace {

int intAttribute(const Json& attributes, const char* name, int fallback) {
  auto it = attributes.find(name);
  if (it == attributes.end() || !it->is_string()) return fallback;
  try {
    return std::stoi(it->get<std::string>());
  } catch (const std::exception&) {
    return fallback;
  }
}

bool boolAttribute(const Json& attributes, const char* name) {
  auto it = attributes.find(name);
  return it != attributes.end() && it->is_string() && it->get<std::string>() == "true";
}

std::string textAttribute(const Json& attributes, const char* name) {
  auto it = attributes.find(name);
  return it != attributes.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Queue::Queue(std::int64_t id, std::string account, std::string region, std::string name,
             Json attributes, Json tags_)
    : tags(std::move(tags_)),
      id_(id),
      account_(std::move(account)),
      region_(std::move(region)),
      name_(std::move(name)),
      arn_(makeArn("sqs", region_, account_, name_)),
      fifo_(name_.ends_with(".fifo")) {
  setAttributes(std::move(attributes));
}

void Queue::setAttributes(Json attributes) {
  attributes_ = std::move(attributes);
  QueueSettings s;
  s.delay_seconds = intAttribute(attributes_, "DelaySeconds", 0);
  s.maximum_message_size =
      intAttribute(attributes_, "MaximumMessageSize", static_cast<int>(kMaxMessageBytes));
  s.retention_seconds = intAttribute(attributes_, "MessageRetentionPeriod", 345600);
  s.receive_wait_seconds = intAttribute(attributes_, "ReceiveMessageWaitTimeSeconds", 0);
  s.visibility_timeout = intAttribute(attributes_, "VisibilityTimeout", 30);
  s.content_based_deduplication = boolAttribute(attributes_, "ContentBasedDeduplication");
  s.deduplicate_per_group = textAttribute(attributes_, "DeduplicationScope") == "messageGroup";
  s.redrive = parseRedrivePolicy(textAttribute(attributes_, "RedrivePolicy"));
  s.redrive_allow = parseRedriveAllowPolicy(textAttribute(attributes_, "RedriveAllowPolicy"));
  settings_ = std::move(s);
}

Message& Queue::insert(Message message) {
  if (fifo_) {
    noteSequenceNumber(message.sequence_number);
    groups_[message.group_id].push_back(message.seq);
  }
  by_id_[message.id] = message.seq;
  by_visibility_.emplace(message.visible_at_ms, message.seq);
  auto seq = message.seq;
  return messages_.insert_or_assign(seq, std::move(message)).first->second;
}

Message* Queue::find(std::uint64_t seq) {
  auto it = messages_.find(seq);
  return it == messages_.end() ? nullptr : &it->second;
}

Message* Queue::findById(const std::string& message_id) {
  auto it = by_id_.find(message_id);
  return it == by_id_.end() ? nullptr : find(it->second);
}

void Queue::remove(std::uint64_t seq) {
  auto it = messages_.find(seq);
  if (it == messages_.end()) return;
  const Message& message = it->second;
  by_visibility_.erase({message.visible_at_ms, seq});
  by_id_.erase(message.id);
  if (fifo_) {
    auto group = groups_.find(message.group_id);
    if (group != groups_.end()) {
      auto& order = group->second;
      order.erase(std::remove(order.begin(), order.end(), seq), order.end());
      if (order.empty()) groups_.erase(group);
    }
  }
  messages_.erase(it);
}

void Queue::clear() {
  messages_.clear();
  by_id_.clear();
  by_visibility_.clear();
  groups_.clear();
  attempts.clear();
}

void Queue::setVisibleAt(Message& message, std::int64_t visible_at_ms) {
  by_visibility_.erase({message.visible_at_ms, message.seq});
  message.visible_at_ms = visible_at_ms;
  by_visibility_.emplace(visible_at_ms, message.seq);
}

std::vector<Message*> Queue::receivable(std::int64_t now_ms, std::size_t limit) {
  if (fifo_) return receivableFifo(now_ms, limit);
  std::vector<Message*> out;
  for (auto it = by_visibility_.begin();
       it != by_visibility_.end() && it->first <= now_ms && out.size() < limit; ++it)
    out.push_back(&messages_.at(it->second));
  return out;
}

// Groups are served oldest head first; a group's messages come in order, and a group with a
// message in flight is skipped whole, so order within a group holds under concurrent consumers.
std::vector<Message*> Queue::receivableFifo(std::int64_t now_ms, std::size_t limit) {
  std::vector<const std::deque<std::uint64_t>*> ready;
  for (const auto& [group_id, order] : groups_) {
    bool blocked = false;
    for (auto seq : order) {
      const Message& m = messages_.at(seq);
      if (m.receive_count == 0) {
        blocked = !m.visible(now_ms);  // the head is still delayed
        break;
      }
      if (m.inFlight(now_ms)) {
        blocked = true;
        break;
      }
    }
    if (!blocked) ready.push_back(&order);
  }
  std::sort(ready.begin(), ready.end(), [](auto* a, auto* b) { return a->front() < b->front(); });
  std::vector<Message*> out;
  for (const auto* order : ready) {
    for (auto seq : *order) {
      if (out.size() >= limit) return out;
      Message& m = messages_.at(seq);
      if (!m.visible(now_ms)) break;
      out.push_back(&m);
    }
  }
  return out;
}

std::vector<std::uint64_t> Queue::expired(std::int64_t now_ms) const {
  std::vector<std::uint64_t> out;
  const std::int64_t cutoff = now_ms - std::int64_t{settings_.retention_seconds} * 1000;
  for (const auto& [seq, message] : messages_)
    if (message.sent_ms <= cutoff) out.push_back(seq);
  return out;
}

MessageCounts Queue::counts(std::int64_t now_ms) const {
  MessageCounts counts;
  for (const auto& [seq, message] : messages_) {
    if (message.visible(now_ms))
      ++counts.visible;
    else if (message.receive_count > 0)
      ++counts.in_flight;
    else
      ++counts.delayed;
  }
  return counts;
}

std::optional<std::int64_t> Queue::nextVisibleAt(std::int64_t now_ms) const {
  auto it = by_visibility_.upper_bound({now_ms, UINT64_MAX});
  if (it == by_visibility_.end()) return std::nullopt;
  return it->first;
}

std::vector<std::uint64_t> Queue::sequence() const {
  std::vector<std::uint64_t> out;
  out.reserve(messages_.size());
  for (const auto& entry : messages_) out.push_back(entry.first);
  return out;
}

// FIFO sequence numbers: 20 digits, increasing within the queue across restarts (the time in
// milliseconds leads, a counter breaks ties), like AWS's "18849496460467696128".
std::string Queue::nextSequenceNumber(std::int64_t now_ms) {
  std::uint64_t candidate = static_cast<std::uint64_t>(now_ms) * 100000;
  last_sequence_number_ = std::max(candidate, last_sequence_number_ + 1);
  char text[32];
  std::snprintf(text, sizeof text, "%020llu",
                static_cast<unsigned long long>(last_sequence_number_));
  return text;
}

void Queue::noteSequenceNumber(const std::string& sequence_number) {
  if (sequence_number.empty()) return;
  try {
    last_sequence_number_ =
        std::max<std::uint64_t>(last_sequence_number_, std::stoull(sequence_number));
  } catch (const std::exception&) {
  }
}

}  // namespace awsemu::sqs
