#pragma once
// Who signs requests: the credential store the gateway provides, the verification mode, and the
// caller identity that authentication produces.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awsemu/core/time.hpp"

namespace awsemu::auth {

struct Credential {
  std::string access_key_id, secret_access_key, session_token, account_id, arn, user_id;
  std::optional<SystemTime> expiration;  // temporary credentials (STS) only
  // An IAM access key made Inactive (UpdateAccessKey) authenticates nothing.
  bool active = true;

  // What the authorisation stage needs about the principal behind the key (set by IAM and STS).
  // principal_type: "" (root), "user", "assumed-role", "federated-user".
  std::string principal_type;
  std::string principal_arn;   // the IAM user or role ARN (`arn` is the session's for roles)
  std::string principal_name;  // user, role or federated user name (aws:username for users)
  std::string source_identity;
  std::vector<std::pair<std::string, std::string>> tags;  // principal + session tags
  std::vector<std::string> transitive_tag_keys;
  std::vector<std::string> session_policies;  // documents: inline Policy, then PolicyArns'
  std::string permissions_boundary;           // the boundary policy's ARN when the principal has one
};

// Looks up access keys (IAM users' keys, STS sessions, the default root `test`/`test`).
// Implementations must be thread-safe: the verifier calls find() from every server thread.
class CredentialStore {
 public:
  virtual ~CredentialStore() = default;
  virtual std::optional<Credential> find(std::string_view access_key_id) const = 0;
};

// SIGV4_VERIFY: Off verifies nothing (the caller is still resolved), Known verifies keys the store
// knows and accepts unknown keys as the root of the account they name, Strict rejects unknown keys.
enum class VerifyMode { Off, Known, Strict };
// "off" / "known" / "strict" (any case; "0"/"false" mean off, "1"/"true" strict); nullopt
// otherwise.
std::optional<VerifyMode> parseVerifyMode(std::string_view text);

inline constexpr std::string_view kDefaultAccountId = "000000000000";
// The account an unknown access key belongs to: a 12-digit key id is the account id itself (as in
// LocalStack), anything else is the default account.
std::string accountForAccessKey(std::string_view access_key_id);

// The authenticated identity of a request, plus what aws-chunked verification needs later.
struct Caller {
  bool anonymous = false;
  std::string access_key_id, account_id, arn, user_id;
  std::string region, service;  // from the credential scope
  std::string session_token;
  bool known_key = false;           // the store knew the access key
  bool signature_verified = false;  // the request signature was checked against the secret
  bool body_hash_required = false;  // the gateway must call SigV4Verifier::verifyPayload

  // For aws-chunked chunk signatures (set when the signing key was derived).
  bool has_signing_key = false;
  std::array<unsigned char, 32> signing_key{};
  std::string seed_signature;  // the request signature, first link of the chunk chain
  std::string amz_date;        // "20130524T000000Z"
  std::string scope;           // "20130524/us-east-1/s3/aws4_request"
};

// The root identity of an account (ARN arn:aws:iam::<account>:root, user id = account id).
Caller rootCaller(std::string_view access_key_id, std::string_view account_id);

}  // namespace awsemu::auth
