#pragma once
// DynamoDB's decimal number: up to 38 significant digits, magnitude 1E-130 .. 9.99..E+125, exact
// arithmetic, no doubles. Held normalised (no leading or trailing zeros; "-0" is 0), so "1.50" and
// "1.5" are the same Number and print the same way.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace awsemu::dynamodb {

class Number {
 public:
  Number() = default;  // zero

  // Parses and range-checks a number string as DynamoDB does; throws ValidationException with
  // DynamoDB's messages ("The parameter cannot be converted to a numeric value: x", "Number
  // overflow. ...", "Number underflow. ...", "Attempting to store more than 38 significant digits
  // in a Number").
  static Number parse(std::string_view text);
  // As parse, but answers the message instead of throwing (nullopt with *error set).
  static std::optional<Number> tryParse(std::string_view text, std::string* error);
  static Number fromInt(std::int64_t value);

  // The canonical text DynamoDB answers with: plain notation, no exponent, no trailing zeros
  // ("1.5", "100", "-0.001", "0").
  std::string toString() const;

  // Exact sum/difference; the result is range- and precision-checked (throws ValidationException).
  Number add(const Number& other) const;
  Number subtract(const Number& other) const;
  Number negated() const;

  bool isZero() const { return digits_.empty(); }
  bool isNegative() const { return negative_; }
  // The value when it is an integer that fits (list indexes, counters in tests).
  std::optional<std::int64_t> toInt64() const;

  // Numeric order; "1.50" == "1.5".
  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

  // Appends bytes whose memcmp order is the numeric order (for keys); see value_order.hpp.
  void appendOrderedBytes(std::string& out) const;
  // Bytes DynamoDB counts for this number in item size: about one per two significant digits + 1.
  std::size_t storageSize() const;
  // Significant digits (no leading/trailing zeros) and the exponent of the last one:
  // value = (-1)^negative * digits * 10^exponent.
  const std::string& digits() const { return digits_; }
  int exponent() const { return exponent_; }

 private:
  bool negative_ = false;
  std::string digits_;  // '1'..'9' first and last; empty for zero
  int exponent_ = 0;
};

// Convenience: validate a number string and answer its canonical text (throws like parse).
std::string canonicalNumber(std::string_view text);

}  // namespace awsemu::dynamodb
