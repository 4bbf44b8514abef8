// SendMessage requests checked against their queue, in the order SQS checks them.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
#include "services/sqs/send_request.hpp"

#include <gtest/gtest.h>

#include "services/sqs/message_validation.hpp"

namespace awsemu::sqs {
namespace {

QueueInfo queue(bool fifo, bool content_based = false) {
  QueueInfo info;
  info.fifo = fifo;
  info.settings.content_based_deduplication = content_based;
  return info;
}

AwsError errorOf(const Json& input, const QueueInfo& info) {
  try {
    parseSendRequest(input, info, "000000000000");
  } catch (const AwsError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << input.dump();
  return AwsError("", "", 0);
}

constexpr const char* kNotForQueueType =
    "Reason: The request include parameter that is not valid for this queue type.";

TEST(SendRequestTest, FifoQueueRefusesAPerMessageDelay) {
  auto error = errorOf({{"MessageBody", "x"},
                        {"MessageGroupId", "g"},
                        {"MessageDeduplicationId", "d"},
                        {"DelaySeconds", 5}},
                       queue(true));
  EXPECT_EQ(error.code, "InvalidParameterValue");
  EXPECT_EQ(error.message,
            std::string("Value 5 for parameter DelaySeconds is invalid. ") + kNotForQueueType);
}

// The queue type is checked before the delay's range and before the FIFO-only parameters.
TEST(SendRequestTest, FifoDelayIsCheckedBeforeItsRangeAndTheGroup) {
  auto out_of_range = errorOf({{"MessageBody", "x"}, {"DelaySeconds", 901}}, queue(true, true));
  EXPECT_EQ(out_of_range.message,
            std::string("Value 901 for parameter DelaySeconds is invalid. ") + kNotForQueueType);
  auto no_group = errorOf({{"MessageBody", "x"}, {"DelaySeconds", 5}}, queue(true, true));
  EXPECT_EQ(no_group.code, "InvalidParameterValue");
  EXPECT_EQ(no_group.message,
            std::string("Value 5 for parameter DelaySeconds is invalid. ") + kNotForQueueType);
}

TEST(SendRequestTest, FifoQueueAcceptsAZeroDelay) {
  auto request =
      parseSendRequest({{"MessageBody", "x"}, {"MessageGroupId", "g"}, {"DelaySeconds", 0}},
                       queue(true, true), "000000000000");
  EXPECT_EQ(request.delay_seconds, 0);
}

TEST(SendRequestTest, StandardQueueChecksTheDelayRange) {
  auto error = errorOf({{"MessageBody", "x"}, {"DelaySeconds", 901}}, queue(false));
  EXPECT_EQ(error.message,
            "Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 "
            "and <= 900.");
}

TEST(SendRequestTest, StandardQueueRefusesADeduplicationId) {
  auto error = errorOf({{"MessageBody", "x"}, {"MessageDeduplicationId", "d"}}, queue(false));
  EXPECT_EQ(
      error.message,
      std::string("Value d for parameter MessageDeduplicationId is invalid. ") + kNotForQueueType);
}

TEST(SendRequestTest, TheDefaultLimitIsOneMebibyte) {
  EXPECT_NO_THROW(parseSendRequest({{"MessageBody", std::string(kMaxMessageBytes, 'a')}},
                                   queue(false), "000000000000"));
  auto error = errorOf({{"MessageBody", std::string(kMaxMessageBytes + 1, 'a')}}, queue(false));
  EXPECT_EQ(error.message,
            "One or more parameters are invalid. Reason: Message must be shorter than 1048576 "
            "bytes.");
}

}  // namespace
}  // namespace awsemu::sqs
