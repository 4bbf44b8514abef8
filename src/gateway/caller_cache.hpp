#pragma once
// The callers the authorisation stage has prepared (principal, compiled identity, boundary and
// session policies), by access key, so that a request under ENFORCE_IAM costs a lookup and the
// engine's decision instead of IAM's lock and a policy compilation.
//
// Validity: an entry remembers the PrincipalDirectory (IAM while it runs) and its generation
// when it was built; IAM bumps the generation after every write that can change a principal's
// policies, tags or keys (PrincipalDirectory::noteChanged), so any IAM write makes every entry
// stale and the next request rebuilds it. STS sessions never change once issued (a new session
// is a new key). Sharded reader/writer locks: no global lock on the hot path.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "awsemu/iam/authorization_request.hpp"
#include "awsemu/iam/policy.hpp"

namespace awsemu::service {
class PrincipalDirectory;
}

namespace awsemu::gateway {

// The caller as the engine sees it. Account roots (also unknown keys SIGV4_VERIFY accepts) have
// `root` set and no policies.
struct Caller {
  bool root = false;
  iam::Principal principal;
  std::vector<iam::PolicyPtr> identity;
  iam::PolicyPtr boundary;
  std::vector<iam::PolicyPtr> session;
  std::optional<double> token_issue_time;
};
using CallerPtr = std::shared_ptr<const Caller>;

// What an entry was built from: the directory and its generation at that moment.
struct CallerVersion {
  const service::PrincipalDirectory* directory = nullptr;
  std::uint64_t generation = 0;
  bool operator==(const CallerVersion&) const = default;
};

class CallerCache {
 public:
  // The caller cached for `access_key_id` if it was built at `version`; nullptr otherwise.
  CallerPtr find(std::string_view access_key_id, const CallerVersion& version) const;
  void put(std::string_view access_key_id, const CallerVersion& version, CallerPtr caller);
  void clear();

 private:
  // Past this many keys a shard starts over (temporary credentials come and go).
  static constexpr std::size_t kShardCapacity = 1024;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    CallerVersion version;
    CallerPtr caller;
  };
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries;
  };
  Shard& shardOf(std::string_view key) const { return shards_[Hash{}(key) % shards_.size()]; }
  mutable std::array<Shard, 16> shards_;
};

}  // namespace awsemu::gateway
