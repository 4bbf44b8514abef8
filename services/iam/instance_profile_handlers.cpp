// Instance profiles:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
#include <algorithm>

#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

bool holds(const InstanceProfile& profile, const std::string& role_name) {
  auto key = IamState::keyOf(role_name);
  return std::any_of(profile.roles.begin(), profile.roles.end(),
                     [&](const std::string& r) { return IamState::keyOf(r) == key; });
}

}  // namespace

void IamService::registerInstanceProfileHandlers() {
  onAccount("CreateInstanceProfile", [this](Account& account, RequestContext& ctx, const Json& in) {
    std::string name = in.at("InstanceProfileName");
    std::string key = IamState::keyOf(name);
    if (account.instance_profiles.contains(key))
      throw errors::entityAlreadyExists("Instance Profile " + name + " already exists.");
    InstanceProfile profile;
    profile.name = name;
    profile.path = in.value("Path", "/");
    profile.id = ids::awsId("AIPA");
    profile.arn = entityArn(account.id, "instance-profile", profile.path, name);
    profile.created = toEpochSeconds(ctx.now());
    profile.tags = tagsFrom(in);
    Json out = instanceProfileJson(account, profile);
    state_.save(account, account.instance_profiles[key] = std::move(profile));
    return Json{{"InstanceProfile", out}};
  });

  onAccount("GetInstanceProfile", [](Account& account, RequestContext&, const Json& in) {
    return Json{{"InstanceProfile",
                 instanceProfileJson(account,
                                     instanceProfileNamed(account, in.at("InstanceProfileName")))}};
  });

  onAccount("ListInstanceProfiles", [](Account& account, RequestContext&, const Json& in) {
    std::vector<Json> items;
    for (const auto& [k, profile] : account.instance_profiles)
      if (pathMatches(in, profile.path)) items.push_back(instanceProfileJson(account, profile));
    return paginate(std::move(items), in, "InstanceProfiles");
  });

  onAccount("ListInstanceProfilesForRole", [](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    std::vector<Json> items;
    for (const auto& [k, profile] : account.instance_profiles)
      if (holds(profile, role.name)) items.push_back(instanceProfileJson(account, profile));
    return paginate(std::move(items), in, "InstanceProfiles");
  });

  onAccount("DeleteInstanceProfile", [this](Account& account, RequestContext&, const Json& in) {
    InstanceProfile& profile = instanceProfileNamed(account, in.at("InstanceProfileName"));
    if (!profile.roles.empty())
      throw errors::deleteConflict(
          "Cannot delete entity, must remove roles from instance profile first.");
    std::string key = IamState::keyOf(profile.name);
    account.instance_profiles.erase(key);
    state_.drop(account, kInstanceProfile, key);
    return Json::object();
  });

  // An instance profile holds one role
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
  onAccount("AddRoleToInstanceProfile", [this](Account& account, RequestContext&, const Json& in) {
    InstanceProfile& profile = instanceProfileNamed(account, in.at("InstanceProfileName"));
    Role& role = roleNamed(account, in.at("RoleName"));
    if (holds(profile, role.name))
      throw errors::entityAlreadyExists("The role with name " + role.name +
                                        " already exists in instance profile " + profile.name +
                                        ".");
    if (!profile.roles.empty())
      throw errors::quotaExceeded("InstanceSessionsPerInstanceProfile", 1);
    profile.roles.push_back(role.name);
    state_.save(account, profile);
    return Json::object();
  });

  onAccount("RemoveRoleFromInstanceProfile", [this](Account& account, RequestContext&,
                                                    const Json& in) {
    InstanceProfile& profile = instanceProfileNamed(account, in.at("InstanceProfileName"));
    std::string role = in.at("RoleName");
    if (!holds(profile, role))
      throw errors::noSuchEntity("The role with name " + role +
                                 " cannot be found in instance profile " + profile.name + ".");
    auto key = IamState::keyOf(role);
    std::erase_if(profile.roles, [&](const std::string& r) { return IamState::keyOf(r) == key; });
    state_.save(account, profile);
    return Json::object();
  });
}

}  // namespace awsemu::iam_service
