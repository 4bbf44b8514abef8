#pragma once
// The errors IAM and STS answer for policy documents, and IAM's size quotas.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
#include <cstddef>
#include <string>
#include <string_view>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::iam {

// Size quotas, counted in characters with whitespace removed (AWS does not count whitespace).
// Inline quotas apply to the sum of all inline policies of that user, group or role.
enum class PolicySizeQuota {
  ManagedPolicy,  // 6,144: "Cannot exceed quota for PolicySize: 6144"
  UserInline,     // 2,048: "Maximum policy size of 2048 bytes exceeded for user <name>"
  GroupInline,    // 5,120: "Maximum policy size of 5120 bytes exceeded for group <name>"
  RoleInline,     // 10,240: "Maximum policy size of 10240 bytes exceeded for role <name>"
  TrustPolicy,    // 2,048: "Cannot exceed quota for ACLSizePerRole: 2048"
};

std::size_t quotaLimit(PolicySizeQuota quota);

// Characters of the document that count towards a quota (everything but JSON whitespace).
std::size_t policySizeWithoutWhitespace(std::string_view text);

namespace errors {
// MalformedPolicyDocument 400 (IAM and STS).
AwsError malformedPolicyDocument(std::string message);
// LimitExceeded 409 (IAM) with the quota's message; entity_name is the user, group or role name
// for inline quotas (ignored for the others).
AwsError policySizeExceeded(PolicySizeQuota quota, std::string_view entity_name = {});
}  // namespace errors

// Throws errors::policySizeExceeded when `size` (from policySizeWithoutWhitespace, summed over a
// principal's inline policies where that is the quota) is over the quota's limit.
void checkPolicySize(std::size_t size, PolicySizeQuota quota, std::string_view entity_name = {});

}  // namespace awsemu::iam
