// AWS's evaluation logic (see evaluator.hpp for the rules and the pages they come from).
#include "awsemu/iam/evaluator.hpp"

#include <algorithm>

#include "awsemu/core/strings.hpp"
#include "src/iam/compiled_policy.hpp"

namespace awsemu::iam {
namespace {

// What an evaluation collects beyond the decision (evaluate(), not decide()).
struct Explain {
  std::vector<MatchedStatement> matched;
  std::vector<const KeyRef*> missing;
};

struct Outcome {
  PolicyVerdict verdict = PolicyVerdict::NotApplicable;
  Grant grant = Grant::None;  // the most direct grant among the Allow statements that matched

  void merge(const Outcome& other) {
    if (verdict == PolicyVerdict::Deny || other.verdict == PolicyVerdict::Deny) {
      verdict = PolicyVerdict::Deny;
    } else if (other.verdict == PolicyVerdict::Allow) {
      verdict = PolicyVerdict::Allow;
    }
    grant = std::max(grant, other.grant);
  }
};

std::string& resourceScratch() {
  thread_local std::string buffer;
  return buffer;
}

bool resourceMatches(const CompiledStatement& statement, const RequestView& view) {
  if (!statement.has_resource) return true;  // trust policies: the role itself
  bool any = false;
  for (const auto& pattern : statement.resources) {
    if (pattern.any) {
      any = true;
    } else if (!pattern.text.hasVariables()) {
      any = arnPartsMatch(ArnParts::split(pattern.text.literal()), view.resource, true);
    } else {
      std::string& resolved = resourceScratch();
      any = pattern.text.resolve(view, resolved) &&
            arnPartsMatch(ArnParts::split(resolved), view.resource, true);
    }
    if (any) break;
  }
  return any != statement.not_resource;
}

// The principal test of a statement: Grant::None when it does not apply to the caller.
Grant principalGrant(const CompiledStatement& statement, const Principal& principal) {
  if (!statement.has_principal) return Grant::Direct;
  if (statement.not_principal) {
    return statement.principal.excludes(principal) ? Grant::None : Grant::Direct;
  }
  return statement.principal.grantFor(principal);
}

Outcome evaluateOne(const Policy& policy, PolicySource source, const RequestView& view,
                    Explain* explain) {
  Outcome out;
  const auto& statements = policy.compiled().statements;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const CompiledStatement& statement = statements[i];
    if (!statement.actionMatches(view.request.action)) continue;
    if (!resourceMatches(statement, view)) continue;
    Grant grant = principalGrant(statement, view.principal);
    if (grant == Grant::None) continue;
    bool holds = true;
    for (const auto& condition : statement.conditions) {
      if (!conditionHolds(condition, view, explain ? &explain->missing : nullptr)) {
        holds = false;
        if (!explain) break;  // explaining: keep going to collect every missing key
      }
    }
    if (!holds) continue;
    if (explain) {
      explain->matched.push_back(
          MatchedStatement{source, &policy, i, &policy.document().statements[i]});
    }
    if (statement.effect == Effect::Deny) {
      out.verdict = PolicyVerdict::Deny;
      if (!explain) return out;  // nothing overrides an explicit deny
    } else if (out.verdict != PolicyVerdict::Deny) {
      out.verdict = PolicyVerdict::Allow;
      out.grant = std::max(out.grant, grant);
    }
  }
  return out;
}

Outcome evaluateAll(std::span<const PolicyPtr> policies, PolicySource source,
                    const RequestView& view, Explain* explain) {
  Outcome out;
  for (const auto& policy : policies) {
    if (!policy) continue;
    out.merge(evaluateOne(*policy, source, view, explain));
    if (out.verdict == PolicyVerdict::Deny && !explain) break;
  }
  return out;
}

struct Parts {
  Outcome identity, boundary, session, resource;
};

struct Verdict {
  Decision decision;
  DenialReason reason;
};

Verdict explicitDeny(const Parts& parts) {
  auto denied = [](const Outcome& o) { return o.verdict == PolicyVerdict::Deny; };
  if (denied(parts.identity)) return {Decision::ExplicitDeny, DenialReason::ExplicitDenyIdentity};
  if (denied(parts.boundary)) return {Decision::ExplicitDeny, DenialReason::ExplicitDenyBoundary};
  if (denied(parts.session)) return {Decision::ExplicitDeny, DenialReason::ExplicitDenySession};
  if (denied(parts.resource)) return {Decision::ExplicitDeny, DenialReason::ExplicitDenyResource};
  return {Decision::Allow, DenialReason::None};
}

// Why the identity side (identity policies within the boundary and session policies) fails.
DenialReason identityShortfall(const AuthorizationRequest& request, const Parts& parts) {
  if (parts.identity.verdict != PolicyVerdict::Allow) return DenialReason::NoIdentityAllow;
  if (request.permissions_boundary && parts.boundary.verdict != PolicyVerdict::Allow) {
    return DenialReason::NoBoundaryAllow;
  }
  if (!request.session_policies.empty() && parts.session.verdict != PolicyVerdict::Allow) {
    return DenialReason::NoSessionAllow;
  }
  return DenialReason::None;
}

Verdict combine(const AuthorizationRequest& request, const Principal& p, const Parts& parts) {
  if (Verdict deny = explicitDeny(parts); deny.decision == Decision::ExplicitDeny) return deny;
  const Verdict allow{Decision::Allow, DenialReason::None};
  const Verdict no_resource_allow{Decision::ImplicitDeny, DenialReason::NoResourceAllow};
  bool resource_allows = parts.resource.verdict == PolicyVerdict::Allow;
  // Callers without identity-based policies act only through resource policies.
  if (p.type == PrincipalType::Anonymous || p.type == PrincipalType::Service ||
      p.type == PrincipalType::Federated) {
    return resource_allows ? allow : no_resource_allow;
  }
  DenialReason shortfall =
      p.type == PrincipalType::Root ? DenialReason::None : identityShortfall(request, parts);
  bool identity_side = shortfall == DenialReason::None;
  bool caps = (!request.permissions_boundary || parts.boundary.verdict == PolicyVerdict::Allow) &&
              (request.session_policies.empty() || parts.session.verdict == PolicyVerdict::Allow);
  bool resource_alone = resource_allows && (parts.resource.grant == Grant::Direct ||
                                            (parts.resource.grant == Grant::Capped && caps));
  bool same_account = request.resource_account.empty() || request.resource_account == p.account_id;
  if (!same_account || request.resource_policy_required) {
    if (!resource_allows) return no_resource_allow;
    if (identity_side || (same_account && resource_alone)) return allow;
    return {Decision::ImplicitDeny, shortfall};
  }
  if (identity_side || resource_alone) return allow;
  return {Decision::ImplicitDeny, shortfall};
}

Verdict run(const AuthorizationRequest& request, Explain* explain, Parts& parts) {
  if (!request.principal) return {Decision::ImplicitDeny, DenialReason::NoIdentityAllow};
  const Principal& principal = *request.principal;
  RequestView view(request, principal);
  parts.identity = evaluateAll(request.identity_policies, PolicySource::Identity, view, explain);
  if (request.permissions_boundary) {
    parts.boundary = evaluateOne(*request.permissions_boundary, PolicySource::PermissionsBoundary,
                                 view, explain);
  }
  parts.session = evaluateAll(request.session_policies, PolicySource::Session, view, explain);
  if (request.resource_policy) {
    parts.resource = evaluateOne(*request.resource_policy, PolicySource::Resource, view, explain);
  }
  return combine(request, principal, parts);
}

}  // namespace

const char* decisionName(Decision decision) {
  switch (decision) {
    case Decision::Allow:
      return "allowed";
    case Decision::ExplicitDeny:
      return "explicitDeny";
    case Decision::ImplicitDeny:
      return "implicitDeny";
  }
  return "implicitDeny";
}

Decision decide(const AuthorizationRequest& request) {
  Parts parts;
  return run(request, nullptr, parts).decision;
}

Evaluation evaluate(const AuthorizationRequest& request) {
  Explain explain;
  Parts parts;
  Evaluation out;
  Verdict verdict = run(request, &explain, parts);
  out.decision = verdict.decision;
  out.reason = verdict.reason;
  out.matched_statements = std::move(explain.matched);
  for (const KeyRef* key : explain.missing) {
    bool seen =
        std::any_of(out.missing_context_keys.begin(), out.missing_context_keys.end(),
                    [&](const std::string& k) { return strings::iequals(k, key->written); });
    if (!seen) out.missing_context_keys.push_back(key->written);
  }
  out.identity = parts.identity.verdict;
  out.boundary = parts.boundary.verdict;
  out.session = parts.session.verdict;
  out.resource = parts.resource.verdict;
  return out;
}

std::string accessDeniedMessage(const AuthorizationRequest& request, DenialReason reason) {
  std::string caller = "anonymous";
  if (request.principal && request.principal->type != PrincipalType::Anonymous) {
    caller = request.principal->arn;
  }
  std::string action(request.action);
  std::string out = "User: " + caller + " is not authorized to perform: " + action +
                    " on resource: " + std::string(request.resource) + " ";
  switch (reason) {
    case DenialReason::ExplicitDenyIdentity:
      return out + "with an explicit deny in an identity-based policy";
    case DenialReason::ExplicitDenyResource:
      return out + "with an explicit deny in a resource-based policy";
    case DenialReason::ExplicitDenyBoundary:
      return out + "with an explicit deny in a permissions boundary";
    case DenialReason::ExplicitDenySession:
      return out + "with an explicit deny in a session policy";
    case DenialReason::NoResourceAllow:
      return out + "because no resource-based policy allows the " + action + " action";
    case DenialReason::NoBoundaryAllow:
      return out + "because no permissions boundary allows the " + action + " action";
    case DenialReason::NoSessionAllow:
      return out + "because no session policy allows the " + action + " action";
    case DenialReason::None:
    case DenialReason::NoIdentityAllow:
      break;
  }
  return out + "because no identity-based policy allows the " + action + " action";
}

PolicyVerdict evaluatePolicy(const Policy& policy, const AuthorizationRequest& request) {
  if (!request.principal) return PolicyVerdict::NotApplicable;
  RequestView view(request, *request.principal);
  return evaluateOne(policy, PolicySource::Resource, view, nullptr).verdict;
}

}  // namespace awsemu::iam
