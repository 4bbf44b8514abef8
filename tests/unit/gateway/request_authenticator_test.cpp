// RequestAuthenticator: the gateway's SigV4 sessions (header stage, streamed body, payload stage),
// with S3's conventions when the service asks for them.
#include "src/gateway/request_authenticator.hpp"

#include <gtest/gtest.h>

#include "tests/unit/auth/auth_test_support.hpp"
#include "tests/unit/gateway/gateway_test_support.hpp"

namespace awsemu::gateway {
namespace {

using auth::testing::expectAwsError;
using auth::testing::FixedClock;
using auth::testing::makeRequest;
using auth::testing::SignParams;
using auth::testing::signRequest;
using testing::crc32Base64;
using testing::unsignedTrailerBody;

constexpr const char* kNow = "20150830T123600Z";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

class RequestAuthenticatorTest : public ::testing::Test {
 protected:
  RequestAuthenticatorTest() {
    auth::Credential twelve_digits;  // no account given: a 12-digit key id is its account
    twelve_digits.access_key_id = "123456789012";
    twelve_digits.secret_access_key = kSecret;
    credentials_.put(twelve_digits, "test");
    auth::Credential named;
    named.access_key_id = "AKIDEXAMPLE";
    named.secret_access_key = kSecret;
    named.account_id = "111122223333";
    credentials_.put(named, "test");
  }

  RequestAuthenticator authenticator(config::SigV4Mode mode) {
    return RequestAuthenticator(credentials_, mode, clock_);
  }

  // A form post to SQS signed over sha256(body) (the payload is verified after the body).
  static HttpRequest signedQueryPost(const std::string& access_key, const std::string& secret,
                                     const std::string& body) {
    auto request = makeRequest("POST", "/",
                               {{"Host", "sqs.eu-west-1.amazonaws.com"},
                                {"X-Amz-Date", kNow},
                                {"Content-Type", "application/x-www-form-urlencoded"},
                                {"Content-Length", std::to_string(body.size())}},
                               body);
    SignParams params;
    params.access_key = access_key;
    params.secret = secret;
    params.region = "eu-west-1";
    params.service = "sqs";
    params.signed_headers = "content-type;host;x-amz-date";
    signRequest(request, params);
    return request;
  }

  // An S3 PUT whose x-amz-content-sha256 is `payload` (signed as such).
  static HttpRequest signedS3Put(const std::string& payload, HeaderList extra = {},
                                 const std::string& signed_extra = "",
                                 const std::string& secret = kSecret,
                                 const std::string& signed_tail = "") {
    HeaderList headers = {{"Host", "bucket.s3.amazonaws.com"},
                          {"X-Amz-Date", kNow},
                          {"X-Amz-Content-Sha256", payload}};
    for (auto& header : extra) headers.push_back(header);
    auto request = makeRequest("PUT", "/key", headers);
    SignParams params;
    params.access_key = "AKIDEXAMPLE";
    params.secret = secret;
    params.service = "s3";
    params.payload_hash = payload;
    params.signed_headers = signed_extra + "host;x-amz-content-sha256;x-amz-date" + signed_tail;
    signRequest(request, params);
    return request;
  }

  service::CredentialRegistry credentials_;
  FixedClock clock_{kNow};
};

TEST_F(RequestAuthenticatorTest, SignedRequestWithA12DigitKeyIsItsAccount) {
  auto auth = authenticator(config::SigV4Mode::Strict);
  std::string body = "Action=ListQueues&Version=2012-11-05";
  auto request = signedQueryPost("123456789012", kSecret, body);
  auto session = auth.begin(request, false);
  EXPECT_EQ(session->caller().account_id, "123456789012");
  EXPECT_EQ(session->caller().arn, "arn:aws:iam::123456789012:root");
  EXPECT_EQ(session->caller().access_key_id, "123456789012");
  EXPECT_FALSE(session->caller().anonymous);
  EXPECT_EQ(session->region(), "eu-west-1");
  // The signature covers sha256(body): only the body can finish the check.
  EXPECT_TRUE(session->needsPayloadHash());
  EXPECT_FALSE(session->decodesBody());
  EXPECT_NO_THROW(session->finish(encoding::sha256Hex(body)));
}

TEST_F(RequestAuthenticatorTest, BodyThatIsNotTheSignedOneFailsOnFinish) {
  auto auth = authenticator(config::SigV4Mode::Known);
  auto request = signedQueryPost("AKIDEXAMPLE", kSecret, "Action=ListQueues");
  auto session = auth.begin(request, false);
  EXPECT_EQ(session->caller().account_id, "111122223333");
  ASSERT_TRUE(session->needsPayloadHash());
  expectAwsError([&] { session->finish(encoding::sha256Hex("Action=DeleteQueue")); },
                 "SignatureDoesNotMatch", 403);
}

TEST_F(RequestAuthenticatorTest, WrongSignatureOfAKnownKeyFailsInKnownAndStrictMode) {
  for (auto mode : {config::SigV4Mode::Known, config::SigV4Mode::Strict}) {
    auto auth = authenticator(mode);
    // The declared payload hash lets the header stage verify at once.
    auto request = signedS3Put(std::string(auth::kUnsignedPayload), {}, "", "not-the-secret");
    expectAwsError([&] { auth.begin(request, true); }, "SignatureDoesNotMatch", 403);
  }
}

TEST_F(RequestAuthenticatorTest, WrongSignatureOfAnUnknownKeyPassesOnlyInKnownMode) {
  auto request = signedQueryPost("999988887777", "any secret", "Action=ListQueues");
  auto known = authenticator(config::SigV4Mode::Known);
  auto session = known.begin(request, false);
  EXPECT_EQ(session->caller().account_id, "999988887777");
  EXPECT_NO_THROW(session->finish(encoding::sha256Hex("anything")));

  auto strict = authenticator(config::SigV4Mode::Strict);
  expectAwsError([&] { strict.begin(request, false); }, "InvalidClientTokenId", 403);
}

TEST_F(RequestAuthenticatorTest, UnsignedPayloadIsVerifiedFromTheHeader) {
  auto auth = authenticator(config::SigV4Mode::Strict);
  auto request = signedS3Put(std::string(auth::kUnsignedPayload));
  auto session = auth.begin(request, true);
  EXPECT_EQ(session->caller().account_id, "111122223333");
  EXPECT_FALSE(session->needsPayloadHash());
  EXPECT_FALSE(session->decodesBody());
  EXPECT_NO_THROW(session->finish(""));

  // The same signature over another declared payload no longer matches.
  auto tampered = request;
  for (auto& [name, value] : tampered.headers)
    if (name == "x-amz-content-sha256") value = encoding::sha256Hex("x");
  expectAwsError([&] { auth.begin(tampered, true); }, "SignatureDoesNotMatch", 403);
}

TEST_F(RequestAuthenticatorTest, StreamingUnsignedTrailerDecodesAndVerifiesTheChecksum) {
  std::string data;
  for (int i = 0; i < 20000; ++i) data += static_cast<char>(i % 251);
  std::string wire = unsignedTrailerBody(data, crc32Base64(data));
  HeaderList headers = {{"Content-Encoding", "aws-chunked"},
                        {"X-Amz-Decoded-Content-Length", std::to_string(data.size())},
                        {"X-Amz-Trailer", "x-amz-checksum-crc32"},
                        {"Content-Length", std::to_string(wire.size())}};
  // S3 wants every x-amz-* header signed, as SDKs sign them.
  auto request = signedS3Put(std::string(auth::kStreamingUnsignedTrailer), headers,
                             "content-encoding;content-length;", kSecret,
                             ";x-amz-decoded-content-length;x-amz-trailer");
  auto auth = authenticator(config::SigV4Mode::Strict);
  auto session = auth.begin(request, true);
  ASSERT_TRUE(session->decodesBody());
  EXPECT_FALSE(session->needsPayloadHash());
  std::string decoded;
  std::function<void(std::string_view)> sink = [&decoded](std::string_view bytes) {
    decoded += bytes;
  };
  for (std::size_t i = 0; i < wire.size(); i += 1000)  // chunk headers split across feeds
    session->feed(std::string_view(wire).substr(i, 1000), sink);
  EXPECT_NO_THROW(session->finish(""));
  EXPECT_EQ(decoded, data);
}

TEST_F(RequestAuthenticatorTest, StreamingTrailerWithTheWrongChecksumIsBadDigest) {
  std::string data(10000, 'q');
  std::string wire = unsignedTrailerBody(data, crc32Base64("something else"));
  auto request =
      makeRequest("PUT", "/bucket/key",
                  {{"Host", "localhost"},
                   {"Content-Encoding", "aws-chunked"},
                   {"X-Amz-Decoded-Content-Length", std::to_string(data.size())},
                   {"X-Amz-Content-Sha256", std::string(auth::kStreamingUnsignedTrailer)},
                   {"X-Amz-Trailer", "x-amz-checksum-crc32"}});
  auto auth = authenticator(config::SigV4Mode::Known);
  auto session = auth.begin(request, true);  // anonymous S3 upload
  ASSERT_TRUE(session->decodesBody());
  // The decoder checks the trailer as soon as it has it, at the latest when the body ends.
  expectAwsError(
      [&] {
        session->feed(wire, [](std::string_view) {});
        session->finish("");
      },
      "BadDigest", 400);
}

TEST_F(RequestAuthenticatorTest, ChecksumHeaderIsVerifiedOverThePlainBody) {
  auto request = makeRequest("PUT", "/bucket/key",
                             {{"Host", "localhost"}, {"X-Amz-Checksum-Crc32", crc32Base64("abc")}});
  auto auth = authenticator(config::SigV4Mode::Known);
  {
    auto session = auth.begin(request, true);
    ASSERT_TRUE(session->decodesBody());
    std::string passed;
    session->feed("abc", [&passed](std::string_view bytes) { passed += bytes; });
    EXPECT_EQ(passed, "abc");
    EXPECT_NO_THROW(session->finish(""));
  }
  auto session = auth.begin(request, true);
  session->feed("abd", [](std::string_view) {});
  expectAwsError([&] { session->finish(""); }, "BadDigest", 400);
}

TEST_F(RequestAuthenticatorTest, AnonymousIsAllowedOnlyForS3InStrictMode) {
  auto request = makeRequest("GET", "/bucket/key", {{"Host", "localhost"}});
  auto auth = authenticator(config::SigV4Mode::Strict);
  auto session = auth.begin(request, true);
  EXPECT_TRUE(session->caller().anonymous);
  EXPECT_EQ(session->region(), "");
  expectAwsError([&] { auth.begin(request, false); }, "MissingAuthenticationToken", 403);
}

TEST_F(RequestAuthenticatorTest, AnonymousOutsideS3IsTheDefaultRootInKnownMode) {
  auto request = makeRequest("POST", "/", {{"Host", "localhost"}}, "Action=ListQueues");
  auto auth = authenticator(config::SigV4Mode::Known);
  auto generic = auth.begin(request, false);
  EXPECT_FALSE(generic->caller().anonymous);
  EXPECT_EQ(generic->caller().account_id, "000000000000");
  EXPECT_EQ(generic->caller().arn, "arn:aws:iam::000000000000:root");
  auto s3 = auth.begin(request, true);
  EXPECT_TRUE(s3->caller().anonymous);
}

TEST_F(RequestAuthenticatorTest, UnreadableAuthorizationGetsTheFlavourOfTheService) {
  auto request = makeRequest(
      "GET", "/",
      {{"Host", "localhost"}, {"X-Amz-Date", kNow}, {"Authorization", "AWS4-HMAC-SHA256 garbage"}});
  auto auth = authenticator(config::SigV4Mode::Known);
  expectAwsError([&] { auth.begin(request, true); }, "AuthorizationHeaderMalformed", 400);
  expectAwsError([&] { auth.begin(request, false); }, "IncompleteSignature", 400);
}

TEST_F(RequestAuthenticatorTest, SkewedRequestTimeIsRefused) {
  auto request = signedS3Put(std::string(auth::kUnsignedPayload));
  clock_.advance(std::chrono::hours(1));
  auto auth = authenticator(config::SigV4Mode::Known);
  expectAwsError([&] { auth.begin(request, true); }, "RequestTimeTooSkewed", 403);
}

}  // namespace
}  // namespace awsemu::gateway
