#pragma once
// S3 event notifications: which configurations of a bucket's NotificationConfiguration an event
// matches (event name with wildcards, key prefix/suffix filter rules), and the event records S3
// delivers.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3::notifications {

inline constexpr std::string_view kConfig = "notification";  // the bucket config subresource

// One destination of a configuration.
struct Destination {
  std::string kind;  // "Queue", "Topic", "LambdaFunction"
  std::string arn;
  std::string configuration_id;
};

// Validates a PutBucketNotificationConfiguration document and fills in generated Ids. Throws
// InvalidArgument (unknown event, bad filter rule, overlapping configurations, FIFO queue).
void validate(Json& configuration);

// Every destination of `configuration` that `event_name` ("s3:ObjectCreated:Put") for `key`
// goes to.
std::vector<Destination> destinationsFor(const Json& configuration, std::string_view event_name,
                                         std::string_view key);

// Every destination in the configuration (for the s3:TestEvent).
std::vector<Destination> allDestinations(const Json& configuration);

struct EventContext {
  std::string event_name;  // "s3:ObjectCreated:Put"
  std::string region, bucket, bucket_owner_account;
  std::string principal_id;  // "AWS:<user id>" or "Anonymous"
  std::string source_ip, request_id, host_id;
  double event_time = 0;  // epoch seconds
};

// {"Records": [ ... ]} for one object event.
Json eventRecord(const EventContext& event, const Destination& destination,
                 const ObjectVersion& object, const std::optional<std::string>& version_id);

// The message S3 sends to every destination when the configuration is set.
Json testEvent(std::string_view bucket, std::string_view request_id, std::string_view host_id,
               double time);

}  // namespace awsemu::s3::notifications
