// Full-object CRCs combined from part CRCs must equal the CRC of the whole data; composite
// checksums are the checksum of the concatenated part digests.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "awsemu/core/encoding.hpp"
#include "services/s3/listing_output.hpp"
#include "services/s3/multipart_checksums.hpp"

namespace awsemu::s3 {
namespace {

using auth::ChecksumAlgorithm;

std::string randomBytes(std::size_t size, unsigned seed) {
  std::mt19937 generator(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(generator() & 0xFF);
  return bytes;
}

class FullObjectChecksumTest : public ::testing::TestWithParam<ChecksumAlgorithm> {};

TEST_P(FullObjectChecksumTest, CombinedPartsEqualTheWholeData) {
  const std::vector<std::string> parts = {randomBytes(70000, 1), randomBytes(1, 2),
                                          randomBytes(0, 3), randomBytes(123457, 4)};
  std::vector<PartChecksum> checksums;
  std::string whole;
  for (const auto& part : parts) {
    checksums.push_back({auth::computeChecksum(GetParam(), part), part.size()});
    whole += part;
  }
  EXPECT_EQ(fullObjectChecksum(GetParam(), checksums), auth::computeChecksum(GetParam(), whole));
}

TEST_P(FullObjectChecksumTest, OnePartIsItsOwnChecksum) {
  const std::string part = randomBytes(999, 5);
  const std::string value = auth::computeChecksum(GetParam(), part);
  EXPECT_EQ(fullObjectChecksum(GetParam(), {{value, part.size()}}), value);
}

INSTANTIATE_TEST_SUITE_P(Crcs, FullObjectChecksumTest,
                         ::testing::Values(ChecksumAlgorithm::CRC32, ChecksumAlgorithm::CRC32C,
                                           ChecksumAlgorithm::CRC64NVME));

TEST(FullObjectChecksum, RefusesDigestsWithoutAFullObjectForm) {
  EXPECT_THROW(fullObjectChecksum(ChecksumAlgorithm::SHA256, {}), std::invalid_argument);
  EXPECT_FALSE(supportsFullObject(ChecksumAlgorithm::SHA1));
  EXPECT_FALSE(supportsComposite(ChecksumAlgorithm::CRC64NVME));
}

TEST(CompositeChecksum, IsTheChecksumOfThePartDigestsWithTheCount) {
  const std::string a = "first part", b = "second part";
  const std::string raw =
      *encoding::base64Decode(auth::computeChecksum(ChecksumAlgorithm::SHA256, a)) +
      *encoding::base64Decode(auth::computeChecksum(ChecksumAlgorithm::SHA256, b));
  EXPECT_EQ(compositeChecksum(ChecksumAlgorithm::SHA256,
                              {{auth::computeChecksum(ChecksumAlgorithm::SHA256, a), a.size()},
                               {auth::computeChecksum(ChecksumAlgorithm::SHA256, b), b.size()}}),
            auth::computeChecksum(ChecksumAlgorithm::SHA256, raw) + "-2");
}

TEST(ListingUrlEncoding, EncodesAsS3Does) {
  EXPECT_EQ(listing_output::urlEncode("a b.txt"), "a+b.txt");
  EXPECT_EQ(listing_output::urlEncode("a+b.txt"), "a%2Bb.txt");
  EXPECT_EQ(listing_output::urlEncode("100%.csv"), "100%25.csv");
  EXPECT_EQ(listing_output::urlEncode("\xED\x95\x9C/x.txt"), "%ED%95%9C/x.txt");
  EXPECT_EQ(listing_output::urlEncode("run_id=2026-06-26T00:00:00/f"),
            "run_id=2026-06-26T00:00:00/f");
}

}  // namespace
}  // namespace awsemu::s3
