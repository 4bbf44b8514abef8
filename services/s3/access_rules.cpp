#include "services/s3/access_rules.hpp"

#include <array>

namespace awsemu::s3 {
namespace {

struct Entry {
  std::string_view operation, action;
  bool object;
  std::string_view permission;
};

// Operations whose action differs from "s3:<Operation>", or that an ACL can grant.
constexpr std::array<Entry, 52> kRules{{
    {"GetObject", "s3:GetObject", true, "READ"},
    {"HeadObject", "s3:GetObject", true, "READ"},
    {"GetObjectAttributes", "s3:GetObjectAttributes", true, "READ"},
    {"PutObject", "s3:PutObject", false, "WRITE"},
    {"CopyObject", "s3:PutObject", false, "WRITE"},
    {"CreateMultipartUpload", "s3:PutObject", false, "WRITE"},
    {"UploadPart", "s3:PutObject", false, "WRITE"},
    {"UploadPartCopy", "s3:PutObject", false, "WRITE"},
    {"CompleteMultipartUpload", "s3:PutObject", false, "WRITE"},
    {"AbortMultipartUpload", "s3:AbortMultipartUpload", false, "WRITE"},
    {"ListParts", "s3:ListMultipartUploadParts", false, "READ"},
    {"DeleteObject", "s3:DeleteObject", false, "WRITE"},
    {"DeleteObjects", "s3:DeleteObject", false, "WRITE"},
    {"ListObjects", "s3:ListBucket", false, "READ"},
    {"ListObjectsV2", "s3:ListBucket", false, "READ"},
    {"HeadBucket", "s3:ListBucket", false, "READ"},
    {"ListObjectVersions", "s3:ListBucketVersions", false, "READ"},
    {"ListMultipartUploads", "s3:ListBucketMultipartUploads", false, "READ"},
    {"GetObjectAcl", "s3:GetObjectAcl", true, "READ_ACP"},
    {"PutObjectAcl", "s3:PutObjectAcl", true, "WRITE_ACP"},
    {"GetBucketAcl", "s3:GetBucketAcl", false, "READ_ACP"},
    {"PutBucketAcl", "s3:PutBucketAcl", false, "WRITE_ACP"},
    {"GetObjectTagging", "s3:GetObjectTagging", true, ""},
    {"PutObjectTagging", "s3:PutObjectTagging", true, ""},
    {"DeleteObjectTagging", "s3:DeleteObjectTagging", true, ""},
    {"GetObjectRetention", "s3:GetObjectRetention", true, ""},
    {"PutObjectRetention", "s3:PutObjectRetention", true, ""},
    {"GetObjectLegalHold", "s3:GetObjectLegalHold", true, ""},
    {"PutObjectLegalHold", "s3:PutObjectLegalHold", true, ""},
    {"RestoreObject", "s3:RestoreObject", true, ""},
    {"GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration", false, ""},
    {"GetBucketLifecycle", "s3:GetLifecycleConfiguration", false, ""},
    {"PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration", false, ""},
    {"PutBucketLifecycle", "s3:PutLifecycleConfiguration", false, ""},
    {"DeleteBucketLifecycle", "s3:PutLifecycleConfiguration", false, ""},
    {"GetBucketCors", "s3:GetBucketCORS", false, ""},
    {"PutBucketCors", "s3:PutBucketCORS", false, ""},
    {"DeleteBucketCors", "s3:PutBucketCORS", false, ""},
    {"GetBucketEncryption", "s3:GetEncryptionConfiguration", false, ""},
    {"PutBucketEncryption", "s3:PutEncryptionConfiguration", false, ""},
    {"DeleteBucketEncryption", "s3:PutEncryptionConfiguration", false, ""},
    {"GetBucketNotificationConfiguration", "s3:GetBucketNotification", false, ""},
    {"PutBucketNotificationConfiguration", "s3:PutBucketNotification", false, ""},
    {"GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock", false, ""},
    {"PutPublicAccessBlock", "s3:PutBucketPublicAccessBlock", false, ""},
    {"DeletePublicAccessBlock", "s3:PutBucketPublicAccessBlock", false, ""},
    {"GetBucketAccelerateConfiguration", "s3:GetAccelerateConfiguration", false, ""},
    {"PutBucketAccelerateConfiguration", "s3:PutAccelerateConfiguration", false, ""},
    {"DeleteBucketTagging", "s3:PutBucketTagging", false, ""},
    {"GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration", false, ""},
    {"PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration", false, ""},
    {"DeleteBucketOwnershipControls", "s3:PutBucketOwnershipControls", false, ""},
}};

bool hasVersion(const Json& input) {
  auto version = input.find("VersionId");
  return version != input.end() && version->is_string() && !version->get<std::string>().empty();
}

}  // namespace

AccessRule accessRule(std::string_view operation, const Json& input) {
  AccessRule rule{"s3:" + std::string(operation), false, ""};
  for (const auto& entry : kRules)
    if (entry.operation == operation) {
      rule = {std::string(entry.action), entry.object, std::string(entry.permission)};
      break;
    }
  if (hasVersion(input)) {
    if (rule.action == "s3:GetObject") rule.action = "s3:GetObjectVersion";
    if (rule.action == "s3:DeleteObject") rule.action = "s3:DeleteObjectVersion";
    if (rule.action == "s3:GetObjectAcl") rule.action = "s3:GetObjectVersionAcl";
    if (rule.action == "s3:PutObjectAcl") rule.action = "s3:PutObjectVersionAcl";
    if (rule.action == "s3:GetObjectTagging") rule.action = "s3:GetObjectVersionTagging";
    if (rule.action == "s3:PutObjectTagging") rule.action = "s3:PutObjectVersionTagging";
  }
  return rule;
}

bool requestsPublicAcl(const Json& input) {
  if (auto canned = input.find("ACL"); canned != input.end() && canned->is_string()) {
    const auto& name = canned->get_ref<const std::string&>();
    if (name == "public-read" || name == "public-read-write" || name == "authenticated-read")
      return true;
  }
  for (const char* member :
       {"GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP"})
    if (auto grant = input.find(member);
        grant != input.end() && grant->is_string() &&
        grant->get<std::string>().find("acs.amazonaws.com/groups/global") != std::string::npos)
      return true;
  if (auto body = input.find("AccessControlPolicy"); body != input.end() && body->is_object())
    for (const auto& grant : body->value("Grants", Json::array())) {
      std::string uri = grant.value("Grantee", Json::object()).value("URI", "");
      if (uri.find("acs.amazonaws.com/groups/global") != std::string::npos) return true;
    }
  return false;
}

}  // namespace awsemu::s3
