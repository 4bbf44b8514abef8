#include "awsemu/auth/checksum.hpp"

#include <gtest/gtest.h>

#include <random>

#include "awsemu/auth/auth_errors.hpp"
#include "awsemu/core/encoding.hpp"
#include "tests/unit/auth/auth_test_support.hpp"

namespace awsemu::auth {
namespace {

using testing::expectAwsError;

constexpr std::string_view kCheck = "123456789";

std::string hexOf(ChecksumAlgorithm algorithm, std::string_view data) {
  return encoding::hexEncode(*encoding::base64Decode(computeChecksum(algorithm, data)));
}

// The catalogue "check" values (CRC of "123456789") and the SHA test vectors.
TEST(Checksum, CheckValues) {
  EXPECT_EQ(crc32(0, kCheck), 0xCBF43926u);
  EXPECT_EQ(crc32c(0, kCheck), 0xE3069283u);
  EXPECT_EQ(crc64nvme(0, kCheck), 0xAE8B14860A799888ull);
  EXPECT_EQ(hexOf(ChecksumAlgorithm::CRC32, kCheck), "cbf43926");
  EXPECT_EQ(hexOf(ChecksumAlgorithm::CRC32C, kCheck), "e3069283");
  EXPECT_EQ(hexOf(ChecksumAlgorithm::CRC64NVME, kCheck), "ae8b14860a799888");
  EXPECT_EQ(hexOf(ChecksumAlgorithm::SHA1, "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hexOf(ChecksumAlgorithm::SHA256, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksum, EmptyInput) {
  EXPECT_EQ(computeChecksum(ChecksumAlgorithm::CRC32, ""), "AAAAAA==");
  EXPECT_EQ(computeChecksum(ChecksumAlgorithm::CRC32C, ""), "AAAAAA==");
  EXPECT_EQ(computeChecksum(ChecksumAlgorithm::CRC64NVME, ""), "AAAAAAAAAAA=");
  EXPECT_EQ(computeChecksum(ChecksumAlgorithm::SHA256, ""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

// Values S3 itself returns for the body "hello" (versity/versitygw#1653 shows M3eFcAZSQlc= as the
// CRC64NVME of "hello").
TEST(Checksum, KnownS3Values) {
  EXPECT_EQ(computeChecksum(ChecksumAlgorithm::CRC64NVME, "hello"), "M3eFcAZSQlc=");
  EXPECT_EQ(computeChecksum(ChecksumAlgorithm::CRC32, "hello"), "NhCmhg==");
}

TEST(Checksum, IncrementalEqualsOneShotForEverySplit) {
  std::string data(1000, '\0');
  std::mt19937 random(42);
  for (auto& c : data) c = static_cast<char>(random());
  for (auto algorithm : kAllChecksumAlgorithms) {
    std::string whole = computeChecksum(algorithm, data);
    for (std::size_t piece : {1u, 3u, 7u, 8u, 9u, 64u, 333u, 999u}) {
      ChecksumCalculator calculator(algorithm);
      for (std::size_t at = 0; at < data.size(); at += piece)
        calculator.update(std::string_view(data).substr(at, piece));
      EXPECT_EQ(calculator.base64(), whole) << checksumName(algorithm) << " piece " << piece;
    }
  }
}

// The slice-by-8 and hardware paths agree with a bit-at-a-time reference on unaligned tails.
TEST(Checksum, MatchesBitwiseReference) {
  auto reference64 = [](std::string_view data) {
    std::uint64_t crc = ~0ull;
    for (unsigned char byte : data) {
      crc ^= byte;
      for (int bit = 0; bit < 8; ++bit)
        crc = (crc & 1) ? (crc >> 1) ^ 0x9A6C9329AC4BC9B5ull : crc >> 1;
    }
    return ~crc;
  };
  auto reference32c = [](std::string_view data) {
    std::uint32_t crc = ~0u;
    for (unsigned char byte : data) {
      crc ^= byte;
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    return ~crc;
  };
  std::string data;
  for (int i = 0; i < 77; ++i) {
    data.push_back(static_cast<char>(i * 37 + 11));
    EXPECT_EQ(crc64nvme(0, data), reference64(data)) << data.size();
    EXPECT_EQ(crc32c(0, data), reference32c(data)) << data.size();
  }
}

TEST(Checksum, DigestIsFinal) {
  ChecksumCalculator calculator(ChecksumAlgorithm::SHA1);
  calculator.update("abc");
  std::string first = calculator.base64();
  calculator.update("more");
  EXPECT_EQ(calculator.base64(), first);
  EXPECT_EQ(calculator.digest().size(), 20u);
}

TEST(Checksum, Names) {
  EXPECT_EQ(parseChecksumAlgorithm("crc64nvme"), ChecksumAlgorithm::CRC64NVME);
  EXPECT_EQ(parseChecksumAlgorithm("SHA256"), ChecksumAlgorithm::SHA256);
  EXPECT_FALSE(parseChecksumAlgorithm("MD5"));
  EXPECT_EQ(checksumAlgorithmForHeader("X-Amz-Checksum-CRC32C"), ChecksumAlgorithm::CRC32C);
  EXPECT_FALSE(checksumAlgorithmForHeader("x-amz-checksum-type"));
  EXPECT_FALSE(checksumAlgorithmForHeader("x-amz-checksum-algorithm"));
  EXPECT_EQ(checksumHeaderName(ChecksumAlgorithm::SHA1), "x-amz-checksum-sha1");
}

TEST(ChecksumHeaders, VerifiesTheOneHeaderAgainstTheBody) {
  HeaderList headers{{"x-amz-checksum-crc32", computeChecksum(ChecksumAlgorithm::CRC32, "hello")},
                     {"x-amz-checksum-type", "FULL_OBJECT"}};
  auto checked = verifyChecksumHeaders(headers, "hello");
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->algorithm, ChecksumAlgorithm::CRC32);
  EXPECT_FALSE(verifyChecksumHeaders({{"content-type", "text/plain"}}, "hello"));
}

TEST(ChecksumHeaders, MismatchIsBadDigest) {
  for (auto algorithm : kAllChecksumAlgorithms) {
    HeaderList headers{
        {std::string(checksumHeaderName(algorithm)), computeChecksum(algorithm, "x")}};
    auto error = expectAwsError([&] { verifyChecksumHeaders(headers, "y"); }, "BadDigest", 400);
    EXPECT_EQ(error.message, "The " + std::string(checksumName(algorithm)) +
                                 " you specified did not match the calculated checksum.");
  }
}

TEST(ChecksumHeaders, MalformedValueIsInvalidRequest) {
  for (std::string value : {"not base64!", "AAAA", "AAAAAAAAAAA=", ""}) {
    HeaderList headers{{"x-amz-checksum-crc32", value}};
    auto error = expectAwsError([&] { findChecksumHeader(headers); }, "InvalidRequest", 400);
    EXPECT_EQ(error.message, "Value for x-amz-checksum-crc32 header is invalid.");
  }
}

TEST(ChecksumHeaders, SeveralAlgorithmsAreRejected) {
  HeaderList headers{{"x-amz-checksum-crc32", computeChecksum(ChecksumAlgorithm::CRC32, "a")},
                     {"x-amz-checksum-sha1", computeChecksum(ChecksumAlgorithm::SHA1, "a")}};
  auto error = expectAwsError([&] { findChecksumHeader(headers); }, "InvalidRequest", 400);
  EXPECT_EQ(error.message,
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
}

}  // namespace
}  // namespace awsemu::auth
