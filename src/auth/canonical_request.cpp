#include "awsemu/core/strings.hpp"
#include "awsemu/auth/canonical_request.hpp"

#include <strings.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "awsemu/core/encoding.hpp"
#include "src/auth/sha256.hpp"

namespace awsemu::auth {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// RFC 3986 encoding of one byte, as SigV4 wants it (upper-case hex).
void appendEncoded(std::string& out, unsigned char c) {
  if (unreserved(c)) {
    out.push_back(static_cast<char>(c));
  } else {
    out.push_back('%');
    out.push_back(kHexUpper[c >> 4]);
    out.push_back(kHexUpper[c & 15]);
  }
}

// A request-target may be in absolute form ("http://host/path"): only the path is signed.
std::string_view pathOnly(std::string_view path) {
  auto scheme = path.find("://");
  if (scheme == std::string_view::npos ||
      path.substr(0, scheme).find('/') != std::string_view::npos)
    return path;
  auto slash = path.find('/', scheme + 3);
  return slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
}

// S3: re-encode every byte of the path as received, decoding escapes first so that a client's
// choice between "%7E" and "~" does not matter. An escaped slash stays escaped.
void appendS3Uri(std::string& out, std::string_view path) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '%' && i + 2 < path.size()) {
      int hi = hexValue(path[i + 1]), lo = hexValue(path[i + 2]);
      if (hi >= 0 && lo >= 0) {
        appendEncoded(out, static_cast<unsigned char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    if (c == '/')
      out.push_back('/');
    else
      appendEncoded(out, static_cast<unsigned char>(c));
  }
}

// Other services: RFC 3986 dot-segment removal with empty segments dropped, a trailing slash kept,
// then every byte but '/' encoded (the path arrived encoded once: this is the second encoding).
void appendNormalizedUri(std::string& out, std::string_view path) {
  std::vector<std::string_view> segments;
  segments.reserve(8);
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    auto segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  bool trailing_slash = path.size() > 1 && path.back() == '/';
  out.push_back('/');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    for (char c : segments[i]) appendEncoded(out, static_cast<unsigned char>(c));
  }
  if (trailing_slash && !segments.empty()) out.push_back('/');
}

bool whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims the value and turns each run of white space into one space.
void appendHeaderValue(std::string& out, std::string_view value) {
  bool pending_space = false, any = false;
  for (char c : value) {
    if (whitespace(c)) {
      pending_space = any;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    any = true;
    out.push_back(c);
  }
}

std::string encodeQueryPart(std::string_view raw) {
  // Fast path: already canonical (no escapes, only unreserved characters).
  if (std::all_of(raw.begin(), raw.end(),
                  [](char c) { return unreserved(static_cast<unsigned char>(c)); }))
    return std::string(raw);
  std::string decoded = encoding::uriDecode(raw, /*plus_is_space=*/true);
  std::string out;
  out.reserve(decoded.size() + 8);
  for (char c : decoded) appendEncoded(out, static_cast<unsigned char>(c));
  return out;
}

}  // namespace

void appendCanonicalUri(std::string& out, std::string_view raw_path, bool s3) {
  raw_path = pathOnly(raw_path);
  if (raw_path.empty()) {
    out.push_back('/');
    return;
  }
  if (s3)
    appendS3Uri(out, raw_path);
  else
    appendNormalizedUri(out, raw_path);
}

void appendCanonicalQuery(std::string& out, std::string_view raw_query, bool presigned) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start < raw_query.size()) {
    auto end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    auto part = raw_query.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    auto eq = part.find('=');
    std::string key = encodeQueryPart(part.substr(0, eq));
    if (presigned && key == "X-Amz-Signature") continue;
    params.emplace_back(std::move(key), eq == std::string_view::npos
                                            ? std::string()
                                            : encodeQueryPart(part.substr(eq + 1)));
  }
  std::sort(params.begin(), params.end());
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out.push_back('&');
    out += params[i].first;
    out.push_back('=');
    out += params[i].second;
  }
}

void appendCanonicalHeaders(std::string& out, const HeaderList& headers,
                            std::string_view signed_headers) {
  std::size_t start = 0;
  while (start < signed_headers.size()) {
    auto end = signed_headers.find(';', start);
    if (end == std::string_view::npos) end = signed_headers.size();
    auto name = signed_headers.substr(start, end - start);
    start = end + 1;
    if (name.empty()) continue;
    for (char c : name) out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    out.push_back(':');
    bool first = true;
    for (const auto& [key, value] : headers) {
      if (!strings::iequals(key, name)) continue;
      if (!first) out.push_back(',');
      first = false;
      appendHeaderValue(out, value);
    }
    out.push_back('\n');
  }
}

void appendCanonicalRequest(std::string& out, const CanonicalInput& input) {
  out.reserve(out.size() + 256 + input.path.size() + input.query.size());
  out += input.method;
  out.push_back('\n');
  appendCanonicalUri(out, input.path, input.s3);
  out.push_back('\n');
  appendCanonicalQuery(out, input.query, input.presigned);
  out.push_back('\n');
  if (input.headers) appendCanonicalHeaders(out, *input.headers, input.signed_headers);
  out.push_back('\n');
  out += input.signed_headers;
  out.push_back('\n');
  out += input.payload_hash;
}

std::string canonicalRequest(const CanonicalInput& input) {
  std::string out;
  appendCanonicalRequest(out, input);
  return out;
}

std::string stringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out;
  out.reserve(17 + amz_date.size() + scope.size() + 64 + 3);
  out += "AWS4-HMAC-SHA256\n";
  out += amz_date;
  out.push_back('\n');
  out += scope;
  out.push_back('\n');
  std::size_t at = out.size();
  out.resize(at + 64);
  detail::hexInto(detail::sha256(canonical_request), out.data() + at);
  return out;
}

SigningKey deriveSigningKey(std::string_view secret, std::string_view date, std::string_view region,
                            std::string_view service) {
  char key[128];
  std::string owned;  // secrets longer than the stack buffer (never in practice)
  std::string_view seed;
  if (secret.size() + 4 <= sizeof key) {
    std::copy_n("AWS4", 4, key);
    std::copy(secret.begin(), secret.end(), key + 4);
    seed = {key, secret.size() + 4};
  } else {
    owned = "AWS4" + std::string(secret);
    seed = owned;
  }
  auto k_date = detail::hmacSha256(seed, date);
  auto k_region = detail::hmacSha256(detail::view(k_date), region);
  auto k_service = detail::hmacSha256(detail::view(k_region), service);
  auto k_signing = detail::hmacSha256(detail::view(k_service), "aws4_request");
  std::fill(std::begin(key), std::end(key), '\0');
  return k_signing;
}

std::string signatureHex(const SigningKey& key, std::string_view string_to_sign) {
  return detail::hex(detail::hmacSha256(detail::view(key), string_to_sign));
}

}  // namespace awsemu::auth
