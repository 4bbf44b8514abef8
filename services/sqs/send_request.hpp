#pragma once
// A SendMessage request (or one SendMessageBatch entry, or a delivery from another service),
// decoded and checked against the queue it goes to, in the order SQS checks.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
#include "awsemu/core/json.hpp"
#include "services/sqs/sqs_engine.hpp"

namespace awsemu::sqs {

// Throws the AwsError SQS answers for the first problem found.
SendRequest parseSendRequest(const Json& input, const QueueInfo& queue, std::string sender_id);
// The same checks for a request built in process (event deliveries).
void checkSendRequest(const SendRequest& request, const QueueInfo& queue);

}  // namespace awsemu::sqs
