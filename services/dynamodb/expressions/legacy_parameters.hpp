#pragma once
// Internal: the legacy (non-expression) request parameters translated into the expression AST.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"

namespace awsemu::dynamodb::detail {

// Expected (+ ConditionalOperator): Exists/Value or ComparisonOperator/AttributeValueList.
Condition legacyExpected(const Json& expected, const Json* conditional_operator);
// QueryFilter / ScanFilter (+ ConditionalOperator).
Condition legacyFilter(const Json& filter, const Json* conditional_operator);
// KeyConditions.
KeyConditionSpec legacyKeyConditions(const Json& key_conditions);
// AttributeUpdates: PUT / ADD / DELETE.
UpdatePlan legacyAttributeUpdates(const Json& attribute_updates);
// AttributesToGet.
ProjectionPaths legacyAttributesToGet(const Json& attributes);

}  // namespace awsemu::dynamodb::detail
