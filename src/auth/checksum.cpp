#include "awsemu/core/strings.hpp"
#include "awsemu/auth/checksum.hpp"

#include <openssl/evp.h>
#include <strings.h>

#include "awsemu/auth/auth_errors.hpp"
#include "awsemu/core/encoding.hpp"

namespace awsemu::auth {
namespace {

struct AlgorithmInfo {
  ChecksumAlgorithm algorithm;
  std::string_view name, header;
  std::size_t size;
};

constexpr AlgorithmInfo kInfo[] = {
    {ChecksumAlgorithm::CRC32, "CRC32", "x-amz-checksum-crc32", 4},
    {ChecksumAlgorithm::CRC32C, "CRC32C", "x-amz-checksum-crc32c", 4},
    {ChecksumAlgorithm::CRC64NVME, "CRC64NVME", "x-amz-checksum-crc64nvme", 8},
    {ChecksumAlgorithm::SHA1, "SHA1", "x-amz-checksum-sha1", 20},
    {ChecksumAlgorithm::SHA256, "SHA256", "x-amz-checksum-sha256", 32},
};

const AlgorithmInfo& info(ChecksumAlgorithm algorithm) {
  return kInfo[static_cast<std::size_t>(algorithm)];
}

std::string bigEndian(std::uint64_t value, std::size_t bytes) {
  std::string out(bytes, '\0');
  for (std::size_t i = 0; i < bytes; ++i)
    out[bytes - 1 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

}  // namespace

std::string_view checksumName(ChecksumAlgorithm algorithm) { return info(algorithm).name; }
std::string_view checksumHeaderName(ChecksumAlgorithm algorithm) { return info(algorithm).header; }
std::size_t checksumDigestSize(ChecksumAlgorithm algorithm) { return info(algorithm).size; }

std::optional<ChecksumAlgorithm> parseChecksumAlgorithm(std::string_view name) {
  for (const auto& entry : kInfo)
    if (strings::iequals(entry.name, name)) return entry.algorithm;
  return std::nullopt;
}

std::optional<ChecksumAlgorithm> checksumAlgorithmForHeader(std::string_view header_name) {
  for (const auto& entry : kInfo)
    if (strings::iequals(entry.header, header_name)) return entry.algorithm;
  return std::nullopt;
}

// SHA1/SHA256 through EVP: one context per calculator (a request), not per call.
struct ChecksumCalculator::Hash {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~Hash() { EVP_MD_CTX_free(context); }
};

ChecksumCalculator::ChecksumCalculator(ChecksumAlgorithm algorithm) : algorithm_(algorithm) {
  if (algorithm == ChecksumAlgorithm::SHA1 || algorithm == ChecksumAlgorithm::SHA256) {
    hash_ = std::make_unique<Hash>();
    const EVP_MD* md = algorithm == ChecksumAlgorithm::SHA1 ? EVP_sha1() : EVP_sha256();
    if (hash_->context == nullptr || EVP_DigestInit_ex(hash_->context, md, nullptr) != 1)
      throw AwsError("InternalError",
                     "Could not initialise " + std::string(checksumName(algorithm)), 500, false);
  }
}

ChecksumCalculator::~ChecksumCalculator() = default;
ChecksumCalculator::ChecksumCalculator(ChecksumCalculator&&) noexcept = default;
ChecksumCalculator& ChecksumCalculator::operator=(ChecksumCalculator&&) noexcept = default;

void ChecksumCalculator::update(std::string_view bytes) {
  if (digest_ || bytes.empty()) return;
  switch (algorithm_) {
    case ChecksumAlgorithm::CRC32:
      crc_ = crc32(static_cast<std::uint32_t>(crc_), bytes);
      break;
    case ChecksumAlgorithm::CRC32C:
      crc_ = crc32c(static_cast<std::uint32_t>(crc_), bytes);
      break;
    case ChecksumAlgorithm::CRC64NVME:
      crc_ = crc64nvme(crc_, bytes);
      break;
    case ChecksumAlgorithm::SHA1:
    case ChecksumAlgorithm::SHA256:
      EVP_DigestUpdate(hash_->context, bytes.data(), bytes.size());
      break;
  }
}

const std::string& ChecksumCalculator::digest() {
  if (digest_) return *digest_;
  if (hash_) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(hash_->context, out, &length);
    digest_ = std::string(reinterpret_cast<char*>(out), length);
  } else {
    digest_ = bigEndian(crc_, checksumDigestSize(algorithm_));
  }
  return *digest_;
}

std::string ChecksumCalculator::base64() { return encoding::base64Encode(digest()); }

std::string computeChecksum(ChecksumAlgorithm algorithm, std::string_view bytes) {
  ChecksumCalculator calculator(algorithm);
  calculator.update(bytes);
  return calculator.base64();
}

bool validChecksumValue(ChecksumAlgorithm algorithm, std::string_view value) {
  if (value.size() != 4 * ((checksumDigestSize(algorithm) + 2) / 3)) return false;
  auto decoded = encoding::base64Decode(value);
  return decoded && decoded->size() == checksumDigestSize(algorithm);
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (x-amz-checksum-*): one
// algorithm per request; S3 answers "Expecting a single x-amz-checksum- header" otherwise.
std::optional<ChecksumValue> findChecksumHeader(const HeaderList& headers) {
  std::optional<ChecksumValue> found;
  for (const auto& [name, value] : headers) {
    auto algorithm = checksumAlgorithmForHeader(name);
    if (!algorithm) continue;
    if (found && found->algorithm != *algorithm) throw errors::multipleChecksums();
    if (!validChecksumValue(*algorithm, value))
      throw errors::invalidChecksumValue(*algorithm, false);
    found = ChecksumValue{*algorithm, value};
  }
  return found;
}

void verifyChecksum(const ChecksumValue& expected, std::string_view computed_base64) {
  if (expected.value != computed_base64) throw errors::badDigest(expected.algorithm);
}

std::optional<ChecksumValue> verifyChecksumHeaders(const HeaderList& headers,
                                                   std::string_view body) {
  auto expected = findChecksumHeader(headers);
  if (expected) verifyChecksum(*expected, computeChecksum(expected->algorithm, body));
  return expected;
}

}  // namespace awsemu::auth
