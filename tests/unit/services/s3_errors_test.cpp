// S3 errors carry S3's code, status, message and extra members.
#include "services/s3/s3_errors.hpp"

#include <gtest/gtest.h>

namespace awsemu::s3 {
namespace {

std::string header(const AwsError& error, std::string_view name) {
  for (const auto& [n, v] : error.headers)
    if (n == name) return v;
  return "<absent>";
}

TEST(S3Errors, NoSuchBucketNamesTheBucket) {
  auto e = errors::noSuchBucket("photos");
  EXPECT_EQ(e.code, "NoSuchBucket");
  EXPECT_EQ(e.http_status, 404);
  EXPECT_EQ(e.message, "The specified bucket does not exist");
  EXPECT_EQ(e.fields["BucketName"], "photos");
}

TEST(S3Errors, NoSuchKeyNamesTheKey) {
  auto e = errors::noSuchKey("a/b.txt");
  EXPECT_EQ(e.code, "NoSuchKey");
  EXPECT_EQ(e.http_status, 404);
  EXPECT_EQ(e.message, "The specified key does not exist.");
  EXPECT_EQ(e.fields["Key"], "a/b.txt");
  EXPECT_TRUE(e.headers.empty());
}

TEST(S3Errors, DeleteMarkerErrorsCarryTheMarkerHeaders) {
  auto hidden = errors::noSuchKeyDeleteMarker("k", "v1");
  EXPECT_EQ(hidden.http_status, 404);
  EXPECT_EQ(header(hidden, "x-amz-delete-marker"), "true");
  EXPECT_EQ(header(hidden, "x-amz-version-id"), "v1");
  auto unversioned = errors::noSuchKeyDeleteMarker("k", "");
  EXPECT_EQ(header(unversioned, "x-amz-version-id"), "<absent>");

  auto by_id = errors::methodNotAllowedOnDeleteMarker("GET", "v1");
  EXPECT_EQ(by_id.code, "MethodNotAllowed");
  EXPECT_EQ(by_id.http_status, 405);
  EXPECT_EQ(by_id.fields["Method"], "GET");
  EXPECT_EQ(by_id.fields["ResourceType"], "DeleteMarker");
  EXPECT_EQ(header(by_id, "x-amz-delete-marker"), "true");
  EXPECT_EQ(header(by_id, "x-amz-version-id"), "v1");
}

TEST(S3Errors, CodesAndStatuses) {
  struct Case {
    AwsError error;
    std::string code;
    int status;
  };
  const Case cases[] = {
      {errors::noSuchVersion("k", "v"), "NoSuchVersion", 404},
      {errors::noSuchUpload("u"), "NoSuchUpload", 404},
      {errors::bucketAlreadyExists("b"), "BucketAlreadyExists", 409},
      {errors::bucketAlreadyOwnedByYou("b"), "BucketAlreadyOwnedByYou", 409},
      {errors::bucketNotEmpty("b"), "BucketNotEmpty", 409},
      {errors::invalidBucketName("B"), "InvalidBucketName", 400},
      {errors::entityTooSmall(1, 5, 1, "\"e\""), "EntityTooSmall", 400},
      {errors::invalidPart("u", 1, "e"), "InvalidPart", 400},
      {errors::invalidPartOrder("u"), "InvalidPartOrder", 400},
      {errors::invalidArgument("m"), "InvalidArgument", 400},
      {errors::keyTooLong(2000), "KeyTooLongError", 400},
      {errors::preconditionFailed("If-Match"), "PreconditionFailed", 412},
      {errors::invalidRange(10, "bytes=20-"), "InvalidRange", 416},
      {errors::notModified(), "NotModified", 304},
      {errors::badDigest("a", "b"), "BadDigest", 400},
      {errors::invalidDigest("x"), "InvalidDigest", 400},
      {errors::malformedXml(), "MalformedXML", 400},
      {errors::accessDenied(), "AccessDenied", 403},
      {errors::invalidBucketState("m"), "InvalidBucketState", 409},
      {errors::missingContentLength(), "MissingContentLength", 411},
      {errors::invalidPartNumber(), "InvalidPartNumber", 416},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.error.code, c.code);
    EXPECT_EQ(c.error.http_status, c.status) << c.code;
    EXPECT_FALSE(c.error.message.empty()) << c.code;
  }
}

TEST(S3Errors, MultipartErrorsNameThePart) {
  auto small = errors::entityTooSmall(100, 5242880, 2, "\"abc\"");
  EXPECT_EQ(small.fields["ProposedSize"], "100");
  EXPECT_EQ(small.fields["MinSizeAllowed"], "5242880");
  EXPECT_EQ(small.fields["PartNumber"], "2");
  auto part = errors::invalidPart("up", 3, "\"e\"");
  EXPECT_EQ(part.fields["UploadId"], "up");
  EXPECT_EQ(part.fields["PartNumber"], "3");
  EXPECT_EQ(errors::noSuchUpload("up").fields["UploadId"], "up");
}

TEST(S3Errors, MissingConfigurationsHaveTheirOwnCodes) {
  EXPECT_EQ(errors::configurationNotFound("policy", "b").code, "NoSuchBucketPolicy");
  EXPECT_EQ(errors::configurationNotFound("cors", "b").code, "NoSuchCORSConfiguration");
  EXPECT_EQ(errors::configurationNotFound("tagging", "b").code, "NoSuchTagSet");
  EXPECT_EQ(errors::configurationNotFound("encryption", "b").code,
            "ServerSideEncryptionConfigurationNotFoundError");
  auto other = errors::configurationNotFound("analytics", "b");
  EXPECT_EQ(other.code, "NoSuchConfiguration");
  EXPECT_EQ(other.http_status, 404);
  EXPECT_EQ(other.fields["BucketName"], "b");
}

}  // namespace
}  // namespace awsemu::s3
