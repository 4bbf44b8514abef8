#pragma once
// S3 Lifecycle rules as pure decisions: which rule applies to which object version or upload
// (Filter / legacy Prefix, Status), and when its actions fall due (S3's midnight UTC rounding).
// The sweep (lifecycle_sweeper.hpp) and GetObject/HeadObject's x-amz-expiration use them.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3::lifecycle {

inline constexpr std::string_view kConfig = "lifecycle";  // the bucket config subresource
inline constexpr std::int64_t kDayMs = 86'400'000;

// Filter, Filter.And or the legacy rule-level Prefix: every condition must hold.
struct Filter {
  std::string prefix;
  std::vector<std::pair<std::string, std::string>> tags;
  std::optional<std::uint64_t> size_greater_than;  // strictly greater
  std::optional<std::uint64_t> size_less_than;     // strictly less
};

// Transition (Days or Date) and NoncurrentVersionTransition (NoncurrentDays, keeping the
// NewerNoncurrentVersions newest noncurrent versions) to another storage class.
struct Transition {
  std::optional<int> days;              // Transition Days / NoncurrentDays
  std::optional<std::int64_t> date_ms;  // Transition Date
  std::optional<int> newer_noncurrent;  // NoncurrentVersionTransition only
  std::string storage_class;
};

// x-amz-transition-default-minimum-object-size of the configuration.
inline constexpr std::string_view kAllClasses128K = "all_storage_classes_128K";
inline constexpr std::string_view kVariesByClass = "varies_by_storage_class";
inline constexpr std::uint64_t kDefaultMinimumTransitionSize = 128 * 1024;

struct Rule {
  std::string id;
  bool enabled = false;
  Filter filter;
  // Expiration: one of days / date (epoch ms, midnight UTC) / expired_object_delete_marker.
  std::optional<int> expiration_days;
  std::optional<std::int64_t> expiration_date_ms;
  bool expired_object_delete_marker = false;
  // NoncurrentVersionExpiration
  std::optional<int> noncurrent_days;
  std::optional<int> newer_noncurrent_versions;  // keep this many newest noncurrent versions
  // AbortIncompleteMultipartUpload
  std::optional<int> abort_days;
  std::vector<Transition> transitions;
  std::vector<Transition> noncurrent_transitions;
  // TransitionDefaultMinimumObjectSize is varies_by_storage_class: objects under 128 KiB still go
  // to GLACIER and DEEP_ARCHIVE (never to the other classes).
  bool small_objects_to_archive = false;
};

// Where a storage class stands in S3's transition waterfall (STANDARD, STANDARD_IA,
// INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE): Lifecycle only ever moves
// a version further down. REDUCED_REDUNDANCY ranks with STANDARD; unknown classes rank 0.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
int storageClassRank(std::string_view storage_class);

// May the rule move a version of `size` bytes to `storage_class`? Objects under 128 KiB are not
// transitioned by default, unless the rule filters on object size itself (custom filters take
// precedence) or the configuration says varies_by_storage_class and the class is an archive.
bool transitionsSize(const Rule& rule, std::string_view storage_class, std::uint64_t size);

// The class a current version is due to move to at `now_ms` (its Transitions whose Days or Date
// have come), the furthest down the waterfall; nullopt when none is due or it is there already.
std::optional<std::string> dueCurrentTransition(const std::vector<Rule>& rules,
                                                const ObjectVersion& version, std::int64_t now_ms);

// The Enabled rules of a stored LifecycleConfiguration (as config_validation.cpp stored it).
std::vector<Rule> enabledRules(const Json& configuration);

// Does the rule's filter select a version with this key, size and tags ({"k": "v"})? Delete
// markers have no size or tags: rules that filter on them never select one.
bool selects(const Filter& filter, const ObjectVersion& version);
// Uploads in progress are selected by prefix only; S3 refuses tag filters beside
// AbortIncompleteMultipartUpload, and an upload has no size yet.
bool selectsUpload(const Filter& filter, std::string_view key);

// `days` after `from_ms`, rounded to the following midnight UTC, as S3 counts an object's age:
// created 2014-01-15 10:30 with 3 days expires 2014-01-19 00:00.
std::int64_t dueAfterDays(std::int64_t from_ms, int days);

// When the current version `version` expires (Expiration Days or Date), and by which rule: the
// earliest of the rules that select it. nullopt for delete markers and unexpiring objects.
struct Expiry {
  std::int64_t at_ms = 0;
  std::string rule_id;
};
std::optional<Expiry> currentVersionExpiry(const std::vector<Rule>& rules,
                                           const ObjectVersion& version);

// When an upload of `key` begun at `initiated_ms` is due to be aborted (AbortIncompleteMultipart-
// Upload), and by which rule: the earliest of the rules that select it. CreateMultipartUpload and
// ListParts report it (x-amz-abort-date, x-amz-abort-rule-id); the sweep aborts it then.
std::optional<Expiry> uploadAbortDue(const std::vector<Rule>& rules, std::string_view key,
                                     std::int64_t initiated_ms);

// x-amz-expiration: expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="<URL-encoded id>"
std::string expirationHeader(const Expiry& expiry);

// The Enabled rules of each bucket, kept in memory so that GetObject/HeadObject look up their
// x-amz-expiration without a database read (most buckets have no lifecycle configuration).
// invalidate() after anything that may change a configuration (Put/DeleteBucketLifecycle,
// DeleteBucket, a state reset); a load that raced with it is not kept.
class RulesCache {
 public:
  using Rules = std::shared_ptr<const std::vector<Rule>>;
  // The bucket's rules (empty when none), loaded through `load` (the stored configuration, or
  // nullopt) when not cached.
  Rules rulesOf(const std::string& bucket, const std::function<std::optional<Json>()>& load);
  void invalidate();

 private:
  std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Rules> rules_;
};

}  // namespace awsemu::s3::lifecycle
