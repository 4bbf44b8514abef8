#pragma once
// PartiQL for DynamoDB (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction): the four
// statements parsed into the expression AST the engine already evaluates.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
//   SELECT * | path, ... FROM "table"[."index"] [WHERE condition]
//   INSERT INTO "table" VALUE {'pk': 'a', 'n': 1, ...}
//   UPDATE "table" SET path = value [, ...] [REMOVE path [, ...]] WHERE condition [RETURNING ...]
//   DELETE FROM "table" WHERE condition [RETURNING ALL OLD *]
// Literals: 'string', numbers, TRUE/FALSE, NULL, [list], {'map': ...}, <<set>>; `?` takes the
// next of the request's Parameters.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"

namespace awsemu::dynamodb::partiql {

enum class StatementKind : std::uint8_t { Select, Insert, Update, Delete };

// RETURNING clause of UPDATE / DELETE (ReturnValues equivalent).
enum class Returning : std::uint8_t { None, AllOld, ModifiedOld, AllNew, ModifiedNew };

struct Statement {
  StatementKind kind = StatementKind::Select;
  std::string table;
  std::string index;  // SELECT ... FROM "table"."index"; empty for the table itself

  // SELECT: the projection (nullopt: *).
  std::optional<ProjectionPaths> projection;
  // SELECT / UPDATE / DELETE: the whole WHERE clause (nullopt: none). For UPDATE and DELETE the
  // key comes from keyFromWhere(); the rest of the clause is the write's condition.
  std::optional<Condition> where;
  // INSERT: the item (AttributeValue map, validated and normalised).
  Json item = Json::object();
  // UPDATE: SET / REMOVE actions.
  UpdatePlan update;
  Returning returning = Returning::None;
};

// Parses one statement; throws ValidationException with DynamoDB's wording ("Statement wasn't
// well formed, can't be processed: ...", "Number of parameters in request and statement don't
// match."). `parameters` is the request's Parameters array (or null).
Statement parseStatement(std::string_view text, const Json* parameters);

// The key an UPDATE / DELETE addresses: the top-level AND terms `key = value` of WHERE for
// every key attribute. Throws "Where clause does not contain a mandatory equality on all key
// attributes" when one is missing.
Json keyFromWhere(const Statement& statement, const KeySchemaView& schema);

// For SELECT: a key condition when WHERE pins the partition key with equality (top-level AND
// terms; the sort key may be compared with =, <, <=, >, >=, BETWEEN or begins_with), so the
// engine can Query instead of Scan. `where` must still be applied to every item read.
std::optional<KeyCondition> keyConditionFromWhere(const Statement& statement,
                                                  const KeySchemaView& schema);

}  // namespace awsemu::dynamodb::partiql
