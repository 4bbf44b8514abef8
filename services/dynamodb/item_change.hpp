#pragma once
// The seam between the DynamoDB table engine and DynamoDB Streams: the engine reports every item
// change of a table whose stream is enabled to a ChangeSink, and the stream lifecycle (enabled,
// disabled, table deleted). The sink (services/dynamodbstreams) keeps the durable, ordered log per
// shard that GetRecords reads; Lambda event-source mappings read the same log later.
//
// Ordering: the engine calls onChange while it holds the write lock of the item's table, in the
// order the changes were applied, so a shard's records follow the item's history. The sink must not
// block (no SQLite on the caller's thread): it appends to memory and may return storage writes
// that the engine commits in the same group-commit unit as the item write, so an acknowledged write
// and its stream record are durable together.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "awsemu/core/time.hpp"
#include "awsemu/storage/database.hpp"

namespace awsemu::dynamodb {

// What DescribeTable says about a table's stream.
struct StreamIdentity {
  std::string account, region, table_name;
  std::string table_arn;      // arn:aws:dynamodb:us-east-1:000000000000:table/Orders
  std::string stream_arn;     // <table_arn>/stream/2026-12-03T07:15:02.123
  std::string stream_label;   // 2026-12-03T07:15:02.123
  std::string view_type;      // KEYS_ONLY | NEW_IMAGE | OLD_IMAGE | NEW_AND_OLD_IMAGES
  Json key_schema = Json::array();  // [{"AttributeName":..,"KeyType":"HASH"}, ...] as in DescribeTable
  SystemTime created{};
};

struct ItemChange {
  std::string event_name;            // INSERT | MODIFY | REMOVE
  Json keys = Json::object();        // the item's key attributes, AttributeValue form
  std::optional<Json> old_image;     // the whole item before (absent for INSERT)
  std::optional<Json> new_image;     // the whole item after (absent for REMOVE)
  bool ttl_expiry = false;           // removed by the TTL sweep: userIdentity dynamodb.amazonaws.com
  SystemTime time{};
};

// Writes the sink asks the engine to commit with the change (each copies what it needs).
using StorageWrites = std::vector<std::function<void(storage::Database&)>>;

class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  // Start-up with PERSISTENCE: the sink creates its tables in the engine's database (the engine
  // commits the sink's writes there) and loads what they hold. Not called without persistence.
  virtual void load(storage::Database& database) = 0;
  // All state dropped (POST /_localstack/state/dynamodb/reset): forget every stream; the writes
  // delete the stored records.
  virtual StorageWrites onReset() = 0;
  // A stream was enabled on a table (CreateTable or UpdateTable with StreamEnabled).
  virtual StorageWrites onStreamEnabled(const StreamIdentity& stream) = 0;
  // The table's stream was disabled or the table deleted: the stream stays readable for 24 hours
  // (DISABLED status) and takes no more records.
  virtual StorageWrites onStreamDisabled(const std::string& stream_arn) = 0;
  // One applied item change on a table whose stream is enabled. Images are full items; the sink
  // keeps what the view type asks for.
  virtual StorageWrites onChange(const StreamIdentity& stream, const ItemChange& change) = 0;
};

}  // namespace awsemu::dynamodb
