#pragma once
// AWS's policy evaluation logic over compiled policies.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
//
//  1. An explicit Deny in any policy that applies (identity, boundary, session, resource) wins.
//  2. Same account: allowed if the identity-based policies allow within the permissions boundary
//     and the session policies, or if the resource policy's Allow stands on its own. It does
//     when it names the caller itself (IAM user ARN, role session ARN, federated-user ARN), "*",
//     or the caller's service or identity provider; naming the role behind a session (or the user
//     behind a federated session) it stands only within the boundary and session policies;
//     naming the account (id or root ARN) it never stands alone.
//  3. Cross-account (resource_account differs): the identity side (capped as above) and the
//     resource policy must both allow.
//  4. resource_policy_required (trust and key policies): the resource policy must allow even
//     within the account, then as in 2.
//  5. The root user is allowed everything in its own account unless a policy denies; anonymous
//     callers, service principals and identity providers act only through resource policies.
#include <cstddef>
#include <string>
#include <vector>

#include "awsemu/iam/authorization_request.hpp"

namespace awsemu::iam {

enum class Decision { Allow, ExplicitDeny, ImplicitDeny };

// "allowed", "explicitDeny", "implicitDeny" (SimulatePrincipalPolicy's EvalDecision).
const char* decisionName(Decision decision);

// What one policy says about a request on its own.
enum class PolicyVerdict { Allow, Deny, NotApplicable };

enum class PolicySource { Identity, PermissionsBoundary, Session, Resource };

struct MatchedStatement {
  PolicySource source = PolicySource::Identity;
  const Policy* policy = nullptr;  // label().id / label().type name it
  std::size_t statement_index = 0;
  const Statement* statement = nullptr;  // sid, effect, start/end positions
};

// Which policy type decided a denial: AWS names it in AccessDenied messages.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
enum class DenialReason {
  None,  // allowed
  ExplicitDenyIdentity,
  ExplicitDenyResource,
  ExplicitDenyBoundary,
  ExplicitDenySession,
  NoIdentityAllow,
  NoResourceAllow,
  NoBoundaryAllow,
  NoSessionAllow,
};

struct Evaluation {
  Decision decision = Decision::ImplicitDeny;
  DenialReason reason = DenialReason::None;
  // Statements whose action, resource, principal and conditions all matched (Allow and Deny).
  std::vector<MatchedStatement> matched_statements;
  // Condition keys (as written in the policies, deduplicated case-insensitively) referenced by
  // statements whose action and resource matched but absent from the request context.
  std::vector<std::string> missing_context_keys;
  // The parts of the decision, for SimulatePrincipalPolicy's details.
  PolicyVerdict identity = PolicyVerdict::NotApplicable;
  PolicyVerdict boundary = PolicyVerdict::NotApplicable;  // NotApplicable also when none
  PolicyVerdict session = PolicyVerdict::NotApplicable;
  PolicyVerdict resource = PolicyVerdict::NotApplicable;
};

// The decision alone: no allocation on the common paths; use it to enforce.
Decision decide(const AuthorizationRequest& request);

// The decision with the statements that matched and the missing context keys (simulation,
// debug logs).
Evaluation evaluate(const AuthorizationRequest& request);

// AWS's text for a denial: "User: <arn> is not authorized to perform: <action> on resource:
// <resource> because no identity-based policy allows the <action> action" (or "with an explicit
// deny in a resource-based policy", ...). Services wrap it in their own AccessDenied error.
std::string accessDeniedMessage(const AuthorizationRequest& request, DenialReason reason);

// One policy against the request (principal matching applies when the policy has Principal
// elements): S3 bucket policies before ACLs, SimulateCustomPolicy.
PolicyVerdict evaluatePolicy(const Policy& policy, const AuthorizationRequest& request);

}  // namespace awsemu::iam
