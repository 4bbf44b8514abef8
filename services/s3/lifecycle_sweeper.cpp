#include "services/s3/lifecycle_sweeper.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include <algorithm>

#include <vector>

#include "awsemu/core/aws_error.hpp"
#include "services/s3/lifecycle_rules.hpp"
#include "services/s3/object_lock_rules.hpp"
#include "services/s3/versioning.hpp"

namespace awsemu::s3 {
namespace asio = boost::asio;

namespace {

struct Action {
  enum class Kind { ExpireCurrent, DeleteVersion, AbortUpload, Transition } kind;
  ObjectVersion version;        // ExpireCurrent, DeleteVersion, Transition
  Upload upload{};              // AbortUpload
  std::string storage_class{};  // Transition: the class to move to
};

// The entries of the key being walked (newest first), carried across pages.
struct KeyWalk {
  std::string key;
  std::size_t position = 0;             // entries of the key seen so far
  std::size_t noncurrent_seen = 0;      // noncurrent versions seen so far (newer ones first)
  std::int64_t successor_ms = 0;        // when the entry before this one was written
  std::optional<ObjectVersion> marker;  // the key's current entry, when a delete marker
};

// One bucket's progress: its versions page by page, then its uploads.
struct BucketWalk {
  Bucket bucket;
  std::vector<lifecycle::Rule> rules;
  bool versions_done = false;
  listing::MarkedRequest request;
  KeyWalk key;
  std::vector<Action> pending;  // the previous page's actions
};

bool due(std::int64_t now_ms, std::int64_t at_ms) { return now_ms >= at_ms; }

// A delete marker that is its key's only version: removed by ExpiredObjectDeleteMarker, or by an
// Expiration that deletes current versions once it would have expired the marker.
bool markerExpires(const std::vector<lifecycle::Rule>& rules, const ObjectVersion& marker,
                   std::int64_t now_ms) {
  for (const auto& rule : rules) {
    if (!lifecycle::selects(rule.filter, marker)) continue;
    if (rule.expired_object_delete_marker) return true;
    if (rule.expiration_days &&
        due(now_ms, lifecycle::dueAfterDays(marker.last_modified_ms, *rule.expiration_days)))
      return true;
    if (rule.expiration_date_ms && due(now_ms, *rule.expiration_date_ms)) return true;
  }
  return false;
}

void finishKey(BucketWalk& walk, std::int64_t now_ms) {
  KeyWalk& key = walk.key;
  if (key.marker && key.position == 1 && markerExpires(walk.rules, *key.marker, now_ms))
    walk.pending.push_back({Action::Kind::DeleteVersion, *key.marker, {}});
  key = KeyWalk{};
}

bool noncurrentExpires(const std::vector<lifecycle::Rule>& rules, const KeyWalk& key,
                       const ObjectVersion& version, std::int64_t now_ms) {
  for (const auto& rule : rules) {
    if (!rule.noncurrent_days || !lifecycle::selects(rule.filter, version)) continue;
    // NewerNoncurrentVersions: that many newer noncurrent versions are kept.
    const auto keep = static_cast<std::size_t>(rule.newer_noncurrent_versions.value_or(0));
    if (key.noncurrent_seen >= keep &&
        due(now_ms, lifecycle::dueAfterDays(key.successor_ms, *rule.noncurrent_days)))
      return true;
  }
  return false;
}

// The class a noncurrent version is due to move to: its NoncurrentVersionTransitions counted from
// when its successor was written, beyond the NewerNoncurrentVersions newest noncurrent ones; the
// furthest down the waterfall.
std::optional<std::string> noncurrentTransition(const std::vector<lifecycle::Rule>& rules,
                                                const KeyWalk& key, const ObjectVersion& version,
                                                std::int64_t now_ms) {
  if (version.is_delete_marker) return std::nullopt;
  std::optional<std::string> target;
  int best = lifecycle::storageClassRank(version.attributes.storage_class);
  for (const auto& rule : rules) {
    if (rule.noncurrent_transitions.empty() || !lifecycle::selects(rule.filter, version)) continue;
    for (const auto& transition : rule.noncurrent_transitions) {
      const int rank = lifecycle::storageClassRank(transition.storage_class);
      const auto keep = static_cast<std::size_t>(transition.newer_noncurrent.value_or(0));
      if (rank <= best || key.noncurrent_seen < keep || !transition.days ||
          !lifecycle::transitionsSize(rule, transition.storage_class, version.size) ||
          !due(now_ms, lifecycle::dueAfterDays(key.successor_ms, *transition.days)))
        continue;
      best = rank;
      target = transition.storage_class;
    }
  }
  return target;
}

void planVersion(BucketWalk& walk, const ObjectVersion& version, std::int64_t now_ms) {
  if (version.key != walk.key.key || walk.key.position == 0) {
    if (walk.key.position > 0) finishKey(walk, now_ms);
    walk.key.key = version.key;
  }
  KeyWalk& key = walk.key;
  if (key.position == 0) {
    if (version.is_delete_marker) {
      key.marker = version;
    } else if (auto expiry = lifecycle::currentVersionExpiry(walk.rules, version);
               expiry && due(now_ms, expiry->at_ms)) {
      walk.pending.push_back({Action::Kind::ExpireCurrent, version, {}});
    } else if (auto target = lifecycle::dueCurrentTransition(walk.rules, version, now_ms)) {
      walk.pending.push_back({Action::Kind::Transition, version, {}, *target});
    }
  } else {
    // A version became noncurrent when its successor was written. Expiring wins over moving.
    if (noncurrentExpires(walk.rules, key, version, now_ms))
      walk.pending.push_back({Action::Kind::DeleteVersion, version, {}});
    else if (auto target = noncurrentTransition(walk.rules, key, version, now_ms))
      walk.pending.push_back({Action::Kind::Transition, version, {}, *target});
    ++key.noncurrent_seen;
  }
  key.successor_ms = version.last_modified_ms;
  ++key.position;
}

void planUpload(BucketWalk& walk, const Upload& upload, std::int64_t now_ms) {
  // The date CreateMultipartUpload and ListParts announced (x-amz-abort-date).
  if (auto abort = lifecycle::uploadAbortDue(walk.rules, upload.key, upload.initiated_ms);
      abort && due(now_ms, abort->at_ms))
    walk.pending.push_back({Action::Kind::AbortUpload, {}, upload});
}

}  // namespace

struct LifecycleSweeper::Sweep {
  std::int64_t now_ms = 0;
  std::vector<std::string> buckets;  // still to walk, last first
  std::optional<BucketWalk> walk;
  SweepCounts counts;
  Notify notify;

  // One step: opens the next bucket, or lists a page and applies the previous page's actions.
  // Returns false when the sweep is over.
  bool step(S3Engine& engine) {
    if (!walk) return openNextBucket(engine);
    try {
      walkPage(engine);
    } catch (const AwsError& failure) {  // the bucket went away meanwhile
      spdlog::debug("s3 lifecycle: {} skipped: {}", walk->bucket.name, failure.message);
      walk.reset();
    }
    return true;
  }

  bool openNextBucket(S3Engine& engine) {
    while (!buckets.empty()) {
      std::string name = std::move(buckets.back());
      buckets.pop_back();
      try {
        auto configuration = engine.bucketConfig(name, lifecycle::kConfig);
        if (!configuration) continue;
        auto rules = lifecycle::enabledRules(*configuration);
        if (rules.empty()) continue;
        walk.emplace();
        walk->bucket = engine.bucket(name);
        walk->rules = std::move(rules);
        walk->request.max = kBatch;
        return true;
      } catch (const AwsError&) {
        continue;  // deleted since the sweep began
      }
    }
    return false;
  }

  void walkPage(S3Engine& engine) {
    BucketWalk& w = *walk;
    if (!w.versions_done) {
      auto page = engine.listObjectVersions(w.bucket.name, w.request);
      apply(engine);
      for (const auto& version : page.entries) planVersion(w, version, now_ms);
      if (page.truncated) {
        w.request.key_marker = page.next_key_marker.value_or("");
        w.request.id_marker = page.next_id_marker.value_or("");
        return;
      }
      if (w.key.position > 0) finishKey(w, now_ms);
      apply(engine);
      w.versions_done = true;
      w.request = listing::MarkedRequest{};
      w.request.max = kBatch;
      return;
    }
    auto page = engine.listMultipartUploads(w.bucket.name, w.request);
    apply(engine);
    for (const auto& upload : page.entries) planUpload(w, upload, now_ms);
    if (page.truncated) {
      w.request.key_marker = page.next_key_marker.value_or("");
      w.request.id_marker = page.next_id_marker.value_or("");
      return;
    }
    apply(engine);
    walk.reset();
  }

  void apply(S3Engine& engine) {
    auto actions = std::move(walk->pending);
    walk->pending.clear();
    for (const auto& action : actions) {
      try {
        run(engine, action);
      } catch (const AwsError& failure) {
        // Changed or removed since it was listed, or protected: nothing to do.
        spdlog::debug("s3 lifecycle: {}/{}: {}", walk->bucket.name, action.version.key,
                      failure.message);
      }
    }
  }

  void run(S3Engine& engine, const Action& action) {
    const Bucket& bucket = walk->bucket;
    const ObjectVersion& version = action.version;
    switch (action.kind) {
      case Action::Kind::ExpireCurrent: {
        // Expire only the version that was judged: not one written since the listing.
        if (engine.headObject({bucket.name, version.key, std::nullopt}).object.seq != version.seq)
          return;
        DeleteResult result =
            engine.deleteObject({bucket.name, version.key, std::nullopt, bucket.account});
        if (result.delete_marker) {
          ++counts.markers_created;
          ObjectVersion marker = version;
          marker.is_delete_marker = true;
          marker.version_id = result.version_id.value_or("null");
          notify("s3:LifecycleExpiration:DeleteMarkerCreated", bucket.name, marker,
                 result.version_id);
        } else {
          ++counts.objects_deleted;
          notify("s3:LifecycleExpiration:Delete", bucket.name, version, result.version_id);
        }
        return;
      }
      case Action::Kind::DeleteVersion: {
        checkDeletable(version, false, static_cast<double>(now_ms) / 1000);  // Object Lock
        engine.deleteObject({bucket.name, version.key, version.version_id, bucket.account});
        ++counts.versions_deleted;
        notify("s3:LifecycleExpiration:Delete", bucket.name, version,
               reportedVersionId(bucket.versioning, version.version_id));
        return;
      }
      case Action::Kind::Transition:
        // Not when the version changed class or went away since it was listed.
        if (!engine.transitionObject(version, action.storage_class)) return;
        ++counts.objects_transitioned;
        notify("s3:LifecycleTransition", bucket.name, version,
               reportedVersionId(bucket.versioning, version.version_id));
        return;
      case Action::Kind::AbortUpload:
        engine.abortMultipartUpload(bucket.name, action.upload.key, action.upload.upload_id);
        ++counts.uploads_aborted;
        return;
    }
  }
};

LifecycleSweeper::LifecycleSweeper(asio::any_io_executor executor, EngineSource engine,
                                   Notify notify, std::chrono::milliseconds interval,
                                   const Clock& clock)
    : executor_(executor),
      engine_(std::move(engine)),
      notify_(std::move(notify)),
      interval_(interval),
      clock_(clock),
      timer_(executor) {}

LifecycleSweeper::~LifecycleSweeper() { stop(); }

void LifecycleSweeper::start() { schedule(interval_); }

void LifecycleSweeper::stop() {
  *alive_ = false;
  timer_.cancel();
}

void LifecycleSweeper::schedule(std::chrono::milliseconds delay) {
  timer_.expires_after(delay);
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& error) {
    if (error || !*alive) return;
    begin();
  });
}

void LifecycleSweeper::begin() {
  S3Engine* engine = engine_();
  if (!engine) return schedule(interval_);
  auto sweep = std::make_shared<Sweep>();
  sweep->now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch())
          .count();
  sweep->notify = notify_;
  try {
    sweep->buckets = engine->bucketsWithConfig(lifecycle::kConfig);
  } catch (const std::exception& failure) {
    spdlog::warn("s3 lifecycle: cannot list buckets: {}", failure.what());
    return schedule(interval_);
  }
  std::reverse(sweep->buckets.begin(), sweep->buckets.end());  // walked from the back
  step(std::move(sweep));
}

void LifecycleSweeper::step(std::shared_ptr<Sweep> sweep) {
  bool more = false;
  try {
    if (S3Engine* engine = engine_()) more = sweep->step(*engine);
  } catch (const std::exception& failure) {
    spdlog::warn("s3 lifecycle: sweep stopped: {}", failure.what());
  }
  if (!more) {
    if (sweep->counts.total() > 0)
      spdlog::info(
          "s3 lifecycle: {} objects expired, {} delete markers created, {} versions "
          "deleted, {} uploads aborted, {} versions transitioned",
          sweep->counts.objects_deleted, sweep->counts.markers_created,
          sweep->counts.versions_deleted, sweep->counts.uploads_aborted,
          sweep->counts.objects_transitioned);
    return schedule(interval_);
  }
  // The next step goes behind whatever else waits on the background thread.
  asio::post(executor_, [this, alive = alive_, sweep = std::move(sweep)]() mutable {
    if (*alive) step(std::move(sweep));
  });
}

SweepCounts LifecycleSweeper::sweepNow(S3Engine& engine, std::int64_t now_ms) {
  Sweep sweep;
  sweep.now_ms = now_ms;
  sweep.notify = notify_;
  sweep.buckets = engine.bucketsWithConfig(lifecycle::kConfig);
  std::reverse(sweep.buckets.begin(), sweep.buckets.end());
  while (sweep.step(engine)) {
  }
  return sweep.counts;
}

}  // namespace awsemu::s3
