// Bucket naming rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
#include "services/s3/bucket_names.hpp"

#include <gtest/gtest.h>

#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

struct NameCase {
  std::string name;
  bool valid;
};

class S3BucketNames : public ::testing::TestWithParam<NameCase> {};

TEST_P(S3BucketNames, FollowsTheNamingRules) {
  const auto& c = GetParam();
  EXPECT_EQ(isValidBucketName(c.name), c.valid)
      << "'" << c.name << "': " << bucketNameProblem(c.name).value_or("valid");
}

INSTANTIATE_TEST_SUITE_P(
    S3, S3BucketNames,
    ::testing::Values(
        // valid
        NameCase{"abc", true}, NameCase{"my-bucket", true}, NameCase{"my.bucket.name", true},
        NameCase{"123", true}, NameCase{"a1-b2.c3", true}, NameCase{std::string(63, 'a'), true},
        NameCase{"192.168.5.4x", true}, NameCase{"1.2.3", true}, NameCase{"a-.b", true},
        NameCase{"xn-abc", true}, NameCase{"s3alias", true}, NameCase{"bucket-s3alia", true},
        // length
        NameCase{"ab", false}, NameCase{"", false}, NameCase{std::string(64, 'a'), false},
        // characters
        NameCase{"MyBucket", false}, NameCase{"my_bucket", false}, NameCase{"my bucket", false},
        NameCase{"bücket", false}, NameCase{"my/bucket", false},
        // first and last characters
        NameCase{"-bucket", false}, NameCase{"bucket-", false}, NameCase{".bucket", false},
        NameCase{"bucket.", false},
        // adjacent periods, IP addresses
        NameCase{"my..bucket", false}, NameCase{"192.168.5.4", false}, NameCase{"10.0.0.1", false},
        // reserved prefixes and suffixes
        NameCase{"xn--bucket", false}, NameCase{"sthree-bucket", false},
        NameCase{"sthree-configurator", false}, NameCase{"amzn-s3-demo-bucket", false},
        NameCase{"bucket-s3alias", false}, NameCase{"bucket--ol-s3", false},
        NameCase{"bucket.mrap", false}, NameCase{"bucket--usw2-az1--x-s3", false},
        NameCase{"bucket--table-s3", false}));

TEST(S3BucketNamesErrors, InvalidNameIsInvalidBucketName) {
  try {
    validateBucketName("Bad_Name");
    FAIL() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidBucketName");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_EQ(e.fields["BucketName"], "Bad_Name");
  }
}

TEST(S3BucketNamesErrors, KeysAreAtMost1024Bytes) {
  EXPECT_NO_THROW(validateObjectKey(std::string(1024, 'k')));
  // 342 three-byte characters: 1026 bytes, though only 342 characters.
  std::string multibyte;
  for (int i = 0; i < 342; ++i) multibyte += "\xe2\x82\xac";
  try {
    validateObjectKey(multibyte);
    FAIL() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "KeyTooLongError");
    EXPECT_EQ(e.fields["Size"], "1026");
    EXPECT_EQ(e.fields["MaxSizeAllowed"], "1024");
  }
}

}  // namespace
}  // namespace awsemu::s3
