#pragma once
// The matching rules of the policy language, for services that need them outside a policy.
#include <string_view>

namespace awsemu::iam {

// '*' matches any run of characters, '?' exactly one. Actions compare case-insensitively.
bool wildcardMatch(std::string_view pattern, std::string_view text, bool ignore_case = false);

// "s3:Get*" against "s3:GetObject" (case-insensitive).
bool actionMatches(std::string_view pattern, std::string_view action);

// ARN pattern against an ARN, case-sensitive, segment by segment: wildcards in the partition,
// service, region and account segments stay within their segment; in the resource segment they
// also match ':' and '/'. "*" matches everything.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
bool arnMatches(std::string_view pattern, std::string_view arn);

}  // namespace awsemu::iam
