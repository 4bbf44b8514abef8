#pragma once
// S3 errors the bucket and object handlers need beyond s3_errors.hpp, as S3 answers them.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
#include <cstddef>
#include <string>
#include <string_view>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::s3::errors {

// CreateBucket: LocationConstraint "us-east-1" sent to us-east-1 (400 InvalidLocationConstraint),
// or a constraint (or none) that differs from a regional endpoint's region
// (400 IllegalLocationConstraintException).
AwsError invalidLocationConstraint(std::string_view constraint);
AwsError illegalLocationConstraint(std::string_view constraint);
// CreateBucket with an ACL on a bucket whose ObjectOwnership is BucketOwnerEnforced.
AwsError invalidBucketAclWithObjectOwnership();
// An object ACL on a bucket with ACLs disabled (BucketOwnerEnforced).
AwsError accessControlListNotSupported();
// User metadata (x-amz-meta-*) over 2 KB: names and values counted in UTF-8 bytes.
AwsError metadataTooLarge(std::size_t size);
AwsError invalidTag(std::string message);  // 400
AwsError malformedAclError();              // 400 MalformedACLError
// A header S3 does not implement in that form (If-None-Match other than "*" on a write).
AwsError headerNotImplemented(std::string_view header);  // 501 NotImplemented
// CopyObject onto itself without changing anything S3 lets a copy change.
AwsError copyToItselfWithoutChange();  // 400 InvalidRequest
AwsError invalidCopySource(std::string message);

}  // namespace awsemu::s3::errors
