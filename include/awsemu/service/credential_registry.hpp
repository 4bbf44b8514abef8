#pragma once
// Credentials awsemu issued (STS sessions, IAM access keys), shared by the services that
// issue them and the SigV4 verifier that checks signatures made with them. In memory, guarded by a
// reader/writer lock; each issuing service persists its own and re-publishes them at start-up.
#include <atomic>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "awsemu/auth/credentials.hpp"
#include "awsemu/service/principal_directory.hpp"

namespace awsemu::service {

class CredentialRegistry : public auth::CredentialStore {
 public:
  // `issuer` is the service that owns the credential ("sts", "iam").
  void put(const auth::Credential& credential, std::string issuer);
  void remove(std::string_view access_key_id);
  void removeIssuedBy(std::string_view issuer);
  std::optional<auth::Credential> find(std::string_view access_key_id) const override;
  // Every credential `issuer` published (IAM refreshes its users' keys when their tags change).
  std::vector<auth::Credential> issuedBy(std::string_view issuer) const;

  // IAM's principals (principal_directory.hpp), published by the IAM service while it runs.
  void setDirectory(PrincipalDirectory* directory) { directory_.store(directory); }
  PrincipalDirectory* directory() const { return directory_.load(); }

 private:
  struct Entry {
    auth::Credential credential;
    std::string issuer;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::atomic<PrincipalDirectory*> directory_{nullptr};
};

}  // namespace awsemu::service
