#include "services/iam/policy_check.hpp"

#include "awsemu/iam/policy_document.hpp"
#include "awsemu/iam/policy_errors.hpp"

namespace awsemu::iam_service {

void checkPolicyDocument(const std::string& document, DocumentKind kind,
                         const std::function<bool(std::string_view)>& principal_exists) {
  iam::ParseOptions options;
  options.kind = kind == DocumentKind::Trust     ? iam::PolicyKind::Trust
                 : kind == DocumentKind::Session ? iam::PolicyKind::Session
                                                 : iam::PolicyKind::Identity;
  options.principal_exists = principal_exists;
  try {
    iam::parsePolicyDocument(document, options);
  } catch (const iam::PolicyError& error) {
    throw iam::errors::malformedPolicyDocument(error.what());
  }
}

void checkManagedPolicySize(const std::string& document) {
  iam::checkPolicySize(iam::policySizeWithoutWhitespace(document),
                       iam::PolicySizeQuota::ManagedPolicy);
}

void checkTrustPolicySize(const std::string& document) {
  iam::checkPolicySize(iam::policySizeWithoutWhitespace(document),
                       iam::PolicySizeQuota::TrustPolicy);
}

void checkInlinePolicySize(const InlinePolicies& policies, const std::string& name,
                           const std::string& document, const std::string& kind,
                           const std::string& holder) {
  std::size_t total = iam::policySizeWithoutWhitespace(document);
  for (const auto& [other, text] : policies)
    if (other != name) total += iam::policySizeWithoutWhitespace(text);
  auto quota = kind == "user"    ? iam::PolicySizeQuota::UserInline
               : kind == "group" ? iam::PolicySizeQuota::GroupInline
                                 : iam::PolicySizeQuota::RoleInline;
  iam::checkPolicySize(total, quota, holder);
}

}  // namespace awsemu::iam_service
