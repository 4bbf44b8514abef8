#include "services/sts/session_request.hpp"

#include "awsemu/core/arn.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/iam/evaluator.hpp"
#include "awsemu/iam/policy_errors.hpp"
#include "services/sts/sts_errors.hpp"

namespace awsemu::sts {
namespace {

// Session policies and tags are packed into the session token; AWS reports how much of the
// allotted space they take. Approximated as their compact size against 2,048 characters.
int packedPercent(const std::string& policy,
                  const std::vector<std::pair<std::string, std::string>>& tags) {
  std::size_t size = iam::policySizeWithoutWhitespace(policy);
  for (const auto& [key, value] : tags) size += key.size() + value.size() + 2;
  return static_cast<int>((size * 100 + 2047) / 2048);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> mergeTags(
    const std::vector<std::pair<std::string, std::string>>& base,
    const std::vector<std::pair<std::string, std::string>>& overriding) {
  auto out = overriding;
  for (const auto& [key, value] : base) {
    bool overridden = false;
    for (const auto& [k, v] : overriding) overridden = overridden || strings::iequals(k, key);
    if (!overridden) out.emplace_back(key, value);
  }
  return out;
}

SessionOptions sessionOptions(const Json& in, const std::string& account_id,
                              const service::PrincipalDirectory* directory,
                              const std::optional<auth::Credential>& caller) {
  SessionOptions out;
  std::string policy = in.value("Policy", "");
  if (!policy.empty()) {
    try {
      iam::parsePolicyDocument(policy, {iam::PolicyKind::Session, {}});
    } catch (const iam::PolicyError& error) {
      throw iam::errors::malformedPolicyDocument(error.what());
    }
    out.policies.push_back(policy);
  }
  for (const auto& entry : in.value("PolicyArns", Json::array())) {
    std::string arn = entry.value("arn", "");
    std::optional<std::string> document;
    if (directory) document = directory->policyDocument(account_id, arn);
    if (!document)
      throw errors::invalidParameterValue("Policy " + arn +
                                          " does not exist or is not attachable.");
    out.policies.push_back(*document);
  }
  std::vector<std::pair<std::string, std::string>> tags;
  for (const auto& tag : in.value("Tags", Json::array())) {
    std::string key = tag.value("Key", "");
    // The aws: prefix (any case) is reserved for AWS, in session tags as on IAM resources
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules).
    if (strings::startsWithIgnoringCase(key, "aws:"))
      throw errors::invalidParameterValue(
          "User is not authorized to perform tag operations with reserved prefix aws:");
    for (const auto& [k, v] : tags)
      if (strings::iequals(k, key))
        throw errors::invalidParameterValue(
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    tags.emplace_back(key, tag.value("Value", ""));
  }
  for (const auto& key : in.value("TransitiveTagKeys", Json::array())) {
    bool tagged = false;
    for (const auto& [k, v] : tags) tagged = tagged || strings::iequals(k, key.get<std::string>());
    if (!tagged)
      throw errors::invalidParameterValue(
          "The specified transitive tag key must be included in the requested tags.");
    out.transitive_tag_keys.push_back(key);
  }
  if (in.contains("Policy") || in.contains("Tags") || in.contains("PolicyArns"))
    out.packed_percent = packedPercent(policy, tags);
  if (out.packed_percent && *out.packed_percent > 100)
    throw errors::packedPolicyTooLarge(*out.packed_percent);
  // Role chaining: the caller's transitive tags stay on the new session (and stay transitive).
  std::vector<std::pair<std::string, std::string>> inherited;
  if (caller)
    for (const auto& key : caller->transitive_tag_keys)
      for (const auto& [k, v] : caller->tags)
        if (strings::iequals(k, key)) {
          inherited.emplace_back(k, v);
          out.transitive_tag_keys.push_back(k);
        }
  out.tags = mergeTags(inherited, tags);
  return out;
}

void addTagKeys(iam::ContextKeys& context, const SessionOptions& options) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : options.tags) {
    context.set("aws:RequestTag/" + key, value);
    keys.push_back(key);
  }
  if (!keys.empty()) context.set("aws:TagKeys", keys);
  if (!options.transitive_tag_keys.empty())
    context.set("sts:TransitiveTagKeys", options.transitive_tag_keys);
}

bool trustAllows(const service::RoleRecord& role, const iam::Principal& principal,
                 const std::vector<iam::PolicyPtr>& identity, const iam::PolicyPtr& boundary,
                 const std::vector<iam::PolicyPtr>& session, const std::string& action,
                 const iam::ContextKeys& context) {
  iam::PolicyPtr trust;
  try {
    trust =
        iam::Policy::parse(role.trust_policy, iam::PolicyKind::Unchecked, {role.name, "resource"});
  } catch (const std::exception&) {
    return false;
  }
  iam::AuthorizationRequest request;
  request.principal = &principal;
  request.action = action;
  request.resource = role.arn;
  request.resource_account = role.account_id;
  request.context = &context;
  request.identity_policies = identity;
  request.permissions_boundary = boundary.get();
  request.session_policies = session;
  request.resource_policy = trust.get();
  request.resource_policy_required = true;
  return iam::decide(request) == iam::Decision::Allow;
}

std::optional<service::RoleRecord> roleFor(const service::PrincipalDirectory* directory,
                                           const std::string& role_arn) {
  auto arn = Arn::parse(role_arn);
  if (!directory || !arn || arn->service != "iam" || !arn->resource.starts_with("role/"))
    return std::nullopt;
  auto role =
      directory->findRole(arn->account_id, arn->resource.substr(arn->resource.rfind('/') + 1));
  if (!role || role->arn != role_arn) return std::nullopt;
  return role;
}

}  // namespace awsemu::sts
