#include "awsemu/auth/auth_errors.hpp"

#include <chrono>
#include <cstdio>

#include "awsemu/core/time.hpp"

namespace awsemu::auth::errors {
namespace {

constexpr std::string_view kS3CredentialShape =
    "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";

std::string str(std::string_view text) { return std::string(text); }

std::string amzDate(double epoch) { return timefmt::amzDate(fromEpochSeconds(epoch)); }

// S3 shows the bytes of the strings it signed as space separated hex ("41 57 53 ...").
std::string spacedHex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (unsigned char c : bytes) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

}  // namespace

AwsError incompleteSignature(std::string message) {
  return {"IncompleteSignature", std::move(message), 400};
}

AwsError authorizationHeaderMalformed(std::string_view detail) {
  return {"AuthorizationHeaderMalformed", "The authorization header is malformed; " + str(detail),
          400};
}

AwsError authorizationQueryParametersError(std::string message) {
  return {"AuthorizationQueryParametersError", std::move(message), 400};
}

AwsError unsupportedAuthorizationType(std::string_view header) {
  return AwsError("InvalidArgument", "Unsupported Authorization Type", 400)
      .with("ArgumentName", "Authorization")
      .with("ArgumentValue", str(header));
}

AwsError authMechanismNotSupported() {
  return {"InvalidRequest",
          "The authorization mechanism you have provided is not supported. Please use "
          "AWS4-HMAC-SHA256.",
          400};
}

AwsError onlyOneAuthMechanism() {
  return {"InvalidArgument",
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature "
          "query string parameter or the Authorization header should be specified",
          400};
}

AwsError missingDate(AuthFlavor flavor, std::string_view authorization) {
  if (flavor == AuthFlavor::S3)
    return {"AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", 403};
  return incompleteSignature(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
      "Authorization=" +
      str(authorization));
}

AwsError malformedDate(AuthFlavor flavor, std::string_view value, bool presigned) {
  if (flavor == AuthFlavor::S3) {
    if (presigned)
      return authorizationQueryParametersError(
          "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    return {"AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", 403};
  }
  return incompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + str(value) +
                             "'. See http://en.wikipedia.org/wiki/ISO_8601");
}

AwsError credentialMalformed(AuthFlavor flavor, std::string_view credential, bool presigned) {
  if (flavor == AuthFlavor::S3) {
    if (presigned)
      return authorizationQueryParametersError("Error parsing the X-Amz-Credential parameter; " +
                                               str(kS3CredentialShape));
    return authorizationHeaderMalformed(kS3CredentialShape);
  }
  return incompleteSignature(
      "Credential must have exactly 5 slash-delimited elements, e.g. "
      "keyid/date/region/service/term,"
      " got '" +
      str(credential) + "'");
}

AwsError credentialDateMismatch(AuthFlavor flavor, std::string_view scope_date,
                                std::string_view amz_date, bool presigned) {
  if (flavor == AuthFlavor::S3) {
    if (presigned)
      return authorizationQueryParametersError(
          "Invalid credential date. Date is not the same as X-Amz-Date.");
    return authorizationHeaderMalformed(
        "Invalid credential date. Date is not the same as X-Amz-Date.");
  }
  return {"SignatureDoesNotMatch",
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
          "HTTP: '" +
              str(scope_date) + "' != '" + str(amz_date.substr(0, 8)) + "', from '" +
              str(amz_date) + "'.",
          403};
}

AwsError credentialTerminator(AuthFlavor flavor, std::string_view terminator, bool presigned) {
  if (flavor == AuthFlavor::S3) return credentialMalformed(flavor, {}, presigned);
  return {"SignatureDoesNotMatch",
          "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
              str(terminator) + "'.",
          403};
}

AwsError missingContentSha256() {
  return {"InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400};
}

AwsError invalidContentSha256(std::string_view value) {
  return AwsError(
             "InvalidArgument",
             "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
             "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
             "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
             "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
             400)
      .with("ArgumentName", "x-amz-content-sha256")
      .with("ArgumentValue", str(value));
}

AwsError invalidAccessKey(AuthFlavor flavor, std::string_view access_key_id) {
  if (flavor == AuthFlavor::S3)
    return AwsError("InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.", 403)
        .with("AWSAccessKeyId", str(access_key_id));
  return {"InvalidClientTokenId", "The security token included in the request is invalid.", 403};
}

AwsError invalidSessionToken(AuthFlavor flavor) {
  if (flavor == AuthFlavor::S3)
    return {"InvalidToken", "The provided token is malformed or otherwise invalid.", 400};
  return {"InvalidClientTokenId", "The security token included in the request is invalid.", 403};
}

AwsError expiredToken(AuthFlavor flavor) {
  if (flavor == AuthFlavor::S3) return {"ExpiredToken", "The provided token has expired.", 400};
  return {"ExpiredToken", "The security token included in the request is expired", 403};
}

AwsError signatureDoesNotMatch(AuthFlavor flavor, std::string_view access_key_id,
                               std::string_view string_to_sign, std::string_view signature,
                               std::string_view canonical_request) {
  if (flavor != AuthFlavor::S3)
    return {"SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check "
            "your AWS Secret Access Key and signing method. Consult the service documentation for "
            "details.",
            403};
  AwsError error("SignatureDoesNotMatch",
                 "The request signature we calculated does not match the signature you provided. "
                 "Check your key and signing method.",
                 403);
  if (!access_key_id.empty()) error.with("AWSAccessKeyId", str(access_key_id));
  if (!string_to_sign.empty())
    error.with("StringToSign", str(string_to_sign))
        .with("SignatureProvided", str(signature))
        .with("StringToSignBytes", spacedHex(string_to_sign));
  if (!canonical_request.empty())
    error.with("CanonicalRequest", str(canonical_request))
        .with("CanonicalRequestBytes", spacedHex(canonical_request));
  return error;
}

AwsError requestTimeSkewed(AuthFlavor flavor, std::string_view request_amz_date,
                           double request_epoch, double now_epoch, int max_skew_seconds) {
  if (flavor == AuthFlavor::S3)
    return AwsError("RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.",
                    403)
        .with("RequestTime", str(request_amz_date))
        .with("ServerTime", timefmt::iso8601(now_epoch))
        .with("MaxAllowedSkewMilliseconds", std::to_string(max_skew_seconds * 1000));
  std::string minutes = std::to_string(max_skew_seconds / 60) + " min.)";
  if (request_epoch < now_epoch)
    return {"SignatureDoesNotMatch",
            "Signature expired: " + str(request_amz_date) + " is now earlier than " +
                amzDate(now_epoch - max_skew_seconds) + " (" + amzDate(now_epoch) + " - " + minutes,
            403};
  return {"SignatureDoesNotMatch",
          "Signature not yet current: " + str(request_amz_date) + " is still later than " +
              amzDate(now_epoch + max_skew_seconds) + " (" + amzDate(now_epoch) + " + " + minutes,
          403};
}

AwsError presignedExpired(double expires_epoch, double now_epoch, std::int64_t x_amz_expires) {
  return AwsError("AccessDenied", "Request has expired", 403)
      .with("X-Amz-Expires", std::to_string(x_amz_expires))
      .with("Expires", timefmt::iso8601(expires_epoch))
      .with("ServerTime", timefmt::iso8601(now_epoch));
}

AwsError presignedNotYetValid(double request_epoch, double expires_epoch, double now_epoch) {
  // S3 shows X-Amz-Date in epoch milliseconds here (minio/minio#2638).
  return AwsError("AccessDenied", "Request is not yet valid", 403)
      .with("X-Amz-Date", std::to_string(static_cast<long long>(request_epoch) * 1000))
      .with("Expires", timefmt::iso8601(expires_epoch))
      .with("ServerTime", timefmt::iso8601(now_epoch));
}

AwsError xAmzContentSha256Mismatch(std::string_view client_hash, std::string_view computed_hash) {
  return AwsError("XAmzContentSHA256Mismatch",
                  "The provided 'x-amz-content-sha256' header does not match what was computed.",
                  400)
      .with("ClientComputedContentSHA256", str(client_hash))
      .with("S3ComputedContentSHA256", str(computed_hash));
}

AwsError incompleteBody() {
  return {"IncompleteBody", "The request body terminated unexpectedly", 400};
}

AwsError incompleteBodyLength(std::uint64_t expected, std::uint64_t provided) {
  return AwsError("IncompleteBody",
                  "You did not provide the number of bytes specified by the Content-Length HTTP "
                  "header",
                  400)
      .with("NumberBytesExpected", std::to_string(expected))
      .with("NumberBytesProvided", std::to_string(provided));
}

AwsError invalidChunkSize(std::uint64_t chunk_number, std::uint64_t bad_size) {
  return AwsError("InvalidChunkSizeError",
                  "Only the last chunk is allowed to have a size less than 8192 bytes", 403)
      .with("Chunk", std::to_string(chunk_number))
      .with("BadChunkSize", std::to_string(bad_size));
}

AwsError malformedTrailer() {
  return {"MalformedTrailerError",
          "The request contained trailing data that was not well-formed or did not conform to our "
          "published schema.",
          400};
}

AwsError unsupportedTrailer() {
  return {"InvalidRequest", "The value specified in the x-amz-trailer header is not supported",
          400};
}

AwsError missingDecodedContentLength() {
  return {"MissingContentLength", "You must provide the Content-Length HTTP header.", 411};
}

AwsError badDigest(ChecksumAlgorithm algorithm) {
  return {"BadDigest",
          "The " + str(checksumName(algorithm)) +
              " you specified did not match the calculated checksum.",
          400};
}

AwsError invalidChecksumValue(ChecksumAlgorithm algorithm, bool trailing) {
  return {"InvalidRequest",
          "Value for " + str(checksumHeaderName(algorithm)) +
              (trailing ? " trailing header is invalid." : " header is invalid."),
          400};
}

AwsError multipleChecksums() {
  return {"InvalidRequest",
          "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.",
          400};
}

AwsError inJsonServiceWords(AwsError error, int status) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"InvalidClientTokenId", "UnrecognizedClientException"},
      {"SignatureDoesNotMatch", "InvalidSignatureException"},
      {"IncompleteSignature", "IncompleteSignatureException"},
      {"MissingAuthenticationToken", "MissingAuthenticationTokenException"},
      {"ExpiredToken", "ExpiredTokenException"},
  };
  for (const auto& [common, json] : kNames)
    if (error.code == common) {
      error.code = std::string(json);
      error.http_status = status;
      break;
    }
  return error;
}

}  // namespace awsemu::auth::errors
