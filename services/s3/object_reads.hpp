#pragma once
// GetObject and HeadObject: conditional requests, byte ranges and parts, checksums, `response-*`
// overrides, and the data streamed from the open version file.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

// `head`: HeadObject (no data opened, none sent). Returns the output document; the data, status
// and Content-Range go into ctx.response.
Json readObject(S3Engine& engine, RequestContext& ctx, const Json& input, bool head);

}  // namespace awsemu::s3
