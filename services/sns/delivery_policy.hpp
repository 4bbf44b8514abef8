#pragma once
// HTTP/S delivery retries: the topic's DeliveryPolicy ("http": defaultHealthyRetryPolicy, ...)
// and the subscription's (healthyRetryPolicy, ...), which overrides it unless the topic disables
// overrides. https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
#include <chrono>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu::sns {

struct HttpRetryPolicy {
  int num_retries = 3;
  int num_no_delay_retries = 0;
  int num_min_delay_retries = 0;
  int num_max_delay_retries = 0;
  int min_delay_target = 20;  // seconds
  int max_delay_target = 20;
  std::string backoff_function = "linear";
  std::string content_type = "text/plain; charset=UTF-8";

  // The wait before retry `retry` (1-based): the immediate phase, the minimum-delay phase, the
  // back-off phase from minimum to maximum, then the maximum-delay phase.
  std::chrono::milliseconds delayBefore(int retry) const;
  Json toJson() const;
  static HttpRetryPolicy fromJson(const Json& doc);
};

// The policy a subscription's HTTP deliveries follow.
HttpRetryPolicy effectiveHttpPolicy(const std::string& topic_policy,
                                    const std::string& subscription_policy);
// What GetTopicAttributes/GetSubscriptionAttributes show as EffectiveDeliveryPolicy.
std::string defaultTopicDeliveryPolicy();
// Throws InvalidParameter when a DeliveryPolicy is not one SNS accepts.
void validateDeliveryPolicy(const std::string& text, bool topic);

}  // namespace awsemu::sns
