#pragma once
// The SigV4 canonical request, string to sign, signing key and signature, computed from the request
// as it arrived on the wire.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
//
// Server-side rules (the client encoded the path once already):
// - S3: the path is not normalised and not encoded a second time; each byte is re-encoded the
//   RFC 3986 way (so clients that left '~' or '$' raw still match), "%2F" stays "%2F".
//   https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// - Other services: dot segments and repeated slashes are removed, then the path is encoded again
//   (the "double encoding" the SDKs do for every service but S3).
// - Query: each name and value decoded then RFC 3986 encoded, sorted by name then value, a name
//   without '=' gets an empty value; presigned requests leave X-Amz-Signature out.
// - Headers: names lower case, values trimmed with runs of white space collapsed to one space,
//   repeated headers joined with ',' in arrival order.
#include <array>
#include <string>
#include <string_view>

#include "awsemu/core/http.hpp"

namespace awsemu::auth {

struct CanonicalInput {
  std::string_view method;
  std::string_view path;   // raw, percent-encoded as received ("/" when empty)
  std::string_view query;  // raw, without '?'
  const HeaderList* headers = nullptr;
  std::string_view signed_headers;  // "host;x-amz-date"
  std::string_view payload_hash;    // hex hash or UNSIGNED-PAYLOAD / STREAMING-...
  bool s3 = false;                  // S3 path rules
  bool presigned = false;           // leave X-Amz-Signature out of the query
};

// Appends the canonical request to `out` (which callers may reuse between requests).
void appendCanonicalRequest(std::string& out, const CanonicalInput& input);
std::string canonicalRequest(const CanonicalInput& input);

void appendCanonicalUri(std::string& out, std::string_view raw_path, bool s3);
void appendCanonicalQuery(std::string& out, std::string_view raw_query, bool presigned);
void appendCanonicalHeaders(std::string& out, const HeaderList& headers,
                            std::string_view signed_headers);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256(canonical_request)>"
std::string stringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);

using SigningKey = std::array<unsigned char, 32>;
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
SigningKey deriveSigningKey(std::string_view secret, std::string_view date, std::string_view region,
                            std::string_view service);
// Lower-case hex HMAC-SHA256(key, string_to_sign).
std::string signatureHex(const SigningKey& key, std::string_view string_to_sign);

// S3's legacy SigV2: base64(HMAC-SHA1(secret, string_to_sign)) — also how a browser POST form
// signed with AWSAccessKeyId/signature signs its base64 policy.
std::string sigV2Signature(const std::string& secret, const std::string& string_to_sign);

}  // namespace awsemu::auth
