#include "awsemu/auth/signing_key_cache.hpp"

#include <functional>

namespace awsemu::auth {
namespace {

std::size_t combine(std::size_t seed, std::string_view part) {
  return seed ^
         (std::hash<std::string_view>{}(part) + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2));
}

}  // namespace

SigningKey SigningKeyCache::get(std::string_view secret, std::string_view date,
                                std::string_view region, std::string_view service) {
  std::size_t hash = combine(combine(combine(combine(0, secret), date), region), service);
  std::size_t index = hash % kSlots;
  std::size_t shard = index % kShards;
  {
    std::lock_guard lock(locks_[shard]);
    Slot& slot = slots_[index];
    if (slot.used && slot.hash == hash && slot.secret == secret && slot.date == date &&
        slot.region == region && slot.service == service) {
      ++hits_[shard];
      return slot.key;
    }
    ++misses_[shard];
  }
  // Derive outside the lock; a concurrent miss on the same slot just derives twice.
  SigningKey key = deriveSigningKey(secret, date, region, service);
  std::lock_guard lock(locks_[shard]);
  Slot& slot = slots_[index];
  slot.hash = hash;
  slot.used = true;
  slot.secret.assign(secret);
  slot.date.assign(date);
  slot.region.assign(region);
  slot.service.assign(service);
  slot.key = key;
  return key;
}

std::size_t SigningKeyCache::hits() const {
  std::size_t total = 0;
  for (std::size_t shard = 0; shard < kShards; ++shard) {
    std::lock_guard lock(locks_[shard]);
    total += hits_[shard];
  }
  return total;
}

std::size_t SigningKeyCache::misses() const {
  std::size_t total = 0;
  for (std::size_t shard = 0; shard < kShards; ++shard) {
    std::lock_guard lock(locks_[shard]);
    total += misses_[shard];
  }
  return total;
}

}  // namespace awsemu::auth
