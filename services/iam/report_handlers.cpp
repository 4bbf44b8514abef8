// The credential report and GetAccountAuthorizationDetails:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
#include <algorithm>

#include "awsemu/core/time.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

std::string isoOrNa(double t, const char* none = "N/A") {
  return t > 0 ? timefmt::iso8601(t) + "+00:00" : none;
}

// One CSV row per user after the root account's, in the columns AWS documents.
std::string credentialReport(const Account& a) {
  std::string csv =
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
      "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
      "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
      "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
      "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";
  csv += "<root_account>,arn:aws:iam::" + a.id +
         ":root,N/A,not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,"
         "N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";
  for (const auto& [k, u] : a.users) {
    csv += u.name + "," + u.arn + "," + isoOrNa(u.created) + ",";
    csv += std::string(u.login ? "true" : "false") + "," +
           isoOrNa(u.password_last_used, u.login ? "no_information" : "N/A") + "," +
           (u.login ? isoOrNa(u.login->created) : "N/A") + ",N/A,false";
    for (std::size_t i = 0; i < 2; ++i) {
      if (i < u.keys.size()) {
        const auto& key = u.keys[i];
        csv += std::string(",") + (key.status == "Active" ? "true" : "false") + "," +
               isoOrNa(key.created) + "," + isoOrNa(key.last_used) + "," +
               (key.last_region.empty() ? "N/A" : key.last_region) + "," +
               (key.last_service.empty() ? "N/A" : key.last_service);
      } else {
        csv += ",false,N/A,N/A,N/A,N/A";
      }
    }
    csv += ",false,N/A,false,N/A\n";
  }
  return csv;
}

Json inlineList(const InlinePolicies& policies) {
  Json out = Json::array();
  for (const auto& [name, doc] : policies)
    out.push_back({{"PolicyName", name}, {"PolicyDocument", encodeDocument(doc)}});
  return out;
}

Json userDetail(const Account& a, const User& u) {
  Json out = userJson(u, true);
  out["UserPolicyList"] = inlineList(u.policies);
  out["AttachedManagedPolicies"] = attachedJson(u.attached);
  Json groups = Json::array();
  for (const auto& [k, g] : a.groups)
    if (std::find(g.users.begin(), g.users.end(), u.name) != g.users.end())
      groups.push_back(g.name);
  out["GroupList"] = groups;
  return out;
}

Json roleDetail(const Account& a, const Role& r) {
  Json out = roleJson(r, true);
  out["RolePolicyList"] = inlineList(r.policies);
  out["AttachedManagedPolicies"] = attachedJson(r.attached);
  Json profiles = Json::array();
  for (const auto& [k, p] : a.instance_profiles)
    if (std::find(p.roles.begin(), p.roles.end(), r.name) != p.roles.end())
      profiles.push_back(instanceProfileJson(a, p));
  out["InstanceProfileList"] = profiles;
  return out;
}

Json policyDetail(const Account& a, const ManagedPolicy& p) {
  Json out = policyJson(p, attachmentCount(a, p.arn), true);
  out.erase("Tags");
  Json versions = Json::array();
  for (const auto& v : p.versions)
    versions.push_back(versionJson(v, v.id == p.default_version, true));
  out["PolicyVersionList"] = versions;
  return out;
}

Json authorizationDetails(const Account& a, const Json& in) {
  std::vector<std::string> filter;
  if (in.contains("Filter"))
    for (const auto& f : in["Filter"]) filter.push_back(f);
  auto wanted = [&](const char* kind) {
    return filter.empty() || std::find(filter.begin(), filter.end(), kind) != filter.end();
  };
  Json users = Json::array(), groups = Json::array(), roles = Json::array(),
       policies = Json::array();
  if (wanted("User"))
    for (const auto& [k, u] : a.users) users.push_back(userDetail(a, u));
  if (wanted("Group"))
    for (const auto& [k, g] : a.groups) {
      Json group = groupJson(g);
      group["GroupPolicyList"] = inlineList(g.policies);
      group["AttachedManagedPolicies"] = attachedJson(g.attached);
      groups.push_back(group);
    }
  if (wanted("Role"))
    for (const auto& [k, r] : a.roles) roles.push_back(roleDetail(a, r));
  if (wanted("LocalManagedPolicy"))
    for (const auto& [k, p] : a.policies) policies.push_back(policyDetail(a, p));
  if (wanted("AWSManagedPolicy"))  // the AWS managed policies in use in the account
    for (const auto& [arn, p] : awsManagedPolicies())
      if (attachmentCount(a, arn) > 0) policies.push_back(policyDetail(a, p));
  return {{"UserDetailList", users},
          {"GroupDetailList", groups},
          {"RoleDetailList", roles},
          {"Policies", policies},
          {"IsTruncated", false}};
}

}  // namespace

void IamService::registerReportHandlers() {
  // Reports are made at once: the first call answers STARTED, as IAM does, later ones COMPLETE.
  onAccount("GenerateCredentialReport", [this](Account& account, RequestContext& ctx, const Json&) {
    bool first = account.settings.report_generated == 0;
    account.settings.report_generated = toEpochSeconds(ctx.now());
    state_.saveSettings(account);
    if (first)
      return Json{{"State", "STARTED"},
                  {"Description", "No report exists. Starting a new report generation task"}};
    return Json{{"State", "COMPLETE"}};
  });

  onAccount("GetCredentialReport", [this](Account& account, RequestContext&, const Json&) {
    if (account.settings.report_generated == 0) throw errors::reportNotPresent();
    syncUsage(account);  // access_key_N_last_used_*
    return Json{{"Content", makeBlob(credentialReport(account))},
                {"ReportFormat", "text/csv"},
                {"GeneratedTime", account.settings.report_generated}};
  });

  onAccount("GetAccountAuthorizationDetails",
            [this](Account& account, RequestContext&, const Json& in) {
              syncUsage(account);  // RoleLastUsed
              return authorizationDetails(account, in);
            });
}

}  // namespace awsemu::iam_service
