// ETags of SSE-C / SSE-KMS objects: not the data's MD5, stable per encryption, reversible.
#include <gtest/gtest.h>

#include "services/s3/object_digest.hpp"
#include "services/s3/sse_etag.hpp"

namespace awsemu::s3 {
namespace {

const std::string kData = quotedEtag(md5("hello"));

TEST(S3SseEtag, PlaintextAndSseS3KeepTheMd5) {
  EXPECT_EQ(sse_etag::stored(kData, Json::object()), kData);
  EXPECT_EQ(sse_etag::stored(kData, {{"ServerSideEncryption", "AES256"}}), kData);
}

TEST(S3SseEtag, CustomerKeysMaskTheMd5Reversibly) {
  const Json key_a = {{"SSECustomerAlgorithm", "AES256"}, {"SSECustomerKeyMD5", "a=="}};
  const Json key_b = {{"SSECustomerAlgorithm", "AES256"}, {"SSECustomerKeyMD5", "b=="}};
  const std::string a = sse_etag::stored(kData, key_a);
  EXPECT_NE(a, kData);
  EXPECT_EQ(a.size(), kData.size());
  EXPECT_EQ(sse_etag::stored(kData, key_a), a);  // stable
  EXPECT_NE(sse_etag::stored(kData, key_b), a);
  EXPECT_EQ(sse_etag::data(a, key_a), kData);
}

TEST(S3SseEtag, KmsKeysMaskToo) {
  const Json kms = {{"ServerSideEncryption", "aws:kms"}, {"SSEKMSKeyId", "alias/k"}};
  const std::string masked = sse_etag::stored(kData, kms);
  EXPECT_NE(masked, kData);
  EXPECT_EQ(sse_etag::data(masked, kms), kData);
}

TEST(S3SseEtag, MultipartEtagsAreLeftAlone) {
  const Json key = {{"SSECustomerKeyMD5", "a=="}};
  const std::string multipart = "\"0123456789abcdef0123456789abcdef-2\"";
  EXPECT_EQ(sse_etag::stored(multipart, key), multipart);
}

}  // namespace
}  // namespace awsemu::s3
