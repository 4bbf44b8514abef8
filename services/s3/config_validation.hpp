#pragma once
// S3's checks on the bucket configuration documents of Put* requests, with S3's error codes and
// messages. Each takes the payload as the codec decoded it (model member names) and may fill in
// what S3 adds (generated lifecycle rule IDs, BucketKeyEnabled=false, ...). Throw AwsError.
#include <functional>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu::s3 {

void validateBucketTags(Json& tagging);        // InvalidTag
void validateEncryption(Json& configuration);  // MalformedXML, InvalidArgument
void validateLifecycle(Json& configuration);   // MalformedXML, InvalidArgument, InvalidRequest
void validateWebsite(Json& configuration);     // InvalidArgument, MalformedXML
void validateCors(Json& configuration);        // MalformedXML, InvalidRequest
// `require_bucket` throws when the target bucket does not exist.
void validateLogging(Json& status, const std::function<void(const std::string&)>& require_bucket);
void validateAccelerate(const std::string& bucket, Json& configuration);
void validateRequestPayment(Json& configuration);
void validateObjectLock(Json& configuration);

}  // namespace awsemu::s3
