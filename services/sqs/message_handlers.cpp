// SqsService: the message operations.
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <set>

#include "services/sqs/message_md5.hpp"
#include "services/sqs/message_validation.hpp"
#include "services/sqs/queue_attributes.hpp"
#include "services/sqs/send_request.hpp"
#include "services/sqs/request_fields.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"

namespace awsemu::sqs {
namespace asio = boost::asio;
namespace {

std::optional<int> optionalInt(const Json& input, const char* name) {
  auto it = input.find(name);
  if (it == input.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer())
    throw errors::invalidParameterValue(name, it->dump(), "Must be an integer.");
  return it->get<int>();
}

void checkRange(const char* name, std::optional<int> value, int min, int max,
                const std::string& reason) {
  if (value && (*value < min || *value > max))
    throw errors::invalidParameterValue(name, std::to_string(*value), reason);
}

// Batch requests: 1..10 entries with distinct, well-formed ids.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html
const Json& batchEntries(const Json& input, const char* entry_shape) {
  static const Json none = Json::array();
  auto it = input.find("Entries");
  const Json& entries = it != input.end() && it->is_array() ? *it : none;
  if (entries.empty()) throw errors::emptyBatchRequest(entry_shape);
  if (entries.size() > 10) throw errors::tooManyEntriesInBatchRequest(entries.size());
  std::set<std::string> ids;
  for (const auto& entry : entries) {
    std::string id = entry.value("Id", "");
    if (!isValidBatchEntryId(id)) throw errors::invalidBatchEntryId();
    if (!ids.insert(id).second) throw errors::batchEntryIdsNotDistinct(id);
  }
  return entries;
}

Json failedEntry(const std::string& id, const AwsError& error) {
  return {{"Id", id},
          {"SenderFault", error.sender_fault},
          {"Code", error.code},
          {"Message", error.message}};
}

Json batchResult(Json successful, Json failed) {
  return {{"Successful", std::move(successful)}, {"Failed", std::move(failed)}};
}

Json sendResultJson(const SendResult& r) {
  Json out = {{"MessageId", r.message_id}, {"MD5OfMessageBody", r.md5_body}};
  if (!r.md5_attributes.empty()) out["MD5OfMessageAttributes"] = r.md5_attributes;
  if (!r.md5_system_attributes.empty())
    out["MD5OfMessageSystemAttributes"] = r.md5_system_attributes;
  if (!r.sequence_number.empty()) out["SequenceNumber"] = r.sequence_number;
  return out;
}

// Which message system attributes a receive asked for (AttributeNames, the older member, and
// MessageSystemAttributeNames together).
const std::vector<std::string>& messageSystemAttributeNames() {
  static const std::vector<std::string> names{"SenderId",
                                              "SentTimestamp",
                                              "ApproximateReceiveCount",
                                              "ApproximateFirstReceiveTimestamp",
                                              "SequenceNumber",
                                              "MessageDeduplicationId",
                                              "MessageGroupId",
                                              "AWSTraceHeader",
                                              "DeadLetterQueueSourceArn"};
  return names;
}

std::set<std::string> requestedSystemAttributes(const Json& input) {
  std::set<std::string> out;
  for (const char* member : {"AttributeNames", "MessageSystemAttributeNames"}) {
    auto it = input.find(member);
    if (it == input.end() || !it->is_array()) continue;
    for (const auto& item : *it) {
      std::string name = item.is_string() ? item.get<std::string>() : "";
      const auto& known = messageSystemAttributeNames();
      if (name == "All") {
        out.insert(known.begin(), known.end());
      } else if (std::find(known.begin(), known.end(), name) != known.end()) {
        out.insert(name);
      } else if (!isKnownAttributeName(name)) {
        // Queue attribute names are tolerated here (older SDKs send them); others are not.
        throw errors::invalidAttributeName(name);
      }
    }
  }
  return out;
}

// MessageAttributeNames: "All", ".*", exact names, or "prefix.*", which AWS matches as the plain
// prefix ("Hel.*" returns "Hello" and "Help.Me").
bool attributeWanted(const std::vector<std::string>& patterns, const std::string& name) {
  for (const auto& p : patterns) {
    if (p == "All" || p == ".*" || p == name) return true;
    if (p.size() > 2 && p.ends_with(".*") && name.starts_with(p.substr(0, p.size() - 2)))
      return true;
  }
  return false;
}

Json renderMessage(const ReceivedMessage& r, const std::set<std::string>& system,
                   const std::vector<std::string>& attribute_patterns) {
  const Message& m = r.message;
  Json out = {{"MessageId", m.id},
              {"ReceiptHandle", r.receipt_handle},
              {"MD5OfBody", m.md5_body},
              {"Body", m.body}};
  Json attributes = Json::object();
  auto put = [&](const char* name, const std::string& value) {
    if (system.count(name) && !value.empty()) attributes[name] = value;
  };
  put("SenderId", m.sender_id);
  put("SentTimestamp", std::to_string(m.sent_ms));
  put("ApproximateReceiveCount", std::to_string(m.receive_count));
  put("ApproximateFirstReceiveTimestamp", std::to_string(m.first_receive_ms));
  put("SequenceNumber", m.sequence_number);
  put("MessageDeduplicationId", m.deduplication_id);
  put("MessageGroupId", m.group_id);
  put("DeadLetterQueueSourceArn", m.dead_letter_source_arn);
  if (m.system_attributes.is_object() && m.system_attributes.contains("AWSTraceHeader"))
    put("AWSTraceHeader", m.system_attributes["AWSTraceHeader"].value("StringValue", ""));
  if (!attributes.empty()) out["Attributes"] = std::move(attributes);
  if (m.message_attributes.is_object()) {
    Json chosen = Json::object();
    for (const auto& [name, value] : m.message_attributes.items())
      if (attributeWanted(attribute_patterns, name)) chosen[name] = value;
    if (!chosen.empty()) {
      // The digest covers the attributes returned, as SDKs verify it against them.
      out["MD5OfMessageAttributes"] = md5OfMessageAttributes(chosen);
      out["MessageAttributes"] = std::move(chosen);
    }
  }
  return out;
}

std::string requiredHandle(const Json& entry) {
  auto it = entry.find("ReceiptHandle");
  if (it == entry.end() || !it->is_string() || it->get<std::string>().empty())
    throw errors::missingParameter("ReceiptHandle");
  return it->get<std::string>();
}

int requiredVisibility(const Json& entry) {
  auto timeout = optionalInt(entry, "VisibilityTimeout");
  if (!timeout) throw errors::missingParameter("VisibilityTimeout");
  checkRange("VisibilityTimeout", timeout, 0, 43200, "Must be between 0 and 43200, if provided.");
  return *timeout;
}

}  // namespace

void SqsService::registerMessageHandlers() {
  // Memory only (writes are committed behind, see queue_store.hpp): they run on the I/O thread.
  onCommitted("SendMessage",
              [this](RequestContext& c, const Json& in) { return sendMessage(c, in); });
  onCommitted("SendMessageBatch",
              [this](RequestContext& c, const Json& in) { return sendMessageBatch(c, in); });
  onAsync("ReceiveMessage",
          [this](RequestContext& c, const Json& in) { return receiveMessage(c, in); });
  onCommitted("DeleteMessage",
              [this](RequestContext& c, const Json& in) { return deleteMessage(c, in); });
  onCommitted("DeleteMessageBatch",
              [this](RequestContext& c, const Json& in) { return deleteMessageBatch(c, in); });
  onCommitted("ChangeMessageVisibility",
              [this](RequestContext& c, const Json& in) { return changeMessageVisibility(c, in); });
  onCommitted("ChangeMessageVisibilityBatch", [this](RequestContext& c, const Json& in) {
    return changeMessageVisibilityBatch(c, in);
  });
}

Json SqsService::sendMessage(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  auto info = engine_->describe(key);
  auto request = parseSendRequest(input, info, ctx.caller.user_id);
  auto results = engine_->send(key, {request}, epochMillis(ctx));
  if (auto* error = std::get_if<AwsError>(&results.front())) throw *error;
  return sendResultJson(std::get<SendResult>(results.front()));
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
Json SqsService::sendMessageBatch(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  const Json& entries = batchEntries(input, "SendMessageBatchRequestEntry");
  auto info = engine_->describe(key);
  std::size_t total = 0;
  for (const auto& entry : entries)
    total += messageSize(entry.value("MessageBody", ""),
                         entry.value("MessageAttributes", Json::object()));
  // The batch limit is AWS's, not the queue's MaximumMessageSize (that one applies per entry).
  if (total > kMaxBatchBytes) throw errors::batchRequestTooLong(total, kMaxBatchBytes);
  std::vector<SendRequest> requests;
  std::vector<std::string> ids;
  Json failed = Json::array();
  for (const auto& entry : entries) {
    std::string id = entry.value("Id", "");
    try {
      requests.push_back(parseSendRequest(entry, info, ctx.caller.user_id));
      ids.push_back(id);
    } catch (const AwsError& e) {
      failed.push_back(failedEntry(id, e));
    }
  }
  Json successful = Json::array();
  auto results = requests.empty() ? decltype(engine_->send(key, {}, 0)){}
                                  : engine_->send(key, requests, epochMillis(ctx));
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (auto* error = std::get_if<AwsError>(&results[i])) {
      failed.push_back(failedEntry(ids[i], *error));
      continue;
    }
    Json ok = sendResultJson(std::get<SendResult>(results[i]));
    ok["Id"] = ids[i];
    successful.push_back(std::move(ok));
  }
  return batchResult(std::move(successful), std::move(failed));
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
// Long polling waits on a timer on this request's own I/O thread; a send cancels the timer, so
// the receiver wakes as soon as a message arrives and no thread is held while it waits.
asio::awaitable<Json> SqsService::receiveMessage(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  auto max = optionalInt(input, "MaxNumberOfMessages");
  checkRange("MaxNumberOfMessages", max, 1, 10, "Must be between 1 and 10, if provided.");
  auto visibility = optionalInt(input, "VisibilityTimeout");
  checkRange("VisibilityTimeout", visibility, 0, 43200,
             "Must be between 0 and 43200, if provided.");
  auto wait = optionalInt(input, "WaitTimeSeconds");
  checkRange("WaitTimeSeconds", wait, 0, 20, "Must be >= 0 and <= 20, if provided.");
  auto system = requestedSystemAttributes(input);
  auto patterns = stringList(input, "MessageAttributeNames");
  ReceiveRequest request;
  request.max_messages = static_cast<std::size_t>(max.value_or(1));
  request.visibility_timeout = visibility;
  request.attempt_id = input.value("ReceiveRequestAttemptId", "");
  auto info = engine_->describe(key);
  int wait_seconds = wait.value_or(info.settings.receive_wait_seconds);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  auto executor = co_await asio::this_coro::executor;

  ReceiveOutcome outcome;
  while (true) {
    auto waiter = wait_seconds > 0 ? std::make_shared<LongPollWaiter>(executor) : nullptr;
    auto now_ms = epochMillis(ctx);
    outcome = engine_->receive(key, request, now_ms, waiter);
    auto now = std::chrono::steady_clock::now();
    if (!outcome.messages.empty() || !waiter || outcome.draining || now >= deadline) break;
    auto wake_at = deadline;
    if (outcome.next_visible_ms)
      wake_at =
          std::min(wake_at, now + std::chrono::milliseconds(*outcome.next_visible_ms - now_ms));
    waiter->timer.expires_at(wake_at);
    if (!waiter->woken) {
      boost::system::error_code ignored;
      co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    engine_->forgetWaiter(key, waiter);
  }
  co_await committed();  // the receive state (and the sends of what was received)
  Json messages = Json::array();
  for (const auto& received : outcome.messages)
    messages.push_back(renderMessage(received, system, patterns));
  if (messages.empty()) co_return Json::object();
  co_return Json{{"Messages", std::move(messages)}};
}

Json SqsService::deleteMessage(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  auto results = engine_->deleteMessages(key, {requiredHandle(input)}, epochMillis(ctx));
  if (results.front()) throw *results.front();
  return Json::object();
}

Json SqsService::deleteMessageBatch(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  const Json& entries = batchEntries(input, "DeleteMessageBatchRequestEntry");
  std::vector<std::string> handles;
  for (const auto& entry : entries) handles.push_back(entry.value("ReceiptHandle", ""));
  auto results = engine_->deleteMessages(key, handles, epochMillis(ctx));
  Json successful = Json::array(), failed = Json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::string id = entries[i].value("Id", "");
    if (handles[i].empty())
      failed.push_back(failedEntry(id, errors::missingParameter("ReceiptHandle")));
    else if (results[i])
      failed.push_back(failedEntry(id, *results[i]));
    else
      successful.push_back({{"Id", id}});
  }
  return batchResult(std::move(successful), std::move(failed));
}

Json SqsService::changeMessageVisibility(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  std::string handle = requiredHandle(input);
  int timeout = requiredVisibility(input);
  auto results = engine_->changeVisibility(key, {{handle, timeout}}, epochMillis(ctx));
  if (results.front()) throw *results.front();
  return Json::object();
}

Json SqsService::changeMessageVisibilityBatch(RequestContext& ctx, const Json& input) {
  auto key = queueKey(ctx, input);
  const Json& entries = batchEntries(input, "ChangeMessageVisibilityBatchRequestEntry");
  std::vector<std::pair<std::string, int>> valid;
  std::vector<std::optional<AwsError>> early(entries.size());
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    try {
      valid.emplace_back(requiredHandle(entries[i]), requiredVisibility(entries[i]));
      positions.push_back(i);
    } catch (const AwsError& e) {
      early[i] = e;
    }
  }
  auto results = engine_->changeVisibility(key, valid, epochMillis(ctx));
  for (std::size_t j = 0; j < results.size(); ++j) early[positions[j]] = results[j];
  Json successful = Json::array(), failed = Json::array();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::string id = entries[i].value("Id", "");
    if (early[i])
      failed.push_back(failedEntry(id, *early[i]));
    else
      successful.push_back({{"Id", id}});
  }
  return batchResult(std::move(successful), std::move(failed));
}

}  // namespace awsemu::sqs
