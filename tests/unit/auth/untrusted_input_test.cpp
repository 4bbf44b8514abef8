// Untrusted input must never crash or escape as anything but AwsError: mutated aws-chunked bodies
// fed in random pieces, and mutated Authorization headers and presigned queries.
#include <gtest/gtest.h>

#include <random>

#include "awsemu/auth/aws_chunked_decoder.hpp"
#include "awsemu/auth/sigv4_verifier.hpp"
#include "tests/unit/auth/auth_test_support.hpp"

namespace awsemu::auth {
namespace {

std::string mutate(std::string text, std::mt19937& random) {
  static constexpr char kAlphabet[] = "0123456789abcdefABCDEF;=:/\r\n ,-xX%&?";
  int edits = 1 + static_cast<int>(random() % 4);
  for (int i = 0; i < edits && !text.empty(); ++i) {
    std::size_t at = random() % text.size();
    switch (random() % 3) {
      case 0:
        text[at] = kAlphabet[random() % (sizeof kAlphabet - 1)];
        break;
      case 1:
        text.erase(at, 1 + random() % 3);
        break;
      default:
        text.insert(at, 1, kAlphabet[random() % (sizeof kAlphabet - 1)]);
        break;
    }
  }
  return text;
}

TEST(UntrustedInput, MutatedChunkedBodies) {
  SigningKey key = deriveSigningKey("secret", "20130524", "us-east-1", "s3");
  testing::ChunkedSpec spec;
  spec.payload = std::string(9000, 'q');
  spec.chunk_sizes = {8192, 808};
  spec.key = &key;
  spec.seed = std::string(64, 'a');
  spec.amz_date = "20130524T000000Z";
  spec.scope = "20130524/us-east-1/s3/aws4_request";
  spec.trailers = {
      {"x-amz-checksum-crc32", computeChecksum(ChecksumAlgorithm::CRC32, spec.payload)}};
  spec.sign_trailer = true;
  std::string wire = testing::encodeChunked(spec).wire;
  std::mt19937 random(7);
  for (int round = 0; round < 3000; ++round) {
    ChunkedDecoderOptions options;
    options.mode =
        round % 2 ? PayloadMode::StreamingSignedTrailer : PayloadMode::StreamingUnsignedTrailer;
    options.decoded_length = round % 5 == 0 ? random() % 20000 : spec.payload.size();
    options.trailer = ChecksumAlgorithm::CRC32;
    options.verify_signatures = round % 3 == 0;
    options.signing_key = key;
    options.seed_signature = spec.seed;
    options.amz_date = spec.amz_date;
    options.scope = spec.scope;
    std::string input = mutate(wire, random);
    try {
      AwsChunkedDecoder decoder(options, [](std::string_view) {});
      for (std::size_t at = 0; at < input.size();) {
        std::size_t piece = 1 + random() % 700;
        decoder.feed(std::string_view(input).substr(at, piece));
        at += piece;
      }
      decoder.finish();
    } catch (const AwsError&) {
    }
  }
}

TEST(UntrustedInput, MutatedSignatures) {
  testing::MapStore store;
  Credential credential;
  credential.access_key_id = "AKIDEXAMPLE";
  credential.secret_access_key = "secret";
  store.add(credential);
  testing::FixedClock clock("20150830T123600Z");
  SigV4Verifier verifier(store, VerifyMode::Strict, clock);
  std::string header =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, "
      "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" +
      std::string(64, '0');
  std::string query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2F"
      "aws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&"
      "X-Amz-Signature=00";
  std::mt19937 random(11);
  for (int round = 0; round < 5000; ++round) {
    bool presigned = round % 2;
    auto request = testing::makeRequest(
        "GET", presigned ? "/b/k%2?" + mutate(query, random) : "/b/%zz/../k?a&b=%",
        {{"host", "h"},
         {"x-amz-date", round % 7 ? "20150830T123600Z" : mutate("20150830T123600Z", random)},
         {"x-amz-content-sha256",
          round % 5 ? "UNSIGNED-PAYLOAD" : mutate("UNSIGNED-PAYLOAD", random)}});
    if (!presigned) request.headers.emplace_back("authorization", mutate(header, random));
    try {
      auto signature = parseSignature(request, round % 3 ? AuthFlavor::S3 : AuthFlavor::Generic);
      Caller caller = verifier.authenticate(request, signature);
      if (caller.body_hash_required) verifier.verifyPayload(request, signature, caller, "zz");
    } catch (const AwsError&) {
    }
  }
}

}  // namespace
}  // namespace awsemu::auth
