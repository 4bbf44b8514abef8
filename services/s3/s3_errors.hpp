#pragma once
// S3 errors as the real service answers them: code, HTTP status, message and the extra members S3
// puts in its <Error> document (BucketName, Key, ...), which the rest-xml codec writes from
// AwsError::fields. Headers S3 adds to some errors (x-amz-delete-marker) go in AwsError::headers.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
// Messages follow what S3 sends on the wire, which differs in places from the table above (no
// final period on NoSuchBucket, for one).
#include <cstdint>
#include <string>
#include <string_view>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::s3::errors {

// ---- buckets ------------------------------------------------------------------------------------
AwsError noSuchBucket(std::string_view bucket);             // 404
AwsError bucketAlreadyExists(std::string_view bucket);      // 409, owned by another account
AwsError bucketAlreadyOwnedByYou(std::string_view bucket);  // 409 (not in us-east-1)
AwsError bucketNotEmpty(std::string_view bucket);           // 409
AwsError invalidBucketName(std::string_view bucket);        // 400
AwsError invalidBucketState(std::string message);           // 409
AwsError tooManyBuckets();                                  // 400
// The "NoSuch<Config>" error of a bucket configuration that was never set (GetBucketPolicy on a
// bucket without a policy, ...). `subresource` is the query name: "policy", "cors", "lifecycle",
// "website", "tagging", "encryption", "object-lock", "ownershipControls", "publicAccessBlock",
// "replication", ... Unknown names give a generic 404 NoSuchConfiguration.
AwsError configurationNotFound(std::string_view subresource, std::string_view bucket);

// ---- objects ------------------------------------------------------------------------------------
AwsError noSuchKey(std::string_view key);  // 404
// GET/HEAD of a key whose current version is a delete marker: 404 NoSuchKey with the headers
// x-amz-delete-marker: true and x-amz-version-id of the marker (when the bucket is versioned).
AwsError noSuchKeyDeleteMarker(std::string_view key, std::string_view marker_version_id);
AwsError noSuchVersion(std::string_view key, std::string_view version_id);  // 404
AwsError invalidVersionId(std::string_view version_id);                     // 400 InvalidArgument
// GET/HEAD of a delete marker by its version id: 405 with x-amz-delete-marker and the version id.
AwsError methodNotAllowedOnDeleteMarker(std::string_view method, std::string_view version_id);
AwsError methodNotAllowed(std::string_view method, std::string_view resource_type);  // 405
AwsError keyTooLong(std::size_t size);                                               // 400
AwsError preconditionFailed(std::string_view condition);  // 412, condition: "If-Match", ...
AwsError notModified();                                   // 304 (no body on the wire)
AwsError invalidRange(std::uint64_t object_size, std::string_view range);  // 416
AwsError invalidPartNumber();                                              // 416 (GET ?partNumber)
// A conditional write raced with another write on the same key.
AwsError conditionalRequestConflict();                           // 409
AwsError invalidObjectState(std::string_view storage_class);     // 403
AwsError entityTooLarge(std::uint64_t size, std::uint64_t max);  // 400
AwsError invalidStorageClass(std::string_view storage_class);    // 400

// ---- request contents ---------------------------------------------------------------------------
AwsError badDigest(std::string_view expected_md5_base64, std::string_view computed_md5_base64);
// A checksum header (x-amz-checksum-crc32, ...) that does not match the body.
AwsError badChecksum(std::string_view algorithm_lower);
AwsError invalidDigest(std::string_view content_md5);  // 400, Content-MD5 not 16 base64 bytes
AwsError malformedXml();                               // 400
AwsError invalidArgument(std::string message, std::string_view name = {},
                         std::string_view value = {});  // 400
AwsError invalidRequest(std::string message);           // 400
AwsError missingContentLength();                        // 411
AwsError accessDenied();                                // 403
AwsError invalidContinuationToken();                    // 400 InvalidArgument

// ---- multipart uploads --------------------------------------------------------------------------
AwsError noSuchUpload(std::string_view upload_id);  // 404
AwsError entityTooSmall(std::uint64_t proposed_size, std::uint64_t min_size, int part_number,
                        std::string_view etag);  // 400
AwsError invalidPart(std::string_view upload_id, int part_number, std::string_view etag);
AwsError invalidPartOrder(std::string_view upload_id);             // 400
AwsError invalidPartNumberArgument(std::string_view part_number);  // 400 InvalidArgument

}  // namespace awsemu::s3::errors
