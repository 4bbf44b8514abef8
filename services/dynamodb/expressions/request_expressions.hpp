#pragma once
// All expressions of one request, parsed once: ConditionExpression, FilterExpression,
// KeyConditionExpression, UpdateExpression, ProjectionExpression, or their legacy equivalents
// (Expected + ConditionalOperator, QueryFilter/ScanFilter, KeyConditions, AttributeUpdates,
// AttributesToGet), which are translated into the same AST. Mixing the two families is refused
// as DynamoDB refuses it ("Can not use both expression and non-expression parameters in the same
// request: Non-expression parameters: {AttributesToGet} Expression parameters:
// {ProjectionExpression}"), and unused ExpressionAttributeNames/Values are reported.
#include <optional>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"

namespace awsemu::dynamodb {

struct RequestExpressions {
  std::optional<Condition> condition;             // ConditionExpression | Expected
  std::optional<Condition> filter;                // FilterExpression | QueryFilter | ScanFilter
  std::optional<KeyConditionSpec> key_condition;  // KeyConditionExpression | KeyConditions
  std::optional<UpdatePlan> update;               // UpdateExpression | AttributeUpdates
  std::optional<ProjectionPaths> projection;      // ProjectionExpression | AttributesToGet
};

// `input` is an operation's input document, or one element of TransactItems (its Put / Update /
// Delete / ConditionCheck / Get member), or one table's entry of BatchGetItem's RequestItems.
// Only the members present are looked at. Throws ValidationException.
RequestExpressions parseRequestExpressions(const Json& input);

}  // namespace awsemu::dynamodb
