#pragma once
// Evaluation of parsed expressions against an item (a Json object {name: AttributeValue}). Items
// are read in place: no copies for conditions and filters.
#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"

namespace awsemu::dynamodb {

// The value at `path` inside `item`, or null when any step is missing or of the wrong type.
const Json* resolvePath(const Json& item, const DocumentPath& path);

// ConditionExpression / FilterExpression / Expected. `item` may be null (no such item): every
// path is then absent. Never throws: type mismatches are simply false, as in DynamoDB.
bool evaluate(const Condition& condition, const Json* item);

// Applies an update to `item` in place (an empty object for an item that does not exist yet).
// All SET operands are read from the item as it was before the update, as DynamoDB does. Throws
// ValidationException with DynamoDB's messages ("The provided expression refers to an attribute
// that does not exist in the item", "An operand in the update expression has an incorrect data
// type", "The document path provided in the update expression is invalid for update", number
// overflow/precision). On a throw `item` may be partly updated: apply to a copy.
void applyUpdate(const UpdatePlan& plan, Json& item);

// A new item holding only the projected paths (nested maps and lists keep only what is asked
// for; list elements keep their order and are compacted, as DynamoDB answers).
Json project(const Json& item, const ProjectionPaths& projection);
Json project(const Json& item, const std::vector<DocumentPath>& paths);

}  // namespace awsemu::dynamodb
