#pragma once
// Queue names as CreateQueue accepts them.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
#include <cstddef>
#include <string_view>

namespace awsemu::sqs {

inline constexpr std::size_t kMaxQueueNameLength = 80;

// Standard: 1..80 characters of [A-Za-z0-9_-]. FIFO: the same, ending in ".fifo", the suffix
// counted in the 80.
bool isValidQueueName(std::string_view name, bool fifo);

// Throws InvalidParameterValue with AWS's texts: "Queue name cannot be empty" for "";
// "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length" for a
// standard queue (including a name ending in ".fifo" without FifoQueue=true); "The name of a FIFO
// queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo
// suffix and be 1 to 80 in length." for a FIFO queue. `fifo` is whether the request's FifoQueue
// attribute is true (requestsFifoQueue in queue_attributes.hpp).
void validateQueueName(std::string_view name, bool fifo);

}  // namespace awsemu::sqs
