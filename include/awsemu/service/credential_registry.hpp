#pragma once
// Credentials awsemu issued (STS sessions now; IAM access keys later), shared by the services that
// issue them and the SigV4 verifier that checks signatures made with them. In memory, guarded by a
// reader/writer lock; each issuing service persists its own and re-publishes them at start-up.
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "awsemu/auth/credentials.hpp"

namespace awsemu::service {

class CredentialRegistry : public auth::CredentialStore {
 public:
  // `issuer` is the service that owns the credential ("sts", "iam").
  void put(const auth::Credential& credential, std::string issuer);
  void remove(std::string_view access_key_id);
  void removeIssuedBy(std::string_view issuer);
  std::optional<auth::Credential> find(std::string_view access_key_id) const override;

 private:
  struct Entry {
    auth::Credential credential;
    std::string issuer;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace awsemu::service
