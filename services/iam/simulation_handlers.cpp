// The policy simulator, answered by the shared evaluator (src/iam):
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
#include "awsemu/core/arn.hpp"
#include "awsemu/iam/evaluator.hpp"
#include "awsemu/iam/policy_errors.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"
#include "services/iam/principal_policies.hpp"

namespace awsemu::iam_service {
namespace {

iam::ContextKeys contextFrom(const Json& in) {
  iam::ContextKeys context;
  if (!in.contains("ContextEntries")) return context;
  for (const auto& entry : in["ContextEntries"]) {
    std::vector<std::string> values;
    for (const auto& v : entry.value("ContextKeyValues", Json::array())) values.push_back(v);
    context.set(entry.value("ContextKeyName", ""), std::move(values));
  }
  return context;
}

// Policies given in the request (PolicyInputList and friends), labelled as AWS labels them.
std::vector<iam::PolicyPtr> inputPolicies(const Json& in, const char* member,
                                          iam::PolicyKind kind) {
  std::vector<iam::PolicyPtr> out;
  if (!in.contains(member)) return out;
  std::size_t index = 0;
  for (const auto& text : in[member]) {
    ++index;
    try {
      out.push_back(
          iam::Policy::parse(text.get<std::string>(), kind,
                             {std::string(member) + "." + std::to_string(index), "none"}));
    } catch (const iam::PolicyError& error) {
      throw iam::errors::malformedPolicyDocument(error.what());
    }
  }
  return out;
}

Json position(const iam::TextPosition& p) { return {{"Line", p.line}, {"Column", p.column}}; }

Json resultJson(const std::string& action, const std::string& resource, const iam::Evaluation& e,
                bool has_boundary) {
  Json matched = Json::array();
  for (const auto& m : e.matched_statements) {
    Json statement = {{"SourcePolicyId", m.policy->label().id},
                      {"SourcePolicyType", m.policy->label().type}};
    if (m.statement) {
      statement["StartPosition"] = position(m.statement->start);
      statement["EndPosition"] = position(m.statement->end);
    }
    matched.push_back(statement);
  }
  Json out = {{"EvalActionName", action},
              {"EvalResourceName", resource},
              {"EvalDecision", iam::decisionName(e.decision)},
              {"MatchedStatements", matched},
              {"MissingContextValues", e.missing_context_keys},
              {"OrganizationsDecisionDetail", {{"AllowedByOrganizations", true}}}};
  if (has_boundary)
    out["PermissionsBoundaryDecisionDetail"] = {
        {"AllowedByPermissionsBoundary", e.boundary == iam::PolicyVerdict::Allow}};
  return out;
}

struct Simulation {
  const iam::Principal* principal;
  std::vector<iam::PolicyPtr> identity;
  iam::PolicyPtr boundary;
  iam::PolicyPtr resource_policy;
};

Json simulate(const Simulation& sim, const Json& in, const std::string& account_id) {
  iam::ContextKeys context = contextFrom(in);
  std::vector<std::string> resources;
  for (const auto& r : in.value("ResourceArns", Json::array({"*"}))) resources.push_back(r);
  std::string owner = in.value("ResourceOwner", "");
  if (owner.starts_with("arn:")) {
    if (auto arn = Arn::parse(owner)) owner = arn->account_id;
  }
  std::vector<Json> results;
  for (const auto& action_json : in.at("ActionNames")) {
    std::string action = action_json;
    for (const auto& resource : resources) {
      iam::AuthorizationRequest request;
      request.principal = sim.principal;
      request.action = action;
      request.resource = resource;
      request.resource_account = owner.empty() ? account_id : owner;
      request.context = &context;
      request.identity_policies = sim.identity;
      request.permissions_boundary = sim.boundary.get();
      request.resource_policy = sim.resource_policy.get();
      results.push_back(
          resultJson(action, resource, iam::evaluate(request), sim.boundary != nullptr));
    }
  }
  return paginate(std::move(results), in, "EvaluationResults");
}

iam::PolicyPtr resourcePolicy(const Json& in) {
  if (!in.contains("ResourcePolicy")) return nullptr;
  auto list = inputPolicies(Json{{"ResourcePolicy", {in["ResourcePolicy"]}}}, "ResourcePolicy",
                            iam::PolicyKind::Resource);
  return list.front();
}

}  // namespace

void IamService::registerSimulationHandlers() {
  onAccount("SimulatePrincipalPolicy", [](Account& account, RequestContext&, const Json& in) {
    std::string source = in.at("PolicySourceArn");
    auto set = principalPolicies(account, source);
    if (!set) throw errors::noSuchEntity("PolicySourceArn " + source + " does not exist.");
    Simulation sim{&set->principal, set->identity, set->boundary, resourcePolicy(in)};
    for (auto& extra : inputPolicies(in, "PolicyInputList", iam::PolicyKind::Identity))
      sim.identity.push_back(extra);
    auto boundaries =
        inputPolicies(in, "PermissionsBoundaryPolicyInputList", iam::PolicyKind::Identity);
    if (!boundaries.empty()) sim.boundary = boundaries.front();
    return simulate(sim, in, account.id);
  });

  // Without a caller, the policies are evaluated as an IAM user of the account's own.
  onAccount("SimulateCustomPolicy", [](Account& account, RequestContext&, const Json& in) {
    iam::Principal principal = iam::Principal::user(account.id, "simulated-user", "AIDASIMULATED");
    std::string caller = in.value("CallerArn", "");
    if (auto set = caller.empty() ? std::nullopt : principalPolicies(account, caller))
      principal = set->principal;
    Simulation sim{&principal, inputPolicies(in, "PolicyInputList", iam::PolicyKind::Identity),
                   nullptr, resourcePolicy(in)};
    auto boundaries =
        inputPolicies(in, "PermissionsBoundaryPolicyInputList", iam::PolicyKind::Identity);
    if (!boundaries.empty()) sim.boundary = boundaries.front();
    return simulate(sim, in, account.id);
  });

  auto keysOf = [](const std::vector<std::string>& documents) {
    std::vector<std::string> keys;
    for (const auto& text : documents) {
      try {
        auto doc = iam::parsePolicyDocument(text, {iam::PolicyKind::Unchecked, {}});
        for (const auto& statement : doc.statements)
          for (const auto& clause : statement.conditions)
            if (std::find(keys.begin(), keys.end(), clause.key) == keys.end())
              keys.push_back(clause.key);
      } catch (const iam::PolicyError& error) {
        throw iam::errors::malformedPolicyDocument(error.what());
      }
    }
    return Json{{"ContextKeyNames", keys}};
  };

  onAccount("GetContextKeysForCustomPolicy", [keysOf](Account&, RequestContext&, const Json& in) {
    std::vector<std::string> documents;
    for (const auto& d : in.at("PolicyInputList")) documents.push_back(d);
    return keysOf(documents);
  });

  onAccount("GetContextKeysForPrincipalPolicy",
            [keysOf](Account& account, RequestContext&, const Json& in) {
              std::string source = in.at("PolicySourceArn");
              auto set = principalPolicies(account, source);
              if (!set)
                throw errors::noSuchEntity("PolicySourceArn " + source + " does not exist.");
              std::vector<std::string> documents = set->identity_documents;
              for (const auto& d : in.value("PolicyInputList", Json::array()))
                documents.push_back(d);
              return keysOf(documents);
            });
}

}  // namespace awsemu::iam_service
