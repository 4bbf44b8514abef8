#include "services/iam/iam_state.hpp"

#include "awsemu/core/strings.hpp"

namespace awsemu::iam_service {

std::string IamState::keyOf(const std::string& name) { return strings::toLower(name); }

Account& IamState::account(const std::string& id) {
  auto [it, inserted] = accounts_.try_emplace(id);
  if (inserted) it->second.id = id;
  return it->second;
}

void IamState::attachStore(std::unique_ptr<IamStore> store) { store_ = std::move(store); }

namespace {
template <class T>
void put(std::map<std::string, T>& map, const std::string& key, const Json& doc) {
  map[key] = doc.get<T>();
}
}  // namespace

void IamState::load() {
  if (!store_) return;
  store_->forEach([this](const std::string& id, const std::string& kind, const std::string& key,
                         const Json& doc) {
    Account& a = account(id);
    if (kind == kUser) put(a.users, key, doc);
    if (kind == kGroup) put(a.groups, key, doc);
    if (kind == kRole) put(a.roles, key, doc);
    if (kind == kPolicy) put(a.policies, key, doc);
    if (kind == kInstanceProfile) put(a.instance_profiles, key, doc);
    if (kind == kOidc) put(a.oidc_providers, key, doc);
    if (kind == kSaml) put(a.saml_providers, key, doc);
    if (kind == kCertificate) put(a.certificates, key, doc);
    if (kind == kMfa) put(a.mfa_devices, key, doc);
    if (kind == kSettings) a.settings = doc.get<AccountSettings>();
  });
}

void IamState::clear() {
  accounts_.clear();
  if (store_) store_->clear();
}

}  // namespace awsemu::iam_service
