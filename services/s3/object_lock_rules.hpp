#pragma once
// Object Lock as writes and deletes meet it: the retention and legal hold a new version gets
// (x-amz-object-lock-* headers, else the bucket's default retention), and the versions a delete
// may not remove. https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
//
// A version's lock is ObjectAttributes::object_lock: {"Mode", "RetainUntilDate" (epoch seconds),
// "LegalHoldStatus"}.
#include <optional>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3 {

// InvalidRequest for lock headers on a bucket without Object Lock; InvalidArgument for a mode
// without a date (or the reverse) or a date in the past. `configuration` is the bucket's stored
// ObjectLockConfiguration, if any.
Json lockForWrite(const Json& input, const Bucket& bucket, const std::optional<Json>& configuration,
                  double now_seconds);

// Throws AccessDenied when `version` may not be deleted: a legal hold, COMPLIANCE retention, or
// GOVERNANCE retention without x-amz-bypass-governance-retention.
void checkDeletable(const ObjectVersion& version, bool bypass_governance, double now_seconds);

class S3Engine;
// The bucket's ObjectLockConfiguration when Object Lock is on (no look-up otherwise).
std::optional<Json> lockConfiguration(S3Engine& engine, const Bucket& bucket);

}  // namespace awsemu::s3
