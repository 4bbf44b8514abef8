#include "services/s3/multipart_checksums.hpp"

#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "awsemu/core/encoding.hpp"

namespace awsemu::s3 {
namespace {

using auth::ChecksumAlgorithm;

// A reflected CRC of `width` bits with polynomial `poly` (bit-reversed); init and final XOR are
// all ones for the three CRCs S3 uses, which the combination below relies on.
struct Crc {
  int width;
  std::uint64_t poly;
  std::uint64_t top() const { return std::uint64_t{1} << (width - 1); }  // x^0, reflected
};

Crc crcOf(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::CRC32:
      return {32, 0xEDB88320u};
    case ChecksumAlgorithm::CRC32C:
      return {32, 0x82F63B78u};
    case ChecksumAlgorithm::CRC64NVME:
      return {64, 0x9A6C9329AC4BC9B5ull};
    default:
      throw std::invalid_argument("not a CRC algorithm");
  }
}

// a * b mod P, both reflected polynomials.
std::uint64_t multiplyModP(const Crc& crc, std::uint64_t a, std::uint64_t b) {
  std::uint64_t m = crc.top(), product = 0;
  for (;;) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1)) == 0) break;
    }
    m >>= 1;
    b = (b & 1) ? (b >> 1) ^ crc.poly : b >> 1;
  }
  return product;
}

// x^(8 * bytes) mod P, by squaring: x^(2^k) for each set bit of the bit count.
std::uint64_t shiftOperator(const Crc& crc, std::uint64_t bytes) {
  std::uint64_t power = crc.top() >> 1;                                 // x^1
  for (int i = 0; i < 3; ++i) power = multiplyModP(crc, power, power);  // x^8
  std::uint64_t result = crc.top();                                     // x^0
  while (bytes) {
    if (bytes & 1) result = multiplyModP(crc, power, result);
    power = multiplyModP(crc, power, power);
    bytes >>= 1;
  }
  return result;
}

std::string decoded(std::string_view base64) {
  auto raw = encoding::base64Decode(base64);
  if (!raw) throw std::invalid_argument("checksum is not base64");
  return *raw;
}

std::uint64_t bigEndian(std::string_view raw) {
  std::uint64_t value = 0;
  for (unsigned char c : raw) value = (value << 8) | c;
  return value;
}

std::string bigEndianBytes(std::uint64_t value, int width) {
  std::string raw(static_cast<std::size_t>(width / 8), '\0');
  for (std::size_t i = raw.size(); i-- > 0; value >>= 8) raw[i] = static_cast<char>(value & 0xFF);
  return raw;
}

}  // namespace

bool supportsFullObject(ChecksumAlgorithm algorithm) {
  return algorithm == ChecksumAlgorithm::CRC32 || algorithm == ChecksumAlgorithm::CRC32C ||
         algorithm == ChecksumAlgorithm::CRC64NVME;
}

bool supportsComposite(ChecksumAlgorithm algorithm) {
  return algorithm != ChecksumAlgorithm::CRC64NVME;
}

std::string compositeChecksum(ChecksumAlgorithm algorithm, const std::vector<PartChecksum>& parts) {
  auth::ChecksumCalculator calculator(algorithm);
  for (const auto& part : parts) calculator.update(decoded(part.value));
  return calculator.base64() + "-" + std::to_string(parts.size());
}

std::string fullObjectChecksum(ChecksumAlgorithm algorithm,
                               const std::vector<PartChecksum>& parts) {
  const Crc crc = crcOf(algorithm);
  std::uint64_t combined = 0;
  bool first = true;
  for (const auto& part : parts) {
    const std::string raw = decoded(part.value);
    if (raw.size() != static_cast<std::size_t>(crc.width / 8))
      throw std::invalid_argument("checksum has the wrong size");
    const std::uint64_t value = bigEndian(raw);
    combined = first ? value : multiplyModP(crc, shiftOperator(crc, part.size), combined) ^ value;
    first = false;
  }
  if (first) combined = 0;  // no data: the CRC of nothing
  return encoding::base64Encode(bigEndianBytes(combined, crc.width));
}

std::string checksumOfFile(ChecksumAlgorithm algorithm, int fd, std::uint64_t offset,
                           std::uint64_t length) {
  auth::ChecksumCalculator calculator(algorithm);
  std::string buffer(1 << 20, '\0');
  while (length > 0) {
    const std::size_t want = length < buffer.size() ? length : buffer.size();
    const ssize_t got = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw std::system_error(errno, std::generic_category(), "pread");
    if (got == 0) throw std::system_error(EIO, std::generic_category(), "short object file");
    calculator.update(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    offset += static_cast<std::uint64_t>(got);
    length -= static_cast<std::uint64_t>(got);
  }
  return calculator.base64();
}

}  // namespace awsemu::s3
