#include "services/s3/bucket_cache.hpp"

#include <mutex>

namespace awsemu::s3 {

std::optional<std::optional<Bucket>> BucketCache::bucket(std::string_view name,
                                                         std::uint64_t generation) const {
  std::shared_lock lock(mutex_);
  if (generation != generation_) return std::nullopt;
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return std::nullopt;
  return it->second;
}

void BucketCache::putBucket(std::string_view name, std::uint64_t generation,
                            const std::optional<Bucket>& bucket) {
  std::unique_lock lock(mutex_);
  if (!adopt(generation)) return;
  if (buckets_.size() >= kMaxEntries) buckets_.clear();
  buckets_.insert_or_assign(std::string(name), bucket);
}

std::optional<std::optional<Json>> BucketCache::config(std::string_view name,
                                                       std::string_view subresource,
                                                       std::uint64_t generation) const {
  std::shared_lock lock(mutex_);
  if (generation != generation_) return std::nullopt;
  auto bucket = configs_.find(name);
  if (bucket == configs_.end()) return std::nullopt;
  auto it = bucket->second.find(subresource);
  if (it == bucket->second.end()) return std::nullopt;
  return it->second;
}

void BucketCache::putConfig(std::string_view name, std::string_view subresource,
                            std::uint64_t generation, const std::optional<Json>& document) {
  std::unique_lock lock(mutex_);
  if (!adopt(generation)) return;
  if (config_entries_ >= kMaxEntries) {
    configs_.clear();
    config_entries_ = 0;
  }
  auto bucket = configs_.find(name);
  if (bucket == configs_.end()) bucket = configs_.emplace(std::string(name), ByName<std::optional<Json>>{}).first;
  if (bucket->second.insert_or_assign(std::string(subresource), document).second)
    ++config_entries_;
}

bool BucketCache::adopt(std::uint64_t generation) {
  if (generation < generation_) return false;
  if (generation > generation_) {
    buckets_.clear();
    configs_.clear();
    config_entries_ = 0;
    generation_ = generation;
  }
  return true;
}

}  // namespace awsemu::s3
