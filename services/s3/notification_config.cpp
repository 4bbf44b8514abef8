// Get/PutBucketNotificationConfiguration. Putting a configuration sends an s3:TestEvent to each
// destination, which also checks the destination exists (unless SkipDestinationValidation).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "awsemu/core/ids.hpp"
#include "services/s3/config_handlers.hpp"
#include "services/s3/event_notifications.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

AwsError unableToValidate(const std::string& arn, const std::string& kind) {
  std::string what = kind == "Queue" ? "queue" : kind == "Topic" ? "topic" : "function";
  return AwsError("InvalidArgument", "Unable to validate the following destination configurations",
                  400)
      .with("ArgumentName1", arn)
      .with("ArgumentValue1", "Permissions on the destination " + what +
                                  " do not allow S3 to publish notifications from this bucket");
}

// Sends the test event to each destination, synchronously: a destination that refuses it fails
// the Put. A destination whose service awsemu does not run (no event bus target) is accepted.
void sendTestEvents(const ConfigRegistrar& r, const RequestContext& ctx, const std::string& bucket,
                    const Json& configuration, bool validate) {
  events::EventBus* bus = r.events();
  if (!bus) return;
  std::string body =
      notifications::testEvent(bucket, ctx.request_id, ids::s3HostId(), toEpochSeconds(ctx.now()))
          .dump();
  const std::string owner = r.engine().bucket(bucket).account;  // aws:SourceAccount (ENFORCE_IAM)
  for (const auto& destination : notifications::allDestinations(configuration)) {
    events::Delivery delivery;
    delivery.target_arn = destination.arn;
    delivery.source_arn = "arn:aws:s3:::" + bucket;
    delivery.source_account = owner;
    delivery.body = body;
    delivery.description = "s3:TestEvent " + bucket;
    try {
      bus->deliverNow(delivery);
    } catch (const AwsError& error) {
      if (validate) throw unableToValidate(destination.arn, destination.kind);
    } catch (const std::invalid_argument&) {
      spdlog::debug("s3:TestEvent for {}: no service serves {}", bucket, destination.arn);
    }
  }
}

}  // namespace

void registerNotificationConfigs(const ConfigRegistrar& r) {
  r.on("PutBucketNotificationConfiguration", [r](RequestContext& ctx, const Json& in) {
    std::string bucket = bucketOf(in);
    r.engine().bucket(bucket);
    Json configuration = in.value("NotificationConfiguration", Json::object());
    if (!configuration.is_object()) throw errors::malformedXml();
    notifications::validate(configuration);
    bool skip = in.value("SkipDestinationValidation", false);
    sendTestEvents(r, ctx, bucket, configuration, !skip);
    r.engine().putBucketConfig(bucket, notifications::kConfig, configuration);
    return Json::object();
  });
  r.on("GetBucketNotificationConfiguration", [r](RequestContext&, const Json& in) {
    auto stored = r.engine().bucketConfig(bucketOf(in), notifications::kConfig);
    Json configuration = stored ? *stored : Json::object();
    // Unset, S3 answers an empty <NotificationConfiguration/>: an empty (flattened) list makes the
    // codec write the document without writing any element of it.
    if (configuration.empty()) configuration["TopicConfigurations"] = Json::array();
    return configuration;
  });
}

}  // namespace awsemu::s3
