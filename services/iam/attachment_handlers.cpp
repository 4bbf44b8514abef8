// Managed policies attached to users, groups and roles:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
#include <algorithm>

#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

// Managed policies per user, group or role (the default quota).
constexpr std::size_t kMaxAttached = 10;

void attach(Account& account, std::vector<std::string>& attached, const std::string& arn,
            const char* quota) {
  try {
    findPolicy(account, arn);
  } catch (const AwsError& error) {
    if (error.code != "NoSuchEntity") throw;
    throw errors::noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
  }
  if (std::find(attached.begin(), attached.end(), arn) != attached.end()) return;
  if (attached.size() >= kMaxAttached) throw errors::quotaExceeded(quota, kMaxAttached);
  attached.push_back(arn);
}

void detach(std::vector<std::string>& attached, const std::string& arn) {
  auto it = std::find(attached.begin(), attached.end(), arn);
  if (it == attached.end()) throw errors::noSuchEntity("Policy " + arn + " was not found.");
  attached.erase(it);
}

Json listAttached(const Account& account, const std::vector<std::string>& attached,
                  const Json& in) {
  std::vector<std::string> arns;
  for (const auto& arn : attached) {
    auto slash = arn.find(":policy/");
    std::string path = arn.substr(slash + 7, arn.rfind('/') - (slash + 7) + 1);
    if (pathMatches(in, path)) arns.push_back(arn);
  }
  Json members = attachedJson(arns);
  return paginate(std::vector<Json>(members.begin(), members.end()), in, "AttachedPolicies");
}

bool has(const std::vector<std::string>& list, const std::string& arn) {
  return std::find(list.begin(), list.end(), arn) != list.end();
}

Json entitiesForPolicy(Account& account, const Json& in) {
  const auto& policy = findPolicy(account, in.at("PolicyArn"));
  std::string filter = in.value("EntityFilter", "");
  bool boundary = in.value("PolicyUsageFilter", "") == "PermissionsBoundary";
  auto wanted = [&](const char* kind) { return filter.empty() || filter == kind; };
  auto uses = [&](const std::vector<std::string>& attached, const std::string& bound) {
    return boundary ? bound == policy.arn : has(attached, policy.arn);
  };
  Json groups = Json::array(), users = Json::array(), roles = Json::array();
  if (wanted("Group") && !boundary)
    for (const auto& [k, g] : account.groups)
      if (has(g.attached, policy.arn) && pathMatches(in, g.path))
        groups.push_back({{"GroupName", g.name}, {"GroupId", g.id}});
  if (wanted("User"))
    for (const auto& [k, u] : account.users)
      if (uses(u.attached, u.boundary) && pathMatches(in, u.path))
        users.push_back({{"UserName", u.name}, {"UserId", u.id}});
  if (wanted("Role"))
    for (const auto& [k, r] : account.roles)
      if (uses(r.attached, r.boundary) && pathMatches(in, r.path))
        roles.push_back({{"RoleName", r.name}, {"RoleId", r.id}});
  return {{"PolicyGroups", groups},
          {"PolicyUsers", users},
          {"PolicyRoles", roles},
          {"IsTruncated", false}};
}

}  // namespace

void IamService::registerAttachmentHandlers() {
  onAccount("AttachUserPolicy", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    attach(account, user.attached, in.at("PolicyArn"), "PoliciesPerUser");
    state_.save(account, user);
    return Json::object();
  });
  onAccount("AttachGroupPolicy", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    attach(account, group.attached, in.at("PolicyArn"), "PoliciesPerGroup");
    state_.save(account, group);
    return Json::object();
  });
  onAccount("AttachRolePolicy", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    attach(account, role.attached, in.at("PolicyArn"), "PoliciesPerRole");
    state_.save(account, role);
    return Json::object();
  });
  onAccount("DetachUserPolicy", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    detach(user.attached, in.at("PolicyArn"));
    state_.save(account, user);
    return Json::object();
  });
  onAccount("DetachGroupPolicy", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    detach(group.attached, in.at("PolicyArn"));
    state_.save(account, group);
    return Json::object();
  });
  onAccount("DetachRolePolicy", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    detach(role.attached, in.at("PolicyArn"));
    state_.save(account, role);
    return Json::object();
  });
  onAccount("ListAttachedUserPolicies", [](Account& account, RequestContext&, const Json& in) {
    return listAttached(account, userNamed(account, in.at("UserName")).attached, in);
  });
  onAccount("ListAttachedGroupPolicies", [](Account& account, RequestContext&, const Json& in) {
    return listAttached(account, groupNamed(account, in.at("GroupName")).attached, in);
  });
  onAccount("ListAttachedRolePolicies", [](Account& account, RequestContext&, const Json& in) {
    return listAttached(account, roleNamed(account, in.at("RoleName")).attached, in);
  });
  onAccount("ListEntitiesForPolicy", [](Account& account, RequestContext&, const Json& in) {
    return entitiesForPolicy(account, in);
  });
}

}  // namespace awsemu::iam_service
