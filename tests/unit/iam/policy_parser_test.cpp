// Policy grammar and IAM's MalformedPolicyDocument messages, by kind of policy. The cases and
// messages are those IAM answers (CreatePolicy, PutUserPolicy, CreateRole, ...).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
#include <gtest/gtest.h>

#include "awsemu/iam/evaluator.hpp"
#include "awsemu/iam/policy.hpp"
#include "awsemu/iam/policy_errors.hpp"

namespace awsemu::iam {
namespace {

struct InvalidCase {
  const char* name;
  PolicyKind kind;
  const char* document;
  const char* message;
};

std::string errorOf(const char* document, PolicyKind kind) {
  try {
    parsePolicyDocument(document, ParseOptions{kind, nullptr});
  } catch (const PolicyError& e) {
    return e.what();
  }
  return "(valid)";
}

class InvalidPolicies : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidPolicies, AnswerIamsMessage) {
  EXPECT_EQ(errorOf(GetParam().document, GetParam().kind), GetParam().message);
}

constexpr auto I = PolicyKind::Identity;
constexpr auto R = PolicyKind::Resource;
constexpr auto T = PolicyKind::Trust;
constexpr const char* kSyntax = "Syntax errors in policy.";

INSTANTIATE_TEST_SUITE_P(
    Grammar, InvalidPolicies,
    ::testing::Values(
        InvalidCase{"NotJson", I, "This is not a json document", kSyntax},
        InvalidCase{"NotAnObject", I, R"(["a"])", kSyntax},
        InvalidCase{"NoStatement", I, R"({"Version":"2012-10-17"})", kSyntax},
        InvalidCase{"StatementNotObject", I, R"({"Version":"2012-10-17","Statement":["afd"]})",
                    kSyntax},
        InvalidCase{"EmptyStatementList", I, R"({"Version":"2012-10-17","Statement":[]})", kSyntax},
        InvalidCase{
            "ExtraTopLevelField", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},"Extra":"v"})",
            kSyntax},
        InvalidCase{
            "ExtraStatementField", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Extra":"v"}})",
            kSyntax},
        InvalidCase{
            "IdNotString", I,
            R"({"Version":"2012-10-17","Id":{},"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}})",
            kSyntax},
        InvalidCase{
            "UnknownVersion", I,
            R"({"Version":"2013-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}})",
            kSyntax},
        InvalidCase{
            "InvalidEffect", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"invalid","Action":"s3:ListBucket","Resource":"*"}})",
            kSyntax},
        InvalidCase{
            "MissingEffect", I,
            R"({"Version":"2012-10-17","Statement":{"Action":"s3:ListBucket","Resource":"*"}})",
            kSyntax},
        InvalidCase{
            "MissingEffectInResourcePolicy", R,
            R"({"Version":"2012-10-17","Statement":{"Principal":"*","Action":"s3:ListBucket","Resource":"*"}})",
            "Missing required field Effect"},
        InvalidCase{
            "ActionAndNotAction", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","NotAction":"s3:b","Resource":"*"}})",
            kSyntax},
        InvalidCase{
            "ResourceAndNotResource", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","NotResource":[]}})",
            kSyntax},
        InvalidCase{
            "ResourceObject", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":{"a":"b"}}})",
            kSyntax},
        InvalidCase{
            "NestedActionList", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":[[]],"Resource":"*"}})",
            kSyntax},
        InvalidCase{
            "SidNotString", I,
            R"({"Version":"2012-10-17","Statement":{"Sid":[],"Effect":"Allow","Action":"s3:a","Resource":"*"}})",
            kSyntax},
        InvalidCase{
            "ConditionList", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":[]}})",
            kSyntax},
        InvalidCase{
            "ConditionOperatorNotObject", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateGreaterThan":"b"}}})",
            kSyntax},
        InvalidCase{
            "ConditionValueObject", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateGreaterThan":{"a":{}}}}})",
            kSyntax},
        InvalidCase{
            "UnknownOperatorWithKeys", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"x":{"a":"1"}}}})",
            kSyntax},
        InvalidCase{
            "DoubleColonQualifier", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"ForAnyValue::StringEqualsIfExists":{"a":"x"}}}})",
            kSyntax}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Stages, InvalidPolicies,
    ::testing::Values(
        InvalidCase{"NoVersion", I,
                    R"({"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}})",
                    "Policy document must be version 2012-10-17 or greater."},
        InvalidCase{
            "OldVersion", I,
            R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}})",
            "Policy document must be version 2012-10-17 or greater."},
        InvalidCase{
            "EffectCase", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"denY","Action":"s3:ListBucket","Resource":"*"}})",
            "The policy failed legacy parsing"},
        InvalidCase{
            "BadDate", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"sdfdsf"}}}})",
            "The policy failed legacy parsing"},
        InvalidCase{
            "LegacyResource", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::example_bucket"}})",
            "The policy failed legacy parsing"},
        InvalidCase{
            "EmptyServiceSegment", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws::fdsasf"}})",
            "The policy failed legacy parsing"},
        InvalidCase{
            "DuplicateSid", I,
            R"({"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:a","Resource":"*"},{"Sid":"a","Effect":"Allow"}]})",
            "Statement IDs (SID) in a single policy must be unique."},
        InvalidCase{
            "SidNotAlphanumeric", I,
            R"({"Version":"2012-10-17","Statement":{"Sid":"Allow reads","Effect":"Allow","Action":"s3:a","Resource":"*"}})",
            "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies "
            "the regular expression [0-9A-Za-z]*"},
        InvalidCase{"NoAction", I,
                    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}})",
                    "Policy statement must contain actions."},
        InvalidCase{
            "EmptyActionList", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"*"}})",
            "Policy statement must contain actions."},
        InvalidCase{
            "NoResource", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket"}})",
            "Policy statement must contain resources."},
        InvalidCase{"ResourcesBeforeVendor", I,
                    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invalid"}})",
                    "Policy statement must contain resources."},
        InvalidCase{
            "ResourceNotArn", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"invalid resource"}})",
            "Resource invalid resource must be in ARN format or \"*\"."},
        InvalidCase{
            "EmptyResource", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":""}})",
            "Resource  must be in ARN format or \"*\"."},
        InvalidCase{
            "Partition", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"aws:s3:::example_bucket"}})",
            "Partition \"s3\" is not valid for resource \"arn:s3:::example_bucket:*\"."},
        InvalidCase{
            "PartitionShort", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:cadfsdf"}})",
            "Partition \"b\" is not valid for resource \"arn:b:cadfsdf:*:*:*\"."},
        InvalidCase{
            "PartitionLong", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:c:d:e:f:g:h"}})",
            "Partition \"b\" is not valid for resource \"arn:b:c:d:e:f:g:h\"."},
        InvalidCase{
            "VendorNotQualified", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws"}})",
            "Resource vendor must be fully qualified and cannot contain regexes."},
        InvalidCase{
            "IamRegion", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:us-east-1::example_bucket"}})",
            "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region "
            "information."},
        InvalidCase{
            "S3Region", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1::example_bucket"}})",
            "Resource arn:aws:s3:us-east-1::example_bucket can not contain region "
            "information."},
        InvalidCase{
            "IamPath", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::example_bucket"}})",
            "IAM resource path must either be \"*\" or start with user/, federated-user/, "
            "role/, group/, instance-profile/, mfa/, server-certificate/, policy/, "
            "sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/."},
        InvalidCase{
            "NoVendor", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"invalid","Resource":"*"}})",
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
        InvalidCase{
            "TwoColons", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"*"}})",
            "Actions/Condition can contain only one colon."},
        InvalidCase{
            "BadVendor", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"a a:ListBucket","Resource":"*"}})",
            "Vendor a a is not valid"}),
    [](const auto& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Kinds, InvalidPolicies,
    ::testing::Values(
        InvalidCase{
            "IdentityWithPrincipal", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:a","Resource":"*"}})",
            "Policy document should not specify a principal."},
        InvalidCase{
            "IdentityWithNotPrincipal", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"s3:a","Resource":"*"}})",
            "Policy document should not specify a principal."},
        InvalidCase{
            "ResourceWithoutPrincipal", R,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*"}})",
            "Missing required field Principal"},
        InvalidCase{
            "WildcardInPrincipalArn", R,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/*"},"Action":"s3:a","Resource":"*"}})",
            "Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:user/*\""},
        InvalidCase{
            "PrincipalNotAnArn", R,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"s3:a","Resource":"*"}})",
            "Invalid principal in policy: \"AWS\":\"bob\""},
        InvalidCase{
            "UnknownPrincipalType", R,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Bank":"x"},"Action":"s3:a","Resource":"*"}})",
            "Invalid principal in policy"},
        InvalidCase{
            "TrustWithResource", T,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}})",
            "Has prohibited field Resource"},
        InvalidCase{
            "TrustWithoutPrincipal", T,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}})",
            "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: "
            "The passed in policy has a statement with no principals!"},
        InvalidCase{
            "TrustWithOtherAction", T,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject"}})",
            "Trust Policy statement actions can only be sts:AssumeRole, "
            "sts:AssumeRoleWithSAML, and sts:AssumeRoleWithWebIdentity"}),
    [](const auto& info) { return std::string(info.param.name); });

struct ValidCase {
  const char* name;
  PolicyKind kind;
  const char* document;
};

class ValidPolicies : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ValidPolicies, Parse) {
  EXPECT_EQ(errorOf(GetParam().document, GetParam().kind), "(valid)");
}

INSTANTIATE_TEST_SUITE_P(
    Documents, ValidPolicies,
    ::testing::Values(
        ValidCase{
            "ResourceList", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::b","*"]}})"},
        ValidCase{
            "SpacesInAction", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam: asdf safdsf af ","Resource":"*"}})"},
        ValidCase{
            "UnknownServiceResource", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:invalid-service:us-east-1::example"}})"},
        ValidCase{
            "ShortArn", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:fdsasf"}})"},
        ValidCase{
            "EmptyCondition", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{}}})"},
        ValidCase{
            "UnknownOperatorEmpty", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"a":{}}}})"},
        ValidCase{
            "EmptyValueList", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"DateGreaterThan":{"a":[]}}}})"},
        ValidCase{
            "UnquotedBoolAndNumber", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:max-keys":10}}}})"},
        ValidCase{
            "IamUserPath", I,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/${aws:username}"}})"},
        ValidCase{
            "TrustService", T,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"}})"},
        ValidCase{
            "TrustOldVersion", T,
            R"({"Version":"2008-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":"ecs.amazonaws.com"},"Action":"sts:AssumeRole"}]})"},
        ValidCase{
            "TrustAccountAndTagSession", T,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::210987654321:root"]},"Action":["sts:AssumeRole","sts:TagSession"],"Condition":{"StringEquals":{"sts:ExternalId":"x"}}}})"},
        ValidCase{
            "TrustWebIdentity", T,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}})"},
        ValidCase{
            "ResourceWildcardPrincipal", R,
            R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:q"}})"},
        ValidCase{
            "ResourceSessionPrincipal", R,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::123456789012:assumed-role/r/s"},"Action":"s3:*","Resource":"*"}})"},
        ValidCase{
            "ResourcePolicySidWithSpaces", R,
            R"({"Version":"2012-10-17","Statement":{"Sid":"Allow public read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}})"},
        ValidCase{
            "ResourceUniqueIdAndCloudFront", R,
            R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["AIDAJQABLZS4A3QDU576Q","arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}})"},
        ValidCase{"SessionPolicy", PolicyKind::Session,
                  R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(UncheckedPolicy, GrammarOnly) {
  // Stored documents another service validated with its own rules compile as they are.
  EXPECT_EQ(errorOf(R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}})",
                    PolicyKind::Unchecked),
            "(valid)");
  EXPECT_EQ(
      errorOf(R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Bad":1}})",
              PolicyKind::Unchecked),
      kSyntax);
}

TEST(TrustPolicy, PrincipalsMustExistWhenAsked) {
  ParseOptions options{PolicyKind::Trust, [](std::string_view arn) {
                         return arn == "arn:aws:iam::123456789012:user/alice";
                       }};
  const char* ok =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}})";
  EXPECT_NO_THROW(parsePolicyDocument(ok, options));
  const char* missing =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/nobody"},"Action":"sts:AssumeRole"}})";
  try {
    parsePolicyDocument(missing, options);
    FAIL() << "accepted a role that does not exist";
  } catch (const PolicyError& e) {
    EXPECT_STREQ(e.what(),
                 "Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:role/nobody\"");
  }
}

TEST(PolicyDocument, KeepsStatementsSidsAndPositions) {
  const char* text =
      "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
      "      \"Sid\": \"First\", \"Effect\": \"Allow\", \"Action\": \"s3:*\","
      " \"Resource\": \"*\"\n    },\n    {\"Effect\": \"Deny\", \"NotAction\":"
      " [\"iam:*\"], \"NotResource\": \"arn:aws:s3:::b\"}\n  ]\n}";
  PolicyDocument document = parsePolicyDocument(text, ParseOptions{PolicyKind::Identity, nullptr});
  ASSERT_EQ(document.statements.size(), 2u);
  EXPECT_EQ(document.statements[0].sid, "First");
  EXPECT_EQ(document.statements[0].start.line, 4);
  EXPECT_EQ(document.statements[0].start.column, 5);
  EXPECT_EQ(document.statements[0].end.line, 6);
  EXPECT_EQ(document.statements[0].end.column, 5);
  EXPECT_EQ(document.statements[1].start.line, 7);
  EXPECT_EQ(document.statements[1].effect, Effect::Deny);
  EXPECT_TRUE(document.statements[1].not_action);
  EXPECT_TRUE(document.statements[1].not_resource);
  EXPECT_EQ(document.statements[1].resources, std::vector<std::string>{"arn:aws:s3:::b"});
}

TEST(PolicyDocument, ConditionScalarsBecomeText) {
  PolicyDocument document = parsePolicyDocument(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericEquals":{"n":[1,2.5]}}}})",
      ParseOptions{PolicyKind::Identity, nullptr});
  const auto& conditions = document.statements[0].conditions;
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(conditions[0].operator_name, "Bool");
  EXPECT_EQ(conditions[0].values, std::vector<std::string>{"true"});
  EXPECT_EQ(conditions[1].values, (std::vector<std::string>{"1", "2.5"}));
}

TEST(PolicySize, CountsWithoutWhitespace) {
  EXPECT_EQ(policySizeWithoutWhitespace("{ \"a\" :\n\t\"b c\" }"), 10u);  // {"a":"bc"}
}

struct QuotaCase {
  PolicySizeQuota quota;
  std::size_t limit;
  const char* message;
};

TEST(PolicySize, QuotasAnswerLimitExceeded) {
  const QuotaCase cases[] = {
      {PolicySizeQuota::ManagedPolicy, 6144, "Cannot exceed quota for PolicySize: 6144"},
      {PolicySizeQuota::UserInline, 2048,
       "Maximum policy size of 2048 bytes exceeded for user bob"},
      {PolicySizeQuota::GroupInline, 5120,
       "Maximum policy size of 5120 bytes exceeded for group bob"},
      {PolicySizeQuota::RoleInline, 10240,
       "Maximum policy size of 10240 bytes exceeded for role bob"},
      {PolicySizeQuota::TrustPolicy, 2048, "Cannot exceed quota for ACLSizePerRole: 2048"},
  };
  for (const auto& c : cases) {
    EXPECT_NO_THROW(checkPolicySize(c.limit, c.quota, "bob"));
    try {
      checkPolicySize(c.limit + 1, c.quota, "bob");
      ADD_FAILURE() << c.message;
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code, "LimitExceeded");
      EXPECT_EQ(e.http_status, 409);
      EXPECT_EQ(e.message, c.message);
    }
  }
}

TEST(PolicyErrors, MalformedPolicyDocument) {
  AwsError error = errors::malformedPolicyDocument("Syntax errors in policy.");
  EXPECT_EQ(error.code, "MalformedPolicyDocument");
  EXPECT_EQ(error.http_status, 400);
}

TEST(UntrustedInput, NeverThrowsAnythingButPolicyError) {
  const char* inputs[] = {"",
                          "{",
                          "}",
                          "null",
                          "[{]",
                          "{\"Statement\":{\"Effect\":1}}",
                          "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                          "\"Action\":\"s3:a\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":"
                          "{\"aws:SourceIp\":[null]}}}}"};
  for (const char* input : inputs) {
    for (auto kind : {I, R, T, PolicyKind::Session, PolicyKind::Unchecked}) {
      try {
        Policy::parse(input, kind);
      } catch (const PolicyError&) {
      }
    }
  }
}

TEST(UntrustedInput, DeepNesting) {
  std::string deep = R"({"Version":"2012-10-17","Statement":)" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  EXPECT_THROW(Policy::parse(deep, I), PolicyError);
  std::string deep_condition =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a","Resource":"*","Condition":{"Bool":{"k":)" +
      std::string(100000, '[') + std::string(100000, ']') + "}}}}";
  EXPECT_THROW(Policy::parse(deep_condition, I), PolicyError);
}

TEST(UntrustedInput, MutatedDocumentsParseOrFailCleanly) {
  // Deterministic byte mutations of a policy that uses every element: each must parse (and then
  // evaluate) or fail with a PolicyError, never anything else.
  const std::string base =
      R"({"Version":"2012-10-17","Id":"x","Statement":[{"Sid":"A1","Effect":"Allow",)"
      R"("Principal":{"AWS":["123456789012"],"Service":"s.amazonaws.com"},"Action":["s3:Get*"],)"
      R"("Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"ForAnyValue:StringLike":)"
      R"({"aws:TagKeys":["a*"]},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"},"DateLessThan":)"
      R"({"aws:CurrentTime":"2030-01-01T00:00:00Z"}}},{"Effect":"Deny","NotAction":"iam:*",)"
      R"("NotResource":["*"],"NotPrincipal":"*"}]})";
  const char replacements[] = {'"', '{', '}', '[', ']', ':', ',', '*', '$', '\\', 'x', ' ', '\0'};
  unsigned seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u; };
  Principal principal = Principal::user("123456789012", "u", "AIDAU");
  ContextKeys context;
  context.set("aws:TagKeys", std::vector<std::string>{"ab", "c"});
  context.set("aws:SourceIp", "10.1.1.1");
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = base;
    for (int edits = 1 + next() % 3; edits > 0; --edits) {
      text[next() % text.size()] = replacements[next() % sizeof replacements];
    }
    for (auto kind : {R, PolicyKind::Unchecked}) {
      try {
        PolicyPtr policy = Policy::parse(text, kind);
        ++parsed;
        AuthorizationRequest request;
        request.principal = &principal;
        request.action = "s3:GetObject";
        request.resource = "arn:aws:s3:::b/u/k";
        request.context = &context;
        request.resource_policy = policy.get();
        (void)evaluate(request);
      } catch (const PolicyError&) {
      }
    }
  }
  EXPECT_GT(parsed, 0);
}

}  // namespace
}  // namespace awsemu::iam
