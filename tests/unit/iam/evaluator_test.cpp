// AWS's evaluation logic, one row per rule: explicit deny, identity and resource policies,
// permissions boundaries, session policies, cross-account access, root and anonymous callers,
// NotAction/NotResource/NotPrincipal, resource variables.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "iam_test_support.hpp"

namespace awsemu::iam {
namespace {

using test::doc;
using test::identityPolicy;
using test::resourcePolicy;

constexpr const char* kAccount = "111111111111";
constexpr const char* kOther = "222222222222";

const std::string kAllowGet =
    doc(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"})");
const std::string kAllowS3 = doc(R"({"Effect":"Allow","Action":"s3:*","Resource":"*"})");
const std::string kDenyGet =
    doc(R"({"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"})");

std::string grantTo(const std::string& principal, const char* effect = "Allow") {
  return doc(std::string(R"({"Effect":")") + effect + R"(","Principal":)" + principal +
             R"(,"Action":"s3:*","Resource":"arn:aws:s3:::bucket/*"})");
}

Principal roleSession() {
  return Principal::assumedRole(kAccount, "builder", "ci", "AROABUILDER", "/");
}

struct EvaluationCase {
  const char* name;
  std::function<void(test::Scenario&)> setup;
  Decision expected;
};

class Evaluation : public ::testing::TestWithParam<EvaluationCase> {};

TEST_P(Evaluation, Decide) {
  test::Scenario s;
  GetParam().setup(s);
  EXPECT_EQ(s.decide(), GetParam().expected) << decisionName(GetParam().expected) << " expected";
  // The explaining path must reach the same decision.
  EXPECT_EQ(s.evaluate().decision, GetParam().expected);
}

// The body is variadic: commas inside it would otherwise split the macro's arguments.
#define CASE(name, expected, ...) \
  EvaluationCase { name, [](test::Scenario & s) __VA_ARGS__, Decision::expected }

INSTANTIATE_TEST_SUITE_P(
    IdentityPolicies, Evaluation,
    ::testing::Values(
        CASE("NothingAllows", ImplicitDeny, {}),
        CASE("IdentityAllows", Allow, { s.identity.push_back(identityPolicy(kAllowGet)); }),
        CASE("OtherAction", ImplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowGet));
               s.action = "s3:PutObject";
             }),
        CASE("ActionCaseInsensitive", Allow,
             {
               s.identity.push_back(identityPolicy(kAllowGet));
               s.action = "S3:GETOBJECT";
             }),
        CASE("ResourceCaseSensitive", ImplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowGet));
               s.resource = "arn:aws:s3:::Bucket/key";
             }),
        CASE("DenyInAnotherPolicyWins", ExplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowS3));
               s.identity.push_back(identityPolicy(kDenyGet));
             }),
        CASE(
            "DenyInSamePolicyWins", ExplicitDeny,
            {
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Deny","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"})")));
            }),
        CASE("NotActionAllowsOthers", Allow,
             {
               s.identity.push_back(
                   identityPolicy(doc(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})")));
             }),
        CASE("NotActionExcludes", ImplicitDeny,
             {
               s.identity.push_back(
                   identityPolicy(doc(R"({"Effect":"Allow","NotAction":"iam:*","Resource":"*"})")));
               s.action = "iam:CreateUser";
             }),
        CASE(
            "NotResourceAllowsOthers", Allow,
            {
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::bucket/secret/*"})")));
            }),
        CASE(
            "NotResourceExcludes", ImplicitDeny,
            {
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::bucket/secret/*"})")));
              s.resource = "arn:aws:s3:::bucket/secret/plans";
            }),
        CASE("DenyNotResourceProtectsTheRest", ExplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowS3));
               s.identity.push_back(identityPolicy(doc(
                   R"({"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::public/*"})")));
             }),
        CASE(
            "ResourceVariable", Allow,
            {
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"})")));
              s.resource = "arn:aws:s3:::bucket/home/alice/notes.txt";
            }),
        CASE(
            "ResourceVariableOtherUser", ImplicitDeny,
            {
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"})")));
              s.resource = "arn:aws:s3:::bucket/home/bob/notes.txt";
            }),
        CASE(
            "ResourceVariableWithoutValue", ImplicitDeny,
            {
              s.principal = roleSession();  // roles have no aws:username
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*"})")));
              s.resource = "arn:aws:s3:::bucket/home//x";
            }),
        CASE(
            "ResourceVariableValueIsLiteral", ImplicitDeny,
            {
              s.principal.tags = {{"prefix", "*"}};
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${aws:PrincipalTag/prefix}"})")));
              s.resource = "arn:aws:s3:::bucket/anything";
            }),
        CASE(
            "ConditionFails", ImplicitDeny,
            {
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}})")));
              s.context.set("aws:SecureTransport", "false");
            }),
        CASE(
            "ConditionalDeny", ExplicitDeny,
            {
              s.identity.push_back(identityPolicy(kAllowS3));
              s.identity.push_back(identityPolicy(doc(
                  R"({"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}})")));
              s.context.set("aws:SourceIp", "198.51.100.7");
            })),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    BoundariesAndSessions, Evaluation,
    ::testing::Values(
        CASE("BoundaryAllows", Allow,
             {
               s.identity.push_back(identityPolicy(kAllowS3));
               s.boundary = identityPolicy(kAllowGet);
             }),
        CASE("BoundaryCaps", ImplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowS3));
               s.boundary = identityPolicy(kAllowGet);
               s.action = "s3:PutObject";
             }),
        CASE("BoundaryAloneGrantsNothing", ImplicitDeny,
             { s.boundary = identityPolicy(kAllowS3); }),
        CASE("BoundaryDenyIsExplicit", ExplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowS3));
               s.boundary = identityPolicy(kDenyGet);
             }),
        CASE("SessionPolicyAllows", Allow,
             {
               s.principal = roleSession();
               s.identity.push_back(identityPolicy(kAllowS3));
               s.session.push_back(identityPolicy(kAllowGet));
             }),
        CASE("SessionPolicyCaps", ImplicitDeny,
             {
               s.principal = roleSession();
               s.identity.push_back(identityPolicy(kAllowS3));
               s.session.push_back(identityPolicy(kAllowGet));
               s.action = "s3:DeleteObject";
             }),
        CASE("SessionPoliciesUnion", Allow,
             {
               s.principal = roleSession();
               s.identity.push_back(identityPolicy(kAllowS3));
               s.session.push_back(identityPolicy(kAllowGet));
               s.session.push_back(identityPolicy(
                   doc(R"({"Effect":"Allow","Action":"s3:DeleteObject","Resource":"*"})")));
               s.action = "s3:DeleteObject";
             }),
        CASE("SessionPolicyAloneGrantsNothing", ImplicitDeny,
             {
               s.principal = roleSession();
               s.session.push_back(identityPolicy(kAllowS3));
             }),
        CASE("BoundaryAndSessionBothCap", ImplicitDeny,
             {
               s.principal = roleSession();
               s.identity.push_back(identityPolicy(kAllowS3));
               s.session.push_back(identityPolicy(kAllowS3));
               s.boundary = identityPolicy(
                   doc(R"({"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"})"));
             })),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    SameAccountResourcePolicies, Evaluation,
    ::testing::Values(
        CASE("UserArnGrantsAlone", Allow,
             {
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:user/alice"})"));
             }),
        CASE("UserArnNotCappedByBoundary", Allow,
             {
               s.boundary =
                   identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})"));
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:user/alice"})"));
             }),
        CASE("UserUniqueIdGrantsAlone", Allow,
             {
               s.principal = Principal::user(kAccount, "alice", "AIDAALICE0000000000");
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"AIDAALICE0000000000"})"));
             }),
        CASE("RoleUniqueIdGrantsSessions", Allow,
             {
               s.principal =
                   Principal::assumedRole(kAccount, "builder", "ci", "AROABUILDER000000000");
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"AROABUILDER000000000"})"));
             }),
        CASE("OtherUserArn", ImplicitDeny,
             {
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:user/bob"})"));
             }),
        CASE("AccountGrantNeedsIdentity", ImplicitDeny,
             { s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})")); }),
        CASE("RootArnGrantNeedsIdentity", ImplicitDeny,
             {
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:root"})"));
             }),
        CASE("AccountGrantWithIdentity", Allow,
             {
               s.identity.push_back(identityPolicy(kAllowGet));
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
             }),
        CASE("RoleArnGrantsSessions", Allow,
             {
               s.principal = roleSession();
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:role/builder"})"));
             }),
        CASE("RoleArnCappedBySessionPolicy", ImplicitDeny,
             {
               s.principal = roleSession();
               s.session.push_back(
                   identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})")));
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:role/builder"})"));
             }),
        CASE("RoleArnCappedByBoundary", ImplicitDeny,
             {
               s.principal = roleSession();
               s.boundary =
                   identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})"));
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:role/builder"})"));
             }),
        CASE("SessionArnBypassesSessionPolicy", Allow,
             {
               s.principal = roleSession();
               s.session.push_back(
                   identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})")));
               s.resource_policy = resourcePolicy(
                   grantTo(R"({"AWS":"arn:aws:sts::111111111111:assumed-role/builder/ci"})"));
             }),
        CASE("OtherSessionArn", ImplicitDeny,
             {
               s.principal = roleSession();
               s.resource_policy = resourcePolicy(
                   grantTo(R"({"AWS":"arn:aws:sts::111111111111:assumed-role/builder/other"})"));
             }),
        CASE("FederatedUserSourceCapped", ImplicitDeny,
             {
               s.principal = Principal::federatedUser(kAccount, "fed",
                                                      "arn:aws:iam::111111111111:user/alice");
               s.session.push_back(
                   identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})")));
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:user/alice"})"));
             }),
        CASE("FederatedUserArnDirect", Allow,
             {
               s.principal = Principal::federatedUser(kAccount, "fed",
                                                      "arn:aws:iam::111111111111:user/alice");
               s.session.push_back(
                   identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})")));
               s.resource_policy = resourcePolicy(
                   grantTo(R"({"AWS":"arn:aws:sts::111111111111:federated-user/fed"})"));
             }),
        CASE("ResourceDenyWins", ExplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowS3));
               s.resource_policy = resourcePolicy(grantTo(R"("*")", "Deny"));
             }),
        CASE(
            "NotPrincipalDenyExemptsListed", Allow,
            {
              s.identity.push_back(identityPolicy(kAllowS3));
              s.resource_policy = resourcePolicy(doc(
                  R"({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111111111111:user/alice","arn:aws:iam::111111111111:root"]},"Action":"s3:*","Resource":"*"})"));
            }),
        CASE(
            "NotPrincipalDenyHitsOthers", ExplicitDeny,
            {
              s.principal = Principal::user(kAccount, "bob", "AIDABOB");
              s.identity.push_back(identityPolicy(kAllowS3));
              s.resource_policy = resourcePolicy(doc(
                  R"({"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111111111111:user/alice","arn:aws:iam::111111111111:root"]},"Action":"s3:*","Resource":"*"})"));
            }),
        CASE(
            "NotPrincipalNeedsTheAccountToo", ExplicitDeny,
            {
              s.identity.push_back(identityPolicy(kAllowS3));
              s.resource_policy = resourcePolicy(doc(
                  R"({"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"s3:*","Resource":"*"})"));
            })),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    CrossAccountRootAnonymousServices, Evaluation,
    ::testing::Values(
        CASE("CrossAccountIdentityOnly", ImplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowS3));
               s.resource_account = kOther;
             }),
        CASE("CrossAccountResourceOnly", ImplicitDeny,
             {
               s.resource_account = kOther;
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
             }),
        CASE("CrossAccountUserArnStillNeedsIdentity", ImplicitDeny,
             {
               s.resource_account = kOther;
               s.resource_policy =
                   resourcePolicy(grantTo(R"({"AWS":"arn:aws:iam::111111111111:user/alice"})"));
             }),
        CASE("CrossAccountBoth", Allow,
             {
               s.identity.push_back(identityPolicy(kAllowGet));
               s.resource_account = kOther;
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
             }),
        CASE("CrossAccountOtherAccountNamed", ImplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowGet));
               s.resource_account = kOther;
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"333333333333"})"));
             }),
        CASE("CrossAccountBoundaryCaps", ImplicitDeny,
             {
               s.identity.push_back(identityPolicy(kAllowGet));
               s.boundary =
                   identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})"));
               s.resource_account = kOther;
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
             }),
        CASE("RootOwnAccount", Allow, { s.principal = Principal::root(kAccount); }),
        CASE("RootDeniedByResourcePolicy", ExplicitDeny,
             {
               s.principal = Principal::root(kAccount);
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})", "Deny"));
             }),
        CASE("RootCrossAccountNeedsResourcePolicy", ImplicitDeny,
             {
               s.principal = Principal::root(kAccount);
               s.resource_account = kOther;
             }),
        CASE("RootCrossAccountGranted", Allow,
             {
               s.principal = Principal::root(kAccount);
               s.resource_account = kOther;
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
             }),
        CASE("AnonymousWithoutPolicy", ImplicitDeny, { s.principal = Principal::anonymous(); }),
        CASE("AnonymousPublicPolicy", Allow,
             {
               s.principal = Principal::anonymous();
               s.resource_policy = resourcePolicy(grantTo(R"("*")"));
             }),
        CASE("AnonymousAwsWildcard", Allow,
             {
               s.principal = Principal::anonymous();
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"*"})"));
             }),
        CASE("AnonymousNotAnAccount", ImplicitDeny,
             {
               s.principal = Principal::anonymous();
               s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
             }),
        CASE(
            "ServicePrincipalWithSourceArn", Allow,
            {
              s.principal = Principal::servicePrincipal("sns.amazonaws.com");
              s.action = "sqs:SendMessage";
              s.resource = "arn:aws:sqs:us-east-1:111111111111:q";
              s.context.set("aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:t");
              s.resource_policy = resourcePolicy(doc(
                  R"({"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111111111111:t"}}})"));
            }),
        CASE(
            "ServicePrincipalOtherService", ImplicitDeny,
            {
              s.principal = Principal::servicePrincipal("s3.amazonaws.com");
              s.resource_policy = resourcePolicy(doc(
                  R"({"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"*","Resource":"*"})"));
            })),
    [](const auto& info) { return std::string(info.param.name); });

// Role trust policies must allow on their own (resource_policy_required).
PolicyPtr trustPolicy(const std::string& principal) {
  return Policy::parse(
      doc(R"({"Effect":"Allow","Principal":)" + principal + R"(,"Action":"sts:AssumeRole"})"),
      PolicyKind::Trust);
}

void assumeRole(test::Scenario& s, const std::string& trusted) {
  s.action = "sts:AssumeRole";
  s.resource = "arn:aws:iam::111111111111:role/target";
  s.resource_account = kAccount;
  s.resource_policy = trustPolicy(trusted);
  s.resource_policy_required = true;
}

INSTANTIATE_TEST_SUITE_P(
    TrustPolicies, Evaluation,
    ::testing::Values(
        CASE("TrustNamesUser", Allow,
             { assumeRole(s, R"({"AWS":"arn:aws:iam::111111111111:user/alice"})"); }),
        CASE("TrustNamesAccountNeedsIdentity", ImplicitDeny,
             { assumeRole(s, R"({"AWS":"arn:aws:iam::111111111111:root"})"); }),
        CASE("TrustNamesAccountWithIdentity", Allow,
             {
               assumeRole(s, R"({"AWS":"arn:aws:iam::111111111111:root"})");
               s.identity.push_back(identityPolicy(
                   doc(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")));
             }),
        CASE("IdentityWithoutTrust", ImplicitDeny,
             {
               assumeRole(s, R"({"AWS":"arn:aws:iam::111111111111:user/bob"})");
               s.identity.push_back(identityPolicy(
                   doc(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")));
             }),
        CASE("TrustCrossAccount", Allow,
             {
               s.principal = Principal::user(kOther, "carol", "AIDACAROL");
               assumeRole(s, R"({"AWS":"222222222222"})");
               s.identity.push_back(identityPolicy(
                   doc(R"({"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"})")));
             }),
        CASE("TrustCrossAccountWithoutIdentity", ImplicitDeny,
             {
               s.principal = Principal::user(kOther, "carol", "AIDACAROL");
               assumeRole(s, R"({"AWS":"arn:aws:iam::222222222222:user/carol"})");
             }),
        CASE(
            "TrustExternalId", Allow,
            {
              s.principal = Principal::user(kOther, "carol", "AIDACAROL");
              s.action = "sts:AssumeRole";
              s.resource = "arn:aws:iam::111111111111:role/target";
              s.resource_account = kAccount;
              s.resource_policy_required = true;
              s.resource_policy = Policy::parse(
                  doc(R"({"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"secret"}}})"),
                  PolicyKind::Trust);
              s.context.set("sts:ExternalId", "secret");
              s.identity.push_back(
                  identityPolicy(doc(R"({"Effect":"Allow","Action":"sts:*","Resource":"*"})")));
            }),
        CASE("TrustService", Allow,
             {
               s.principal = Principal::servicePrincipal("lambda.amazonaws.com");
               assumeRole(s, R"({"Service":"lambda.amazonaws.com"})");
             }),
        CASE("TrustWebIdentity", Allow,
             {
               s.principal.type = PrincipalType::Federated;
               s.principal.federated_provider = "cognito-identity.amazonaws.com";
               assumeRole(s, R"({"Federated":"cognito-identity.amazonaws.com"})");
               s.action = "sts:AssumeRole";
             })),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Explain, MatchedStatementsAndMissingKeys) {
  test::Scenario s;
  auto policy = Policy::parse(
      doc(R"({"Sid":"Reads","Effect":"Allow","Action":"s3:Get*","Resource":"*"},)"
          R"({"Sid":"Tagged","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Env":"dev","S3:ExistingObjectTag/x":"y"}}},)"
          R"({"Sid":"Other","Effect":"Deny","Action":"sqs:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}})"),
      PolicyKind::Identity, PolicyLabel{"ReadPolicy", "user"});
  s.identity.push_back(policy);
  iam::Evaluation result = s.evaluate();
  EXPECT_EQ(result.decision, Decision::Allow);
  ASSERT_EQ(result.matched_statements.size(), 1u);
  EXPECT_EQ(result.matched_statements[0].policy->label().id, "ReadPolicy");
  EXPECT_EQ(result.matched_statements[0].statement_index, 0u);
  EXPECT_EQ(result.matched_statements[0].statement->sid, "Reads");
  EXPECT_EQ(result.matched_statements[0].source, PolicySource::Identity);
  // Keys of the statement whose action matched, as written; not those of the sqs statement.
  EXPECT_EQ(result.missing_context_keys,
            (std::vector<std::string>{"aws:ResourceTag/Env", "S3:ExistingObjectTag/x"}));
  EXPECT_EQ(result.identity, PolicyVerdict::Allow);
  EXPECT_EQ(result.boundary, PolicyVerdict::NotApplicable);
}

TEST(Explain, DenyIsReportedWithAllows) {
  test::Scenario s;
  s.identity.push_back(identityPolicy(kAllowS3, "allow"));
  s.identity.push_back(identityPolicy(kDenyGet, "deny"));
  iam::Evaluation result = s.evaluate();
  EXPECT_EQ(result.decision, Decision::ExplicitDeny);
  ASSERT_EQ(result.matched_statements.size(), 2u);
  EXPECT_EQ(result.matched_statements[1].policy->label().id, "deny");
  EXPECT_EQ(result.identity, PolicyVerdict::Deny);
}

TEST(EvaluatePolicy, OnePolicyVerdicts) {
  test::Scenario s;
  auto policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
  EXPECT_EQ(evaluatePolicy(*policy, s.request()), PolicyVerdict::Allow);
  s.action = "sqs:SendMessage";
  EXPECT_EQ(evaluatePolicy(*policy, s.request()), PolicyVerdict::NotApplicable);
  auto deny = resourcePolicy(grantTo(R"("*")", "Deny"));
  s.action = "s3:GetObject";
  EXPECT_EQ(evaluatePolicy(*deny, s.request()), PolicyVerdict::Deny);
}

struct ReasonCase {
  const char* name;
  std::function<void(test::Scenario&)> setup;
  DenialReason reason;
};

TEST(DenialReasons, NameThePolicyTypeThatDecided) {
  const ReasonCase cases[] = {
      {"allowed", [](test::Scenario& s) { s.identity.push_back(identityPolicy(kAllowS3)); },
       DenialReason::None},
      {"no identity allow", [](test::Scenario&) {}, DenialReason::NoIdentityAllow},
      {"identity deny", [](test::Scenario& s) { s.identity.push_back(identityPolicy(kDenyGet)); },
       DenialReason::ExplicitDenyIdentity},
      {"resource deny",
       [](test::Scenario& s) {
         s.identity.push_back(identityPolicy(kAllowS3));
         s.resource_policy = resourcePolicy(grantTo(R"("*")", "Deny"));
       },
       DenialReason::ExplicitDenyResource},
      {"boundary deny",
       [](test::Scenario& s) {
         s.identity.push_back(identityPolicy(kAllowS3));
         s.boundary = identityPolicy(kDenyGet);
       },
       DenialReason::ExplicitDenyBoundary},
      {"session deny",
       [](test::Scenario& s) {
         s.principal = roleSession();
         s.identity.push_back(identityPolicy(kAllowS3));
         s.session.push_back(identityPolicy(kDenyGet));
       },
       DenialReason::ExplicitDenySession},
      {"no boundary allow",
       [](test::Scenario& s) {
         s.identity.push_back(identityPolicy(kAllowS3));
         s.boundary = identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})"));
       },
       DenialReason::NoBoundaryAllow},
      {"no session allow",
       [](test::Scenario& s) {
         s.principal = roleSession();
         s.identity.push_back(identityPolicy(kAllowS3));
         s.session.push_back(
             identityPolicy(doc(R"({"Effect":"Allow","Action":"sqs:*","Resource":"*"})")));
       },
       DenialReason::NoSessionAllow},
      {"cross-account without resource policy",
       [](test::Scenario& s) {
         s.identity.push_back(identityPolicy(kAllowS3));
         s.resource_account = kOther;
       },
       DenialReason::NoResourceAllow},
      {"cross-account without identity policy",
       [](test::Scenario& s) {
         s.resource_account = kOther;
         s.resource_policy = resourcePolicy(grantTo(R"({"AWS":"111111111111"})"));
       },
       DenialReason::NoIdentityAllow},
      {"anonymous", [](test::Scenario& s) { s.principal = Principal::anonymous(); },
       DenialReason::NoResourceAllow},
  };
  for (const auto& c : cases) {
    test::Scenario s;
    c.setup(s);
    EXPECT_EQ(s.evaluate().reason, c.reason) << c.name;
  }
}

TEST(DenialReasons, AccessDeniedMessages) {
  test::Scenario s;
  auto request = s.request();
  EXPECT_EQ(accessDeniedMessage(request, DenialReason::NoIdentityAllow),
            "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: "
            "s3:GetObject on resource: arn:aws:s3:::bucket/key because no identity-based policy "
            "allows the s3:GetObject action");
  EXPECT_EQ(accessDeniedMessage(request, DenialReason::ExplicitDenyResource),
            "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: "
            "s3:GetObject on resource: arn:aws:s3:::bucket/key with an explicit deny in a "
            "resource-based policy");
  EXPECT_NE(accessDeniedMessage(request, DenialReason::NoBoundaryAllow)
                .find("because no permissions boundary allows the s3:GetObject action"),
            std::string::npos);
  s.principal = Principal::anonymous();
  EXPECT_EQ(accessDeniedMessage(s.request(), DenialReason::NoResourceAllow).substr(0, 42),
            "User: anonymous is not authorized to perfo");
}

TEST(Decision, Names) {
  EXPECT_STREQ(decisionName(Decision::Allow), "allowed");
  EXPECT_STREQ(decisionName(Decision::ExplicitDeny), "explicitDeny");
  EXPECT_STREQ(decisionName(Decision::ImplicitDeny), "implicitDeny");
}

TEST(Concurrency, OnePolicyManyThreads) {
  auto policy = identityPolicy(doc(
      R"({"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/home/${aws:username}/*","Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"}}})"));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::string name = "user" + std::to_string(t);
      Principal principal = Principal::user(kAccount, name, "AIDA" + name);
      ContextKeys context;
      context.set("s3:prefix", name + "/x");
      std::vector<PolicyPtr> policies{policy};
      std::string mine = "arn:aws:s3:::bucket/home/" + name + "/f";
      std::string theirs = "arn:aws:s3:::bucket/home/other/f";
      for (int i = 0; i < 20000; ++i) {
        AuthorizationRequest r;
        r.principal = &principal;
        r.action = "s3:GetObject";
        r.context = &context;
        r.identity_policies = policies;
        r.resource = i % 2 ? mine : theirs;
        Decision expected = i % 2 ? Decision::Allow : Decision::ImplicitDeny;
        if (decide(r) != expected) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace awsemu::iam
