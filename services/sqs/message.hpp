#pragma once
// One message in a queue, as SQS keeps it: what was sent, and the state of its current receive.
#include <cstdint>
#include <optional>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu::sqs {

struct Message {
  std::uint64_t seq = 0;  // enqueue order, unique across queues (its storage key)
  std::string id;         // MessageId
  std::string body;
  Json message_attributes;  // null or {"Name": {"DataType", "StringValue"|"BinaryValue"}}
  Json system_attributes;   // null or {"AWSTraceHeader": {...}}
  std::string md5_body, md5_attributes, md5_system_attributes;
  std::string sender_id;
  std::int64_t sent_ms = 0;        // SentTimestamp
  std::int64_t visible_at_ms = 0;  // delay or visibility timeout end
  std::int64_t first_receive_ms = 0;
  std::int64_t received_ms = 0;  // the current receive (12-hour visibility limit)
  int receive_count = 0;
  std::uint64_t receipt = 0;  // token of the current receipt handle; 0 before the first receive
  std::string group_id, deduplication_id, sequence_number;
  std::string dead_letter_source_arn;  // set when redriven to a dead-letter queue

  bool visible(std::int64_t now_ms) const { return visible_at_ms <= now_ms; }
  bool inFlight(std::int64_t now_ms) const { return receive_count > 0 && !visible(now_ms); }
  bool delayed(std::int64_t now_ms) const { return receive_count == 0 && !visible(now_ms); }
};

// A receipt handle names the queue, the message and one receive of it.
struct ReceiptHandle {
  std::string queue_arn;
  std::string message_id;
  std::uint64_t receipt = 0;
};
std::string encodeReceiptHandle(const ReceiptHandle& handle);
std::optional<ReceiptHandle> decodeReceiptHandle(const std::string& text);

}  // namespace awsemu::sqs
