#include "awsemu/iam/policy_errors.hpp"

namespace awsemu::iam {

std::size_t quotaLimit(PolicySizeQuota quota) {
  switch (quota) {
    case PolicySizeQuota::ManagedPolicy:
      return 6144;
    case PolicySizeQuota::UserInline:
      return 2048;
    case PolicySizeQuota::GroupInline:
      return 5120;
    case PolicySizeQuota::RoleInline:
      return 10240;
    case PolicySizeQuota::TrustPolicy:
      return 2048;
  }
  return 0;
}

std::size_t policySizeWithoutWhitespace(std::string_view text) {
  std::size_t size = 0;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') ++size;
  }
  return size;
}

namespace errors {

AwsError malformedPolicyDocument(std::string message) {
  return AwsError("MalformedPolicyDocument", std::move(message), 400);
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
AwsError policySizeExceeded(PolicySizeQuota quota, std::string_view entity_name) {
  std::string limit = std::to_string(quotaLimit(quota));
  std::string message;
  switch (quota) {
    case PolicySizeQuota::ManagedPolicy:
      message = "Cannot exceed quota for PolicySize: " + limit;
      break;
    case PolicySizeQuota::TrustPolicy:
      message = "Cannot exceed quota for ACLSizePerRole: " + limit;
      break;
    case PolicySizeQuota::UserInline:
    case PolicySizeQuota::GroupInline:
    case PolicySizeQuota::RoleInline: {
      const char* entity = quota == PolicySizeQuota::UserInline    ? "user"
                           : quota == PolicySizeQuota::GroupInline ? "group"
                                                                   : "role";
      message = "Maximum policy size of " + limit + " bytes exceeded for " + entity + " " +
                std::string(entity_name);
      break;
    }
  }
  return AwsError("LimitExceeded", std::move(message), 409);
}

}  // namespace errors

void checkPolicySize(std::size_t size, PolicySizeQuota quota, std::string_view entity_name) {
  if (size > quotaLimit(quota)) throw errors::policySizeExceeded(quota, entity_name);
}

}  // namespace awsemu::iam
