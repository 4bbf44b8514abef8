#include "awsemu/iam/policy_cache.hpp"

namespace awsemu::iam {
namespace {

// The label and the text, separated by characters a label does not contain.
std::string cacheKey(std::string_view text, const PolicyLabel& label) {
  std::string key;
  key.reserve(label.type.size() + label.id.size() + text.size() + 2);
  key.append(label.type).append(1, '\0').append(label.id).append(1, '\0').append(text);
  return key;
}

}  // namespace

PolicyPtr PolicyCache::get(std::string_view text, const PolicyLabel& label) {
  std::string key = cacheKey(text, label);
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      recency_.splice(recency_.begin(), recency_, it->second.recency);
      return it->second.policy;
    }
  }
  // Compiled outside the lock: two threads may compile the same text once each, harmlessly.
  PolicyPtr policy = Policy::parse(text, PolicyKind::Unchecked, label);
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) return it->second.policy;
  recency_.push_front(key);
  entries_.emplace(std::move(key), Entry{policy, recency_.begin()});
  while (entries_.size() > capacity_ && !recency_.empty()) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  return policy;
}

std::size_t PolicyCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void PolicyCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  recency_.clear();
}

}  // namespace awsemu::iam
