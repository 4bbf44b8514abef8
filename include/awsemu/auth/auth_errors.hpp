#pragma once
// The authentication errors, with the codes, statuses and messages AWS answers. S3 words most of
// them differently from the other services, so each factory takes the flavour it should speak.
//
// Sources (facts observed from AWS, no code taken):
// - Common errors: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
// - S3 error codes: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
// - Messages and extra fields as AWS returns them, recorded in public issue threads:
//   "Signature expired: ... is now earlier than ... (... - 15 min.)" (devsecops/bootcamp#101),
//   IncompleteSignature texts (aws/aws-sdk-ruby#317, brendanhay/amazonka#316),
//   RequestTimeTooSkewed fields (aws/aws-sdk-php#612, versity/versitygw#1514),
//   AccessDenied "Request has expired" fields (aws/aws-sdk-js#3493),
//   AuthorizationQueryParametersError texts (bryanjos/aws_auth#31, JustinM1/S3SignerAWS#12),
//   "Invalid credential date" (arqbackup/arq_restore#48), x-amz-content-sha256 InvalidArgument
//   (versity/versitygw#1352), aws-chunked body errors (versity/versitygw#1683, #1684, #1685,
//   #1691, #1692, #1694, #1695, #1656, #1161).
#include <cstdint>
#include <string>
#include <string_view>

#include "awsemu/auth/checksum.hpp"
#include "awsemu/core/aws_error.hpp"

namespace awsemu::auth {

// Which wording an authentication error takes: S3's (REST-XML, its own codes) or the common one
// shared by the other services.
enum class AuthFlavor { Generic, S3 };

namespace errors {
// --- malformed signatures -----------------------------------------------------------------------
AwsError incompleteSignature(std::string message);  // IncompleteSignature 400
AwsError authorizationHeaderMalformed(
    std::string_view detail);  // S3 AuthorizationHeaderMalformed 400
AwsError authorizationQueryParametersError(std::string message);  // S3 400
AwsError unsupportedAuthorizationType(std::string_view header);   // S3 InvalidArgument 400
AwsError authMechanismNotSupported();                             // S3 InvalidRequest 400 (SigV2)
AwsError onlyOneAuthMechanism();                                  // S3 InvalidArgument 400
AwsError missingDate(AuthFlavor flavor, std::string_view authorization);
AwsError malformedDate(AuthFlavor flavor, std::string_view value, bool presigned);
AwsError credentialMalformed(AuthFlavor flavor, std::string_view credential, bool presigned);
AwsError credentialDateMismatch(AuthFlavor flavor, std::string_view scope_date,
                                std::string_view amz_date, bool presigned);
AwsError credentialTerminator(AuthFlavor flavor, std::string_view terminator, bool presigned);
AwsError missingContentSha256();                        // S3 InvalidRequest 400
AwsError invalidContentSha256(std::string_view value);  // S3 InvalidArgument 400

// --- credentials
// ----------------------------------------------------------------------------------
AwsError invalidAccessKey(AuthFlavor flavor, std::string_view access_key_id);  // 403
AwsError invalidSessionToken(AuthFlavor flavor);                               // 403 / S3 400
AwsError expiredToken(AuthFlavor flavor);                                      // 403 / S3 400

// --- signature and time -------------------------------------------------------------------------
// SignatureDoesNotMatch 403. For S3, the canonical request and string to sign are attached as the
// extra fields S3 returns (they help users find what differs).
AwsError signatureDoesNotMatch(AuthFlavor flavor, std::string_view access_key_id = {},
                               std::string_view string_to_sign = {},
                               std::string_view signature = {},
                               std::string_view canonical_request = {});
// Request time outside now +- 15 minutes: generic "Signature expired/not yet current",
// S3 RequestTimeTooSkewed with RequestTime/ServerTime/MaxAllowedSkewMilliseconds.
AwsError requestTimeSkewed(AuthFlavor flavor, std::string_view request_amz_date,
                           double request_epoch, double now_epoch, int max_skew_seconds);
AwsError presignedExpired(double expires_epoch, double now_epoch, std::int64_t x_amz_expires);
AwsError presignedNotYetValid(double request_epoch, double expires_epoch, double now_epoch);
AwsError xAmzContentSha256Mismatch(std::string_view client_hash, std::string_view computed_hash);

// --- aws-chunked bodies and checksums (S3) ----------------------------------------------------
AwsError incompleteBody();  // "The request body terminated unexpectedly"
AwsError incompleteBodyLength(std::uint64_t expected, std::uint64_t provided);
AwsError invalidChunkSize(std::uint64_t chunk_number, std::uint64_t bad_size);  // 403
AwsError malformedTrailer();                      // MalformedTrailerError 400
AwsError unsupportedTrailer();                    // InvalidRequest 400
AwsError missingDecodedContentLength();           // MissingContentLength 411
AwsError badDigest(ChecksumAlgorithm algorithm);  // BadDigest 400
AwsError invalidChecksumValue(ChecksumAlgorithm algorithm, bool trailing);  // InvalidRequest 400
AwsError multipleChecksums();                                               // InvalidRequest 400

// --- JSON-protocol services ---------------------------------------------------------------------
// The common authentication errors as DynamoDB, CloudWatch Logs and Lambda name them:
// InvalidClientTokenId -> UnrecognizedClientException, SignatureDoesNotMatch ->
// InvalidSignatureException, IncompleteSignature -> IncompleteSignatureException,
// MissingAuthenticationToken -> MissingAuthenticationTokenException, ExpiredToken ->
// ExpiredTokenException, with the service's status. Other errors pass unchanged.
AwsError inJsonServiceWords(AwsError error, int status);
}  // namespace errors

}  // namespace awsemu::auth
