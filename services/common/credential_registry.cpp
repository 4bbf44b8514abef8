#include "awsemu/service/credential_registry.hpp"

#include <algorithm>
#include <mutex>

#include "awsemu/core/strings.hpp"

namespace awsemu::service {

void CredentialRegistry::put(const auth::Credential& credential, std::string issuer) {
  std::unique_lock lock(mutex_);
  entries_[credential.access_key_id] = Entry{credential, std::move(issuer)};
}

void CredentialRegistry::remove(std::string_view access_key_id) {
  std::unique_lock lock(mutex_);
  entries_.erase(std::string(access_key_id));
  std::lock_guard usage_lock(usage_mutex_);
  key_usage_.erase(std::string(access_key_id));
}

void CredentialRegistry::removeIssuedBy(std::string_view issuer) {
  std::unique_lock lock(mutex_);
  std::erase_if(entries_, [&](const auto& item) { return item.second.issuer == issuer; });
  if (issuer != "iam") return;
  std::lock_guard usage_lock(usage_mutex_);  // IAM reset: its keys and roles are gone
  key_usage_.clear();
  role_usage_.clear();
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

namespace {
// "arn:aws:sts::<account>:assumed-role/<role>/<session>" -> "<account>/<role, lower-case>"
std::string roleKeyOfSession(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:sts::";
  if (!arn.starts_with(kPrefix)) return {};
  auto colon = arn.find(':', kPrefix.size());
  if (colon == std::string_view::npos) return {};
  std::string_view resource = arn.substr(colon + 1);
  constexpr std::string_view kRole = "assumed-role/";
  if (!resource.starts_with(kRole)) return {};
  std::string_view role = resource.substr(kRole.size());
  role = role.substr(0, role.find('/'));
  return std::string(arn.substr(kPrefix.size(), colon - kPrefix.size())) + "/" +
         strings::toLower(role);
}
}  // namespace

void CredentialRegistry::noteUsed(std::string_view access_key_id, std::string_view caller_arn,
                                  std::string_view service, std::string_view region, double when) {
  bool iam_key = false;
  {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(std::string(access_key_id));
    if (it == entries_.end()) return;
    iam_key = it->second.issuer == "iam";
  }
  // Only IAM users' keys and roles are asked about, so STS session keys (many, short-lived) are
  // not kept.
  std::string role = iam_key ? std::string() : roleKeyOfSession(caller_arn);
  if (!iam_key && role.empty()) return;
  std::lock_guard lock(usage_mutex_);
  auto& usage = iam_key ? key_usage_[std::string(access_key_id)] : role_usage_[role];
  usage.when = when;
  if (usage.service != service) usage.service = service;
  if (usage.region != region) usage.region = region;
}

std::optional<CredentialRegistry::Usage> CredentialRegistry::lastUse(
    std::string_view access_key_id) const {
  std::lock_guard lock(usage_mutex_);
  auto it = key_usage_.find(std::string(access_key_id));
  if (it == key_usage_.end()) return std::nullopt;
  return it->second;
}

std::optional<CredentialRegistry::Usage> CredentialRegistry::roleLastUse(
    std::string_view account_id, std::string_view role_name) const {
  std::lock_guard lock(usage_mutex_);
  auto it = role_usage_.find(std::string(account_id) + "/" + strings::toLower(role_name));
  if (it == role_usage_.end()) return std::nullopt;
  return it->second;
}

}  // namespace awsemu::service
