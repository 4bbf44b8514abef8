// SSE-C headers as S3 validates them, and the key checks of reads and part uploads.
#include <gtest/gtest.h>

#include "awsemu/core/encoding.hpp"
#include "s3_test_support.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

using testing::errorOf;

const std::string kKey(32, 'k');

std::string base64(std::string_view bytes) { return encoding::base64Encode(bytes); }

Json request(std::string_view key = kKey, std::string algorithm = "AES256") {
  return {{"SSECustomerAlgorithm", algorithm},
          {"SSECustomerKey", base64(key)},
          {"SSECustomerKeyMD5", base64(md5(key))}};
}

ObjectAttributes storedWith(std::string_view key) {
  ObjectAttributes attributes;
  attributes.sse = ssec::forWrite(request(key));
  return attributes;
}

TEST(S3SseCustomer, AValidKeyIsStoredAsItsMd5Only) {
  Json sse = ssec::forWrite(request());
  EXPECT_EQ(sse,
            (Json{{"SSECustomerAlgorithm", "AES256"}, {"SSECustomerKeyMD5", base64(md5(kKey))}}));
  EXPECT_TRUE(ssec::forWrite(Json::object()).empty());
}

TEST(S3SseCustomer, MalformedHeadersAreRefused) {
  Json no_key = request();
  no_key.erase("SSECustomerKey");
  Json no_algorithm = request();
  no_algorithm.erase("SSECustomerAlgorithm");
  Json no_md5 = request();
  no_md5.erase("SSECustomerKeyMD5");
  Json wrong_md5 = request();
  wrong_md5["SSECustomerKeyMD5"] = base64(md5("other"));
  Json not_base64 = request();
  not_base64["SSECustomerKey"] = "%%%";
  for (const Json& input :
       {no_key, no_algorithm, no_md5, wrong_md5, not_base64, request(std::string(16, 'k'))}) {
    auto error = errorOf([&] { ssec::fromRequest(input); });
    EXPECT_EQ(error.code, "InvalidArgument") << input.dump();
    EXPECT_EQ(error.http_status, 400);
  }
  EXPECT_EQ(errorOf([&] { ssec::fromRequest(request(kKey, "AES128")); }).code,
            "InvalidEncryptionAlgorithmError");
  Json both = request();
  both["ServerSideEncryption"] = "AES256";
  EXPECT_EQ(errorOf([&] { ssec::forWrite(both); }).code, "InvalidArgument");
}

TEST(S3SseCustomer, CopySourceHeadersAreTheirOwn) {
  Json input = {{"CopySourceSSECustomerAlgorithm", "AES256"},
                {"CopySourceSSECustomerKey", base64(kKey)},
                {"CopySourceSSECustomerKeyMD5", base64(md5(kKey))}};
  EXPECT_FALSE(ssec::fromRequest(input));
  auto key = ssec::fromRequest(input, ssec::Role::CopySource);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->key_md5, base64(md5(kKey)));
}

TEST(S3SseCustomer, ReadsNeedTheSameKey) {
  const ObjectAttributes stored = storedWith(kKey);
  EXPECT_NO_THROW(ssec::checkRead(stored, ssec::fromRequest(request())));
  auto missing = errorOf([&] { ssec::checkRead(stored, std::nullopt); });
  EXPECT_EQ(missing.code, "InvalidRequest");
  EXPECT_EQ(missing.http_status, 400);
  auto other =
      errorOf([&] { ssec::checkRead(stored, ssec::fromRequest(request(std::string(32, 'x')))); });
  EXPECT_EQ(other.code, "AccessDenied");
  EXPECT_EQ(other.http_status, 403);
  EXPECT_EQ(
      errorOf([&] { ssec::checkRead(ObjectAttributes{}, ssec::fromRequest(request())); }).code,
      "InvalidRequest");
  EXPECT_NO_THROW(ssec::checkRead(ObjectAttributes{}, std::nullopt));
}

TEST(S3SseCustomer, PartsNeedTheUploadsKey) {
  const ObjectAttributes upload = storedWith(kKey);
  EXPECT_NO_THROW(ssec::checkPart(upload, ssec::fromRequest(request())));
  EXPECT_EQ(errorOf([&] { ssec::checkPart(upload, std::nullopt); }).code, "InvalidRequest");
  EXPECT_EQ(errorOf([&] {
              ssec::checkPart(upload, ssec::fromRequest(request(std::string(32, 'x'))));
            }).code,
            "InvalidRequest");
}

TEST(S3SseCustomer, BucketsMayBlockSseCWrites) {
  const Json blocked = {{"Rules", {{{"BlockedEncryptionTypes", {{"EncryptionType", {"SSE-C"}}}}}}}};
  const Json allowed = {{"Rules", {{{"BlockedEncryptionTypes", {{"EncryptionType", {"NONE"}}}}}}}};
  const Json sse = ssec::forWrite(request());
  EXPECT_EQ(errorOf([&] { ssec::checkAllowed(sse, blocked); }).code, "AccessDenied");
  EXPECT_NO_THROW(ssec::checkAllowed(sse, allowed));
  EXPECT_NO_THROW(ssec::checkAllowed(sse, std::nullopt));
  EXPECT_NO_THROW(ssec::checkAllowed(Json{{"ServerSideEncryption", "AES256"}}, blocked));
}

}  // namespace
}  // namespace awsemu::s3
