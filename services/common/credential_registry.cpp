#include "awsemu/service/credential_registry.hpp"

#include <algorithm>
#include <mutex>

namespace awsemu::service {

void CredentialRegistry::put(const auth::Credential& credential, std::string issuer) {
  std::unique_lock lock(mutex_);
  entries_[credential.access_key_id] = Entry{credential, std::move(issuer)};
}

void CredentialRegistry::remove(std::string_view access_key_id) {
  std::unique_lock lock(mutex_);
  entries_.erase(std::string(access_key_id));
}

void CredentialRegistry::removeIssuedBy(std::string_view issuer) {
  std::unique_lock lock(mutex_);
  std::erase_if(entries_, [&](const auto& item) { return item.second.issuer == issuer; });
}

std::optional<auth::Credential> CredentialRegistry::find(std::string_view access_key_id) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(std::string(access_key_id));
  if (it == entries_.end()) return std::nullopt;
  return it->second.credential;
}

std::vector<auth::Credential> CredentialRegistry::issuedBy(std::string_view issuer) const {
  std::shared_lock lock(mutex_);
  std::vector<auth::Credential> out;
  for (const auto& [key, entry] : entries_)
    if (entry.issuer == issuer) out.push_back(entry.credential);
  return out;
}

}  // namespace awsemu::service
