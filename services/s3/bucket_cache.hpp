#pragma once
// Bucket rows and bucket configuration documents as last read, so that the request path's many
// look-ups of them (access checks, encryption, Object Lock, lifecycle and notification
// configuration, the versioning state of a read) take no database lock. An entry read at
// S3Engine::bucketGeneration() G is current while the generation is still G: every committed
// write to a bucket row or configuration moves it, and the first put at a newer generation drops
// everything older. Negative answers (no such bucket, no such configuration) are kept too.
//
// Readers take the generation *before* reading the database; a value read after a write that
// raced with it is then stamped with the older generation and read again next time, never kept
// as current by mistake.
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3 {

class BucketCache {
 public:
  // nullopt: not cached at `generation`; otherwise the bucket, or nullopt when there was none.
  std::optional<std::optional<Bucket>> bucket(std::string_view name,
                                              std::uint64_t generation) const;
  void putBucket(std::string_view name, std::uint64_t generation,
                 const std::optional<Bucket>& bucket);
  // The same for one configuration document ("policy", "cors", ...) of an existing bucket.
  std::optional<std::optional<Json>> config(std::string_view name, std::string_view subresource,
                                            std::uint64_t generation) const;
  void putConfig(std::string_view name, std::string_view subresource, std::uint64_t generation,
                 const std::optional<Json>& document);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  template <class V>
  using ByName = std::unordered_map<std::string, V, Hash, std::equal_to<>>;
  // Under the unique lock: false when `generation` is older than the entries (nothing to keep).
  bool adopt(std::uint64_t generation);

  // Bounds memory for servers with very many buckets: past it, everything is read again.
  static constexpr std::size_t kMaxEntries = 16384;

  mutable std::shared_mutex mutex_;
  std::uint64_t generation_ = 0;
  std::size_t config_entries_ = 0;
  ByName<std::optional<Bucket>> buckets_;
  ByName<ByName<std::optional<Json>>> configs_;
};

}  // namespace awsemu::s3
