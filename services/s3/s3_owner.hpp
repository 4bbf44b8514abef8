#pragma once
// Owners as S3 shows them: every account has a stable canonical user id (64 hex characters) and a
// display name, used in ACL grants, ListBuckets' Owner, ListObjects' Owner and event records.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/finding-canonical-user-id.html
#include <string>
#include <string_view>

namespace awsemu::s3 {

// Stable for an account across restarts: derived from the account id alone.
std::string canonicalUserId(std::string_view account);
// The name S3 shows next to the canonical id.
std::string displayName(std::string_view account);

}  // namespace awsemu::s3
