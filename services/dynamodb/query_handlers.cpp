// Query and Scan, on the table or a secondary index.
// A Query seeks to its partition and walks only the sort-key range its condition names; a Scan
// walks partitions in hash order from its segment's start (parallel scans split that order into
// contiguous ranges) or from ExclusiveStartKey.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
#include <mutex>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"
#include "services/dynamodb/expressions/request_expressions.hpp"
#include "services/dynamodb/key_codec.hpp"
#include "services/dynamodb/read_page.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

using Partition = Collection::Partition;
using Iterator = Partition::const_iterator;

ValueType valueType(char type) { return typeFromName(std::string_view(&type, 1)); }

KeySchemaView viewOf(const KeySchema& key) {
  KeySchemaView view{key.hash.name, valueType(key.hash.type), key.range ? key.range->name : "",
                     key.range ? valueType(key.range->type) : ValueType::S};
  for (const auto& attribute : key.more_hash)
    view.more_partition.push_back({attribute.name, valueType(attribute.type)});
  for (const auto& attribute : key.more_range)
    view.more_sort.push_back({attribute.name, valueType(attribute.type)});
  return view;
}

// The partition a key condition names: its partition values' encoding, as the index stores it.
std::string conditionSlot(const KeyCondition& condition) {
  std::vector<const Json*> values{&condition.partition_value};
  for (const Json& value : condition.more_partition_values) values.push_back(&value);
  return partitionSlot(encodeKey(values));
}

// The entries of `partition` in a sort key range.
std::pair<Iterator, Iterator> entries(const Partition& partition, const SortKeyRange& range) {
  auto first = partition.lower_bound(SortBound{range.low, false});
  auto last = range.high ? partition.lower_bound(SortBound{*range.high, false}) : partition.end();
  return {first, last};
}

bool before(const Partition& partition, Iterator a, Iterator b) {
  if (a == partition.end()) return false;
  if (b == partition.end()) return true;
  return EntryLess{}(a->first, b->first);
}

// A Query resumes only from a key its own condition could have returned.
void checkStartInQuery(const StartPosition& start, const std::string& slot,
                       const SortKeyRange& range) {
  if (start.slot != slot || !range.contains(start.entry.sort))
    throw errors::validation(
        "The provided starting key is outside query boundaries based on provided conditions");
}

}  // namespace

void DynamoDbService::registerQueryHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("Query", bind(&DynamoDbService::query));
  handle("Scan", bind(&DynamoDbService::scan));
}

Json DynamoDbService::query(RequestContext& ctx, const Json& input) {
  auto expressions = parseRequestExpressions(input);
  if (!expressions.key_condition)
    throw errors::validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  auto table = this->table(ctx, input);
  std::shared_lock lock(table->mutex);
  auto options =
      readOptions(*table, input, std::move(expressions.filter), std::move(expressions.projection));
  const KeySchema& key = options.index_schema ? options.index_schema->key : table->schema.key;
  KeyCondition condition = bindKeyCondition(*expressions.key_condition, viewOf(key));
  auto start = startPosition(*table, options, input);
  std::string slot = conditionSlot(condition);
  SortKeyRange range = sortKeyRange(condition);
  if (start) checkStartInQuery(*start, slot, range);
  bool forward = input.value("ScanIndexForward", true);
  PageReader page(*table, options);
  const Collection& collection = table->collection(options.index);
  auto found = collection.partitions.find(slot);
  if (found != collection.partitions.end() && !(range.high && *range.high <= range.low)) {
    const Partition& partition = found->second;
    auto [first, last] = entries(partition, range);
    if (start && forward) {
      auto after = partition.upper_bound(start->entry);
      if (before(partition, first, after)) first = after;
    } else if (start) {
      auto at = partition.lower_bound(start->entry);
      if (before(partition, at, last)) last = at;
    }
    if (forward) {
      for (auto it = first; before(partition, it, last); ++it)
        if (!page.read(it->second)) break;
    } else {
      for (auto it = last; before(partition, first, it);) {
        --it;
        if (!page.read(it->second)) break;
      }
    }
  }
  return page.finish(input);
}

namespace {

// Segment and TotalSegments: both or neither, Segment < TotalSegments.
std::pair<int, int> scanSegment(const Json& input) {
  bool has_segment = input.contains("Segment"), has_total = input.contains("TotalSegments");
  if (has_segment && !has_total)
    throw errors::validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
  if (has_total && !has_segment)
    throw errors::validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  if (!has_segment) return {0, 1};
  int segment = input["Segment"], total = input["TotalSegments"];
  if (segment >= total)
    throw errors::validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " +
        std::to_string(segment) + " is not less than TotalSegments: " + std::to_string(total));
  return {segment, total};
}

}  // namespace

Json DynamoDbService::scan(RequestContext& ctx, const Json& input) {
  auto [segment, total] = scanSegment(input);
  auto expressions = parseRequestExpressions(input);
  auto table = this->table(ctx, input);
  std::shared_lock lock(table->mutex);
  auto options =
      readOptions(*table, input, std::move(expressions.filter), std::move(expressions.projection));
  auto start = startPosition(*table, options, input);
  PageReader page(*table, options);
  const Collection& collection = table->collection(options.index);
  std::string end_slot = segment + 1 < total ? segmentStart(segment + 1, total) : std::string();
  auto partition = collection.partitions.lower_bound(segmentStart(segment, total));
  std::optional<EntryKey> resume;
  if (start) {
    partition = collection.partitions.lower_bound(start->slot);
    if (partition != collection.partitions.end() && partition->first == start->slot)
      resume = start->entry;
  }
  for (; partition != collection.partitions.end() &&
         (end_slot.empty() || partition->first < end_slot);
       ++partition) {
    auto it = resume ? partition->second.upper_bound(*resume) : partition->second.begin();
    resume.reset();
    bool more = true;
    for (; it != partition->second.end() && more; ++it) more = page.read(it->second);
    if (!more) break;
  }
  return page.finish(input);
}

}  // namespace awsemu::dynamodb
