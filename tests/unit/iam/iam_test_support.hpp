#pragma once
// Helpers for the policy engine tests: policies from JSON text, a request builder.
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "awsemu/iam/evaluator.hpp"
#include "awsemu/iam/policy.hpp"

namespace awsemu::iam::test {

inline PolicyPtr identityPolicy(const std::string& json, std::string id = "identity") {
  return Policy::parse(json, PolicyKind::Identity, PolicyLabel{std::move(id), "user-managed"});
}
inline PolicyPtr resourcePolicy(const std::string& json, std::string id = "resource") {
  return Policy::parse(json, PolicyKind::Resource, PolicyLabel{std::move(id), "resource"});
}

// {"Version": "2012-10-17", "Statement": [<statements>]}
inline std::string doc(const std::string& statements) {
  return R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
}

// Everything one test request needs, owned in one place (AuthorizationRequest only points).
struct Scenario {
  Principal principal = Principal::user("111111111111", "alice", "AIDAALICE");
  std::string action = "s3:GetObject";
  std::string resource = "arn:aws:s3:::bucket/key";
  std::string resource_account;
  ContextKeys context;
  std::vector<PolicyPtr> identity;
  PolicyPtr boundary;
  std::vector<PolicyPtr> session;
  PolicyPtr resource_policy;
  bool resource_policy_required = false;

  AuthorizationRequest request() const {
    AuthorizationRequest r;
    r.principal = &principal;
    r.action = action;
    r.resource = resource;
    r.resource_account = resource_account;
    r.context = &context;
    r.identity_policies = identity;
    r.permissions_boundary = boundary.get();
    r.session_policies = session;
    r.resource_policy = resource_policy.get();
    r.resource_policy_required = resource_policy_required;
    return r;
  }
  Decision decide() const { return iam::decide(request()); }
  Evaluation evaluate() const { return iam::evaluate(request()); }
};

}  // namespace awsemu::iam::test
