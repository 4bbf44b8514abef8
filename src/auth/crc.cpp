// Table-driven CRC32C and CRC64NVME (slice-by-8), CRC32 through zlib.
// Both are reflected CRCs with init and final xor of all ones:
// - CRC32C (Castagnoli) polynomial 0x1EDC6F41, reflected 0x82F63B78; check("123456789") =
// 0xE3069283.
// - CRC64NVME polynomial 0xAD93D23594C93659, reflected 0x9A6C9329AC4BC9B5;
//   check("123456789") = 0xAE8B14860A799888 (NVM Express base specification, section 5.2.1.3.4).
// The `crc` argument is the previous result (0 to start), as with zlib's crc32().
#include <zlib.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "awsemu/auth/checksum.hpp"

namespace awsemu::auth {
namespace {

template <typename T>
using Tables = std::array<std::array<T, 256>, 8>;

// tables[0] is the classic byte table; tables[k][b] is the CRC of byte b followed by k zero bytes,
// which lets the loop fold eight input bytes per step.
template <typename T>
constexpr Tables<T> makeTables(T reflected_polynomial) {
  Tables<T> tables{};
  for (unsigned i = 0; i < 256; ++i) {
    T crc = i;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1) ? (crc >> 1) ^ reflected_polynomial : crc >> 1;
    tables[0][i] = crc;
  }
  for (unsigned i = 0; i < 256; ++i)
    for (int k = 1; k < 8; ++k)
      tables[k][i] = (tables[k - 1][i] >> 8) ^ tables[0][tables[k - 1][i] & 0xff];
  return tables;
}

constexpr Tables<std::uint32_t> kCrc32cTables = makeTables<std::uint32_t>(0x82F63B78u);
constexpr Tables<std::uint64_t> kCrc64NvmeTables = makeTables<std::uint64_t>(0x9A6C9329AC4BC9B5ull);

std::uint64_t loadLittle64(const unsigned char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  return word;
}

std::uint32_t crc32cTable(std::uint32_t crc, const unsigned char* p, std::size_t n) {
  const auto& t = kCrc32cTables;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word = loadLittle64(p);
    std::uint32_t lo = static_cast<std::uint32_t>(word) ^ crc;
    auto hi = static_cast<std::uint32_t>(word >> 32);
    crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
          t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
  }
  for (; n > 0; ++p, --n) crc = (crc >> 8) ^ t[0][(crc ^ *p) & 0xff];
  return crc;
}

#if defined(__x86_64__)
// SSE4.2 has a CRC32C instruction: eight bytes per cycle instead of a table walk.
__attribute__((target("sse4.2"))) std::uint32_t crc32cHardware(std::uint32_t crc,
                                                               const unsigned char* p,
                                                               std::size_t n) {
  std::uint64_t wide = crc;
  for (; n >= 8; p += 8, n -= 8) wide = __builtin_ia32_crc32di(wide, loadLittle64(p));
  crc = static_cast<std::uint32_t>(wide);
  for (; n > 0; ++p, --n) crc = __builtin_ia32_crc32qi(crc, *p);
  return crc;
}

bool haveSse42() {
  static const bool supported = __builtin_cpu_supports("sse4.2");
  return supported;
}
#endif

}  // namespace

std::uint32_t crc32(std::uint32_t crc, std::string_view bytes) {
  // zlib takes uInt lengths: feed large buffers in pieces.
  const auto* p = reinterpret_cast<const Bytef*>(bytes.data());
  std::size_t n = bytes.size();
  uLong value = crc;
  while (n > 0) {
    auto piece = static_cast<uInt>(n > (1u << 30) ? (1u << 30) : n);
    value = ::crc32(value, p, piece);
    p += piece;
    n -= piece;
  }
  return static_cast<std::uint32_t>(value);
}

std::uint32_t crc32c(std::uint32_t crc, std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  crc = ~crc;
#if defined(__x86_64__)
  if (haveSse42()) return ~crc32cHardware(crc, p, bytes.size());
#endif
  return ~crc32cTable(crc, p, bytes.size());
}

std::uint64_t crc64nvme(std::uint64_t crc, std::string_view bytes) {
  const auto& t = kCrc64NvmeTables;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  crc = ~crc;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t x = loadLittle64(p) ^ crc;
    crc = t[7][x & 0xff] ^ t[6][(x >> 8) & 0xff] ^ t[5][(x >> 16) & 0xff] ^ t[4][(x >> 24) & 0xff] ^
          t[3][(x >> 32) & 0xff] ^ t[2][(x >> 40) & 0xff] ^ t[1][(x >> 48) & 0xff] ^ t[0][x >> 56];
  }
  for (; n > 0; ++p, --n) crc = (crc >> 8) ^ t[0][(crc ^ *p) & 0xff];
  return ~crc;
}

}  // namespace awsemu::auth
