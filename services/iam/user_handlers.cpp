// Users: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html and siblings.
#include <algorithm>

#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

double now(const RequestContext& ctx) { return toEpochSeconds(ctx.now()); }

// The boundary must name an existing managed policy.
std::string boundaryFrom(Account& account, const Json& input) {
  std::string arn = input.value("PermissionsBoundary", "");
  if (arn.empty()) return arn;
  try {
    findPolicy(account, arn);
  } catch (const AwsError&) {
    throw errors::noSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
  }
  return arn;
}

// GetUser without a name answers the caller: a user, or the account's root; role and federated
// sessions must name a user.
Json callerAsUser(Account& account, RequestContext& ctx) {
  const std::string& arn = ctx.caller.arn;
  auto slash = arn.rfind('/');
  if (arn.find(":user/") != std::string::npos && slash != std::string::npos)
    return {{"User", userJson(userNamed(account, arn.substr(slash + 1)), true)}};
  if (!arn.ends_with(":root"))
    throw errors::validation("Must specify userName when calling with non-User credentials");
  return {{"User", {{"UserId", account.id}, {"Arn", arn}, {"CreateDate", 0}, {"Path", "/"}}}};
}

void checkDeletable(const Account& account, const User& user) {
  if (user.login)
    throw errors::deleteConflict("Cannot delete entity, must delete login profile first.");
  if (!user.keys.empty())
    throw errors::deleteConflict("Cannot delete entity, must delete access keys first.");
  if (!user.policies.empty())
    throw errors::deleteConflict("Cannot delete entity, must delete policies first.");
  if (!user.attached.empty())
    throw errors::deleteConflict("Cannot delete entity, must detach all policies first.");
  if (!user.signing_certificates.empty())
    throw errors::deleteConflict("Cannot delete entity, must delete signing certificates first.");
  if (!user.ssh_keys.empty())
    throw errors::deleteConflict("Cannot delete entity, must delete SSH public keys first.");
  if (!user.service_credentials.empty())
    throw errors::deleteConflict(
        "Cannot delete entity, must delete service specific credentials first.");
  for (const auto& [serial, device] : account.mfa_devices)
    if (!device.user.empty() && IamState::keyOf(device.user) == IamState::keyOf(user.name))
      throw errors::deleteConflict("Cannot delete entity, must delete MFA device first.");
  for (const auto& [k, group] : account.groups)
    for (const auto& member : group.users)
      if (IamState::keyOf(member) == IamState::keyOf(user.name))
        throw errors::deleteConflict(
            "Cannot delete entity, must remove user from all groups first.");
}

}  // namespace

void IamService::registerUserHandlers() {
  onAccount("CreateUser", [this](Account& account, RequestContext& ctx, const Json& in) {
    std::string name = in.at("UserName");
    std::string key = IamState::keyOf(name);
    if (account.users.contains(key))
      throw errors::entityAlreadyExists("User with name " + name + " already exists.");
    User user;
    user.name = name;
    user.path = in.value("Path", "/");
    user.id = ids::awsId("AIDA");
    user.arn = entityArn(account.id, "user", user.path, name);
    user.created = now(ctx);
    user.boundary = boundaryFrom(account, in);
    user.tags = tagsFrom(in);
    Json out = {{"User", userJson(user, true)}};
    state_.save(account, account.users[key] = std::move(user));
    return out;
  });

  onAccount("GetUser", [](Account& account, RequestContext& ctx, const Json& in) -> Json {
    if (!in.contains("UserName")) return callerAsUser(account, ctx);
    return {{"User", userJson(userNamed(account, in["UserName"]), true)}};
  });

  onAccount("ListUsers", [](Account& account, RequestContext&, const Json& in) {
    std::vector<Json> items;
    for (const auto& [k, user] : account.users)
      if (pathMatches(in, user.path)) items.push_back(userJson(user, false));
    return paginate(std::move(items), in, "Users");
  });

  onAccount("UpdateUser", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    std::string new_name = in.value("NewUserName", user.name);
    std::string new_key = IamState::keyOf(new_name);
    std::string old_key = IamState::keyOf(user.name);
    if (new_key != old_key && account.users.contains(new_key))
      throw errors::entityAlreadyExists("User with name " + new_name + " already exists.");
    User updated = user;
    updated.name = new_name;
    updated.path = in.value("NewPath", user.path);
    updated.arn = entityArn(account.id, "user", updated.path, new_name);
    for (auto& [k, group] : account.groups) {
      for (auto& member : group.users)
        if (IamState::keyOf(member) == old_key) member = new_name;
      state_.save(account, group);
    }
    account.users.erase(old_key);
    state_.drop(account, kUser, old_key);
    User& stored = account.users[new_key] = std::move(updated);
    state_.save(account, stored);
    publishKeys(account, stored);
    return Json::object();
  });

  onAccount("DeleteUser", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    checkDeletable(account, user);
    std::string key = IamState::keyOf(user.name);
    account.users.erase(key);
    state_.drop(account, kUser, key);
    return Json::object();
  });

  onAccount("PutUserPermissionsBoundary",
            [this](Account& account, RequestContext&, const Json& in) {
              User& user = userNamed(account, in.at("UserName"));
              user.boundary = boundaryFrom(account, in);
              state_.save(account, user);
              publishKeys(account, user);
              return Json::object();
            });

  onAccount("DeleteUserPermissionsBoundary",
            [this](Account& account, RequestContext&, const Json& in) {
              User& user = userNamed(account, in.at("UserName"));
              user.boundary.clear();
              state_.save(account, user);
              publishKeys(account, user);
              return Json::object();
            });
}

}  // namespace awsemu::iam_service
