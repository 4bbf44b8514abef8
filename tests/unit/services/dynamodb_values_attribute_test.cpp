// AttributeValue validation, equality, ordering, key encoding and item sizes.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

std::string normalizeError(Json value) { return normalizeValue(value); }

Json blob(std::string_view bytes) { return Json{{"B", makeBlob(bytes)}}; }

TEST(DynamoAttributeValue, TypesAndShape) {
  EXPECT_EQ(typeOf(Json{{"S", "x"}}), ValueType::S);
  EXPECT_EQ(typeOf(Json{{"NULL", true}}), ValueType::Null);
  EXPECT_EQ(typeOf(Json::object()), ValueType::Invalid);
  EXPECT_EQ(typeName(ValueType::Bool), "BOOL");
  EXPECT_EQ(normalizeError(Json::object()),
            "Supplied AttributeValue is empty, must contain exactly one of the supported "
            "datatypes");
  EXPECT_EQ(normalizeError(Json{{"S", "a"}, {"N", "1"}}),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
  // {"NULL": false} is accepted now and stored as true.
  Json null_false = {{"NULL", false}};
  EXPECT_EQ(normalizeValue(null_false), "");
  EXPECT_EQ(null_false, Json({{"NULL", true}}));
}

TEST(DynamoAttributeValue, EmptyValuesAllowedOutsideKeys) {
  EXPECT_EQ(normalizeError(Json{{"S", ""}}), "");
  EXPECT_EQ(normalizeError(blob("")), "");
  EXPECT_EQ(normalizeError(Json{{"SS", {""}}}), "");
  EXPECT_EQ(normalizeError(Json{{"L", Json::array()}}), "");
  EXPECT_EQ(normalizeError(Json{{"M", Json::object()}}), "");
}

TEST(DynamoAttributeValue, SetRules) {
  EXPECT_EQ(normalizeError(Json{{"SS", Json::array()}}),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(normalizeError(Json{{"NS", Json::array()}}),
            "One or more parameter values were invalid: An number set  may not be empty");
  EXPECT_EQ(normalizeError(Json{{"BS", Json::array()}}),
            "One or more parameter values were invalid: Binary sets should not be empty");
  EXPECT_EQ(normalizeError(Json{{"SS", {"a", "b", "a"}}}),
            "One or more parameter values were invalid: Input collection [a, b, a] contains "
            "duplicates.");
  EXPECT_EQ(normalizeError(Json{{"NS", {"1", "1.0"}}}), "Input collection contains duplicates");
  EXPECT_EQ(normalizeError(Json{{"NS", {"1", "x"}}}),
            "The parameter cannot be converted to a numeric value: x");
}

TEST(DynamoAttributeValue, NormalisesNumbersEverywhere) {
  Json item = {{"n", {{"N", "01.50"}}},
               {"ns", {{"NS", {"1.0", "2e1"}}}},
               {"m", {{"M", {{"deep", {{"L", {{{"N", "-0"}}}}}}}}}}};
  normalizeItem(item);
  EXPECT_EQ(item["n"]["N"], "1.5");
  EXPECT_EQ(item["ns"]["NS"], Json({"1", "20"}));
  EXPECT_EQ(item["m"]["M"]["deep"]["L"][0]["N"], "0");
}

TEST(DynamoAttributeValue, ItemErrorsThrowValidation) {
  Json item = {{"n", {{"N", "1E200"}}}};
  try {
    normalizeItem(item);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_NE(e.code.find("ValidationException"), std::string::npos);
    EXPECT_EQ(e.message,
              "Number overflow. Attempting to store a number with magnitude larger than "
              "supported range");
  }
  Json values = {{":v", {{"SS", Json::array()}}}};
  try {
    normalizeExpressionValues(values);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "ExpressionAttributeValues contains invalid value: One or more parameter values "
              "were invalid: An string set  may not be empty for key :v");
  }
}

TEST(DynamoAttributeValue, NestingDepth) {
  Json value = {{"S", "leaf"}};
  for (int i = 0; i < 32; ++i) value = Json{{"L", {value}}};
  EXPECT_EQ(normalizeError(value), "");
  value = Json{{"M", {{"x", value}}}};
  EXPECT_EQ(normalizeError(value), "Nesting Levels have exceeded supported limits");
}

TEST(DynamoAttributeValue, KeyValues) {
  EXPECT_NO_THROW(validateKeyValue(Json{{"S", "a"}}, "pk", true));
  try {
    validateKeyValue(Json{{"S", ""}}, "pk", true);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "One or more parameter values are not valid. The AttributeValue for a key attribute "
              "cannot contain an empty string value. Key: pk");
  }
  try {
    validateKeyValue(blob(""), "sk", false);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "One or more parameter values are not valid. The AttributeValue for a key attribute "
              "cannot contain an empty binary value. Key: sk");
  }
  EXPECT_NO_THROW(validateKeyValue(Json{{"S", std::string(2048, 'x')}}, "pk", true));
  try {
    validateKeyValue(Json{{"S", std::string(2049, 'x')}}, "pk", true);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "One or more parameter values were invalid: Size of hashkey has exceeded the "
              "maximum size limit of2048 bytes");
  }
  try {
    validateKeyValue(Json{{"S", std::string(1025, 'x')}}, "sk", false);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "One or more parameter values were invalid: Aggregated size of all range keys has "
              "exceeded the size limit of 1024 bytes");
  }
}

TEST(DynamoAttributeValue, Equality) {
  EXPECT_TRUE(valuesEqual(Json{{"N", "1.5"}}, Json{{"N", "1.50"}}));
  EXPECT_FALSE(valuesEqual(Json{{"N", "1"}}, Json{{"S", "1"}}));
  EXPECT_TRUE(valuesEqual(Json{{"SS", {"a", "b"}}}, Json{{"SS", {"b", "a"}}}));
  EXPECT_TRUE(valuesEqual(Json{{"NS", {"1", "2"}}}, Json{{"NS", {"2.0", "1"}}}));
  EXPECT_FALSE(valuesEqual(Json{{"SS", {"a", "b"}}}, Json{{"SS", {"a"}}}));
  EXPECT_TRUE(valuesEqual(Json{{"M", {{"a", {{"N", "1"}}}, {"b", {{"S", "x"}}}}}},
                          Json{{"M", {{"b", {{"S", "x"}}}, {"a", {{"N", "1.0"}}}}}}));
  EXPECT_FALSE(valuesEqual(Json{{"L", {{{"N", "1"}}, {{"N", "2"}}}}},
                           Json{{"L", {{{"N", "2"}}, {{"N", "1"}}}}}));
  EXPECT_TRUE(valuesEqual(blob("ab"), blob("ab")));
}

TEST(DynamoAttributeValue, ScalarOrder) {
  // Strings compare by UTF-8 bytes: "Z" < "a" < "é".
  EXPECT_EQ(compareScalars(Json{{"S", "Z"}}, Json{{"S", "a"}}), std::strong_ordering::less);
  EXPECT_EQ(compareScalars(Json{{"S", "a"}}, Json{{"S", "\xC3\xA9"}}), std::strong_ordering::less);
  EXPECT_EQ(compareScalars(Json{{"N", "10"}}, Json{{"N", "9"}}), std::strong_ordering::greater);
  EXPECT_EQ(compareScalars(blob("\x01"), blob("\xFF")), std::strong_ordering::less);
  EXPECT_EQ(compareScalars(Json{{"N", "1"}}, Json{{"S", "1"}}), std::nullopt);
  EXPECT_EQ(compareScalars(Json{{"BOOL", true}}, Json{{"BOOL", true}}), std::nullopt);
}

TEST(DynamoAttributeValue, KeyBytesPreserveOrderAndConcatenate) {
  std::vector<Json> strings = {Json{{"S", "a"}}, Json{{"S", std::string("a\0", 2)}},
                               Json{{"S", "a\x01"}}, Json{{"S", "ab"}}, Json{{"S", "b"}}};
  for (std::size_t i = 1; i < strings.size(); ++i) {
    EXPECT_LT(keyBytes(strings[i - 1]), keyBytes(strings[i])) << i;
  }
  // hash + range concatenations keep (hash, range) order.
  std::string a = keyBytes(Json{{"S", "a"}}) + keyBytes(Json{{"N", "5"}});
  std::string b = keyBytes(Json{{"S", "a"}}) + keyBytes(Json{{"N", "10"}});
  std::string c = keyBytes(Json{{"S", "ab"}}) + keyBytes(Json{{"N", "-1"}});
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(DynamoAttributeValue, Sizes) {
  EXPECT_EQ(valueSize(Json{{"S", "abc"}}), 3u);
  EXPECT_EQ(valueSize(Json{{"S", "\xC3\xA9"}}), 2u);
  EXPECT_EQ(valueSize(blob("abcd")), 4u);
  EXPECT_EQ(valueSize(Json{{"BOOL", true}}), 1u);
  EXPECT_EQ(valueSize(Json{{"NULL", true}}), 1u);
  EXPECT_EQ(valueSize(Json{{"L", Json::array()}}), 3u);
  EXPECT_EQ(valueSize(Json{{"L", {{{"S", "ab"}}}}}), 3u + 1u + 2u);
  EXPECT_EQ(valueSize(Json{{"M", {{"k", {{"S", "ab"}}}}}}), 3u + 1u + 1u + 2u);
  EXPECT_EQ(valueSize(Json{{"SS", {"ab", "c"}}}), 3u);
  Json item = {{"id", {{"S", "abc"}}}, {"n", {{"N", "12"}}}};
  EXPECT_EQ(itemSize(item), 2u + 3u + 1u + 2u);
  Json big = {{"pk", {{"S", "x"}}}, {"data", {{"S", std::string(400 * 1024, 'x')}}}};
  EXPECT_THROW(checkItemSize(big), AwsError);
  big["data"]["S"] = std::string(400 * 1024 - 7, 'x');
  EXPECT_NO_THROW(checkItemSize(big));
}

}  // namespace
}  // namespace awsemu::dynamodb
