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

// The entries of `partition` whose sort key can satisfy `sort` (begins_with is narrowed by the
// caller, which stops at the first entry that does not match).
std::pair<Iterator, Iterator> sortRange(const Partition& partition,
                                        const std::optional<SortKeyCondition>& sort) {
  if (!sort) return {partition.begin(), partition.end()};
  std::string low = keyBytes(sort->value);
  auto at = [&](const std::string& bytes, bool after) {
    return partition.lower_bound(SortBound{bytes, after});
  };
  switch (sort->op) {
    case KeyOperator::Eq:
      return {at(low, false), at(low, true)};
    case KeyOperator::Lt:
      return {partition.begin(), at(low, false)};
    case KeyOperator::Le:
      return {partition.begin(), at(low, true)};
    case KeyOperator::Gt:
      return {at(low, true), partition.end()};
    case KeyOperator::Ge:
    case KeyOperator::BeginsWith:
      return {at(low, false), partition.end()};
    case KeyOperator::Between: {
      std::string high = keyBytes(sort->value2);
      if (high < low) return {partition.end(), partition.end()};
      return {at(low, false), at(high, true)};
    }
  }
  return {partition.begin(), partition.end()};
}

bool before(const Partition& partition, Iterator a, Iterator b) {
  if (a == partition.end()) return false;
  if (b == partition.end()) return true;
  return EntryLess{}(a->first, b->first);
}

// A Query resumes only from a key its own condition could have returned.
void checkStartInQuery(const StartPosition& start, const std::string& slot,
                       const KeyCondition& condition, const KeySchema& key, const Json& start_key) {
  bool inside = start.slot == slot;
  if (inside && key.range && condition.sort) {
    auto value = start_key.find(key.range->name);
    inside = value != start_key.end() && condition.sortMatches(*value);
  }
  if (!inside)
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
  KeySchemaView view{key.hash.name, valueType(key.hash.type), key.range ? key.range->name : "",
                     key.range ? valueType(key.range->type) : ValueType::S};
  KeyCondition condition = bindKeyCondition(*expressions.key_condition, view);
  auto start = startPosition(*table, options, input);
  std::string slot = partitionSlot(keyBytes(condition.partition_value));
  if (start) checkStartInQuery(*start, slot, condition, key, input.at("ExclusiveStartKey"));
  bool forward = input.value("ScanIndexForward", true);
  PageReader page(*table, options);
  const Collection& collection = table->collection(options.index);
  auto found = collection.partitions.find(slot);
  if (found != collection.partitions.end()) {
    const Partition& partition = found->second;
    auto [first, last] = sortRange(partition, condition.sort);
    bool prefix = condition.sort && condition.sort->op == KeyOperator::BeginsWith;
    auto matches = [&](Iterator it) {
      return !prefix || condition.sortMatches(it->second->item.at(key.range->name));
    };
    if (prefix && !forward) {  // find where the prefix's entries end
      last = first;
      while (last != partition.end() && matches(last)) ++last;
    }
    if (start && forward) {
      auto after = partition.upper_bound(start->entry);
      if (before(partition, first, after)) first = after;
    } else if (start) {
      auto at = partition.lower_bound(start->entry);
      if (before(partition, at, last)) last = at;
    }
    if (forward) {
      for (auto it = first; before(partition, it, last) && matches(it); ++it)
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
