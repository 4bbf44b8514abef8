// Request-level expression handling: mixing rules, placeholder maps, key conditions, legacy
// parameters translated into the same evaluators.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"
#include "services/dynamodb/expressions/request_expressions.hpp"

namespace awsemu::dynamodb {
namespace {

std::string requestError(const Json& input) {
  try {
    parseRequestExpressions(input);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

const Json kItem = {{"pk", {{"S", "p"}}},
                    {"sk", {{"N", "5"}}},
                    {"color", {{"S", "red"}}},
                    {"tags", {{"SS", {"a", "b"}}}},
                    {"qty", {{"N", "3"}}}};

TEST(DynamoExprRequest, MixingIsRefused) {
  EXPECT_EQ(requestError({{"AttributesToGet", {"a"}}, {"ProjectionExpression", "a"}}),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet} Expression parameters: "
            "{ProjectionExpression}");
  EXPECT_EQ(requestError({{"Expected", {{"a", {{"Exists", false}}}}},
                          {"ConditionExpression", "attribute_exists(a)"},
                          {"UpdateExpression", "SET b = :v"},
                          {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}),
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression, "
            "UpdateExpression}");
}

TEST(DynamoExprRequest, PlaceholderMaps) {
  EXPECT_EQ(requestError({{"ExpressionAttributeNames", {{"#a", "a"}}}}),
            "ExpressionAttributeNames can only be specified when using expressions");
  EXPECT_EQ(requestError({{"ExpressionAttributeValues", {{":a", {{"S", "a"}}}}}}),
            "ExpressionAttributeValues can only be specified when using expressions");
  EXPECT_EQ(requestError(
                {{"ConditionExpression", "a = b"}, {"ExpressionAttributeValues", Json::object()}}),
            "ExpressionAttributeValues must not be empty");
  EXPECT_EQ(
      requestError({{"ConditionExpression", "a = b"}, {"ExpressionAttributeNames", {{"a", "a"}}}}),
      "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
  EXPECT_EQ(requestError({{"ConditionExpression", "a = :v"},
                          {"ExpressionAttributeValues", {{":v", {{"NS", Json::array()}}}}}}),
            "ExpressionAttributeValues contains invalid value: One or more parameter values were "
            "invalid: An number set  may not be empty for key :v");
  EXPECT_EQ(
      requestError({{"ConditionExpression", "a = :v"},
                    {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}, {":w", {{"S", "y"}}}}}}),
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  // Names and values are shared by every expression of the request.
  EXPECT_EQ(
      requestError({{"ConditionExpression", "#a = :v"},
                    {"UpdateExpression", "SET #b = :w"},
                    {"ExpressionAttributeNames", {{"#a", "a"}, {"#b", "b"}}},
                    {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}, {":w", {{"S", "y"}}}}}}),
      "");
}

TEST(DynamoExprRequest, ExpressionsParsedOnce) {
  RequestExpressions e =
      parseRequestExpressions({{"KeyConditionExpression", "pk = :p AND sk BETWEEN :lo AND :hi"},
                               {"FilterExpression", "color = :c"},
                               {"ProjectionExpression", "color, qty"},
                               {"ExpressionAttributeValues",
                                {{":p", {{"S", "p"}}},
                                 {":lo", {{"N", "1"}}},
                                 {":hi", {{"N", "9.0"}}},
                                 {":c", {{"S", "red"}}}}}});
  ASSERT_TRUE(e.key_condition && e.filter && e.projection);
  EXPECT_FALSE(e.condition || e.update);
  KeyCondition key = bindKeyCondition(*e.key_condition, {"pk", ValueType::S, "sk", ValueType::N});
  EXPECT_EQ(key.partition_value, Json({{"S", "p"}}));
  ASSERT_TRUE(key.sort);
  EXPECT_EQ(key.sort->op, KeyOperator::Between);
  EXPECT_EQ(key.sort->value2["N"], "9");  // values are normalised
  EXPECT_TRUE(key.sortMatches(Json{{"N", "5"}}));
  EXPECT_FALSE(key.sortMatches(Json{{"N", "10"}}));
  EXPECT_TRUE(evaluate(*e.filter, &kItem));
  EXPECT_EQ(project(kItem, *e.projection),
            Json({{"color", {{"S", "red"}}}, {"qty", {{"N", "3"}}}}));
}

std::string keyError(const std::string& expression, const Json& values,
                     const KeySchemaView& schema = {"pk", ValueType::S, "sk", ValueType::N}) {
  try {
    RequestExpressions e = parseRequestExpressions(
        {{"KeyConditionExpression", expression}, {"ExpressionAttributeValues", values}});
    bindKeyCondition(*e.key_condition, schema);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

TEST(DynamoExprRequest, KeyConditions) {
  Json v = {{":p", {{"S", "p"}}}, {":n", {{"N", "1"}}}, {":s", {{"S", "x"}}}};
  EXPECT_EQ(keyError("pk = :p", {{":p", {{"S", "p"}}}}), "");
  EXPECT_EQ(keyError(":p = pk", {{":p", {{"S", "p"}}}}), "");
  EXPECT_EQ(keyError("sk > :n", {{":n", {{"N", "1"}}}}),
            "Query condition missed key schema element: pk");
  EXPECT_EQ(keyError("attr1 = :s", {{":s", {{"S", "x"}}}}),
            "Query condition missed key schema element: pk");
  EXPECT_EQ(keyError("pk = :p OR sk = :n", {{":p", {{"S", "p"}}}, {":n", {{"N", "1"}}}}),
            "Invalid operator used in KeyConditionExpression: OR");
  EXPECT_EQ(keyError("pk = :p AND sk <> :n", {{":p", {{"S", "p"}}}, {":n", {{"N", "1"}}}}),
            "Invalid operator used in KeyConditionExpression: <>");
  EXPECT_EQ(keyError("pk = :p AND attribute_exists(sk)", {{":p", {{"S", "p"}}}}),
            "Invalid operator used in KeyConditionExpression: "
            "attribute_exists");
  EXPECT_EQ(keyError("pk > :p", {{":p", {{"S", "p"}}}}), "Query key condition not supported");
  EXPECT_EQ(
      keyError("pk = :p AND begins_with(sk, :n)", {{":p", {{"S", "p"}}}, {":n", {{"N", "1"}}}}),
      "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
      "operator or function: begins_with, operand type: N");
  EXPECT_EQ(keyError("pk = :n", {{":n", {{"N", "1"}}}}),
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type");
  EXPECT_EQ(keyError("pk = :p AND color = :p", {{":p", {{"S", "p"}}}}),
            "Query condition missed key schema element: sk");
  EXPECT_EQ(keyError("pk = :p AND pk = :p", {{":p", {{"S", "p"}}}}),
            "KeyConditionExpressions must only contain one condition per key");
  EXPECT_EQ(
      keyError("pk = :p AND begins_with(sk, :s)", {{":p", {{"S", "p"}}}, {":s", {{"S", "x"}}}},
               {"pk", ValueType::S, "sk", ValueType::S}),
      "");
}

TEST(DynamoExprRequest, LegacyExpected) {
  auto condition = [](const Json& expected, const char* op = nullptr) {
    Json input = {{"Expected", expected}};
    if (op) input["ConditionalOperator"] = op;
    return *parseRequestExpressions(input).condition;
  };
  EXPECT_TRUE(evaluate(condition({{"color", {{"Value", {{"S", "red"}}}}}}), &kItem));
  EXPECT_TRUE(evaluate(condition({{"nope", {{"Exists", false}}}}), &kItem));
  EXPECT_FALSE(evaluate(condition({{"color", {{"Exists", false}}}}), &kItem));
  EXPECT_TRUE(evaluate(condition({{"qty",
                                   {{"ComparisonOperator", "BETWEEN"},
                                    {"AttributeValueList", {{{"N", "1"}}, {{"N", "3"}}}}}}}),
                       &kItem));
  EXPECT_TRUE(evaluate(
      condition(
          {{"tags", {{"ComparisonOperator", "CONTAINS"}, {"AttributeValueList", {{{"S", "a"}}}}}}}),
      &kItem));
  EXPECT_FALSE(evaluate(condition({{"nope",
                                    {{"ComparisonOperator", "NOT_CONTAINS"},
                                     {"AttributeValueList", {{{"S", "a"}}}}}}}),
                        &kItem));
  EXPECT_TRUE(evaluate(condition({{"color", {{"ComparisonOperator", "NOT_NULL"}}},
                                  {"nope", {{"ComparisonOperator", "NULL"}}}}),
                       &kItem));
  EXPECT_TRUE(evaluate(
      condition({{"color",
                  {{"ComparisonOperator", "IN"},
                   {"AttributeValueList", {{{"S", "blue"}}, {{"S", "red"}}}}}},
                 {"qty", {{"ComparisonOperator", "GT"}, {"AttributeValueList", {{{"N", "100"}}}}}}},
                "OR"),
      &kItem));
  EXPECT_EQ(requestError({{"Expected", {{"a", {{"Exists", true}}}}}}),
            "1 validation error detected: One or more parameter values were invalid: Value must be "
            "provided when Exists is true for Attribute: a");
  EXPECT_EQ(requestError({{"Expected", {{"a", {{"Exists", false}, {"Value", {{"S", "x"}}}}}}}}),
            "1 validation error detected: One or more parameter values were invalid: Value cannot "
            "be used when Exists is false for Attribute: a");
  EXPECT_EQ(requestError(
                {{"Expected",
                  {{"a", {{"ComparisonOperator", "GT"}, {"AttributeValueList", Json::array()}}}}}}),
            "One or more parameter values were invalid: Invalid number of argument(s) for the GT "
            "ComparisonOperator");
  EXPECT_EQ(
      requestError(
          {{"Expected",
            {{"a", {{"ComparisonOperator", "LT"}, {"AttributeValueList", {{{"BOOL", true}}}}}}}}}),
      "One or more parameter values were invalid: ComparisonOperator LT is not valid for "
      "BOOL AttributeValue type");
}

TEST(DynamoExprRequest, LegacyUpdatesProjectionAndKeys) {
  RequestExpressions e =
      parseRequestExpressions({{"AttributeUpdates",
                                {{"color", {{"Action", "PUT"}, {"Value", {{"S", "blue"}}}}},
                                 {"qty", {{"Action", "ADD"}, {"Value", {{"N", "2"}}}}},
                                 {"tags", {{"Action", "DELETE"}, {"Value", {{"SS", {"a"}}}}}},
                                 {"sk", {{"Action", "DELETE"}}}}},
                               {"AttributesToGet", {"color", "qty"}}});
  Json item = kItem;
  applyUpdate(*e.update, item);
  EXPECT_EQ(item["color"]["S"], "blue");
  EXPECT_EQ(item["qty"]["N"], "5");
  EXPECT_EQ(item["tags"]["SS"], Json({"b"}));
  EXPECT_FALSE(item.contains("sk"));
  EXPECT_EQ(project(item, *e.projection),
            Json({{"color", {{"S", "blue"}}}, {"qty", {{"N", "5"}}}}));

  RequestExpressions q = parseRequestExpressions(
      {{"KeyConditions",
        {{"pk", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {{{"S", "p"}}}}}},
         {"sk", {{"ComparisonOperator", "GE"}, {"AttributeValueList", {{{"N", "5"}}}}}}}},
       {"QueryFilter",
        {{"color", {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {{{"S", "red"}}}}}}}}});
  KeyCondition key = bindKeyCondition(*q.key_condition, {"pk", ValueType::S, "sk", ValueType::N});
  EXPECT_TRUE(key.sortMatches(Json{{"N", "5"}}));
  EXPECT_FALSE(key.sortMatches(Json{{"N", "4"}}));
  EXPECT_TRUE(evaluate(*q.filter, &kItem));
  EXPECT_EQ(
      requestError(
          {{"KeyConditions",
            {{"pk", {{"ComparisonOperator", "NE"}, {"AttributeValueList", {{{"S", "p"}}}}}}}}}),
      "Attempted conditional constraint is not an indexable operation");
}

}  // namespace
}  // namespace awsemu::dynamodb
