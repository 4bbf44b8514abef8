#pragma once
// Server-side encryption with customer-provided keys (SSE-C): the algorithm, key and key MD5
// headers of a request, validated as S3 validates them, and the checks that make a later read,
// copy or part upload present the same key. Only the key's MD5 is ever kept (with the object
// version or the upload, ObjectAttributes::sse), never the key.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html
//
// S3 requires HTTPS for SSE-C; like LocalStack the emulator accepts it over plain HTTP.
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3::ssec {

struct CustomerKey {
  std::string algorithm;  // "AES256"
  std::string key_md5;    // base64 of the MD5 of the 32-byte key, as the client sent it
};

// Which headers: the object's (x-amz-server-side-encryption-customer-*, members SSECustomer*) or
// the copy source's (x-amz-copy-source-server-side-encryption-customer-*, CopySourceSSECustomer*).
enum class Role { Object, CopySource };

// The key a request carries, nullopt when it sends none of the three headers. InvalidArgument
// for a partial set, a key that is not 32 bytes of base64 or an MD5 that is not the key's;
// InvalidEncryptionAlgorithmError for an algorithm other than AES256.
std::optional<CustomerKey> fromRequest(const Json& input, Role role = Role::Object);

// A write's key (PutObject, CopyObject destination, CreateMultipartUpload) as stored in
// ObjectAttributes::sse: {"SSECustomerAlgorithm", "SSECustomerKeyMD5"}, or an empty object.
// InvalidArgument when x-amz-server-side-encryption is sent too.
Json forWrite(const Json& input);

// A bucket may block SSE-C writes (PutBucketEncryption's BlockedEncryptionTypes "SSE-C"): a
// write whose `sse` (as stored) is SSE-C is then 403 AccessDenied. `encryption` is the bucket's
// stored ServerSideEncryptionConfiguration, if any. (S3 blocks SSE-C by default on buckets
// created since April 2026; the emulator only when asked, so that SSE-C works out of the box.)
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/blocking-unblocking-s3-c-encryption-gpb.html
void checkAllowed(const Json& sse, const std::optional<Json>& encryption);

// GetObject / HeadObject / a copy source: an SSE-C version needs its key (400 InvalidRequest
// without, 403 AccessDenied with another); a key sent for any other version is 400 InvalidRequest.
void checkRead(const ObjectAttributes& stored, const std::optional<CustomerKey>& key);

// UploadPart / UploadPartCopy: the parts of an upload created with a key carry the same key
// (400 InvalidRequest otherwise); an upload created without one takes no key.
void checkPart(const ObjectAttributes& upload, const std::optional<CustomerKey>& key);

// CompleteMultipartUpload / ListParts: S3 needs the upload's key again only when the upload
// declared a checksum algorithm (the parts' checksums are kept encrypted) -- `key_required`; a key
// that is sent must be the upload's (400 InvalidRequest as for checkPart).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
void checkUploadRequest(const ObjectAttributes& upload, const std::optional<CustomerKey>& key,
                        bool key_required);

// True when the version or upload was written with a customer key.
bool isCustomerEncrypted(const ObjectAttributes& stored);

}  // namespace awsemu::s3::ssec
