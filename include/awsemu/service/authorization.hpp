#pragma once
// What a service tells the gateway's authorisation stage (ENFORCE_IAM) about an operation: the
// IAM action(s) it is, the resource ARN(s) it acts on, the service's condition keys, the resource
// policy of each resource, and how the service words AccessDenied. One `ServiceAuthorizer` per
// implemented service, written next to its handlers (services/<svc>/<svc>_authorization.cpp) and
// listed in services/common/service_authorizers.cpp; the gateway names no service.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "awsemu/iam/policy.hpp"

namespace awsemu::service {

class Service;

// One authorisation question of an operation: CopyObject asks two (s3:GetObject on the source,
// s3:PutObject on the destination), DeleteObjects one per key.
struct AuthorizationTarget {
  std::string action;    // "s3:GetObject"
  std::string resource;  // the resource ARN, "*" for actions without one
  // The account owning the resource; empty: the caller's (S3 fills it from the bucket).
  std::string resource_account;
  // The service's condition keys for this request (s3:prefix, dynamodb:LeadingKeys, ...).
  std::vector<std::pair<std::string, std::vector<std::string>>> context;
  iam::PolicyPtr resource_policy;  // bucket / queue / topic policy; null: none

  AuthorizationTarget& key(std::string name, std::string value) {
    context.emplace_back(std::move(name), std::vector<std::string>{std::move(value)});
    return *this;
  }
};

using AuthorizationTargets = std::vector<AuthorizationTarget>;

class ServiceAuthorizer {
 public:
  virtual ~ServiceAuthorizer() = default;

  // The targets of `ctx.operation` with its decoded input. Empty: nothing to authorise
  // (sts:GetCallerIdentity is never denied). Called with `body_read == false` from the header
  // stage (input = the members bound to the URI, query and headers), where an answer refuses a
  // request before its body is sent (S3 uploads before 100-continue); nullopt there means "ask
  // again once the body is decoded". Runs on an I/O thread: memory look-ups only.
  virtual std::optional<AuthorizationTargets> targets(Service& service, const RequestContext& ctx,
                                                      const Json& input, bool body_read) const = 0;

  // Fills the target's resource policy (and owner account) from the service's state.
  virtual void attachResourcePolicy(Service& service, const RequestContext& ctx,
                                    AuthorizationTarget& target) const {}

  // Account roots are allowed everything in their own account; in another account's resources
  // they need its resource policy, which the stage checks unless the service does (S3: ACLs).
  virtual bool authorizesRootsItself() const { return false; }

  // The service's own AccessDenied with AWS's message (`message` names caller, action, resource).
  // Default: the query protocol's AccessDenied, 403 (IAM, STS).
  virtual AwsError accessDenied(std::string message) const {
    return AwsError("AccessDenied", std::move(message), 403);
  }
};

// The authoriser of a service (services/all_services.cpp); a generic one ("<prefix>:<Operation>"
// on "*") for services without a table of their own.
const ServiceAuthorizer& authorizerFor(std::string_view service_name);

// "<prefix>:<operation>" on "*": the default for operations a table does not list.
AuthorizationTargets defaultTargets(std::string_view prefix, std::string_view operation);

}  // namespace awsemu::service
