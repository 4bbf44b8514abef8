// DynamoDB numbers: parsing, normalisation, limits, exact arithmetic, ordering and sizes.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/values/number.hpp"

namespace awsemu::dynamodb {
namespace {

std::string parseError(std::string_view text) {
  try {
    Number::parse(text);
  } catch (const AwsError& e) {
    return e.message;
  }
  return "";
}

struct Canonical {
  const char* input;
  const char* expected;
};
class DynamoNumberCanonical : public testing::TestWithParam<Canonical> {};

TEST_P(DynamoNumberCanonical, PrintsAsDynamoDbAnswers) {
  EXPECT_EQ(Number::parse(GetParam().input).toString(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Dynamo, DynamoNumberCanonical,
    testing::Values(Canonical{"0", "0"}, Canonical{"-0", "0"}, Canonical{"00042", "42"},
                    Canonical{"1.50", "1.5"}, Canonical{"1.0", "1"}, Canonical{"1.5E2", "150"},
                    Canonical{"+7", "7"}, Canonical{".5", "0.5"}, Canonical{"5.", "5"},
                    Canonical{"-0.00100", "-0.001"}, Canonical{"1e-5", "0.00001"},
                    Canonical{"12345678901234567890123456789012345678",
                              "12345678901234567890123456789012345678"},
                    Canonical{"0.000E+999999", "0"}, Canonical{"123.456e1", "1234.56"}));

TEST(DynamoNumber, LargestAndSmallestMagnitudes) {
  EXPECT_EQ(Number::parse("9.9999999999999999999999999999999999999E+125").toString(),
            "99999999999999999999999999999999999999" + std::string(88, '0'));
  EXPECT_EQ(Number::parse("1E-130").toString(), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(Number::parse("-1E-130").toString(), "-0." + std::string(129, '0') + "1");
}

TEST(DynamoNumber, RangeAndPrecisionErrors) {
  EXPECT_EQ(parseError("1E126"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
  EXPECT_EQ(parseError("-1E126"),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
  EXPECT_EQ(parseError("1E-131"),
            "Number underflow. Attempting to store a number with magnitude smaller than "
            "supported range");
  EXPECT_EQ(parseError("1.000000000000000000000000000000000000001"),
            "Attempting to store more than 38 significant digits in a Number");
  // Leading and trailing zeros are not significant.
  EXPECT_EQ(parseError("0000000000000000000000000000000000000000001.1000000000000000000000"), "");
}

TEST(DynamoNumber, SyntaxErrors) {
  for (const char* bad : {"", "abc", "NaN", "Infinity", "1e", "1e+", " 1", "1 ", "--1", "1.2.3",
                          "0x10", "e5", ".", "+", "1,5"}) {
    EXPECT_EQ(parseError(bad),
              std::string("The parameter cannot be converted to a numeric value: ") + bad)
        << bad;
  }
}

TEST(DynamoNumber, ExactArithmetic) {
  EXPECT_EQ(Number::parse("0.1").add(Number::parse("0.2")).toString(), "0.3");
  EXPECT_EQ(Number::parse("1").subtract(Number::parse("1.00")).toString(), "0");
  EXPECT_EQ(Number::parse("-5").add(Number::parse("3")).toString(), "-2");
  EXPECT_EQ(Number::parse("3").subtract(Number::parse("5")).toString(), "-2");
  EXPECT_EQ(
      Number::parse("99999999999999999999999999999999999999").add(Number::parse("1")).toString(),
      "100000000000000000000000000000000000000");
  EXPECT_EQ(Number::parse("1E100").add(Number::parse("1E100")).toString(),
            "2" + std::string(100, '0'));
  EXPECT_EQ(Number::parse("-1.5").subtract(Number::parse("-1.5")).toString(), "0");
}

TEST(DynamoNumber, ArithmeticLimits) {
  try {
    Number::parse("9.9999999999999999999999999999999999999E+125").add(Number::parse("1E+125"));
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message,
              "Number overflow. Attempting to store a number with magnitude larger than "
              "supported range");
  }
  try {
    Number::parse("1E20").add(Number::parse("1E-20"));
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.message, "Attempting to store more than 38 significant digits in a Number");
  }
}

TEST(DynamoNumber, NumericOrder) {
  EXPECT_EQ(Number::parse("1.50"), Number::parse("1.5"));
  EXPECT_LT(Number::parse("-10"), Number::parse("-9"));
  EXPECT_LT(Number::parse("-0.5"), Number::parse("0"));
  EXPECT_LT(Number::parse("2"), Number::parse("10"));
  EXPECT_LT(Number::parse("1.5"), Number::parse("1.55"));
  EXPECT_GT(Number::parse("-1.5"), Number::parse("-1.55"));
  EXPECT_LT(Number::parse("9E-130"), Number::parse("1E-129"));
}

TEST(DynamoNumber, OrderedBytesFollowNumericOrder) {
  const char* sorted[] = {"-1E125", "-100", "-15.5", "-15", "-1", "-0.5", "-1E-130", "0",
                          "1E-130", "0.5",  "1",     "1.5", "15", "15.5", "100",     "1E125"};
  std::string previous;
  for (std::size_t i = 0; i < std::size(sorted); ++i) {
    std::string bytes;
    Number::parse(sorted[i]).appendOrderedBytes(bytes);
    if (i) {
      EXPECT_LT(previous, bytes) << sorted[i - 1] << " < " << sorted[i];
    }
    previous = bytes;
  }
  std::string a, b;
  Number::parse("1.0").appendOrderedBytes(a);
  Number::parse("10E-1").appendOrderedBytes(b);
  EXPECT_EQ(a, b);
}

TEST(DynamoNumber, StorageSize) {
  EXPECT_EQ(Number::parse("0").storageSize(), 1u);
  EXPECT_EQ(Number::parse("1").storageSize(), 2u);
  EXPECT_EQ(Number::parse("12").storageSize(), 2u);
  EXPECT_EQ(Number::parse("123").storageSize(), 3u);
  EXPECT_EQ(Number::parse("12.34").storageSize(), 3u);
  EXPECT_EQ(Number::parse("-12.34").storageSize(), 4u);
  EXPECT_EQ(Number::parse("1E125").storageSize(), 2u);
}

// Byte costs measured against DynamoDB's 400 KB gate (nubo-db/dynamodb-conformance,
// src/item-size.ts, captured 2026-08-18).
TEST(DynamoNumber, StorageSizeMatchesMeasuredCosts) {
  const std::pair<const char*, std::size_t> measured[] = {
      {"0", 1},
      {"1", 2},
      {"12", 2},
      {"123", 3},
      {"1234", 3},
      {"0042", 2},
      {"100", 2},
      {"1010", 3},
      {"0.0000001", 2},
      {"1E125", 2},
      {"1E-100", 2},
      {"1.5", 3},
      {"15", 2},
      {"1.2", 3},
      {"1.200", 3},
      {"1.234", 4},
      {"3.14159", 5},
      {"123456", 4},
      {"100.5", 4},
      {"0.15", 2},
      {"-42", 3},
      {"-0", 1},
      {"12345678901234567890123456789012345678", 20},
  };
  for (const auto& [literal, bytes] : measured) {
    EXPECT_EQ(Number::parse(literal).storageSize(), bytes) << literal;
  }
}

TEST(DynamoNumber, ToInt64) {
  EXPECT_EQ(Number::parse("42").toInt64(), 42);
  EXPECT_EQ(Number::parse("-3E2").toInt64(), -300);
  EXPECT_EQ(Number::parse("1.5").toInt64(), std::nullopt);
  EXPECT_EQ(Number::fromInt(-120).toString(), "-120");
}

}  // namespace
}  // namespace awsemu::dynamodb
