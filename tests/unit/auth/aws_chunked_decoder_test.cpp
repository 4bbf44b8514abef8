#include "awsemu/auth/aws_chunked_decoder.hpp"

#include <gtest/gtest.h>

#include "awsemu/auth/sigv4_verifier.hpp"
#include "tests/unit/auth/auth_test_support.hpp"

namespace awsemu::auth {
namespace {

using testing::ChunkedSpec;
using testing::encodeChunked;
using testing::expectAwsError;
using testing::FixedClock;
using testing::makeRequest;
using testing::MapStore;

// --- the documented example -------------------------------------------------------------------
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html, "Example: PUT Object":
// 66560 bytes of 'a' in a 65536-byte chunk and a 1024-byte chunk, signed by AKIAIOSFODNN7EXAMPLE.
constexpr std::string_view kDocSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kDocDate = "20130524T000000Z";
constexpr std::string_view kDocScope = "20130524/us-east-1/s3/aws4_request";
constexpr std::string_view kDocSignedHeaders =
    "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
    "x-amz-decoded-content-length;x-amz-storage-class";
constexpr std::string_view kDocSeed =
    "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

HttpRequest documentedRequest() {
  return makeRequest("PUT", "/examplebucket/chunkObject.txt",
                     {{"host", "s3.amazonaws.com"},
                      {"x-amz-date", std::string(kDocDate)},
                      {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                      {"x-amz-content-sha256", std::string(kStreamingSigned)},
                      {"content-encoding", "aws-chunked"},
                      {"x-amz-decoded-content-length", "66560"},
                      {"content-length", "66824"}});
}

SigningKey docKey() { return deriveSigningKey(kDocSecret, "20130524", "us-east-1", "s3"); }

ChunkedSpec documentedSpec(const SigningKey& key) {
  ChunkedSpec spec;
  spec.payload = std::string(66560, 'a');
  spec.chunk_sizes = {65536, 1024};
  spec.key = &key;
  spec.seed = kDocSeed;
  spec.amz_date = kDocDate;
  spec.scope = kDocScope;
  return spec;
}

ChunkedDecoderOptions signedOptions(const SigningKey& key, std::uint64_t length,
                                    PayloadMode mode = PayloadMode::StreamingSigned) {
  ChunkedDecoderOptions options;
  options.mode = mode;
  options.decoded_length = length;
  options.verify_signatures = true;
  options.signing_key = key;
  options.seed_signature = kDocSeed;
  options.amz_date = kDocDate;
  options.scope = kDocScope;
  return options;
}

ChunkedDecoderOptions unsignedOptions(std::uint64_t length) {
  ChunkedDecoderOptions options;
  options.mode = PayloadMode::StreamingUnsignedTrailer;
  options.decoded_length = length;
  return options;
}

// Feeds `wire` in pieces of `piece` bytes; returns the decoded bytes.
std::string decode(ChunkedDecoderOptions options, std::string_view wire, std::size_t piece,
                   AwsChunkedDecoder** keep = nullptr) {
  std::string out;
  AwsChunkedDecoder decoder(std::move(options), [&](std::string_view bytes) { out.append(bytes); });
  for (std::size_t at = 0; at < wire.size(); at += piece) decoder.feed(wire.substr(at, piece));
  decoder.finish();
  EXPECT_TRUE(decoder.done());
  return out;
}

TEST(AwsChunkedDocumentedExample, SeedAndChunkSignatures) {
  HttpRequest request = documentedRequest();
  std::string signed_headers(kDocSignedHeaders);
  CanonicalInput input{request.method, request.path,     request.query, &request.headers,
                       signed_headers, kStreamingSigned, true};
  SigningKey key = docKey();
  EXPECT_EQ(signatureHex(key, stringToSign(kDocDate, kDocScope, canonicalRequest(input))),
            kDocSeed);
  auto body = encodeChunked(documentedSpec(key));
  EXPECT_EQ(body.wire.size(), 66824u);
  ASSERT_EQ(body.chunk_signatures.size(), 3u);
  EXPECT_EQ(body.chunk_signatures[0],
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
  EXPECT_EQ(body.chunk_signatures[1],
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
  EXPECT_EQ(body.chunk_signatures[2],
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
}

// End to end: the request verifies (seed signature), then its body decodes and verifies.
TEST(AwsChunkedDocumentedExample, VerifiesAndDecodesThroughTheGatewayApi) {
  MapStore store;
  Credential credential;
  credential.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  credential.secret_access_key = kDocSecret;
  store.add(credential);
  FixedClock clock(kDocDate);
  SigV4Verifier verifier(store, VerifyMode::Strict, clock);
  HttpRequest request = documentedRequest();
  request.headers.emplace_back(
      "authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/" +
                           std::string(kDocScope) + ",SignedHeaders=" +
                           std::string(kDocSignedHeaders) + ",Signature=" + std::string(kDocSeed));
  SignatureInfo signature = parseSignature(request);
  ASSERT_TRUE(signature.streaming());
  Caller caller = verifier.authenticate(request, signature);
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_FALSE(caller.body_hash_required);
  std::string out;
  auto decoder = AwsChunkedDecoder::forRequest(
      request, signature, caller, [&](std::string_view bytes) { out.append(bytes); },
      ChecksumAlgorithm::CRC64NVME);
  decoder.feed(encodeChunked(documentedSpec(docKey())).wire);
  decoder.finish();
  EXPECT_EQ(out, std::string(66560, 'a'));
  EXPECT_EQ(decoder.computedChecksum(ChecksumAlgorithm::CRC64NVME),
            computeChecksum(ChecksumAlgorithm::CRC64NVME, out));
}

TEST(AwsChunkedDocumentedExample, EveryFeedSize) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(documentedSpec(key)).wire;
  std::vector<std::size_t> sizes;
  for (std::size_t size = 1; size <= 2048; ++size) sizes.push_back(size);
  for (std::size_t size : {4095u, 8192u, 65535u, 65536u, 65625u, 65626u, 66823u, 66824u, 100000u})
    sizes.push_back(size);
  for (std::size_t size : sizes)
    ASSERT_EQ(decode(signedOptions(key, 66560), wire, size), std::string(66560, 'a')) << size;
}

TEST(AwsChunkedDocumentedExample, TwoPiecesSplitAnywhereInTheFraming) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(documentedSpec(key)).wire;
  std::vector<std::size_t> cuts;
  for (std::size_t cut = 0; cut <= 100; ++cut) cuts.push_back(cut);
  for (std::size_t cut = 65600; cut <= 65760; ++cut) cuts.push_back(cut);  // around chunk 2
  for (std::size_t cut = wire.size() - 100; cut <= wire.size(); ++cut) cuts.push_back(cut);
  for (std::size_t cut : cuts) {
    std::string out;
    AwsChunkedDecoder decoder(signedOptions(key, 66560),
                              [&](std::string_view b) { out.append(b); });
    decoder.feed(std::string_view(wire).substr(0, cut));
    decoder.feed(std::string_view(wire).substr(cut));
    decoder.finish();
    ASSERT_EQ(out.size(), 66560u) << cut;
  }
}

TEST(AwsChunkedDocumentedExample, TruncatedBodiesAreIncomplete) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(documentedSpec(key)).wire;
  for (std::size_t length = 0; length + 2 < wire.size(); length += (length < 200 ? 1 : 997)) {
    AwsChunkedDecoder decoder(signedOptions(key, 66560), nullptr);
    decoder.feed(std::string_view(wire).substr(0, length));
    auto error = expectAwsError([&] { decoder.finish(); }, "IncompleteBody", 400);
    ASSERT_EQ(error.message, "The request body terminated unexpectedly") << length;
  }
}

TEST(AwsChunkedDocumentedExample, AnyChangedSignatureOrByteFails) {
  SigningKey key = docKey();
  auto body = encodeChunked(documentedSpec(key));
  auto corrupt = [&](std::size_t at) {
    std::string wire = body.wire;
    wire[at] = wire[at] == 'a' ? 'b' : 'a';
    AwsChunkedDecoder decoder(signedOptions(key, 66560), nullptr);
    auto error = expectAwsError([&] { decoder.feed(wire); }, "SignatureDoesNotMatch", 403);
    EXPECT_EQ(
        error.message,
        "The request signature we calculated does not match the signature you provided. Check "
        "your key and signing method.");
  };
  corrupt(body.wire.find(body.chunk_signatures[0]) + 10);
  corrupt(body.wire.find(body.chunk_signatures[1]) + 63);
  corrupt(body.wire.find(body.chunk_signatures[2]));
  corrupt(100);    // data of chunk 1
  corrupt(65700);  // data of chunk 2
}

TEST(AwsChunkedDocumentedExample, WrongSeedFails) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(documentedSpec(key)).wire;
  auto options = signedOptions(key, 66560);
  options.seed_signature[0] = '0';
  AwsChunkedDecoder decoder(options, nullptr);
  expectAwsError([&] { decoder.feed(wire); }, "SignatureDoesNotMatch", 403);
  // The error sticks.
  expectAwsError([&] { decoder.feed("x"); }, "SignatureDoesNotMatch", 403);
  expectAwsError([&] { decoder.finish(); }, "SignatureDoesNotMatch", 403);
}

TEST(AwsChunkedDocumentedExample, UnverifiedCallerSkipsSignatureChecks) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(documentedSpec(key)).wire;
  auto options = signedOptions(key, 66560);
  options.verify_signatures = false;
  options.seed_signature = "whatever";
  EXPECT_EQ(decode(options, wire, 4096).size(), 66560u);
}

// --- small bodies, all modes --------------------------------------------------------------------

ChunkedSpec smallSpec(const SigningKey* key, std::string payload,
                      std::vector<std::size_t> sizes = {}) {
  ChunkedSpec spec;
  spec.payload = std::move(payload);
  spec.chunk_sizes = sizes.empty() ? std::vector<std::size_t>{spec.payload.size()} : sizes;
  spec.key = key;
  spec.seed = kDocSeed;
  spec.amz_date = kDocDate;
  spec.scope = kDocScope;
  return spec;
}

TEST(AwsChunked, SmallSignedBodyEverySplitAndTruncation) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(smallSpec(&key, "hello world")).wire;
  for (std::size_t piece = 1; piece <= wire.size(); ++piece)
    ASSERT_EQ(decode(signedOptions(key, 11), wire, piece), "hello world") << piece;
  for (std::size_t length = 0; length < wire.size(); ++length) {
    AwsChunkedDecoder decoder(signedOptions(key, 11), nullptr);
    decoder.feed(std::string_view(wire).substr(0, length));
    if (length == wire.size() - 2) {
      decoder.finish();  // tolerated: the final empty line is missing
      continue;
    }
    expectAwsError([&] { decoder.finish(); }, "IncompleteBody", 400);
  }
}

TEST(AwsChunked, DecodedLengthMustMatch) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(smallSpec(&key, "hello")).wire;
  AwsChunkedDecoder shorter(signedOptions(key, 3), nullptr);
  auto error = expectAwsError([&] { shorter.feed(wire); }, "IncompleteBody", 400);
  EXPECT_EQ(error.message,
            "You did not provide the number of bytes specified by the Content-Length HTTP header");
  EXPECT_EQ(error.fields["NumberBytesExpected"], "3");
  EXPECT_EQ(error.fields["NumberBytesProvided"], "5");
  AwsChunkedDecoder longer(signedOptions(key, 9), nullptr);
  auto more = expectAwsError([&] { longer.feed(wire); }, "IncompleteBody", 400);
  EXPECT_EQ(more.fields["NumberBytesProvided"], "5");
}

// Only the last data chunk may be under 8192 bytes (versity/versitygw#1683: chunks of 3 and 2 bytes
// give Chunk 2, BadChunkSize 3).
TEST(AwsChunked, SmallChunksBeforeTheLastAreRejected) {
  SigningKey key = docKey();
  std::string wire = encodeChunked(smallSpec(&key, "hello", {3, 2})).wire;
  AwsChunkedDecoder decoder(signedOptions(key, 5), nullptr);
  auto error = expectAwsError([&] { decoder.feed(wire); }, "InvalidChunkSizeError", 403);
  EXPECT_EQ(error.message, "Only the last chunk is allowed to have a size less than 8192 bytes");
  EXPECT_EQ(error.fields["Chunk"], "2");
  EXPECT_EQ(error.fields["BadChunkSize"], "3");

  ChunkedDecoderOptions unsigned_options = unsignedOptions(9000);
  std::string payload(9000, 'x');
  AwsChunkedDecoder unsigned_decoder(unsigned_options, nullptr);
  expectAwsError(
      [&] {
        unsigned_decoder.feed(encodeChunked(smallSpec(nullptr, payload, {1000, 8000})).wire);
      },
      "InvalidChunkSizeError", 403);
  // 8192 and more before the last chunk is fine.
  std::string big(8192 + 10, 'y');
  EXPECT_EQ(decode(unsignedOptions(big.size()),
                   encodeChunked(smallSpec(nullptr, big, {8192, 10})).wire, 333),
            big);
}

TEST(AwsChunked, GarbledFramingIsIncompleteBody) {
  SigningKey key = docKey();
  std::string good = encodeChunked(smallSpec(&key, "hello")).wire;
  std::string signature = good.substr(good.find('=') + 1, 64);
  std::vector<std::string> garbled = {
      "zz;chunk-signature=" + signature + "\r\nhello\r\n",        // size not hex
      "5\r\nhello\r\n",                                           // signature missing
      "5;chunk-signature=" + signature + "\nhello\r\n",           // bare LF
      "5;chunk-signature=" + signature + "\r\nhelloXX",           // no CRLF after the data
      "5;chunk-signatur=" + signature + "\r\nhello\r\n",          // misspelt extension
      "5;chunk-signature=" + signature.substr(0, 60) + "\r\n",    // short signature
      "00000000000000005;chunk-signature=" + signature + "\r\n",  // 17 hex digits
  };
  for (const auto& wire : garbled) {
    AwsChunkedDecoder decoder(signedOptions(key, 5), nullptr);
    expectAwsError([&] { decoder.feed(wire); }, "IncompleteBody", 400);
  }
  AwsChunkedDecoder extra(signedOptions(key, 5), nullptr);
  expectAwsError([&] { extra.feed(good + "x"); }, "IncompleteBody", 400);
  AwsChunkedDecoder endless(signedOptions(key, 5), nullptr);
  expectAwsError([&] { endless.feed(std::string(5000, '1')); }, "IncompleteBody", 400);
}

// --- trailers
// -------------------------------------------------------------------------------------

struct TrailerCase {
  PayloadMode mode;
  ChecksumAlgorithm algorithm;
};

class AwsChunkedTrailers : public ::testing::TestWithParam<TrailerCase> {
 protected:
  bool signedMode() const { return GetParam().mode == PayloadMode::StreamingSignedTrailer; }
  std::string header() const { return std::string(checksumHeaderName(GetParam().algorithm)); }

  ChunkedDecoderOptions options(std::uint64_t length) const {
    ChunkedDecoderOptions out =
        signedMode() ? signedOptions(key, length, GetParam().mode) : unsignedOptions(length);
    out.trailer = GetParam().algorithm;
    return out;
  }

  ChunkedSpec spec(std::string payload,
                   std::vector<std::pair<std::string, std::string>> trailers) const {
    ChunkedSpec out = smallSpec(signedMode() ? &key : nullptr, std::move(payload));
    out.trailers = std::move(trailers);
    out.sign_trailer = signedMode();
    return out;
  }

  SigningKey key = docKey();
};

TEST_P(AwsChunkedTrailers, ChecksumVerifiesWithEveryFeedSize) {
  std::string payload = "The quick brown fox jumps over the lazy dog";
  std::string value = computeChecksum(GetParam().algorithm, payload);
  std::string wire = encodeChunked(spec(payload, {{header(), value}})).wire;
  for (std::size_t piece = 1; piece <= wire.size(); ++piece) {
    AwsChunkedDecoder decoder(options(payload.size()), nullptr);
    for (std::size_t at = 0; at < wire.size(); at += piece)
      decoder.feed(std::string_view(wire).substr(at, piece));
    decoder.finish();
    ASSERT_TRUE(decoder.trailerChecksum());
    EXPECT_EQ(decoder.trailerChecksum()->value, value);
    ASSERT_EQ(decoder.computedChecksum(GetParam().algorithm), value) << piece;
  }
}

TEST_P(AwsChunkedTrailers, MismatchIsBadDigest) {
  std::string wire =
      encodeChunked(spec("hello", {{header(), computeChecksum(GetParam().algorithm, "world")}}))
          .wire;
  AwsChunkedDecoder decoder(options(5), nullptr);
  auto error = expectAwsError([&] { decoder.feed(wire); }, "BadDigest", 400);
  EXPECT_EQ(error.message, "The " + std::string(checksumName(GetParam().algorithm)) +
                               " you specified did not match the calculated checksum.");
}

TEST_P(AwsChunkedTrailers, MalformedValueIsInvalidRequest) {
  std::string wire =
      encodeChunked(spec("hello", {{header(), "qvTGHdzF6KLavt4PO0gs2a6pQ00h"}})).wire;
  AwsChunkedDecoder decoder(options(5), nullptr);
  auto error = expectAwsError([&] { decoder.feed(wire); }, "InvalidRequest", 400);
  EXPECT_EQ(error.message, "Value for " + header() + " trailing header is invalid.");
}

TEST_P(AwsChunkedTrailers, MissingOrUnexpectedTrailerIsMalformed) {
  AwsChunkedDecoder missing(options(5), nullptr);
  auto error = expectAwsError([&] { missing.feed(encodeChunked(spec("hello", {})).wire); },
                              "MalformedTrailerError", 400);
  EXPECT_EQ(error.message,
            "The request contained trailing data that was not well-formed or did not conform to "
            "our published schema.");
  auto undeclared = options(5);
  undeclared.trailer.reset();
  AwsChunkedDecoder unexpected(undeclared, nullptr);
  std::string value = computeChecksum(GetParam().algorithm, "hello");
  expectAwsError(
      [&] {
        unexpected.feed(encodeChunked(spec("hello", {{header(), value}})).wire);
      },
      "MalformedTrailerError", 400);
  AwsChunkedDecoder no_colon(options(5), nullptr);
  expectAwsError(
      [&] {
        no_colon.feed(encodeChunked(spec("hello", {{header() + value, ""}})).wire);
      },
      "MalformedTrailerError", 400);
}

INSTANTIATE_TEST_SUITE_P(
    AllAlgorithms, AwsChunkedTrailers,
    ::testing::Values(
        TrailerCase{PayloadMode::StreamingUnsignedTrailer, ChecksumAlgorithm::CRC32},
        TrailerCase{PayloadMode::StreamingUnsignedTrailer, ChecksumAlgorithm::CRC32C},
        TrailerCase{PayloadMode::StreamingUnsignedTrailer, ChecksumAlgorithm::CRC64NVME},
        TrailerCase{PayloadMode::StreamingUnsignedTrailer, ChecksumAlgorithm::SHA1},
        TrailerCase{PayloadMode::StreamingUnsignedTrailer, ChecksumAlgorithm::SHA256},
        TrailerCase{PayloadMode::StreamingSignedTrailer, ChecksumAlgorithm::CRC32},
        TrailerCase{PayloadMode::StreamingSignedTrailer, ChecksumAlgorithm::CRC32C},
        TrailerCase{PayloadMode::StreamingSignedTrailer, ChecksumAlgorithm::CRC64NVME},
        TrailerCase{PayloadMode::StreamingSignedTrailer, ChecksumAlgorithm::SHA1},
        TrailerCase{PayloadMode::StreamingSignedTrailer, ChecksumAlgorithm::SHA256}),
    [](const auto& info) {
      return std::string(info.param.mode == PayloadMode::StreamingSignedTrailer ? "Signed"
                                                                                : "Unsigned") +
             std::string(checksumName(info.param.algorithm));
    });

TEST(AwsChunked, WrongTrailerSignatureFails) {
  SigningKey key = docKey();
  ChunkedSpec spec = smallSpec(&key, "hello");
  spec.trailers = {{"x-amz-checksum-crc32", computeChecksum(ChecksumAlgorithm::CRC32, "hello")}};
  spec.sign_trailer = true;
  auto body = encodeChunked(spec);
  std::string wire = body.wire;
  wire[wire.find(body.trailer_signature) + 5] ^= 1;
  auto options = signedOptions(key, 5, PayloadMode::StreamingSignedTrailer);
  options.trailer = ChecksumAlgorithm::CRC32;
  AwsChunkedDecoder decoder(options, nullptr);
  expectAwsError([&] { decoder.feed(wire); }, "SignatureDoesNotMatch", 403);
}

TEST(AwsChunked, UnsignedTrailerWithoutChecksum) {
  std::string wire = encodeChunked(smallSpec(nullptr, "hello")).wire;
  EXPECT_EQ(wire, "5\r\nhello\r\n0\r\n\r\n");
  ChunkedDecoderOptions options = unsignedOptions(5);
  options.also_compute = ChecksumAlgorithm::CRC64NVME;
  std::string out;
  AwsChunkedDecoder decoder(options, [&](std::string_view bytes) { out.append(bytes); });
  decoder.feed(wire);
  decoder.finish();
  EXPECT_EQ(out, "hello");
  EXPECT_EQ(decoder.computedChecksum(ChecksumAlgorithm::CRC64NVME), "M3eFcAZSQlc=");
  EXPECT_FALSE(decoder.computedChecksum(ChecksumAlgorithm::CRC32));
}

TEST(AwsChunked, ChecksumHeaderInsteadOfTrailer) {
  SignatureInfo signature;
  signature.payload = PayloadMode::StreamingUnsignedTrailer;
  std::string wire = encodeChunked(smallSpec(nullptr, "hello")).wire;
  auto request =
      makeRequest("PUT", "/b/k",
                  {{"x-amz-decoded-content-length", "5"},
                   {"x-amz-checksum-sha256", computeChecksum(ChecksumAlgorithm::SHA256, "hello")}});
  auto decoder = AwsChunkedDecoder::forRequest(request, signature, Caller{}, nullptr,
                                               ChecksumAlgorithm::SHA256);
  decoder.feed(wire);
  decoder.finish();
  EXPECT_EQ(decoder.computedChecksum(ChecksumAlgorithm::SHA256),
            computeChecksum(ChecksumAlgorithm::SHA256, "hello"));

  request.headers[1].second = computeChecksum(ChecksumAlgorithm::SHA256, "other");
  auto wrong = AwsChunkedDecoder::forRequest(request, signature, Caller{}, nullptr);
  auto error = expectAwsError([&] { wrong.feed(wire); }, "BadDigest", 400);
  EXPECT_EQ(error.message, "The SHA256 you specified did not match the calculated checksum.");

  request.headers.emplace_back("x-amz-trailer", "x-amz-checksum-crc32");
  expectAwsError([&] { AwsChunkedDecoder::optionsFor(request, signature, Caller{}); },
                 "InvalidRequest", 400);
}

TEST(AwsChunked, OptionsFromRequestHeaders) {
  SignatureInfo signature;
  signature.payload = PayloadMode::StreamingUnsignedTrailer;
  Caller caller;
  auto no_length = makeRequest("PUT", "/b/k", {{"content-encoding", "aws-chunked"}});
  auto error = expectAwsError([&] { AwsChunkedDecoder::optionsFor(no_length, signature, caller); },
                              "MissingContentLength", 411);
  EXPECT_EQ(error.message, "You must provide the Content-Length HTTP header.");
  auto bad_length = makeRequest("PUT", "/b/k", {{"x-amz-decoded-content-length", "abc"}});
  expectAwsError([&] { AwsChunkedDecoder::optionsFor(bad_length, signature, caller); },
                 "MissingContentLength", 411);
  auto bad_trailer = makeRequest(
      "PUT", "/b/k",
      {{"x-amz-decoded-content-length", "5"}, {"x-amz-trailer", "x-amz-checksum-sha10"}});
  auto trailer_error =
      expectAwsError([&] { AwsChunkedDecoder::optionsFor(bad_trailer, signature, caller); },
                     "InvalidRequest", 400);
  EXPECT_EQ(trailer_error.message,
            "The value specified in the x-amz-trailer header is not supported");
  auto good = makeRequest(
      "PUT", "/b/k",
      {{"x-amz-decoded-content-length", "5"}, {"x-amz-trailer", "x-amz-checksum-crc32c"}});
  auto options = AwsChunkedDecoder::optionsFor(good, signature, caller);
  EXPECT_EQ(options.decoded_length, 5u);
  EXPECT_EQ(options.trailer, ChecksumAlgorithm::CRC32C);
  EXPECT_FALSE(options.verify_signatures);
}

}  // namespace
}  // namespace awsemu::auth
