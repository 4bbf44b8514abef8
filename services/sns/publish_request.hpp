#pragma once
// A Publish request (or PublishBatch entry) read and checked as SNS checks it.
// https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
#include "awsemu/core/json.hpp"
#include "services/sns/notification.hpp"

namespace awsemu::sns {

// 256 KiB: the message and its attributes (names, types and values) together.
inline constexpr std::size_t kMaxMessageBytes = 262144;

// Message, Subject, MessageStructure, MessageAttributes, FIFO ids; throws the AwsError SNS answers.
// `to_endpoint`: a json-structured message to a platform endpoint may have only its platform's key.
PublishedMessage parsePublishRequest(const Json& input, bool to_endpoint = false);
// Size of the message with its attributes, as SNS counts it.
std::size_t publishedSize(const PublishedMessage& message);

}  // namespace awsemu::sns
