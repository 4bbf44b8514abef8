// Evaluating conditions, applying updates and projecting items.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"

namespace awsemu::dynamodb {
namespace {

const Json kItem = {
    {"pk", {{"S", "user#1"}}},
    {"age", {{"N", "42"}}},
    {"name", {{"S", "Ada"}}},
    {"tags", {{"SS", {"x", "y"}}}},
    {"scores", {{"NS", {"1", "2.5"}}}},
    {"arr", {{"L", {{{"S", "a"}}, {{"N", "2"}}, {{"M", {{"k", {{"S", "v"}}}}}}}}}},
    {"obj", {{"M", {{"nested", {{"M", {{"deep", {{"N", "7"}}}}}}}, {"flag", {{"BOOL", true}}}}}}},
    {"bin", {{"B", makeBlob("\x01\x02\x03")}}},
    {"nothing", {{"NULL", true}}},
};

Json values() {
  return {{":s", {{"S", "Ada"}}},
          {":a", {{"S", "A"}}},
          {":n40", {{"N", "40"}}},
          {":n42", {{"N", "42.0"}}},
          {":n50", {{"N", "50"}}},
          {":x", {{"S", "x"}}},
          {":two", {{"N", "2"}}},
          {":ss", {{"S", "SS"}}},
          {":b", {{"B", makeBlob("\x01")}}},
          {":m", {{"S", "M"}}},
          {":seven", {{"N", "7"}}},
          {":one", {{"N", "1"}}},
          {":three", {{"N", "3"}}},
          {":list", {{"L", {{{"S", "z"}}}}}},
          {":nums", {{"NS", {"2.5", "9"}}}},
          {":half", {{"N", "2.50"}}},
          {":tags", {{"SS", {"y", "z"}}}}};
}

bool check(std::string_view expression, const Json* item = &kItem) {
  Json names = {{"#n", "name"}};
  Json vals = values();
  ExpressionContext context(&names, &vals);
  return evaluate(parseCondition(expression, context), item);
}

TEST(DynamoExprEvaluate, Comparisons) {
  EXPECT_TRUE(check("#n = :s"));
  EXPECT_TRUE(check("age = :n42"));  // numeric equality
  EXPECT_TRUE(check("age > :n40 AND age < :n50"));
  EXPECT_TRUE(check("age BETWEEN :n40 AND :n50"));
  EXPECT_FALSE(check("age BETWEEN :n50 AND :n50"));
  EXPECT_TRUE(check("age IN (:n40, :n42)"));
  EXPECT_FALSE(check("age IN (:n40, :n50)"));
  EXPECT_TRUE(check("#n > :a"));
  EXPECT_FALSE(check("#n < :n50"));    // different types: false, not an error
  EXPECT_TRUE(check("absent <> :s"));  // a absent attribute is unequal to anything
  EXPECT_FALSE(check("absent = :s"));
  EXPECT_FALSE(check("absent < :s"));
  EXPECT_TRUE(check("obj.nested.deep = :seven"));
  EXPECT_TRUE(check("arr[1] = :two"));
  EXPECT_FALSE(check("arr[2].k = :x"));
}

TEST(DynamoExprEvaluate, LogicAndPrecedence) {
  EXPECT_TRUE(check("#n = :a OR age = :n42 AND #n = :s"));  // AND binds tighter
  EXPECT_FALSE(check("(#n = :a OR age = :n42) AND #n = :a"));
  EXPECT_TRUE(check("NOT #n = :a"));
  EXPECT_FALSE(check("NOT NOT #n = :a"));
}

TEST(DynamoExprEvaluate, Functions) {
  EXPECT_TRUE(check("attribute_exists(obj.flag)"));
  EXPECT_FALSE(check("attribute_exists(obj.nope)"));
  EXPECT_TRUE(check("attribute_not_exists(arr[5])"));
  EXPECT_TRUE(check("attribute_type(tags, :ss)"));
  EXPECT_TRUE(check("attribute_type(obj, :m)"));
  EXPECT_TRUE(check("begins_with(#n, :a)"));
  EXPECT_TRUE(check("begins_with(bin, :b)"));
  EXPECT_TRUE(check("contains(#n, :a)"));
  EXPECT_FALSE(check("contains(#n, :x)"));
  EXPECT_FALSE(check("contains(age, :x)"));
  EXPECT_TRUE(check("contains(tags, :x)"));
  EXPECT_TRUE(check("contains(scores, :half)"));  // "2.50" finds the stored 2.5
  EXPECT_FALSE(check("contains(scores, :two)"));
  EXPECT_TRUE(check("contains(bin, :b)"));
  EXPECT_TRUE(check("contains(arr, :two)"));
  EXPECT_TRUE(check("size(#n) = :three"));
  EXPECT_TRUE(check("size(tags) = :two"));
  EXPECT_TRUE(check("size(arr) > :two"));
  EXPECT_FALSE(check("size(age) > :one"));  // numbers have no size
  // Strings are measured in UTF-16 code units: é is one, the G clef (U+1D11E) two.
  Json unicode = {{"s", {{"S", "\xC3\xA9\xF0\x9D\x84\x9E"}}}};
  EXPECT_TRUE(check("size(s) = :three", &unicode));
  EXPECT_FALSE(check("size(absent) > :one"));
}

TEST(DynamoExprEvaluate, NoItem) {
  EXPECT_TRUE(check("attribute_not_exists(pk)", nullptr));
  EXPECT_FALSE(check("attribute_exists(pk)", nullptr));
  EXPECT_FALSE(check("#n = :s", nullptr));
}

Json updated(std::string_view expression, Json item = kItem) {
  Json names = {{"#n", "name"}};
  Json vals = values();
  ExpressionContext context(&names, &vals);
  applyUpdate(parseUpdate(expression, context), item);
  return item;
}

std::string updateError(std::string_view expression, Json item = kItem) {
  try {
    updated(expression, item);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

TEST(DynamoExprEvaluate, SetActions) {
  Json item = updated("SET age = age + :one, #n = :a, newattr = if_not_exists(newattr, :seven)");
  EXPECT_EQ(item["age"]["N"], "43");
  EXPECT_EQ(item["name"]["S"], "A");
  EXPECT_EQ(item["newattr"]["N"], "7");
  item = updated("SET age = if_not_exists(age, :one) - :n50");
  EXPECT_EQ(item["age"]["N"], "-8");
  item = updated("SET arr = list_append(arr, :list)");
  EXPECT_EQ(item["arr"]["L"].size(), 4u);
  EXPECT_EQ(item["arr"]["L"][3]["S"], "z");
  item = updated("SET arr = list_append(:list, arr)");
  EXPECT_EQ(item["arr"]["L"][0]["S"], "z");
  item = updated("SET obj.nested.deep = :one, arr[1] = :x, arr[9] = :a");
  EXPECT_EQ(item["obj"]["M"]["nested"]["M"]["deep"]["N"], "1");
  EXPECT_EQ(item["arr"]["L"][1]["S"], "x");
  EXPECT_EQ(item["arr"]["L"][3]["S"], "A");  // past the end: appended
  // Operands are read before any action applies: a swap works.
  item = updated("SET #n = age, age = #n");
  EXPECT_EQ(item["name"]["N"], "42");
  EXPECT_EQ(item["age"]["S"], "Ada");
}

TEST(DynamoExprEvaluate, UpdateErrors) {
  EXPECT_EQ(updateError("SET a = absent"),
            "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_EQ(updateError("SET a = #n + :one"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(updateError("SET a = list_append(#n, :list)"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(updateError("SET nope.child = :one"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(updateError("SET #n.child = :one"),
            "The document path provided in the update expression is invalid for update");
  EXPECT_EQ(updateError("ADD #n :one"),
            "An operand in the update expression has an incorrect data type");
  EXPECT_EQ(updateError("DELETE tags :nums"),
            "An operand in the update expression has an incorrect data type");
}

TEST(DynamoExprEvaluate, RemoveAddDelete) {
  Json item = updated("REMOVE #n, arr[0], arr[2], obj.flag, absent");
  EXPECT_FALSE(item.contains("name"));
  ASSERT_EQ(item["arr"]["L"].size(), 1u);
  EXPECT_EQ(item["arr"]["L"][0]["N"], "2");
  EXPECT_FALSE(item["obj"]["M"].contains("flag"));
  item = updated("ADD age :one, tally :two, tags :tags, scores :nums");
  EXPECT_EQ(item["age"]["N"], "43");
  EXPECT_EQ(item["tally"]["N"], "2");
  EXPECT_EQ(item["tags"]["SS"], Json({"x", "y", "z"}));
  EXPECT_EQ(item["scores"]["NS"], Json({"1", "2.5", "9"}));
  item = updated("DELETE tags :tags, scores :nums");
  EXPECT_EQ(item["tags"]["SS"], Json({"x"}));
  EXPECT_EQ(item["scores"]["NS"], Json({"1"}));
  item = updated("DELETE tags :tags", Json{{"tags", {{"SS", {"y"}}}}});
  EXPECT_FALSE(item.contains("tags"));  // an emptied set is removed
  item = updated("DELETE tags :tags", Json::object());
  EXPECT_EQ(item, Json::object());
}

TEST(DynamoExprEvaluate, Projection) {
  Json names = {{"#n", "name"}};
  Json vals = values();
  ExpressionContext context(&names, &vals);
  Json projected = project(
      kItem, parseProjection("#n, obj.nested.deep, arr[2].k, arr[0], nope, obj.zz", context));
  Json expected = {
      {"name", {{"S", "Ada"}}},
      {"obj", {{"M", {{"nested", {{"M", {{"deep", {{"N", "7"}}}}}}}}}}},
      {"arr", {{"L", {{{"S", "a"}}, {{"M", {{"k", {{"S", "v"}}}}}}}}}},
  };
  EXPECT_EQ(projected, expected);
}

}  // namespace
}  // namespace awsemu::dynamodb
