#include "awsemu/iam/global_condition_keys.hpp"

#include <gtest/gtest.h>

#include "iam_test_support.hpp"

namespace awsemu::iam {
namespace {

TEST(GlobalConditionKeys, FromTheRequestEnvironment) {
  ContextKeys keys;
  RequestEnvironment environment;
  environment.now = 1577836800.75;  // 2020-01-01T00:00:00Z
  environment.secure_transport = true;
  environment.source_ip = "192.0.2.10";
  environment.region = "eu-west-1";
  addGlobalConditionKeys(keys, environment);
  EXPECT_EQ(*keys.find("aws:CurrentTime"), std::vector<std::string>{"2020-01-01T00:00:00Z"});
  EXPECT_EQ(*keys.find("aws:EpochTime"), std::vector<std::string>{"1577836800"});
  EXPECT_EQ(*keys.find("aws:SecureTransport"), std::vector<std::string>{"true"});
  EXPECT_EQ(*keys.find("aws:SourceIp"), std::vector<std::string>{"192.0.2.10"});
  EXPECT_EQ(*keys.find("aws:RequestedRegion"), std::vector<std::string>{"eu-west-1"});
  EXPECT_EQ(keys.find("aws:UserAgent"), nullptr);
  EXPECT_EQ(keys.find("aws:MultiFactorAuthPresent"), nullptr);
  EXPECT_EQ(keys.find("aws:TokenIssueTime"), nullptr);
}

TEST(GlobalConditionKeys, DriveTypicalConditions) {
  test::Scenario s;
  RequestEnvironment environment;
  environment.now = 1577836800;
  environment.source_ip = "10.0.0.1";
  environment.token_issue_time = 1577833200;
  environment.multi_factor_auth_present = false;
  addGlobalConditionKeys(s.context, environment);
  s.identity.push_back(test::identityPolicy(test::doc(
      R"({"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2021-01-01T00:00:00Z"},"NumericGreaterThan":{"aws:EpochTime":"1500000000"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},)"
      R"({"Effect":"Deny","Action":"s3:Delete*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}},)"
      R"({"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"},"DateLessThan":{"aws:TokenIssueTime":"2019-01-01T00:00:00Z"}}})")));
  EXPECT_EQ(s.decide(), Decision::Allow);
  s.action = "s3:DeleteObject";
  EXPECT_EQ(s.decide(), Decision::ExplicitDeny);
}

}  // namespace
}  // namespace awsemu::iam
