#include "services/s3/s3_ids.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace awsemu::s3 {
namespace {

constexpr std::string_view kVersionAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";  // 64: no modulo bias
constexpr std::string_view kUploadAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string randomFrom(std::string_view alphabet, std::size_t length) {
  std::string bytes(length, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(length)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  for (auto& c : bytes) c = alphabet[static_cast<unsigned char>(c) % alphabet.size()];
  return bytes;
}

}  // namespace

std::string newVersionId() { return randomFrom(kVersionAlphabet, 32); }

bool isWellFormedVersionId(std::string_view text) {
  if (text == kNullVersionId) return true;
  // Accept any length S3 has used (older ids were up to ~100 characters with '+', '/', '='), so
  // ids written by other tools are looked up rather than rejected.
  if (text.empty() || text.size() > 1024) return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

std::string newUploadId() { return randomFrom(kUploadAlphabet, 64); }

}  // namespace awsemu::s3
