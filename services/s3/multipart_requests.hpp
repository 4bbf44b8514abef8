#pragma once
// What the multipart handlers read from their requests: the attributes CreateMultipartUpload
// fixes for the object (content headers, metadata, checksum algorithm and type, tagging, storage
// class, ACL, encryption, Object Lock), and UploadPartCopy's source, range and conditions.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/auth/checksum.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3::multipart {

// The upload's attributes. InvalidRequest for a checksum type the algorithm cannot have,
// InvalidStorageClass, InvalidTag, InvalidArgument for an unknown checksum algorithm.
ObjectAttributes uploadAttributes(const RequestContext& ctx, const Json& input);
// The upload's checksum algorithm, if it has one.
std::optional<auth::ChecksumAlgorithm> uploadAlgorithm(const Upload& upload);
// "FULL_OBJECT" / "COMPOSITE" for an upload with an algorithm.
std::string uploadChecksumType(const Upload& upload);
// The output members naming an upload's checksum ("ChecksumCRC32", ...).
std::string checksumMember(auth::ChecksumAlgorithm algorithm);
// Encryption headers stored at creation, echoed by UploadPart / Complete (their output members).
void echoEncryption(const ObjectAttributes& attributes, Json& output);

// x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, optionally "?versionId=...".
ObjectRef parseCopySource(std::string_view header);
// x-amz-copy-source-range "bytes=first-last" within an object of `size` bytes; InvalidArgument
// for another form or a range beyond the source.
ByteSpan parseCopySourceRange(std::string_view header, std::uint64_t size);
// x-amz-copy-source-if-* against the source: PreconditionFailed (412) when one fails.
void checkCopySourceConditions(const Json& input, const ObjectVersion& source);

}  // namespace awsemu::s3::multipart
