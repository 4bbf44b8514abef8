#include "services/dynamodbstreams/streams_service.hpp"

#include "services/dynamodbstreams/shard_iterator.hpp"
#include "services/dynamodbstreams/streams_errors.hpp"

namespace awsemu::dynamodbstreams {
namespace {

// ListStreams and DescribeStream: "The maximum number of ... to return. The upper limit is 100."
constexpr std::int64_t kMaxListed = 100;
// GetRecords: "The maximum number of records to return from the shard. The upper limit is 1000."
constexpr std::int64_t kMaxRecords = 1000;

std::int64_t limitOf(const Json& input, std::int64_t max) {
  std::int64_t limit = input.value("Limit", max);
  if (limit > max)
    throw errors::validation("1 validation error detected: Value '" + std::to_string(limit) +
                             "' at 'limit' failed to satisfy constraint: Member must have value "
                             "less than or equal to " +
                             std::to_string(max));
  return limit;
}

// A stream ARN names its account and region; another account's stream is not found.
void checkOwner(const RequestContext& ctx, const Stream& stream) {
  if (stream.identity.account != ctx.accountId() || stream.identity.region != ctx.region)
    throw errors::streamNotFound(stream.identity.stream_arn);
}

Json shardJson(const Shard& shard) {
  Json range = {{"StartingSequenceNumber", StreamLog::formatSequence(shard.starting_sequence)}};
  if (shard.ending_sequence)
    range["EndingSequenceNumber"] = StreamLog::formatSequence(*shard.ending_sequence);
  return {{"ShardId", shard.id}, {"SequenceNumberRange", std::move(range)}};
}

}  // namespace

StreamsService::StreamsService(std::shared_ptr<StreamLog> log) : log_(std::move(log)) {
  on(
      "ListStreams", [this](RequestContext& ctx, const Json& in) { return listStreams(ctx, in); },
      false);
  on(
      "DescribeStream",
      [this](RequestContext& ctx, const Json& in) { return describeStream(ctx, in); }, false);
  on(
      "GetShardIterator",
      [this](RequestContext& ctx, const Json& in) { return getShardIterator(ctx, in); }, false);
  on(
      "GetRecords", [this](RequestContext& ctx, const Json& in) { return getRecords(ctx, in); },
      false);
}

std::optional<AwsError> StreamsService::validationError(std::string message) const {
  return errors::validation(std::move(message));
}

Json StreamsService::listStreams(RequestContext& ctx, const Json& input) const {
  auto limit = limitOf(input, kMaxListed);
  auto streams = log_->list(ctx.accountId(), ctx.region, input.value("TableName", ""));
  std::string start_after = input.value("ExclusiveStartStreamArn", "");
  Json listed = Json::array();
  bool skipping = !start_after.empty();
  std::string last;
  bool more = false;
  for (const auto& stream : streams) {
    const auto& id = stream.identity;
    if (skipping) {
      if (id.stream_arn == start_after) skipping = false;
      continue;
    }
    if (static_cast<std::int64_t>(listed.size()) == limit) {
      more = true;
      break;
    }
    listed.push_back({{"StreamArn", id.stream_arn},
                      {"TableName", id.table_name},
                      {"StreamLabel", id.stream_label}});
    last = id.stream_arn;
  }
  Json out = {{"Streams", std::move(listed)}};
  if (more) out["LastEvaluatedStreamArn"] = last;
  return out;
}

Json StreamsService::describeStream(RequestContext& ctx, const Json& input) const {
  limitOf(input, kMaxListed);
  std::string arn = input.at("StreamArn");
  auto stream = log_->describe(arn);
  if (!stream) throw errors::streamNotFound(arn);
  checkOwner(ctx, *stream);
  const auto& id = stream->identity;
  Json shards = Json::array();
  // One shard per stream: it has no children (ShardFilter CHILD_SHARDS lists none) and nothing
  // follows it (ExclusiveStartShardId = it).
  bool child_filter =
      input.contains("ShardFilter") && input["ShardFilter"].value("Type", "") == "CHILD_SHARDS";
  if (!child_filter && input.value("ExclusiveStartShardId", "") != stream->shard.id)
    shards.push_back(shardJson(stream->shard));
  return {{"StreamDescription",
           {{"StreamArn", id.stream_arn},
            {"StreamLabel", id.stream_label},
            {"StreamStatus", stream->enabled ? "ENABLED" : "DISABLED"},
            {"StreamViewType", id.view_type},
            {"CreationRequestDateTime", toEpochSeconds(id.created)},
            {"TableName", id.table_name},
            {"KeySchema", id.key_schema},
            {"Shards", std::move(shards)}}}};
}

Json StreamsService::getShardIterator(RequestContext& ctx, const Json& input) const {
  std::string arn = input.at("StreamArn");
  auto stream = log_->describe(arn);
  if (!stream) throw errors::streamNotFound(arn);
  checkOwner(ctx, *stream);
  std::optional<std::string> sequence;
  if (input.contains("SequenceNumber")) sequence = input["SequenceNumber"].get<std::string>();
  ShardIterator iterator;
  iterator.position =
      log_->position(arn, input.at("ShardId"), input.at("ShardIteratorType"), sequence);
  iterator.created = toEpochSeconds(ctx.now());
  return {{"ShardIterator", encodeIterator(iterator)}};
}

Json StreamsService::getRecords(RequestContext& ctx, const Json& input) const {
  auto limit = limitOf(input, kMaxRecords);
  ShardIterator iterator = decodeIterator(input.at("ShardIterator"));
  double now = toEpochSeconds(ctx.now());
  checkNotExpired(iterator, now);
  auto stream = log_->describe(iterator.position.stream_arn);
  if (!stream) throw errors::streamNotFound(iterator.position.stream_arn);
  checkOwner(ctx, *stream);
  RecordsPage page = log_->read(iterator.position, static_cast<std::size_t>(limit));
  Json out = {{"Records", Json(std::move(page.records))}};
  if (page.next) {
    ShardIterator next{iterator.position, now};
    next.position.sequence = *page.next;
    out["NextShardIterator"] = encodeIterator(next);
  }
  return out;
}

}  // namespace awsemu::dynamodbstreams
