#pragma once
// SQS errors as the real service answers them. Modelled errors use the shape name as code; the
// model patch (model.patch.json) gives each its awsQuery code (AWS.SimpleQueueService.*), which the
// query codec writes and the JSON codec sends in x-amzn-query-error.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
#include <string>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::sqs::errors {

inline AwsError queueDoesNotExist() {
  return {"QueueDoesNotExist", "The specified queue does not exist.", 400};
}
inline AwsError queueNameExists(const std::string& attribute) {
  return {
      "QueueNameExists",
      "A queue already exists with the same name and a different value for attribute " + attribute,
      400};
}
inline AwsError queueDeletedRecently() {
  return {"QueueDeletedRecently",
          "You must wait 60 seconds after deleting a queue before you can create another with "
          "the same name.",
          400};
}
inline AwsError purgeQueueInProgress(const std::string& queue_arn) {
  return {"PurgeQueueInProgress",
          "Only one PurgeQueue operation on " + queue_arn + " is allowed every 60 seconds.", 403};
}
inline AwsError missingParameter(const std::string& name) {
  return {"MissingParameter", "The request must contain the parameter " + name + ".", 400};
}
// "Value X for parameter P is invalid. Reason: R."
inline AwsError invalidParameterValue(const std::string& parameter, const std::string& value,
                                      const std::string& reason) {
  return {"InvalidParameterValue",
          "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason, 400};
}
inline AwsError invalidParameterValue(const std::string& message) {
  return {"InvalidParameterValue", message, 400};
}
inline AwsError invalidAttributeName(const std::string& name) {
  return {"InvalidAttributeName", "Unknown Attribute " + name + ".", 400};
}
inline AwsError invalidAttributeValue(const std::string& name) {
  return {"InvalidAttributeValue", "Invalid value for the parameter " + name + ".", 400};
}
inline AwsError invalidAttributeValue(const std::string& name, const std::string& reason) {
  return {"InvalidAttributeValue",
          "Invalid value for the parameter " + name + ". Reason: " + reason, 400};
}
// Both SSE-KMS (KmsMasterKeyId) and SSE-SQS (SqsManagedSseEnabled=true) asked for. AWS answers
// this with the code InvalidAttributeName (LocalStack's AWS-recorded snapshot
// test_sse_kms_and_sqs_are_mutually_exclusive).
inline AwsError sseConflict() {
  return {"InvalidAttributeName",
          "You can use one type of server-side encryption (SSE) at one time. You can either enable "
          "KMS SSE or SQS SSE.",
          400};
}
inline AwsError invalidMessageContents(const std::string& message) {
  return {"InvalidMessageContents", message, 400};
}
inline AwsError receiptHandleIsInvalid(const std::string& handle) {
  return {"ReceiptHandleIsInvalid",
          "The input receipt handle \"" + handle + "\" is not a valid receipt handle.", 404};
}
inline AwsError messageNotInflight() {
  return {"MessageNotInflight", "The message referred to isn't in flight.", 400};
}
inline AwsError emptyBatchRequest(const std::string& entry_shape) {
  return {"EmptyBatchRequest", "There should be at least one " + entry_shape + " in the request.",
          400};
}
inline AwsError tooManyEntriesInBatchRequest(std::size_t count) {
  return {
      "TooManyEntriesInBatchRequest",
      "Maximum number of entries per request are 10. You have sent " + std::to_string(count) + ".",
      400};
}
inline AwsError batchEntryIdsNotDistinct(const std::string& id) {
  return {"BatchEntryIdsNotDistinct", "Id " + id + " repeated.", 400};
}
inline AwsError invalidBatchEntryId() {
  return {"InvalidBatchEntryId",
          "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
          "It can be at most 80 letters long.",
          400};
}
inline AwsError batchRequestTooLong(std::size_t bytes, std::size_t limit) {
  return {"BatchRequestTooLong",
          "Batch requests cannot be longer than " + std::to_string(limit) +
              " bytes. You have sent " + std::to_string(bytes) + " bytes.",
          400};
}
inline AwsError overLimit(const std::string& message) { return {"OverLimit", message, 403}; }
inline AwsError unsupportedOperation(const std::string& message) {
  return {"UnsupportedOperation", message, 400};
}
inline AwsError resourceNotFound(const std::string& message) {
  return {"ResourceNotFoundException", message, 404};
}
inline AwsError invalidAddress(const std::string& url) {
  return {"InvalidAddress", "The address " + url + " is not valid for this endpoint.", 404};
}
inline AwsError invalidSecurity() {
  return {"InvalidSecurity",
          "The request was not made over HTTPS or did not use SigV4 for signing.", 403};
}

}  // namespace awsemu::sqs::errors
