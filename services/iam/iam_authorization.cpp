// IAM's operations as IAM sees them (ENFORCE_IAM): "iam:<Operation>" on the entity the request
// names (user, group, role, policy, instance profile, provider, certificate), with iam:PolicyARN
// and iam:PermissionsBoundary where the operation carries them. An entity's ARN includes its path
// (user/division/alice, as policies naming user/division/* expect); an entity that does not exist
// yet has the Path of its Create request, else "/".
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
#include <array>

#include "services/common/service_authorizers.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {

std::string IamService::storedArn(const std::string& account_id, std::string_view kind,
                                  const std::string& name) const {
  std::lock_guard lock(state_.mutex());
  auto account = state_.accounts().find(account_id);
  if (account == state_.accounts().end()) return {};
  auto arnIn = [&](const auto& map) -> std::string {
    auto it = map.find(IamState::keyOf(name));
    return it == map.end() ? std::string() : it->second.arn;
  };
  const Account& a = account->second;
  if (kind == "user") return arnIn(a.users);
  if (kind == "group") return arnIn(a.groups);
  if (kind == "role") return arnIn(a.roles);
  if (kind == "instance-profile") return arnIn(a.instance_profiles);
  if (kind == "server-certificate") return arnIn(a.certificates);
  return {};
}

namespace {

std::string str(const Json& input, const char* member) {
  auto it = input.find(member);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Operations about the caller's own user when they name none.
bool selfUserOperation(std::string_view op) {
  static constexpr std::array<std::string_view, 9> kOps{
      "GetUser",        "ChangePassword",    "CreateAccessKey",
      "ListAccessKeys", "UpdateAccessKey",   "DeleteAccessKey",
      "ListMFADevices", "ListSSHPublicKeys", "ListSigningCertificates"};
  for (auto name : kOps)
    if (name == op) return true;
  return false;
}

std::string resourceOf(const IamService* iam, const RequestContext& ctx, const Json& input) {
  const std::string prefix = "arn:aws:iam::" + ctx.accountId() + ":";
  const std::string& op = ctx.operation;
  auto named = [&](const char* kind, const char* member) {
    std::string name = str(input, member);
    if (name.empty()) return std::string();
    if (iam)
      if (auto arn = iam->storedArn(ctx.accountId(), kind, name); !arn.empty()) return arn;
    std::string path = op.starts_with("Create") ? str(input, "Path") : std::string();
    if (path.empty()) path = "/";
    return prefix + kind + path + name;
  };
  if (op == "AddUserToGroup" || op == "RemoveUserFromGroup") return named("group", "GroupName");
  if (op.find("InstanceProfile") != std::string::npos)
    if (auto arn = named("instance-profile", "InstanceProfileName"); !arn.empty()) return arn;
  for (auto [kind, member] :
       {std::pair{"user", "UserName"}, std::pair{"group", "GroupName"},
        std::pair{"role", "RoleName"}, std::pair{"instance-profile", "InstanceProfileName"},
        std::pair{"server-certificate", "ServerCertificateName"},
        std::pair{"mfa", "VirtualMFADeviceName"}})
    if (auto arn = named(kind, member); !arn.empty()) return arn;
  for (const char* member : {"PolicyArn", "OpenIDConnectProviderArn", "SAMLProviderArn",
                             "SerialNumber", "PolicySourceArn", "Arn"})
    if (auto arn = str(input, member); arn.starts_with("arn:")) return arn;
  if (op == "CreatePolicy") return named("policy", "PolicyName");
  if (selfUserOperation(op) && ctx.caller.arn.find(":user/") != std::string::npos)
    return ctx.caller.arn;
  return "*";
}

}  // namespace

class IamAuthorizer : public service::ServiceAuthorizer {
 public:
  std::optional<service::AuthorizationTargets> targets(service::Service& service,
                                                       const RequestContext& ctx, const Json& input,
                                                       bool) const override {
    service::AuthorizationTarget target;
    target.action = "iam:" + ctx.operation;
    target.resource = resourceOf(dynamic_cast<const IamService*>(&service), ctx, input);
    if (auto arn = str(input, "PolicyArn"); !arn.empty()) target.key("iam:PolicyARN", arn);
    if (auto arn = str(input, "PermissionsBoundary"); !arn.empty())
      target.key("iam:PermissionsBoundary", arn);
    return service::AuthorizationTargets{std::move(target)};
  }
};

}  // namespace awsemu::iam_service

namespace awsemu::sts {

// STS: AssumeRole* evaluate the caller's policies and the role's trust policy themselves
// (role_sessions.cpp), GetCallerIdentity and GetSessionToken are never denied; the rest are
// "sts:<Operation>" (GetFederationToken on the federated user it names).
class StsAuthorizer : public service::ServiceAuthorizer {
 public:
  std::optional<service::AuthorizationTargets> targets(service::Service&, const RequestContext& ctx,
                                                       const Json& input, bool) const override {
    const std::string& op = ctx.operation;
    if (op.starts_with("AssumeRole") || op == "GetCallerIdentity" || op == "GetSessionToken")
      return service::AuthorizationTargets{};
    auto targets = service::defaultTargets("sts", op);
    if (op == "GetFederationToken")
      targets.front().resource =
          "arn:aws:sts::" + ctx.accountId() + ":federated-user/" + input.value("Name", "");
    return targets;
  }
};

}  // namespace awsemu::sts

namespace awsemu::service {
const ServiceAuthorizer& iamAuthorizer() {
  static const iam_service::IamAuthorizer authorizer;
  return authorizer;
}
const ServiceAuthorizer& stsAuthorizer() {
  static const sts::StsAuthorizer authorizer;
  return authorizer;
}
}  // namespace awsemu::service
