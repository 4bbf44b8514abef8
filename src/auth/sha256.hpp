#pragma once
// SHA-256 and HMAC-SHA256 for the verification hot path (internal to src/auth).
//
// Why not EVP: in OpenSSL 3 every EVP_MD_CTX allocates and initialises a provider context, which
// costs more than hashing a 300-byte canonical request. The low-level SHA256_* functions work on a
// stack object and run the same assembly; the server verifies tens of thousands of requests a
// second, so the hot path uses them.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace awsemu::auth::detail {

using Digest32 = std::array<unsigned char, 32>;

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  Digest32 finish();  // the digest; the object starts over afterwards

 private:
  alignas(8) unsigned char state_[128];  // SHA256_CTX (112 bytes), kept opaque here
};

Digest32 sha256(std::string_view bytes);
Digest32 hmacSha256(std::string_view key, std::string_view data);

inline std::string_view view(const Digest32& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}
// Lower-case hex into a 64-character buffer.
void hexInto(const Digest32& digest, char* out);
std::string hex(const Digest32& digest);
// Compares 64 lower-case hex digits with a digest, in constant time.
bool hexEquals(std::string_view hex_text, const Digest32& digest);

}  // namespace awsemu::auth::detail
