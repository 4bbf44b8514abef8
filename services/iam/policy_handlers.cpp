// Managed policies and their versions:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
#include <algorithm>

#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/policy_check.hpp"

namespace awsemu::iam_service {
namespace {

constexpr std::size_t kMaxVersions = 5;

std::string checkedDocument(const std::string& document) {
  checkManagedPolicySize(document);
  checkPolicyDocument(document, DocumentKind::Identity);
  return document;
}

// A customer managed policy the caller may change (AWS managed ones are read-only).
ManagedPolicy& localPolicy(Account& account, const std::string& arn) {
  findPolicy(account, arn);  // NoSuchEntity / InvalidInput as for any policy
  auto* policy = findLocalPolicy(account, arn);
  if (!policy) throw errors::unmodifiableEntity("Cannot modify an AWS managed policy: " + arn);
  return *policy;
}

bool usageMatches(const Json& input, const Account& account, const ManagedPolicy& policy) {
  std::string usage = input.value("PolicyUsageFilter", "");
  if (usage == "PermissionsBoundary") {
    auto uses = [&](const std::string& boundary) { return boundary == policy.arn; };
    for (const auto& [k, u] : account.users)
      if (uses(u.boundary)) return true;
    for (const auto& [k, r] : account.roles)
      if (uses(r.boundary)) return true;
    return false;
  }
  return true;
}

Json listPolicies(Account& account, const Json& in) {
  std::string scope = in.value("Scope", "All");
  bool only_attached = in.value("OnlyAttached", false);
  std::vector<const ManagedPolicy*> candidates;
  if (scope != "Local")
    for (const auto& [arn, policy] : awsManagedPolicies()) candidates.push_back(&policy);
  if (scope != "AWS")
    for (const auto& [k, policy] : account.policies) candidates.push_back(&policy);
  std::stable_sort(candidates.begin(), candidates.end(), [](auto* a, auto* b) {
    return IamState::keyOf(a->name) < IamState::keyOf(b->name);
  });
  std::vector<Json> items;
  for (const auto* policy : candidates) {
    if (!pathMatches(in, policy->path) || !usageMatches(in, account, *policy)) continue;
    int count = attachmentCount(account, policy->arn);
    if (only_attached && count == 0) continue;
    items.push_back(policyJson(*policy, count, false, boundaryUsageCount(account, policy->arn)));
  }
  return paginate(std::move(items), in, "Policies");
}

}  // namespace

void IamService::registerPolicyHandlers() {
  onAccount("CreatePolicy", [this](Account& account, RequestContext& ctx, const Json& in) {
    std::string name = in.at("PolicyName");
    std::string key = IamState::keyOf(name);
    if (account.policies.contains(key))
      throw errors::entityAlreadyExists("A policy called " + name +
                                        " already exists. Duplicate names are not allowed.");
    ManagedPolicy policy;
    policy.name = name;
    policy.path = in.value("Path", "/");
    policy.id = ids::awsId("ANPA");
    policy.arn = entityArn(account.id, "policy", policy.path, name);
    policy.description = in.value("Description", "");
    policy.created = policy.updated = toEpochSeconds(ctx.now());
    policy.versions.push_back({"v1", checkedDocument(in.at("PolicyDocument")), policy.created});
    policy.tags = tagsFrom(in);
    Json out = policyJson(policy, 0, true);
    out.erase("Description");  // CreatePolicy's answer leaves it out
    state_.save(account, account.policies[key] = std::move(policy));
    return Json{{"Policy", out}};
  });

  onAccount("GetPolicy", [](Account& account, RequestContext&, const Json& in) {
    const auto& policy = findPolicy(account, in.at("PolicyArn"));
    return Json{{"Policy", policyJson(policy, attachmentCount(account, policy.arn), true,
                                      boundaryUsageCount(account, policy.arn))}};
  });

  onAccount("ListPolicies", [](Account& account, RequestContext&, const Json& in) {
    return listPolicies(account, in);
  });

  onAccount("DeletePolicy", [this](Account& account, RequestContext&, const Json& in) {
    ManagedPolicy& policy = localPolicy(account, in.at("PolicyArn"));
    if (attachmentCount(account, policy.arn) > 0 || boundaryUsageCount(account, policy.arn) > 0)
      throw errors::deleteConflict("Cannot delete a policy attached to entities.");
    if (policy.versions.size() > 1)
      throw errors::deleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete "
          "the policy's versions. The default version is deleted with the policy.");
    std::string key = IamState::keyOf(policy.name);
    account.policies.erase(key);
    state_.drop(account, kPolicy, key);
    return Json::object();
  });

  onAccount("CreatePolicyVersion", [this](Account& account, RequestContext& ctx, const Json& in) {
    ManagedPolicy& policy = localPolicy(account, in.at("PolicyArn"));
    if (policy.versions.size() >= kMaxVersions)
      throw errors::limitExceeded(
          "A managed policy can have up to 5 versions. Before you create a new version, you "
          "must delete an existing version.");
    PolicyVersion version{"v" + std::to_string(policy.next_version),
                          checkedDocument(in.at("PolicyDocument")), toEpochSeconds(ctx.now())};
    ++policy.next_version;
    bool make_default = in.value("SetAsDefault", false);
    if (make_default) policy.default_version = version.id;
    policy.updated = version.created;
    policy.versions.push_back(version);
    state_.save(account, policy);
    return Json{{"PolicyVersion", versionJson(version, make_default, false)}};
  });

  onAccount("GetPolicyVersion", [](Account& account, RequestContext&, const Json& in) {
    const auto& policy = findPolicy(account, in.at("PolicyArn"));
    std::string id = in.at("VersionId");
    const auto* version = policy.version(id);
    if (!version) throw errors::noSuchPolicyVersion(policy.arn, id);
    return Json{{"PolicyVersion", versionJson(*version, id == policy.default_version, true)}};
  });

  // Newest first, as IAM lists them.
  onAccount("ListPolicyVersions", [](Account& account, RequestContext&, const Json& in) {
    const auto& policy = findPolicy(account, in.at("PolicyArn"));
    std::vector<Json> items;
    for (auto it = policy.versions.rbegin(); it != policy.versions.rend(); ++it)
      items.push_back(versionJson(*it, it->id == policy.default_version, false));
    return paginate(std::move(items), in, "Versions");
  });

  onAccount("SetDefaultPolicyVersion",
            [this](Account& account, RequestContext& ctx, const Json& in) {
              ManagedPolicy& policy = localPolicy(account, in.at("PolicyArn"));
              std::string id = in.at("VersionId");
              if (!policy.version(id)) throw errors::noSuchPolicyVersion(policy.arn, id);
              policy.default_version = id;
              policy.updated = toEpochSeconds(ctx.now());
              state_.save(account, policy);
              return Json::object();
            });

  onAccount("DeletePolicyVersion", [this](Account& account, RequestContext&, const Json& in) {
    ManagedPolicy& policy = localPolicy(account, in.at("PolicyArn"));
    std::string id = in.at("VersionId");
    if (!policy.version(id)) throw errors::noSuchPolicyVersion(policy.arn, id);
    if (id == policy.default_version)
      throw errors::deleteConflict("Cannot delete the default version of a policy.");
    std::erase_if(policy.versions, [&](const PolicyVersion& v) { return v.id == id; });
    state_.save(account, policy);
    return Json::object();
  });
}

}  // namespace awsemu::iam_service
