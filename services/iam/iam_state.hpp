#pragma once
// All IAM entities of all accounts, in memory, behind one mutex; with PERSISTENCE=1 each change is
// also written to the IamStore. IAM is global: one namespace per account, whatever the region.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "services/iam/iam_store.hpp"
#include "services/iam/iam_types.hpp"

namespace awsemu::iam_service {

struct Account {
  std::string id;
  // Keyed by the lower-cased name (IAM names ignore case), iterated in that order (AWS lists
  // entities alphabetically).
  std::map<std::string, User> users;
  std::map<std::string, Group> groups;
  std::map<std::string, Role> roles;
  std::map<std::string, ManagedPolicy> policies;
  std::map<std::string, InstanceProfile> instance_profiles;
  std::map<std::string, OidcProvider> oidc_providers;  // keyed by ARN
  std::map<std::string, SamlProvider> saml_providers;
  std::map<std::string, ServerCertificate> certificates;
  std::map<std::string, MfaDevice> mfa_devices;  // keyed by serial number (ARN)
  AccountSettings settings;
  // GenerateServiceLastAccessedDetails jobs (not persisted: reports are recomputed on demand).
  std::map<std::string, Json> access_jobs;
};

// Store kinds (the `kind` column).
inline constexpr const char* kUser = "user";
inline constexpr const char* kGroup = "group";
inline constexpr const char* kRole = "role";
inline constexpr const char* kPolicy = "policy";
inline constexpr const char* kInstanceProfile = "instance-profile";
inline constexpr const char* kOidc = "oidc";
inline constexpr const char* kSaml = "saml";
inline constexpr const char* kCertificate = "certificate";
inline constexpr const char* kMfa = "mfa";
inline constexpr const char* kSettings = "settings";

class IamState {
 public:
  std::mutex& mutex() { return mutex_; }
  // The account's entities (created empty on first use). Caller holds mutex().
  Account& account(const std::string& id);
  std::map<std::string, Account>& accounts() { return accounts_; }

  void attachStore(std::unique_ptr<IamStore> store);
  IamStore* store() { return store_.get(); }
  std::unique_ptr<IamStore> releaseStore() { return std::move(store_); }
  // Reads every stored entity (start-up).
  void load();
  void clear();

  // Persistence of one entity (no-ops without a store). Caller holds mutex().
  template <class T>
  void save(const Account& account, const char* kind, const std::string& key, const T& entity) {
    if (store_) store_->put(account.id, kind, key, Json(entity));
  }
  void drop(const Account& account, const char* kind, const std::string& key) {
    if (store_) store_->remove(account.id, kind, key);
  }
  void save(const Account& a, const User& v) { save(a, kUser, keyOf(v.name), v); }
  void save(const Account& a, const Group& v) { save(a, kGroup, keyOf(v.name), v); }
  void save(const Account& a, const Role& v) { save(a, kRole, keyOf(v.name), v); }
  void save(const Account& a, const ManagedPolicy& v) { save(a, kPolicy, keyOf(v.name), v); }
  void save(const Account& a, const InstanceProfile& v) {
    save(a, kInstanceProfile, keyOf(v.name), v);
  }
  void saveSettings(const Account& a) { save(a, kSettings, "account", a.settings); }

  static std::string keyOf(const std::string& name);

 private:
  std::mutex mutex_;
  std::map<std::string, Account> accounts_;
  std::unique_ptr<IamStore> store_;
};

}  // namespace awsemu::iam_service
