#pragma once
// DynamoDB errors as the real service answers them. DynamoDB's "__type" carries the fully
// qualified shape id ("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"; validation and
// serialization errors come from the Coral framework: "com.amazon.coral.validate#...") and SDKs
// take the part after '#'. The codec writes the code as "__type", so the codes here are the
// qualified ids, and the message member is "message" as DynamoDB spells it.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
#include <string>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::dynamodb::errors {

inline constexpr const char* kDynamoDbPrefix = "com.amazonaws.dynamodb.v20120810#";

inline AwsError dynamoError(const std::string& name, std::string message, int status = 400) {
  return {kDynamoDbPrefix + name, std::move(message), status};
}

inline AwsError validation(std::string message) {
  return {"com.amazon.coral.validate#ValidationException", std::move(message), 400};
}
// "One or more parameter values were invalid: ..." is how DynamoDB opens most of its checks.
inline AwsError invalidParameter(const std::string& detail) {
  return validation("One or more parameter values were invalid: " + detail);
}
inline AwsError serialization(std::string message) {
  return {"com.amazon.coral.service#SerializationException", std::move(message), 400};
}
// Item operations on a missing table or index.
inline AwsError resourceNotFound() {
  return dynamoError("ResourceNotFoundException", "Requested resource not found");
}
// Table operations (DescribeTable, DeleteTable, UpdateTable, TTL) name the table.
inline AwsError tableNotFound(const std::string& table) {
  return dynamoError("ResourceNotFoundException",
                     "Requested resource not found: Table: " + table + " not found");
}
inline AwsError resourceNotFound(std::string message) {
  return dynamoError("ResourceNotFoundException", std::move(message));
}
inline AwsError resourceInUse(std::string message) {
  return dynamoError("ResourceInUseException", std::move(message));
}
inline AwsError tableAlreadyExists(const std::string& table) {
  return resourceInUse("Table already exists: " + table);
}
inline AwsError conditionalCheckFailed() {
  return dynamoError("ConditionalCheckFailedException", "The conditional request failed");
}
// reasons: [{"Code": "None"}, {"Code": "ConditionalCheckFailed", "Message": ...}, ...] in the
// order of the request's actions.
inline AwsError transactionCanceled(const Json& reasons) {
  std::string codes;
  for (const auto& reason : reasons) {
    if (!codes.empty()) codes += ", ";
    codes += reason.value("Code", "None");
  }
  AwsError error = dynamoError("TransactionCanceledException",
                               "Transaction cancelled, please refer cancellation reasons for "
                               "specific reasons [" +
                                   codes + "]");
  error.with("CancellationReasons", reasons);
  return error;
}
inline AwsError idempotentParameterMismatch() {
  return dynamoError("IdempotentParameterMismatchException",
                     "The request uses the same client token as a previous, but non-identical "
                     "request.");
}
inline AwsError limitExceeded(std::string message) {
  return dynamoError("LimitExceededException", std::move(message));
}
inline AwsError backupNotFound(const std::string& arn) {
  return dynamoError("BackupNotFoundException", "Backup not found: " + arn);
}
inline AwsError tableAlreadyExistsForRestore(const std::string& table) {
  return dynamoError("TableAlreadyExistsException", "Table already exists: " + table);
}
inline AwsError tableNotFoundForRestore(const std::string& table) {
  return dynamoError("TableNotFoundException", "Table not found: " + table);
}
inline AwsError pointInTimeRecoveryUnavailable(const std::string& table) {
  return dynamoError("PointInTimeRecoveryUnavailableException",
                     "Point in time recovery is not enabled for table '" + table + "'");
}
// The API reference's description of the error (no recorded runtime message found).
inline AwsError invalidRestoreTime() {
  return dynamoError("InvalidRestoreTimeException",
                     "An invalid restore time was specified. RestoreDateTime must be between "
                     "EarliestRestorableDateTime and LatestRestorableDateTime.");
}
inline AwsError itemCollectionSizeLimitExceeded() {
  return dynamoError("ItemCollectionSizeLimitExceededException",
                     "Item collection size limit exceeded");
}
inline AwsError internalServerError(std::string message) {
  AwsError error = dynamoError("InternalServerError", std::move(message), 500);
  error.sender_fault = false;
  return error;
}

}  // namespace awsemu::dynamodb::errors
