#pragma once
// Put/GetObjectRetention and Put/GetObjectLegalHold: the Object Lock of one version after it was
// written. Retention may always be extended; COMPLIANCE retention is never shortened, removed or
// turned into GOVERNANCE, and GOVERNANCE only with x-amz-bypass-governance-retention.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectRetention.html
#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

// The version as changed in `changed` (notifications).
Json putObjectRetention(S3Engine& engine, RequestContext& ctx, const Json& input,
                        ObjectRead& changed);
Json getObjectRetention(S3Engine& engine, const Json& input);
Json putObjectLegalHold(S3Engine& engine, const Json& input, ObjectRead& changed);
Json getObjectLegalHold(S3Engine& engine, const Json& input);

}  // namespace awsemu::s3
