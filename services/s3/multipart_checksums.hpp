#pragma once
// The checksum of an object assembled by CompleteMultipartUpload, from its parts' checksums.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
//  - COMPOSITE: the checksum of the concatenated binary part checksums, then "-<part count>"
//    (any algorithm but CRC64NVME).
//  - FULL_OBJECT: the CRC of the whole object (CRC32, CRC32C, CRC64NVME only), found from the
//    part CRCs and sizes without reading the data: CRC(A || B) = CRC(A) * x^(8 |B|) + CRC(B) in
//    GF(2)[x] mod P, the combination zlib's crc32_combine computes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/auth/checksum.hpp"

namespace awsemu::s3 {

struct PartChecksum {
  std::string value;  // base64 of the part's digest
  std::uint64_t size = 0;
};

// Whether `algorithm` has a FULL_OBJECT form (the CRCs) / a COMPOSITE one (all but CRC64NVME).
bool supportsFullObject(auth::ChecksumAlgorithm algorithm);
bool supportsComposite(auth::ChecksumAlgorithm algorithm);

// "<base64>-<n>". Throws std::invalid_argument for a value that is not base64.
std::string compositeChecksum(auth::ChecksumAlgorithm algorithm,
                              const std::vector<PartChecksum>& parts);
// base64 of the whole object's CRC. Throws std::invalid_argument for a non-CRC algorithm or a
// value that is not base64 of the CRC's size.
std::string fullObjectChecksum(auth::ChecksumAlgorithm algorithm,
                               const std::vector<PartChecksum>& parts);
// base64 checksum of `length` bytes of an open file from `offset` (pread, in blocks).
std::string checksumOfFile(auth::ChecksumAlgorithm algorithm, int fd, std::uint64_t offset,
                           std::uint64_t length);

}  // namespace awsemu::s3
