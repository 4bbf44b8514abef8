// Groups and membership: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
#include <algorithm>

#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

bool isMember(const Group& group, const std::string& user_name) {
  auto key = IamState::keyOf(user_name);
  return std::any_of(group.users.begin(), group.users.end(),
                     [&](const std::string& m) { return IamState::keyOf(m) == key; });
}

}  // namespace

void IamService::registerGroupHandlers() {
  onAccount("CreateGroup", [this](Account& account, RequestContext& ctx, const Json& in) {
    std::string name = in.at("GroupName");
    std::string key = IamState::keyOf(name);
    if (account.groups.contains(key))
      throw errors::entityAlreadyExists("Group with name " + name + " already exists.");
    Group group;
    group.name = name;
    group.path = in.value("Path", "/");
    group.id = ids::awsId("AGPA");
    group.arn = entityArn(account.id, "group", group.path, name);
    group.created = toEpochSeconds(ctx.now());
    Json out = {{"Group", groupJson(group)}};
    state_.save(account, account.groups[key] = std::move(group));
    return out;
  });

  onAccount("GetGroup", [](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    std::vector<Json> users;
    for (const auto& member : group.users) {
      auto it = account.users.find(IamState::keyOf(member));
      if (it != account.users.end()) users.push_back(userJson(it->second, false));
    }
    Json out = paginate(std::move(users), in, "Users");
    out["Group"] = groupJson(group);
    return out;
  });

  onAccount("ListGroups", [](Account& account, RequestContext&, const Json& in) {
    std::vector<Json> items;
    for (const auto& [k, group] : account.groups)
      if (pathMatches(in, group.path)) items.push_back(groupJson(group));
    return paginate(std::move(items), in, "Groups");
  });

  onAccount("ListGroupsForUser", [](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    std::vector<Json> items;
    for (const auto& [k, group] : account.groups)
      if (isMember(group, user.name)) items.push_back(groupJson(group));
    return paginate(std::move(items), in, "Groups");
  });

  onAccount("UpdateGroup", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    std::string new_name = in.value("NewGroupName", group.name);
    std::string old_key = IamState::keyOf(group.name), new_key = IamState::keyOf(new_name);
    if (new_key != old_key && account.groups.contains(new_key))
      throw errors::entityAlreadyExists("Group with name " + new_name + " already exists.");
    Group updated = group;
    updated.name = new_name;
    updated.path = in.value("NewPath", group.path);
    updated.arn = entityArn(account.id, "group", updated.path, new_name);
    account.groups.erase(old_key);
    state_.drop(account, kGroup, old_key);
    state_.save(account, account.groups[new_key] = std::move(updated));
    return Json::object();
  });

  onAccount("DeleteGroup", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    if (!group.users.empty())
      throw errors::deleteConflict("Cannot delete entity, must remove users from group first.");
    if (!group.policies.empty())
      throw errors::deleteConflict("Cannot delete entity, must delete policies first.");
    if (!group.attached.empty())
      throw errors::deleteConflict("Cannot delete entity, must detach all policies first.");
    std::string key = IamState::keyOf(group.name);
    account.groups.erase(key);
    state_.drop(account, kGroup, key);
    return Json::object();
  });

  onAccount("AddUserToGroup", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    User& user = userNamed(account, in.at("UserName"));
    if (!isMember(group, user.name)) {
      group.users.push_back(user.name);
      state_.save(account, group);
    }
    return Json::object();
  });

  onAccount("RemoveUserFromGroup", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    User& user = userNamed(account, in.at("UserName"));
    auto key = IamState::keyOf(user.name);
    std::erase_if(group.users, [&](const std::string& m) { return IamState::keyOf(m) == key; });
    state_.save(account, group);
    return Json::object();
  });
}

}  // namespace awsemu::iam_service
