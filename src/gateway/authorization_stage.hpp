#pragma once
// The authorisation stage (ENFORCE_IAM): the caller as an IAM principal with its policies, asked
// of the policy engine for every target the service's authoriser names for the operation.
// Names no service: actions, resources, resource policies and the error come from the
// service's `ServiceAuthorizer` (awsemu/service/authorization.hpp).
#include <memory>
#include <optional>
#include <vector>

#include "awsemu/core/request_context.hpp"
#include "awsemu/iam/authorization_request.hpp"
#include "awsemu/iam/policy_cache.hpp"
#include "awsemu/service/authorization.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "src/gateway/caller_cache.hpp"

namespace awsemu::gateway {

enum class EnforcementMode { Off, Soft, On };

class AuthorizationStage {
 public:
  AuthorizationStage(EnforcementMode mode, const service::CredentialRegistry& credentials)
      : mode_(mode), credentials_(credentials) {}

  bool enabled() const { return mode_ != EnforcementMode::Off; }

  // Authorises `ctx.operation` of `service`. Returns false when the authoriser needs the body
  // (header stage only); throws the service's AccessDenied when a target is denied (On mode).
  bool authorize(service::Service& service, const RequestContext& ctx, const Json& input,
                 bool body_read);

  // The caller as the engine sees it; nullptr for anonymous callers (the service's own checks
  // apply). Account roots (also unknown keys SIGV4_VERIFY accepts) are checked only in other
  // accounts' resources. Cached per access key until IAM changes (caller_cache.hpp).
  using Caller = gateway::Caller;
  CallerPtr callerOf(const CallerIdentity& identity);

 private:
  CallerPtr buildCaller(const CallerIdentity& identity, service::PrincipalDirectory* directory);
  void decideTarget(const service::ServiceAuthorizer& authorizer, const Caller& caller,
                    const RequestContext& ctx, const service::AuthorizationTarget& target);

  EnforcementMode mode_;
  const service::CredentialRegistry& credentials_;
  iam::PolicyCache cache_;
  CallerCache callers_;
};

}  // namespace awsemu::gateway
