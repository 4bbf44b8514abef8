#include "services/sns/sns_state.hpp"

namespace awsemu::sns {
namespace {

Json mapToJson(const std::map<std::string, std::string>& map) {
  Json out = Json::object();
  for (const auto& [k, v] : map) out[k] = v;
  return out;
}

std::map<std::string, std::string> mapFromJson(const Json& doc) {
  std::map<std::string, std::string> out;
  if (doc.is_object())
    for (const auto& [k, v] : doc.items()) out[k] = v.get<std::string>();
  return out;
}

}  // namespace

bool Topic::contentBasedDeduplication() const {
  auto it = attributes.find("ContentBasedDeduplication");
  return it != attributes.end() && it->second == "true";
}

Json Topic::toJson() const {
  return {{"arn", arn},
          {"name", name},
          {"account", account},
          {"region", region},
          {"fifo", fifo},
          {"attributes", mapToJson(attributes)},
          {"tags", mapToJson(tags)},
          {"subscriptions", subscriptions},
          {"sequence", sequence}};
}

Topic Topic::fromJson(const Json& doc) {
  Topic t;
  t.arn = doc.at("arn");
  t.name = doc.at("name");
  t.account = doc.at("account");
  t.region = doc.at("region");
  t.fifo = doc.value("fifo", false);
  t.attributes = mapFromJson(doc.value("attributes", Json::object()));
  t.tags = mapFromJson(doc.value("tags", Json::object()));
  t.subscriptions = doc.value("subscriptions", std::vector<std::string>{});
  t.sequence = doc.value("sequence", std::uint64_t{0});
  return t;
}

bool Subscription::raw() const { return attribute("RawMessageDelivery") == "true"; }

std::string Subscription::attribute(const std::string& name) const {
  auto it = attributes.find(name);
  return it == attributes.end() ? std::string() : it->second;
}

std::string Subscription::deadLetterArn() const {
  std::string policy = attribute("RedrivePolicy");
  if (policy.empty()) return {};
  Json doc = Json::parse(policy, nullptr, false);
  if (!doc.is_object() || !doc.contains("deadLetterTargetArn")) return {};
  return doc["deadLetterTargetArn"].get<std::string>();
}

Json Subscription::toJson() const {
  return {{"arn", arn},
          {"topic_arn", topic_arn},
          {"protocol", protocol},
          {"endpoint", endpoint},
          {"owner", owner},
          {"pending", pending},
          {"authenticated", authenticated},
          {"token", token},
          {"attributes", mapToJson(attributes)}};
}

Subscription Subscription::fromJson(const Json& doc) {
  Subscription s;
  s.arn = doc.at("arn");
  s.topic_arn = doc.at("topic_arn");
  s.protocol = doc.at("protocol");
  s.endpoint = doc.at("endpoint");
  s.owner = doc.value("owner", "");
  s.pending = doc.value("pending", false);
  s.authenticated = doc.value("authenticated", false);
  s.token = doc.value("token", "");
  s.attributes = mapFromJson(doc.value("attributes", Json::object()));
  if (auto policy = s.attribute("FilterPolicy"); !policy.empty()) {
    auto scope = s.attribute("FilterPolicyScope") == "MessageBody" ? FilterScope::MessageBody
                                                                   : FilterScope::MessageAttributes;
    s.filter = FilterPolicy::parse(policy, scope);
  }
  return s;
}

Json PlatformApplication::toJson() const {
  return {
      {"arn", arn}, {"name", name}, {"platform", platform}, {"attributes", mapToJson(attributes)}};
}

PlatformApplication PlatformApplication::fromJson(const Json& doc) {
  PlatformApplication a;
  a.arn = doc.at("arn");
  a.name = doc.at("name");
  a.platform = doc.at("platform");
  a.attributes = mapFromJson(doc.value("attributes", Json::object()));
  return a;
}

Json PlatformEndpoint::toJson() const {
  return {
      {"arn", arn}, {"application_arn", application_arn}, {"attributes", mapToJson(attributes)}};
}

PlatformEndpoint PlatformEndpoint::fromJson(const Json& doc) {
  PlatformEndpoint e;
  e.arn = doc.at("arn");
  e.application_arn = doc.at("application_arn");
  e.attributes = mapFromJson(doc.value("attributes", Json::object()));
  return e;
}

void SnsState::clear() {
  topics.clear();
  subscriptions.clear();
  tokens.clear();
  applications.clear();
  endpoints.clear();
  sms.clear();
  sms_messages.clear();
  endpoint_messages.clear();
}

const Topic* SnsState::topic(const std::string& arn) const {
  auto it = topics.find(arn);
  return it == topics.end() ? nullptr : &it->second;
}

Topic* SnsState::topic(const std::string& arn) {
  auto it = topics.find(arn);
  return it == topics.end() ? nullptr : &it->second;
}

SubscriptionPtr SnsState::subscription(const std::string& arn) const {
  auto it = subscriptions.find(arn);
  return it == subscriptions.end() ? nullptr : it->second;
}

std::vector<SubscriptionPtr> SnsState::subscriptionsOf(const Topic& topic) const {
  std::vector<SubscriptionPtr> out;
  out.reserve(topic.subscriptions.size());
  for (const auto& arn : topic.subscriptions)
    if (auto s = subscription(arn)) out.push_back(std::move(s));
  return out;
}

}  // namespace awsemu::sns
