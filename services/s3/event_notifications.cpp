#include "services/s3/event_notifications.hpp"

#include <array>
#include <cstdio>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/core/time.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_owner.hpp"

namespace awsemu::s3::notifications {
namespace {

struct Kind {
  const char* list;  // member of NotificationConfiguration
  const char* arn;   // member of each configuration
  const char* name;  // Destination::kind
};
constexpr std::array<Kind, 3> kKinds{{
    {"QueueConfigurations", "QueueArn", "Queue"},
    {"TopicConfigurations", "TopicArn", "Topic"},
    {"LambdaFunctionConfigurations", "LambdaFunctionArn", "LambdaFunction"},
}};

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html#supported-notification-event-types
constexpr std::array<std::string_view, 27> kEvents{
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete",
    "s3:ReducedRedundancyLostObject",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:Replication:OperationNotTracked",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:LifecycleTransition",
    "s3:IntelligentTiering",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete",
    "s3:ObjectAcl:Put",
};

AwsError invalid(std::string message, std::string_view name = {}, std::string_view value = {}) {
  return errors::invalidArgument(std::move(message), name, value);
}

// "s3:ObjectCreated:*" covers "s3:ObjectCreated:Put".
bool eventMatches(std::string_view configured, std::string_view event) {
  if (configured == event) return true;
  if (configured.size() >= 2 && configured.substr(configured.size() - 2) == ":*")
    return event.substr(0, configured.size() - 1) == configured.substr(0, configured.size() - 1);
  return false;
}

struct KeyFilter {
  std::string prefix, suffix;
};

KeyFilter keyFilter(const Json& configuration) {
  KeyFilter filter;
  const Json& rules = configuration.value("Filter", Json::object())
                          .value("Key", Json::object())
                          .value("FilterRules", Json::array());
  for (const auto& rule : rules) {
    std::string name = strings::toLower(rule.value("Name", ""));
    (name == "prefix" ? filter.prefix : filter.suffix) = rule.value("Value", "");
  }
  return filter;
}

void validateFilter(const Json& configuration) {
  const Json& rules = configuration.value("Filter", Json::object())
                          .value("Key", Json::object())
                          .value("FilterRules", Json::array());
  bool prefix = false, suffix = false;
  for (const auto& rule : rules) {
    std::string name = strings::toLower(rule.value("Name", ""));
    if (name != "prefix" && name != "suffix")
      throw invalid("filter rule name must be either prefix or suffix", "FilterRule",
                    rule.value("Name", ""));
    bool& seen = name == "prefix" ? prefix : suffix;
    if (seen)
      throw invalid("Cannot specify more than one " + name + " rule in a filter.", "FilterRule",
                    name);
    seen = true;
  }
}

bool overlaps(const Json& a, const Json& b) {
  bool shared_event = false;
  for (const auto& x : a.value("Events", Json::array()))
    for (const auto& y : b.value("Events", Json::array())) {
      std::string ex = x.get<std::string>(), ey = y.get<std::string>();
      if (eventMatches(ex, ey) || eventMatches(ey, ex)) shared_event = true;
    }
  if (!shared_event) return false;
  KeyFilter fa = keyFilter(a), fb = keyFilter(b);
  bool prefixes = fa.prefix.rfind(fb.prefix, 0) == 0 || fb.prefix.rfind(fa.prefix, 0) == 0;
  auto endsWith = [](const std::string& text, const std::string& end) {
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
  };
  bool suffixes = endsWith(fa.suffix, fb.suffix) || endsWith(fb.suffix, fa.suffix);
  return prefixes && suffixes;
}

// "folder/my file.txt" -> "folder/my+file.txt", as S3 encodes keys in event records.
std::string eventKey(std::string_view key) {
  std::string encoded = encoding::uriEncode(key, false);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded.compare(i, 3, "%20") == 0) {
      out += '+';
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

}  // namespace

void validate(Json& configuration) {
  std::vector<Json*> all;
  for (const auto& kind : kKinds) {
    auto list = configuration.find(kind.list);
    if (list == configuration.end()) continue;
    if (!list->is_array()) throw errors::malformedXml();
    for (auto& one : *list) {
      std::string arn = one.value(kind.arn, "");
      if (arn.empty()) throw errors::malformedXml();
      if (std::string_view(kind.name) == "Queue" && arn.size() > 5 &&
          arn.compare(arn.size() - 5, 5, ".fifo") == 0)
        throw invalid("The destination queue cannot be a FIFO queue", arn,
                      "FIFO SQS queues are not supported as a destination");
      const Json& events = one.value("Events", Json::array());
      if (events.empty()) throw errors::malformedXml();
      for (const auto& event : events) {
        std::string name = event.is_string() ? event.get<std::string>() : "";
        bool known = false;
        for (auto supported : kEvents) known |= supported == name;
        if (!known) throw invalid("The event is not supported for notifications", "Event", name);
      }
      validateFilter(one);
      if (!one.contains("Id")) one["Id"] = encoding::base64Encode(ids::uuid4()).substr(0, 48);
      all.push_back(&one);
    }
  }
  for (std::size_t i = 0; i < all.size(); ++i)
    for (std::size_t j = i + 1; j < all.size(); ++j)
      if (overlaps(*all[i], *all[j]))
        throw invalid(
            "Configurations overlap. Configurations on the same bucket cannot share a common "
            "event type.",
            "Event", "");
}

std::vector<Destination> destinationsFor(const Json& configuration, std::string_view event_name,
                                         std::string_view key) {
  std::vector<Destination> out;
  for (const auto& kind : kKinds) {
    auto list = configuration.find(kind.list);
    if (list == configuration.end() || !list->is_array()) continue;
    for (const auto& one : *list) {
      bool matched = false;
      for (const auto& event : one.value("Events", Json::array()))
        matched |= event.is_string() && eventMatches(event.get<std::string>(), event_name);
      if (!matched) continue;
      KeyFilter filter = keyFilter(one);
      if (key.substr(0, filter.prefix.size()) != filter.prefix) continue;
      if (key.size() < filter.suffix.size() ||
          key.substr(key.size() - filter.suffix.size()) != filter.suffix)
        continue;
      out.push_back({kind.name, one.value(kind.arn, ""), one.value("Id", "")});
    }
  }
  return out;
}

std::vector<Destination> allDestinations(const Json& configuration) {
  std::vector<Destination> out;
  for (const auto& kind : kKinds)
    if (auto list = configuration.find(kind.list); list != configuration.end() && list->is_array())
      for (const auto& one : *list)
        out.push_back({kind.name, one.value(kind.arn, ""), one.value("Id", "")});
  return out;
}

Json eventRecord(const EventContext& event, const Destination& destination,
                 const ObjectVersion& object, const std::optional<std::string>& version_id) {
  char sequencer[32];
  std::snprintf(sequencer, sizeof sequencer, "%016llX",
                static_cast<unsigned long long>(object.seq));
  Json s3_object{{"key", eventKey(object.key)}, {"sequencer", sequencer}};
  if (event.event_name.rfind("s3:ObjectRemoved", 0) != 0 &&
      event.event_name.rfind("s3:LifecycleExpiration", 0) != 0) {
    s3_object["size"] = object.size;
    std::string etag = object.etag;
    if (etag.size() >= 2 && etag.front() == '"') etag = etag.substr(1, etag.size() - 2);
    s3_object["eTag"] = etag;
  }
  if (version_id && !version_id->empty()) s3_object["versionId"] = *version_id;
  Json record{
      {"eventVersion", "2.1"},
      {"eventSource", "aws:s3"},
      {"awsRegion", event.region},
      {"eventTime", timefmt::iso8601(event.event_time, 3, true)},
      {"eventName", event.event_name.substr(3)},  // without "s3:"
      {"userIdentity", {{"principalId", event.principal_id}}},
      {"requestParameters", {{"sourceIPAddress", event.source_ip}}},
      {"responseElements", {{"x-amz-request-id", event.request_id}, {"x-amz-id-2", event.host_id}}},
      {"s3",
       {{"s3SchemaVersion", "1.0"},
        {"configurationId", destination.configuration_id},
        {"bucket",
         {{"name", event.bucket},
          {"ownerIdentity", {{"principalId", canonicalUserId(event.bucket_owner_account)}}},
          {"arn", "arn:aws:s3:::" + event.bucket}}},
        {"object", s3_object}}}};
  return Json{{"Records", Json::array({record})}};
}

Json testEvent(std::string_view bucket, std::string_view request_id, std::string_view host_id,
               double time) {
  return Json{{"Service", "Amazon S3"},
              {"Event", "s3:TestEvent"},
              {"Time", timefmt::iso8601(time, 3, true)},
              {"Bucket", std::string(bucket)},
              {"RequestId", std::string(request_id)},
              {"HostId", std::string(host_id)}};
}

}  // namespace awsemu::s3::notifications
