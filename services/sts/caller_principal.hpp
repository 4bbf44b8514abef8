#pragma once
// The caller of a request as the policy engine sees it: its iam::Principal and the policies that
// apply to it (identity policies and boundary from IAM, session policies from the credential).
// STS evaluates trust policies with it; the authorisation stage can build the same.
#include <optional>
#include <string>
#include <vector>

#include "awsemu/auth/credentials.hpp"
#include "awsemu/core/request_context.hpp"
#include "awsemu/iam/authorization_request.hpp"

namespace awsemu::service {
class CredentialRegistry;
}

namespace awsemu::sts {

struct CallerPolicies {
  iam::Principal principal;
  std::optional<auth::Credential> credential;  // nullopt: root (default or 12-digit keys)
  std::vector<iam::PolicyPtr> identity;
  iam::PolicyPtr boundary;
  std::vector<iam::PolicyPtr> session;
};

CallerPolicies callerPolicies(const CallerIdentity& caller,
                              const service::CredentialRegistry& registry);

}  // namespace awsemu::sts
