#include "awsemu/auth/canonical_request.hpp"

#include <gtest/gtest.h>

#include "awsemu/auth/signature.hpp"
#include "awsemu/core/encoding.hpp"

namespace awsemu::auth {
namespace {

std::string uri(std::string_view path, bool s3) {
  std::string out;
  appendCanonicalUri(out, path, s3);
  return out;
}

std::string query(std::string_view raw, bool presigned = false) {
  std::string out;
  appendCanonicalQuery(out, raw, presigned);
  return out;
}

std::string headers(const HeaderList& list, std::string_view signed_headers) {
  std::string out;
  appendCanonicalHeaders(out, list, signed_headers);
  return out;
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html: S3 keys are
// signed as sent; "my-object//example//photo.user" stays as it is.
TEST(CanonicalUri, S3KeepsThePathAsSent) {
  EXPECT_EQ(uri("/bucket/my-object//example//photo.user", true),
            "/bucket/my-object//example//photo.user");
  EXPECT_EQ(uri("/bucket/a/./b/../c", true), "/bucket/a/./b/../c");
  EXPECT_EQ(uri("", true), "/");
  EXPECT_EQ(uri("/", true), "/");
}

TEST(CanonicalUri, S3ReencodesEachByteOnce) {
  EXPECT_EQ(uri("/bucket/a%20b", true), "/bucket/a%20b");
  EXPECT_EQ(uri("/bucket/a%7eb~c", true), "/bucket/a~b~c");        // escaped unreserved decoded
  EXPECT_EQ(uri("/bucket/a%2fb%2Fc", true), "/bucket/a%2Fb%2Fc");  // escaped slash kept
  EXPECT_EQ(uri("/bucket/$key+1", true), "/bucket/%24key%2B1");    // raw reserved encoded
  EXPECT_EQ(uri("/bucket/%e1%88%b4", true), "/bucket/%E1%88%B4");
  EXPECT_EQ(uri("/bucket/100%", true), "/bucket/100%25");  // stray percent
}

TEST(CanonicalUri, OtherServicesNormaliseAndEncodeAgain) {
  EXPECT_EQ(uri("/example/..", false), "/");
  EXPECT_EQ(uri("//example//", false), "/example/");
  EXPECT_EQ(uri("/./example", false), "/example");
  EXPECT_EQ(uri("/a/b/../../..", false), "/");
  EXPECT_EQ(uri("/2015-03-31/functions/arn%3Aaws%3Alambda/invocations", false),
            "/2015-03-31/functions/arn%253Aaws%253Alambda/invocations");
  EXPECT_EQ(uri("/example space/", false), "/example%20space/");
}

TEST(CanonicalUri, AbsoluteFormTarget) {
  EXPECT_EQ(uri("http://localhost:4566/bucket/key", true), "/bucket/key");
  EXPECT_EQ(uri("https://host", false), "/");
}

TEST(CanonicalQuery, SortedEncodedAndEmptyValues) {
  EXPECT_EQ(query("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(query("uploads"), "uploads=");
  EXPECT_EQ(query("acl&versionId=3"), "acl=&versionId=3");
  EXPECT_EQ(query("prefix=a%2Fb&delimiter=/"), "delimiter=%2F&prefix=a%2Fb");
  EXPECT_EQ(query("k=a+b"), "k=a%20b");  // form encoding: '+' is a space
  EXPECT_EQ(query("k=a%2Bb"), "k=a%2Bb");
  EXPECT_EQ(query("k=%7e"), "k=~");
  EXPECT_EQ(query("&&a=1&"), "a=1");
  EXPECT_EQ(query(""), "");
  // Sorting happens on the encoded names: "%E1..." < "Param" < "Param-3".
  EXPECT_EQ(query("Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3");
}

TEST(CanonicalQuery, PresignedLeavesTheSignatureOut) {
  EXPECT_EQ(query("X-Amz-Signature=abc&X-Amz-Date=1", true), "X-Amz-Date=1");
  EXPECT_EQ(query("X-Amz-Signature=abc&X-Amz-Date=1", false), "X-Amz-Date=1&X-Amz-Signature=abc");
}

TEST(CanonicalHeaders, TrimsCollapsesAndJoinsRepeatedHeaders) {
  HeaderList list{{"host", "example.com"},
                  {"my-header", "  a   b  "},
                  {"my-header", "c\n   d"},
                  {"x-amz-date", "20150830T123600Z"}};
  EXPECT_EQ(headers(list, "host;my-header;x-amz-date"),
            "host:example.com\nmy-header:a b,c d\nx-amz-date:20150830T123600Z\n");
  EXPECT_EQ(headers(list, "host;missing"), "host:example.com\nmissing:\n");
  EXPECT_EQ(headers({{"Content-Type", "text/plain"}}, "Content-Type"), "content-type:text/plain\n");
}

// The S3 GET Object example of sig-v4-header-based-auth.html (AKIAIOSFODNN7EXAMPLE, 20130524).
TEST(CanonicalRequest, S3DocumentedGetObjectExample) {
  HeaderList list{{"host", "examplebucket.s3.amazonaws.com"},
                  {"range", "bytes=0-9"},
                  {"x-amz-content-sha256", std::string(kEmptySha256)},
                  {"x-amz-date", "20130524T000000Z"}};
  std::string signed_headers = "host;range;x-amz-content-sha256;x-amz-date";
  CanonicalInput input{"GET", "/test.txt", "", &list, signed_headers, kEmptySha256, true};
  std::string canonical = canonicalRequest(input);
  EXPECT_EQ(
      canonical,
      "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  std::string to_sign =
      stringToSign("20130524T000000Z", "20130524/us-east-1/s3/aws4_request", canonical);
  EXPECT_EQ(to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  SigningKey key =
      deriveSigningKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");
  EXPECT_EQ(signatureHex(key, to_sign),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// The documented signing-key derivation (IAM user guide, "Examples of how to derive a signing
// key").
TEST(SigningKey, DocumentedDerivation) {
  SigningKey key =
      deriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
  EXPECT_EQ(encoding::hexEncode({reinterpret_cast<const char*>(key.data()), key.size()}),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

}  // namespace
}  // namespace awsemu::auth
