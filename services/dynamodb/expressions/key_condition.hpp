#pragma once
// A key condition checked against a table's (or index's) key schema: partition key equality and at
// most one sort key condition, with DynamoDB's messages ("Query condition missed key schema
// element: pk", "Query key condition not supported", type mismatches).
#include <optional>
#include <string>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {

struct KeySchemaView {
  std::string partition_name;
  ValueType partition_type = ValueType::S;
  std::string sort_name;  // empty: no sort key
  ValueType sort_type = ValueType::S;
};

struct SortKeyCondition {
  KeyOperator op = KeyOperator::Eq;
  Json value;   // lower bound for BETWEEN; prefix for BEGINS_WITH
  Json value2;  // upper bound for BETWEEN
};

struct KeyCondition {
  Json partition_value;  // AttributeValue of the partition key
  std::optional<SortKeyCondition> sort;

  // Whether an item's sort key value satisfies `sort` (true without one).
  bool sortMatches(const Json& sort_value) const;
};

// Throws ValidationException when the terms do not fit the schema.
KeyCondition bindKeyCondition(const KeyConditionSpec& spec, const KeySchemaView& schema);

}  // namespace awsemu::dynamodb
