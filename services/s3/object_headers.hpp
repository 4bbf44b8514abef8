#pragma once
// What an object keeps from the request that wrote it, and how GetObject / HeadObject hand it back:
// the standard content headers, user metadata, storage class, tags from x-amz-tagging, SSE
// headers and the body's checksum; `response-*` overrides on the way out.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html
#include <string_view>

#include "awsemu/core/http.hpp"
#include "awsemu/core/json.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3 {

// Content-Type (default binary/octet-stream, as S3), -Encoding, -Disposition, -Language,
// Cache-Control, Expires and x-amz-website-redirect-location, by model member name.
Json contentHeaders(const Json& input);
// x-amz-meta-* with lower-case names. Throws MetadataTooLarge past 2 KB (names + values).
Json userMetadata(const Json& input);
// The storage class of a write (STANDARD when absent). Throws InvalidStorageClass.
std::string storageClass(const Json& input);
// x-amz-server-side-encryption and its companions as stored (SSE-S3 when unset, as S3 encrypts
// every new object since 2023).
Json sseAttributes(const Json& input);
// A write without SSE headers takes the bucket's default encryption (PutBucketEncryption's
// ServerSideEncryptionConfiguration, as stored), as S3 applies it.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html
void applyBucketEncryption(Json& sse, const Json& input, const Json& configuration);
// The body's checksum as stored: {"algorithm", "value", "type": "FULL_OBJECT"}.
Json bodyChecksum(const RequestBody& body);

// x-amz-tagging ("k1=v1&k2=v2", URL-encoded) -> {"k1": "v1", ...}. Throws InvalidTag.
Json parseTaggingHeader(std::string_view header);
// A TagSet ([{"Key", "Value"}]) -> {"k": "v"}. Throws InvalidTag (more than 10, long or
// duplicate keys, long values, the reserved aws: prefix).
Json tagsFromTagSet(const Json& tag_set);
Json tagSetFrom(const Json& tags);

// Output members: ChecksumCRC32 (...) and ChecksumType from a stored checksum.
void addChecksumMembers(Json& out, const Json& checksum);
// SSE members of an output document.
void addSseMembers(Json& out, const Json& sse);
// Everything GetObject and HeadObject report about a version (not its length or range).
Json objectReadMembers(const ObjectVersion& object);
// response-content-type and the other response-* query parameters replace what the object
// says. Throws InvalidRequest for anonymous callers, as S3 does.
void applyResponseOverrides(Json& out, const Json& input, bool anonymous);

}  // namespace awsemu::s3
