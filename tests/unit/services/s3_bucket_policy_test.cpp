// Bucket policies: validation (MalformedPolicy) and the small evaluator s3_access.cpp uses,
// table-driven over principals, actions with wildcards, resources, Deny precedence and
// conditions; public-ness for public access block and GetBucketPolicyStatus.
#include "services/s3/bucket_policy.hpp"

#include <gtest/gtest.h>

namespace awsemu::s3::policy {
namespace {

Json parse(const char* text) { return Json::parse(text); }

std::string validationError(const std::string& text) {
  try {
    validate(text, "bkt");
    return "";
  } catch (const AwsError& error) {
    return error.code + ": " + error.message;
  }
}

Request anonymous(std::string action, std::string resource, bool secure = false) {
  Request request;
  request.anonymous = true;
  request.action = std::move(action);
  request.resource = std::move(resource);
  request.context["aws:SecureTransport"] = secure ? "true" : "false";
  return request;
}

Request account(std::string id, std::string action, std::string resource) {
  Request request = anonymous(std::move(action), std::move(resource));
  request.anonymous = false;
  request.account = id;
  request.arn = "arn:aws:iam::" + id + ":user/alice";
  return request;
}

TEST(S3BucketPolicy, GlobMatch) {
  EXPECT_TRUE(globMatch("s3:*", "s3:GetObject"));
  EXPECT_TRUE(globMatch("s3:get*", "s3:GetObject", true));
  EXPECT_FALSE(globMatch("s3:get*", "s3:GetObject", false));
  EXPECT_TRUE(globMatch("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c"));
  EXPECT_FALSE(globMatch("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
  EXPECT_TRUE(globMatch("a?c", "abc"));
  EXPECT_TRUE(globMatch("*x*y", "axbxy"));
  EXPECT_FALSE(globMatch("*x*y", "axbx"));
}

struct MalformedCase {
  const char* name;
  const char* policy;
  const char* error;  // empty: valid
};

class S3PolicyValidation : public testing::TestWithParam<MalformedCase> {};

TEST_P(S3PolicyValidation, Validates) {
  std::string got = validationError(GetParam().policy);
  if (std::string(GetParam().error).empty())
    EXPECT_EQ(got, "");
  else
    EXPECT_NE(got.find(GetParam().error), std::string::npos) << got;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, S3PolicyValidation,
    testing::Values(
        MalformedCase{"NotJson", "nope", "MalformedPolicy: Policies must be valid JSON"},
        MalformedCase{"NoStatement", R"({"Version":"2012-10-17"})",
                      "Missing required field Statement"},
        MalformedCase{"BadEffect",
                      R"({"Statement":[{"Effect":"Perhaps","Principal":"*","Action":"s3:*",
                          "Resource":"arn:aws:s3:::bkt"}]})",
                      "Invalid effect: Perhaps"},
        MalformedCase{"NoPrincipal",
                      R"({"Statement":[{"Effect":"Allow","Action":"s3:*",
                          "Resource":"arn:aws:s3:::bkt"}]})",
                      "Missing required field Principal"},
        MalformedCase{"BadPrincipal",
                      R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":"bob"},
                          "Action":"s3:*","Resource":"arn:aws:s3:::bkt"}]})",
                      "Invalid principal in policy"},
        MalformedCase{"OtherServiceAction",
                      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*",
                          "Resource":"arn:aws:s3:::bkt"}]})",
                      "Policy has invalid action"},
        MalformedCase{"OtherBucket",
                      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*",
                          "Resource":"arn:aws:s3:::other/*"}]})",
                      "Policy has invalid resource"},
        MalformedCase{"BadVersion",
                      R"({"Version":"2020-01-01","Statement":[{"Effect":"Allow",
                          "Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::bkt"}]})",
                      "invalid version"},
        MalformedCase{"Valid",
                      R"({"Version":"2012-10-17","Statement":{"Effect":"Deny",
                          "Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:root"]},
                          "NotAction":"s3:GetObject","Resource":["arn:aws:s3:::bkt",
                          "arn:aws:s3:::bkt/*"],"Condition":{"Bool":{"aws:SecureTransport":
                          "false"}}}})",
                      ""}),
    [](const testing::TestParamInfo<MalformedCase>& info) { return info.param.name; });

TEST(S3BucketPolicy, AnonymousPublicRead) {
  Json policy = parse(R"({"Statement":[{"Effect":"Allow","Principal":"*",
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]})");
  EXPECT_EQ(evaluate(policy, anonymous("s3:GetObject", "arn:aws:s3:::bkt/a")), Decision::Allow);
  EXPECT_EQ(evaluate(policy, anonymous("s3:PutObject", "arn:aws:s3:::bkt/a")), Decision::Pass);
  EXPECT_EQ(evaluate(policy, anonymous("s3:ListBucket", "arn:aws:s3:::bkt")), Decision::Pass);
  EXPECT_TRUE(isPublic(policy));
}

TEST(S3BucketPolicy, DenyWinsAndConditionsApply) {
  Json policy = parse(R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::bkt/*"},
      {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::bkt/*",
       "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})");
  EXPECT_EQ(evaluate(policy, anonymous("s3:GetObject", "arn:aws:s3:::bkt/a", false)),
            Decision::Deny);
  EXPECT_EQ(evaluate(policy, anonymous("s3:GetObject", "arn:aws:s3:::bkt/a", true)),
            Decision::Allow);
}

TEST(S3BucketPolicy, AccountPrincipals) {
  Json policy = parse(R"({"Statement":[{"Effect":"Allow",
      "Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:Get*",
      "Resource":"arn:aws:s3:::bkt/*"}]})");
  EXPECT_EQ(evaluate(policy, account("111111111111", "s3:GetObject", "arn:aws:s3:::bkt/k")),
            Decision::Allow);
  EXPECT_EQ(evaluate(policy, account("222222222222", "s3:GetObject", "arn:aws:s3:::bkt/k")),
            Decision::Pass);
  EXPECT_EQ(evaluate(policy, anonymous("s3:GetObject", "arn:aws:s3:::bkt/k")), Decision::Pass);
  EXPECT_FALSE(isPublic(policy));
  Json by_arn = parse(R"({"Statement":[{"Effect":"Allow",
      "Principal":{"AWS":["arn:aws:iam::111111111111:user/alice"]},"Action":"s3:GetObject",
      "Resource":"arn:aws:s3:::bkt/*"}]})");
  EXPECT_EQ(evaluate(by_arn, account("111111111111", "s3:GetObject", "arn:aws:s3:::bkt/k")),
            Decision::Allow);
}

TEST(S3BucketPolicy, NotActionAndNotResource) {
  Json policy = parse(R"({"Statement":[{"Effect":"Deny","Principal":"*",
      "NotAction":"s3:GetObject","NotResource":"arn:aws:s3:::bkt/public/*"}]})");
  EXPECT_EQ(evaluate(policy, anonymous("s3:PutObject", "arn:aws:s3:::bkt/x")), Decision::Deny);
  EXPECT_EQ(evaluate(policy, anonymous("s3:GetObject", "arn:aws:s3:::bkt/x")), Decision::Pass);
  EXPECT_EQ(evaluate(policy, anonymous("s3:PutObject", "arn:aws:s3:::bkt/public/x")),
            Decision::Pass);
}

TEST(S3BucketPolicy, StringConditionsAndIfExists) {
  Json policy = parse(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*",
      "Resource":"arn:aws:s3:::bkt/*",
      "Condition":{"StringEquals":{"aws:PrincipalAccount":["111111111111","333333333333"]}}}]})");
  Request caller = account("333333333333", "s3:GetObject", "arn:aws:s3:::bkt/k");
  caller.context["aws:PrincipalAccount"] = "333333333333";
  EXPECT_EQ(evaluate(policy, caller), Decision::Allow);
  EXPECT_EQ(evaluate(policy, anonymous("s3:GetObject", "arn:aws:s3:::bkt/k")), Decision::Pass);
  EXPECT_FALSE(isPublic(policy));  // pinned to accounts
  Json if_exists = parse(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*",
      "Resource":"arn:aws:s3:::bkt/*",
      "Condition":{"StringEqualsIfExists":{"aws:Referer":"x"}}}]})");
  EXPECT_EQ(evaluate(if_exists, anonymous("s3:GetObject", "arn:aws:s3:::bkt/k")), Decision::Allow);
}

}  // namespace
}  // namespace awsemu::s3::policy
