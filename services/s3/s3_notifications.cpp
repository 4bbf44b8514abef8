// S3 event notifications: the bucket's NotificationConfiguration decides which events go to which
// SQS queues (and SNS topics, Lambda functions once they take deliveries), delivered through the
// event bus in AWS's event format.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
#include <spdlog/spdlog.h>

#include "awsemu/core/ids.hpp"
#include "services/s3/event_notifications.hpp"
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {

// Never throws: the write it reports has already succeeded.
void S3Service::notify(RequestContext& ctx, std::string_view event_name, const std::string& bucket,
                       const ObjectVersion& object, const std::optional<std::string>& version_id) {
  if (!events_) return;
  std::optional<NotificationTarget> target;
  try {
    target = notificationTarget(bucket);
  } catch (const std::exception& failure) {
    spdlog::error("s3 notification {} for {}/{} failed: {}", event_name, bucket, object.key,
                  failure.what());
  }
  if (target) notify(ctx, event_name, *target, object, version_id);
}

std::optional<S3Service::NotificationTarget> S3Service::notificationTarget(
    const std::string& bucket) {
  if (!events_) return std::nullopt;
  auto configuration = engine().bucketConfig(bucket, notifications::kConfig);
  if (!configuration || configuration->empty()) return std::nullopt;
  return NotificationTarget{std::move(*configuration), engine().bucket(bucket)};
}

void S3Service::notify(RequestContext& ctx, std::string_view event_name,
                       const NotificationTarget& target, const ObjectVersion& object,
                       const std::optional<std::string>& version_id) {
  if (!events_) return;
  const std::string& bucket = target.bucket.name;
  try {
    auto destinations =
        notifications::destinationsFor(target.configuration, event_name, object.key);
    if (destinations.empty()) return;
    const Bucket& row = target.bucket;
    notifications::EventContext event;
    event.event_name = std::string(event_name);
    event.region = row.region;
    event.bucket = bucket;
    event.bucket_owner_account = row.account;
    event.principal_id = ctx.caller.anonymous ? "Anonymous" : "AWS:" + ctx.caller.user_id;
    event.source_ip = "127.0.0.1";
    // Lifecycle actions are S3's own: its events name S3 as principal and source.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configure-notification.html
    if (event_name.starts_with("s3:Lifecycle"))
      event.principal_id = event.source_ip = "s3.amazonaws.com";
    event.request_id = ctx.request_id;
    event.host_id = ids::s3HostId();
    event.event_time = toEpochSeconds(ctx.now());
    for (const auto& destination : destinations) {
      if (destination.kind == "LambdaFunction") continue;  // stored until Lambda takes deliveries
      events::Delivery delivery;
      delivery.target_arn = destination.arn;
      delivery.source_arn = "arn:aws:s3:::" + bucket;
      delivery.source_account = row.account;  // aws:SourceAccount (ENFORCE_IAM)
      delivery.body = notifications::eventRecord(event, destination, object, version_id).dump();
      delivery.description = std::string(event_name) + " " + bucket + "/" + object.key;
      events_->publish(std::move(delivery));
    }
  } catch (const std::exception& failure) {
    spdlog::error("s3 notification {} for {}/{} failed: {}", event_name, bucket, object.key,
                  failure.what());
  }
}

}  // namespace awsemu::s3
