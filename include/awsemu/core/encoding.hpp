#pragma once
// Byte encodings and digests shared by every layer (OpenSSL underneath).
#include <array>
#include <cstdint>
#include <optional>
#include <functional>
#include <string>
#include <string_view>

namespace awsemu::encoding {

std::string base64Encode(std::string_view bytes);
// Returns nullopt for text that is not valid base64.
std::optional<std::string> base64Decode(std::string_view text);

std::string hexEncode(std::string_view bytes);  // lower-case
std::optional<std::string> hexDecode(std::string_view text);

// RFC 3986 percent-encoding: unreserved characters kept; '/' kept when encode_slash is false.
std::string uriEncode(std::string_view text, bool encode_slash = true);
// Percent-decoding; '+' becomes ' ' when plus_is_space (form encoding). Invalid escapes are kept.
std::string uriDecode(std::string_view text, bool plus_is_space = false);
// Calls fn(name, value, has_value) for each `name[=value]` of an application/x-www-form-urlencoded
// string or query string, decoded, in order; empty pieces are skipped.
void forEachFormParam(
    std::string_view encoded, bool plus_is_space,
    const std::function<void(std::string name, std::string value, bool has_value)>& fn);

std::string sha256(std::string_view bytes);     // raw 32 bytes
std::string sha256Hex(std::string_view bytes);  // lower-case hex
std::string md5Hex(std::string_view bytes);
std::string hmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes

// Compares in time independent of where the strings differ.
bool constantTimeEquals(std::string_view a, std::string_view b);

}  // namespace awsemu::encoding
