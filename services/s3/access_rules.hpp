#pragma once
// What each S3 operation needs: the IAM action a bucket policy names it by, and the ACL (the
// object's or the bucket's) and permission that grant it to other callers. The policy resource
// is the object (arn:aws:s3:::bucket/key) whenever the request names a key.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#permissions
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::s3 {

struct AccessRule {
  std::string action;          // "s3:GetObject"
  bool object = false;         // the object's ACL grants it, else the bucket's
  std::string acl_permission;  // READ, WRITE, READ_ACP, WRITE_ACP; empty: no ACL grants it
};

// The rule for `operation` with its decoded input (a VersionId makes GetObject
// s3:GetObjectVersion, as S3's policy evaluation does).
AccessRule accessRule(std::string_view operation, const Json& input);

// Whether the request sets an ACL that public access block calls public (canned public-read,
// public-read-write, authenticated-read, or grants to AllUsers/AuthenticatedUsers).
bool requestsPublicAcl(const Json& input);

}  // namespace awsemu::s3
