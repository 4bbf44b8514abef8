// Which services an entity's policies reach: service last-accessed reports and
// ListPoliciesGrantingServiceAccess.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html
// awsemu does not record which service each request reached, so every service is reported as
// never accessed (no LastAuthenticated), which is what AWS reports for unused permissions.
#include <set>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/ids.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/iam/policy_document.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

// A policy of an entity, as ListPoliciesGrantingServiceAccess names it.
struct NamedPolicy {
  std::string name, type, arn, entity_type, entity_name, document;
};

void addHolder(std::vector<NamedPolicy>& out, Account& account,
               const InlinePolicies& inline_policies, const std::vector<std::string>& attached,
               const char* entity_type, const std::string& entity_name) {
  for (const auto& [name, doc] : inline_policies)
    out.push_back({name, "INLINE", "", entity_type, entity_name, doc});
  for (const auto& arn : attached) {
    try {
      const auto& p = findPolicy(account, arn);
      out.push_back({p.name, "MANAGED", arn, "", "", p.defaultVersion().document});
    } catch (const AwsError&) {
    }
  }
}

// The policies of a user (with its groups'), group, role, or a managed policy itself.
std::vector<NamedPolicy> policiesOfArn(Account& account, const std::string& text) {
  auto arn = Arn::parse(text);
  if (!arn || (arn->account_id != account.id && arn->account_id != "aws"))
    throw errors::invalidInput("ARN " + text + " is not valid.");
  std::string name = arn->resource.substr(arn->resource.rfind('/') + 1);
  std::vector<NamedPolicy> out;
  if (arn->resource.starts_with("user/")) {
    User& user = userNamed(account, name);
    addHolder(out, account, user.policies, user.attached, "USER", user.name);
    for (auto& [k, g] : account.groups)
      if (std::find(g.users.begin(), g.users.end(), user.name) != g.users.end())
        addHolder(out, account, g.policies, g.attached, "GROUP", g.name);
  } else if (arn->resource.starts_with("group/")) {
    Group& group = groupNamed(account, name);
    addHolder(out, account, group.policies, group.attached, "GROUP", group.name);
  } else if (arn->resource.starts_with("role/")) {
    Role& role = roleNamed(account, name);
    addHolder(out, account, role.policies, role.attached, "ROLE", role.name);
  } else if (arn->resource.starts_with("policy/")) {
    const auto& p = findPolicy(account, text);
    out.push_back({p.name, "MANAGED", p.arn, "", "", p.defaultVersion().document});
  } else {
    throw errors::invalidInput("ARN " + text + " is not valid.");
  }
  return out;
}

// The service prefixes a policy's Allow statements name ("s3" for "s3:GetObject"; "*" for all).
std::set<std::string> namespacesOf(const std::string& document) {
  std::set<std::string> out;
  try {
    auto doc = iam::parsePolicyDocument(document, {iam::PolicyKind::Unchecked, {}});
    for (const auto& statement : doc.statements) {
      if (statement.effect != iam::Effect::Allow || statement.not_action) continue;
      for (const auto& action : statement.actions)
        out.insert(action == "*" ? "*" : strings::toLower(action.substr(0, action.find(':'))));
    }
  } catch (const iam::PolicyError&) {
  }
  return out;
}

bool grants(const std::set<std::string>& namespaces, const std::string& service) {
  return namespaces.contains("*") || namespaces.contains(strings::toLower(service));
}

}  // namespace

void IamService::registerAccessReportHandlers() {
  onAccount("GenerateServiceLastAccessedDetails", [](Account& account, RequestContext& ctx,
                                                     const Json& in) {
    std::set<std::string> namespaces;
    for (const auto& p : policiesOfArn(account, in.at("Arn")))
      namespaces.merge(namespacesOf(p.document));
    namespaces.erase("*");
    Json services = Json::array();
    for (const auto& ns : namespaces)
      services.push_back(
          {{"ServiceName", ns}, {"ServiceNamespace", ns}, {"TotalAuthenticatedEntities", 0}});
    std::string job = ids::uuid4();
    double now = toEpochSeconds(ctx.now());
    account.access_jobs[job] = {{"JobType", in.value("Granularity", "SERVICE_LEVEL")},
                                {"JobStatus", "COMPLETED"},
                                {"JobCreationDate", now},
                                {"JobCompletionDate", now},
                                {"ServicesLastAccessed", services},
                                {"IsTruncated", false}};
    return Json{{"JobId", job}};
  });

  auto job = [](Account& account, const Json& in) -> Json& {
    std::string id = in.at("JobId");
    auto it = account.access_jobs.find(id);
    if (it == account.access_jobs.end()) throw errors::noSuchEntity("Job " + id + " not found.");
    return it->second;
  };
  onAccount("GetServiceLastAccessedDetails",
            [job](Account& account, RequestContext&, const Json& in) { return job(account, in); });
  onAccount("GetServiceLastAccessedDetailsWithEntities",
            [job](Account& account, RequestContext&, const Json& in) {
              Json report = job(account, in);
              return Json{{"JobStatus", report["JobStatus"]},
                          {"JobCreationDate", report["JobCreationDate"]},
                          {"JobCompletionDate", report["JobCompletionDate"]},
                          {"EntityDetailsList", Json::array()},
                          {"IsTruncated", false}};
            });

  onAccount("ListPoliciesGrantingServiceAccess",
            [](Account& account, RequestContext&, const Json& in) {
              auto policies = policiesOfArn(account, in.at("Arn"));
              Json out = Json::array();
              for (const auto& service : in.at("ServiceNamespaces")) {
                Json granting = Json::array();
                for (const auto& p : policies) {
                  if (!grants(namespacesOf(p.document), service)) continue;
                  Json item = {{"PolicyName", p.name}, {"PolicyType", p.type}};
                  if (!p.arn.empty()) item["PolicyArn"] = p.arn;
                  if (!p.entity_type.empty()) {
                    item["EntityType"] = p.entity_type;
                    item["EntityName"] = p.entity_name;
                  }
                  granting.push_back(item);
                }
                out.push_back({{"ServiceNamespace", service}, {"Policies", granting}});
              }
              return Json{{"PoliciesGrantingServiceAccess", out}, {"IsTruncated", false}};
            });
}

}  // namespace awsemu::iam_service
