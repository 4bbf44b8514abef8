#pragma once
// How the shared layers (server, gateway, auth) treat one service's requests. Each service
// declares its own (services/all_services.cpp), so that the gateway needs no branch on a service's
// name: a new service states its limits and conventions here instead of editing the pipeline.
#include <cstdint>
#include <string>

namespace awsemu::service {

struct RequestPolicy {
  // The largest request body the service accepts, counted after aws-chunked decoding and gzip
  // inflation (so the framing of a legal upload never makes it too large). Bodies announced or
  // found to be larger are refused before they are read or spooled.
  std::uint64_t max_body_bytes = 1ull << 20;
  // Bodies larger than this are spooled to disk from their first byte (0: the server's limit,
  // 8 MiB). S3 adopts the spool file as the object's data, so memory saves it nothing on a large
  // body, and ten 8 MiB parts in flight (boto3's managed transfer) held 80+ MiB of it.
  std::uint64_t memory_body_bytes = 0;
  // The service's own answer to a body over the limit.
  std::string too_large_code = "RequestEntityTooLarge";
  int too_large_status = 413;
  // `Content-Encoding: gzip` is transport (SDK request compression, inflated by the gateway)
  // rather than part of what is stored (S3 object metadata).
  bool inflate_gzip = true;
  // S3's SigV4 conventions: UNSIGNED-PAYLOAD, X-Amz-Expires on presigned URLs, anonymous
  // requests, S3's error codes.
  bool s3_signing = false;
  // Serves query-protocol actions (a form post with `Action=`): an unsigned form post is routed to
  // the first such service whose model has the action.
  bool serves_query = false;
  // The service stores bodies (S3): the gateway computes the body's MD5 and its checksum (the
  // declared algorithm's, else CRC64NVME) while decoding it, checks Content-MD5, and fills
  // RequestBody::md5/checksum_algorithm/checksum.
  bool body_digests = false;
  // Request ids in `x-amz-request-id` + `x-amz-id-2` (S3) rather than `x-amzn-RequestId`.
  bool s3_request_ids = false;
  // JSON-protocol services (DynamoDB, CloudWatch Logs, Lambda) name the common authentication
  // errors in their own words (UnrecognizedClientException, InvalidSignatureException, ...) and
  // answer them with this status; 0 keeps the common names (query services, S3).
  int json_auth_error_status = 0;
};

}  // namespace awsemu::service
