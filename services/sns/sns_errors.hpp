#pragma once
// SNS errors as the real service answers them (query protocol: <ErrorResponse><Error><Type>...).
// https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html and each action's Errors section.
#include <string>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::sns::errors {

// "Invalid parameter: <what>" is how SNS words nearly every refusal of a request's content.
inline AwsError invalidParameter(const std::string& what) {
  return {"InvalidParameter", "Invalid parameter: " + what, 400};
}
// "Invalid parameter: <name> Reason: <reason>"
inline AwsError invalidParameter(const std::string& name, const std::string& reason) {
  return {"InvalidParameter", "Invalid parameter: " + name + " Reason: " + reason, 400};
}
inline AwsError invalidParameterValue(const std::string& message) {
  return {"ParameterValueInvalid", message, 400};
}
inline AwsError topicNotFound() { return {"NotFound", "Topic does not exist", 404}; }
inline AwsError subscriptionNotFound() { return {"NotFound", "Subscription does not exist", 404}; }
inline AwsError endpointNotFound() { return {"NotFound", "Endpoint does not exist", 404}; }
inline AwsError platformApplicationNotFound() {
  return {"NotFound", "PlatformApplication does not exist", 404};
}
inline AwsError resourceNotFound() { return {"ResourceNotFound", "Resource does not exist", 404}; }
inline AwsError authorization(const std::string& message) {
  return {"AuthorizationError", message, 403};
}
inline AwsError filterPolicy(const std::string& reason) {
  return invalidParameter("FilterPolicy: " + reason);
}
inline AwsError tagLimitExceeded() {
  return {"TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded",
          400};
}
// PublishBatch
// (https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html#API_PublishBatch_Errors)
inline AwsError emptyBatch() {
  return {"EmptyBatchRequest", "The batch request doesn't contain any entries", 400};
}
inline AwsError tooManyEntries() {
  return {"TooManyEntriesInBatchRequest",
          "The batch request contains more entries than permissible.", 400};
}
inline AwsError batchIdsNotDistinct() {
  return {"BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.",
          400};
}
inline AwsError invalidBatchEntryId() {
  return {"InvalidBatchEntryId",
          "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It "
          "can be at most 80 letters long.",
          400};
}
inline AwsError batchTooLong() {
  return {"BatchRequestTooLong",
          "The length of all the messages put together is more than the limit.", 400};
}

}  // namespace awsemu::sns::errors
