// The last validation stage: what each kind of policy may contain. Identity and session
// policies name no principal (the principal is whoever the policy is attached to); resource
// and trust policies must; trust policies grant only the STS role actions and have no Resource.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#include <algorithm>
#include <cctype>

#include "awsemu/core/arn.hpp"
#include "awsemu/iam/matching.hpp"
#include "awsemu/iam/policy_document.hpp"

namespace awsemu::iam {
namespace {

[[noreturn]] void fail(const std::string& message) { throw PolicyError(message); }

bool isAccountId(std::string_view text) {
  return text.size() == 12 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Users and roles are the principals IAM resolves to unique ids, so they must exist.
bool namesUserOrRole(const Arn& arn) {
  return arn.service == "iam" &&
         (arn.resource.starts_with("user/") || arn.resource.starts_with("role/"));
}

// An AWS principal: "*", an account id, or the ARN of a root user, user, role, role session or
// federated user. Principal ARNs take no wildcards.
// What IAM stores in place of a deleted user's or role's ARN: its unique id.
bool isUniqueId(std::string_view text) {
  return text.size() >= 16 && (text.starts_with("AIDA") || text.starts_with("AROA")) &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

bool validAwsPrincipal(const std::string& id) {
  if (id == "*" || isAccountId(id) || isUniqueId(id)) return true;
  auto arn = Arn::parse(id);
  if (!arn || !arn->region.empty()) return false;
  // CloudFront origin access identities live in the pseudo-account "cloudfront".
  if (arn->account_id == "cloudfront") {
    return arn->service == "iam" && arn->resource.starts_with("user/");
  }
  if (!isAccountId(arn->account_id)) return false;
  if (id.find_first_of("*?") != std::string::npos) return false;
  if (arn->service == "iam") {
    return arn->resource == "root" || namesUserOrRole(*arn);
  }
  if (arn->service == "sts") {
    return arn->resource.starts_with("assumed-role/") ||
           arn->resource.starts_with("federated-user/");
  }
  return false;
}

std::string invalidPrincipal(std::string_view type, std::string_view id) {
  return "Invalid principal in policy: \"" + std::string(type) + "\":\"" + std::string(id) + "\"";
}

void checkPrincipal(const PrincipalElement& principal, const ParseOptions& options) {
  for (const auto& id : principal.aws) {
    if (!validAwsPrincipal(id)) fail(invalidPrincipal("AWS", id));
    if (options.principal_exists) {
      auto arn = Arn::parse(id);
      if (arn && namesUserOrRole(*arn) && !options.principal_exists(id)) {
        fail(invalidPrincipal("AWS", id));
      }
    }
  }
  auto checkNames = [](const std::vector<std::string>& ids, std::string_view type) {
    for (const auto& id : ids) {
      bool blank = id.empty() || std::any_of(id.begin(), id.end(), [](char c) {
                     return std::isspace(static_cast<unsigned char>(c));
                   });
      if (blank) fail(invalidPrincipal(type, id));
    }
  };
  checkNames(principal.service, "Service");
  checkNames(principal.federated, "Federated");
  checkNames(principal.canonical_user, "CanonicalUser");
}

// The actions a trust policy may grant.
bool trustAction(std::string_view pattern) {
  static constexpr std::string_view kActions[] = {
      "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
      "sts:TagSession", "sts:SetSourceIdentity",  "sts:SetContext"};
  return std::any_of(std::begin(kActions), std::end(kActions),
                     [&](std::string_view action) { return actionMatches(pattern, action); });
}

void checkTrustStatement(const Statement& statement, const ParseOptions& options) {
  if (statement.has_resource) fail("Has prohibited field Resource");
  if (!statement.principal) {
    fail(
        "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed "
        "in policy has a statement with no principals!");
  }
  if (statement.not_action) {
    fail(
        "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML, "
        "and sts:AssumeRoleWithWebIdentity");
  }
  for (const auto& action : statement.actions) {
    if (!trustAction(action)) {
      fail(
          "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML, "
          "and sts:AssumeRoleWithWebIdentity");
    }
  }
  checkPrincipal(*statement.principal, options);
}

}  // namespace

void validateStatements(const std::vector<Statement>& statements, const ParseOptions& options) {
  for (const auto& statement : statements) {
    switch (options.kind) {
      case PolicyKind::Identity:
      case PolicyKind::Session:
        if (statement.principal) fail("Policy document should not specify a principal.");
        break;
      case PolicyKind::Resource:
        if (!statement.principal) fail("Missing required field Principal");
        checkPrincipal(*statement.principal, options);
        break;
      case PolicyKind::Trust:
        checkTrustStatement(statement, options);
        break;
      case PolicyKind::Unchecked:
        break;
    }
  }
}

}  // namespace awsemu::iam
