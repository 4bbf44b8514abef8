#pragma once
// Derived SigV4 signing keys, cached: a key depends only on (secret, date, region, service), so
// one derivation (four HMACs) serves a client's requests for a whole day. Lookups that hit do not
// allocate; the cache is a fixed set of slots, safe to share between threads.
#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "awsemu/auth/canonical_request.hpp"

namespace awsemu::auth {

class SigningKeyCache {
 public:
  SigningKeyCache() = default;
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  SigningKey get(std::string_view secret, std::string_view date, std::string_view region,
                 std::string_view service);
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  static constexpr std::size_t kSlots = 256;  // direct-mapped
  static constexpr std::size_t kShards = 16;  // one lock per 16 slots
  struct Slot {
    std::size_t hash = 0;
    bool used = false;
    std::string secret, date, region, service;
    SigningKey key{};
  };
  std::array<Slot, kSlots> slots_;
  mutable std::array<std::mutex, kShards> locks_;
  std::array<std::size_t, kShards> hits_{}, misses_{};  // guarded by the shard's lock
};

}  // namespace awsemu::auth
