#include "services/s3/bucket_policy.hpp"

#include <array>
#include <cctype>
#include <vector>

namespace awsemu::s3::policy {
namespace {

// A string or a list of strings, as every policy element may be.
std::vector<std::string> strings(const Json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array())
    for (const auto& item : value)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

bool allStrings(const Json& value) {
  if (value.is_string()) return true;
  if (!value.is_array() || value.empty()) return false;
  for (const auto& item : value)
    if (!item.is_string()) return false;
  return true;
}

std::vector<Json> statementsOf(const Json& policy) {
  const auto& statement = policy.at("Statement");
  if (statement.is_array()) return std::vector<Json>(statement.begin(), statement.end());
  return {statement};
}

// "123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/x", "*".
bool validAwsPrincipal(std::string_view principal) {
  if (principal == "*") return true;
  auto digits = [](std::string_view text) {
    if (text.size() != 12) return false;
    for (char c : text)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
  };
  if (digits(principal)) return true;
  constexpr std::string_view prefix = "arn:aws:iam::";
  if (principal.substr(0, prefix.size()) != prefix) return false;
  auto rest = principal.substr(prefix.size());
  auto colon = rest.find(':');
  return colon != std::string_view::npos && digits(rest.substr(0, colon)) &&
         colon + 1 < rest.size();
}

void validatePrincipal(const Json& principal) {
  if (principal.is_string()) {
    if (principal.get<std::string>() != "*") throw malformedPolicy("Invalid principal in policy");
    return;
  }
  if (!principal.is_object() || principal.empty())
    throw malformedPolicy("Invalid principal in policy");
  for (const auto& [kind, value] : principal.items()) {
    if (!allStrings(value)) throw malformedPolicy("Invalid principal in policy");
    if (kind == "AWS") {
      for (const auto& name : strings(value))
        if (!validAwsPrincipal(name)) throw malformedPolicy("Invalid principal in policy");
    } else if (kind != "CanonicalUser" && kind != "Service" && kind != "Federated") {
      throw malformedPolicy("Invalid principal in policy");
    }
  }
}

void validateActions(const Json& actions) {
  if (!allStrings(actions)) throw malformedPolicy("Policy has invalid action");
  for (const auto& action : strings(actions)) {
    bool s3 =
        action.size() > 3 && (action.compare(0, 3, "s3:") == 0 || action.compare(0, 3, "S3:") == 0);
    if (action != "*" && !s3) throw malformedPolicy("Policy has invalid action");
  }
}

// Every resource must be the bucket or inside it.
void validateResources(const Json& resources, std::string_view bucket) {
  if (!allStrings(resources)) throw malformedPolicy("Policy has invalid resource");
  const std::string own = "arn:aws:s3:::" + std::string(bucket);
  for (const auto& resource : strings(resources)) {
    bool inside = resource == own || resource.compare(0, own.size() + 1, own + "/") == 0 ||
                  (resource.compare(0, 13, "arn:aws:s3:::") == 0 &&
                   globMatch(resource.substr(0, resource.find('/')), own));
    if (!inside) throw malformedPolicy("Policy has invalid resource");
  }
}

void validateStatement(const Json& statement, std::string_view bucket) {
  if (!statement.is_object()) throw malformedPolicy("Missing required field Statement");
  auto effect = statement.find("Effect");
  if (effect == statement.end()) throw malformedPolicy("Missing required field Effect");
  if (!effect->is_string() || (*effect != "Allow" && *effect != "Deny"))
    throw malformedPolicy("Invalid effect: " +
                          (effect->is_string() ? effect->get<std::string>() : effect->dump()));
  bool principal = statement.contains("Principal"),
       not_principal = statement.contains("NotPrincipal");
  if (!principal && !not_principal) throw malformedPolicy("Missing required field Principal");
  validatePrincipal(statement.value(principal ? "Principal" : "NotPrincipal", Json()));
  bool action = statement.contains("Action"), not_action = statement.contains("NotAction");
  if (!action && !not_action) throw malformedPolicy("Missing required field Action");
  validateActions(statement.value(action ? "Action" : "NotAction", Json()));
  bool resource = statement.contains("Resource"), not_resource = statement.contains("NotResource");
  if (!resource && !not_resource) throw malformedPolicy("Missing required field Resource");
  validateResources(statement.value(resource ? "Resource" : "NotResource", Json()), bucket);
  if (auto condition = statement.find("Condition");
      condition != statement.end() && !condition->is_object())
    throw malformedPolicy("Policy has an invalid condition block");
}

// ---- evaluation --------------------------------------------------------------------------------

bool principalMatches(const Json& principal, const Request& request) {
  if (principal.is_string()) return principal.get<std::string>() == "*";
  if (!principal.is_object()) return false;
  for (const auto& [kind, value] : principal.items()) {
    if (kind != "AWS") continue;
    for (const auto& name : strings(value)) {
      if (name == "*") return true;
      if (request.anonymous) continue;
      // An account (or its root ARN) stands for every principal of that account.
      if (name == request.account || name == "arn:aws:iam::" + request.account + ":root")
        return true;
      if (name == request.arn) return true;
    }
  }
  return false;
}

bool anyMatches(const Json& patterns, std::string_view text, bool ignore_case) {
  for (const auto& pattern : strings(patterns))
    if (globMatch(pattern, text, ignore_case)) return true;
  return false;
}

// One condition operator over its keys: every key must be satisfied (AND), any of a key's
// values may satisfy it (OR). Keys the request does not have fail, unless ...IfExists.
bool conditionHolds(std::string op, const Json& keys, const Request& request) {
  bool if_exists = op.size() > 8 && op.compare(op.size() - 8, 8, "IfExists") == 0;
  if (if_exists) op.resize(op.size() - 8);
  for (const auto& [key, values] : keys.items()) {
    auto found = request.context.end();
    for (auto it = request.context.begin(); it != request.context.end(); ++it)
      if (globMatch(it->first, key, true) && it->first.size() == key.size()) found = it;
    if (found == request.context.end()) {
      if (if_exists) continue;
      if (op == "Null") {
        if (!anyMatches(values, "true", true)) return false;
        continue;
      }
      return false;
    }
    const std::string& actual = found->second;
    std::vector<std::string> wanted = strings(values);
    if (values.is_boolean()) wanted.push_back(values.get<bool>() ? "true" : "false");
    bool any = false;
    for (const auto& want : wanted) {
      if (op == "StringEquals" || op == "ArnEquals")
        any |= want == actual;
      else if (op == "StringEqualsIgnoreCase" || op == "Bool")
        any |= globMatch(want, actual, true) && want.find_first_of("*?") == std::string::npos;
      else if (op == "StringLike" || op == "ArnLike")
        any |= globMatch(want, actual);
      else if (op == "StringNotEquals")
        any |= want != actual;
      else if (op == "StringNotLike")
        any |= !globMatch(want, actual);
      else if (op == "Null")
        any |= want == "false";
    }
    // Negated operators hold only when no value matches.
    if ((op == "StringNotEquals" || op == "StringNotLike") && wanted.size() > 1) {
      any = true;
      for (const auto& want : wanted)
        if (op == "StringNotEquals" ? want == actual : globMatch(want, actual)) any = false;
    }
    if (!any) return false;
  }
  return true;
}

bool statementApplies(const Json& statement, const Request& request) {
  if (statement.contains("Principal") && !principalMatches(statement["Principal"], request))
    return false;
  if (statement.contains("NotPrincipal") && principalMatches(statement["NotPrincipal"], request))
    return false;
  if (statement.contains("Action") && !anyMatches(statement["Action"], request.action, true))
    return false;
  if (statement.contains("NotAction") && anyMatches(statement["NotAction"], request.action, true))
    return false;
  if (statement.contains("Resource") && !anyMatches(statement["Resource"], request.resource, false))
    return false;
  if (statement.contains("NotResource") &&
      anyMatches(statement["NotResource"], request.resource, false))
    return false;
  if (auto condition = statement.find("Condition");
      condition != statement.end() && condition->is_object())
    for (const auto& [op, keys] : condition->items())
      if (!keys.is_object() || !conditionHolds(op, keys, request)) return false;
  return true;
}

// Condition keys that tie a wildcard principal to known callers: such a grant is not public.
constexpr std::array<std::string_view, 10> kRestrictingKeys{
    "aws:sourceip",       "aws:sourcearn",   "aws:sourcevpc",        "aws:sourcevpce",
    "aws:sourceaccount",  "aws:sourceowner", "aws:principalaccount", "aws:principalarn",
    "aws:principalorgid", "aws:userid"};

bool restrictsPrincipal(const Json& condition) {
  if (!condition.is_object()) return false;
  for (const auto& [op, keys] : condition.items()) {
    if (!keys.is_object()) continue;
    for (const auto& [key, value] : keys.items()) {
      std::string lower;
      for (char c : key) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (auto restricting : kRestrictingKeys)
        if (lower == restricting) return true;
    }
  }
  return false;
}

}  // namespace

AwsError malformedPolicy(std::string message) {
  return AwsError("MalformedPolicy", std::move(message), 400);
}

bool globMatch(std::string_view pattern, std::string_view text, bool ignore_case) {
  auto same = [ignore_case](char a, char b) {
    if (!ignore_case) return a == b;
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  };
  // Iterative matcher with one backtrack point for the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Json validate(std::string_view text, std::string_view bucket) {
  Json policy = Json::parse(text.begin(), text.end(), nullptr, false);
  if (policy.is_discarded() || !policy.is_object())
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (auto version = policy.find("Version");
      version != policy.end() &&
      (!version->is_string() || (*version != "2012-10-17" && *version != "2008-10-17")))
    throw malformedPolicy("Policy has an invalid version");
  auto statement = policy.find("Statement");
  if (statement == policy.end() || statement->is_null() ||
      (statement->is_array() && statement->empty()))
    throw malformedPolicy("Missing required field Statement");
  for (const auto& one : statementsOf(policy)) validateStatement(one, bucket);
  return policy;
}

Decision evaluate(const Json& policy, const Request& request) {
  if (!policy.is_object() || !policy.contains("Statement")) return Decision::Pass;
  bool allowed = false;
  for (const auto& statement : statementsOf(policy)) {
    if (!statement.is_object() || !statementApplies(statement, request)) continue;
    if (statement.value("Effect", "") == "Deny") return Decision::Deny;
    allowed = true;
  }
  return allowed ? Decision::Allow : Decision::Pass;
}

bool isPublic(const Json& policy) {
  if (!policy.is_object() || !policy.contains("Statement")) return false;
  for (const auto& statement : statementsOf(policy)) {
    if (!statement.is_object() || statement.value("Effect", "") != "Allow") continue;
    Request everyone;
    everyone.anonymous = true;
    bool wildcard =
        statement.contains("Principal") && principalMatches(statement["Principal"], everyone);
    if (wildcard && !restrictsPrincipal(statement.value("Condition", Json()))) return true;
  }
  return false;
}

}  // namespace awsemu::s3::policy
