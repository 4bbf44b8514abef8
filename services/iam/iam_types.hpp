#pragma once
// The IAM entities of one account, as stored: plain structs, serialised to JSON for the store
// (one row per entity, see iam_store.hpp). Times are epoch seconds. Names are unique per account
// ignoring case (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), so
// every map is keyed by the lower-cased name and the entity keeps its spelling.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"

namespace awsemu::iam_service {

struct Tag {
  std::string Key, Value;
};
using Tags = std::vector<Tag>;
using InlinePolicies = std::map<std::string, std::string>;  // name -> document (as given)

struct AccessKey {
  std::string id, secret, status = "Active";
  double created = 0;
  double last_used = 0;  // 0: never
  std::string last_service, last_region;
};

struct LoginProfile {
  double created = 0;
  bool password_reset_required = false;
  std::string password;
};

// SSH keys (CodeCommit), X.509 signing certificates and service-specific credentials of a user.
struct UserCredential {
  std::string id, body, status = "Active";
  std::string fingerprint;                      // SSH keys
  std::string service, service_user, password;  // service-specific credentials
  double created = 0;
};

struct User {
  std::string name, id, path = "/", arn;
  double created = 0;
  double password_last_used = 0;
  std::string boundary;  // permissions boundary policy ARN
  Tags tags;
  InlinePolicies policies;
  std::vector<std::string> attached;  // managed policy ARNs, in attach order
  std::vector<AccessKey> keys;
  std::optional<LoginProfile> login;
  std::vector<UserCredential> ssh_keys, signing_certificates, service_credentials;
};

struct Group {
  std::string name, id, path = "/", arn;
  double created = 0;
  InlinePolicies policies;
  std::vector<std::string> attached;
  std::vector<std::string> users;  // member user names (their spelling)
};

struct Role {
  std::string name, id, path = "/", arn;
  double created = 0;
  std::string trust_policy, description, boundary;
  int max_session_duration = 3600;
  Tags tags;
  InlinePolicies policies;
  std::vector<std::string> attached;
  double last_used = 0;
  std::string last_used_region;
};

struct PolicyVersion {
  std::string id;  // "v1"
  std::string document;
  double created = 0;
};

struct ManagedPolicy {
  std::string name, id, path = "/", arn, description;
  double created = 0, updated = 0;
  std::vector<PolicyVersion> versions;
  std::string default_version = "v1";
  int next_version = 2;
  Tags tags;
  const PolicyVersion* version(const std::string& version_id) const;
  const PolicyVersion& defaultVersion() const;
};

struct InstanceProfile {
  std::string name, id, path = "/", arn;
  double created = 0;
  std::vector<std::string> roles;  // role names (at most one, as AWS allows)
  Tags tags;
};

struct OidcProvider {
  std::string url, arn;
  std::vector<std::string> client_ids, thumbprints;
  double created = 0;
  Tags tags;
};

struct SamlProvider {
  std::string name, arn, metadata;
  double created = 0, valid_until = 0;
  Tags tags;
};

struct ServerCertificate {
  std::string name, id, path = "/", arn, body, chain;
  double uploaded = 0, expiration = 0;
  Tags tags;
};

// A virtual MFA device
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html).
struct MfaDevice {
  std::string serial, name, path = "/";
  std::string seed;                 // base32 TOTP secret
  double created = 0, enabled = 0;  // enabled: 0 while unassigned
  std::string user;                 // the user it is assigned to
  Tags tags;
};

// Settings of the account itself.
struct AccountSettings {
  std::vector<std::string> aliases;
  std::optional<Json> password_policy;    // the PasswordPolicy structure as answered
  double report_generated = 0;            // 0: no credential report
  int global_endpoint_token_version = 1;  // SetSecurityTokenServicePreferences: v1Token/v2Token
};

void to_json(Json& j, const Tag& v);
void from_json(const Json& j, Tag& v);
void to_json(Json& j, const AccessKey& v);
void from_json(const Json& j, AccessKey& v);
void to_json(Json& j, const LoginProfile& v);
void from_json(const Json& j, LoginProfile& v);
void to_json(Json& j, const UserCredential& v);
void from_json(const Json& j, UserCredential& v);
void to_json(Json& j, const User& v);
void from_json(const Json& j, User& v);
void to_json(Json& j, const Group& v);
void from_json(const Json& j, Group& v);
void to_json(Json& j, const Role& v);
void from_json(const Json& j, Role& v);
void to_json(Json& j, const PolicyVersion& v);
void from_json(const Json& j, PolicyVersion& v);
void to_json(Json& j, const ManagedPolicy& v);
void from_json(const Json& j, ManagedPolicy& v);
void to_json(Json& j, const InstanceProfile& v);
void from_json(const Json& j, InstanceProfile& v);
void to_json(Json& j, const OidcProvider& v);
void from_json(const Json& j, OidcProvider& v);
void to_json(Json& j, const SamlProvider& v);
void from_json(const Json& j, SamlProvider& v);
void to_json(Json& j, const ServerCertificate& v);
void from_json(const Json& j, ServerCertificate& v);
void to_json(Json& j, const MfaDevice& v);
void from_json(const Json& j, MfaDevice& v);
void to_json(Json& j, const AccountSettings& v);
void from_json(const Json& j, AccountSettings& v);

}  // namespace awsemu::iam_service
