#pragma once
// S3 flexible checksums: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 computed incrementally, rendered as
// `x-amz-checksum-*` values (base64 of the big-endian digest), and checked against request headers.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/http.hpp"

namespace awsemu::auth {

enum class ChecksumAlgorithm { CRC32, CRC32C, CRC64NVME, SHA1, SHA256 };

inline constexpr ChecksumAlgorithm kAllChecksumAlgorithms[] = {
    ChecksumAlgorithm::CRC32, ChecksumAlgorithm::CRC32C, ChecksumAlgorithm::CRC64NVME,
    ChecksumAlgorithm::SHA1, ChecksumAlgorithm::SHA256};

std::string_view checksumName(ChecksumAlgorithm algorithm);        // "CRC32", "CRC64NVME", ...
std::string_view checksumHeaderName(ChecksumAlgorithm algorithm);  // "x-amz-checksum-crc32", ...
std::size_t checksumDigestSize(ChecksumAlgorithm algorithm);       // 4, 4, 8, 20, 32 bytes
// "CRC32" / "crc32" (as in x-amz-sdk-checksum-algorithm and x-amz-checksum-algorithm).
std::optional<ChecksumAlgorithm> parseChecksumAlgorithm(std::string_view name);
// "x-amz-checksum-crc32" -> CRC32 (any case); nullopt for other names (x-amz-checksum-type, ...).
std::optional<ChecksumAlgorithm> checksumAlgorithmForHeader(std::string_view header_name);

// Incremental checksum. Feed bytes with update(); digest()/base64() finish it (further updates
// are ignored, repeated digest() calls return the same value).
class ChecksumCalculator {
 public:
  explicit ChecksumCalculator(ChecksumAlgorithm algorithm);
  ~ChecksumCalculator();
  ChecksumCalculator(ChecksumCalculator&&) noexcept;
  ChecksumCalculator& operator=(ChecksumCalculator&&) noexcept;
  ChecksumCalculator(const ChecksumCalculator&) = delete;
  ChecksumCalculator& operator=(const ChecksumCalculator&) = delete;

  ChecksumAlgorithm algorithm() const { return algorithm_; }
  void update(std::string_view bytes);
  const std::string& digest();  // raw big-endian digest bytes
  std::string base64();         // the x-amz-checksum-* value

 private:
  struct Hash;  // OpenSSL state for SHA1/SHA256
  ChecksumAlgorithm algorithm_;
  std::uint64_t crc_ = 0;
  std::unique_ptr<Hash> hash_;
  std::optional<std::string> digest_;
};

// base64 checksum of a whole buffer.
std::string computeChecksum(ChecksumAlgorithm algorithm, std::string_view bytes);

// The CRC primitives (raw, without base64), exposed for tests and callers that combine parts.
std::uint32_t crc32(std::uint32_t crc, std::string_view bytes);   // zlib's crc32
std::uint32_t crc32c(std::uint32_t crc, std::string_view bytes);  // Castagnoli, reflected
std::uint64_t crc64nvme(std::uint64_t crc, std::string_view bytes);

// A checksum a client sent: algorithm plus base64 value (validated: decodes to the digest size).
struct ChecksumValue {
  ChecksumAlgorithm algorithm;
  std::string value;
};

// Finds the one `x-amz-checksum-<alg>` header of a request. Throws InvalidRequest when several
// algorithms are present or a value is not base64 of the right size; nullopt when there is none.
std::optional<ChecksumValue> findChecksumHeader(const HeaderList& headers);
// Throws BadDigest ("The CRC32 you specified did not match the calculated checksum.").
void verifyChecksum(const ChecksumValue& expected, std::string_view computed_base64);
// findChecksumHeader + compute over `body` + verifyChecksum. Returns the checksum checked, if any.
std::optional<ChecksumValue> verifyChecksumHeaders(const HeaderList& headers,
                                                   std::string_view body);
// True when `value` is base64 of exactly checksumDigestSize(algorithm) bytes.
bool validChecksumValue(ChecksumAlgorithm algorithm, std::string_view value);

}  // namespace awsemu::auth
