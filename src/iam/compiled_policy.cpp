#include "src/iam/compiled_policy.hpp"

#include <algorithm>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/strings.hpp"
#include "src/iam/glob.hpp"

namespace awsemu::iam {
namespace {

ActionPattern compileAction(std::string_view text) {
  ActionPattern pattern;
  pattern.text = strings::toLower(text);
  std::size_t wildcards = std::count_if(pattern.text.begin(), pattern.text.end(),
                                        [](char c) { return c == '*' || c == '?'; });
  if (pattern.text == "*") {
    pattern.kind = ActionPattern::Kind::Any;
  } else if (wildcards == 0) {
    pattern.kind = ActionPattern::Kind::Exact;
  } else if (wildcards == 1 && pattern.text.back() == '*') {
    pattern.kind = ActionPattern::Kind::Prefix;
    pattern.text.pop_back();
  } else {
    pattern.kind = ActionPattern::Kind::Wildcard;
  }
  return pattern;
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return !value.empty() && std::find(list.begin(), list.end(), value) != list.end();
}

CompiledPrincipal compilePrincipal(const PrincipalElement& element) {
  CompiledPrincipal out;
  out.wildcard = element.wildcard;
  for (const auto& id : element.aws) {
    if (id == "*") continue;
    auto arn = Arn::parse(id);
    if (arn && arn->service == "iam" && arn->resource == "root") {
      out.accounts.push_back(arn->account_id);
    } else if (arn) {
      out.arns.push_back(id);
    } else if (id.starts_with("AIDA") || id.starts_with("AROA")) {
      out.unique_ids.push_back(id);
    } else {
      out.accounts.push_back(id);
    }
  }
  for (const auto& service : element.service) out.services.push_back(strings::toLower(service));
  out.federated = element.federated;
  out.canonical_users = element.canonical_user;
  return out;
}

}  // namespace

bool ActionPattern::matches(std::string_view action) const {
  switch (kind) {
    case Kind::Any:
      return true;
    case Kind::Exact:
      return strings::iequals(text, action);
    case Kind::Prefix:
      return strings::startsWithIgnoringCase(action, text);
    case Kind::Wildcard:
      return globMatch(text, action, true, false);
  }
  return false;
}

bool CompiledStatement::actionMatches(std::string_view action) const {
  bool any = std::any_of(actions.begin(), actions.end(),
                         [&](const ActionPattern& pattern) { return pattern.matches(action); });
  return any != not_action;
}

Grant CompiledPrincipal::grantFor(const Principal& p) const {
  if (wildcard) return Grant::Direct;
  switch (p.type) {
    case PrincipalType::Anonymous:
      return Grant::None;
    case PrincipalType::Service:
      for (const auto& service : services) {
        if (strings::iequals(service, p.service)) return Grant::Direct;
      }
      return Grant::None;
    case PrincipalType::Federated:
      return contains(federated, p.federated_provider) ? Grant::Direct : Grant::None;
    default:
      break;
  }
  if (contains(arns, p.arn) || contains(canonical_users, p.canonical_user_id)) {
    return Grant::Direct;
  }
  // A role session's aws:userid is "<role id>:<session>": the role's unique id names the role.
  std::string_view unique_id = std::string_view(p.user_id).substr(0, p.user_id.find(':'));
  if (p.type == PrincipalType::User && contains(unique_ids, unique_id)) return Grant::Direct;
  if (contains(arns, p.role_arn) || contains(arns, p.source_user_arn)) return Grant::Capped;
  if (p.type == PrincipalType::AssumedRole && contains(unique_ids, unique_id)) {
    return Grant::Capped;
  }
  if (contains(accounts, p.account_id)) {
    return p.type == PrincipalType::Root ? Grant::Direct : Grant::Account;
  }
  return Grant::None;
}

bool CompiledPrincipal::excludes(const Principal& p) const {
  if (wildcard) return true;
  bool account = contains(accounts, p.account_id);
  switch (p.type) {
    case PrincipalType::Anonymous:
      return false;
    case PrincipalType::Root:
      return account;
    case PrincipalType::User:
    case PrincipalType::FederatedUser:
      return account && contains(arns, p.arn);
    case PrincipalType::AssumedRole:
      return account && contains(arns, p.arn) && contains(arns, p.role_arn);
    case PrincipalType::Service:
      return std::any_of(services.begin(), services.end(),
                         [&](const std::string& s) { return strings::iequals(s, p.service); });
    case PrincipalType::Federated:
      return contains(federated, p.federated_provider);
  }
  return false;
}

CompiledPolicy compilePolicy(const PolicyDocument& document) {
  CompiledPolicy out;
  bool variables = document.variablesEnabled();
  for (const auto& statement : document.statements) {
    CompiledStatement compiled;
    compiled.effect = statement.effect;
    compiled.not_action = statement.not_action;
    for (const auto& action : statement.actions) compiled.actions.push_back(compileAction(action));
    compiled.has_resource = statement.has_resource;
    compiled.not_resource = statement.not_resource;
    for (const auto& resource : statement.resources) {
      ResourcePattern pattern;
      pattern.any = resource == "*";
      pattern.text = ValueTemplate(resource, variables, /*wildcard_form=*/true);
      compiled.resources.push_back(std::move(pattern));
    }
    if (statement.principal) {
      compiled.has_principal = true;
      compiled.not_principal = statement.not_principal;
      compiled.principal = compilePrincipal(*statement.principal);
    }
    for (const auto& clause : statement.conditions) {
      compiled.conditions.push_back(compileCondition(clause, variables));
    }
    out.statements.push_back(std::move(compiled));
  }
  return out;
}

}  // namespace awsemu::iam
