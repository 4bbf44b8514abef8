// PartiQL statements parsed into the expression AST.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/partiql/statement.hpp"

namespace awsemu::dynamodb::partiql {
namespace {

const KeySchemaView kSchema{"pk", ValueType::S, "sk", ValueType::N};

std::string statementError(std::string_view text, const Json* parameters = nullptr) {
  try {
    parseStatement(text, parameters);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

TEST(DynamoPartiql, Select) {
  Statement s = parseStatement(
      "SELECT a, b.c[1] FROM \"Orders\".\"ByDate\" WHERE pk = 'u1' AND sk >= 10 AND "
      "status <> 'gone'",
      nullptr);
  EXPECT_EQ(s.kind, StatementKind::Select);
  EXPECT_EQ(s.table, "Orders");
  EXPECT_EQ(s.index, "ByDate");
  ASSERT_TRUE(s.projection);
  EXPECT_EQ(s.projection->paths.size(), 2u);
  auto key = keyConditionFromWhere(s, kSchema);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->partition_value, Json({{"S", "u1"}}));
  ASSERT_TRUE(key->sort);
  EXPECT_EQ(key->sort->op, KeyOperator::Ge);
  EXPECT_EQ(key->sort->value, Json({{"N", "10"}}));
  Json item = {{"pk", {{"S", "u1"}}}, {"sk", {{"N", "12"}}}, {"status", {{"S", "open"}}}};
  EXPECT_TRUE(evaluate(*s.where, &item));

  Statement all = parseStatement("select * from Orders", nullptr);
  EXPECT_FALSE(all.projection);
  EXPECT_FALSE(all.where);
  EXPECT_FALSE(keyConditionFromWhere(all, kSchema));
  Statement scan = parseStatement("SELECT * FROM Orders WHERE color = 'red' OR pk = 'x'", nullptr);
  EXPECT_FALSE(keyConditionFromWhere(scan, kSchema));  // OR: no key condition
}

TEST(DynamoPartiql, WherePredicates) {
  Json item = {{"pk", {{"S", "u1"}}},
               {"sk", {{"N", "5"}}},
               {"name", {{"S", "Ada"}}},
               {"tags", {{"SS", {"x", "y"}}}},
               {"gone", {{"NULL", true}}}};
  auto holds = [&](const std::string& where) {
    Statement s = parseStatement("SELECT * FROM t WHERE " + where, nullptr);
    return evaluate(*s.where, &item);
  };
  EXPECT_TRUE(holds("begins_with(name, 'A')"));
  EXPECT_TRUE(holds("contains(tags, 'x')"));
  EXPECT_TRUE(holds("sk BETWEEN 1 AND 5"));
  EXPECT_TRUE(holds("sk IN [1, 5, 9]"));
  EXPECT_TRUE(holds("sk IN (1, 5)"));
  EXPECT_TRUE(holds("missing_attr IS MISSING"));
  EXPECT_TRUE(holds("name IS NOT MISSING"));
  EXPECT_TRUE(holds("gone IS NULL"));
  EXPECT_TRUE(holds("name IS NOT NULL"));
  EXPECT_TRUE(holds("NOT (sk > 5) AND name != 'Bob'"));
  EXPECT_TRUE(holds("size(name) = 3"));
  EXPECT_TRUE(holds("attribute_type(tags, 'SS')"));
}

TEST(DynamoPartiql, InsertWithParameters) {
  Json parameters = Json::array({Json{{"N", "3.50"}}, Json{{"SS", {"a", "b"}}}});
  Statement s = parseStatement(
      "INSERT INTO \"Orders\" VALUE {'pk': 'u1', 'sk': 1, 'price': ?, 'tags': ?, 'ok': true, "
      "'none': null, 'list': [1, 'two'], 'map': {'k': -2.50}, 'nums': <<3, 1>>, "
      "'quote': 'it''s'}",
      &parameters);
  EXPECT_EQ(s.kind, StatementKind::Insert);
  EXPECT_EQ(s.item["price"], Json({{"N", "3.5"}}));
  EXPECT_EQ(s.item["tags"], Json({{"SS", {"a", "b"}}}));
  EXPECT_EQ(s.item["ok"], Json({{"BOOL", true}}));
  EXPECT_EQ(s.item["none"], Json({{"NULL", true}}));
  EXPECT_EQ(s.item["list"]["L"][1], Json({{"S", "two"}}));
  EXPECT_EQ(s.item["map"]["M"]["k"], Json({{"N", "-2.5"}}));
  EXPECT_EQ(s.item["nums"], Json({{"NS", {"3", "1"}}}));
  EXPECT_EQ(s.item["quote"], Json({{"S", "it's"}}));
}

TEST(DynamoPartiql, UpdateAndDelete) {
  Statement s = parseStatement(
      "UPDATE \"Orders\" SET qty = qty + 1, tags = set_add(tags, <<'z'>>), note = 'n' "
      "REMOVE old WHERE pk = 'u1' AND sk = 2 AND qty < 10 RETURNING ALL NEW *",
      nullptr);
  EXPECT_EQ(s.kind, StatementKind::Update);
  EXPECT_EQ(s.returning, Returning::AllNew);
  ASSERT_EQ(s.update.actions.size(), 4u);
  EXPECT_EQ(s.update.actions[1].kind, UpdateAction::Kind::Add);
  EXPECT_EQ(s.update.actions[3].kind, UpdateAction::Kind::Remove);
  EXPECT_EQ(keyFromWhere(s, kSchema), Json({{"pk", {{"S", "u1"}}}, {"sk", {{"N", "2"}}}}));
  Json item = {{"pk", {{"S", "u1"}}},
               {"sk", {{"N", "2"}}},
               {"qty", {{"N", "1"}}},
               {"tags", {{"SS", {"a"}}}},
               {"old", {{"S", "x"}}}};
  EXPECT_TRUE(evaluate(*s.where, &item));
  applyUpdate(s.update, item);
  EXPECT_EQ(item["qty"]["N"], "2");
  EXPECT_EQ(item["tags"]["SS"], Json({"a", "z"}));
  EXPECT_FALSE(item.contains("old"));

  Statement d = parseStatement("DELETE FROM Orders WHERE pk = 'u1' RETURNING ALL OLD *", nullptr);
  EXPECT_EQ(d.kind, StatementKind::Delete);
  EXPECT_EQ(d.returning, Returning::AllOld);
  try {
    keyFromWhere(d, kSchema);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Where clause does not contain a mandatory equality on all key attributes");
  }
}

TEST(DynamoPartiql, Errors) {
  Json one = Json::array({Json{{"S", "x"}}});
  EXPECT_EQ(statementError("SELECT * FROM t WHERE pk = ?"),
            "Number of parameters in request and statement don't match.");
  EXPECT_EQ(statementError("SELECT * FROM t", &one),
            "Number of parameters in request and statement don't match.");
  EXPECT_EQ(statementError("SELEC * FROM t"),
            "Statement wasn't well formed, can't be processed: Unexpected token: SELEC");
  EXPECT_EQ(statementError("SELECT * FROM"),
            "Statement wasn't well formed, can't be processed: Unexpected end of statement");
  EXPECT_EQ(statementError("INSERT INTO t VALUE {'n': 1E999}"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
  Json boolean = Json::array({Json{{"BOOL", true}}});
  EXPECT_EQ(statementError("SELECT pk FROM t WHERE pk = 'x' AND val < ?", &boolean),
            "Incorrect operand type for operator or function; operator or function: <, operand "
            "type: BOOL");
  EXPECT_EQ(statementError("DELETE FROM t WHERE pk = 'x' RETURNING MODIFIED OLD *"),
            "Invalid returning clause: RETURNING MODIFIED OLD *. Only RETURNING ALL OLD * is "
            "allowed in DELETE statements.");
  EXPECT_EQ(statementError("SELECT * FROM \"t\".\"i\".\"x\""),
            "A path may contain at most 2 components in the FROM clause");
  EXPECT_EQ(statementError("SELECT * FROM \"t\".\"\""), "Path component cannot be an empty string");
  EXPECT_EQ(statementError("SELECT * FROM \"\" WHERE pk = 'p'"),
            "Path component cannot be an empty string");
  std::string deep = "INSERT INTO t VALUE {'pk': 'a', 'l': " + std::string(5000, '[') +
                     std::string(5000, ']') + "}";
  EXPECT_EQ(statementError(deep),
            "Statement wasn't well formed, can't be processed: Nesting too deep");
  EXPECT_EQ(statementError("SELECT * FROM t WHERE a = 'unterminated"),
            "Statement wasn't well formed, can't be processed: Unterminated quoted text");
}

}  // namespace
}  // namespace awsemu::dynamodb::partiql
