#pragma once
// Access control lists as S3 models them: an Owner and Grants of permissions (FULL_CONTROL, READ,
// WRITE, READ_ACP, WRITE_ACP) to canonical users or groups (AllUsers, AuthenticatedUsers,
// LogDelivery). Documents use the model's member names, so they go straight into
// GetBucketAcl/GetObjectAcl output: {"Owner": {"ID", "DisplayName"}, "Grants": [{"Grantee":
// {"Type", "ID" | "URI", "DisplayName"}, "Permission"}]}.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
#include <string>
#include <string_view>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/json.hpp"

namespace awsemu::s3::acl {

inline constexpr std::string_view kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
inline constexpr std::string_view kAuthenticatedUsers =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
inline constexpr std::string_view kLogDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery";

Json owner(std::string_view account);  // {"ID": canonical id, "DisplayName": ...}

// The ACL a canned name stands for ("private", "public-read", "bucket-owner-full-control", ...),
// owned by `owner_account`; `bucket_owner` matters for the bucket-owner-* names.
// InvalidArgument for an unknown name.
Json canned(std::string_view name, std::string_view owner_account,
            std::string_view bucket_owner = {});

// The ACL a Put*Acl / PutObject / CreateBucket request sets, from its members: ACL (canned),
// Grant* headers (x-amz-grant-read: id="...", uri="..."), or AccessControlPolicy (body).
// nullopt-like: returns null when the request names no ACL at all.
// InvalidRequest for canned + grant headers; UnexpectedContent for headers + body.
Json fromRequest(const Json& input, std::string_view owner_account,
                 std::string_view bucket_owner = {});

// Does `acl` grant `permission` ("READ", "WRITE", "READ_ACP", "WRITE_ACP") to the caller?
// FULL_CONTROL implies all of them. `account` is empty for anonymous callers.
bool allows(const Json& acl, std::string_view account, bool anonymous, std::string_view permission);

// Whether any grant goes to AllUsers or AuthenticatedUsers (what public access block calls a
// public ACL).
bool isPublic(const Json& acl);

// Only the owner has any grant (what BucketOwnerEnforced buckets accept).
bool ownerOnly(const Json& acl, std::string_view owner_account);

}  // namespace awsemu::s3::acl
