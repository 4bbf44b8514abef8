#pragma once
// What other parts of awsemu ask IAM about its principals: STS (roles to assume, their trust
// policies), and the authorisation stage (a principal's identity policies, boundary and tags).
// The IAM service implements it and publishes itself in the CredentialRegistry
// (credential_registry.hpp) at start-up; nullptr there means IAM is not running.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awsemu/core/strings.hpp"

namespace awsemu::service {

using TagList = std::vector<std::pair<std::string, std::string>>;

struct RoleRecord {
  std::string account_id, name, id, arn, path;
  std::string trust_policy;  // the AssumeRolePolicyDocument as stored
  std::string boundary;      // permissions boundary policy ARN, empty if none
  int max_session_duration = 3600;
  TagList tags;
};

// The policies that apply to a principal, as documents (JSON text).
struct PrincipalPolicies {
  std::vector<std::string> identity;    // inline, attached, and (users) their groups'
  std::optional<std::string> boundary;  // the boundary's document
  TagList tags;
};

// aws:PrincipalTag of a role session's requests: its session tags (with inherited transitive
// ones), then the role's tags as they are now for the keys they do not set (session tags
// override role tags, keys compare case-insensitively), like the role's policies and boundary.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
inline TagList sessionPrincipalTags(const TagList& session, const TagList& role) {
  TagList out = session;
  for (const auto& [key, value] : role) {
    bool overridden = false;
    for (const auto& tag : session) overridden = overridden || strings::iequals(tag.first, key);
    if (!overridden) out.emplace_back(key, value);
  }
  return out;
}

class PrincipalDirectory {
 public:
  virtual ~PrincipalDirectory() = default;
  virtual std::optional<RoleRecord> findRole(std::string_view account_id,
                                             std::string_view role_name) const = 0;
  // RoleLastUsed (GetRole): a session of the role was created.
  virtual void noteRoleUsed(std::string_view account_id, std::string_view role_name,
                            std::string_view region) = 0;
  // A managed policy's default document by ARN (session PolicyArns); nullopt if none.
  virtual std::optional<std::string> policyDocument(std::string_view account_id,
                                                    std::string_view policy_arn) const = 0;
  // For a user or role ARN (arn:aws:iam::<account>:user/<path><name>, role/...); nullopt if the
  // principal does not exist.
  virtual std::optional<PrincipalPolicies> policiesOf(std::string_view principal_arn) const = 0;

  // Changes after every write that can change what policiesOf answers or which keys exist (the
  // authorisation stage caches callers built at one generation). Writers call noteChanged()
  // after the change is made, so a reader that saw the new generation also sees the change.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 protected:
  void noteChanged() { generation_.fetch_add(1, std::memory_order_acq_rel); }

 private:
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace awsemu::service
