#pragma once
// DynamoDB Streams' data: a durable, ordered log of item changes per stream, read through shard
// iterators. It is the ChangeSink of the table engine (services/dynamodb/item_change.hpp): the
// engine reports each change of a table whose stream is enabled, under the table's write lock, so
// a stream's records follow each item's history; the writes returned here are committed in the
// same unit as the item write (PERSISTENCE=1), so an acknowledged write and its record survive a
// crash together.
//
// Shards: one open shard per stream (DynamoDB splits shards by partition and time; one shard per
// stream keeps every record of the stream in order, which is what readers rely on). Disabling the
// stream closes the shard (EndingSequenceNumber) and the stream stays readable, DISABLED, for the
// 24-hour retention period; records older than 24 hours are trimmed.
//
// Sequence numbers are one counter across streams, written as 21 digits so that their text order
// is their numeric order.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "awsemu/core/time.hpp"
#include "services/dynamodb/item_change.hpp"

namespace awsemu::dynamodbstreams {

using dynamodb::ItemChange;
using dynamodb::StorageWrites;
using dynamodb::StreamIdentity;

struct StreamRecord {
  std::uint64_t sequence = 0;
  double created = 0;  // epoch seconds
  Json record;         // the Record as GetRecords returns it
  std::size_t bytes = 0;
};

struct Shard {
  std::string id;
  std::uint64_t starting_sequence = 0;
  std::optional<std::uint64_t> ending_sequence;  // set when the stream is disabled
  std::deque<StreamRecord> records;
  std::uint64_t trimmed_before = 0;  // records below this sequence were trimmed
};

struct Stream {
  StreamIdentity identity;
  bool enabled = true;
  double disabled_at = 0;
  Shard shard;
};

// Where an iterator starts reading.
struct ReadPosition {
  std::string stream_arn, shard_id;
  std::uint64_t sequence = 0;  // the first sequence number the next read may return
};

struct RecordsPage {
  std::vector<Json> records;
  std::optional<std::uint64_t> next;  // the next read's position; nullopt: the shard is finished
};

class StreamLog : public dynamodb::ChangeSink {
 public:
  explicit StreamLog(const Clock& clock = systemClock()) : clock_(clock) {}

  // ChangeSink
  void load(storage::Database& database) override;
  StorageWrites onReset() override;
  StorageWrites onStreamEnabled(const StreamIdentity& stream) override;
  StorageWrites onStreamDisabled(const std::string& stream_arn) override;
  StorageWrites onChange(const StreamIdentity& stream, const ItemChange& change) override;

  // Reads for the DynamoDB Streams API. Streams of other accounts/regions are not found.
  std::vector<Stream> list(const std::string& account, const std::string& region,
                           const std::string& table_name) const;
  std::optional<Stream> describe(const std::string& stream_arn) const;  // records not copied
  // The position of an iterator of `type` (TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER,
  // AFTER_SEQUENCE_NUMBER); throws the API's errors.
  ReadPosition position(const std::string& stream_arn, const std::string& shard_id,
                        const std::string& type, const std::optional<std::string>& sequence) const;
  RecordsPage read(const ReadPosition& from, std::size_t limit) const;

  static std::string formatSequence(std::uint64_t sequence);

 private:
  void trim(Stream& stream, double now);  // drops records past the retention period
  Json makeRecord(const StreamIdentity& stream, const ItemChange& change, std::uint64_t sequence,
                  std::size_t& bytes) const;

  const Clock& clock_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, Stream> streams_;  // by stream ARN
  std::uint64_t next_sequence_ = 1;
  // Records trimmed in memory whose rows are still stored: deleted with the next write.
  std::vector<std::uint64_t> trimmed_rows_;
};

}  // namespace awsemu::dynamodbstreams
