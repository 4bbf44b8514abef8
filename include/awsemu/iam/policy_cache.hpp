#pragma once
// Compiled policies by document text, for callers that store policies as text (bucket, queue,
// topic and function policies; managed policy versions) and evaluate them on every request:
// the first request compiles, the others share the result. Thread-safe; least recently used
// entries leave when the cache is full.
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "awsemu/iam/policy.hpp"

namespace awsemu::iam {

class PolicyCache {
 public:
  explicit PolicyCache(std::size_t capacity = 4096) : capacity_(capacity) {}

  // The compiled policy for a stored document. Stored documents were validated when they were
  // stored, so they compile as PolicyKind::Unchecked (grammar only); throws PolicyError for text
  // that is not a policy at all. The label is part of the key.
  PolicyPtr get(std::string_view text, const PolicyLabel& label = {});

  std::size_t size() const;
  void clear();

 private:
  struct Entry {
    PolicyPtr policy;
    std::list<std::string>::iterator recency;
  };
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recently used first
};

}  // namespace awsemu::iam
