// S3 Lifecycle as S3Service runs it: the sweep on the background executor and the
// x-amz-expiration header of GetObject/HeadObject. The rules are in lifecycle_rules.hpp, the
// sweep's walk in lifecycle_sweeper.hpp.
#include <spdlog/spdlog.h>

#include "awsemu/core/ids.hpp"
#include "awsemu/service/environment.hpp"
#include "services/s3/lifecycle_rules.hpp"
#include "services/s3/lifecycle_sweeper.hpp"
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {

void S3Service::startLifecycle(service::ServiceEnvironment& env) {
  auto engine = [this]() -> S3Engine* {
    return engine_open_.load(std::memory_order_acquire) ? engine_.get() : nullptr;
  };
  // Lifecycle events are S3's own doing: no request, no caller (s3_notifications.cpp names
  // s3.amazonaws.com as their principal).
  auto notify_event = [this](std::string_view event, const std::string& bucket,
                             const ObjectVersion& object,
                             const std::optional<std::string>& version_id) {
    RequestContext ctx;
    ctx.request_id = ids::randomAlnum(16, true);
    ctx.service = "s3";
    notify(ctx, event, bucket, object, version_id);
  };
  lifecycle_ = std::make_unique<LifecycleSweeper>(
      env.background, engine, notify_event,
      std::chrono::seconds(env.config.s3_lifecycle_interval_seconds));
  lifecycle_->start();
}

bool S3Service::changesLifecycle(const std::string& operation) {
  return operation == "PutBucketLifecycleConfiguration" || operation == "PutBucketLifecycle" ||
         operation == "DeleteBucketLifecycle" || operation == "DeleteBucket";
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_ResponseSyntax:
// x-amz-expiration names the expiry date and rule of a current version an Expiration will delete.
void S3Service::addExpiration(const Json& input, Json& out) {
  if (input.contains("VersionId") || out.value("DeleteMarker", false)) return;
  const std::string bucket = input.value("Bucket", "");
  if (cachedLifecycleRules(bucket)->empty()) return;  // no database read for buckets without rules
  ObjectRead read = engine().headObject({bucket, input.value("Key", ""), std::nullopt});
  addExpiration(read.object, out);
}

// PutObject, CopyObject and CompleteMultipartUpload answer it for the version they wrote.
void S3Service::addExpiration(const ObjectVersion& object, Json& out) {
  if (auto expiry = lifecycle::currentVersionExpiry(*cachedLifecycleRules(object.bucket), object))
    out["Expiration"] = lifecycle::expirationHeader(*expiry);
}

// CreateMultipartUpload and ListParts: when the bucket's lifecycle will abort the upload.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html
void S3Service::addAbortDate(const Upload& upload, Json& out) {
  if (auto abort = lifecycle::uploadAbortDue(*cachedLifecycleRules(upload.bucket), upload.key,
                                             upload.initiated_ms)) {
    out["AbortDate"] = static_cast<double>(abort->at_ms) / 1000.0;
    out["AbortRuleId"] = abort->rule_id;
  }
}

lifecycle::RulesCache::Rules S3Service::cachedLifecycleRules(const std::string& bucket) {
  return lifecycle_rules_.rulesOf(
      bucket, [&] { return engine().bucketConfig(bucket, lifecycle::kConfig); });
}

}  // namespace awsemu::s3
