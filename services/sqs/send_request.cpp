#include "services/sqs/send_request.hpp"

#include "services/sqs/message_validation.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace {

// AWS's text, grammar and final period included.
AwsError notForThisQueueType(const std::string& parameter, const std::string& value) {
  return errors::invalidParameterValue(parameter, value,
                                       "The request include parameter that is not valid for this "
                                       "queue type.");
}

}  // namespace

void checkSendRequest(const SendRequest& request, const QueueInfo& queue) {
  validateMessageBody(request.body);
  if (!request.message_attributes.is_null()) validateMessageAttributes(request.message_attributes);
  if (!request.system_attributes.is_null())
    validateMessageSystemAttributes(request.system_attributes);
  validateMessageSize(request.body, request.message_attributes,
                      static_cast<std::size_t>(queue.settings.maximum_message_size));
  // A FIFO queue refuses any per-message delay (0 aside) before its value is range-checked: the
  // parameter is not one this queue type takes ("When you set FifoQueue, you can't set
  // DelaySeconds per message", API_SendMessage.html).
  if (queue.fifo && request.delay_seconds && *request.delay_seconds != 0)
    throw notForThisQueueType("DelaySeconds", std::to_string(*request.delay_seconds));
  if (request.delay_seconds && (*request.delay_seconds < 0 || *request.delay_seconds > 900))
    throw errors::invalidParameterValue("DelaySeconds", std::to_string(*request.delay_seconds),
                                        "DelaySeconds must be >= 0 and <= 900.");
  if (queue.fifo) {
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html
    if (request.group_id.empty()) throw errors::missingParameter("MessageGroupId");
    if (request.deduplication_id.empty() && !queue.settings.content_based_deduplication)
      throw errors::invalidParameterValue(
          "The queue should either have ContentBasedDeduplication enabled or "
          "MessageDeduplicationId provided explicitly");
  } else if (!request.deduplication_id.empty()) {
    throw notForThisQueueType("MessageDeduplicationId", request.deduplication_id);
  }
  for (const auto* id : {&request.group_id, &request.deduplication_id})
    if (id->size() > 128)
      throw errors::invalidParameterValue(
          id == &request.group_id ? "MessageGroupId" : "MessageDeduplicationId", *id,
          "The parameter must be at most 128 characters long.");
}

SendRequest parseSendRequest(const Json& input, const QueueInfo& queue, std::string sender_id) {
  SendRequest request;
  auto body = input.find("MessageBody");
  if (body == input.end() || !body->is_string()) throw errors::missingParameter("MessageBody");
  request.body = body->get<std::string>();
  if (auto it = input.find("MessageAttributes"); it != input.end() && !it->empty())
    request.message_attributes = *it;
  if (auto it = input.find("MessageSystemAttributes"); it != input.end() && !it->empty())
    request.system_attributes = *it;
  if (auto it = input.find("DelaySeconds"); it != input.end() && it->is_number_integer())
    request.delay_seconds = it->get<int>();
  request.group_id = input.value("MessageGroupId", "");
  request.deduplication_id = input.value("MessageDeduplicationId", "");
  request.sender_id = std::move(sender_id);
  checkSendRequest(request, queue);
  return request;
}

}  // namespace awsemu::sqs
