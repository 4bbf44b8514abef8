#include "awsemu/auth/sigv4_verifier.hpp"

#include <gtest/gtest.h>

#include "tests/unit/auth/auth_test_support.hpp"

// SignParams are written with designated initializers that leave the other members at their
// defaults on purpose; GCC 12 warns about that.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace awsemu::auth {
namespace {

using namespace std::chrono_literals;
using testing::expectAwsError;
using testing::FixedClock;
using testing::makeRequest;
using testing::MapStore;
using testing::SignParams;
using testing::signRequest;

constexpr std::string_view kDocKey = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kDocSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

Credential credential(std::string key, std::string secret, std::string account = "111122223333") {
  Credential out;
  out.access_key_id = std::move(key);
  out.secret_access_key = std::move(secret);
  out.account_id = account;
  out.arn = "arn:aws:iam::" + account + ":user/alice";
  out.user_id = "AIDAALICE";
  return out;
}

class VerifierTest : public ::testing::Test {
 protected:
  VerifierTest() : clock("20150830T123600Z") {
    store.add(credential("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    store.add(credential(std::string(kDocKey), std::string(kDocSecret), "123456789012"));
  }

  Caller run(HttpRequest& request, VerifyMode mode = VerifyMode::Strict) {
    SigV4Verifier verifier(store, mode, clock);
    return testing::authenticateFully(verifier, request);
  }

  static HttpRequest sqsRequest(std::string body = "Action=ListQueues") {
    return makeRequest("POST", "/",
                       {{"host", "localhost:4566"},
                        {"content-type", "application/x-www-form-urlencoded"},
                        {"content-length", std::to_string(body.size())},
                        {"x-amz-date", "20150830T123600Z"}},
                       body);
  }

  MapStore store;
  FixedClock clock;
};

// The S3 GET Object example of sig-v4-header-based-auth.html, verified end to end.
TEST_F(VerifierTest, S3DocumentedGetObject) {
  clock.set(*timefmt::parseAmzDate("20130524T000000Z"));
  auto request = makeRequest(
      "GET", "/test.txt",
      {{"host", "examplebucket.s3.amazonaws.com"},
       {"range", "bytes=0-9"},
       {"x-amz-content-sha256", std::string(kEmptySha256)},
       {"x-amz-date", "20130524T000000Z"},
       {"authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"}});
  SigV4Verifier verifier(store, VerifyMode::Strict, clock);
  auto signature = parseSignature(request);
  Caller caller = verifier.authenticate(request, signature);
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_TRUE(caller.body_hash_required);  // the declared hash is compared with the body
  EXPECT_EQ(caller.account_id, "123456789012");
  EXPECT_EQ(caller.service, "s3");
  verifier.verifyPayload(request, signature, caller, encoding::sha256Hex(""));
  EXPECT_FALSE(caller.body_hash_required);
  auto error = expectAwsError(
      [&] { verifier.verifyPayload(request, signature, caller, encoding::sha256Hex("x")); },
      "XAmzContentSHA256Mismatch", 400);
  EXPECT_EQ(error.message,
            "The provided 'x-amz-content-sha256' header does not match what was computed.");
  EXPECT_EQ(error.fields["ClientComputedContentSHA256"], std::string(kEmptySha256));
}

TEST_F(VerifierTest, BodyHashIsVerifiedOnceTheBodyIsRead) {
  auto request = sqsRequest();
  signRequest(request, {});
  SigV4Verifier verifier(store, VerifyMode::Strict, clock);
  auto signature = parseSignature(request);
  Caller caller = verifier.authenticate(request, signature);
  EXPECT_TRUE(caller.body_hash_required);
  EXPECT_FALSE(caller.signature_verified);
  expectAwsError(
      [&] { verifier.verifyPayload(request, signature, caller, encoding::sha256Hex("tampered")); },
      "SignatureDoesNotMatch", 403);
  verifier.verifyPayload(request, signature, caller, encoding::sha256Hex(request.body.memory));
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_EQ(caller.arn, "arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ(caller.user_id, "AIDAALICE");
  EXPECT_EQ(caller.region, "us-east-1");
}

TEST_F(VerifierTest, RequestsWithoutBodyVerifyAtOnce) {
  auto request = makeRequest("GET", "/2015-03-31/functions/",
                             {{"host", "localhost"}, {"x-amz-date", "20150830T123600Z"}});
  signRequest(request, {.service = "lambda"});
  SigV4Verifier verifier(store, VerifyMode::Strict, clock);
  Caller caller = verifier.authenticate(request, parseSignature(request));
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_FALSE(caller.body_hash_required);
}

TEST_F(VerifierTest, WrongSignatureGeneric) {
  auto request = sqsRequest();
  signRequest(request, {.secret = "not-the-secret"});
  auto error = expectAwsError([&] { run(request); }, "SignatureDoesNotMatch", 403);
  EXPECT_EQ(error.message,
            "The request signature we calculated does not match the signature you provided. Check "
            "your AWS Secret Access Key and signing method. Consult the service documentation for "
            "details.");
  EXPECT_TRUE(error.fields.empty());
}

TEST_F(VerifierTest, WrongSignatureS3CarriesTheStringsSigned) {
  auto request = makeRequest("PUT", "/bucket/key",
                             {{"host", "localhost"},
                              {"x-amz-date", "20150830T123600Z"},
                              {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}});
  signRequest(request, {.secret = "wrong",
                        .service = "s3",
                        .signed_headers = "host;x-amz-content-sha256;x-amz-date",
                        .payload_hash = "UNSIGNED-PAYLOAD"});
  auto error = expectAwsError([&] { run(request); }, "SignatureDoesNotMatch", 403);
  EXPECT_EQ(error.message,
            "The request signature we calculated does not match the signature you provided. Check "
            "your key and signing method.");
  EXPECT_EQ(error.fields["AWSAccessKeyId"], "AKIDEXAMPLE");
  EXPECT_EQ(
      error.fields["CanonicalRequest"],
      "PUT\n/bucket/key\n\nhost:localhost\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n"
      "x-amz-date:20150830T123600Z\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD");
  EXPECT_TRUE(error.fields["StringToSign"].get<std::string>().starts_with("AWS4-HMAC-SHA256\n"));
  EXPECT_TRUE(error.fields["StringToSignBytes"].get<std::string>().starts_with("41 57 53 34"));
}

TEST_F(VerifierTest, UnknownKeyKnownModeIsTheAccountRoot) {
  auto request = sqsRequest();
  signRequest(request, {.access_key = "123456789012", .secret = "anything"});
  Caller caller = run(request, VerifyMode::Known);
  EXPECT_FALSE(caller.known_key);
  EXPECT_FALSE(caller.signature_verified);
  EXPECT_EQ(caller.account_id, "123456789012");
  EXPECT_EQ(caller.arn, "arn:aws:iam::123456789012:root");
  EXPECT_EQ(caller.user_id, "123456789012");

  auto other = sqsRequest();
  signRequest(other, {.access_key = "test", .secret = "test"});
  EXPECT_EQ(run(other, VerifyMode::Known).account_id, "000000000000");
}

TEST_F(VerifierTest, UnknownKeyStrictModeIsRejected) {
  auto request = sqsRequest();
  signRequest(request, {.access_key = "AKIDUNKNOWN"});
  auto error = expectAwsError([&] { run(request); }, "InvalidClientTokenId", 403);
  EXPECT_EQ(error.message, "The security token included in the request is invalid.");

  auto s3 = makeRequest("GET", "/b",
                        {{"host", "h"},
                         {"x-amz-date", "20150830T123600Z"},
                         {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}});
  signRequest(s3,
              {.access_key = "AKIDUNKNOWN", .service = "s3", .payload_hash = "UNSIGNED-PAYLOAD"});
  auto s3_error = expectAwsError([&] { run(s3); }, "InvalidAccessKeyId", 403);
  EXPECT_EQ(s3_error.message, "The AWS Access Key Id you provided does not exist in our records.");
  EXPECT_EQ(s3_error.fields["AWSAccessKeyId"], "AKIDUNKNOWN");
}

TEST_F(VerifierTest, OffModeChecksNothingButResolves) {
  auto request = sqsRequest();
  signRequest(request, {.secret = "wrong", .amz_date = "20100101T000000Z"});
  request.headers[3].second = "20100101T000000Z";
  Caller caller = run(request, VerifyMode::Off);
  EXPECT_TRUE(caller.known_key);
  EXPECT_FALSE(caller.signature_verified);
  EXPECT_EQ(caller.account_id, "111122223333");
}

TEST_F(VerifierTest, SessionTokens) {
  Credential session = credential("ASIASESSION", "sessionsecret");
  session.session_token = "the-token";
  session.expiration = clock.now() + 1h;
  store.add(session);
  auto good = sqsRequest();
  good.headers.emplace_back("x-amz-security-token", "the-token");
  signRequest(good, {.access_key = "ASIASESSION", .secret = "sessionsecret"});
  EXPECT_TRUE(run(good).signature_verified);

  auto wrong = sqsRequest();
  wrong.headers.emplace_back("x-amz-security-token", "other-token");
  signRequest(wrong, {.access_key = "ASIASESSION", .secret = "sessionsecret"});
  expectAwsError([&] { run(wrong); }, "InvalidClientTokenId", 403);

  clock.advance(2h);
  auto expired = sqsRequest();
  expired.headers.emplace_back("x-amz-security-token", "the-token");
  expired.headers[3].second = timefmt::amzDate(clock.now());
  signRequest(expired, {.access_key = "ASIASESSION",
                        .secret = "sessionsecret",
                        .amz_date = timefmt::amzDate(clock.now())});
  auto error = expectAwsError([&] { run(expired); }, "ExpiredToken", 403);
  EXPECT_EQ(error.message, "The security token included in the request is expired");
}

TEST_F(VerifierTest, TokenWithLongTermKeyIsIgnored) {
  auto request = sqsRequest();
  request.headers.emplace_back("x-amz-security-token", "dummy");
  signRequest(request, {});
  EXPECT_TRUE(run(request).signature_verified);
}

TEST_F(VerifierTest, ClockSkewGeneric) {
  auto request = sqsRequest();
  signRequest(request, {});
  clock.advance(15min);
  EXPECT_TRUE(run(request).signature_verified);  // exactly 15 minutes is still fine
  clock.advance(5min);
  auto late = expectAwsError([&] { run(request); }, "SignatureDoesNotMatch", 403);
  EXPECT_EQ(late.message,
            "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z "
            "(20150830T125600Z - 15 min.)");
  clock.advance(-40min);
  auto early = expectAwsError([&] { run(request); }, "SignatureDoesNotMatch", 403);
  EXPECT_EQ(early.message,
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123100Z "
            "(20150830T121600Z + 15 min.)");
}

TEST_F(VerifierTest, ClockSkewS3) {
  auto request = makeRequest("GET", "/b",
                             {{"host", "h"},
                              {"x-amz-date", "20150830T123600Z"},
                              {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}});
  signRequest(request, {.service = "s3",
                        .signed_headers = "host;x-amz-content-sha256;x-amz-date",
                        .payload_hash = "UNSIGNED-PAYLOAD"});
  EXPECT_TRUE(run(request).signature_verified);
  clock.advance(16min);
  auto error = expectAwsError([&] { run(request); }, "RequestTimeTooSkewed", 403);
  EXPECT_EQ(error.message,
            "The difference between the request time and the current time is too large.");
  EXPECT_EQ(error.fields["RequestTime"], "20150830T123600Z");
  EXPECT_EQ(error.fields["ServerTime"], "2015-08-30T12:52:00Z");
  EXPECT_EQ(error.fields["MaxAllowedSkewMilliseconds"], "900000");
}

TEST_F(VerifierTest, SigningKeysAreCached) {
  SigV4Verifier verifier(store, VerifyMode::Strict, clock);
  for (int i = 0; i < 3; ++i) {
    auto request = sqsRequest("Action=ListQueues&N=" + std::to_string(i));
    signRequest(request, {});
    auto signature = parseSignature(request);
    Caller caller = verifier.authenticate(request, signature);
    verifier.verifyPayload(request, signature, caller, encoding::sha256Hex(request.body.memory));
    EXPECT_TRUE(caller.signature_verified);
  }
  EXPECT_EQ(verifier.signingKeys().misses(), 1u);
  EXPECT_EQ(verifier.signingKeys().hits(), 2u);
}

TEST_F(VerifierTest, AnonymousAndSigV2) {
  auto anonymous = makeRequest("GET", "/bucket/key", {{"host", "h"}});
  Caller caller = run(anonymous);
  EXPECT_TRUE(caller.anonymous);

  // A known key's SigV2 signature is verified; an unknown key is the account root (known mode)
  // or refused (strict), as for SigV4.
  auto v2 = makeRequest("GET", "/bucket/key", {{"authorization", "AWS AKIDEXAMPLE:c2ln"}});
  expectAwsError([&] { run(v2, VerifyMode::Known); }, "SignatureDoesNotMatch", 403);
  auto unknown = makeRequest("GET", "/bucket/key", {{"authorization", "AWS AKIDUNKNOWN:c2ln"}});
  EXPECT_EQ(run(unknown, VerifyMode::Known).account_id, "000000000000");
  expectAwsError([&] { run(unknown, VerifyMode::Strict); }, "InvalidClientTokenId", 403);
}

TEST_F(VerifierTest, S3RefusesXAmzHeadersTheSignatureDoesNotCover) {
  auto s3 = makeRequest("PUT", "/b/k",
                        {{"host", "h"},
                         {"x-amz-date", "20150830T123600Z"},
                         {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"},
                         {"x-amz-meta-owner", "mallory"}});
  signRequest(s3, {.service = "s3",
                   .signed_headers = "host;x-amz-content-sha256;x-amz-date",
                   .payload_hash = "UNSIGNED-PAYLOAD"});
  auto error = expectAwsError([&] { run(s3); }, "AccessDenied", 403);
  EXPECT_EQ(error.fields["HeadersNotSigned"], "x-amz-meta-owner");
}

// The S3 documentation's SigV2 example (RESTAuthentication.html, "Object GET"): GET
// /photos/puppy.jpg on the virtual-hosted bucket awsexamplebucket1, signature
// qgk2+6Sv9/oM7G3qLEjTH1a1l1g= with the documented secret.
TEST_F(VerifierTest, SigV2DocumentedObjectGet) {
  store.add(credential("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  auto request =
      makeRequest("GET", "/photos/puppy.jpg",
                  {{"host", "awsexamplebucket1.us-west-1.s3.amazonaws.com"},
                   {"date", "Tue, 27 Mar 2007 19:36:42 +0000"},
                   {"authorization", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g="}});
  request.host_bucket = "awsexamplebucket1";
  EXPECT_EQ(run(request).access_key_id, "AKIAIOSFODNN7EXAMPLE");
  request.headers.back().second = "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1h=";
  expectAwsError([&] { run(request); }, "SignatureDoesNotMatch", 403);
}

TEST_F(VerifierTest, SigV2PresignedUrlExpires) {
  store.add(credential("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
  // The clock is 2015-08-30T12:36:00Z = 1440938160.
  auto expired = makeRequest(
      "GET", "/bucket/key?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1440938100&Signature=x", {});
  auto error = expectAwsError([&] { run(expired); }, "AccessDenied", 403);
  EXPECT_EQ(error.message, "Request has expired");
  // Within its time the signature decides.
  auto live = makeRequest(
      "GET", "/bucket/key?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1440938200&Signature=x", {});
  expectAwsError([&] { run(live); }, "SignatureDoesNotMatch", 403);
}

// --- presigned URLs -----------------------------------------------------------------------------

// The documented S3 presigned URL (sigv4-query-string-auth.html: GET /test.txt, 24 hours).
HttpRequest documentedPresignedGet(
    std::string signature = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404") {
  return makeRequest(
      "GET",
      "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%"
      "2F"
      "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
      "X-Amz-SignedHeaders=host&X-Amz-Signature=" +
          signature,
      {{"host", "examplebucket.s3.amazonaws.com"}});
}

TEST_F(VerifierTest, PresignedS3Valid) {
  clock.set(*timefmt::parseAmzDate("20130524T000000Z"));
  auto request = documentedPresignedGet();
  Caller caller = run(request);
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_FALSE(caller.body_hash_required);
  clock.advance(86400s);
  EXPECT_TRUE(run(request).signature_verified);  // the last valid second
}

TEST_F(VerifierTest, PresignedS3Expired) {
  clock.set(*timefmt::parseAmzDate("20130524T000000Z") + 86401s);
  auto request = documentedPresignedGet();
  auto error = expectAwsError([&] { run(request); }, "AccessDenied", 403);
  EXPECT_EQ(error.message, "Request has expired");
  EXPECT_EQ(error.fields["X-Amz-Expires"], "86400");
  EXPECT_EQ(error.fields["Expires"], "2013-05-25T00:00:00Z");
  EXPECT_EQ(error.fields["ServerTime"], "2013-05-25T00:00:01Z");
}

TEST_F(VerifierTest, PresignedS3NotYetValid) {
  clock.set(*timefmt::parseAmzDate("20130523T234000Z"));
  auto request = documentedPresignedGet();
  auto error = expectAwsError([&] { run(request); }, "AccessDenied", 403);
  EXPECT_EQ(error.message, "Request is not yet valid");
}

TEST_F(VerifierTest, PresignedS3Tampered) {
  clock.set(*timefmt::parseAmzDate("20130524T000000Z"));
  auto signature =
      documentedPresignedGet("beeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  expectAwsError([&] { run(signature); }, "SignatureDoesNotMatch", 403);
  auto path = documentedPresignedGet();
  path.setTarget("/test2.txt?" + path.query);
  expectAwsError([&] { run(path); }, "SignatureDoesNotMatch", 403);
  auto longer = documentedPresignedGet();
  std::string target = longer.target;
  target.replace(target.find("Expires=86400"), 13, "Expires=86401");
  longer.setTarget(target);
  expectAwsError([&] { run(longer); }, "SignatureDoesNotMatch", 403);
  auto extra = documentedPresignedGet();
  extra.setTarget(extra.target + "&versionId=1");
  expectAwsError([&] { run(extra); }, "SignatureDoesNotMatch", 403);
}

// Other services apply the 15-minute window to presigned requests too (see signature_parser.cpp).
TEST_F(VerifierTest, PresignedOtherService) {
  auto request = makeRequest("GET", "/?Action=GetCallerIdentity&Version=2011-06-15",
                             {{"host", "sts.amazonaws.com"}});
  testing::presignRequest(request, {.service = "sts", .signed_headers = "host"}, 60);
  Caller caller = run(request);
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_EQ(caller.service, "sts");
  clock.advance(10min);
  EXPECT_TRUE(run(request).signature_verified);
  clock.advance(6min);
  auto error = expectAwsError([&] { run(request); }, "SignatureDoesNotMatch", 403);
  EXPECT_TRUE(error.message.starts_with("Signature expired: 20150830T123600Z is now earlier than"));
}

TEST_F(VerifierTest, PresignedWithSessionToken) {
  Credential session = credential("ASIAPRESIGN", "presignsecret");
  session.session_token = "tok/en+=";
  store.add(session);
  auto request = makeRequest("GET", "/bucket/key", {{"host", "localhost:4566"}});
  testing::presignRequest(request,
                          {.access_key = "ASIAPRESIGN",
                           .secret = "presignsecret",
                           .service = "s3",
                           .signed_headers = "host"},
                          3600, "tok/en+=");
  EXPECT_TRUE(run(request).signature_verified);
}

}  // namespace
}  // namespace awsemu::auth
