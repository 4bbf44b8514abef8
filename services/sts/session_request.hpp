#pragma once
// What AssumeRole and its siblings share: session policies and tags from the request, the
// caller's transitive tags, the trust policy check, and the credential they issue.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "awsemu/auth/credentials.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/iam/authorization_request.hpp"
#include "awsemu/service/principal_directory.hpp"

namespace awsemu::sts {

struct SessionOptions {
  std::vector<std::string> policies;  // documents: Policy, then PolicyArns' default versions
  std::vector<std::pair<std::string, std::string>> tags;  // session tags (with inherited ones)
  std::vector<std::string> transitive_tag_keys;
  std::optional<int> packed_percent;  // when the request had a Policy or Tags
};

// Policy (MalformedPolicyDocument), PolicyArns (must exist), Tags, TransitiveTagKeys; the
// caller's transitive session tags carry over (role chaining).
SessionOptions sessionOptions(const Json& input, const std::string& account_id,
                              const service::PrincipalDirectory* directory,
                              const std::optional<auth::Credential>& caller);

// The request keys of the session's tags (aws:RequestTag/<k>, aws:TagKeys,
// sts:TransitiveTagKeys).
void addTagKeys(iam::ContextKeys& context, const SessionOptions& options);

// Whether the role's trust policy (with the caller's identity policies, boundary and session
// policies) allows `action` for the caller.
bool trustAllows(const service::RoleRecord& role, const iam::Principal& principal,
                 const std::vector<iam::PolicyPtr>& identity, const iam::PolicyPtr& boundary,
                 const std::vector<iam::PolicyPtr>& session, const std::string& action,
                 const iam::ContextKeys& context);

// The role a RoleArn names (its path included), or nullopt.
std::optional<service::RoleRecord> roleFor(const service::PrincipalDirectory* directory,
                                           const std::string& role_arn);

// Role tags overridden by session tags (session tags win, keys ignore case).
std::vector<std::pair<std::string, std::string>> mergeTags(
    const std::vector<std::pair<std::string, std::string>>& base,
    const std::vector<std::pair<std::string, std::string>>& overriding);

}  // namespace awsemu::sts
