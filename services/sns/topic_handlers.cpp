// Topics: create (idempotent), attributes, listing, deletion, tags, permissions, data protection.
// https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
#include <algorithm>
#include <regex>
#include <set>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/encoding.hpp"
#include "services/sns/delivery_policy.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_requests.hpp"
#include "services/sns/sns_service.hpp"

namespace awsemu::sns {
namespace {

const std::set<std::string> kTopicAttributes = {
    "DeliveryPolicy", "DisplayName", "FifoTopic", "Policy", "SignatureVersion", "TracingConfig",
    "KmsMasterKeyId", "ContentBasedDeduplication", "DataProtectionPolicy", "ArchivePolicy",
    "FifoThroughputScope",
    // delivery status logging
    "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate",
    "ApplicationFailureFeedbackRoleArn", "HTTPSuccessFeedbackRoleArn",
    "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn", "LambdaSuccessFeedbackRoleArn",
    "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn", "SQSSuccessFeedbackRoleArn",
    "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn", "FirehoseSuccessFeedbackRoleArn",
    "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn"};

constexpr std::size_t kMaxTags = 50;

bool validTopicName(const std::string& name, bool fifo) {
  static const std::regex pattern("[A-Za-z0-9_-]{1,256}");
  if (fifo && !name.ends_with(".fifo")) return false;
  std::string base = fifo ? name.substr(0, name.size() - 5) : name;
  return name.size() <= 256 && std::regex_match(base, pattern);
}

// https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html
void checkTopicAttribute(const std::string& name, const std::string& value, bool fifo,
                         bool creating) {
  if (!kTopicAttributes.count(name) || (!creating && name == "FifoTopic"))
    throw errors::invalidParameter("AttributeName");
  if (name == "DeliveryPolicy" && !value.empty()) validateDeliveryPolicy(value, true);
  if ((name == "Policy" || name == "DataProtectionPolicy") && !value.empty()) {
    Json doc = Json::parse(value, nullptr, false);
    if (!doc.is_object()) throw errors::invalidParameter(name, "failed to parse JSON.");
  }
  if (name == "SignatureVersion" && value != "1" && value != "2")
    throw errors::invalidParameter("SignatureVersion");
  if (name == "ContentBasedDeduplication") {
    if (!fifo)
      throw errors::invalidParameter("ContentBasedDeduplication",
                                     "Content based deduplication can only be set for FIFO topics");
    if (value != "true" && value != "false")
      throw errors::invalidParameter("ContentBasedDeduplication");
  }
  if (name == "TracingConfig" && value != "PassThrough" && value != "Active")
    throw errors::invalidParameter("TracingConfig");
  if (name == "DisplayName" && value.size() > 100) throw errors::invalidParameter("DisplayName");
}

std::map<std::string, std::string> tagsOf(const Json& input) {
  std::map<std::string, std::string> tags;
  for (const auto& tag : input.value("Tags", Json::array()))
    tags[tag.value("Key", "")] = tag.value("Value", "");
  return tags;
}

// The policy SNS gives a new topic.
std::string defaultPolicy(const Topic& topic) {
  nlohmann::ordered_json statement = {
      {"Sid", "__default_statement_ID"},
      {"Effect", "Allow"},
      {"Principal", {{"AWS", "*"}}},
      {"Action",
       {"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
        "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic",
        "SNS:Publish"}},
      {"Resource", topic.arn},
      {"Condition", {{"StringEquals", {{"AWS:SourceOwner", topic.account}}}}}};
  nlohmann::ordered_json policy = {{"Version", "2008-10-17"},
                                   {"Id", "__default_policy_ID"},
                                   {"Statement", nlohmann::ordered_json::array({statement})}};
  return policy.dump();
}

}  // namespace

void SnsService::registerTopicHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  onCommitted("CreateTopic", bind(&SnsService::createTopic));
  onCommitted("DeleteTopic", bind(&SnsService::deleteTopic));
  onCommitted("GetTopicAttributes", bind(&SnsService::getTopicAttributes));
  onCommitted("SetTopicAttributes", bind(&SnsService::setTopicAttributes));
  onCommitted("ListTopics", bind(&SnsService::listTopics));
  onCommitted("TagResource", bind(&SnsService::tagResource));
  onCommitted("UntagResource", bind(&SnsService::untagResource));
  onCommitted("ListTagsForResource", bind(&SnsService::listTagsForResource));
  onCommitted("AddPermission", bind(&SnsService::addPermission));
  onCommitted("RemovePermission", bind(&SnsService::removePermission));
  onCommitted("GetDataProtectionPolicy", bind(&SnsService::getDataProtectionPolicy));
  onCommitted("PutDataProtectionPolicy", bind(&SnsService::putDataProtectionPolicy));
}

Json SnsService::createTopic(RequestContext& ctx, const Json& input) {
  std::string name = requiredString(input, "Name");
  auto attributes = stringMap(input, "Attributes");
  bool fifo_name = name.ends_with(".fifo");
  bool fifo = attributes.count("FifoTopic") && attributes["FifoTopic"] == "true";
  if (fifo && !validTopicName(name, true))
    throw errors::invalidParameter(
        "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase "
        "ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 "
        "characters long.");
  if (!validTopicName(name, fifo) || (fifo_name && !fifo))
    throw errors::invalidParameter("Topic Name");
  for (const auto& [key, value] : attributes) checkTopicAttribute(key, value, fifo, true);
  auto tags = tagsOf(input);
  if (tags.size() > kMaxTags) throw errors::tagLimitExceeded();
  std::string arn = makeArn("sns", ctx.region, ctx.accountId(), name);

  std::unique_lock lock(state_.mutex);
  if (const Topic* existing = state_.topic(arn)) {
    // Idempotent with the same attributes and tags.
    for (const auto& [key, value] : attributes) {
      if (key == "FifoTopic") continue;
      auto it = existing->attributes.find(key);
      if (it == existing->attributes.end() || it->second != value)
        throw errors::invalidParameter("Attributes",
                                       "Topic already exists with different attributes");
    }
    if (!tags.empty() && tags != existing->tags)
      throw errors::invalidParameter("Tags", "Topic already exists with different tags");
    return {{"TopicArn", arn}};
  }
  Topic topic;
  topic.arn = arn;
  topic.name = name;
  topic.account = ctx.accountId();
  topic.region = ctx.region;
  topic.fifo = fifo;
  attributes.erase("FifoTopic");
  topic.attributes = std::move(attributes);
  if (!topic.attributes.count("Policy")) topic.attributes["Policy"] = defaultPolicy(topic);
  topic.tags = std::move(tags);
  persistTopic(topic);
  state_.topics[arn] = std::move(topic);
  return {{"TopicArn", arn}};
}

// Deleting a topic deletes its subscriptions; deleting one that does not exist succeeds.
Json SnsService::deleteTopic(RequestContext& ctx, const Json& input) {
  std::string arn = topicArnParameter(input, "TopicArn");
  std::unique_lock lock(state_.mutex);
  auto it = state_.topics.find(arn);
  if (it == state_.topics.end()) return Json::object();
  for (const auto& subscription_arn : it->second.subscriptions) {
    if (auto s = state_.subscription(subscription_arn)) state_.tokens.erase(s->token);
    state_.subscriptions.erase(subscription_arn);
    store_->remove(kSubscriptionKind, subscription_arn);
  }
  state_.topics.erase(it);
  store_->remove(kTopicKind, arn);
  return Json::object();
}

Json SnsService::getTopicAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = topicArnParameter(input, "TopicArn");
  std::shared_lock lock(state_.mutex);
  const Topic* topic = state_.topic(arn);
  if (!topic) throw errors::topicNotFound();
  Json attributes = Json::object();
  for (const auto& [key, value] : topic->attributes) attributes[key] = value;
  int confirmed = 0, pending = 0;
  for (const auto& s : state_.subscriptionsOf(*topic)) (s->pending ? pending : confirmed)++;
  attributes["TopicArn"] = topic->arn;
  attributes["Owner"] = topic->account;
  attributes["SubscriptionsConfirmed"] = std::to_string(confirmed);
  attributes["SubscriptionsPending"] = std::to_string(pending);
  attributes["SubscriptionsDeleted"] = "0";
  if (!attributes.contains("DisplayName")) attributes["DisplayName"] = "";
  attributes["EffectiveDeliveryPolicy"] = topic->attributes.count("DeliveryPolicy")
                                              ? topic->attributes.at("DeliveryPolicy")
                                              : defaultTopicDeliveryPolicy();
  if (topic->fifo) {
    attributes["FifoTopic"] = "true";
    if (!attributes.contains("ContentBasedDeduplication"))
      attributes["ContentBasedDeduplication"] = "false";
  }
  return {{"Attributes", attributes}};
}

Json SnsService::setTopicAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = topicArnParameter(input, "TopicArn");
  std::string name = requiredString(input, "AttributeName");
  std::string value = input.value("AttributeValue", "");
  std::unique_lock lock(state_.mutex);
  Topic* topic = state_.topic(arn);
  if (!topic) throw errors::topicNotFound();
  checkTopicAttribute(name, value, topic->fifo, false);
  if (value.empty() && name != "DisplayName")
    topic->attributes.erase(name);
  else
    topic->attributes[name] = value;
  if (name == "Policy" && value.empty()) topic->attributes["Policy"] = defaultPolicy(*topic);
  persistTopic(*topic);
  return Json::object();
}

Json SnsService::listTopics(RequestContext& ctx, const Json& input) {
  std::string after = pageToken(input);
  std::shared_lock lock(state_.mutex);
  Json topics = Json::array();
  std::string next;
  for (auto it = state_.topics.upper_bound(after); it != state_.topics.end(); ++it) {
    if (it->second.account != ctx.accountId() || it->second.region != ctx.region) continue;
    if (topics.size() == kPageSize) {
      next = encoding::base64Encode(topics.back()["TopicArn"].get<std::string>());
      break;
    }
    topics.push_back({{"TopicArn", it->first}});
  }
  Json output = {{"Topics", topics}};
  if (!next.empty()) output["NextToken"] = next;
  return output;
}

Json SnsService::tagResource(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "ResourceArn");
  auto tags = tagsOf(input);
  std::unique_lock lock(state_.mutex);
  Topic* topic = state_.topic(arn);
  if (!topic) throw errors::resourceNotFound();
  auto merged = topic->tags;
  for (auto& [key, value] : tags) merged[key] = value;
  if (merged.size() > kMaxTags) throw errors::tagLimitExceeded();
  topic->tags = std::move(merged);
  persistTopic(*topic);
  return Json::object();
}

Json SnsService::untagResource(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "ResourceArn");
  std::unique_lock lock(state_.mutex);
  Topic* topic = state_.topic(arn);
  if (!topic) throw errors::resourceNotFound();
  for (const auto& key : input.value("TagKeys", Json::array()))
    topic->tags.erase(key.get<std::string>());
  persistTopic(*topic);
  return Json::object();
}

Json SnsService::listTagsForResource(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "ResourceArn");
  std::shared_lock lock(state_.mutex);
  const Topic* topic = state_.topic(arn);
  if (!topic) throw errors::resourceNotFound();
  Json tags = Json::array();
  for (const auto& [key, value] : topic->tags) tags.push_back({{"Key", key}, {"Value", value}});
  return {{"Tags", tags}};
}

// AddPermission adds a statement labelled `Label` to the topic's policy.
// https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html
Json SnsService::addPermission(RequestContext& ctx, const Json& input) {
  std::string arn = topicArnParameter(input, "TopicArn");
  std::string label = requiredString(input, "Label");
  auto accounts = input.value("AWSAccountId", Json::array());
  auto actions = input.value("ActionName", Json::array());
  if (accounts.empty()) throw errors::invalidParameter("AWSAccountId");
  if (actions.empty()) throw errors::invalidParameter("ActionName");
  std::unique_lock lock(state_.mutex);
  Topic* topic = state_.topic(arn);
  if (!topic) throw errors::topicNotFound();
  auto policy = nlohmann::ordered_json::parse(topic->attributes["Policy"], nullptr, false);
  if (!policy.is_object()) policy = nlohmann::ordered_json::parse(defaultPolicy(*topic));
  auto& statements = policy["Statement"];
  for (const auto& statement : statements)
    if (statement.value("Sid", "") == label)
      throw errors::invalidParameter("Statement already exists");
  nlohmann::ordered_json principals = nlohmann::ordered_json::array();
  for (const auto& account : accounts)
    principals.push_back("arn:aws:iam::" + account.get<std::string>() + ":root");
  nlohmann::ordered_json action_names = nlohmann::ordered_json::array();
  for (const auto& action : actions) action_names.push_back("SNS:" + action.get<std::string>());
  statements.push_back(
      {{"Sid", label},
       {"Effect", "Allow"},
       {"Principal", {{"AWS", principals.size() == 1 ? principals[0] : principals}}},
       {"Action", action_names.size() == 1 ? action_names[0] : action_names},
       {"Resource", arn}});
  topic->attributes["Policy"] = policy.dump();
  persistTopic(*topic);
  return Json::object();
}

Json SnsService::removePermission(RequestContext& ctx, const Json& input) {
  std::string arn = topicArnParameter(input, "TopicArn");
  std::string label = requiredString(input, "Label");
  std::unique_lock lock(state_.mutex);
  Topic* topic = state_.topic(arn);
  if (!topic) throw errors::topicNotFound();
  auto policy = nlohmann::ordered_json::parse(topic->attributes["Policy"], nullptr, false);
  if (!policy.is_object() || !policy.contains("Statement")) return Json::object();
  auto& statements = policy["Statement"];
  nlohmann::ordered_json kept = nlohmann::ordered_json::array();
  for (const auto& statement : statements)
    if (statement.value("Sid", "") != label) kept.push_back(statement);
  statements = std::move(kept);
  topic->attributes["Policy"] = policy.dump();
  persistTopic(*topic);
  return Json::object();
}

Json SnsService::getDataProtectionPolicy(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "ResourceArn");
  std::shared_lock lock(state_.mutex);
  const Topic* topic = state_.topic(arn);
  if (!topic) throw errors::resourceNotFound();
  auto it = topic->attributes.find("DataProtectionPolicy");
  Json output = Json::object();
  if (it != topic->attributes.end()) output["DataProtectionPolicy"] = it->second;
  return output;
}

Json SnsService::putDataProtectionPolicy(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "ResourceArn");
  std::string policy = requiredString(input, "DataProtectionPolicy");
  checkTopicAttribute("DataProtectionPolicy", policy, false, false);
  std::unique_lock lock(state_.mutex);
  Topic* topic = state_.topic(arn);
  if (!topic) throw errors::resourceNotFound();
  topic->attributes["DataProtectionPolicy"] = policy;
  persistTopic(*topic);
  return Json::object();
}

}  // namespace awsemu::sns
