#pragma once
// ETags of encrypted objects. S3 documents that objects written by PutObject, POST or CopyObject
// and encrypted with SSE-C or SSE-KMS "have ETags that are not an MD5 digest of their object
// data" (only plaintext and SSE-S3 objects have MD5 ETags), so a client cannot learn the
// plaintext's digest from an encrypted object.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html
//
// The emulator keeps such an object's ETag stable and reversible: the MD5 of the data XORed with a
// mask derived from the encryption's identity (the SSE-C key's MD5, or the KMS key id). The stored
// ETag is the one every response, listing and condition (If-Match, ...) sees; a copy recovers the
// data's MD5 from its source and masks it again for its own encryption. Multipart ETags ("-N")
// are not digests of the data and stay as they are.
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::s3::sse_etag {

// The ETag to store for a single-part object with this data ETag (quoted MD5) and `sse`
// (ObjectAttributes::sse): the data ETag unless the object is SSE-C or SSE-KMS encrypted.
std::string stored(std::string_view data_etag, const Json& sse);
// The data's MD5 ETag of a stored single-part object (the inverse of stored()).
std::string data(std::string_view stored_etag, const Json& sse);

}  // namespace awsemu::s3::sse_etag
