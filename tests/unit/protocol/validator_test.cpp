// validateInput: AWS's constraint messages on the bundled STS model and on small inline models.
#include <gtest/gtest.h>

#include <thread>

#include "awsemu/protocol/validator.hpp"

namespace awsemu::protocol {
namespace {

std::shared_ptr<const ServiceModel> stsModel() {
  static const auto model =
      ServiceModel::load(std::string(AWSEMU_SOURCE_DIR) + "/services/sts/model.json");
  return model;
}

std::optional<std::string> validateAssumeRole(const Json& input) {
  auto model = stsModel();
  return validateInput(*model, *model->findOperation("AssumeRole"), input);
}

const std::string kRoleArn = "arn:aws:iam::000000000000:role/test-role";

TEST(Validator, AcceptsValidInput) {
  EXPECT_EQ(
      validateAssumeRole(
          {{"RoleArn", kRoleArn}, {"RoleSessionName", "session-1"}, {"DurationSeconds", 3600}}),
      std::nullopt);
}

TEST(Validator, PatternMessage) {
  EXPECT_EQ(validateAssumeRole({{"RoleArn", kRoleArn}, {"RoleSessionName", "bad name"}}),
            "1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
}

TEST(Validator, RequiredMessage) {
  EXPECT_EQ(validateAssumeRole({{"RoleSessionName", "s1"}}),
            "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: "
            "Member must not be null");
}

TEST(Validator, SeveralErrorsJoined) {
  EXPECT_EQ(validateAssumeRole({{"RoleSessionName", "s1"}, {"DurationSeconds", 1}}),
            "2 validation errors detected: Value '1' at 'durationSeconds' failed to satisfy "
            "constraint: Member must have value greater than or equal to 900; Value null at "
            "'roleArn' failed to satisfy constraint: Member must not be null");
}

TEST(Validator, LengthMessages) {
  EXPECT_EQ(validateAssumeRole({{"RoleArn", kRoleArn}, {"RoleSessionName", "s"}}),
            "1 validation error detected: Value 's' at 'roleSessionName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 2");
  EXPECT_EQ(validateAssumeRole({{"RoleArn", kRoleArn}, {"RoleSessionName", std::string(65, 'a')}}),
            "1 validation error detected: Value '" + std::string(65, 'a') +
                "' at 'roleSessionName' failed to satisfy constraint: Member must have length "
                "less than or equal to 64");
}

TEST(Validator, NestedListMembers) {
  auto message = validateAssumeRole(
      {{"RoleArn", kRoleArn},
       {"RoleSessionName", "s1"},
       {"Tags", Json::array({{{"Key", "k"}, {"Value", "v"}}, {{"Value", "v"}}})}});
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(*message,
            "1 validation error detected: Value null at 'tags.2.member.key' failed to satisfy "
            "constraint: Member must not be null");
}

const char* kInlineModel = R"({
  "metadata": {"protocol": "json"},
  "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
  "shapes": {
    "In": {"type": "structure", "members": {
      "Kind": {"shape": "Kind"}, "Items": {"shape": "Items"}, "Data": {"shape": "Data"},
      "Labels": {"shape": "Labels"}, "Ratio": {"shape": "Ratio"}, "Bad": {"shape": "BadPattern"},
      "Unicode": {"shape": "Unicode"}}},
    "Kind": {"type": "string", "enum": ["HASH", "RANGE"]},
    "Items": {"type": "list", "member": {"shape": "Kind"}, "max": 2},
    "Data": {"type": "blob", "max": 3},
    "Labels": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Short"}},
    "Str": {"type": "string"},
    "Short": {"type": "string", "max": 2},
    "Ratio": {"type": "double", "min": 0.5},
    "BadPattern": {"type": "string", "pattern": "[\\p{L}]+"},
    "Unicode": {"type": "string", "pattern": "[\\u0020-\\u00FF]+", "max": 3}}})";

std::optional<std::string> validateInline(const Json& input) {
  static const auto model = ServiceModel::fromJson(Json::parse(kInlineModel));
  return validateInput(*model, *model->findOperation("Op"), input);
}

TEST(Validator, EnumMessage) {
  EXPECT_EQ(validateInline({{"Kind", "HASHX"}}),
            "1 validation error detected: Value 'HASHX' at 'kind' failed to satisfy constraint: "
            "Member must satisfy enum value set: [HASH, RANGE]");
  EXPECT_EQ(validateInline({{"Kind", "RANGE"}}), std::nullopt);
}

TEST(Validator, ListBlobMapAndNumberConstraints) {
  EXPECT_EQ(validateInline({{"Items", {"HASH", "HASH", "RANGE"}}}),
            "1 validation error detected: Value '[HASH, HASH, RANGE]' at 'items' failed to satisfy "
            "constraint: Member must have length less than or equal to 2");
  EXPECT_EQ(validateInline({{"Items", {"HASH", "X"}}}),
            "1 validation error detected: Value 'X' at 'items.2.member' failed to satisfy "
            "constraint: Member must satisfy enum value set: [HASH, RANGE]");
  EXPECT_EQ(validateInline({{"Data", makeBlob("abcd")}}),
            "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=4 cap=4]' at "
            "'data' failed to satisfy constraint: Member must have length less than or equal to 3");
  EXPECT_EQ(validateInline({{"Labels", {{"k", "abc"}}}}),
            "1 validation error detected: Value 'abc' at 'labels.k' failed to satisfy constraint: "
            "Member must have length less than or equal to 2");
  EXPECT_EQ(validateInline({{"Ratio", 0.25}}),
            "1 validation error detected: Value '0.25' at 'ratio' failed to satisfy constraint: "
            "Member must have value greater than or equal to 0.5");
}

TEST(Validator, UnsupportedPatternsAreSkippedAndLengthCountsCharacters) {
  EXPECT_EQ(validateInline({{"Bad", "123"}}), std::nullopt);
  EXPECT_EQ(validateInline({{"Unicode", "\xc3\xa9\xc3\xa9\xc3\xa9"}}), std::nullopt);  // "ééé"
}

TEST(Validator, LongValuesDoNotExhaustTheStack) {
  auto model = stsModel();
  const Operation& op = *model->findOperation("AssumeRole");
  // Longer than the pattern-matching limit: only the length constraint applies.
  auto message = validateInput(
      *model, op,
      {{"RoleArn", kRoleArn}, {"RoleSessionName", "s1"}, {"ExternalId", std::string(100000, 'a')}});
  ASSERT_TRUE(message.has_value());
  EXPECT_NE(message->find("length less than or equal to 1224"), std::string::npos);
  EXPECT_EQ(validateInput(*model, op,
                          {{"RoleArn", kRoleArn},
                           {"RoleSessionName", "s1"},
                           {"ExternalId", std::string(1224, 'a')}}),
            std::nullopt);
}

TEST(Validator, ConcurrentUseIsSafe) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 200; ++i) {
        EXPECT_TRUE(validateAssumeRole({{"RoleArn", kRoleArn}, {"RoleSessionName", "x y"}}));
        EXPECT_FALSE(validateAssumeRole({{"RoleArn", kRoleArn}, {"RoleSessionName", "xy"}}));
      }
    });
  for (auto& thread : threads) thread.join();
}

}  // namespace
}  // namespace awsemu::protocol
