#include "src/auth/sha256.hpp"

#include <openssl/crypto.h>

#include <cstring>

// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP; see sha256.hpp for why the
// hot path still uses them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <openssl/sha.h>

namespace awsemu::auth::detail {

static_assert(sizeof(SHA256_CTX) <= 128, "Sha256::state_ too small");

static SHA256_CTX* context(unsigned char* state) { return reinterpret_cast<SHA256_CTX*>(state); }

Sha256::Sha256() { SHA256_Init(context(state_)); }

void Sha256::update(std::string_view bytes) {
  SHA256_Update(context(state_), bytes.data(), bytes.size());
}

Digest32 Sha256::finish() {
  Digest32 digest;
  SHA256_Final(digest.data(), context(state_));
  SHA256_Init(context(state_));
  return digest;
}

#pragma GCC diagnostic pop

Digest32 sha256(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return hash.finish();
}

// RFC 2104: H((K ^ opad) || H((K ^ ipad) || data)) with 64-byte blocks.
Digest32 hmacSha256(std::string_view key, std::string_view data) {
  unsigned char block[64] = {};
  if (key.size() > sizeof block) {
    Digest32 hashed = sha256(key);
    std::memcpy(block, hashed.data(), hashed.size());
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char pad[64];
  for (std::size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x36;
  Sha256 hash;
  hash.update({reinterpret_cast<const char*>(pad), sizeof pad});
  hash.update(data);
  Digest32 inner = hash.finish();
  for (std::size_t i = 0; i < sizeof pad; ++i) pad[i] = block[i] ^ 0x5c;
  hash.update({reinterpret_cast<const char*>(pad), sizeof pad});
  hash.update(view(inner));
  OPENSSL_cleanse(block, sizeof block);
  return hash.finish();
}

void hexInto(const Digest32& digest, char* out) {
  static constexpr char digits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = digits[digest[i] >> 4];
    out[2 * i + 1] = digits[digest[i] & 15];
  }
}

std::string hex(const Digest32& digest) {
  std::string out(64, '\0');
  hexInto(digest, out.data());
  return out;
}

bool hexEquals(std::string_view hex_text, const Digest32& digest) {
  char expected[64];
  hexInto(digest, expected);
  if (hex_text.size() != sizeof expected) return false;
  return CRYPTO_memcmp(hex_text.data(), expected, sizeof expected) == 0;
}

}  // namespace awsemu::auth::detail
