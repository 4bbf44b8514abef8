// Parsing DynamoDB expressions: grammar, placeholders, reserved words and DynamoDB's messages.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"

namespace awsemu::dynamodb {
namespace {

const Json kNames = {{"#n", "name"}, {"#s", "status"}, {"#a", "a"}};
const Json kValues = {
    {":v", {{"S", "x"}}},     {":n", {{"N", "5"}}},           {":one", {{"N", "1"}}},
    {":ten", {{"N", "10"}}},  {":l", {{"L", Json::array()}}}, {":m", {{"M", Json::object()}}},
    {":ss", {{"SS", {"a"}}}}, {":type", {{"S", "SS"}}},       {":bad_type", {{"S", "STRING"}}}};

std::string conditionError(std::string_view text, std::string_view kind = "ConditionExpression") {
  ExpressionContext context(&kNames, &kValues);
  try {
    parseCondition(text, context, kind);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

std::string updateError(std::string_view text) {
  ExpressionContext context(&kNames, &kValues);
  try {
    parseUpdate(text, context);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

std::string projectionError(std::string_view text) {
  ExpressionContext context(&kNames, &kValues);
  try {
    parseProjection(text, context);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

TEST(DynamoExprParser, ReservedWords) {
  EXPECT_TRUE(isReservedWord("status"));
  EXPECT_TRUE(isReservedWord("Name"));
  EXPECT_TRUE(isReservedWord("ZONE"));
  EXPECT_TRUE(isReservedWord("abort"));
  EXPECT_FALSE(isReservedWord("orders"));
  EXPECT_FALSE(isReservedWord("pk"));
  EXPECT_EQ(conditionError("status = :v"),
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
            "status");
  EXPECT_EQ(
      updateError("SET a.name = :v"),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name");
  EXPECT_EQ(conditionError("#s = :v"), "");
}

TEST(DynamoExprParser, ConditionGrammar) {
  for (const char* ok :
       {"a = :v", "a <> :v AND b < :n OR NOT c >= :n", "(a = :v OR b = :v) AND c <= :n",
        "a BETWEEN :one AND :ten", "a IN (:one, :ten, :n)", "attribute_exists(a.b[1].c)",
        "attribute_not_exists(#n)", "attribute_type(a, :type)", "begins_with(a, :v)",
        "contains(a, :v)", "size(a) > :n", "NOT (a = :v)", "a.#n[0] = :v and b = :v",
        "a between :one and :ten"}) {
    EXPECT_EQ(conditionError(ok), "") << ok;
  }
}

TEST(DynamoExprParser, SyntaxErrors) {
  EXPECT_EQ(conditionError("a x"),
            "Invalid ConditionExpression: Syntax error; token: \"x\", near: \"a x\"");
  EXPECT_EQ(conditionError("a = :v AND"),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  EXPECT_EQ(conditionError("a = = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
  EXPECT_EQ(conditionError("a ! :v"),
            "Invalid ConditionExpression: Syntax error; token: \"!\", near: \"a ! :v\"");
  EXPECT_EQ(updateError("ADD hits : incr"),
            "Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"");
  EXPECT_EQ(updateError("INVALID SYNTAX HERE"),
            "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
  EXPECT_EQ(conditionError("  "), "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_EQ(conditionError("a = :v", "FilterExpression"), "");
  EXPECT_EQ(conditionError("a = ", "FilterExpression"),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
}

TEST(DynamoExprParser, UndefinedPlaceholders) {
  EXPECT_EQ(conditionError("#x = :v"),
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #x");
  EXPECT_EQ(conditionError("a = :x"),
            "Invalid ConditionExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :x");
  // Syntax errors come first.
  EXPECT_EQ(conditionError("#x = :v)"),
            "Invalid ConditionExpression: Syntax error; token: \")\", near: \":v)\"");
}

TEST(DynamoExprParser, FunctionErrors) {
  EXPECT_EQ(conditionError("foo(a)"),
            "Invalid ConditionExpression: Invalid function name; function: foo");
  EXPECT_EQ(conditionError("begins_with(a)"),
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
            "operator or function: begins_with, number of operands: 1");
  EXPECT_EQ(conditionError("begins_with(a, :n)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
  EXPECT_EQ(conditionError("attribute_exists(:v)"),
            "Invalid ConditionExpression: Operator or function requires a document path; operator "
            "or function: attribute_exists");
  EXPECT_EQ(conditionError("attribute_type(a, :bad_type)"),
            "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid "
            "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  EXPECT_EQ(conditionError("size(a)"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: size");
  EXPECT_EQ(conditionError("a BETWEEN :ten AND :one"),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper "
            "bound operand: AttributeValue: {N:1}");
  std::string in = "a IN (";
  for (int i = 0; i < 101; ++i) in += std::string(i ? ", " : "") + ":v";
  EXPECT_EQ(conditionError(in + ")"),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; "
            "number of operands: 101");
}

TEST(DynamoExprParser, SemanticChecks) {
  EXPECT_EQ(conditionError("((attribute_not_exists(a)))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  EXPECT_EQ(conditionError("((a = :v) AND b = :v)"), "");
  EXPECT_EQ(conditionError("(a = :v)"), "");
  EXPECT_EQ(conditionError("contains(#a, #a)"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining "
            "operands for this operator or function; operator: contains, first operand: [a]");
  EXPECT_EQ(conditionError("a.b = a.b"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining "
            "operands for this operator or function; operator: =, first operand: [a, b]");
  EXPECT_EQ(conditionError("a < :l"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: <, operand type: L");
  EXPECT_EQ(conditionError("a = :l"), "");
}

TEST(DynamoExprParser, UpdateClauses) {
  ExpressionContext context(&kNames, &kValues);
  UpdatePlan plan = parseUpdate(
      "SET a = a + :n, b = if_not_exists(b, :one), c = list_append(c, :l) REMOVE d, e[2] "
      "ADD f :n, g :ss DELETE h :ss",
      context);
  ASSERT_EQ(plan.actions.size(), 8u);
  EXPECT_EQ(plan.actions[0].value.kind, Operand::Kind::Plus);
  EXPECT_EQ(plan.actions[1].value.kind, Operand::Kind::IfNotExists);
  EXPECT_EQ(plan.actions[2].value.kind, Operand::Kind::ListAppend);
  EXPECT_EQ(plan.actions[4].kind, UpdateAction::Kind::Remove);
  EXPECT_EQ(pathToString(plan.actions[4].path), "e[2]");
  EXPECT_EQ(plan.actions[7].kind, UpdateAction::Kind::Delete);
  EXPECT_TRUE(plan.touchesAttribute("h"));
  EXPECT_FALSE(plan.touchesAttribute("z"));
  // Clause keywords are case-insensitive.
  EXPECT_EQ(updateError("set a = :v remove b"), "");
}

TEST(DynamoExprParser, UpdateErrors) {
  EXPECT_EQ(updateError("SET a = :v SET b = :v"),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
            "expression;");
  EXPECT_EQ(updateError("SET a = :v, a.b = :v"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [a], path two: [a, b]");
  EXPECT_EQ(updateError("SET a = :v REMOVE a"),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [a], path two: [a]");
  EXPECT_EQ(updateError("SET a[1] = :v, a.b = :v"),
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove "
            "or rewrite one of these paths; path one: [a, [1]], path two: [a, b]");
  EXPECT_EQ(updateError("SET a = :v, b = :v"), "");
  EXPECT_EQ(updateError("SET a[1] = :v, a[2] = :v"), "");
  EXPECT_EQ(updateError("ADD a :v"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "ADD, operand type: STRING");
  EXPECT_EQ(updateError("ADD a :l"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "ADD, operand type: LIST");
  EXPECT_EQ(updateError("DELETE a :n"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "DELETE, operand type: NUMBER");
  EXPECT_EQ(updateError("SET a = list_append(:m, a)"),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: list_append, operand type: M");
  EXPECT_EQ(updateError("SET a = if_not_exists(:v, a)"),
            "Invalid UpdateExpression: Operator or function requires a document path; operator or "
            "function: if_not_exists");
  EXPECT_EQ(updateError("SET a = size(b)"),
            "Invalid UpdateExpression: The function is not allowed in an update expression; "
            "function: size");
  EXPECT_EQ(updateError("SET a = :x"),
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :x");
  EXPECT_EQ(updateError("SET path = VALUE 1"),
            "Invalid UpdateExpression: Syntax error; token: \"1\", near: \"VALUE 1\"");
  EXPECT_EQ(updateError(""), "Invalid UpdateExpression: The expression can not be empty;");
}

TEST(DynamoExprParser, Projection) {
  ExpressionContext context(&kNames, &kValues);
  ProjectionPaths p = parseProjection("a, #n.b[2].c, d[0][1]", context);
  ASSERT_EQ(p.paths.size(), 3u);
  EXPECT_EQ(pathToString(p.paths[1]), "name.b[2].c");
  EXPECT_EQ(pathToBracketList(p.paths[2]), "[d, [0], [1]]");
  EXPECT_EQ(projectionError("a, a.b"),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must "
            "remove or rewrite one of these paths; path one: [a], path two: [a, b]");
  EXPECT_EQ(projectionError("!!! INVALID !!!"),
            "Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
  EXPECT_EQ(projectionError("a,"),
            "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_EQ(projectionError("a[x]"),
            "Invalid ProjectionExpression: Syntax error; token: \"x\", near: \"[x]\"");
}

TEST(DynamoExprParser, UnusedPlaceholders) {
  Json names = {{"#a", "a"}, {"#b", "b"}};
  Json values = {{":v", {{"S", "x"}}}, {":w", {{"S", "y"}}}};
  ExpressionContext context(&names, &values);
  parseCondition("#a = :v", context);
  try {
    context.checkAllUsed();
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  }
  parseCondition("#b = :v", context);
  try {
    context.checkAllUsed();
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  }
}

}  // namespace
}  // namespace awsemu::dynamodb

namespace awsemu::dynamodb {
namespace {

TEST(DynamoExprParser, Limits) {
  std::string deep = std::string(2000, '(') + "a = :v" + std::string(2000, ')');
  EXPECT_NE(conditionError(deep).find("Syntax error"), std::string::npos);
  std::string big = "a = :v";
  while (big.size() <= 4096) big += " OR a = :v";
  EXPECT_EQ(conditionError(big, "FilterExpression"),
            "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: " +
                std::to_string(big.size()));
  std::string many = "a = :v";
  for (int i = 0; i < 150; ++i) many += " AND a=:v";  // 151 comparisons + 150 ANDs
  ASSERT_LE(many.size(), 4096u);
  EXPECT_EQ(conditionError(many),
            "Invalid ConditionExpression: The expression contains too many operators; operator "
            "count: 301");
}

}  // namespace
}  // namespace awsemu::dynamodb
