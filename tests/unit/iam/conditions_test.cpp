// Condition operators, one table row per behaviour: every operator family, ...IfExists,
// ForAllValues/ForAnyValue (with their empty-set rules), Null, key-name case, multiple keys
// (AND) and values (OR; NOR for negated operators), policy variables in values.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
#include <gtest/gtest.h>

#include "iam_test_support.hpp"

namespace awsemu::iam {
namespace {

using Keys = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct ConditionCase {
  const char* name;
  const char* condition;  // the Condition element
  Keys context;
  bool allowed;
};

class Conditions : public ::testing::TestWithParam<ConditionCase> {};

TEST_P(Conditions, Decide) {
  const auto& c = GetParam();
  test::Scenario s;
  s.principal.tags = {{"team", "blue"}, {"CostCenter", "42"}};
  for (const auto& [key, values] : c.context) s.context.set(key, values);
  s.identity.push_back(test::identityPolicy(test::doc(
      std::string(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":)") +
      c.condition + "}")));
  EXPECT_EQ(s.decide(), c.allowed ? Decision::Allow : Decision::ImplicitDeny);
}

#define ROW(name, condition, context, allowed) \
  ConditionCase { name, condition, context, allowed }

INSTANTIATE_TEST_SUITE_P(
    String, Conditions,
    ::testing::Values(
        ROW("EqualsMatches", R"({"StringEquals":{"s3:prefix":"home/"}})",
            (Keys{{"s3:prefix", {"home/"}}}), true),
        ROW("EqualsIsCaseSensitive", R"({"StringEquals":{"s3:prefix":"home/"}})",
            (Keys{{"s3:prefix", {"HOME/"}}}), false),
        ROW("KeyNameCaseInsensitive", R"({"StringEquals":{"S3:Prefix":"home/"}})",
            (Keys{{"s3:prefix", {"home/"}}}), true),
        ROW("EqualsAbsentKey", R"({"StringEquals":{"s3:prefix":"home/"}})", Keys{}, false),
        ROW("ValuesOr", R"({"StringEquals":{"s3:prefix":["a","home/"]}})",
            (Keys{{"s3:prefix", {"home/"}}}), true),
        ROW("KeysAnd", R"({"StringEquals":{"s3:prefix":"home/","s3:delimiter":"/"}})",
            (Keys{{"s3:prefix", {"home/"}}}), false),
        ROW("OperatorsAnd",
            R"({"StringEquals":{"s3:prefix":"home/"},"StringLike":{"s3:delimiter":"/*"}})",
            (Keys{{"s3:prefix", {"home/"}}, {"s3:delimiter", {"/x"}}}), true),
        ROW("NotEqualsNor", R"({"StringNotEquals":{"s3:prefix":["a","b"]}})",
            (Keys{{"s3:prefix", {"b"}}}), false),
        ROW("NotEqualsOther", R"({"StringNotEquals":{"s3:prefix":["a","b"]}})",
            (Keys{{"s3:prefix", {"c"}}}), true),
        ROW("NotEqualsAbsentKeyHolds", R"({"StringNotEquals":{"s3:prefix":"a"}})", Keys{}, true),
        ROW("EqualsIgnoreCase", R"({"StringEqualsIgnoreCase":{"s3:prefix":"HOME/"}})",
            (Keys{{"s3:prefix", {"home/"}}}), true),
        ROW("NotEqualsIgnoreCase", R"({"StringNotEqualsIgnoreCase":{"s3:prefix":"HOME/"}})",
            (Keys{{"s3:prefix", {"home/"}}}), false),
        ROW("Like", R"({"StringLike":{"s3:prefix":"home/*"}})",
            (Keys{{"s3:prefix", {"home/alice/x"}}}), true),
        ROW("LikeQuestionMark", R"({"StringLike":{"s3:prefix":"home/?"}})",
            (Keys{{"s3:prefix", {"home/ab"}}}), false),
        ROW("LikeCaseSensitive", R"({"StringLike":{"s3:prefix":"Home/*"}})",
            (Keys{{"s3:prefix", {"home/x"}}}), false),
        ROW("NotLike", R"({"StringNotLike":{"s3:prefix":"home/*"}})",
            (Keys{{"s3:prefix", {"tmp/x"}}}), true),
        ROW("EqualsIfExistsAbsent", R"({"StringEqualsIfExists":{"s3:prefix":"a"}})", Keys{}, true),
        ROW("EqualsIfExistsPresent", R"({"StringEqualsIfExists":{"s3:prefix":"a"}})",
            (Keys{{"s3:prefix", {"b"}}}), false),
        ROW("UnknownOperatorEmptyBlock", R"({"StringSortOf":{}})", Keys{}, true)),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    NumericDateBool, Conditions,
    ::testing::Values(
        ROW("NumericEquals", R"({"NumericEquals":{"s3:max-keys":"10"}})",
            (Keys{{"s3:max-keys", {"10.0"}}}), true),
        ROW("NumericNotEquals", R"({"NumericNotEquals":{"s3:max-keys":"10"}})",
            (Keys{{"s3:max-keys", {"10"}}}), false),
        ROW("NumericLessThan", R"({"NumericLessThan":{"s3:max-keys":"10"}})",
            (Keys{{"s3:max-keys", {"9"}}}), true),
        ROW("NumericLessThanBoundary", R"({"NumericLessThan":{"s3:max-keys":"10"}})",
            (Keys{{"s3:max-keys", {"10"}}}), false),
        ROW("NumericLessThanEquals", R"({"NumericLessThanEquals":{"s3:max-keys":10}})",
            (Keys{{"s3:max-keys", {"10"}}}), true),
        ROW("NumericGreaterThan", R"({"NumericGreaterThan":{"s3:max-keys":"10"}})",
            (Keys{{"s3:max-keys", {"11"}}}), true),
        ROW("NumericGreaterThanEquals", R"({"NumericGreaterThanEquals":{"s3:max-keys":"10"}})",
            (Keys{{"s3:max-keys", {"9"}}}), false),
        ROW("NumericNotANumber", R"({"NumericEquals":{"s3:max-keys":"10"}})",
            (Keys{{"s3:max-keys", {"ten"}}}), false),
        ROW("DateLessThan", R"({"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})",
            (Keys{{"aws:CurrentTime", {"2019-12-31T23:59:59Z"}}}), true),
        ROW("DateGreaterThan", R"({"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})",
            (Keys{{"aws:CurrentTime", {"2019-12-31T23:59:59Z"}}}), false),
        ROW("DateEqualsAcrossFormats", R"({"DateEquals":{"aws:EpochTime":"1577836800"}})",
            (Keys{{"aws:EpochTime", {"2020-01-01T00:00:00Z"}}}), true),
        ROW("DateNotEquals", R"({"DateNotEquals":{"aws:CurrentTime":"2020-01-01"}})",
            (Keys{{"aws:CurrentTime", {"2020-01-01T00:00:00Z"}}}), false),
        ROW("DateLessThanEquals",
            R"({"DateLessThanEquals":{"aws:CurrentTime":"2020-01-01T01:00:00+01:00"}})",
            (Keys{{"aws:CurrentTime", {"2020-01-01T00:00:00Z"}}}), true),
        ROW("DateGreaterThanEquals",
            R"({"DateGreaterThanEquals":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})",
            (Keys{{"aws:CurrentTime", {"2020-01-01T00:00:00Z"}}}), true),
        ROW("BoolTrue", R"({"Bool":{"aws:SecureTransport":"true"}})",
            (Keys{{"aws:SecureTransport", {"true"}}}), true),
        ROW("BoolUnquoted", R"({"Bool":{"aws:SecureTransport":false}})",
            (Keys{{"aws:SecureTransport", {"true"}}}), false),
        ROW("BoolAbsent", R"({"Bool":{"aws:MultiFactorAuthPresent":"true"}})", Keys{}, false),
        ROW("BoolIfExistsAbsent", R"({"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}})",
            Keys{}, true),
        ROW("BinaryEquals", R"({"BinaryEquals":{"k:blob":"QmluYXJ5VmFsdWU="}})",
            (Keys{{"k:blob", {"QmluYXJ5VmFsdWU="}}}), true)),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    IpAndArn, Conditions,
    ::testing::Values(
        ROW("IpInCidr", R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
            (Keys{{"aws:SourceIp", {"203.0.113.77"}}}), true),
        ROW("IpOutsideCidr", R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
            (Keys{{"aws:SourceIp", {"203.0.114.1"}}}), false),
        ROW("IpOddPrefix", R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/9"}})",
            (Keys{{"aws:SourceIp", {"10.127.255.255"}}}), true),
        ROW("IpOddPrefixOutside", R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/9"}})",
            (Keys{{"aws:SourceIp", {"10.128.0.0"}}}), false),
        ROW("IpSingleHost", R"({"IpAddress":{"aws:SourceIp":"192.0.2.1"}})",
            (Keys{{"aws:SourceIp", {"192.0.2.1"}}}), true),
        ROW("Ipv6", R"({"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}})",
            (Keys{{"aws:SourceIp", {"2001:db8:1234:5678::1"}}}), true),
        ROW("Ipv6Outside", R"({"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}})",
            (Keys{{"aws:SourceIp", {"2001:db8:1234:5679::1"}}}), false),
        ROW("Ipv4AgainstIpv6", R"({"IpAddress":{"aws:SourceIp":"::/0"}})",
            (Keys{{"aws:SourceIp", {"192.0.2.1"}}}), false),
        ROW("NotIpAddress", R"({"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","10.0.0.0/8"]}})",
            (Keys{{"aws:SourceIp", {"10.1.2.3"}}}), false),
        ROW("NotIpAddressOutside", R"({"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}})",
            (Keys{{"aws:SourceIp", {"10.1.2.3"}}}), true),
        ROW("ArnLike", R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:topic-*"}})",
            (Keys{{"aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:topic-a"}}}), true),
        ROW("ArnLikeSegmentBound", R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:topic"}})",
            (Keys{{"aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:topic"}}}), false),
        ROW("ArnEqualsTakesWildcards", R"({"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::bucket-*"}})",
            (Keys{{"aws:SourceArn", {"arn:aws:s3:::bucket-1"}}}), true),
        ROW("ArnNotEquals", R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::bucket"}})",
            (Keys{{"aws:SourceArn", {"arn:aws:s3:::other"}}}), true),
        ROW("ArnNotLikeAbsent", R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::*"}})", Keys{},
            true),
        ROW("ArnLikeNotAnArn", R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}})",
            (Keys{{"aws:SourceArn", {"bucket"}}}), false)),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    SetsAndNull, Conditions,
    ::testing::Values(
        ROW("ForAllValuesSubset", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})",
            (Keys{{"aws:TagKeys", {"env"}}}), true),
        ROW("ForAllValuesExtra", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})",
            (Keys{{"aws:TagKeys", {"env", "owner"}}}), false),
        ROW("ForAllValuesAbsentIsTrue", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})",
            Keys{}, true),
        ROW("ForAllValuesEmptyIsTrue", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})",
            (Keys{{"aws:TagKeys", {}}}), true),
        ROW("ForAllValuesNegated", R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}})",
            (Keys{{"aws:TagKeys", {"env", "secret"}}}), false),
        ROW("ForAnyValueOne", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})",
            (Keys{{"aws:TagKeys", {"owner", "env"}}}), true),
        ROW("ForAnyValueNone", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})",
            (Keys{{"aws:TagKeys", {"owner"}}}), false),
        ROW("ForAnyValueAbsentIsFalse", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})",
            Keys{}, false),
        ROW("ForAnyValueIfExistsAbsent",
            R"({"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["env"]}})", Keys{}, true),
        ROW("ForAnyValueNegated", R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}})",
            (Keys{{"aws:TagKeys", {"env", "owner"}}}), true),
        ROW("ForAnyValueLike", R"({"ForAnyValue:StringLike":{"aws:TagKeys":["cost*"]}})",
            (Keys{{"aws:TagKeys", {"env", "costcenter"}}}), true),
        ROW("SingleValuedOperatorOnList", R"({"StringEquals":{"aws:TagKeys":"env"}})",
            (Keys{{"aws:TagKeys", {"owner", "env"}}}), true),
        ROW("NullTrueAbsent", R"({"Null":{"aws:TokenIssueTime":"true"}})", Keys{}, true),
        ROW("NullTruePresent", R"({"Null":{"aws:TokenIssueTime":"true"}})",
            (Keys{{"aws:TokenIssueTime", {"2020-01-01T00:00:00Z"}}}), false),
        ROW("NullFalsePresent", R"({"Null":{"aws:TokenIssueTime":false}})",
            (Keys{{"aws:TokenIssueTime", {"x"}}}), true),
        ROW("NullFalseAbsent", R"({"Null":{"aws:TokenIssueTime":"false"}})", Keys{}, false)),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    PrincipalKeysAndVariables, Conditions,
    ::testing::Values(
        ROW("UsernameDerived", R"({"StringEquals":{"aws:username":"alice"}})", Keys{}, true),
        ROW("UserIdDerived", R"({"StringEquals":{"aws:userid":"AIDAALICE"}})", Keys{}, true),
        ROW("PrincipalArnDerived",
            R"({"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:user/alice"}})", Keys{},
            true),
        ROW("PrincipalAccountDerived",
            R"({"StringEquals":{"aws:PrincipalAccount":"111111111111"}})", Keys{}, true),
        ROW("PrincipalTypeDerived", R"({"StringEquals":{"aws:PrincipalType":"User"}})", Keys{},
            true),
        ROW("PrincipalTagKeyCaseInsensitive",
            R"({"StringEquals":{"aws:PrincipalTag/TEAM":"blue"}})", Keys{}, true),
        ROW("PrincipalTagValueCaseSensitive",
            R"({"StringEquals":{"aws:PrincipalTag/team":"Blue"}})", Keys{}, false),
        ROW("PrincipalTagAbsent", R"({"StringEquals":{"aws:PrincipalTag/dept":"x"}})", Keys{},
            false),
        ROW("ContextOverridesDerived", R"({"StringEquals":{"aws:username":"bob"}})",
            (Keys{{"aws:username", {"bob"}}}), true),
        ROW("VariableInValue", R"({"StringEquals":{"s3:prefix":"home/${aws:username}/"}})",
            (Keys{{"s3:prefix", {"home/alice/"}}}), true),
        ROW("TagVariable",
            R"({"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}})",
            (Keys{{"aws:ResourceTag/team", {"blue"}}}), true),
        ROW("TagVariableMismatch",
            R"({"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}})",
            (Keys{{"aws:ResourceTag/team", {"red"}}}), false),
        ROW("VariableDefault",
            R"({"StringEquals":{"s3:prefix":"${aws:PrincipalTag/dept, 'none'}"}})",
            (Keys{{"s3:prefix", {"none"}}}), true),
        ROW("VariableWithoutValue", R"({"StringEquals":{"s3:prefix":"${aws:PrincipalTag/dept}"}})",
            (Keys{{"s3:prefix", {""}}}), false),
        ROW("EscapedStarIsLiteralInLike", R"({"StringLike":{"s3:prefix":"a${*}"}})",
            (Keys{{"s3:prefix", {"abc"}}}), false),
        ROW("EscapedStarMatchesStar", R"({"StringLike":{"s3:prefix":"a${*}"}})",
            (Keys{{"s3:prefix", {"a*"}}}), true),
        ROW("EscapedDollarAndQuestion", R"({"StringEquals":{"s3:prefix":"${$}${?}"}})",
            (Keys{{"s3:prefix", {"$?"}}}), true)),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ConditionVariables, OldVersionKeepsTextLiteral) {
  test::Scenario s;
  s.context.set("s3:prefix", "${aws:username}");
  s.resource_policy = test::resourcePolicy(
      R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"${aws:username}"}}}})");
  EXPECT_EQ(s.decide(), Decision::Allow);
}

}  // namespace
}  // namespace awsemu::iam
