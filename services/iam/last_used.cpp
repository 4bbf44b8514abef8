// Last use of access keys (GetAccessKeyLastUsed, the credential report) and roles (RoleLastUsed):
// the gateway notes each authenticated request in the CredentialRegistry, in memory; IAM merges
// it into its entities when an answer shows it, and at stop(), so it is written at most once per
// such answer rather than once per request.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyLastUsed.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html
#include "awsemu/service/credential_registry.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {

void IamService::syncKeyUsage(const Account& account, User& user) {
  if (!credentials_) return;
  bool changed = false;
  for (auto& key : user.keys) {
    auto usage = credentials_->lastUse(key.id);
    if (!usage || usage->when <= key.last_used) continue;
    key.last_used = usage->when;
    key.last_service = usage->service;
    key.last_region = usage->region;
    changed = true;
  }
  if (changed) state_.save(account, user);
}

void IamService::syncRoleUsage(const Account& account, Role& role) {
  if (!credentials_) return;
  auto usage = credentials_->roleLastUse(account.id, role.name);
  if (!usage || usage->when <= role.last_used) return;
  role.last_used = usage->when;
  role.last_used_region = usage->region;
  state_.save(account, role);
}

void IamService::syncUsage(Account& account) {
  for (auto& [key, user] : account.users) syncKeyUsage(account, user);
  for (auto& [key, role] : account.roles) syncRoleUsage(account, role);
}

}  // namespace awsemu::iam_service
