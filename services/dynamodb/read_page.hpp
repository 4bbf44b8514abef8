#pragma once
// One page of a Query or Scan: the options both share (index, Select, projection, filter, Limit,
// ConsistentRead), the ExclusiveStartKey as a position, and the page itself: items evaluated in
// order until Limit items were evaluated or 1 MB was read, filtered and projected afterwards, as
// DynamoDB does (Limit and the 1 MB count items read, not items returned).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
#include <optional>
#include <string>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/capacity.hpp"
#include "services/dynamodb/expressions/ast.hpp"
#include "services/dynamodb/table.hpp"

namespace awsemu::dynamodb {

inline constexpr std::size_t kMaxPageBytes = 1024 * 1024;

struct ReadOptions {
  int index = -1;  // -1: the table
  const IndexSchema* index_schema = nullptr;
  std::string select;  // ALL_ATTRIBUTES | ALL_PROJECTED_ATTRIBUTES | SPECIFIC_ATTRIBUTES | COUNT
  bool consistent = false;
  std::size_t limit = 0;  // 0: none
  std::optional<Condition> filter;
  std::optional<ProjectionPaths> projection;
};

// IndexName, Select, ConsistentRead and Limit checked against the table (caller holds its lock).
// `operation` is "Query" or "Scan" for messages.
ReadOptions readOptions(const Table& table, const Json& input, std::optional<Condition> filter,
                        std::optional<ProjectionPaths> projection);

// Where ExclusiveStartKey points in the collection the request reads.
struct StartPosition {
  std::string slot;
  EntryKey entry;
};
std::optional<StartPosition> startPosition(const Table& table, const ReadOptions& options,
                                           const Json& input);

class PageReader {
 public:
  PageReader(const Table& table, const ReadOptions& options) : table_(table), options_(options) {}
  // Evaluates one item; false once the page is full (the caller stops).
  bool read(const ItemPtr& item);
  // Items/Count/ScannedCount/LastEvaluatedKey/ConsumedCapacity.
  Json finish(const Json& input) const;

 private:
  Json indexView(const Json& item) const;  // the attributes an index projects
  Json lastEvaluatedKey() const;

  const Table& table_;
  const ReadOptions& options_;
  Json items_ = Json::array();
  std::size_t count_ = 0, scanned_ = 0;
  std::uint64_t bytes_ = 0;
  ItemPtr last_;
  bool full_ = false;
};

}  // namespace awsemu::dynamodb
