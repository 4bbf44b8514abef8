#include "services/sns/delivery_policy.hpp"

#include <algorithm>
#include <cmath>

#include "services/sns/sns_errors.hpp"

namespace awsemu::sns {
namespace {

void readRetry(const Json& retry, HttpRetryPolicy& p) {
  if (!retry.is_object()) return;
  p.num_retries = retry.value("numRetries", p.num_retries);
  p.num_no_delay_retries = retry.value("numNoDelayRetries", p.num_no_delay_retries);
  p.num_min_delay_retries = retry.value("numMinDelayRetries", p.num_min_delay_retries);
  p.num_max_delay_retries = retry.value("numMaxDelayRetries", p.num_max_delay_retries);
  p.min_delay_target = retry.value("minDelayTarget", p.min_delay_target);
  p.max_delay_target = retry.value("maxDelayTarget", p.max_delay_target);
  p.backoff_function = retry.value("backoffFunction", p.backoff_function);
}

void readRequest(const Json& request, HttpRetryPolicy& p) {
  if (request.is_object()) p.content_type = request.value("headerContentType", p.content_type);
}

Json parseOrThrow(const std::string& text) {
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    throw errors::invalidParameter("DeliveryPolicy: failed to parse JSON.");
  return doc;
}

}  // namespace

std::chrono::milliseconds HttpRetryPolicy::delayBefore(int retry) const {
  using std::chrono::milliseconds;
  if (retry <= num_no_delay_retries) return milliseconds(0);
  retry -= num_no_delay_retries;
  if (retry <= num_min_delay_retries) return milliseconds(min_delay_target * 1000);
  retry -= num_min_delay_retries;
  int backoff = std::max(
      0, num_retries - num_no_delay_retries - num_min_delay_retries - num_max_delay_retries);
  if (retry > backoff) return milliseconds(max_delay_target * 1000);
  double fraction = backoff <= 1 ? 1.0 : double(retry - 1) / double(backoff - 1);
  double low = min_delay_target, high = std::max(max_delay_target, min_delay_target);
  double seconds = low;
  if (backoff_function == "exponential" || backoff_function == "geometric")
    seconds = low * std::pow(high / std::max(low, 1.0), fraction);
  else if (backoff_function == "arithmetic")
    seconds = low + (high - low) * fraction * fraction;
  else
    seconds = low + (high - low) * fraction;
  return milliseconds(static_cast<long>(seconds * 1000));
}

Json HttpRetryPolicy::toJson() const {
  return {{"numRetries", num_retries},
          {"numNoDelayRetries", num_no_delay_retries},
          {"numMinDelayRetries", num_min_delay_retries},
          {"numMaxDelayRetries", num_max_delay_retries},
          {"minDelayTarget", min_delay_target},
          {"maxDelayTarget", max_delay_target},
          {"backoffFunction", backoff_function},
          {"headerContentType", content_type}};
}

HttpRetryPolicy HttpRetryPolicy::fromJson(const Json& doc) {
  HttpRetryPolicy p;
  readRetry(doc, p);
  p.content_type = doc.value("headerContentType", p.content_type);
  return p;
}

HttpRetryPolicy effectiveHttpPolicy(const std::string& topic_policy,
                                    const std::string& subscription_policy) {
  HttpRetryPolicy p;
  bool overrides = true;
  if (!topic_policy.empty()) {
    Json doc = Json::parse(topic_policy, nullptr, false);
    if (doc.is_object() && doc.contains("http")) {
      const Json& http = doc["http"];
      readRetry(http.value("defaultHealthyRetryPolicy", Json()), p);
      readRequest(http.value("defaultRequestPolicy", Json()), p);
      overrides = !http.value("disableSubscriptionOverrides", false);
    }
  }
  if (overrides && !subscription_policy.empty()) {
    Json doc = Json::parse(subscription_policy, nullptr, false);
    if (doc.is_object()) {
      readRetry(doc.value("healthyRetryPolicy", Json()), p);
      readRequest(doc.value("requestPolicy", Json()), p);
    }
  }
  return p;
}

std::string defaultTopicDeliveryPolicy() {
  HttpRetryPolicy p;
  nlohmann::ordered_json retry = {{"minDelayTarget", p.min_delay_target},
                                  {"maxDelayTarget", p.max_delay_target},
                                  {"numRetries", p.num_retries},
                                  {"numMaxDelayRetries", 0},
                                  {"numNoDelayRetries", 0},
                                  {"numMinDelayRetries", 0},
                                  {"backoffFunction", "linear"}};
  nlohmann::ordered_json http = {{"defaultHealthyRetryPolicy", retry},
                                 {"disableSubscriptionOverrides", false},
                                 {"defaultRequestPolicy", {{"headerContentType", p.content_type}}}};
  return nlohmann::ordered_json{{"http", http}}.dump();
}

// https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html: at most 100
// retries, delays 1..3600 s, minimum not above maximum.
void validateDeliveryPolicy(const std::string& text, bool topic) {
  Json doc = parseOrThrow(text);
  Json retry;
  if (topic) {
    if (doc.contains("http") && doc["http"].is_object())
      retry = doc["http"].value("defaultHealthyRetryPolicy", Json());
  } else {
    retry = doc.value("healthyRetryPolicy", Json());
  }
  if (retry.is_null()) return;
  if (!retry.is_object()) throw errors::invalidParameter("DeliveryPolicy: healthyRetryPolicy");
  HttpRetryPolicy p;
  try {
    readRetry(retry, p);
  } catch (const Json::exception&) {
    throw errors::invalidParameter("DeliveryPolicy: failed to parse JSON.");
  }
  if (p.min_delay_target < 1 || p.max_delay_target > 3600 ||
      p.min_delay_target > p.max_delay_target)
    throw errors::invalidParameter(
        "DeliveryPolicy: minDelayTarget must be at least 1 and not above maxDelayTarget, which "
        "must be at most 3600");
  if (p.num_retries < 0 || p.num_retries > 100)
    throw errors::invalidParameter("DeliveryPolicy: numRetries must be between 0 and 100");
  if (p.num_no_delay_retries + p.num_min_delay_retries + p.num_max_delay_retries > p.num_retries)
    throw errors::invalidParameter(
        "DeliveryPolicy: numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not "
        "exceed numRetries");
  static const char* kFunctions[] = {"linear", "arithmetic", "geometric", "exponential"};
  if (std::find(std::begin(kFunctions), std::end(kFunctions), p.backoff_function) ==
      std::end(kFunctions))
    throw errors::invalidParameter("DeliveryPolicy: backoffFunction");
}

}  // namespace awsemu::sns
