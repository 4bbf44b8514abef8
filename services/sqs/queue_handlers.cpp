// SqsService: the queue operations.
#include <algorithm>

#include "awsemu/core/encoding.hpp"
#include "services/sqs/queue_attributes.hpp"
#include "services/sqs/queue_name.hpp"
#include "services/sqs/request_fields.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"

namespace awsemu::sqs {
namespace {

// MaxResults/NextToken paging over a sorted list of names.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html
struct Page {
  std::size_t begin = 0, end = 0;
  std::string next_token;
};
Page page(const Json& input, const std::vector<std::string>& names) {
  Page p;
  p.end = names.size();
  auto max = input.find("MaxResults");
  std::optional<int> limit;
  if (max != input.end() && max->is_number_integer()) {
    limit = max->get<int>();
    if (*limit < 1 || *limit > 1000)
      throw errors::invalidParameterValue("MaxResults", std::to_string(*limit),
                                          "MaxResults must be an integer between 1 and 1000.");
  }
  if (auto token = input.value("NextToken", ""); !token.empty()) {
    auto after = encoding::base64Decode(token);
    if (!after) throw errors::invalidParameterValue("NextToken", token, "Invalid NextToken.");
    p.begin = std::upper_bound(names.begin(), names.end(), *after) - names.begin();
  }
  if (limit && p.begin + *limit < names.size()) {
    p.end = p.begin + *limit;
    p.next_token = encoding::base64Encode(names[p.end - 1]);
  }
  return p;
}

// Tags: at most 50 per queue, keys 1..128 and values up to 256 characters.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-tags.html
void validateTags(const Json& tags) {
  if (tags.size() > 50)
    throw errors::invalidParameterValue("Too many tags added for queue. Maximum is 50.");
  for (const auto& [key, value] : tags.items()) {
    if (key.empty() || key.size() > 128 || !value.is_string() ||
        value.get<std::string>().size() > 256)
      throw errors::invalidParameterValue("Tag " + key + " is not valid.");
  }
}

// AddPermission accepts the message and queue-reading actions only.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html
const std::vector<std::string>& permissionActions() {
  static const std::vector<std::string> actions{"*",
                                                "SendMessage",
                                                "ReceiveMessage",
                                                "DeleteMessage",
                                                "ChangeMessageVisibility",
                                                "GetQueueAttributes",
                                                "GetQueueUrl",
                                                "ListDeadLetterSourceQueues",
                                                "PurgeQueue",
                                                "ListQueueTags"};
  return actions;
}

bool validLabel(const std::string& label) {
  return !label.empty() && label.size() <= 80 &&
         std::all_of(label.begin(), label.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

Json oneOrMany(const std::vector<std::string>& values) {
  return values.size() == 1 ? Json(values.front()) : Json(values);
}

}  // namespace

void SqsService::registerQueueHandlers() {
  onCommitted("CreateQueue",
              [this](RequestContext& c, const Json& in) { return createQueue(c, in); });
  onCommitted("GetQueueUrl",
              [this](RequestContext& c, const Json& in) { return getQueueUrl(c, in); });
  onCommitted("ListQueues",
              [this](RequestContext& c, const Json& in) { return listQueues(c, in); });
  onCommitted("DeleteQueue", [this](RequestContext& c, const Json& in) {
    engine_->deleteQueue(queueKey(c, in), epochMillis(c));
    return Json::object();
  });
  onCommitted("GetQueueAttributes",
              [this](RequestContext& c, const Json& in) { return getQueueAttributes(c, in); });
  onCommitted("SetQueueAttributes",
              [this](RequestContext& c, const Json& in) { return setQueueAttributes(c, in); });
  onCommitted("PurgeQueue", [this](RequestContext& c, const Json& in) {
    engine_->purge(queueKey(c, in), epochMillis(c));
    return Json::object();
  });
  onCommitted("TagQueue", [this](RequestContext& c, const Json& in) {
    auto tags = in.value("Tags", Json::object());
    if (tags.empty()) throw errors::missingParameter("Tags");
    validateTags(tags);
    // The limit applies to the queue's tags after the change, checked under the engine's lock:
    // two concurrent TagQueue calls cannot both pass with 30 new tags each.
    engine_->tag(queueKey(c, in), tags, validateTags);
    return Json::object();
  });
  onCommitted("UntagQueue", [this](RequestContext& c, const Json& in) {
    auto keys = stringList(in, "TagKeys");
    if (keys.empty()) throw errors::missingParameter("TagKeys");
    engine_->untag(queueKey(c, in), keys);
    return Json::object();
  });
  onCommitted("ListQueueTags", [this](RequestContext& c, const Json& in) {
    Json tags = engine_->tags(queueKey(c, in));
    return tags.empty() ? Json::object() : Json{{"Tags", tags}};
  });
  onCommitted("AddPermission",
              [this](RequestContext& c, const Json& in) { return addPermission(c, in); });
  onCommitted("RemovePermission",
              [this](RequestContext& c, const Json& in) { return removePermission(c, in); });
  onCommitted("ListDeadLetterSourceQueues", [this](RequestContext& c, const Json& in) {
    return listDeadLetterSourceQueues(c, in);
  });
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
Json SqsService::createQueue(RequestContext& ctx, const Json& input) {
  std::string name = requiredString(input, "QueueName");
  Json requested = input.value("Attributes", Json::object());
  for (auto& [attribute, value] : requested.items())
    if (!value.is_string()) throw errors::invalidAttributeValue(attribute);
  bool fifo = requestsFifoQueue(requested);
  validateQueueName(name, fifo);
  requested = validateQueueAttributes(requested, fifo, AttributeUse::Create);
  Json tags = input.value("tags", Json::object());
  validateTags(tags);
  Json attributes = applyQueueAttributes(defaultQueueAttributes(fifo), requested);
  QueueKey key{ctx.accountId(), ctx.region, name};
  // A dead-letter target must exist; SetQueueAttributes' checks apply to new queues as well.
  bool created = engine_->createQueue(key, attributes, requested, tags, epochMillis(ctx));
  if (created && requested.contains("RedrivePolicy")) {
    try {
      engine_->setAttributes(key, {{"RedrivePolicy", requested["RedrivePolicy"]}},
                             epochMillis(ctx));
    } catch (const AwsError&) {
      engine_->deleteQueue(key, 0);
      throw;
    }
  }
  return {{"QueueUrl", queueUrl(ctx, key)}};
}

Json SqsService::getQueueUrl(RequestContext& ctx, const Json& input) {
  std::string name = requiredString(input, "QueueName");
  std::string owner = input.value("QueueOwnerAWSAccountId", ctx.accountId());
  QueueKey key{owner, ctx.region, name};
  engine_->describe(key);  // QueueDoesNotExist
  return {{"QueueUrl", queueUrl(ctx, key)}};
}

Json SqsService::listQueues(RequestContext& ctx, const Json& input) {
  auto names = engine_->queueNames(ctx.accountId(), ctx.region, input.value("QueueNamePrefix", ""));
  Page p = page(input, names);
  Json out = Json::object();
  Json urls = Json::array();
  for (auto i = p.begin; i < p.end; ++i)
    urls.push_back(queueUrl(ctx, {ctx.accountId(), ctx.region, names[i]}));
  if (!urls.empty()) out["QueueUrls"] = std::move(urls);
  if (!p.next_token.empty()) out["NextToken"] = p.next_token;
  return out;
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
Json SqsService::getQueueAttributes(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  auto names = stringList(input, "AttributeNames");
  for (const auto& name : names)
    if (!isKnownAttributeName(name)) throw errors::invalidAttributeName(name);
  Json all = engine_->attributes(key, epochMillis(ctx));
  bool everything = std::find(names.begin(), names.end(), "All") != names.end();
  Json out = Json::object();
  for (const auto& name : everything ? allAttributeNames() : names)
    if (name != "All" && all.contains(name)) out[name] = all[name];
  return out.empty() ? Json::object() : Json{{"Attributes", out}};
}

Json SqsService::setQueueAttributes(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  Json changes = input.value("Attributes", Json::object());
  for (auto& [attribute, value] : changes.items())
    if (!value.is_string()) throw errors::invalidAttributeValue(attribute);
  auto info = engine_->describe(key);
  changes = validateQueueAttributes(changes, info.fifo, AttributeUse::Set);
  engine_->setAttributes(key, changes, epochMillis(ctx));
  return Json::object();
}

Json SqsService::addPermission(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  std::string label = requiredString(input, "Label");
  auto accounts = stringList(input, "AWSAccountIds");
  auto actions = stringList(input, "Actions");
  if (accounts.empty()) throw errors::missingParameter("AWSAccountIds");
  if (actions.empty()) throw errors::missingParameter("Actions");
  if (!validLabel(label))
    throw errors::invalidParameterValue("Label", label,
                                        "Can only include alphanumeric characters, hyphens, or "
                                        "underscores. 1 to 80 in length");
  if (actions.size() > 7) throw errors::overLimit("7 Actions were found, maximum allowed is 7.");
  std::vector<std::string> principals, qualified;
  for (const auto& account : accounts) principals.push_back("arn:aws:iam::" + account + ":root");
  for (const auto& action : actions) {
    const auto& known = permissionActions();
    if (std::find(known.begin(), known.end(), action) == known.end())
      throw errors::invalidParameterValue("ActionName", action,
                                          "Please refer to the appropriate WSDL for a list of "
                                          "valid actions.");
    qualified.push_back("SQS:" + action);
  }
  engine_->editAttributes(
      key,
      [&](Json& attributes, const Queue& queue) {
        Json policy = attributes.contains("Policy")
                          ? Json::parse(attributes["Policy"].get<std::string>(), nullptr, false)
                          : Json();
        if (!policy.is_object())
          policy = {{"Version", "2008-10-17"}, {"Id", queue.arn() + "/SQSDefaultPolicy"}};
        Json& statements = policy["Statement"];
        if (!statements.is_array())
          statements = statements.is_object() ? Json::array({statements}) : Json::array();
        for (const auto& statement : statements)
          if (statement.value("Sid", "") == label)
            throw errors::invalidParameterValue("Label", label, "Already exists.");
        statements.push_back({{"Sid", label},
                              {"Effect", "Allow"},
                              {"Principal", {{"AWS", oneOrMany(principals)}}},
                              {"Action", oneOrMany(qualified)},
                              {"Resource", queue.arn()}});
        attributes["Policy"] = policy.dump();
      },
      epochMillis(ctx));
  return Json::object();
}

Json SqsService::removePermission(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  std::string label = requiredString(input, "Label");
  engine_->editAttributes(
      key,
      [&](Json& attributes, const Queue&) {
        Json policy = attributes.contains("Policy")
                          ? Json::parse(attributes["Policy"].get<std::string>(), nullptr, false)
                          : Json();
        Json* statements =
            policy.is_object() && policy.contains("Statement") ? &policy["Statement"] : nullptr;
        auto matches = [&](const Json& s) { return s.is_object() && s.value("Sid", "") == label; };
        if (!statements || !statements->is_array() ||
            std::none_of(statements->begin(), statements->end(), matches))
          throw errors::invalidParameterValue("Label", label, "can't find label.");
        statements->erase(std::remove_if(statements->begin(), statements->end(), matches),
                          statements->end());
        if (statements->empty())
          attributes.erase("Policy");
        else
          attributes["Policy"] = policy.dump();
      },
      epochMillis(ctx));
  return Json::object();
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListDeadLetterSourceQueues.html
Json SqsService::listDeadLetterSourceQueues(RequestContext& ctx, const Json& input) {
  auto sources = engine_->deadLetterSources(queueKey(ctx, input));
  std::vector<std::string> urls;
  for (const auto& source : sources) urls.push_back(queueUrl(ctx, source));
  std::sort(urls.begin(), urls.end());
  Page p = page(input, urls);
  Json out = {
      {"queueUrls", Json(std::vector<std::string>(urls.begin() + p.begin, urls.begin() + p.end))}};
  if (!p.next_token.empty()) out["NextToken"] = p.next_token;
  return out;
}

}  // namespace awsemu::sqs
