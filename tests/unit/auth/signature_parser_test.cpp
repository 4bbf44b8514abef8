#include <gtest/gtest.h>

#include "awsemu/auth/signature.hpp"
#include "tests/unit/auth/auth_test_support.hpp"

namespace awsemu::auth {
namespace {

using testing::expectAwsError;
using testing::makeRequest;

constexpr char kAuth[] =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host;x-amz-date, "
    "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

HttpRequest signedRequest(std::string authorization, HeaderList extra = {}) {
  HeaderList headers{{"host", "localhost"}, {"x-amz-date", "20150830T123600Z"}};
  headers.emplace_back("authorization", std::move(authorization));
  for (auto& header : extra) headers.push_back(header);
  return makeRequest("POST", "/", headers);
}

TEST(ParseSignature, AuthorizationHeader) {
  auto info = parseSignature(signedRequest(kAuth, {{"x-amz-security-token", "token"}}));
  EXPECT_EQ(info.kind, SignatureInfo::Kind::Header);
  EXPECT_EQ(info.flavor, AuthFlavor::Generic);
  EXPECT_EQ(info.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(info.date, "20150830");
  EXPECT_EQ(info.region, "us-east-1");
  EXPECT_EQ(info.service, "sqs");
  EXPECT_EQ(info.amz_date, "20150830T123600Z");
  EXPECT_EQ(info.signed_headers, "host;x-amz-date");
  EXPECT_EQ(info.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(info.security_token, "token");
  EXPECT_EQ(info.payload, PayloadMode::BodyHash);
  EXPECT_EQ(info.scope(), "20150830/us-east-1/sqs/aws4_request");
}

TEST(ParseSignature, NoSpacesBetweenComponentsAndDateHeader) {
  auto request =
      makeRequest("GET", "/",
                  {{"date", "Sun, 30 Aug 2015 12:36:00 GMT"},
                   {"authorization",
                    "AWS4-HMAC-SHA256 "
                    "Credential=AKID/20150830/eu-west-1/s3/aws4_request,SignedHeaders=date;host,"
                    "Signature=00"},
                   {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}});
  auto info = parseSignature(request);
  EXPECT_EQ(info.flavor, AuthFlavor::S3);
  EXPECT_EQ(info.amz_date, "20150830T123600Z");
  EXPECT_EQ(info.payload, PayloadMode::Unsigned);
}

TEST(ParseSignature, Anonymous) {
  auto info = parseSignature(makeRequest("GET", "/bucket/key?versionId=1", {{"host", "h"}}));
  EXPECT_TRUE(info.anonymous());
  EXPECT_EQ(info.payload, PayloadMode::BodyHash);
  auto upload = parseSignature(
      makeRequest("PUT", "/b/k", {{"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}}));
  EXPECT_TRUE(upload.anonymous());
  EXPECT_TRUE(upload.streaming());
}

TEST(ParseSignature, PayloadModes) {
  auto mode = [](std::string value) {
    return parseSignature(signedRequest(kAuth, {{"x-amz-content-sha256", value}})).payload;
  };
  EXPECT_EQ(mode("UNSIGNED-PAYLOAD"), PayloadMode::Unsigned);
  EXPECT_EQ(mode("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), PayloadMode::StreamingSigned);
  EXPECT_EQ(mode("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
            PayloadMode::StreamingSignedTrailer);
  EXPECT_EQ(mode("STREAMING-UNSIGNED-PAYLOAD-TRAILER"), PayloadMode::StreamingUnsignedTrailer);
  EXPECT_EQ(mode(std::string(64, 'a')), PayloadMode::DeclaredHash);
  EXPECT_EQ(mode("whatever"), PayloadMode::BodyHash);  // only S3 insists on the value
}

// Generic IncompleteSignature lists each missing part and echoes the header (as AWS does).
TEST(ParseSignature, MissingComponentsGeneric) {
  auto error = expectAwsError(
      [] {
        parseSignature(
            makeRequest("GET", "/",
                        {{"authorization",
                          "AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/sqs/aws4_request"}}));
      },
      "IncompleteSignature", 400);
  EXPECT_EQ(error.message,
            "Authorization header requires 'Signature' parameter. Authorization header requires "
            "'SignedHeaders' parameter. Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 "
            "Credential=A/20150830/us-east-1/sqs/aws4_request");
  auto bearer = expectAwsError(
      [] {
        parseSignature(makeRequest("GET", "/", {{"authorization", "Bearer abc"}}));
      },
      "IncompleteSignature", 400);
  EXPECT_EQ(bearer.message,
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            "Authorization=Bearer abc");
}

TEST(ParseSignature, MissingComponentsS3) {
  auto error = expectAwsError(
      [] {
        parseSignature(
            signedRequest("AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/s3/aws4_request"));
      },
      "AuthorizationHeaderMalformed", 400);
  EXPECT_EQ(error.message,
            "The authorization header is malformed; the authorization header requires three "
            "components: Credential, SignedHeaders, and Signature.");
  expectAwsError([] { parseSignature(signedRequest("Bearer abc"), AuthFlavor::S3); },
                 "InvalidArgument", 400);
}

TEST(ParseSignature, MissingEqualSign) {
  auto error =
      expectAwsError([] { parseSignature(signedRequest("AWS4-HMAC-SHA256 Credential AKID")); },
                     "IncompleteSignature", 400);
  EXPECT_EQ(error.message,
            "'Credential AKID' not a valid key=value pair (missing equal-sign) in Authorization "
            "header: 'AWS4-HMAC-SHA256 Credential AKID'.");
}

TEST(ParseSignature, UnsupportedAlgorithm) {
  auto error = expectAwsError(
      [] {
        parseSignature(
            signedRequest("AWS4-HMAC-SHA512 Credential=a, SignedHeaders=b, Signature=c"));
      },
      "IncompleteSignature", 400);
  EXPECT_EQ(error.message, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'");
}

TEST(ParseSignature, MalformedCredential) {
  auto generic = expectAwsError(
      [] {
        parseSignature(
            signedRequest("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1, "
                          "SignedHeaders=host, Signature=00"));
      },
      "IncompleteSignature", 400);
  EXPECT_EQ(generic.message,
            "Credential must have exactly 5 slash-delimited elements, e.g. "
            "keyid/date/region/service/term, got 'AKID/20150830/us-east-1'");
  auto s3 = expectAwsError(
      [] {
        parseSignature(
            signedRequest("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/s3/aws5, "
                          "SignedHeaders=host, Signature=00"));
      },
      "AuthorizationHeaderMalformed", 400);
  EXPECT_EQ(s3.message,
            "The authorization header is malformed; the Credential is mal-formed; expecting "
            "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  auto terminator = expectAwsError(
      [] {
        parseSignature(
            signedRequest("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sqs/aws5, "
                          "SignedHeaders=host, Signature=00"));
      },
      "SignatureDoesNotMatch", 403);
  EXPECT_EQ(terminator.message,
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5'.");
}

TEST(ParseSignature, CredentialDateMustMatchRequestDate) {
  std::string auth =
      "AWS4-HMAC-SHA256 Credential=AKID/20150831/us-east-1/sqs/aws4_request, SignedHeaders=host, "
      "Signature=00";
  auto generic =
      expectAwsError([&] { parseSignature(signedRequest(auth)); }, "SignatureDoesNotMatch", 403);
  EXPECT_EQ(generic.message,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
            "HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
  std::string s3 = auth;
  s3.replace(s3.find("/sqs/"), 5, "/s3/");
  auto error = expectAwsError(
      [&] {
        parseSignature(signedRequest(s3, {{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}}));
      },
      "AuthorizationHeaderMalformed", 400);
  EXPECT_EQ(error.message,
            "The authorization header is malformed; Invalid credential date. Date is not the same "
            "as X-Amz-Date.");
}

TEST(ParseSignature, MalformedOrMissingDate) {
  auto request = makeRequest("GET", "/", {{"x-amz-date", "2015-08-30"}, {"authorization", kAuth}});
  auto error = expectAwsError([&] { parseSignature(request); }, "IncompleteSignature", 400);
  EXPECT_EQ(error.message,
            "Date must be in ISO-8601 'basic format'. Got '2015-08-30'. See "
            "http://en.wikipedia.org/wiki/ISO_8601");
  auto no_date = makeRequest("GET", "/", {{"authorization", kAuth}});
  auto missing = expectAwsError([&] { parseSignature(no_date); }, "IncompleteSignature", 400);
  EXPECT_EQ(missing.message,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            "Authorization=" +
                std::string(kAuth));
}

TEST(ParseSignature, S3ContentSha256Rules) {
  std::string s3 = kAuth;
  s3.replace(s3.find("/sqs/"), 5, "/s3/");
  auto missing = expectAwsError([&] { parseSignature(signedRequest(s3)); }, "InvalidRequest", 400);
  EXPECT_EQ(missing.message, "Missing required header for this request: x-amz-content-sha256");
  auto invalid = expectAwsError(
      [&] {
        parseSignature(signedRequest(s3, {{"x-amz-content-sha256", "GIBBERISH"}}));
      },
      "InvalidArgument", 400);
  EXPECT_EQ(invalid.fields["ArgumentValue"], "GIBBERISH");
}

TEST(ParseSignature, Presigned) {
  auto request =
      makeRequest("GET",
                  "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                  "AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
                  "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
                  "X-Amz-SignedHeaders=host&X-Amz-Security-Token=tok%2Ben&X-Amz-Signature=abc",
                  {{"host", "examplebucket.s3.amazonaws.com"}});
  auto info = parseSignature(request);
  EXPECT_EQ(info.kind, SignatureInfo::Kind::Presigned);
  EXPECT_EQ(info.flavor, AuthFlavor::S3);
  EXPECT_EQ(info.access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(info.expires, 86400);
  EXPECT_EQ(info.security_token, "tok+en");
  EXPECT_EQ(info.signature, "abc");
  EXPECT_EQ(info.payload, PayloadMode::Unsigned);
}

TEST(ParseSignature, PresignedErrorsS3) {
  std::string base =
      "/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2F"
      "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abc";
  auto parse = [](std::string target) { parseSignature(makeRequest("GET", target, {})); };
  auto missing = expectAwsError([&] { parse(base); }, "AuthorizationQueryParametersError", 400);
  EXPECT_EQ(missing.message,
            "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
            "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  EXPECT_EQ(expectAwsError([&] { parse(base + "&X-Amz-Expires=604801"); },
                           "AuthorizationQueryParametersError")
                .message,
            "X-Amz-Expires must be less than a week (in seconds) that is 604800");
  EXPECT_EQ(expectAwsError([&] { parse(base + "&X-Amz-Expires=-1"); },
                           "AuthorizationQueryParametersError")
                .message,
            "X-Amz-Expires must be non-negative");
  EXPECT_EQ(expectAwsError([&] { parse(base + "&X-Amz-Expires=abc"); },
                           "AuthorizationQueryParametersError")
                .message,
            "X-Amz-Expires should be a number");
  std::string bad_date = base + "&X-Amz-Expires=10";
  bad_date.replace(bad_date.find("20130524T000000Z"), 16, "2013-05-24");
  EXPECT_EQ(expectAwsError([&] { parse(bad_date); }, "AuthorizationQueryParametersError").message,
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
}

TEST(ParseSignature, PresignedErrorsGeneric) {
  auto error = expectAwsError(
      [] {
        parseSignature(makeRequest(
            "GET",
            "/?Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKID%2F20130524%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20130524T000000Z",
            {}));
      },
      "IncompleteSignature", 400);
  EXPECT_EQ(error.message,
            "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the "
            "query-string parameters.");
}

TEST(ParseSignature, BothMechanismsAreRejectedByS3) {
  auto request =
      makeRequest("GET", "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256", {{"authorization", kAuth}});
  expectAwsError([&] { parseSignature(request, AuthFlavor::S3); }, "InvalidArgument", 400);
}

TEST(ParseSignature, SigV2IsRecognised) {
  auto header =
      parseSignature(makeRequest("GET", "/b/k", {{"authorization", "AWS AKIDV2:c2lnbmF0dXJl"}}));
  EXPECT_EQ(header.kind, SignatureInfo::Kind::SigV2);
  EXPECT_EQ(header.access_key_id, "AKIDV2");
  auto query =
      parseSignature(makeRequest("GET", "/b/k?AWSAccessKeyId=AKIDV2&Expires=1&Signature=abc", {}));
  EXPECT_EQ(query.kind, SignatureInfo::Kind::SigV2);
  EXPECT_EQ(query.access_key_id, "AKIDV2");
}

}  // namespace
}  // namespace awsemu::auth
