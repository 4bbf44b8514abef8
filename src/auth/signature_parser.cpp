// Reads the SigV4 signature of a request: Authorization header or presigned query parameters.
// Error texts: see auth_errors.hpp.
#include <strings.h>

#include <charconv>
#include <cmath>
#include <optional>

#include <cstdlib>

#include "awsemu/core/strings.hpp"
#include "awsemu/auth/signature.hpp"
#include "awsemu/core/encoding.hpp"

namespace awsemu::auth {
namespace {

constexpr std::string_view kMissingQueryParameters =
    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
    "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.";

bool isHex64(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

// The decoded value of a query parameter (exact name), if present.
std::optional<std::string> queryParameter(std::string_view query, std::string_view name) {
  std::size_t start = 0;
  while (start < query.size()) {
    auto end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    auto part = query.substr(start, end - start);
    start = end + 1;
    auto eq = part.find('=');
    auto key = part.substr(0, eq);
    bool match = key == name || (key.find('%') != std::string_view::npos &&
                                 encoding::uriDecode(key, true) == name);
    if (!match) continue;
    return eq == std::string_view::npos ? std::string()
                                        : encoding::uriDecode(part.substr(eq + 1), true);
  }
  return std::nullopt;
}

bool hasQueryParameter(std::string_view query, std::string_view name) {
  return query.find(name) != std::string_view::npos && queryParameter(query, name).has_value();
}

AuthFlavor flavorOf(std::string_view service, AuthFlavor hint) {
  if (service == "s3" || service == "s3express") return AuthFlavor::S3;
  return service.empty() ? hint : AuthFlavor::Generic;
}

// "AKID/20150830/us-east-1/service/aws4_request" into the signature; the flavour follows the
// scope's service as soon as it can be read.
void parseCredential(std::string_view credential, SignatureInfo& info, AuthFlavor hint,
                     bool presigned) {
  std::string_view parts[5];
  std::size_t count = 0, start = 0;
  while (count < 6) {
    auto end = credential.find('/', start);
    auto part = credential.substr(start, end == std::string_view::npos ? end : end - start);
    if (count < 5) parts[count] = part;
    ++count;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (count >= 4) info.flavor = flavorOf(parts[3], hint);
  if (count != 5 || parts[0].empty() || parts[1].size() != 8)
    throw errors::credentialMalformed(info.flavor, credential, presigned);
  if (parts[4] != "aws4_request")
    throw errors::credentialTerminator(info.flavor, parts[4], presigned);
  info.access_key_id = std::string(parts[0]);
  info.date = std::string(parts[1]);
  info.region = std::string(parts[2]);
  info.service = std::string(parts[3]);
}

// SystemTime counts nanoseconds in 64 bits (years 1678..2261): dates outside that cannot be
// converted without overflow, and no client signs them. (timefmt::parseAmzDate does not check.)
bool representableYear(std::string_view amz_date) {
  return amz_date.size() >= 4 && amz_date.substr(0, 4) >= "1900" && amz_date.substr(0, 4) <= "2199";
}
bool representableEpoch(double epoch) { return epoch > -2.2e9 && epoch < 7.2e9; }

// Request time: X-Amz-Date (header or presigned parameter), else the Date header.
void parseRequestTime(SignatureInfo& info, const std::string* amz_date, const std::string* date,
                      std::string_view authorization) {
  bool presigned = info.kind == SignatureInfo::Kind::Presigned;
  if (amz_date) {
    auto time = representableYear(*amz_date) ? timefmt::parseAmzDate(*amz_date) : std::nullopt;
    if (!time) throw errors::malformedDate(info.flavor, *amz_date, presigned);
    info.amz_date = *amz_date;
    info.request_time = *time;
  } else if (date) {
    auto epoch = timefmt::parseHttpDate(*date);
    if (!epoch || !representableEpoch(*epoch))
      throw errors::malformedDate(info.flavor, *date, presigned);
    info.request_time = fromEpochSeconds(std::floor(*epoch));
    info.amz_date = timefmt::amzDate(info.request_time);
  } else {
    throw errors::missingDate(info.flavor, authorization);
  }
  if (info.amz_date.substr(0, 8) != info.date)
    throw errors::credentialDateMismatch(info.flavor, info.date, info.amz_date, presigned);
}

// x-amz-content-sha256 into a payload mode. A presigned URL names its payload hash in its own
// X-Amz-Content-Sha256 parameter, S3 defaulting to UNSIGNED-PAYLOAD: the URL is signed before
// anyone knows the body, so a header sent along with it is not what was signed.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
void parsePayload(SignatureInfo& info, const HttpRequest& request) {
  const std::string* header = nullptr;
  std::optional<std::string> from_query;
  if (info.presigned()) {
    from_query = queryParameter(request.query, "X-Amz-Content-Sha256");
    if (from_query) header = &*from_query;
  } else {
    header = request.header("x-amz-content-sha256");
  }
  bool s3 = info.flavor == AuthFlavor::S3;
  if (!header || header->empty()) {
    if (s3 && info.kind == SignatureInfo::Kind::Header) throw errors::missingContentSha256();
    info.payload = s3 && info.presigned() ? PayloadMode::Unsigned : PayloadMode::BodyHash;
    if (info.payload == PayloadMode::Unsigned) info.content_sha256 = std::string(kUnsignedPayload);
    return;
  }
  const std::string& value = *header;
  info.content_sha256 = value;
  if (value == kUnsignedPayload)
    info.payload = PayloadMode::Unsigned;
  else if (value == kStreamingSigned)
    info.payload = PayloadMode::StreamingSigned;
  else if (value == kStreamingSignedTrailer)
    info.payload = PayloadMode::StreamingSignedTrailer;
  else if (value == kStreamingUnsignedTrailer)
    info.payload = PayloadMode::StreamingUnsignedTrailer;
  else if (isHex64(value))
    info.payload = PayloadMode::DeclaredHash;
  else if (std::string_view(value).starts_with("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD") &&
           !info.anonymous())
    throw AwsError("NotImplemented", "SigV4a (AWS4-ECDSA-P256-SHA256) signing is not supported",
                   501, false);
  else if (s3 && !info.anonymous())
    throw errors::invalidContentSha256(value);
  else {
    info.payload = PayloadMode::BodyHash;  // other services compute the hash themselves
    info.content_sha256.clear();
  }
}

struct HeaderFields {
  std::optional<std::string_view> credential, signed_headers, signature;
};

HeaderFields splitAuthorization(std::string_view header, std::string_view fields, AuthFlavor hint) {
  HeaderFields out;
  std::size_t start = 0;
  while (start <= fields.size()) {
    auto end = fields.find(',', start);
    if (end == std::string_view::npos) end = fields.size();
    auto part = strings::trim(fields.substr(start, end - start));
    start = end + 1;
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      if (hint == AuthFlavor::S3)
        throw errors::authorizationHeaderMalformed(
            "the authorization header requires three components: Credential, SignedHeaders, and "
            "Signature.");
      throw errors::incompleteSignature("'" + std::string(part) +
                                        "' not a valid key=value pair (missing equal-sign) in "
                                        "Authorization header: '" +
                                        std::string(header) + "'.");
    }
    auto key = part.substr(0, eq), value = strings::trim(part.substr(eq + 1));
    if (key == "Credential")
      out.credential = value;
    else if (key == "SignedHeaders")
      out.signed_headers = value;
    else if (key == "Signature")
      out.signature = value;
  }
  return out;
}

// The generic IncompleteSignature text lists every missing part, then echoes the header.
[[noreturn]] void missingHeaderParts(const HeaderFields& fields, bool has_date,
                                     std::string_view header, AuthFlavor flavor) {
  if (flavor == AuthFlavor::S3)
    throw errors::authorizationHeaderMalformed(
        "the authorization header requires three components: Credential, SignedHeaders, and "
        "Signature.");
  std::string message;
  if (!fields.credential) message += "Authorization header requires 'Credential' parameter. ";
  if (!fields.signature) message += "Authorization header requires 'Signature' parameter. ";
  if (!fields.signed_headers)
    message += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!has_date)
    message +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  throw errors::incompleteSignature(message + "Authorization=" + std::string(header));
}

void parseHeaderAuth(const HttpRequest& request, std::string_view header, SignatureInfo& info,
                     AuthFlavor hint) {
  info.kind = SignatureInfo::Kind::Header;
  info.flavor = hint;
  auto space = header.find(' ');
  std::string_view algorithm = header.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? "" : header.substr(space + 1);
  const std::string* amz_date = request.header("x-amz-date");
  const std::string* date = request.header("date");
  if (algorithm != kAlgorithm) {
    if (hint == AuthFlavor::S3) throw errors::unsupportedAuthorizationType(header);
    if (std::string_view(algorithm).starts_with("AWS4-"))
      throw errors::incompleteSignature("Unsupported AWS 'algorithm': '" + std::string(algorithm) +
                                        "'");
    missingHeaderParts({}, amz_date || date, header, hint);
  }
  HeaderFields fields = splitAuthorization(header, rest, hint);
  if (fields.credential) parseCredential(*fields.credential, info, hint, false);
  if (!fields.credential || !fields.signed_headers || !fields.signature)
    missingHeaderParts(fields, amz_date || date, header, info.flavor);
  info.signed_headers = std::string(*fields.signed_headers);
  info.signature = std::string(*fields.signature);
  parseRequestTime(info, amz_date, date, header);
  if (const auto* token = request.header("x-amz-security-token")) info.security_token = *token;
}

[[noreturn]] void missingQueryParameter(AuthFlavor flavor, std::string_view name) {
  if (flavor == AuthFlavor::S3)
    throw errors::authorizationQueryParametersError(std::string(kMissingQueryParameters));
  throw errors::incompleteSignature("AWS query-string parameters must include '" +
                                    std::string(name) +
                                    "'. Re-examine the query-string parameters.");
}

// X-Amz-Expires: S3 insists on 0..604800 (AuthorizationQueryParametersError); other services
// ignore it and apply the 15-minute window of header signatures (aws/aws-sdk-go#2167,
// aws/aws-sdk-ruby#2887: only S3 honours values other than 900).
void parseExpires(SignatureInfo& info, const std::optional<std::string>& expires) {
  if (!expires) {
    if (info.flavor == AuthFlavor::S3) missingQueryParameter(info.flavor, "X-Amz-Expires");
    return;
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(expires->data(), expires->data() + expires->size(), value);
  bool numeric = ec == std::errc() && end == expires->data() + expires->size();
  if (info.flavor != AuthFlavor::S3) {
    info.expires = numeric ? value : 0;
    return;
  }
  if (!numeric) throw errors::authorizationQueryParametersError("X-Amz-Expires should be a number");
  if (value < 0)
    throw errors::authorizationQueryParametersError("X-Amz-Expires must be non-negative");
  if (value > 604800)
    throw errors::authorizationQueryParametersError(
        "X-Amz-Expires must be less than a week (in seconds) that is 604800");
  info.expires = value;
}

void parsePresigned(const HttpRequest& request, SignatureInfo& info, AuthFlavor hint) {
  info.kind = SignatureInfo::Kind::Presigned;
  info.flavor = hint;
  std::string_view query = request.query;
  auto credential = queryParameter(query, "X-Amz-Credential");
  if (credential) parseCredential(*credential, info, hint, true);
  auto algorithm = queryParameter(query, "X-Amz-Algorithm");
  auto signature = queryParameter(query, "X-Amz-Signature");
  auto signed_headers = queryParameter(query, "X-Amz-SignedHeaders");
  auto amz_date = queryParameter(query, "X-Amz-Date");
  if (!algorithm) missingQueryParameter(info.flavor, "X-Amz-Algorithm");
  if (*algorithm != kAlgorithm) {
    if (info.flavor == AuthFlavor::S3)
      throw errors::authorizationQueryParametersError(
          "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    throw errors::incompleteSignature("Unsupported AWS 'algorithm': '" + *algorithm + "'");
  }
  if (!credential) missingQueryParameter(info.flavor, "X-Amz-Credential");
  if (!signature) missingQueryParameter(info.flavor, "X-Amz-Signature");
  if (!amz_date) missingQueryParameter(info.flavor, "X-Amz-Date");
  if (!signed_headers) missingQueryParameter(info.flavor, "X-Amz-SignedHeaders");
  parseExpires(info, queryParameter(query, "X-Amz-Expires"));
  info.signature = std::move(*signature);
  info.signed_headers = std::move(*signed_headers);
  parseRequestTime(info, &*amz_date, nullptr, {});
  if (auto token = queryParameter(query, "X-Amz-Security-Token"))
    info.security_token = *token;
  else if (const auto* header = request.header("x-amz-security-token"))
    info.security_token = *header;
}

// SigV2 ("AWS AKID:signature" or AWSAccessKeyId/Signature/Expires parameters), verified by the
// verifier (sigv2_signature.hpp).
void parseSigV2(std::string_view access_key_id, std::string_view signature, SignatureInfo& info,
                AuthFlavor hint) {
  info.kind = SignatureInfo::Kind::SigV2;
  info.flavor = hint;
  info.access_key_id = std::string(access_key_id);
  info.signature = std::string(signature);
}

}  // namespace

std::string SignatureInfo::scope() const {
  std::string out;
  out.reserve(date.size() + region.size() + service.size() + 16);
  out += date;
  out.push_back('/');
  out += region;
  out.push_back('/');
  out += service;
  out += "/aws4_request";
  return out;
}

SignatureInfo parseSignature(const HttpRequest& request, AuthFlavor hint) {
  SignatureInfo info;
  info.flavor = hint;
  const std::string* header = request.header("authorization");
  std::string_view authorization = header ? strings::trim(*header) : std::string_view();
  bool presigned = hasQueryParameter(request.query, "X-Amz-Algorithm") ||
                   hasQueryParameter(request.query, "X-Amz-Credential") ||
                   hasQueryParameter(request.query, "X-Amz-Signature");
  if (!authorization.empty()) {
    if (presigned && hint == AuthFlavor::S3) throw errors::onlyOneAuthMechanism();
    if (std::string_view(authorization).starts_with("AWS ")) {
      auto credential = authorization.substr(4);
      auto colon = credential.find(':');
      parseSigV2(strings::trim(credential.substr(0, colon)),
                 colon == std::string_view::npos ? std::string_view()
                                                 : strings::trim(credential.substr(colon + 1)),
                 info, hint);
    } else {
      parseHeaderAuth(request, authorization, info, hint);
    }
  } else if (presigned) {
    parsePresigned(request, info, hint);
  } else if (auto key = queryParameter(request.query, "AWSAccessKeyId");
             key && hasQueryParameter(request.query, "Signature")) {
    parseSigV2(*key, queryParameter(request.query, "Signature").value_or(""), info, hint);
    info.expires = std::atoll(queryParameter(request.query, "Expires").value_or("0").c_str());
    info.sigv2_presigned = true;
  }
  parsePayload(info, request);
  return info;
}

}  // namespace awsemu::auth
