// Inline policies of users, groups and roles:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html. Sizes are the
// aggregate quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/policy_check.hpp"

namespace awsemu::iam_service {
namespace {

// The size quota is the sum of the holder's inline policies.
void put(InlinePolicies& policies, const Json& in, const char* kind, const std::string& holder) {
  std::string document = in.at("PolicyDocument");
  std::string name = in.at("PolicyName");
  checkInlinePolicySize(policies, name, document, kind, holder);
  checkPolicyDocument(document, DocumentKind::Identity);
  policies[name] = document;
}

Json get(const InlinePolicies& policies, const Json& in, const char* kind,
         const char* holder_member, const std::string& holder) {
  std::string name = in.at("PolicyName");
  auto it = policies.find(name);
  if (it == policies.end())
    throw errors::noSuchEntity(std::string("The ") + kind + " policy with name " + name +
                               " cannot be found.");
  return {{holder_member, holder},
          {"PolicyName", name},
          {"PolicyDocument", encodeDocument(it->second)}};
}

void remove(InlinePolicies& policies, const Json& in, const char* kind) {
  std::string name = in.at("PolicyName");
  if (!policies.erase(name))
    throw errors::noSuchEntity(std::string("The ") + kind + " policy with name " + name +
                               " cannot be found.");
}

Json list(const InlinePolicies& policies, const Json& in) {
  std::vector<Json> names;
  for (const auto& [name, doc] : policies) names.push_back(name);
  return paginate(std::move(names), in, "PolicyNames");
}

}  // namespace

void IamService::registerInlinePolicyHandlers() {
  onAccount("PutUserPolicy", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    put(user.policies, in, "user", user.name);
    state_.save(account, user);
    return Json::object();
  });
  onAccount("PutGroupPolicy", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    put(group.policies, in, "group", group.name);
    state_.save(account, group);
    return Json::object();
  });
  onAccount("PutRolePolicy", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    put(role.policies, in, "role", role.name);
    state_.save(account, role);
    return Json::object();
  });
  onAccount("GetUserPolicy", [](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    return get(user.policies, in, "user", "UserName", user.name);
  });
  onAccount("GetGroupPolicy", [](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    return get(group.policies, in, "group", "GroupName", group.name);
  });
  onAccount("GetRolePolicy", [](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    return get(role.policies, in, "role", "RoleName", role.name);
  });
  onAccount("DeleteUserPolicy", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    remove(user.policies, in, "user");
    state_.save(account, user);
    return Json::object();
  });
  onAccount("DeleteGroupPolicy", [this](Account& account, RequestContext&, const Json& in) {
    Group& group = groupNamed(account, in.at("GroupName"));
    remove(group.policies, in, "group");
    state_.save(account, group);
    return Json::object();
  });
  onAccount("DeleteRolePolicy", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    remove(role.policies, in, "role");
    state_.save(account, role);
    return Json::object();
  });
  onAccount("ListUserPolicies", [](Account& account, RequestContext&, const Json& in) {
    return list(userNamed(account, in.at("UserName")).policies, in);
  });
  onAccount("ListGroupPolicies", [](Account& account, RequestContext&, const Json& in) {
    return list(groupNamed(account, in.at("GroupName")).policies, in);
  });
  onAccount("ListRolePolicies", [](Account& account, RequestContext&, const Json& in) {
    return list(roleNamed(account, in.at("RoleName")).policies, in);
  });
}

}  // namespace awsemu::iam_service
