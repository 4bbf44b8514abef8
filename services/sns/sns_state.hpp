#pragma once
// Everything SNS holds, in memory, under one lock: topics, subscriptions (and the tokens that
// confirm them), platform applications and endpoints, SMS settings, and the messages recorded for
// SMS numbers and platform endpoints (the developer endpoints show them; they are never sent).
//
// Publish takes the lock shared and copies the topic's subscription list (shared pointers to
// immutable subscriptions), so deliveries never hold it. Changes replace a subscription object
// instead of editing it.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/sns/filter_policy.hpp"

namespace awsemu::sns {

struct Topic {
  std::string arn, name, account, region;
  bool fifo = false;
  std::map<std::string, std::string> attributes;  // as set: DisplayName, Policy, DeliveryPolicy...
  std::map<std::string, std::string> tags;
  std::vector<std::string> subscriptions;  // ARNs, in subscription order
  std::uint64_t sequence = 0;              // FIFO SequenceNumber counter
  // FIFO deduplication: id -> (message id, expiry in epoch ms), 5 minutes.
  std::map<std::string, std::pair<std::string, std::int64_t>> deduplication;

  bool contentBasedDeduplication() const;
  Json toJson() const;
  static Topic fromJson(const Json& doc);
};

struct Subscription {
  std::string arn, topic_arn, protocol, endpoint, owner;
  bool pending = false;
  bool authenticated = false;  // ConfirmationWasAuthenticated
  std::string token;           // the confirmation token (kept: it may be used again)
  std::map<std::string, std::string> attributes;  // FilterPolicy, RawMessageDelivery, ...
  std::shared_ptr<const FilterPolicy> filter;     // parsed FilterPolicy, or null

  bool raw() const;
  std::string attribute(const std::string& name) const;
  std::string deadLetterArn() const;  // from RedrivePolicy, or ""
  Json toJson() const;
  static Subscription fromJson(const Json& doc);  // parses the filter policy again
};
using SubscriptionPtr = std::shared_ptr<const Subscription>;

struct PlatformApplication {
  std::string arn, name, platform;
  std::map<std::string, std::string> attributes;
  Json toJson() const;
  static PlatformApplication fromJson(const Json& doc);
};

struct PlatformEndpoint {
  std::string arn, application_arn;
  std::map<std::string, std::string> attributes;  // Token, CustomUserData, Enabled
  Json toJson() const;
  static PlatformEndpoint fromJson(const Json& doc);
};

// The resources' kinds in the store.
inline constexpr const char* kTopicKind = "topic";
inline constexpr const char* kSubscriptionKind = "subscription";
inline constexpr const char* kApplicationKind = "application";
inline constexpr const char* kEndpointKind = "endpoint";
inline constexpr const char* kSmsKind = "sms";  // key: account/region, doc: attributes + opt-outs

struct SnsState {
  mutable std::shared_mutex mutex;
  std::map<std::string, Topic> topics;  // by ARN (ordered: ListTopics pages)
  std::map<std::string, SubscriptionPtr> subscriptions;
  std::map<std::string, std::string> tokens;  // token -> subscription ARN
  std::map<std::string, PlatformApplication> applications;
  std::map<std::string, PlatformEndpoint> endpoints;
  // "<account>/<region>" -> {"attributes": {...}, "opted_out": [...], "sandbox": [...]}
  std::map<std::string, Json> sms;
  // Recorded messages (developer endpoints), by "<account>/<region>", then number / endpoint.
  std::map<std::string, std::map<std::string, std::vector<Json>>> sms_messages;
  std::map<std::string, std::map<std::string, std::vector<Json>>> endpoint_messages;

  void clear();
  const Topic* topic(const std::string& arn) const;
  Topic* topic(const std::string& arn);
  SubscriptionPtr subscription(const std::string& arn) const;
  std::vector<SubscriptionPtr> subscriptionsOf(const Topic& topic) const;
};

}  // namespace awsemu::sns
