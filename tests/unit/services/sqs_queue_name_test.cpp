// CreateQueue names: standard and FIFO forms, with AWS's InvalidParameterValue texts.
#include "services/sqs/queue_name.hpp"

#include <gtest/gtest.h>

#include <string>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::sqs {
namespace {

constexpr const char* kStandardError =
    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length";
constexpr const char* kFifoError =
    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
    "must end with .fifo suffix and be 1 to 80 in length.";

struct NameCase {
  const char* label;
  std::string name;
  bool fifo;
  const char* error;  // nullptr when valid
};

class QueueNameTest : public ::testing::TestWithParam<NameCase> {};

TEST_P(QueueNameTest, ValidatesLikeAws) {
  const auto& c = GetParam();
  EXPECT_EQ(isValidQueueName(c.name, c.fifo), c.error == nullptr);
  if (c.error == nullptr) {
    EXPECT_NO_THROW(validateQueueName(c.name, c.fifo));
    return;
  }
  try {
    validateQueueName(c.name, c.fifo);
    ADD_FAILURE() << "accepted " << c.name;
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "InvalidParameterValue");
    EXPECT_EQ(error.http_status, 400);
    EXPECT_EQ(error.message, c.error);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Names, QueueNameTest,
    ::testing::Values(NameCase{"Standard", "orders-queue_1", false, nullptr},
                      NameCase{"OneCharacter", "q", false, nullptr},
                      NameCase{"Standard80", std::string(80, 'a'), false, nullptr},
                      NameCase{"Standard81", std::string(81, 'a'), false, kStandardError},
                      NameCase{"Dot", "in.fo", false, kStandardError},
                      NameCase{"Slash", "a/b", false, kStandardError},
                      NameCase{"Space", "my queue", false, kStandardError},
                      NameCase{"NonAscii", "\xC3\xA9\xC3\xA9ww", false, kStandardError},
                      NameCase{"FifoSuffixOnStandard", "example.fifo", false, kStandardError},
                      NameCase{"Empty", "", false, "Queue name cannot be empty"},
                      NameCase{"EmptyFifo", "", true, "Queue name cannot be empty"},
                      NameCase{"Fifo", "payment-processing.fifo", true, nullptr},
                      NameCase{"Fifo80", std::string(75, 'a') + ".fifo", true, nullptr},
                      NameCase{"Fifo81", std::string(76, 'a') + ".fifo", true, kFifoError},
                      NameCase{"FifoWithoutSuffix", "payment-processing", true, kFifoError},
                      NameCase{"FifoWrongSuffix", "example.ifo", true, kFifoError},
                      NameCase{"FifoSuffixOnly", ".fifo", true, kFifoError},
                      NameCase{"FifoUpperCaseSuffix", "a.FIFO", true, kFifoError},
                      NameCase{"FifoDotInBase", "a.b.fifo", true, kFifoError}),
    [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace awsemu::sqs
