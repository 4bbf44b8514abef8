#pragma once
// The IAM policy language as written: a policy document parsed from JSON and checked against the
// grammar with AWS's MalformedPolicyDocument messages, by the kind of policy it is.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace awsemu::iam {

// Where a policy is stored decides which elements it may (or must) have.
enum class PolicyKind {
  Identity,  // managed and inline policies, permissions boundaries: no Principal, Resource required
  Session,   // STS session policies (AssumeRole Policy=, GetFederationToken): as Identity
  Resource,  // bucket, queue, topic, function, key policies: Principal required
  Trust,     // role trust policies: Principal required, no Resource, only sts: role actions
  Unchecked  // a stored document (AWS managed policies, JSON another service validated): grammar
             // only
};

enum class Effect { Allow, Deny };

// Line and column (1-based) of a statement in the document text, as SimulatePrincipalPolicy
// reports them (StartPosition/EndPosition of a matched statement). 0 when unknown.
struct TextPosition {
  int line = 0;
  int column = 0;
};

// The Principal or NotPrincipal element. "*" (or {"AWS": "*"}) sets wildcard.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
struct PrincipalElement {
  bool wildcard = false;
  std::vector<std::string> aws;        // "123456789012", "arn:aws:iam::123456789012:root", ARNs
  std::vector<std::string> service;    // "sqs.amazonaws.com"
  std::vector<std::string> federated;  // "cognito-identity.amazonaws.com", saml/oidc ARNs
  std::vector<std::string> canonical_user;  // S3 canonical user ids
};

// One operator block entry: "StringEquals": {"aws:username": ["a", "b"]} is one clause per key.
// Booleans and numbers written unquoted in the JSON arrive here as their text ("true", "10").
struct ConditionClause {
  std::string operator_name;  // as written: "ForAnyValue:StringLikeIfExists"
  std::string key;            // as written: "aws:PrincipalTag/team"
  std::vector<std::string> values;
};

struct Statement {
  std::optional<std::string> sid;
  Effect effect = Effect::Allow;
  bool not_action = false;  // NotAction instead of Action
  std::vector<std::string> actions;
  bool has_resource = false;  // Resource or NotResource present (absent in trust policies)
  bool not_resource = false;
  std::vector<std::string> resources;
  std::optional<PrincipalElement> principal;  // Principal or NotPrincipal
  bool not_principal = false;
  std::vector<ConditionClause> conditions;
  TextPosition start;  // of the statement's '{'
  TextPosition end;    // of its '}'
};

struct PolicyDocument {
  std::string version;  // "2012-10-17", "2008-10-17", or "" when absent (means 2008-10-17)
  std::optional<std::string> id;
  std::vector<Statement> statements;

  // Policy variables (${aws:username}) are only substituted in 2012-10-17 documents.
  bool variablesEnabled() const { return version == "2012-10-17"; }
};

// A document that breaks the grammar; message() is AWS's MalformedPolicyDocument text
// ("Syntax errors in policy.", "Policy statement must contain actions.", ...). Services turn it
// into their own error (IAM/STS: MalformedPolicyDocument; S3: MalformedPolicy; SQS:
// InvalidAttributeValue) with the factories of policy_errors.hpp or their own.
class PolicyError : public std::runtime_error {
 public:
  explicit PolicyError(const std::string& message) : std::runtime_error(message) {}
};

struct ParseOptions {
  PolicyKind kind = PolicyKind::Identity;
  // When set, AWS principals named by ARN (users, roles) must exist: IAM answers
  // `Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/nobody"` otherwise.
  // Called for user and role ARNs only (not accounts, root, sessions or wildcards).
  std::function<bool(std::string_view principal_arn)> principal_exists;
};

// Parses and validates; throws PolicyError. Never throws anything else for any input text.
PolicyDocument parsePolicyDocument(std::string_view text, const ParseOptions& options);

}  // namespace awsemu::iam
