#include "services/iam/principal_policies.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "awsemu/core/arn.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

void add(PrincipalPolicySet& set, const std::string& document, iam::PolicyLabel label) {
  std::string id = label.id;
  try {
    set.identity.push_back(
        iam::Policy::parse(document, iam::PolicyKind::Unchecked, std::move(label)));
    set.identity_documents.push_back(document);
  } catch (const std::exception& error) {
    spdlog::warn("iam: stored policy {} does not compile: {}", id, error.what());
  }
}

void addInline(PrincipalPolicySet& set, const InlinePolicies& policies, const char* type) {
  for (const auto& [name, document] : policies) add(set, document, {name, type});
}

void addAttached(PrincipalPolicySet& set, Account& account, const std::vector<std::string>& arns) {
  for (const auto& arn : arns) {
    try {
      const auto& policy = findPolicy(account, arn);
      add(set, policy.defaultVersion().document,
          {policy.name, isAwsManagedArn(arn) ? "aws-managed" : "user-managed"});
    } catch (const AwsError&) {
    }
  }
}

void addBoundary(PrincipalPolicySet& set, Account& account, const std::string& arn) {
  if (arn.empty()) return;
  try {
    const auto& policy = findPolicy(account, arn);
    set.boundary_document = policy.defaultVersion().document;
    set.boundary = iam::Policy::parse(*set.boundary_document, iam::PolicyKind::Unchecked,
                                      {policy.name, "permissions-boundary"});
  } catch (const std::exception&) {
  }
}

std::string pathOf(const std::string& resource) {
  auto first = resource.find('/'), last = resource.rfind('/');
  return resource.substr(first, last - first + 1);
}

}  // namespace

std::optional<PrincipalPolicySet> principalPolicies(Account& account, const std::string& arn) {
  auto parsed = Arn::parse(arn);
  if (!parsed || parsed->service != "iam" || parsed->account_id != account.id) return std::nullopt;
  const std::string& resource = parsed->resource;
  std::string name = resource.substr(resource.rfind('/') + 1);
  PrincipalPolicySet set;
  if (resource.starts_with("user/")) {
    auto it = account.users.find(IamState::keyOf(name));
    if (it == account.users.end() || it->second.arn != arn) return std::nullopt;
    const User& user = it->second;
    set.principal = iam::Principal::user(account.id, user.name, user.id, user.path);
    for (const auto& tag : user.tags) set.principal.tags.emplace_back(tag.Key, tag.Value);
    addInline(set, user.policies, "user");
    addAttached(set, account, user.attached);
    for (const auto& [k, group] : account.groups)
      if (std::find(group.users.begin(), group.users.end(), user.name) != group.users.end()) {
        addInline(set, group.policies, "group");
        addAttached(set, account, group.attached);
      }
    addBoundary(set, account, user.boundary);
    return set;
  }
  if (resource.starts_with("role/")) {
    auto it = account.roles.find(IamState::keyOf(name));
    if (it == account.roles.end() || it->second.arn != arn) return std::nullopt;
    const Role& role = it->second;
    set.principal =
        iam::Principal::assumedRole(account.id, role.name, "simulation", role.id, pathOf(resource));
    for (const auto& tag : role.tags) set.principal.tags.emplace_back(tag.Key, tag.Value);
    addInline(set, role.policies, "role");
    addAttached(set, account, role.attached);
    addBoundary(set, account, role.boundary);
    return set;
  }
  if (resource.starts_with("group/")) {
    auto it = account.groups.find(IamState::keyOf(name));
    if (it == account.groups.end() || it->second.arn != arn) return std::nullopt;
    set.principal = iam::Principal::user(account.id, "simulated-member", "AIDASIMULATED", "/");
    addInline(set, it->second.policies, "group");
    addAttached(set, account, it->second.attached);
    return set;
  }
  return std::nullopt;
}

std::optional<service::PrincipalPolicies> IamService::policiesOf(
    std::string_view principal_arn) const {
  auto arn = Arn::parse(principal_arn);
  if (!arn) return std::nullopt;
  std::lock_guard lock(state_.mutex());
  auto set = principalPolicies(state_.account(arn->account_id), std::string(principal_arn));
  if (!set) return std::nullopt;
  service::PrincipalPolicies out;
  out.identity = std::move(set->identity_documents);
  out.boundary = set->boundary_document;
  out.tags = set->principal.tags;
  return out;
}

}  // namespace awsemu::iam_service
