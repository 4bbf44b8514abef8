#include "services/iam/iam_lookup.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>

#include "awsemu/core/arn.hpp"
#include "awsemu/service/service.hpp"
#include "services/iam/iam_errors.hpp"

namespace awsemu::iam_service {

User& userNamed(Account& account, const std::string& name) {
  auto it = account.users.find(IamState::keyOf(name));
  if (it == account.users.end()) throw errors::noSuchNamed("user", name);
  return it->second;
}

Group& groupNamed(Account& account, const std::string& name) {
  auto it = account.groups.find(IamState::keyOf(name));
  if (it == account.groups.end()) throw errors::noSuchNamed("group", name);
  return it->second;
}

Role& roleNamed(Account& account, const std::string& name) {
  auto it = account.roles.find(IamState::keyOf(name));
  if (it == account.roles.end()) throw errors::noSuchNamed("role", name);
  return it->second;
}

InstanceProfile& instanceProfileNamed(Account& account, const std::string& name) {
  auto it = account.instance_profiles.find(IamState::keyOf(name));
  if (it == account.instance_profiles.end())
    throw errors::noSuchEntity("Instance Profile " + name + " cannot be found.");
  return it->second;
}

namespace {
// The file holds {"<name>": {"Path": "/service-role/", "Description": ..., "CreateDate": ...,
// "UpdateDate": ..., "VersionId": "v5", "Document": {...}}}.
std::map<std::string, ManagedPolicy> loadAwsManagedPolicies() {
  std::map<std::string, ManagedPolicy> out;
  std::string path = service::modelPath("iam", "aws_managed_policies.json");
  std::ifstream file(path);
  if (!file) {
    spdlog::warn("iam: {} not found; AWS managed policies are unavailable", path);
    return out;
  }
  Json all = Json::parse(file);
  for (const auto& [name, entry] : all.items()) {
    ManagedPolicy policy;
    policy.name = name;
    policy.path = entry.value("Path", "/");
    policy.arn = "arn:aws:iam::aws:policy" + policy.path + name;
    policy.id = entry.value("PolicyId", "ANPA" + std::string(16, 'A'));
    policy.description = entry.value("Description", "");
    policy.created = entry.value("CreateDate", 1423000000.0);
    policy.updated = entry.value("UpdateDate", policy.created);
    policy.default_version = entry.value("VersionId", "v1");
    policy.versions.push_back(
        {policy.default_version, entry.at("Document").dump(), policy.updated});
    out.emplace(policy.arn, std::move(policy));
  }
  return out;
}
}  // namespace

const std::map<std::string, ManagedPolicy>& awsManagedPolicies() {
  static const std::map<std::string, ManagedPolicy> policies = loadAwsManagedPolicies();
  return policies;
}

bool isAwsManagedArn(const std::string& arn) { return arn.starts_with("arn:aws:iam::aws:policy/"); }

ManagedPolicy* findLocalPolicy(Account& account, const std::string& arn) {
  auto parsed = Arn::parse(arn);
  if (!parsed || parsed->account_id != account.id || !parsed->resource.starts_with("policy/"))
    return nullptr;
  std::string name = parsed->resource.substr(parsed->resource.rfind('/') + 1);
  auto it = account.policies.find(IamState::keyOf(name));
  if (it == account.policies.end() || it->second.arn != arn) return nullptr;
  return &it->second;
}

const ManagedPolicy& findPolicy(Account& account, const std::string& arn) {
  if (!Arn::parse(arn)) throw errors::invalidInput("ARN " + arn + " is not valid.");
  if (isAwsManagedArn(arn)) {
    const auto& aws = awsManagedPolicies();
    auto it = aws.find(arn);
    if (it == aws.end()) throw errors::noSuchPolicy(arn);
    return it->second;
  }
  if (auto* policy = findLocalPolicy(account, arn)) return *policy;
  throw errors::noSuchPolicy(arn);
}

int attachmentCount(const Account& account, const std::string& policy_arn) {
  auto has = [&](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), policy_arn) != list.end();
  };
  int count = 0;
  for (const auto& [k, v] : account.users) count += has(v.attached);
  for (const auto& [k, v] : account.groups) count += has(v.attached);
  for (const auto& [k, v] : account.roles) count += has(v.attached);
  return count;
}

bool principalExists(std::map<std::string, Account>& accounts, std::string_view text) {
  auto arn = Arn::parse(text);
  if (!arn) return false;
  auto account = accounts.find(arn->account_id);
  if (account == accounts.end()) return true;
  std::string name = arn->resource.substr(arn->resource.rfind('/') + 1);
  if (arn->resource.starts_with("user/")) {
    auto it = account->second.users.find(IamState::keyOf(name));
    return it != account->second.users.end() && it->second.arn == text;
  }
  if (arn->resource.starts_with("role/")) {
    auto it = account->second.roles.find(IamState::keyOf(name));
    return it != account->second.roles.end() && it->second.arn == text;
  }
  return true;
}

int boundaryUsageCount(const Account& account, const std::string& policy_arn) {
  int count = 0;
  for (const auto& [k, v] : account.users) count += v.boundary == policy_arn;
  for (const auto& [k, v] : account.roles) count += v.boundary == policy_arn;
  return count;
}

std::string entityArn(const std::string& account_id, const std::string& type,
                      const std::string& path, const std::string& name) {
  return "arn:aws:iam::" + account_id + ":" + type + path + name;
}

}  // namespace awsemu::iam_service
