#pragma once
// The policies that apply to an IAM principal (user, role, or a group's hypothetical member),
// as the evaluator wants them: an iam::Principal and labelled, compiled policies.
#include <optional>
#include <string>
#include <vector>

#include "awsemu/iam/authorization_request.hpp"
#include "services/iam/iam_state.hpp"

namespace awsemu::iam_service {

struct PrincipalPolicySet {
  iam::Principal principal;
  std::vector<std::string> identity_documents;  // as stored, parallel to identity
  std::vector<iam::PolicyPtr> identity;
  std::optional<std::string> boundary_document;
  iam::PolicyPtr boundary;
};

// For arn:aws:iam::<account>:user/..., role/... or group/... of `account`; nullopt if there is no
// such entity. Policies that fail to compile are left out (they were validated when stored).
std::optional<PrincipalPolicySet> principalPolicies(Account& account, const std::string& arn);

}  // namespace awsemu::iam_service
