#pragma once
// Credentials awsemu issued (STS sessions, IAM access keys), shared by the services that
// issue them and the SigV4 verifier that checks signatures made with them. In memory, guarded by a
// reader/writer lock; each issuing service persists its own and re-publishes them at start-up.
#include <atomic>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "awsemu/auth/credentials.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/service/principal_directory.hpp"

namespace awsemu {
struct RequestContext;
}

namespace awsemu::service {

// ENFORCE_IAM for requests whose caller a handler learns itself (an S3 browser POST is signed by
// the form's fields, not the request): the gateway publishes its authorisation stage here while
// enforcement is on.
class RequestAuthorizer {
 public:
  virtual ~RequestAuthorizer() = default;
  // Authorises `ctx.operation` of the service `ctx.service` with its decoded input, as the gateway
  // does for model operations; throws the service's AccessDenied (not in soft mode).
  virtual void authorizeRequest(const RequestContext& ctx, const Json& input) = 0;
};

class CredentialRegistry : public auth::CredentialStore {
 public:
  // `issuer` is the service that owns the credential ("sts", "iam").
  void put(const auth::Credential& credential, std::string issuer);
  void remove(std::string_view access_key_id);
  void removeIssuedBy(std::string_view issuer);
  std::optional<auth::Credential> find(std::string_view access_key_id) const override;
  // Every credential `issuer` published (IAM refreshes its users' keys when their tags change).
  std::vector<auth::Credential> issuedBy(std::string_view issuer) const;

  // Last use of credentials (GetAccessKeyLastUsed, RoleLastUsed): the gateway notes every
  // authenticated request here, in memory only; IAM reads it when it answers and persists it
  // lazily. Keys the registry does not know (account roots) are not tracked.
  struct Usage {
    double when = 0;  // epoch seconds
    std::string service, region;
  };
  // `caller_arn` "arn:aws:sts::<account>:assumed-role/<role>/<session>" also counts as a use of
  // the role.
  void noteUsed(std::string_view access_key_id, std::string_view caller_arn,
                std::string_view service, std::string_view region, double when);
  std::optional<Usage> lastUse(std::string_view access_key_id) const;
  std::optional<Usage> roleLastUse(std::string_view account_id, std::string_view role_name) const;

  // IAM's principals (principal_directory.hpp), published by the IAM service while it runs.
  void setDirectory(PrincipalDirectory* directory) { directory_.store(directory); }
  PrincipalDirectory* directory() const { return directory_.load(); }
  // The gateway's authorisation stage while ENFORCE_IAM is on; nullptr otherwise.
  void setAuthorizer(RequestAuthorizer* authorizer) { authorizer_.store(authorizer); }
  RequestAuthorizer* authorizer() const { return authorizer_.load(); }

 private:
  struct Entry {
    auth::Credential credential;
    std::string issuer;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  mutable std::mutex usage_mutex_;
  std::unordered_map<std::string, Usage> key_usage_;   // by access key id
  std::unordered_map<std::string, Usage> role_usage_;  // by "<account>/<lower-case role name>"
  std::atomic<PrincipalDirectory*> directory_{nullptr};
  std::atomic<RequestAuthorizer*> authorizer_{nullptr};
};

}  // namespace awsemu::service
