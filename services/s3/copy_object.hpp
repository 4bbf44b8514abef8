#pragma once
// CopyObject: the copy source header, copy-source conditions, MetadataDirective and
// TaggingDirective, and the copy's checksum.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

// x-amz-copy-source: "bucket/key" or "/bucket/key", the key URL-encoded, "?versionId=" optional.
// Throws InvalidArgument when it names no bucket and key.
ObjectRef parseCopySource(std::string_view header);

// The whole CopyObject operation; the copy's result for notifications in `result`.
Json copyObject(S3Engine& engine, RequestContext& ctx, const Json& input, CopyResult& result);

}  // namespace awsemu::s3
