#include "awsemu/core/ids.hpp"

#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

#include "awsemu/core/encoding.hpp"

namespace awsemu::ids {
namespace {
std::string randomBytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return out;
}

std::string fromAlphabet(std::string_view alphabet, std::size_t length) {
  auto bytes = randomBytes(length);
  std::string out(length, '\0');
  // 256 is not a multiple of every alphabet size; the tiny bias does not matter for identifiers.
  for (std::size_t i = 0; i < length; ++i)
    out[i] = alphabet[static_cast<unsigned char>(bytes[i]) % alphabet.size()];
  return out;
}
}  // namespace

std::string uuid4() {
  auto b = randomBytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  auto hex = encoding::hexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string randomAlnum(std::size_t length, bool upper_only) {
  return fromAlphabet(upper_only ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                 : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                      length);
}

std::string awsId(std::string_view prefix) {
  return std::string(prefix) + fromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
}

std::string secretKey() {
  return fromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
}

std::string sessionToken() { return "FQoGZXIvYXdzE" + encoding::base64Encode(randomBytes(180)); }

std::string s3HostId() { return encoding::base64Encode(randomBytes(48)); }

}  // namespace awsemu::ids
