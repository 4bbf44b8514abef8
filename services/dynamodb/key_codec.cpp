#include "services/dynamodb/key_codec.hpp"

namespace awsemu::dynamodb {
namespace {

std::string bigEndian(std::uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

}  // namespace

std::uint64_t partitionHash(std::string_view key) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string partitionSlot(const std::string& encoded_partition_key) {
  return bigEndian(partitionHash(encoded_partition_key)) + encoded_partition_key;
}

std::string segmentStart(int segment, int total) {
  if (segment <= 0 || total <= 0) return std::string();
  // segment * 2^64 / total, without overflow.
  unsigned __int128 start = (static_cast<unsigned __int128>(segment) << 64) / total;
  return bigEndian(static_cast<std::uint64_t>(start));
}

}  // namespace awsemu::dynamodb
