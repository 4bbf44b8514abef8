// Account-level settings: aliases, the password policy and the account summary.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
#include <algorithm>

#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

// The password policy as GetAccountPasswordPolicy answers it: the request's settings with IAM's
// defaults for the ones left out.
Json passwordPolicyFrom(const Json& in) {
  Json policy = {{"MinimumPasswordLength", in.value("MinimumPasswordLength", 8)},
                 {"RequireSymbols", in.value("RequireSymbols", false)},
                 {"RequireNumbers", in.value("RequireNumbers", false)},
                 {"RequireUppercaseCharacters", in.value("RequireUppercaseCharacters", false)},
                 {"RequireLowercaseCharacters", in.value("RequireLowercaseCharacters", false)},
                 {"AllowUsersToChangePassword", in.value("AllowUsersToChangePassword", false)},
                 {"HardExpiry", in.value("HardExpiry", false)}};
  if (in.contains("MaxPasswordAge")) {
    policy["MaxPasswordAge"] = in["MaxPasswordAge"];
    policy["ExpirePasswords"] = in["MaxPasswordAge"].get<int>() > 0;
  } else {
    policy["ExpirePasswords"] = false;
  }
  if (in.contains("PasswordReusePrevention"))
    policy["PasswordReusePrevention"] = in["PasswordReusePrevention"];
  return policy;
}

Json summaryMap(const Account& a) {
  std::size_t versions = 0, keys = 0, inline_policies = 0;
  for (const auto& [k, p] : a.policies) versions += p.versions.size();
  for (const auto& [k, u] : a.users) keys += u.keys.size();
  for (const auto& [k, u] : a.users) inline_policies += u.policies.size();
  auto count = [](std::size_t n) { return static_cast<int>(n); };
  // Quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
  return {{"Users", count(a.users.size())},
          {"UsersQuota", 5000},
          {"Groups", count(a.groups.size())},
          {"GroupsQuota", 300},
          {"Roles", count(a.roles.size())},
          {"RolesQuota", 1000},
          {"Policies", count(a.policies.size())},
          {"PoliciesQuota", 1500},
          {"PolicyVersionsInUse", count(versions)},
          {"PolicyVersionsInUseQuota", 10000},
          {"InstanceProfiles", count(a.instance_profiles.size())},
          {"InstanceProfilesQuota", 1000},
          {"ServerCertificates", count(a.certificates.size())},
          {"ServerCertificatesQuota", 20},
          {"Providers", count(a.oidc_providers.size() + a.saml_providers.size())},
          {"MFADevices", count(a.mfa_devices.size())},
          {"MFADevicesInUse",
           count(std::count_if(a.mfa_devices.begin(), a.mfa_devices.end(),
                               [](const auto& d) { return !d.second.user.empty(); }))},
          {"AccountMFAEnabled", 0},
          {"AccountAccessKeysPresent", 0},
          {"AccountPasswordPresent", 0},
          {"AccountSigningCertificatesPresent", 0},
          {"AttachedPoliciesPerUserQuota", 10},
          {"AttachedPoliciesPerGroupQuota", 10},
          {"AttachedPoliciesPerRoleQuota", 10},
          {"PolicySizeQuota", 6144},
          {"UserPolicySizeQuota", 2048},
          {"GroupPolicySizeQuota", 5120},
          {"RolePolicySizeQuota", 10240},
          {"AssumeRolePolicySizeQuota", 2048},
          {"VersionsPerPolicyQuota", 5},
          {"GroupsPerUserQuota", 10},
          {"AccessKeysPerUserQuota", 2},
          {"SigningCertificatesPerUserQuota", 2},
          {"GlobalEndpointTokenVersion", a.settings.global_endpoint_token_version}};
}

}  // namespace

void IamService::registerAccountHandlers() {
  onAccount("CreateAccountAlias", [this](Account& account, RequestContext&, const Json& in) {
    std::string alias = in.at("AccountAlias");
    for (const auto& [id, other] : state_.accounts())
      if (id != account.id &&
          std::count(other.settings.aliases.begin(), other.settings.aliases.end(), alias))
        throw errors::entityAlreadyExists("The account alias " + alias + " already exists.");
    auto& aliases = account.settings.aliases;
    if (std::count(aliases.begin(), aliases.end(), alias)) return Json::object();
    if (!aliases.empty()) throw errors::quotaExceeded("AccountAliasesPerAccount", 1);
    aliases.push_back(alias);
    state_.saveSettings(account);
    return Json::object();
  });

  onAccount("DeleteAccountAlias", [this](Account& account, RequestContext&, const Json& in) {
    std::string alias = in.at("AccountAlias");
    if (!std::erase(account.settings.aliases, alias))
      throw errors::noSuchEntity("The account alias " + alias + " cannot be found.");
    state_.saveSettings(account);
    return Json::object();
  });

  onAccount("ListAccountAliases", [](Account& account, RequestContext&, const Json& in) {
    std::vector<Json> items(account.settings.aliases.begin(), account.settings.aliases.end());
    return paginate(std::move(items), in, "AccountAliases");
  });

  onAccount("UpdateAccountPasswordPolicy",
            [this](Account& account, RequestContext&, const Json& in) {
              account.settings.password_policy = passwordPolicyFrom(in);
              state_.saveSettings(account);
              return Json::object();
            });

  onAccount("GetAccountPasswordPolicy", [](Account& account, RequestContext&, const Json&) {
    if (!account.settings.password_policy)
      throw errors::noSuchEntity("The Password Policy with domain name " + account.id +
                                 " cannot be found.");
    return Json{{"PasswordPolicy", *account.settings.password_policy}};
  });

  onAccount("DeleteAccountPasswordPolicy", [this](Account& account, RequestContext&, const Json&) {
    if (!account.settings.password_policy)
      throw errors::noSuchEntity("The account policy with name PasswordPolicy cannot be found.");
    account.settings.password_policy.reset();
    state_.saveSettings(account);
    return Json::object();
  });

  onAccount("SetSecurityTokenServicePreferences",
            [this](Account& account, RequestContext&, const Json& in) {
              account.settings.global_endpoint_token_version =
                  in.at("GlobalEndpointTokenVersion").get<std::string>() == "v2Token" ? 2 : 1;
              state_.saveSettings(account);
              return Json::object();
            });

  onAccount("GetAccountSummary", [](Account& account, RequestContext&, const Json&) {
    return Json{{"SummaryMap", summaryMap(account)}};
  });
}

}  // namespace awsemu::iam_service
