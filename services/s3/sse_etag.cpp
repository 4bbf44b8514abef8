#include "services/s3/sse_etag.hpp"

#include <optional>

#include "services/s3/object_digest.hpp"

namespace awsemu::s3::sse_etag {
namespace {

// What identifies the encryption of an SSE-C or SSE-KMS object; nullopt for the others.
std::optional<std::string> identity(const Json& sse) {
  if (!sse.is_object()) return std::nullopt;
  if (auto key = sse.find("SSECustomerKeyMD5"); key != sse.end() && key->is_string())
    return "SSE-C:" + key->get<std::string>();
  const std::string algorithm = sse.value("ServerSideEncryption", std::string());
  if (algorithm.starts_with("aws:kms"))
    return algorithm + ":" + sse.value("SSEKMSKeyId", std::string());
  return std::nullopt;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// XORs the ETag's 16 digest bytes with the identity's mask (its own inverse).
std::string masked(std::string_view etag, const Json& sse) {
  const auto who = identity(sse);
  const std::string hex = unquotedEtag(etag);
  if (!who || hex.size() != 32) return std::string(etag);  // multipart or foreign: unchanged
  const std::string mask = md5("awsemu-sse-etag:" + *who);
  std::string raw(16, '\0');
  for (std::size_t i = 0; i < 16; ++i) {
    const int high = hexValue(hex[2 * i]), low = hexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::string(etag);
    raw[i] = static_cast<char>((high << 4 | low) ^ static_cast<unsigned char>(mask[i]));
  }
  return quotedEtag(raw);
}

}  // namespace

std::string stored(std::string_view data_etag, const Json& sse) { return masked(data_etag, sse); }

std::string data(std::string_view stored_etag, const Json& sse) { return masked(stored_etag, sse); }

}  // namespace awsemu::s3::sse_etag
