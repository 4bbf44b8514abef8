#pragma once
// Parsing a request's SigV4 signature, from the Authorization header or the presigned query
// parameters, before the body is read.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
#include <cstdint>
#include <string>
#include <string_view>

#include "awsemu/auth/auth_errors.hpp"
#include "awsemu/core/http.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::auth {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingSignedTrailer =
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kStreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// What stands for the payload in the canonical request.
enum class PayloadMode {
  BodyHash,                  // sha256(body), known only once the body is read
  DeclaredHash,              // x-amz-content-sha256 carries the hex hash (checked against the body)
  Unsigned,                  // UNSIGNED-PAYLOAD
  StreamingSigned,           // aws-chunked, chunk signatures
  StreamingSignedTrailer,    // aws-chunked, chunk signatures and a signed trailer
  StreamingUnsignedTrailer,  // aws-chunked, no signatures, checksum trailer
};

struct SignatureInfo {
  enum class Kind { Anonymous, Header, Presigned, SigV2 };
  Kind kind = Kind::Anonymous;
  AuthFlavor flavor = AuthFlavor::Generic;  // S3 when the credential scope names "s3"

  std::string access_key_id;
  std::string date;      // credential scope date, "20150830"
  std::string region;    // "us-east-1"
  std::string service;   // signing service name, "s3", "sqs", "execute-api", ...
  std::string amz_date;  // the request time as signed, "20150830T123600Z"
  SystemTime request_time{};
  std::string signed_headers;    // "host;x-amz-date", as the client listed them
  std::string signature;         // 64 hex digits, lower case (SigV2: base64)
  std::string security_token;    // X-Amz-Security-Token header or query parameter
  std::int64_t expires = 0;      // X-Amz-Expires (presigned), seconds; SigV2: Expires (epoch)
  bool sigv2_presigned = false;  // SigV2 in the query string (AWSAccessKeyId/Signature/Expires)

  PayloadMode payload = PayloadMode::BodyHash;
  std::string content_sha256;  // declared x-amz-content-sha256 (header or presigned query)

  bool anonymous() const { return kind == Kind::Anonymous; }
  bool presigned() const { return kind == Kind::Presigned; }
  bool streaming() const {
    return payload == PayloadMode::StreamingSigned ||
           payload == PayloadMode::StreamingSignedTrailer ||
           payload == PayloadMode::StreamingUnsignedTrailer;
  }
  // "20150830/us-east-1/service/aws4_request"
  std::string scope() const;
};

// Parses the signature of a request whose headers are known. `hint` is the flavour of errors for
// requests whose credential scope cannot be read (the gateway passes S3 when the host or path
// names S3); once the scope is parsed, its service decides. Throws AwsError for malformed
// signatures (IncompleteSignature, AuthorizationHeaderMalformed, ...). Requests without any
// signature come back as Kind::Anonymous (their payload mode is still parsed: anonymous aws-chunked
// uploads exist).
SignatureInfo parseSignature(const HttpRequest& request, AuthFlavor hint = AuthFlavor::Generic);

}  // namespace awsemu::auth
