// Roles and service-linked roles:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
#include <algorithm>
#include <cctype>

#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/policy_check.hpp"

namespace awsemu::iam_service {
namespace {

std::string checkedTrustPolicy(IamState& state, const std::string& document) {
  checkTrustPolicySize(document);
  checkPolicyDocument(document, DocumentKind::Trust,
                      [&](std::string_view arn) { return principalExists(state.accounts(), arn); });
  return document;
}

std::string checkedBoundary(Account& account, const Json& input) {
  std::string arn = input.value("PermissionsBoundary", "");
  if (arn.empty()) return arn;
  try {
    findPolicy(account, arn);
  } catch (const AwsError&) {
    throw errors::noSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
  }
  return arn;
}

void checkDeletable(const Account& account, const Role& role) {
  auto key = IamState::keyOf(role.name);
  for (const auto& [k, profile] : account.instance_profiles)
    for (const auto& name : profile.roles)
      if (IamState::keyOf(name) == key)
        throw errors::deleteConflict(
            "Cannot delete entity, must remove roles from instance profile first.");
  if (!role.policies.empty())
    throw errors::deleteConflict("Cannot delete entity, must delete policies first.");
  if (!role.attached.empty())
    throw errors::deleteConflict("Cannot delete entity, must detach all policies first.");
}

// "elasticbeanstalk.amazonaws.com" -> "AWSServiceRoleForElasticBeanstalk": the names of the
// common services, else the service's first label capitalised.
std::string serviceLinkedRoleName(const std::string& service) {
  static const std::vector<std::pair<std::string, std::string>> known = {
      {"autoscaling", "AutoScaling"},
      {"elasticbeanstalk", "ElasticBeanstalk"},
      {"ecs", "ECS"},
      {"elasticloadbalancing", "ElasticLoadBalancing"},
      {"rds", "RDS"},
      {"lambda", "Lambda"},
      {"dynamodb", "DynamoDB"},
      {"es", "AmazonElasticsearchService"},
      {"opensearchservice", "AmazonOpenSearchService"},
      {"organizations", "Organizations"},
      {"support", "Support"},
      {"trustedadvisor", "TrustedAdvisor"},
      {"cloudtrail", "CloudTrail"},
      {"config", "Config"},
      {"apigateway", "APIGateway"},
      {"eks", "AmazonEKS"},
      {"spot", "EC2Spot"},
      {"sso", "SSO"},
      {"logs", "CloudWatchLogs"},
      {"events", "CloudWatchEvents"},
      {"application-autoscaling", "ApplicationAutoScaling"}};
  std::string label = service.substr(0, service.find('.'));
  for (const auto& [prefix, name] : known)
    if (label == prefix) return "AWSServiceRoleFor" + name;
  std::string name;
  bool upper = true;
  for (char c : label) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return "AWSServiceRoleFor" + name;
}

}  // namespace

void IamService::registerRoleHandlers() {
  onAccount("CreateRole", [this](Account& account, RequestContext& ctx, const Json& in) {
    std::string name = in.at("RoleName");
    std::string key = IamState::keyOf(name);
    if (account.roles.contains(key))
      throw errors::entityAlreadyExists("Role with name " + name + " already exists.");
    Role role;
    role.name = name;
    role.path = in.value("Path", "/");
    role.id = ids::awsId("AROA");
    role.arn = entityArn(account.id, "role", role.path, name);
    role.created = toEpochSeconds(ctx.now());
    role.trust_policy = checkedTrustPolicy(state_, in.at("AssumeRolePolicyDocument"));
    role.description = in.value("Description", "");
    role.max_session_duration = in.value("MaxSessionDuration", 3600);
    role.boundary = checkedBoundary(account, in);
    role.tags = tagsFrom(in);
    Json out = roleJson(role, true);
    out.erase("RoleLastUsed");  // CreateRole does not answer it
    state_.save(account, account.roles[key] = std::move(role));
    return Json{{"Role", out}};
  });

  onAccount("GetRole", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    syncRoleUsage(account, role);  // RoleLastUsed: sessions of the role used since
    return Json{{"Role", roleJson(role, true)}};
  });

  onAccount("ListRoles", [](Account& account, RequestContext&, const Json& in) {
    std::vector<Json> items;
    for (const auto& [k, role] : account.roles)
      if (pathMatches(in, role.path)) items.push_back(roleJson(role, false));
    return paginate(std::move(items), in, "Roles");
  });

  onAccount("UpdateRole", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    if (in.contains("Description")) role.description = in["Description"];
    if (in.contains("MaxSessionDuration")) role.max_session_duration = in["MaxSessionDuration"];
    state_.save(account, role);
    return Json::object();
  });

  onAccount("UpdateRoleDescription", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    role.description = in.at("Description");
    state_.save(account, role);
    return Json{{"Role", roleJson(role, true)}};
  });

  onAccount("UpdateAssumeRolePolicy", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    role.trust_policy = checkedTrustPolicy(state_, in.at("PolicyDocument"));
    state_.save(account, role);
    return Json::object();
  });

  onAccount("DeleteRole", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    if (role.path.starts_with("/aws-service-role/"))
      throw errors::unmodifiableEntity("Cannot perform the operation on the protected role '" +
                                       role.name + "' - this role is only modifiable by AWS");
    checkDeletable(account, role);
    std::string key = IamState::keyOf(role.name);
    account.roles.erase(key);
    state_.drop(account, kRole, key);
    return Json::object();
  });

  onAccount("PutRolePermissionsBoundary",
            [this](Account& account, RequestContext&, const Json& in) {
              Role& role = roleNamed(account, in.at("RoleName"));
              role.boundary = checkedBoundary(account, in);
              state_.save(account, role);
              return Json::object();
            });

  onAccount("DeleteRolePermissionsBoundary",
            [this](Account& account, RequestContext&, const Json& in) {
              Role& role = roleNamed(account, in.at("RoleName"));
              role.boundary.clear();
              state_.save(account, role);
              return Json::object();
            });

  onAccount("CreateServiceLinkedRole", [this](Account& account, RequestContext& ctx,
                                              const Json& in) {
    std::string service = in.at("AWSServiceName");
    if (!service.ends_with(".amazonaws.com"))
      throw errors::invalidInput("Invalid AWSServiceName: " + service);
    std::string name = serviceLinkedRoleName(service);
    if (in.contains("CustomSuffix")) name += "_" + in["CustomSuffix"].get<std::string>();
    std::string key = IamState::keyOf(name);
    if (account.roles.contains(key))
      throw errors::invalidInput("Service role name " + name +
                                 " has been taken in this account, please try a different suffix.");
    Role role;
    role.name = name;
    role.path = "/aws-service-role/" + service + "/";
    role.id = ids::awsId("AROA");
    role.arn = entityArn(account.id, "role", role.path, name);
    role.created = toEpochSeconds(ctx.now());
    role.trust_policy = Json{{"Version", "2012-10-17"},
                             {"Statement",
                              {{{"Effect", "Allow"},
                                {"Principal", {{"Service", {service}}}},
                                {"Action", {"sts:AssumeRole"}}}}}}
                            .dump();
    role.description = in.value("Description", "");
    Json out = roleJson(role, false);
    state_.save(account, account.roles[key] = std::move(role));
    return Json{{"Role", out}};
  });

  onAccount("DeleteServiceLinkedRole", [this](Account& account, RequestContext&, const Json& in) {
    Role& role = roleNamed(account, in.at("RoleName"));
    if (!role.path.starts_with("/aws-service-role/"))
      throw errors::validation("Role " + role.name + " is not a service-linked role.");
    std::string task = "task" + role.path + role.name + "/" + ids::uuid4();
    std::string key = IamState::keyOf(role.name);
    account.roles.erase(key);
    state_.drop(account, kRole, key);
    return Json{{"DeletionTaskId", task}};
  });

  // Deletions finish at once here.
  onAccount("GetServiceLinkedRoleDeletionStatus", [](Account&, RequestContext&, const Json& in) {
    std::string task = in.at("DeletionTaskId");
    if (!task.starts_with("task/aws-service-role/"))
      throw errors::invalidInput("Invalid deletion task id: " + task);
    return Json{{"Status", "SUCCEEDED"}};
  });
}

}  // namespace awsemu::iam_service
