// Publish and PublishBatch: to a topic (fan-out through the filter policies), to a platform
// endpoint or to a phone number (recorded, see developer_endpoints.cpp).
// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
#include <spdlog/spdlog.h>

#include <cstdio>
#include <regex>
#include <set>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "services/sns/publish_request.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_requests.hpp"
#include "services/sns/sns_service.hpp"

namespace awsemu::sns {
namespace {

constexpr std::size_t kMaxBatchEntries = 10;
constexpr std::int64_t kDeduplicationMillis = 5 * 60 * 1000;

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The FIFO checks, in SNS's order.
void checkFifoIds(const Topic& topic, PublishedMessage& message) {
  if (!topic.fifo) {
    if (!message.deduplication_id.empty())
      throw errors::invalidParameter("MessageDeduplicationId",
                                     "The request includes MessageDeduplicationId parameter that "
                                     "is not valid for this topic type");
    message.group_id.clear();
    return;
  }
  if (message.group_id.empty())
    throw errors::invalidParameter("The MessageGroupId parameter is required for FIFO topics");
  if (message.deduplication_id.empty()) {
    if (!topic.contentBasedDeduplication())
      throw errors::invalidParameter(
          "The topic should either have ContentBasedDeduplication enabled or "
          "MessageDeduplicationId provided explicitly");
    message.deduplication_id = encoding::sha256Hex(message.message);
  }
}

Json recordOf(const PublishedMessage& m, const char* target_key, const std::string& target) {
  Json record = {
      {target_key, target},
      {"Message", m.raw_message},
      {"MessageAttributes", m.attributes.empty() ? Json() : m.attributes},
      {"MessageStructure", m.message_structure.empty() ? Json() : Json(m.message_structure)},
      {"Subject", m.subject.empty() ? Json() : Json(m.subject)}};
  for (auto& [name, value] : record["MessageAttributes"].items())
    if (auto it = value.find("BinaryValue"); it != value.end() && it->is_binary())
      *it = encoding::base64Encode(blobToString(*it));
  return record;
}

bool filterAccepts(const Subscription& s, const PublishedMessage& m) {
  if (!s.filter) return true;
  if (s.filter->scope() == FilterScope::MessageBody)
    return s.filter->matchesBody(std::string_view(m.textFor(s.protocol)));
  return s.filter->matchesAttributes(m.attributes);
}

}  // namespace

void SnsService::registerPublishHandlers() {
  onCommitted("Publish",
              [this](RequestContext& ctx, const Json& input) { return publish(ctx, input); });
  onCommitted("PublishBatch",
              [this](RequestContext& ctx, const Json& input) { return publishBatch(ctx, input); });
}

Json SnsService::publish(RequestContext& ctx, const Json& input) {
  std::string topic_arn = input.value("TopicArn", "");
  std::string target_arn = input.value("TargetArn", "");
  std::string phone = input.value("PhoneNumber", "");
  if (topic_arn.empty() && target_arn.empty() && phone.empty())
    throw errors::invalidParameter("TopicArn or TargetArn", "no value for required parameter");
  auto target = Arn::parse(target_arn);
  bool to_endpoint = target && target->resource.starts_with("endpoint/");
  PublishedMessage message = parsePublishRequest(input, to_endpoint);
  std::string message_id = ids::uuid4();
  if (!phone.empty()) {
    publishToPhone(ctx, phone, message, message_id);
    return {{"MessageId", message_id}};
  }
  std::string arn = topic_arn.empty() ? target_arn : topic_arn;
  auto parsed = Arn::parse(arn);
  if (!parsed || parsed->service != "sns")
    throw errors::invalidParameter(topic_arn.empty() ? "TargetArn" : "TopicArn");
  if (parsed->resource.starts_with("endpoint/")) {
    publishToEndpoint(ctx, arn, message, message_id);
    return {{"MessageId", message_id}};
  }
  message.message_id = message_id;
  std::string sequence;
  std::string id = publishToTopic(arn, std::move(message), baseUrl(ctx), &sequence);
  Json output = {{"MessageId", id}};
  if (!sequence.empty()) output["SequenceNumber"] = sequence;
  return output;
}

// Fans one message out to the topic's confirmed subscriptions whose filter accepts it. FIFO
// topics dispatch under the exclusive lock, so deliveries leave in sequence order.
std::string SnsService::publishToTopic(const std::string& topic_arn, Outgoing message,
                                       const std::string& base_url, std::string* sequence_number) {
  if (message.message_id.empty()) message.message_id = ids::uuid4();
  message.topic_arn = topic_arn;
  message.timestamp = nowTimestamp();
  std::vector<SubscriptionPtr> subscriptions;
  std::unique_lock<std::shared_mutex> exclusive;
  std::shared_lock<std::shared_mutex> shared(state_.mutex);
  const Topic* found = state_.topic(topic_arn);
  if (!found) throw errors::topicNotFound();
  if (found->fifo) {
    shared.unlock();
    exclusive = std::unique_lock(state_.mutex);
    found = state_.topic(topic_arn);
    if (!found) throw errors::topicNotFound();
  }
  checkFifoIds(*found, message);
  message.fifo = found->fifo;
  auto version = found->attributes.find("SignatureVersion");
  message.sha256 = version != found->attributes.end() && version->second == "2";
  if (found->fifo) {
    Topic& topic = *state_.topic(topic_arn);
    auto now = std::int64_t(nowMillis());
    std::erase_if(topic.deduplication,
                  [&](const auto& entry) { return entry.second.second < now; });
    auto duplicate = topic.deduplication.find(message.deduplication_id);
    if (duplicate != topic.deduplication.end()) return duplicate->second.first;
    topic.deduplication[message.deduplication_id] = {message.message_id,
                                                     now + kDeduplicationMillis};
    char digits[24];
    std::snprintf(digits, sizeof digits, "%020llu",
                  static_cast<unsigned long long>(10000000000000000000ull + ++topic.sequence));
    message.sequence_number = digits;
    if (sequence_number) *sequence_number = digits;
    persistTopic(topic);
  }
  subscriptions = state_.subscriptionsOf(*found);
  std::string topic_policy;
  if (auto it = found->attributes.find("DeliveryPolicy"); it != found->attributes.end())
    topic_policy = it->second;
  const std::string records_key = found->account + "/" + found->region;
  if (!found->fifo) shared.unlock();

  std::map<std::string, std::string> signatures;  // one signature per distinct text
  for (const auto& s : subscriptions) {
    if (s->pending || !filterAccepts(*s, message)) continue;
    const std::string& text = message.textFor(s->protocol);
    DeliveryJob job;
    job.protocol = s->protocol;
    job.endpoint = s->endpoint;
    job.subscription_arn = s->arn;
    job.topic_arn = topic_arn;
    job.message_id = message.message_id;
    job.raw = s->raw();
    job.dead_letter_arn = s->deadLetterArn();
    job.group_id = message.group_id;
    job.deduplication_id = message.deduplication_id;
    if (s->protocol == "sqs" || s->protocol == "firehose" || s->protocol == "http" ||
        s->protocol == "https") {
      job.body =
          job.raw ? text : builder_->notification(message, text, base_url, s->arn, signatures);
      if (job.raw && s->protocol == "sqs") job.sqs_attributes = sqsAttributes(message.attributes);
      if (s->protocol == "http" || s->protocol == "https")
        job.http = effectiveHttpPolicy(topic_policy, s->attribute("DeliveryPolicy"));
    } else if (s->protocol == "lambda") {
      job.body = builder_->lambdaEvent(message, text, base_url, s->arn, signatures);
    } else if (s->protocol == "sms" || s->protocol == "application") {
      std::unique_lock lock(state_.mutex, std::defer_lock);
      if (!exclusive.owns_lock()) lock.lock();
      const auto& key = records_key;
      if (s->protocol == "sms") {
        Json record = recordOf(message, "PhoneNumber", s->endpoint);
        record["TopicArn"] = topic_arn;
        record["SubscriptionArn"] = s->arn;
        record["MessageId"] = message.message_id;
        state_.sms_messages[key][s->endpoint].push_back(std::move(record));
      } else {
        state_.endpoint_messages[key][s->endpoint].push_back(
            recordOf(message, "TargetArn", s->endpoint));
      }
      continue;
    } else {  // email, email-json: no mail server to send to
      spdlog::info("sns: {} message {} for {} not sent (no mail server)", s->protocol,
                   message.message_id, s->endpoint);
      continue;
    }
    deliveries_->start(deliveries_->enqueue(std::move(job)));
  }
  return message.message_id;
}

void SnsService::publishToEndpoint(RequestContext& ctx, const std::string& endpoint_arn,
                                   const Outgoing& message, const std::string& message_id) {
  std::unique_lock lock(state_.mutex);
  auto it = state_.endpoints.find(endpoint_arn);
  if (it == state_.endpoints.end()) throw errors::endpointNotFound();
  auto enabled = it->second.attributes.find("Enabled");
  if (enabled != it->second.attributes.end() && enabled->second == "false")
    throw AwsError("EndpointDisabled", "Endpoint is disabled", 400);
  auto arn = Arn::parse(endpoint_arn);
  state_.endpoint_messages[arn->account_id + "/" + arn->region][endpoint_arn].push_back(
      recordOf(message, "TargetArn", endpoint_arn));
}

// https://docs.aws.amazon.com/sns/latest/dg/sms_publish-to-phone.html: E.164 numbers.
void SnsService::publishToPhone(RequestContext& ctx, const std::string& phone,
                                const Outgoing& message, const std::string& message_id) {
  static const std::regex e164(R"(\+?[0-9]{5,15})");
  if (!std::regex_match(phone, e164))
    throw errors::invalidParameter("PhoneNumber", "Invalid phone number");
  Json record = recordOf(message, "PhoneNumber", phone);
  record["TopicArn"] = nullptr;
  record["SubscriptionArn"] = nullptr;
  record["MessageId"] = message_id;
  std::unique_lock lock(state_.mutex);
  state_.sms_messages[ctx.accountId() + "/" + ctx.region][phone].push_back(std::move(record));
}

// https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
Json SnsService::publishBatch(RequestContext& ctx, const Json& input) {
  std::string topic_arn = topicArnParameter(input, "TopicArn");
  auto entries = input.value("PublishBatchRequestEntries", Json::array());
  if (entries.empty()) throw errors::emptyBatch();
  if (entries.size() > kMaxBatchEntries) throw errors::tooManyEntries();
  static const std::regex id_pattern(R"([A-Za-z0-9_-]{1,80})");
  std::set<std::string> ids;
  std::size_t total = 0;
  for (const auto& entry : entries) {
    std::string id = entry.value("Id", "");
    if (!std::regex_match(id, id_pattern)) throw errors::invalidBatchEntryId();
    if (!ids.insert(id).second) throw errors::batchIdsNotDistinct();
    total += entry.value("Message", "").size();
  }
  if (total > kMaxMessageBytes) throw errors::batchTooLong();
  {
    std::shared_lock lock(state_.mutex);
    if (!state_.topic(topic_arn)) throw errors::topicNotFound();
  }
  std::string base_url = baseUrl(ctx);
  Json successful = Json::array(), failed = Json::array();
  for (const auto& entry : entries) {
    std::string id = entry.value("Id", "");
    try {
      PublishedMessage message = parsePublishRequest(entry);
      std::string sequence;
      std::string message_id = publishToTopic(topic_arn, std::move(message), base_url, &sequence);
      Json result = {{"Id", id}, {"MessageId", message_id}};
      if (!sequence.empty()) result["SequenceNumber"] = sequence;
      successful.push_back(std::move(result));
    } catch (const AwsError& error) {
      failed.push_back({{"Id", id},
                        {"Code", error.code},
                        {"Message", error.message},
                        {"SenderFault", error.sender_fault}});
    }
  }
  return {{"Successful", successful}, {"Failed", failed}};
}

}  // namespace awsemu::sns
