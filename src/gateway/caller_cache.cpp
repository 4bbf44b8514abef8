#include "src/gateway/caller_cache.hpp"

#include <mutex>

namespace awsemu::gateway {

CallerPtr CallerCache::find(std::string_view access_key_id, const CallerVersion& version) const {
  Shard& shard = shardOf(access_key_id);
  std::shared_lock lock(shard.mutex);
  auto it = shard.entries.find(access_key_id);
  if (it == shard.entries.end() || !(it->second.version == version)) return nullptr;
  return it->second.caller;
}

void CallerCache::put(std::string_view access_key_id, const CallerVersion& version,
                      CallerPtr caller) {
  Shard& shard = shardOf(access_key_id);
  std::unique_lock lock(shard.mutex);
  if (shard.entries.size() >= kShardCapacity) shard.entries.clear();
  auto it = shard.entries.find(access_key_id);
  if (it == shard.entries.end())
    shard.entries.emplace(std::string(access_key_id), Entry{version, std::move(caller)});
  else if (it->second.version.generation <= version.generation ||
           it->second.version.directory != version.directory)
    it->second = Entry{version, std::move(caller)};  // never replace a newer entry by an older one
}

void CallerCache::clear() {
  for (auto& shard : shards_) {
    std::unique_lock lock(shard.mutex);
    shard.entries.clear();
  }
}

}  // namespace awsemu::gateway
