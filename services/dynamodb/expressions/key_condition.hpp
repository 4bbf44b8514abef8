#pragma once
// A key condition checked against a table's (or index's) key schema: partition key equality and at
// most one sort key condition (for a GSI's multi-attribute key: equality on every partition
// attribute, and on the sort attributes left to right equalities, then at most one condition of
// any kind on the last one named), with DynamoDB's messages ("Query condition missed key schema
// element: pk", "Query key condition not supported", type mismatches).
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {

struct KeyAttributeView {
  std::string name;
  ValueType type = ValueType::S;
};

struct KeySchemaView {
  std::string partition_name;
  ValueType partition_type = ValueType::S;
  std::string sort_name;  // empty: no sort key
  ValueType sort_type = ValueType::S;
  // GSIs with multi-attribute keys: the partition and sort attributes after the first ones, in
  // key schema order.
  std::vector<KeyAttributeView> more_partition = {}, more_sort = {};
};

struct SortKeyCondition {
  KeyOperator op = KeyOperator::Eq;
  Json value;   // lower bound for BETWEEN; prefix for BEGINS_WITH
  Json value2;  // upper bound for BETWEEN
};

struct KeyCondition {
  Json partition_value;                     // AttributeValue of the partition key
  std::vector<Json> more_partition_values;  // multi-attribute keys: the others, in schema order
  // Multi-attribute sort keys: the equalities on the sort attributes before the one `sort` is
  // on (the condition names a prefix of them, left to right).
  std::vector<Json> sort_prefix;
  std::optional<SortKeyCondition> sort;  // on sort attribute number sort_prefix.size()

  // Whether an item's sort key value satisfies `sort` (true without one).
  bool sortMatches(const Json& sort_value) const;
};

// Throws ValidationException when the terms do not fit the schema.
KeyCondition bindKeyCondition(const KeyConditionSpec& spec, const KeySchemaView& schema);

}  // namespace awsemu::dynamodb
