// Action and resource matching: wildcards, case rules, ARN segments.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
#include <gtest/gtest.h>

#include "awsemu/iam/matching.hpp"

namespace awsemu::iam {
namespace {

struct MatchCase {
  const char* name;
  const char* pattern;
  const char* text;
  bool expected;
};

class ActionMatching : public ::testing::TestWithParam<MatchCase> {};

TEST_P(ActionMatching, Matches) {
  EXPECT_EQ(actionMatches(GetParam().pattern, GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Actions, ActionMatching,
    ::testing::Values(MatchCase{"Exact", "s3:GetObject", "s3:GetObject", true},
                      MatchCase{"CaseInsensitive", "S3:getobject", "s3:GetObject", true},
                      MatchCase{"Star", "*", "sqs:SendMessage", true},
                      MatchCase{"ServiceStar", "s3:*", "s3:PutObject", true},
                      MatchCase{"OtherService", "s3:*", "sqs:SendMessage", false},
                      MatchCase{"Prefix", "s3:Get*", "s3:GetObjectTagging", true},
                      MatchCase{"PrefixMiss", "s3:Get*", "s3:PutObject", false},
                      MatchCase{"Infix", "s3:*Object*", "s3:PutObjectAcl", true},
                      MatchCase{"QuestionMark", "s3:?etObject", "s3:GetObject", true},
                      MatchCase{"QuestionMarkOneChar", "s3:?Object", "s3:GetObject", false},
                      MatchCase{"NoPartialMatch", "s3:Get", "s3:GetObject", false},
                      MatchCase{"SuffixStar", "*Object", "s3:GetObject", true}),
    [](const auto& info) { return std::string(info.param.name); });

class ArnMatching : public ::testing::TestWithParam<MatchCase> {};

TEST_P(ArnMatching, Matches) {
  EXPECT_EQ(arnMatches(GetParam().pattern, GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Resources, ArnMatching,
    ::testing::Values(
        MatchCase{"Star", "*", "arn:aws:s3:::bucket/key", true},
        MatchCase{"Exact", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true},
        MatchCase{"CaseSensitive", "arn:aws:s3:::Bucket", "arn:aws:s3:::bucket", false},
        MatchCase{"ObjectWildcard", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true},
        MatchCase{"BucketIsNotObject", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
        MatchCase{"ResourceStarCrossesColons", "arn:aws:sqs:us-east-1:123456789012:*",
                  "arn:aws:sqs:us-east-1:123456789012:queue:extra", true},
        MatchCase{"RegionWildcard", "arn:aws:sqs:*:123456789012:q",
                  "arn:aws:sqs:eu-west-1:123456789012:q", true},
        MatchCase{"RegionWildcardStaysInSegment", "arn:aws:sqs:*:q",
                  "arn:aws:sqs:eu-west-1:123456789012:q", false},
        MatchCase{"AccountMismatch", "arn:aws:sqs:us-east-1:123456789012:q",
                  "arn:aws:sqs:us-east-1:210987654321:q", false},
        MatchCase{"EmptyRegionMatchesOnlyEmpty", "arn:aws:s3:::b", "arn:aws:s3:us-east-1::b",
                  false},
        MatchCase{"QuestionMark", "arn:aws:s3:::bucket-?", "arn:aws:s3:::bucket-1", true},
        MatchCase{"PatternNotArn", "arn:aws:s3:::*", "*", false},
        MatchCase{"ServiceWildcardInSegment", "arn:aws:*:us-east-1:1:x",
                  "arn:aws:sqs:us-east-1:1:x", true},
        MatchCase{"PathWildcard", "arn:aws:iam::123456789012:user/division_abc/*",
                  "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/bob", true}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(WildcardMatch, BacktracksAcrossStars) {
  EXPECT_TRUE(wildcardMatch("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(wildcardMatch("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(wildcardMatch("**", ""));
  EXPECT_FALSE(wildcardMatch("?", ""));
  EXPECT_TRUE(wildcardMatch("ABC", "abc", true));
  EXPECT_FALSE(wildcardMatch("ABC", "abc", false));
}

TEST(WildcardMatch, LongInputStaysLinear) {
  std::string text(100000, 'a');
  EXPECT_FALSE(wildcardMatch("*a*a*a*a*a*b", text));
}

}  // namespace
}  // namespace awsemu::iam
