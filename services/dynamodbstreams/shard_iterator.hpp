#pragma once
// Shard iterators: where a reader of a stream's shard is, handed to the client as an opaque
// string and back. Shaped as AWS's ("<stream arn>|1|<opaque>"); they expire after 15 minutes
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html).
#include <string>

#include "services/dynamodbstreams/stream_log.hpp"

namespace awsemu::dynamodbstreams {

struct ShardIterator {
  ReadPosition position;
  double created = 0;  // epoch seconds
};

std::string encodeIterator(const ShardIterator& iterator);
// Throws ValidationException "Invalid ShardIterator" for text that is not one of ours.
ShardIterator decodeIterator(const std::string& text);
// Throws ExpiredIteratorException when the iterator is older than 15 minutes at `now`.
void checkNotExpired(const ShardIterator& iterator, double now);

}  // namespace awsemu::dynamodbstreams
