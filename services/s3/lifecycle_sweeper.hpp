#pragma once
// The S3 Lifecycle sweep: every interval (S3_LIFECYCLE_INTERVAL) it walks the buckets that have a
// lifecycle configuration and applies their Enabled rules' actions that have fallen due:
//  - Expiration (Days / Date) of current versions: an unversioned bucket's object is deleted
//    (s3:LifecycleExpiration:Delete); a versioned or suspended bucket gets a delete marker
//    instead (s3:LifecycleExpiration:DeleteMarkerCreated), as a DELETE without a version id would.
//  - Expired object delete markers (a marker that is the key's only version) are removed, with
//    ExpiredObjectDeleteMarker or an Expiration that deletes current versions.
//  - NoncurrentVersionExpiration: a version NoncurrentDays after its successor was written (and
//    beyond the NewerNoncurrentVersions newest noncurrent ones) is deleted for good.
//  - AbortIncompleteMultipartUpload: uploads DaysAfterInitiation after they began are aborted.
//  - Transition (Days / Date) of current versions and NoncurrentVersionTransition (NoncurrentDays,
//    NewerNoncurrentVersions) of noncurrent ones: the version's storage class changes
//    (s3:LifecycleTransition), never up S3's waterfall, and objects under 128 KiB only as
//    TransitionDefaultMinimumObjectSize allows (lifecycle_rules.hpp). A version that expires in
//    the same sweep is not moved. GLACIER / DEEP_ARCHIVE versions then need RestoreObject.
// Versions protected by Object Lock are not deleted (they may still change class), as S3 does.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
//
// Threads. The timer and the steps run on the background executor, which event deliveries share:
// each step lists one small page (kBatch versions or uploads) and applies the previous page's
// actions, then posts the next step, so deliveries queued meanwhile run between steps. A page's
// actions are applied only after the next page was listed: the listing continues after the
// page's last entry, which must still exist to be found.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/time.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

// What one sweep did (logs and tests).
struct SweepCounts {
  std::size_t objects_deleted = 0;   // current versions of unversioned buckets
  std::size_t markers_created = 0;   // current versions of versioned buckets
  std::size_t versions_deleted = 0;  // noncurrent versions and expired delete markers
  std::size_t uploads_aborted = 0;
  std::size_t objects_transitioned = 0;  // current or noncurrent versions given another class
  std::size_t total() const {
    return objects_deleted + markers_created + versions_deleted + uploads_aborted +
           objects_transitioned;
  }
};

class LifecycleSweeper {
 public:
  // The engine once it is open (nullptr before: an idle server opens no database for a sweep).
  using EngineSource = std::function<S3Engine*()>;
  // An object event ("s3:LifecycleExpiration:Delete", ...) for the bucket's notifications.
  using Notify = std::function<void(std::string_view event, const std::string& bucket,
                                    const ObjectVersion& object,
                                    const std::optional<std::string>& version_id)>;

  static constexpr std::size_t kBatch = 100;

  LifecycleSweeper(boost::asio::any_io_executor executor, EngineSource engine, Notify notify,
                   std::chrono::milliseconds interval, const Clock& clock = systemClock());
  ~LifecycleSweeper();
  LifecycleSweeper(const LifecycleSweeper&) = delete;
  LifecycleSweeper& operator=(const LifecycleSweeper&) = delete;

  // The first sweep runs one interval from now, the next one an interval after each ends.
  void start();
  void stop();  // no further steps (a step in progress finishes)

  // A whole sweep at `now_ms` on the calling thread (tests).
  SweepCounts sweepNow(S3Engine& engine, std::int64_t now_ms);

 private:
  struct Sweep;
  void schedule(std::chrono::milliseconds delay);
  void begin();
  void step(std::shared_ptr<Sweep> sweep);

  boost::asio::any_io_executor executor_;
  EngineSource engine_;
  Notify notify_;
  std::chrono::milliseconds interval_;
  const Clock& clock_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace awsemu::s3
