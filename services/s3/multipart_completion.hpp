#pragma once
// CompleteMultipartUpload's checks beyond part order and sizes (which the engine makes): the part
// checksums the request lists, the checksum mode and object size it asserts, and the object's
// checksum made from its parts (COMPOSITE or FULL_OBJECT; CRC64NVME full-object for uploads made
// without an algorithm, as S3 does since 2025).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3::multipart {

// The parts of the request body (<CompleteMultipartUpload><Part>...), in request order.
// MalformedXML for a missing body, part number or ETag.
std::vector<CompletedPart> completedParts(const Json& input);
// Write conditions from If-Match / If-None-Match (only "*" is implemented by S3: NotImplemented
// for anything else).
WriteConditions completeConditions(const Json& input);
// The object's checksum member ({"algorithm", "type", "value"}) for the engine's callback;
// `listed` are the stored parts in request order. Parts whose stored checksum has another
// algorithm are read back. InvalidPart, InvalidRequest, BadDigest.
Json objectChecksum(const S3Engine& engine, const Json& input, const Upload& upload,
                    const std::vector<Part>& listed);

}  // namespace awsemu::s3::multipart
