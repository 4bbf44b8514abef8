#pragma once
// The parsed form of DynamoDB's expression language (condition, filter, key condition, update,
// projection). Parsed once per request; ExpressionAttributeNames are already substituted and
// ExpressionAttributeValues copied in (numbers normalised), so evaluation needs only the item.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"

namespace awsemu::dynamodb {

// One step of a document path: an attribute / map key, or a list index ([n]).
struct PathElement {
  std::string name;
  std::int32_t index = -1;  // >= 0: list index, name unused
  bool isIndex() const { return index >= 0; }
  bool operator==(const PathElement&) const = default;
};
// a.b[2].c  ->  {a}, {b}, {[2]}, {c}; the first element is always a name.
using DocumentPath = std::vector<PathElement>;

// "a.b[2].c" (names as resolved, for logs and tests).
std::string pathToString(const DocumentPath& path);
// "[a, b, [2], c]" as DynamoDB writes paths in its overlap/conflict messages.
std::string pathToBracketList(const DocumentPath& path);

struct Operand {
  enum class Kind : std::uint8_t {
    Path,         // path
    Value,        // value (an AttributeValue from ExpressionAttributeValues)
    Size,         // size(args[0]) -> N
    IfNotExists,  // if_not_exists(args[0] path, args[1])
    ListAppend,   // list_append(args[0], args[1])
    Plus,         // args[0] + args[1]
    Minus,        // args[0] - args[1]
  };
  Kind kind = Kind::Value;
  DocumentPath path;
  Json value;
  std::vector<Operand> args;
};

enum class Comparator : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

struct Condition {
  enum class Kind : std::uint8_t {
    Compare,             // operands[0] op operands[1]
    Between,             // operands[0] BETWEEN operands[1] AND operands[2]
    In,                  // operands[0] IN (operands[1..])
    And,                 // children[0] AND children[1]
    Or,                  // children[0] OR children[1]
    Not,                 // NOT children[0]
    AttributeExists,     // attribute_exists(operands[0] path)
    AttributeNotExists,  // attribute_not_exists(operands[0] path)
    AttributeType,       // attribute_type(operands[0] path, operands[1] S|N|...)
    BeginsWith,          // begins_with(operands[0], operands[1])
    Contains,            // contains(operands[0], operands[1])
    NotContains,         // legacy NOT_CONTAINS (false when the attribute is absent)
    True,                // no condition (an empty Expected map)
  };
  Kind kind = Kind::True;
  Comparator op = Comparator::Eq;
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

struct UpdateAction {
  enum class Kind : std::uint8_t { Set, Remove, Add, Delete };
  Kind kind = Kind::Set;
  DocumentPath path;
  Operand value;  // Set: any operand; Add/Delete: a Value; Remove: unused
  bool legacy =
      false;  // from AttributeUpdates: ADD also appends to lists, DELETE without a value removes
};

struct UpdatePlan {
  std::vector<UpdateAction> actions;
  // Whether an action's path starts at this top-level attribute (key attributes may not be
  // updated).
  bool touchesAttribute(std::string_view name) const;
  // The paths the actions write, for ReturnValues UPDATED_OLD / UPDATED_NEW.
  std::vector<DocumentPath> updatedPaths() const;
};

// ProjectionExpression / AttributesToGet (named so as not to clash with an index's Projection).
struct ProjectionPaths {
  std::vector<DocumentPath> paths;
};

// A key condition as written, before it is checked against the table's or index's key schema
// (bindKeyCondition in key_condition.hpp).
enum class KeyOperator : std::uint8_t { Eq, Lt, Le, Gt, Ge, Between, BeginsWith };
struct KeyConditionTerm {
  std::string attribute;  // resolved name (no nested paths in key conditions)
  KeyOperator op = KeyOperator::Eq;
  Json value;   // lower bound for BETWEEN
  Json value2;  // upper bound for BETWEEN
};
struct KeyConditionSpec {
  std::vector<KeyConditionTerm> terms;  // one or two
  bool from_legacy = false;             // KeyConditions (its messages differ)
};

}  // namespace awsemu::dynamodb
