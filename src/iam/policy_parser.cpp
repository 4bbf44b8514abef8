// Policy documents: JSON → PolicyDocument, then IAM's checks in the order IAM applies them. IAM
// reports only the first failing stage, each with a fixed message:
//   1. grammar ("Syntax errors in policy.")
//   2. version, for identity policies ("Policy document must be version 2012-10-17 or greater.")
//   3. the legacy parser: case-sensitive Effect, date condition values, resource ARN shapes
//   4. unique statement ids, then actions present, then resources present
//   5. resource ARN format errors (they name the resource)
//   6. action vendor prefixes
//   7. what the kind of policy allows: principals, trust-policy actions, Resource in trust policies
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/core/time.hpp"
#include "awsemu/iam/policy_document.hpp"
#include "src/iam/condition_operators.hpp"
#include "src/iam/statement_positions.hpp"

namespace awsemu::iam {
namespace {

// Members keep the document's order: statements, conditions and the missing keys simulation
// reports follow the text.
using Json = nlohmann::ordered_json;
using OrderedJson = nlohmann::ordered_json;

constexpr const char* kSyntaxError = "Syntax errors in policy.";

[[noreturn]] void fail(const std::string& message) { throw PolicyError(message); }
void require(bool condition, const char* message = kSyntaxError) {
  if (!condition) fail(message);
}

// A statement as parsed, with what the later stages need beyond the Statement itself.
struct ParsedStatement {
  Statement statement;
  std::string effect_text;  // as written (the legacy parser is case-sensitive)
};

// ---- 1. grammar ----------------------------------------------------------------------------

std::vector<std::string> stringOrList(const Json& value) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
    return out;
  }
  require(value.is_array());
  for (const auto& item : value) {
    require(item.is_string());
    out.push_back(item.get<std::string>());
  }
  return out;
}

// Condition values may be written as JSON strings, booleans or numbers.
std::string conditionScalar(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  require(value.is_number());
  return value.dump();
}

std::vector<ConditionClause> parseConditions(const Json& block) {
  require(block.is_object());
  std::vector<ConditionClause> out;
  for (const auto& [operator_name, keys] : block.items()) {
    require(keys.is_object());
    // An operator IAM does not know passes only with an empty block.
    require(parseConditionOperator(operator_name).has_value() || keys.empty());
    for (const auto& [key, values] : keys.items()) {
      ConditionClause clause{operator_name, key, {}};
      if (values.is_array()) {
        for (const auto& value : values) clause.values.push_back(conditionScalar(value));
      } else {
        clause.values.push_back(conditionScalar(values));
      }
      out.push_back(std::move(clause));
    }
  }
  return out;
}

PrincipalElement parsePrincipal(const Json& value) {
  PrincipalElement principal;
  if (value.is_string()) {
    require(value.get<std::string>() == "*");
    principal.wildcard = true;
    return principal;
  }
  require(value.is_object() && !value.empty());
  for (const auto& [type, ids] : value.items()) {
    std::vector<std::string> list = stringOrList(ids);
    if (type == "AWS") {
      for (auto& id : list) {
        if (id == "*") principal.wildcard = true;
        principal.aws.push_back(std::move(id));
      }
    } else if (type == "Service") {
      principal.service = std::move(list);
    } else if (type == "Federated") {
      principal.federated = std::move(list);
    } else if (type == "CanonicalUser") {
      principal.canonical_user = std::move(list);
    } else {
      fail("Invalid principal in policy");
    }
  }
  return principal;
}

ParsedStatement parseStatement(const Json& json, PolicyKind kind) {
  static const std::set<std::string> kMembers = {"Sid",       "Effect",       "Action",
                                                 "NotAction", "Resource",     "NotResource",
                                                 "Principal", "NotPrincipal", "Condition"};
  require(json.is_object());
  for (const auto& [member, value] : json.items()) require(kMembers.count(member) > 0);
  require(!(json.contains("Action") && json.contains("NotAction")));
  require(!(json.contains("Resource") && json.contains("NotResource")));
  require(!(json.contains("Principal") && json.contains("NotPrincipal")));

  ParsedStatement parsed;
  Statement& statement = parsed.statement;
  if (!json.contains("Effect")) {
    fail(kind == PolicyKind::Resource ? "Missing required field Effect" : kSyntaxError);
  }
  const Json& effect = json["Effect"];
  require(effect.is_string());
  parsed.effect_text = effect.get<std::string>();
  require(strings::iequals(parsed.effect_text, "Allow") ||
          strings::iequals(parsed.effect_text, "Deny"));
  statement.effect = strings::iequals(parsed.effect_text, "Allow") ? Effect::Allow : Effect::Deny;

  if (json.contains("Sid")) {
    require(json["Sid"].is_string());
    statement.sid = json["Sid"].get<std::string>();
  }
  if (json.contains("Action")) statement.actions = stringOrList(json["Action"]);
  if (json.contains("NotAction")) {
    statement.not_action = true;
    statement.actions = stringOrList(json["NotAction"]);
  }
  if (json.contains("Resource") || json.contains("NotResource")) {
    statement.has_resource = true;
    statement.not_resource = json.contains("NotResource");
    statement.resources = stringOrList(json[statement.not_resource ? "NotResource" : "Resource"]);
  }
  if (json.contains("Principal")) statement.principal = parsePrincipal(json["Principal"]);
  if (json.contains("NotPrincipal")) {
    statement.not_principal = true;
    statement.principal = parsePrincipal(json["NotPrincipal"]);
  }
  if (json.contains("Condition")) statement.conditions = parseConditions(json["Condition"]);
  return parsed;
}

std::vector<ParsedStatement> parseGrammar(const Json& doc, PolicyKind kind, PolicyDocument& out) {
  require(doc.is_object());
  for (const auto& [member, value] : doc.items()) {
    require(member == "Version" || member == "Id" || member == "Statement");
  }
  if (doc.contains("Version")) {
    require(doc["Version"].is_string());
    out.version = doc["Version"].get<std::string>();
    require(out.version == "2012-10-17" || out.version == "2008-10-17");
  }
  if (doc.contains("Id")) {
    require(doc["Id"].is_string());
    out.id = doc["Id"].get<std::string>();
  }
  require(doc.contains("Statement"));
  const Json& statements = doc["Statement"];
  std::vector<ParsedStatement> parsed;
  if (statements.is_object()) {
    parsed.push_back(parseStatement(statements, kind));
  } else {
    require(statements.is_array() && !statements.empty());
    for (const auto& statement : statements) parsed.push_back(parseStatement(statement, kind));
  }
  return parsed;
}

// ---- 3. the legacy parser --------------------------------------------------------------------

bool legacyDateValue(std::string_view value) {
  bool digits = !value.empty() && std::all_of(value.begin(), value.end(),
                                              [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    long long seconds = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    return ec == std::errc() && ptr == value.data() + value.size();
  }
  return timefmt::parseIso8601(value).has_value();
}

std::vector<std::string_view> splitColons(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string_view::npos ? colon : colon - start));
    if (colon == std::string_view::npos) return parts;
    start = colon + 1;
  }
}

bool legacyResource(std::string_view resource) {
  if (resource == "*") return true;
  auto parts = splitColons(resource);
  bool enough = parts.size() >= 6 || resource.find("::") == std::string_view::npos;
  return enough && (parts.size() < 3 || !parts[2].empty());
}

// ---- 5. resource ARN format ----------------------------------------------------------------

// IAM shows a resource with a bad partition as an ARN, missing segments written as '*'.
std::string partitionError(const std::vector<std::string_view>& parts) {
  std::string_view partition = parts.size() > 1 ? parts[1] : std::string_view{};
  std::vector<std::string_view> rest(parts.begin() + std::min<std::size_t>(2, parts.size()),
                                     parts.end());
  auto at = [&](std::size_t i) -> std::string {
    return i < rest.size() ? std::string(rest[i]) : std::string("*");
  };
  std::string first = (rest.empty() || (rest[0].empty() && rest.size() == 1)) ? "*" : at(0);
  std::string last = "*";
  if (rest.size() > 3) {
    last.clear();
    for (std::size_t i = 3; i < rest.size(); ++i) {
      if (i > 3) last += ':';
      last.append(rest[i]);
    }
  }
  return "Partition \"" + std::string(partition) +
         "\" is not valid for resource \"arn:" + std::string(partition) + ":" + first + ":" +
         at(1) + ":" + at(2) + ":" + last + "\".";
}

// IAM resources name one of IAM's resource types.
std::optional<std::string> iamPathError(std::string_view path) {
  static constexpr std::string_view kPaths[] = {"user/",
                                                "federated-user/",
                                                "role/",
                                                "group/",
                                                "instance-profile/",
                                                "mfa/",
                                                "server-certificate/",
                                                "policy/",
                                                "sms-mfa/",
                                                "saml-provider/",
                                                "oidc-provider/",
                                                "report/",
                                                "access-report/"};
  bool valid = path == "*" || path == "root";
  for (std::string_view prefix : kPaths) valid = valid || path.starts_with(prefix);
  if (valid) return std::nullopt;
  std::string message = "IAM resource path must either be \"*\" or start with ";
  for (std::size_t i = 0; i < std::size(kPaths); ++i) {
    message.append(kPaths[i]);
    message += i + 1 < std::size(kPaths) ? ", " : ".";
  }
  return message;
}

std::optional<std::string> resourceFormatError(const std::string& resource) {
  if (resource == "*") return std::nullopt;
  if (resource.find(':') == std::string::npos) {
    return "Resource " + resource + " must be in ARN format or \"*\".";
  }
  auto parts = splitColons(resource);  // parts[0] is "arn" (or whatever was written)
  std::string_view partition = parts[1];
  if (partition != "aws" && partition != "aws-cn" && partition != "aws-us-gov") {
    return partitionError(parts);
  }
  if (parts.size() < 3) {
    return "Resource vendor must be fully qualified and cannot contain regexes.";
  }
  std::string_view service = parts[2];
  std::string_view region = parts.size() > 3 ? parts[3] : std::string_view{};
  if (service == "iam" && !region.empty()) {
    return "IAM resource " + resource + " cannot contain region information.";
  }
  if (service == "s3" && !region.empty()) {
    return "Resource " + resource + " can not contain region information.";
  }
  if (service == "iam" && parts.size() >= 6) {
    std::size_t prefix =
        parts[0].size() + parts[1].size() + parts[2].size() + parts[3].size() + parts[4].size() + 5;
    return iamPathError(std::string_view(resource).substr(prefix));
  }
  return std::nullopt;
}

// ---- 6. action vendors -----------------------------------------------------------------------

void checkActionVendor(std::string_view action) {
  if (action == "*") return;
  auto parts = splitColons(action);
  if (parts.size() == 1)
    fail("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  if (parts.size() > 2) fail("Actions/Condition can contain only one colon.");
  for (char c : parts[0]) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) {
      fail("Vendor " + std::string(parts[0]) + " is not valid");
    }
  }
}

// 3. Legacy parsing; returns the first resource format error, reported after stage 4.
std::optional<std::string> checkLegacyParsing(const std::vector<ParsedStatement>& parsed) {
  std::optional<std::string> resource_error;
  for (const auto& item : parsed) {
    const Statement& statement = item.statement;
    require(item.effect_text == "Allow" || item.effect_text == "Deny",
            "The policy failed legacy parsing");
    for (const auto& clause : statement.conditions) {
      auto op = parseConditionOperator(clause.operator_name);
      if (!op || op->family != OperatorFamily::Date) continue;
      for (const auto& value : clause.values) {
        require(legacyDateValue(value), "The policy failed legacy parsing");
      }
    }
    bool statement_format_error = false;
    for (const auto& resource : statement.resources) {
      if (auto error = resourceFormatError(resource)) {
        statement_format_error = true;
        if (!resource_error) resource_error = error;
      }
    }
    if (statement_format_error) continue;  // IAM reports the format error instead
    for (const auto& resource : statement.resources) {
      require(legacyResource(resource), "The policy failed legacy parsing");
    }
  }
  return resource_error;
}

// 4. Statement ids, then actions, then resources present.
void checkPresence(const std::vector<ParsedStatement>& parsed, PolicyKind kind) {
  std::set<std::string> sids;
  for (const auto& item : parsed) {
    const auto& sid = item.statement.sid;
    // IAM's own policies take alphanumeric Sids only; resource policies (S3, KMS) allow more.
    bool alphanumeric = !sid || std::all_of(sid->begin(), sid->end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    });
    if (!alphanumeric && kind != PolicyKind::Resource) {
      fail(
          "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
          "regular expression [0-9A-Za-z]*");
    }
    if (sid && !sid->empty() && !sids.insert(*sid).second) {
      fail("Statement IDs (SID) in a single policy must be unique.");
    }
  }
  for (const auto& item : parsed) {
    require(!item.statement.actions.empty(), "Policy statement must contain actions.");
  }
  if (kind == PolicyKind::Trust) return;  // trust policies have no Resource
  for (const auto& item : parsed) {
    require(item.statement.has_resource && !item.statement.resources.empty(),
            "Policy statement must contain resources.");
  }
}

std::vector<Statement> withPositions(std::vector<ParsedStatement> parsed, std::string_view text) {
  auto positions = locateStatements(text);
  std::vector<Statement> out;
  out.reserve(parsed.size());
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    out.push_back(std::move(parsed[i].statement));
    if (positions.size() == parsed.size()) {
      out.back().start = positions[i].first;
      out.back().end = positions[i].second;
    }
  }
  return out;
}

}  // namespace

// The stages that come after the grammar (policy_validation.cpp).
void validateStatements(const std::vector<Statement>& statements, const ParseOptions& options);

PolicyDocument parsePolicyDocument(std::string_view text, const ParseOptions& options) {
  Json json = OrderedJson::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) fail(kSyntaxError);
  PolicyDocument document;
  std::vector<ParsedStatement> parsed = parseGrammar(json, options.kind, document);
  if (options.kind == PolicyKind::Unchecked) {
    document.statements = withPositions(std::move(parsed), text);
    return document;
  }
  if (options.kind == PolicyKind::Identity && document.version != "2012-10-17") {
    fail("Policy document must be version 2012-10-17 or greater.");
  }
  std::optional<std::string> resource_error = checkLegacyParsing(parsed);
  checkPresence(parsed, options.kind);
  if (resource_error) fail(*resource_error);
  for (const auto& item : parsed) {
    for (const auto& action : item.statement.actions) checkActionVendor(action);
  }
  document.statements = withPositions(std::move(parsed), text);
  validateStatements(document.statements, options);  // 7. what this kind of policy allows
  return document;
}

}  // namespace awsemu::iam
