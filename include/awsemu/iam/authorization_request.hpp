#pragma once
// What the evaluator is asked: who (the principal), what (action), on what (resource ARN), in
// which circumstances (context keys), and under which policies.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-reqcontext
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awsemu/iam/policy.hpp"

namespace awsemu::iam {

enum class PrincipalType {
  Anonymous,      // unsigned request: only a resource policy naming "*" can allow it
  Root,           // the account's root user: allowed everything in its own account
  User,           // an IAM user
  AssumedRole,    // a role session (AssumeRole*)
  FederatedUser,  // a GetFederationToken session
  Federated,      // a web identity or SAML provider (the caller of AssumeRoleWith*)
  Service,        // an AWS service principal ("sns.amazonaws.com") delivering on someone's behalf
};

// The caller. Build it once per credential (the registry can cache it) and reuse it.
struct Principal {
  PrincipalType type = PrincipalType::Root;
  std::string account_id;
  // Root: arn:aws:iam::<acct>:root; User: arn:aws:iam::<acct>:user/<path><name>;
  // AssumedRole: arn:aws:sts::<acct>:assumed-role/<role>/<session>;
  // FederatedUser: arn:aws:sts::<acct>:federated-user/<name>.
  std::string arn;
  std::string user_id;   // aws:userid: "AIDA...", "AROA...:session", the account id for root
  std::string username;  // aws:username: IAM users only
  // AssumedRole: arn:aws:iam::<acct>:role/<path><name>, so resource policies naming the role
  // match its sessions (aws:PrincipalArn is this ARN for role sessions).
  std::string role_arn;
  // FederatedUser: the IAM user that called GetFederationToken (resource policies naming it).
  std::string source_user_arn;
  std::string service;             // Service: "sqs.amazonaws.com"
  std::string federated_provider;  // Federated: "cognito-identity.amazonaws.com" or provider ARN
  std::string canonical_user_id;   // S3 canonical user id, when known
  // aws:PrincipalTag/<key>: user or role tags, overridden by session tags. Keys compare
  // case-insensitively, values as written.
  std::vector<std::pair<std::string, std::string>> tags;

  static Principal root(std::string account_id);
  static Principal anonymous();
  static Principal user(std::string account_id, std::string name, std::string user_id,
                        std::string path = "/");
  // role_path "/" for roles without a path.
  static Principal assumedRole(std::string account_id, std::string role_name,
                               std::string session_name, std::string role_id,
                               std::string role_path = "/");
  static Principal federatedUser(std::string account_id, std::string name,
                                 std::string source_user_arn);
  static Principal servicePrincipal(std::string service);
  // From a caller's ARN as the credential registry knows it (root, user, assumed-role session,
  // federated user); user_id is aws:userid. A session ARN does not carry its role's path, so
  // role_arn is built without one: set it when the role has a path. nullopt for other ARNs.
  static std::optional<Principal> fromArn(std::string_view arn, std::string user_id = {});
};

// Condition keys of the request, each with one or more values. Key names compare
// case-insensitively (as AWS does); values are kept as given. The principal's keys
// (aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
// aws:PrincipalTag/*, aws:PrincipalIsAWSService, aws:PrincipalServiceName) and
// aws:ResourceAccount need not be added: the evaluator derives them from the Principal unless
// set here.
class ContextKeys {
 public:
  void set(std::string_view key, std::string value);
  void set(std::string_view key, std::vector<std::string> values);
  void add(std::string_view key, std::string value);  // appends to a multi-valued key
  void erase(std::string_view key);
  void reserve(std::size_t keys) { entries_.reserve(keys); }  // room for this many keys
  // nullptr when the key is absent.
  const std::vector<std::string>* find(std::string_view key) const;
  bool empty() const { return entries_.empty(); }

  struct Entry {
    std::string key;  // lower case
    std::vector<std::string> values;
  };
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

// One authorisation question. Non-owning: everything it points to must outlive the call, which
// keeps a decision free of copies.
struct AuthorizationRequest {
  const Principal* principal = nullptr;
  std::string_view action;    // "s3:GetObject" (any case)
  std::string_view resource;  // the resource ARN, or "*" for actions without a resource
  // The account that owns the resource; empty means the principal's own account.
  std::string_view resource_account;
  const ContextKeys* context = nullptr;  // may be null

  // The principal's identity-based policies (user + its groups' policies, or the role's).
  std::span<const PolicyPtr> identity_policies;
  const Policy* permissions_boundary = nullptr;  // null: no boundary
  // Session policies of an assumed-role or federated session (inline Policy and PolicyArns);
  // empty: the session has none and nothing caps it.
  std::span<const PolicyPtr> session_policies;
  const Policy* resource_policy = nullptr;  // bucket/queue/topic/trust policy; null: none
  // True where the resource policy alone must allow even within the account (role trust
  // policies, KMS key policies).
  bool resource_policy_required = false;
};

}  // namespace awsemu::iam
