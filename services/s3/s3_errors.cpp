#include "services/s3/s3_errors.hpp"

#include <array>
#include <utility>

namespace awsemu::s3::errors {
namespace {

std::string str(std::string_view text) { return std::string(text); }

AwsError withBucket(AwsError error, std::string_view bucket) {
  return std::move(error.with("BucketName", str(bucket)));
}

struct MissingConfiguration {
  std::string_view subresource, code, message;
};

// What S3 answers for a Get<Config> on a bucket that has none.
constexpr std::array<MissingConfiguration, 10> kMissingConfigurations{{
    {"policy", "NoSuchBucketPolicy", "The bucket policy does not exist"},
    {"cors", "NoSuchCORSConfiguration", "The CORS configuration does not exist"},
    {"lifecycle", "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"},
    {"website", "NoSuchWebsiteConfiguration",
     "The specified bucket does not have a website configuration"},
    {"tagging", "NoSuchTagSet", "The TagSet does not exist"},
    {"encryption", "ServerSideEncryptionConfigurationNotFoundError",
     "The server side encryption configuration was not found"},
    {"object-lock", "ObjectLockConfigurationNotFoundError",
     "Object Lock configuration does not exist for this bucket"},
    {"ownershipControls", "OwnershipControlsNotFoundError",
     "The bucket ownership controls were not found"},
    {"publicAccessBlock", "NoSuchPublicAccessBlockConfiguration",
     "The public access block configuration was not found"},
    {"replication", "ReplicationConfigurationNotFoundError",
     "The replication configuration was not found"},
}};

}  // namespace

AwsError noSuchBucket(std::string_view bucket) {
  return withBucket({"NoSuchBucket", "The specified bucket does not exist", 404}, bucket);
}

AwsError bucketAlreadyExists(std::string_view bucket) {
  return withBucket({"BucketAlreadyExists",
                     "The requested bucket name is not available. The bucket namespace is shared "
                     "by all users of the system. Please select a different name and try again.",
                     409},
                    bucket);
}

AwsError bucketAlreadyOwnedByYou(std::string_view bucket) {
  return withBucket({"BucketAlreadyOwnedByYou",
                     "Your previous request to create the named bucket succeeded and you already "
                     "own it.",
                     409},
                    bucket);
}

AwsError bucketNotEmpty(std::string_view bucket) {
  return withBucket({"BucketNotEmpty", "The bucket you tried to delete is not empty", 409}, bucket);
}

AwsError invalidBucketName(std::string_view bucket) {
  return withBucket({"InvalidBucketName", "The specified bucket is not valid.", 400}, bucket);
}

AwsError invalidBucketState(std::string message) {
  return {"InvalidBucketState", std::move(message), 409};
}

AwsError tooManyBuckets() {
  return {"TooManyBuckets", "You have attempted to create more buckets than allowed", 400};
}

AwsError configurationNotFound(std::string_view subresource, std::string_view bucket) {
  for (const auto& missing : kMissingConfigurations)
    if (missing.subresource == subresource)
      return withBucket({str(missing.code), str(missing.message), 404}, bucket);
  return withBucket({"NoSuchConfiguration", "The specified configuration does not exist.", 404},
                    bucket);
}

AwsError noSuchKey(std::string_view key) {
  AwsError error{"NoSuchKey", "The specified key does not exist.", 404};
  error.with("Key", str(key));
  return error;
}

AwsError noSuchKeyDeleteMarker(std::string_view key, std::string_view marker_version_id) {
  AwsError error = noSuchKey(key);
  error.headers.emplace_back("x-amz-delete-marker", "true");
  if (!marker_version_id.empty())
    error.headers.emplace_back("x-amz-version-id", str(marker_version_id));
  return error;
}

AwsError noSuchVersion(std::string_view key, std::string_view version_id) {
  AwsError error{"NoSuchVersion", "The specified version does not exist.", 404};
  error.with("Key", str(key)).with("VersionId", str(version_id));
  return error;
}

AwsError invalidVersionId(std::string_view version_id) {
  return invalidArgument("Invalid version id specified", "versionId", version_id);
}

AwsError methodNotAllowedOnDeleteMarker(std::string_view method, std::string_view version_id) {
  AwsError error = methodNotAllowed(method, "DeleteMarker");
  error.headers.emplace_back("x-amz-delete-marker", "true");
  error.headers.emplace_back("x-amz-version-id", str(version_id));
  return error;
}

AwsError methodNotAllowed(std::string_view method, std::string_view resource_type) {
  AwsError error{"MethodNotAllowed", "The specified method is not allowed against this resource.",
                 405};
  error.with("Method", str(method)).with("ResourceType", str(resource_type));
  return error;
}

AwsError keyTooLong(std::size_t size) {
  AwsError error{"KeyTooLongError", "Your key is too long", 400};
  error.with("MaxSizeAllowed", "1024").with("Size", std::to_string(size));
  return error;
}

AwsError preconditionFailed(std::string_view condition) {
  AwsError error{"PreconditionFailed",
                 "At least one of the pre-conditions you specified did not hold", 412};
  error.with("Condition", str(condition));
  return error;
}

AwsError notModified() { return {"NotModified", "Not Modified", 304}; }

AwsError invalidRange(std::uint64_t object_size, std::string_view range) {
  AwsError error{"InvalidRange", "The requested range is not satisfiable", 416};
  error.with("ActualObjectSize", std::to_string(object_size)).with("RangeRequested", str(range));
  return error;
}

AwsError invalidPartNumber() {
  return {"InvalidPartNumber", "The requested partnumber is not satisfiable", 416};
}

AwsError conditionalRequestConflict() {
  return {"ConditionalRequestConflict",
          "The conditional request cannot succeed due to a conflicting operation against this "
          "resource.",
          409};
}

AwsError invalidObjectState(std::string_view storage_class) {
  AwsError error{"InvalidObjectState", "The operation is not valid for the object's storage class",
                 403};
  error.with("StorageClass", str(storage_class));
  return error;
}

AwsError entityTooLarge(std::uint64_t size, std::uint64_t max) {
  AwsError error{"EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400};
  error.with("ProposedSize", std::to_string(size)).with("MaxSizeAllowed", std::to_string(max));
  return error;
}

AwsError invalidStorageClass(std::string_view storage_class) {
  AwsError error{"InvalidStorageClass", "The storage class you specified is not valid", 400};
  error.with("StorageClassRequested", str(storage_class));
  return error;
}

AwsError badDigest(std::string_view expected_md5_base64, std::string_view computed_md5_base64) {
  AwsError error{"BadDigest", "The Content-MD5 you specified did not match what we received.", 400};
  error.with("ExpectedDigest", str(expected_md5_base64))
      .with("CalculatedDigest", str(computed_md5_base64));
  return error;
}

AwsError badChecksum(std::string_view algorithm_lower) {
  return {"BadDigest",
          "The " + str(algorithm_lower) + " you specified did not match the calculated checksum.",
          400};
}

AwsError invalidDigest(std::string_view content_md5) {
  AwsError error{"InvalidDigest", "The Content-MD5 you specified was invalid.", 400};
  error.with("Content-MD5", str(content_md5));
  return error;
}

AwsError malformedXml() {
  return {"MalformedXML",
          "The XML you provided was not well-formed or did not validate against our published "
          "schema",
          400};
}

AwsError invalidArgument(std::string message, std::string_view name, std::string_view value) {
  AwsError error{"InvalidArgument", std::move(message), 400};
  if (!name.empty()) error.with("ArgumentName", str(name)).with("ArgumentValue", str(value));
  return error;
}

AwsError invalidRequest(std::string message) { return {"InvalidRequest", std::move(message), 400}; }

AwsError missingContentLength() {
  return {"MissingContentLength", "You must provide the Content-Length HTTP header.", 411};
}

AwsError accessDenied() { return {"AccessDenied", "Access Denied", 403}; }

AwsError invalidContinuationToken() {
  return invalidArgument("The continuation token provided is incorrect", "continuation-token", "");
}

AwsError noSuchUpload(std::string_view upload_id) {
  AwsError error{"NoSuchUpload",
                 "The specified upload does not exist. The upload ID may be invalid, or the upload "
                 "may have been aborted or completed.",
                 404};
  error.with("UploadId", str(upload_id));
  return error;
}

AwsError entityTooSmall(std::uint64_t proposed_size, std::uint64_t min_size, int part_number,
                        std::string_view etag) {
  AwsError error{"EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size",
                 400};
  error.with("ProposedSize", std::to_string(proposed_size))
      .with("MinSizeAllowed", std::to_string(min_size))
      .with("PartNumber", std::to_string(part_number))
      .with("ETag", str(etag));
  return error;
}

AwsError invalidPart(std::string_view upload_id, int part_number, std::string_view etag) {
  // Two spaces after the first sentence: that is how S3 sends it.
  AwsError error{"InvalidPart",
                 "One or more of the specified parts could not be found.  The part may not have "
                 "been uploaded, or the specified entity tag may not match the part's entity tag.",
                 400};
  error.with("UploadId", str(upload_id))
      .with("PartNumber", std::to_string(part_number))
      .with("ETag", str(etag));
  return error;
}

AwsError invalidPartOrder(std::string_view upload_id) {
  AwsError error{"InvalidPartOrder",
                 "The list of parts was not in ascending order. Parts must be ordered by part "
                 "number.",
                 400};
  error.with("UploadId", str(upload_id));
  return error;
}

AwsError invalidPartNumberArgument(std::string_view part_number) {
  return invalidArgument("Part number must be an integer between 1 and 10000, inclusive",
                         "partNumber", part_number);
}

}  // namespace awsemu::s3::errors
