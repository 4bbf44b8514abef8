// Queue attributes of CreateQueue / SetQueueAttributes / GetQueueAttributes: names, ranges,
// normalisation, redrive policies, defaults. Expected texts are AWS's (sources in
// queue_attributes.hpp and the report that came with it).
#include "services/sqs/queue_attributes.hpp"

#include <gtest/gtest.h>

#include <string>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::sqs {
namespace {

constexpr const char* kDlq = "arn:aws:sqs:us-east-1:123456789012:MyDLQ";
constexpr const char* kFifoDlq = "arn:aws:sqs:us-east-1:123456789012:MyDLQ.fifo";
constexpr const char* kUnsupportedAllow =
    "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the "
    "redrive allow policy, as it\u2019s in an unsupported format.";

struct AttributeCase {
  const char* label;
  Json attributes;
  bool fifo;
  AttributeUse use;
  Json expected;        // the normalised attributes, when valid
  const char* code;     // nullptr when valid
  std::string message;  // exact, when invalid
};

AttributeCase ok(const char* label, Json attributes, Json expected, bool fifo = false,
                 AttributeUse use = AttributeUse::Create) {
  return {label, std::move(attributes), fifo, use, std::move(expected), nullptr, ""};
}
AttributeCase bad(const char* label, Json attributes, const char* code, std::string message,
                  bool fifo = false, AttributeUse use = AttributeUse::Create) {
  return {label, std::move(attributes), fifo, use, Json(), code, std::move(message)};
}
std::string invalidValue(const char* name) {
  return std::string("Invalid value for the parameter ") + name + ".";
}
std::string redriveError(const std::string& policy, const std::string& reason) {
  return "Value " + policy + " for parameter RedrivePolicy is invalid. Reason: " + reason;
}
std::string allowError(const std::string& policy, const std::string& reason) {
  return "Value " + policy +
         " for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the "
         "redrive allow policy. " +
         reason;
}

// A RedrivePolicy case failing with "Value <policy> for parameter RedrivePolicy is invalid...".
AttributeCase badRedrive(const char* label, const Json& policy, const std::string& reason,
                         bool fifo = false) {
  return bad(label, {{"RedrivePolicy", policy.dump()}}, "InvalidParameterValue",
             redriveError(policy.dump(), reason), fifo);
}

class QueueAttributesTest : public ::testing::TestWithParam<AttributeCase> {};

TEST_P(QueueAttributesTest, ValidatesAndNormalises) {
  const auto& c = GetParam();
  if (c.code == nullptr) {
    EXPECT_EQ(validateQueueAttributes(c.attributes, c.fifo, c.use), c.expected);
    return;
  }
  try {
    validateQueueAttributes(c.attributes, c.fifo, c.use);
    ADD_FAILURE() << "accepted " << c.attributes.dump();
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, c.code);
    EXPECT_EQ(error.http_status, 400);
    EXPECT_EQ(error.message, c.message);
  }
}

const char* kName = "InvalidAttributeName";
const char* kValue = "InvalidAttributeValue";
const char* kParameter = "InvalidParameterValue";
const auto kSet = AttributeUse::Set;

INSTANTIATE_TEST_SUITE_P(
    Settable, QueueAttributesTest,
    ::testing::Values(
        ok("Empty", Json::object(), Json::object()), ok("Null", Json(), Json::object()),
        ok("Numbers",
           {{"DelaySeconds", "900"},
            {"MaximumMessageSize", "1024"},
            {"MessageRetentionPeriod", "1209600"},
            {"ReceiveMessageWaitTimeSeconds", "20"},
            {"VisibilityTimeout", "0"},
            {"KmsDataKeyReusePeriodSeconds", "86400"}},
           {{"DelaySeconds", "900"},
            {"MaximumMessageSize", "1024"},
            {"MessageRetentionPeriod", "1209600"},
            {"ReceiveMessageWaitTimeSeconds", "20"},
            {"VisibilityTimeout", "0"},
            {"KmsDataKeyReusePeriodSeconds", "86400"}}),
        ok("NumbersNormalised", {{"VisibilityTimeout", "+0030"}, {"DelaySeconds", 5}},
           {{"VisibilityTimeout", "30"}, {"DelaySeconds", "5"}}),
        bad("DelayTooLong", {{"DelaySeconds", "901"}}, kValue, invalidValue("DelaySeconds")),
        bad("DelayNegative", {{"DelaySeconds", "-45"}}, kValue, invalidValue("DelaySeconds")),
        bad("DelayFloat", {{"DelaySeconds", "544.43"}}, kValue, invalidValue("DelaySeconds")),
        bad("DelayLeadingSpace", {{"DelaySeconds", " 6"}}, kValue, invalidValue("DelaySeconds")),
        bad("DelayEmpty", {{"DelaySeconds", ""}}, kValue, invalidValue("DelaySeconds")),
        bad("DelayBoolean", {{"DelaySeconds", true}}, kValue, invalidValue("DelaySeconds")),
        bad("SizeTooSmall", {{"MaximumMessageSize", "1023"}}, kValue,
            invalidValue("MaximumMessageSize")),
        ok("SizeOverTheOldLimit", {{"MaximumMessageSize", "262145"}},
           {{"MaximumMessageSize", "262145"}}),
        ok("SizeOneMebibyte", {{"MaximumMessageSize", "1048576"}},
           {{"MaximumMessageSize", "1048576"}}),
        bad("SizeTooLarge", {{"MaximumMessageSize", "1048577"}}, kValue,
            invalidValue("MaximumMessageSize")),
        bad("RetentionTooShort", {{"MessageRetentionPeriod", "59"}}, kValue,
            invalidValue("MessageRetentionPeriod")),
        bad("RetentionTooLong", {{"MessageRetentionPeriod", "1209601"}}, kValue,
            invalidValue("MessageRetentionPeriod"), false, kSet),
        bad("WaitTooLong", {{"ReceiveMessageWaitTimeSeconds", "21"}}, kValue,
            invalidValue("ReceiveMessageWaitTimeSeconds")),
        bad("VisibilityTooLong", {{"VisibilityTimeout", "43201"}}, kValue,
            invalidValue("VisibilityTimeout")),
        bad("VisibilityHuge", {{"VisibilityTimeout", "99999999999999999999"}}, kValue,
            invalidValue("VisibilityTimeout")),
        bad("ReusePeriodTooShort", {{"KmsDataKeyReusePeriodSeconds", "-233"}}, kValue,
            invalidValue("KmsDataKeyReusePeriodSeconds")),
        ok("Booleans", {{"SqsManagedSseEnabled", "FALSE"}}, {{"SqsManagedSseEnabled", "false"}}),
        bad("BadBoolean", {{"SqsManagedSseEnabled", "yes"}}, kValue,
            invalidValue("SqsManagedSseEnabled")),
        ok("Policy", {{"Policy", "{\"Version\": \"2012-10-17\", \"Statement\": []}"}},
           {{"Policy", "{\"Version\": \"2012-10-17\", \"Statement\": []}"}}),
        ok("PolicyRemoved", {{"Policy", ""}}, {{"Policy", ""}}, false, kSet),
        bad("PolicyNotJson", {{"Policy", "{nope"}}, kValue, invalidValue("Policy")),
        bad("PolicyNotObject", {{"Policy", "[]"}}, kValue, invalidValue("Policy")),
        ok("KmsKey", {{"KmsMasterKeyId", "alias/aws/sqs"}, {"SqsManagedSseEnabled", "false"}},
           {{"KmsMasterKeyId", "alias/aws/sqs"}, {"SqsManagedSseEnabled", "false"}}),
        bad("SseConflict", {{"KmsMasterKeyId", "alias/aws/sqs"}, {"SqsManagedSseEnabled", "true"}},
            kName,
            "You can use one type of server-side encryption (SSE) at one time. You can either "
            "enable KMS SSE or SQS SSE.")),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Names, QueueAttributesTest,
    ::testing::Values(bad("Unknown", {{"Colour", "blue"}}, kName, "Unknown Attribute Colour."),
                      bad("All", {{"All", "x"}}, kName, "Unknown Attribute All."),
                      bad("ReadOnly", {{"QueueArn", "arn:aws:sqs:us-east-1:123456789012:q"}}, kName,
                          "Unknown Attribute QueueArn.", false, kSet),
                      bad("Counter", {{"ApproximateNumberOfMessages", "3"}}, kName,
                          "Unknown Attribute ApproximateNumberOfMessages."),
                      bad("CaseSensitive", {{"visibilityTimeout", "3"}}, kName,
                          "Unknown Attribute visibilityTimeout."),
                      bad("FifoQueueOnStandard", {{"FifoQueue", "false"}}, kName,
                          "Unknown Attribute FifoQueue."),
                      bad("SetFifoQueueOnStandard", {{"FifoQueue", "true"}}, kName,
                          "Unknown Attribute FifoQueue.", false, kSet),
                      bad("DedupOnStandard", {{"ContentBasedDeduplication", "true"}}, kName,
                          "Unknown Attribute ContentBasedDeduplication."),
                      bad("ScopeOnStandard", {{"DeduplicationScope", "queue"}}, kName,
                          "Unknown Attribute DeduplicationScope."),
                      bad("LimitOnStandard", {{"FifoThroughputLimit", "perQueue"}}, kName,
                          "Unknown Attribute FifoThroughputLimit.")),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Fifo, QueueAttributesTest,
    ::testing::Values(
        ok("CreateFifo",
           {{"FifoQueue", "True"},
            {"ContentBasedDeduplication", "TRUE"},
            {"DeduplicationScope", "messageGroup"},
            {"FifoThroughputLimit", "perMessageGroupId"}},
           {{"FifoQueue", "true"},
            {"ContentBasedDeduplication", "true"},
            {"DeduplicationScope", "messageGroup"},
            {"FifoThroughputLimit", "perMessageGroupId"}},
           true),
        bad("CreateFifoFalse", {{"FifoQueue", "false"}}, kValue, invalidValue("FifoQueue"), true),
        ok("SetFifoTrue", {{"FifoQueue", "true"}}, {{"FifoQueue", "true"}}, true, kSet),
        bad("SetFifoFalse", {{"FifoQueue", "false"}}, kValue,
            "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not "
            "supported.",
            true, kSet),
        bad("BadScope", {{"DeduplicationScope", "MessageGroup"}}, kValue,
            invalidValue("DeduplicationScope"), true),
        bad("BadLimit", {{"FifoThroughputLimit", "perGroup"}}, kValue,
            invalidValue("FifoThroughputLimit"), true),
        bad("BadDedup", {{"ContentBasedDeduplication", "1"}}, kValue,
            invalidValue("ContentBasedDeduplication"), true),
        bad("PerGroupLimitWithQueueScope",
            {{"DeduplicationScope", "queue"}, {"FifoThroughputLimit", "perMessageGroupId"}}, kValue,
            "Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId "
            "value is allowed only when the value for DeduplicationScope is messageGroup.",
            true)),
    [](const auto& info) { return std::string(info.param.label); });

std::string redrive(const Json& policy) { return policy.dump(); }
const std::string kElevenArns = [] {
  Json arns = Json::array();
  for (int i = 1; i <= 11; ++i)
    arns.push_back("arn:aws:sqs:us-east-1:123456789012:x" + std::to_string(i));
  return Json{{"redrivePermission", "byQueue"}, {"sourceQueueArns", arns}}.dump();
}();

INSTANTIATE_TEST_SUITE_P(
    RedrivePolicy, QueueAttributesTest,
    ::testing::Values(
        ok("NumberCount",
           {{"RedrivePolicy",
             "{\"deadLetterTargetArn\": \"" + std::string(kDlq) + "\", \"maxReceiveCount\": 5}"}},
           {{"RedrivePolicy", redrive({{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", 5}})}}),
        ok("StringCount",
           {{"RedrivePolicy", "{\"maxReceiveCount\": \"3\", \"deadLetterTargetArn\": \"" +
                                  std::string(kDlq) + "\"}"}},
           {{"RedrivePolicy", redrive({{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", 3}})}}),
        ok("FifoDlq",
           {{"RedrivePolicy",
             redrive({{"deadLetterTargetArn", kFifoDlq}, {"maxReceiveCount", 1000}})}},
           {{"RedrivePolicy",
             redrive({{"deadLetterTargetArn", kFifoDlq}, {"maxReceiveCount", 1000}})}},
           true),
        ok("Removed", {{"RedrivePolicy", ""}}, {{"RedrivePolicy", ""}}, false, kSet),
        bad("NotJson", {{"RedrivePolicy", " "}}, kValue,
            "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid "
            "JSON map."),
        bad("Array", {{"RedrivePolicy", "[]"}}, kValue,
            "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid "
            "JSON map."),
        badRedrive("NoCount", Json::object(),
                   "Redrive policy does not contain mandatory attribute: maxReceiveCount."),
        badRedrive("NoTarget", {{"maxReceiveCount", 5}},
                   "Redrive policy does not contain mandatory attribute: deadLetterTargetArn."),
        badRedrive("CountTooSmall", {{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", -36}},
                   "Invalid value for maxReceiveCount: -36, valid values are from 1 to 1000 both "
                   "inclusive."),
        badRedrive("CountTooLarge", {{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", "4023"}},
                   "Invalid value for maxReceiveCount: 4023, valid values are from 1 to 1000 both "
                   "inclusive."),
        bad("DummyArn",
            {{"RedrivePolicy", "{\"deadLetterTargetArn\": \"dummy\", \"maxReceiveCount\": 42}"}},
            kParameter,
            // AWS-recorded (test_invalid_dead_letter_arn_rejected_before_lookup).
            "Value {\"deadLetterTargetArn\": \"dummy\", \"maxReceiveCount\": 42} for parameter "
            "RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn."),
        badRedrive("TopicArn",
                   {{"deadLetterTargetArn", "arn:aws:sns:us-east-1:123456789012:MyTopic"},
                    {"maxReceiveCount", 5}},
                   "Only SQS queues are valid resources for deadLetterTargetArn."),
        badRedrive("ShortAccount",
                   {{"deadLetterTargetArn", "arn:aws:sqs:us-east-1:123:q"}, {"maxReceiveCount", 5}},
                   "Invalid value for deadLetterTargetArn."),
        badRedrive("FifoDlqForStandard",
                   {{"deadLetterTargetArn", kFifoDlq}, {"maxReceiveCount", 5}},
                   "Dead-letter queue must be same type of queue as the source.."),
        badRedrive("StandardDlqForFifo", {{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", 5}},
                   "Dead-letter queue must be same type of queue as the source..", true),
        badRedrive("ExtraField",
                   {{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", 5}, {"dummy", "x"}},
                   "Only following attributes are supported: [maxReceiveCount, "
                   "deadLetterTargetArn]."),
        ok("AllowAll", {{"RedriveAllowPolicy", "{\"redrivePermission\": \"allowAll\"}"}},
           {{"RedriveAllowPolicy", "{\"redrivePermission\":\"allowAll\"}"}}),
        ok("ByQueue",
           {{"RedriveAllowPolicy",
             redrive({{"redrivePermission", "byQueue"}, {"sourceQueueArns", {kDlq}}})}},
           {{"RedriveAllowPolicy",
             redrive({{"redrivePermission", "byQueue"}, {"sourceQueueArns", {kDlq}}})}}),
        bad("AllowNotJson", {{"RedriveAllowPolicy", "badjson"}}, kValue, kUnsupportedAllow),
        bad("AllowNoPermission", {{"RedriveAllowPolicy", "{}"}}, kValue, kUnsupportedAllow),
        bad("AllowBadPermission", {{"RedriveAllowPolicy", "{\"redrivePermission\":\"dummy\"}"}},
            kValue, kUnsupportedAllow),
        bad("AllowUnknownField",
            {{"RedriveAllowPolicy", "{\"redrivePermission\":\"allowAll\",\"dummy\":\"value\"}"}},
            kValue, kUnsupportedAllow),
        bad("AllowArnsNotList",
            {{"RedriveAllowPolicy",
              "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":\"arn:aws:sqs\"}"}},
            kValue, kUnsupportedAllow),
        bad("ByQueueWithoutArns", {{"RedriveAllowPolicy", "{\"redrivePermission\":\"byQueue\"}"}},
            kParameter,
            allowError("{\"redrivePermission\":\"byQueue\"}",
                       "When you specify the byQueue permission type, you must also specify one "
                       "or more sourceQueueArns values.")),
        bad("TooManyArns", {{"RedriveAllowPolicy", kElevenArns}}, kParameter,
            allowError(kElevenArns,
                       "The maximum number of source queue ARNs you can specify is 10.")),
        bad("DenyAllWithArns",
            {{"RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\",\"sourceQueueArns\":[\"" +
                                        std::string(kDlq) + "\"]}"}},
            kParameter,
            allowError("{\"redrivePermission\":\"denyAll\",\"sourceQueueArns\":[\"" +
                           std::string(kDlq) + "\"]}",
                       "To specify one or more source queue ARNs, you must set redrivePermission "
                       "to byQueue."))),
    [](const auto& info) { return std::string(info.param.label); });

TEST(QueueAttributesTest, RequestsFifoQueue) {
  EXPECT_TRUE(requestsFifoQueue({{"FifoQueue", "true"}}));
  EXPECT_TRUE(requestsFifoQueue({{"FifoQueue", "TRUE"}}));
  EXPECT_FALSE(requestsFifoQueue({{"FifoQueue", "false"}}));
  EXPECT_FALSE(requestsFifoQueue(Json::object()));
  EXPECT_FALSE(requestsFifoQueue(Json()));
}

TEST(QueueAttributesTest, Defaults) {
  EXPECT_EQ(defaultQueueAttributes(false), (Json{{"DelaySeconds", "0"},
                                                 {"MaximumMessageSize", "1048576"},
                                                 {"MessageRetentionPeriod", "345600"},
                                                 {"ReceiveMessageWaitTimeSeconds", "0"},
                                                 {"VisibilityTimeout", "30"},
                                                 {"SqsManagedSseEnabled", "true"}}));
  Json fifo = defaultQueueAttributes(true);
  EXPECT_EQ(fifo["FifoQueue"], "true");
  EXPECT_EQ(fifo["ContentBasedDeduplication"], "false");
  EXPECT_EQ(fifo["DeduplicationScope"], "queue");
  EXPECT_EQ(fifo["FifoThroughputLimit"], "perQueue");
  EXPECT_EQ(fifo.size(), 10u);
}

TEST(QueueAttributesTest, ApplyRemovesAndKeepsFifoQueue) {
  Json current = defaultQueueAttributes(true);
  current["Policy"] = "{}";
  Json result = applyQueueAttributes(
      current, {{"Policy", ""}, {"FifoQueue", "true"}, {"VisibilityTimeout", "60"}});
  EXPECT_FALSE(result.contains("Policy"));
  EXPECT_EQ(result["FifoQueue"], "true");
  EXPECT_EQ(result["VisibilityTimeout"], "60");
}

TEST(QueueAttributesTest, ApplyKmsKeyTurnsOffSqsSse) {
  Json result = applyQueueAttributes(defaultQueueAttributes(false), {{"KmsMasterKeyId", "k"}});
  EXPECT_EQ(result["SqsManagedSseEnabled"], "false");
  EXPECT_EQ(result["KmsDataKeyReusePeriodSeconds"], "300");
  result = applyQueueAttributes(defaultQueueAttributes(false),
                                {{"KmsMasterKeyId", "k"}, {"KmsDataKeyReusePeriodSeconds", "600"}});
  EXPECT_EQ(result["KmsDataKeyReusePeriodSeconds"], "600");
  EXPECT_THROW(applyQueueAttributes(result, {{"SqsManagedSseEnabled", "true"}}), AwsError);
  Json back =
      applyQueueAttributes(result, {{"KmsMasterKeyId", ""}, {"SqsManagedSseEnabled", "true"}});
  EXPECT_FALSE(back.contains("KmsMasterKeyId"));
  EXPECT_EQ(back["SqsManagedSseEnabled"], "true");
}

TEST(QueueAttributesTest, ApplyChecksThroughputAgainstTheQueue) {
  try {
    applyQueueAttributes(defaultQueueAttributes(true),
                         {{"FifoThroughputLimit", "perMessageGroupId"}});
    ADD_FAILURE() << "perMessageGroupId accepted with DeduplicationScope queue";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "InvalidAttributeValue");
  }
  Json high = applyQueueAttributes(
      defaultQueueAttributes(true),
      {{"DeduplicationScope", "messageGroup"}, {"FifoThroughputLimit", "perMessageGroupId"}});
  EXPECT_EQ(high["FifoThroughputLimit"], "perMessageGroupId");
}

TEST(QueueAttributesTest, Names) {
  const auto& names = allAttributeNames();
  EXPECT_EQ(names.size(), 21u);
  EXPECT_EQ(names.front(), "QueueArn");
  EXPECT_EQ(names.back(), "SqsManagedSseEnabled");
  for (const auto& name : names) EXPECT_TRUE(isKnownAttributeName(name)) << name;
  EXPECT_TRUE(isKnownAttributeName("All"));
  EXPECT_FALSE(isKnownAttributeName("all"));
  EXPECT_FALSE(isKnownAttributeName("Colour"));
  EXPECT_TRUE(isReadOnlyAttributeName("ApproximateNumberOfMessagesDelayed"));
  EXPECT_FALSE(isReadOnlyAttributeName("VisibilityTimeout"));
}

TEST(RedrivePolicyTest, ParsesStoredPolicies) {
  auto policy =
      parseRedrivePolicy(redrive({{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", 3}}));
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->dead_letter_target_arn, kDlq);
  EXPECT_EQ(policy->max_receive_count, 3);
  policy = parseRedrivePolicy(redrive({{"deadLetterTargetArn", kDlq}, {"maxReceiveCount", "7"}}));
  ASSERT_TRUE(policy);
  EXPECT_EQ(policy->max_receive_count, 7);
  EXPECT_FALSE(parseRedrivePolicy(""));
  EXPECT_FALSE(parseRedrivePolicy("not json"));
}

TEST(RedrivePolicyTest, AllowPolicyDecidesSources) {
  const std::string source = "arn:aws:sqs:us-east-1:123456789012:work";
  EXPECT_TRUE(redriveAllowed(std::nullopt, source));
  EXPECT_TRUE(
      redriveAllowed(parseRedriveAllowPolicy("{\"redrivePermission\":\"allowAll\"}"), source));
  EXPECT_FALSE(
      redriveAllowed(parseRedriveAllowPolicy("{\"redrivePermission\":\"denyAll\"}"), source));
  auto by_queue = parseRedriveAllowPolicy(
      redrive({{"redrivePermission", "byQueue"}, {"sourceQueueArns", {source}}}));
  ASSERT_TRUE(by_queue);
  EXPECT_EQ(by_queue->permission, "byQueue");
  EXPECT_TRUE(redriveAllowed(by_queue, source));
  EXPECT_FALSE(redriveAllowed(by_queue, source + "2"));
  EXPECT_FALSE(parseRedriveAllowPolicy(""));
}

}  // namespace
}  // namespace awsemu::sqs
