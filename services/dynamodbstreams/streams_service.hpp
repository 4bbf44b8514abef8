#pragma once
// Amazon DynamoDB Streams (awsJson 1.0, target DynamoDBStreams_20120810): ListStreams,
// DescribeStream, GetShardIterator, GetRecords over the stream log the DynamoDB table engine
// writes (stream_log.hpp). The log is shared with the DynamoDB service, which owns its storage;
// this service only reads it, so its handlers run inline (memory only).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB_Streams.html
#include <memory>

#include "awsemu/service/service.hpp"
#include "services/dynamodbstreams/stream_log.hpp"

namespace awsemu::dynamodbstreams {

class StreamsService : public service::Service {
 public:
  explicit StreamsService(std::shared_ptr<StreamLog> log);
  std::string name() const override { return "dynamodbstreams"; }
  void start(service::ServiceEnvironment&) override {}
  void reset() override {}  // the log is reset with DynamoDB's state, which it belongs to
  std::optional<AwsError> validationError(std::string message) const override;

 private:
  Json listStreams(RequestContext& ctx, const Json& input) const;
  Json describeStream(RequestContext& ctx, const Json& input) const;
  Json getShardIterator(RequestContext& ctx, const Json& input) const;
  Json getRecords(RequestContext& ctx, const Json& input) const;

  std::shared_ptr<StreamLog> log_;
};

}  // namespace awsemu::dynamodbstreams
