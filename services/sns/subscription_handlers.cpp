// Subscriptions: subscribe (pending confirmation for HTTP/S and email), confirm, unsubscribe,
// attributes (filter policies, raw delivery, redrive and delivery policies), listings.
// https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html
#include <spdlog/spdlog.h>

#include <algorithm>
#include <regex>
#include <set>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "services/sns/delivery_policy.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_requests.hpp"
#include "services/sns/sns_service.hpp"

namespace awsemu::sns {
namespace {

const std::set<std::string> kProtocols = {"http", "https",       "email",  "email-json", "sms",
                                          "sqs",  "application", "lambda", "firehose"};
const std::set<std::string> kSubscriptionAttributes = {
    "DeliveryPolicy", "FilterPolicy",        "FilterPolicyScope", "RawMessageDelivery",
    "RedrivePolicy",  "SubscriptionRoleArn", "ReplayPolicy"};

bool needsConfirmation(const std::string& protocol) {
  return protocol == "http" || protocol == "https" || protocol == "email" ||
         protocol == "email-json";
}

bool isArnOf(const std::string& text, const char* service) {
  auto arn = Arn::parse(text);
  return arn && arn->service == service && !arn->resource.empty();
}

// https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html#API_Subscribe_RequestParameters
void checkEndpoint(const std::string& protocol, const std::string& endpoint) {
  static const std::regex phone(R"(\+?[0-9]{5,15})");
  bool ok = true;
  if (protocol == "http" || protocol == "https")
    ok = endpoint.starts_with(protocol + "://") && endpoint.size() > protocol.size() + 3;
  else if (protocol == "email" || protocol == "email-json")
    ok = endpoint.find('@') != std::string::npos;
  else if (protocol == "sqs")
    ok = isArnOf(endpoint, "sqs");
  else if (protocol == "lambda")
    ok = isArnOf(endpoint, "lambda");
  else if (protocol == "firehose")
    ok = isArnOf(endpoint, "firehose");
  else if (protocol == "application")
    ok = isArnOf(endpoint, "sns");
  else if (protocol == "sms")
    ok = std::regex_match(endpoint, phone);
  if (ok) return;
  if (protocol == "sqs") throw errors::invalidParameter("SQS endpoint ARN");
  if (protocol == "lambda") throw errors::invalidParameter("Lambda endpoint ARN");
  if (protocol == "sms") throw errors::invalidParameter("Invalid SMS endpoint: " + endpoint);
  if (protocol == "email" || protocol == "email-json")
    throw errors::invalidParameter("Email address");
  throw errors::invalidParameter("Endpoint");
}

void checkRedrivePolicy(const std::string& value) {
  if (value.empty()) return;
  Json doc = Json::parse(value, nullptr, false);
  if (!doc.is_object()) throw errors::invalidParameter("RedrivePolicy: failed to parse JSON.");
  auto it = doc.find("deadLetterTargetArn");
  if (it == doc.end() || !it->is_string())
    throw errors::invalidParameter("RedrivePolicy: deadLetterTargetArn is missing");
  if (!isArnOf(it->get<std::string>(), "sqs"))
    throw errors::invalidParameter("RedrivePolicy: Invalid deadLetterTargetArn");
}

// Sets one attribute, checked as SNS checks it; the filter policy is parsed (again) here.
void applyAttribute(Subscription& s, const std::string& name, const std::string& value) {
  if (!kSubscriptionAttributes.count(name)) throw errors::invalidParameter("AttributeName");
  if (name == "RawMessageDelivery") {
    static const std::set<std::string> raw = {"sqs", "http", "https", "firehose"};
    if (!raw.count(s.protocol))
      throw errors::invalidParameter("Delivery protocol [" + s.protocol +
                                     "] does not support raw message delivery.");
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (lower != "true" && lower != "false") throw errors::invalidParameter("RawMessageDelivery");
    s.attributes[name] = lower;
    return;
  }
  if (name == "FilterPolicyScope") {
    if (value != "MessageAttributes" && value != "MessageBody")
      throw errors::invalidParameter("Attributes",
                                     "FilterPolicyScope: Invalid filter policy scope, please use "
                                     "MessageAttributes or MessageBody");
  }
  if (name == "RedrivePolicy") checkRedrivePolicy(value);
  if (name == "DeliveryPolicy" && !value.empty()) validateDeliveryPolicy(value, false);
  if (value.empty() && name != "FilterPolicyScope")
    s.attributes.erase(name);
  else
    s.attributes[name] = value;
  if (name == "FilterPolicy" || name == "FilterPolicyScope") {
    std::string policy = s.attribute("FilterPolicy");
    auto scope = s.attribute("FilterPolicyScope") == "MessageBody" ? FilterScope::MessageBody
                                                                   : FilterScope::MessageAttributes;
    s.filter = policy.empty() ? nullptr : FilterPolicy::parse(policy, scope);
  }
}

Json listEntry(const Subscription& s) {
  return {{"SubscriptionArn", s.pending ? "PendingConfirmation" : s.arn},
          {"Owner", s.owner},
          {"Protocol", s.protocol},
          {"Endpoint", s.endpoint},
          {"TopicArn", s.topic_arn}};
}

}  // namespace

void SnsService::registerSubscriptionHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  onCommitted("Subscribe", bind(&SnsService::subscribe));
  onCommitted("ConfirmSubscription", bind(&SnsService::confirmSubscription));
  onCommitted("Unsubscribe", bind(&SnsService::unsubscribe));
  onCommitted("GetSubscriptionAttributes", bind(&SnsService::getSubscriptionAttributes));
  onCommitted("SetSubscriptionAttributes", bind(&SnsService::setSubscriptionAttributes));
  onCommitted("ListSubscriptions", bind(&SnsService::listSubscriptions));
  onCommitted("ListSubscriptionsByTopic", bind(&SnsService::listSubscriptionsByTopic));
}

Json SnsService::subscribe(RequestContext& ctx, const Json& input) {
  std::string topic_arn = topicArnParameter(input, "TopicArn");
  std::string protocol = requiredString(input, "Protocol");
  if (!kProtocols.count(protocol))
    throw errors::invalidParameter("Amazon SNS does not support this protocol string: " + protocol);
  std::string endpoint = input.value("Endpoint", "");
  checkEndpoint(protocol, endpoint);
  auto attributes = stringMap(input, "Attributes");
  Subscription candidate;
  candidate.protocol = protocol;
  candidate.endpoint = endpoint;
  // FilterPolicyScope first: the policy is parsed for its scope.
  if (attributes.count("FilterPolicyScope"))
    applyAttribute(candidate, "FilterPolicyScope", attributes["FilterPolicyScope"]);
  for (const auto& [name, value] : attributes)
    if (name != "FilterPolicyScope") applyAttribute(candidate, name, value);
  bool return_arn = input.value("ReturnSubscriptionArn", false);

  std::unique_lock lock(state_.mutex);
  Topic* topic = state_.topic(topic_arn);
  if (!topic) throw errors::topicNotFound();
  for (const auto& existing : state_.subscriptionsOf(*topic)) {
    if (existing->protocol != protocol || existing->endpoint != endpoint) continue;
    for (const auto& [name, value] : candidate.attributes)
      if (existing->attribute(name) != value)
        throw errors::invalidParameter("Attributes",
                                       "Subscription already exists with different attributes");
    return {{"SubscriptionArn",
             existing->pending && !return_arn ? "pending confirmation" : existing->arn}};
  }
  auto subscription = std::make_shared<Subscription>(std::move(candidate));
  subscription->arn = topic_arn + ":" + ids::uuid4();
  subscription->topic_arn = topic_arn;
  subscription->owner = ctx.accountId();
  subscription->pending = needsConfirmation(protocol);
  subscription->token = encoding::hexEncode(ids::randomAlnum(32));
  topic->subscriptions.push_back(subscription->arn);
  state_.tokens[subscription->token] = subscription->arn;
  state_.subscriptions[subscription->arn] = subscription;
  persistSubscription(*subscription);
  persistTopic(*topic);
  bool sha256 =
      topic->attributes.count("SignatureVersion") && topic->attributes["SignatureVersion"] == "2";
  if (protocol == "http" || protocol == "https")
    sendConfirmation(*subscription, "SubscriptionConfirmation", baseUrl(ctx), sha256);
  return {{"SubscriptionArn",
           subscription->pending && !return_arn ? "pending confirmation" : subscription->arn}};
}

// Under the state lock: the outbox write follows the subscription's.
void SnsService::sendConfirmation(const Subscription& subscription, const std::string& type,
                                  const std::string& base_url, bool sha256) {
  DeliveryJob job;
  job.protocol = subscription.protocol;
  job.endpoint = subscription.endpoint;
  job.subscription_arn = subscription.arn;
  job.topic_arn = subscription.topic_arn;
  job.message_type = type;
  job.message_id = ids::uuid4();
  job.body = builder_->confirmation(type, job.message_id, subscription.topic_arn,
                                    subscription.token, base_url, sha256);
  const Topic* topic = state_.topic(subscription.topic_arn);
  job.http = effectiveHttpPolicy(topic && topic->attributes.count("DeliveryPolicy")
                                     ? topic->attributes.at("DeliveryPolicy")
                                     : "",
                                 subscription.attribute("DeliveryPolicy"));
  deliveries_->start(deliveries_->enqueue(std::move(job)));
}

Json SnsService::confirmSubscription(RequestContext& ctx, const Json& input) {
  std::string topic_arn = topicArnParameter(input, "TopicArn");
  std::string token = requiredString(input, "Token");
  std::unique_lock lock(state_.mutex);
  if (!state_.topic(topic_arn)) throw errors::topicNotFound();
  auto it = state_.tokens.find(token);
  SubscriptionPtr current = it == state_.tokens.end() ? nullptr : state_.subscription(it->second);
  if (!current || current->topic_arn != topic_arn) throw errors::invalidParameter("Token");
  auto confirmed = std::make_shared<Subscription>(*current);
  confirmed->pending = false;
  confirmed->authenticated = !ctx.caller.anonymous;
  state_.subscriptions[confirmed->arn] = confirmed;
  persistSubscription(*confirmed);
  return {{"SubscriptionArn", confirmed->arn}};
}

// Unsubscribing one that does not exist succeeds, as in SNS.
Json SnsService::unsubscribe(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "SubscriptionArn");
  auto parsed = Arn::parse(arn);
  if (!parsed || parsed->service != "sns" || parsed->resource.find(':') == std::string::npos)
    throw errors::invalidParameter("SubscriptionArn",
                                   "An ARN must have at least 7 elements, not " +
                                       std::to_string(1 + std::count(arn.begin(), arn.end(), ':')));
  std::unique_lock lock(state_.mutex);
  auto subscription = state_.subscription(arn);
  if (!subscription) return Json::object();
  state_.subscriptions.erase(arn);
  state_.tokens.erase(subscription->token);
  store_->remove(kSubscriptionKind, arn);
  if (Topic* topic = state_.topic(subscription->topic_arn)) {
    std::erase(topic->subscriptions, arn);
    persistTopic(*topic);
    if (subscription->protocol == "http" || subscription->protocol == "https") {
      bool sha256 = topic->attributes.count("SignatureVersion") &&
                    topic->attributes["SignatureVersion"] == "2";
      sendConfirmation(*subscription, "UnsubscribeConfirmation", baseUrl(ctx), sha256);
    }
  }
  return Json::object();
}

Json SnsService::getSubscriptionAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "SubscriptionArn");
  std::shared_lock lock(state_.mutex);
  auto s = state_.subscription(arn);
  if (!s) throw errors::subscriptionNotFound();
  Json attributes = Json::object();
  for (const auto& [key, value] : s->attributes) attributes[key] = value;
  attributes["SubscriptionArn"] = s->arn;
  attributes["TopicArn"] = s->topic_arn;
  attributes["Owner"] = s->owner;
  attributes["Protocol"] = s->protocol;
  attributes["Endpoint"] = s->endpoint;
  attributes["PendingConfirmation"] = s->pending ? "true" : "false";
  attributes["ConfirmationWasAuthenticated"] = s->authenticated || !s->pending ? "true" : "false";
  attributes["SubscriptionPrincipal"] = "arn:aws:iam::" + s->owner + ":root";
  if (!attributes.contains("RawMessageDelivery")) attributes["RawMessageDelivery"] = "false";
  if (attributes.contains("FilterPolicy") && !attributes.contains("FilterPolicyScope"))
    attributes["FilterPolicyScope"] = "MessageAttributes";
  if (s->protocol == "http" || s->protocol == "https") {
    const Topic* topic = state_.topic(s->topic_arn);
    auto policy = effectiveHttpPolicy(topic && topic->attributes.count("DeliveryPolicy")
                                          ? topic->attributes.at("DeliveryPolicy")
                                          : "",
                                      s->attribute("DeliveryPolicy"));
    Json retry = policy.toJson();
    retry.erase("headerContentType");
    attributes["EffectiveDeliveryPolicy"] =
        Json{{"healthyRetryPolicy", retry},
             {"requestPolicy", {{"headerContentType", policy.content_type}}}}
            .dump();
  }
  return {{"Attributes", attributes}};
}

Json SnsService::setSubscriptionAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "SubscriptionArn");
  std::string name = requiredString(input, "AttributeName");
  std::string value = input.value("AttributeValue", "");
  std::unique_lock lock(state_.mutex);
  auto current = state_.subscription(arn);
  if (!current) throw errors::subscriptionNotFound();
  auto changed = std::make_shared<Subscription>(*current);
  applyAttribute(*changed, name, value);
  state_.subscriptions[arn] = changed;
  persistSubscription(*changed);
  return Json::object();
}

Json SnsService::listSubscriptions(RequestContext& ctx, const Json& input) {
  std::string after = pageToken(input);
  std::shared_lock lock(state_.mutex);
  Json list = Json::array();
  std::string next, last;
  for (auto it = state_.subscriptions.upper_bound(after); it != state_.subscriptions.end(); ++it) {
    if (it->second->owner != ctx.accountId()) continue;
    if (list.size() == kPageSize) {
      next = encoding::base64Encode(last);
      break;
    }
    list.push_back(listEntry(*it->second));
    last = it->first;
  }
  Json output = {{"Subscriptions", list}};
  if (!next.empty()) output["NextToken"] = next;
  return output;
}

Json SnsService::listSubscriptionsByTopic(RequestContext& ctx, const Json& input) {
  std::string topic_arn = topicArnParameter(input, "TopicArn");
  std::string after = pageToken(input);
  std::shared_lock lock(state_.mutex);
  const Topic* topic = state_.topic(topic_arn);
  if (!topic) throw errors::topicNotFound();
  auto subscriptions = state_.subscriptionsOf(*topic);
  auto start = subscriptions.begin();
  if (!after.empty()) {
    start = std::find_if(subscriptions.begin(), subscriptions.end(),
                         [&](const SubscriptionPtr& s) { return s->arn == after; });
    if (start == subscriptions.end()) throw errors::invalidParameter("NextToken");
    ++start;
  }
  Json list = Json::array();
  std::string next;
  for (auto it = start; it != subscriptions.end(); ++it) {
    if (list.size() == kPageSize) {
      next = encoding::base64Encode((*std::prev(it))->arn);
      break;
    }
    list.push_back(listEntry(**it));
  }
  Json output = {{"Subscriptions", list}};
  if (!next.empty()) output["NextToken"] = next;
  return output;
}

}  // namespace awsemu::sns
