#pragma once
// DynamoDB Streams errors as the service answers them: the same "__type" namespace as DynamoDB's
// (services/dynamodb/dynamodb_errors.hpp), its own codes for iterators and trimmed data.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html#API_streams_GetRecords_Errors
#include <string>

#include "awsemu/core/time.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"

namespace awsemu::dynamodbstreams::errors {

using dynamodb::errors::dynamoError;
using dynamodb::errors::validation;

inline AwsError streamNotFound(const std::string& arn) {
  return dynamoError("ResourceNotFoundException",
                     "Requested resource not found: Stream: " + arn + " not found");
}
inline AwsError shardNotFound(const std::string& shard_id) {
  return dynamoError("ResourceNotFoundException",
                     "Requested resource not found: Shard: " + shard_id + " not found");
}
inline AwsError sequenceNumberRequired(const std::string& type) {
  return validation(
      "1 validation error detected: Value null at 'sequenceNumber' failed to satisfy "
      "constraint: Member must not be null when shardIteratorType is " +
      type);
}
inline AwsError invalidSequenceNumber(const std::string& sequence) {
  return validation("Invalid SequenceNumber: " + sequence +
                    " is not a sequence number of the shard");
}
inline AwsError invalidIterator() { return validation("Invalid ShardIterator"); }
inline AwsError trimmedDataAccess() {
  return dynamoError("TrimmedDataAccessException",
                     "The operation attempted to read past the oldest stream record in a shard.");
}
// Iterators live 15 minutes.
inline AwsError expiredIterator(double created, double now) {
  return dynamoError("ExpiredIteratorException",
                     "Iterator expired. The iterator was created at time " +
                         timefmt::httpDate(created) + " while right now it's " +
                         timefmt::httpDate(now) +
                         " which is further in the future than the tolerated delay of 900000 "
                         "milliseconds.");
}

}  // namespace awsemu::dynamodbstreams::errors
