#include "services/sqs/queue_name.hpp"

#include <cctype>

#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace {

constexpr std::string_view kFifoSuffix = ".fifo";

bool isNameCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

bool isValidQueueName(std::string_view name, bool fifo) {
  if (name.empty() || name.size() > kMaxQueueNameLength) return false;
  if (fifo) {
    if (!name.ends_with(kFifoSuffix)) return false;
    name.remove_suffix(kFifoSuffix.size());
    if (name.empty()) return false;
  }
  for (char c : name) {
    if (!isNameCharacter(c)) return false;
  }
  return true;
}

void validateQueueName(std::string_view name, bool fifo) {
  if (name.empty()) throw errors::invalidParameterValue("Queue name cannot be empty");
  if (isValidQueueName(name, fifo)) return;
  if (fifo) {
    throw errors::invalidParameterValue(
        "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
        "underscores, must end with .fifo suffix and be 1 to 80 in length.");
  }
  throw errors::invalidParameterValue(
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
}

}  // namespace awsemu::sqs
