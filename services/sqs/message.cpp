#include "services/sqs/message.hpp"

#include <charconv>

#include "awsemu/core/encoding.hpp"

namespace awsemu::sqs {

// Opaque to clients, like AWS's: base64 of "<queue ARN> <message id> <receive token>".
std::string encodeReceiptHandle(const ReceiptHandle& handle) {
  return encoding::base64Encode(handle.queue_arn + ' ' + handle.message_id + ' ' +
                                std::to_string(handle.receipt));
}

std::optional<ReceiptHandle> decodeReceiptHandle(const std::string& text) {
  auto decoded = encoding::base64Decode(text);
  if (!decoded) return std::nullopt;
  auto first = decoded->find(' ');
  auto second = first == std::string::npos ? first : decoded->find(' ', first + 1);
  if (second == std::string::npos || !decoded->starts_with("arn:")) return std::nullopt;
  ReceiptHandle handle;
  handle.queue_arn = decoded->substr(0, first);
  handle.message_id = decoded->substr(first + 1, second - first - 1);
  const char* begin = decoded->data() + second + 1;
  const char* end = decoded->data() + decoded->size();
  auto [ptr, ec] = std::from_chars(begin, end, handle.receipt);
  if (ec != std::errc() || ptr != end || handle.message_id.empty()) return std::nullopt;
  return handle;
}

}  // namespace awsemu::sqs
