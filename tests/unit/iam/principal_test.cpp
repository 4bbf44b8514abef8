// Principals built from callers' ARNs, and the context keys derived from them.
#include <gtest/gtest.h>

#include "iam_test_support.hpp"

namespace awsemu::iam {
namespace {

TEST(PrincipalFromArn, Root) {
  auto p = Principal::fromArn("arn:aws:iam::123456789012:root");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PrincipalType::Root);
  EXPECT_EQ(p->account_id, "123456789012");
  EXPECT_EQ(p->user_id, "123456789012");
}

TEST(PrincipalFromArn, UserWithPath) {
  auto p = Principal::fromArn("arn:aws:iam::123456789012:user/division/bob", "AIDABOB");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PrincipalType::User);
  EXPECT_EQ(p->username, "bob");
  EXPECT_EQ(p->arn, "arn:aws:iam::123456789012:user/division/bob");
  EXPECT_EQ(p->user_id, "AIDABOB");
}

TEST(PrincipalFromArn, AssumedRole) {
  auto p = Principal::fromArn("arn:aws:sts::123456789012:assumed-role/deploy/ci-run",
                              "AROADEPLOY:ci-run");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PrincipalType::AssumedRole);
  EXPECT_EQ(p->arn, "arn:aws:sts::123456789012:assumed-role/deploy/ci-run");
  EXPECT_EQ(p->role_arn, "arn:aws:iam::123456789012:role/deploy");
  EXPECT_EQ(p->user_id, "AROADEPLOY:ci-run");
  EXPECT_TRUE(p->username.empty());
}

TEST(PrincipalFromArn, FederatedUser) {
  auto p = Principal::fromArn("arn:aws:sts::123456789012:federated-user/carol");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PrincipalType::FederatedUser);
  EXPECT_EQ(p->user_id, "123456789012:carol");
}

TEST(PrincipalFromArn, OtherArns) {
  EXPECT_FALSE(Principal::fromArn("arn:aws:s3:::bucket"));
  EXPECT_FALSE(Principal::fromArn("not an arn"));
  EXPECT_FALSE(Principal::fromArn("arn:aws:sts::123456789012:assumed-role/no-session"));
}

TEST(PrincipalFactories, Arns) {
  EXPECT_EQ(Principal::user("1", "n", "id", "/p/").arn, "arn:aws:iam::1:user/p/n");
  auto session = Principal::assumedRole("1", "r", "s", "AROAR", "/svc/");
  EXPECT_EQ(session.role_arn, "arn:aws:iam::1:role/svc/r");
  EXPECT_EQ(session.user_id, "AROAR:s");
  EXPECT_EQ(Principal::federatedUser("1", "f", "arn:aws:iam::1:user/u").arn,
            "arn:aws:sts::1:federated-user/f");
}

TEST(DerivedKeys, ServicePrincipalKeys) {
  test::Scenario s;
  s.principal = Principal::servicePrincipal("events.amazonaws.com");
  s.resource_policy = test::resourcePolicy(test::doc(
      R"({"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:PrincipalIsAWSService":"true"},"StringEquals":{"aws:PrincipalServiceName":"events.amazonaws.com"}}})"));
  EXPECT_EQ(s.decide(), Decision::Allow);
  s.principal = Principal::user("111111111111", "alice", "AIDAALICE");
  EXPECT_EQ(s.decide(), Decision::ImplicitDeny);
}

TEST(DerivedKeys, RoleSessionPrincipalArnIsTheRole) {
  test::Scenario s;
  s.principal = Principal::assumedRole("111111111111", "builder", "ci", "AROAB");
  s.identity.push_back(test::identityPolicy(test::doc(
      R"({"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/builder"},"StringEquals":{"aws:PrincipalType":"AssumedRole","aws:userid":"AROAB:ci"}}})")));
  EXPECT_EQ(s.decide(), Decision::Allow);
}

TEST(DerivedKeys, ResourceAccount) {
  test::Scenario s;
  s.identity.push_back(test::identityPolicy(test::doc(
      R"({"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}})")));
  EXPECT_EQ(s.decide(), Decision::Allow);
  s.resource_account = "222222222222";
  s.resource_policy = test::resourcePolicy(test::doc(
      R"({"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"})"));
  EXPECT_EQ(s.decide(), Decision::ImplicitDeny);  // the identity policy pins its own account
}

TEST(ContextKeysTest, CaseInsensitiveNamesAndMultipleValues) {
  ContextKeys keys;
  keys.set("aws:SourceIp", "192.0.2.1");
  keys.set("AWS:SOURCEIP", "192.0.2.2");  // replaces: same key
  keys.add("aws:TagKeys", "a");
  keys.add("aws:tagkeys", "b");
  ASSERT_NE(keys.find("aws:sourceip"), nullptr);
  EXPECT_EQ(*keys.find("aws:sourceip"), std::vector<std::string>{"192.0.2.2"});
  EXPECT_EQ(*keys.find("aws:TagKeys"), (std::vector<std::string>{"a", "b"}));
  keys.erase("Aws:TagKeys");
  EXPECT_EQ(keys.find("aws:TagKeys"), nullptr);
  EXPECT_EQ(keys.entries().size(), 1u);
}

}  // namespace
}  // namespace awsemu::iam
