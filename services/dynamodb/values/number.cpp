#include "services/dynamodb/values/number.hpp"

#include <algorithm>
#include <cstdlib>

#include "services/dynamodb/dynamodb_errors.hpp"

namespace awsemu::dynamodb {
namespace {

constexpr std::size_t kMaxDigits = 38;
// Exponents of the leading significant digit: 1E-130 .. 9.99..E+125.
constexpr int kMaxLeadingExponent = 125;
constexpr int kMinLeadingExponent = -130;
// Exponent digits beyond this cannot matter (the result overflows or underflows anyway).
constexpr long kExponentClamp = 100000;

const char* const kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const char* const kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const char* const kPrecision = "Attempting to store more than 38 significant digits in a Number";

// Strips leading and trailing zeros of digits (value = digits * 10^exponent).
void trim(std::string& digits, int& exponent) {
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits.clear();
    exponent = 0;
    return;
  }
  std::size_t last = digits.find_last_not_of('0');
  exponent += static_cast<int>(digits.size() - 1 - last);
  digits = digits.substr(first, last - first + 1);
}

// "" when within DynamoDB's limits, else the message.
const char* limitError(const std::string& digits, int exponent) {
  if (digits.empty()) return nullptr;
  long leading = static_cast<long>(exponent) + static_cast<long>(digits.size()) - 1;
  if (leading > kMaxLeadingExponent) return kOverflow;
  if (leading < kMinLeadingExponent) return kUnderflow;
  if (digits.size() > kMaxDigits) return kPrecision;
  return nullptr;
}

// |a| <=> |b| for digit strings aligned to the same exponent (equal length not required).
int compareMagnitude(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string addDigits(const std::string& a, const std::string& b) {
  std::string out;
  out.reserve(std::max(a.size(), b.size()) + 1);
  int carry = 0;
  for (std::size_t i = 0; i < a.size() || i < b.size() || carry; ++i) {
    int sum = carry;
    if (i < a.size()) sum += a[a.size() - 1 - i] - '0';
    if (i < b.size()) sum += b[b.size() - 1 - i] - '0';
    out.push_back(static_cast<char>('0' + sum % 10));
    carry = sum / 10;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// a - b for a >= b.
std::string subtractDigits(const std::string& a, const std::string& b) {
  std::string out;
  out.reserve(a.size());
  int borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int d = (a[a.size() - 1 - i] - '0') - borrow;
    if (i < b.size()) d -= b[b.size() - 1 - i] - '0';
    borrow = d < 0 ? 1 : 0;
    out.push_back(static_cast<char>('0' + (d + 10) % 10));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

std::optional<Number> Number::tryParse(std::string_view text, std::string* error) {
  // Java BigDecimal's syntax, which DynamoDB accepts: [+-]digits[.digits][(e|E)[+-]digits], with
  // at least one mantissa digit; no spaces, no NaN/Infinity.
  auto invalid = [&]() -> std::optional<Number> {
    if (error)
      *error = "The parameter cannot be converted to a numeric value: " + std::string(text);
    return std::nullopt;
  };
  std::size_t i = 0;
  Number n;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) n.negative_ = text[i++] == '-';
  std::string digits;
  int fraction_digits = 0;
  bool seen_point = false, seen_digit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);  // leading zeros add nothing
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return invalid();
  long exponent = 0;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return invalid();
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    if (i == text.size()) return invalid();
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return invalid();
      exponent = std::min(exponent * 10 + (text[i] - '0'), kExponentClamp);
    }
    if (exponent_negative) exponent = -exponent;
  }
  n.exponent_ = static_cast<int>(exponent - fraction_digits);
  n.digits_ = std::move(digits);
  trim(n.digits_, n.exponent_);
  if (n.digits_.empty()) n.negative_ = false;  // "-0" is 0
  if (const char* message = limitError(n.digits_, n.exponent_)) {
    if (error) *error = message;
    return std::nullopt;
  }
  return n;
}

Number Number::parse(std::string_view text) {
  std::string error;
  auto n = tryParse(text, &error);
  if (!n) throw errors::validation(error);
  return *n;
}

Number Number::fromInt(std::int64_t value) {
  Number n;
  n.negative_ = value < 0;
  std::uint64_t magnitude =
      n.negative_ ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  n.digits_ = std::to_string(magnitude);
  trim(n.digits_, n.exponent_);
  if (n.digits_.empty()) n.negative_ = false;
  return n;
}

std::string Number::toString() const {
  if (digits_.empty()) return "0";
  std::string out = negative_ ? "-" : "";
  if (exponent_ >= 0) {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_), '0');
    return out;
  }
  long integer_length = static_cast<long>(digits_.size()) + exponent_;
  if (integer_length > 0) {
    out.append(digits_, 0, static_cast<std::size_t>(integer_length));
    out += '.';
    out.append(digits_, static_cast<std::size_t>(integer_length));
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-integer_length), '0');
    out += digits_;
  }
  return out;
}

Number Number::add(const Number& other) const {
  if (other.isZero()) return *this;
  if (isZero()) return other;
  int exponent = std::min(exponent_, other.exponent_);
  std::string a = digits_ + std::string(static_cast<std::size_t>(exponent_ - exponent), '0');
  std::string b =
      other.digits_ + std::string(static_cast<std::size_t>(other.exponent_ - exponent), '0');
  Number result;
  if (negative_ == other.negative_) {
    result.digits_ = addDigits(a, b);
    result.negative_ = negative_;
  } else {
    int c = compareMagnitude(a, b);
    if (c == 0) return Number();
    result.digits_ = c > 0 ? subtractDigits(a, b) : subtractDigits(b, a);
    result.negative_ = c > 0 ? negative_ : other.negative_;
  }
  result.exponent_ = exponent;
  trim(result.digits_, result.exponent_);
  if (result.digits_.empty()) result.negative_ = false;
  if (const char* message = limitError(result.digits_, result.exponent_)) {
    throw errors::validation(message);
  }
  return result;
}

Number Number::subtract(const Number& other) const { return add(other.negated()); }

Number Number::negated() const {
  Number n = *this;
  if (!n.digits_.empty()) n.negative_ = !n.negative_;
  return n;
}

std::optional<std::int64_t> Number::toInt64() const {
  if (digits_.empty()) return 0;
  if (exponent_ < 0 || digits_.size() + static_cast<std::size_t>(exponent_) > 18) {
    return std::nullopt;
  }
  std::int64_t value = std::stoll(digits_);
  for (int i = 0; i < exponent_; ++i) value *= 10;
  return negative_ ? -value : value;
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  auto sign = [](const Number& n) { return n.digits_.empty() ? 0 : (n.negative_ ? -1 : 1); };
  int sa = sign(*this), sb = sign(other);
  if (sa != sb) return sa <=> sb;
  if (sa == 0) return std::strong_ordering::equal;
  // Same sign: compare magnitudes by leading exponent, then digit by digit.
  long la = static_cast<long>(exponent_) + static_cast<long>(digits_.size());
  long lb = static_cast<long>(other.exponent_) + static_cast<long>(other.digits_.size());
  int magnitude = la != lb ? (la < lb ? -1 : 1) : 0;
  if (magnitude == 0) {
    int c = digits_.compare(other.digits_);  // no trailing zeros: shorter prefix is smaller
    magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (sa < 0) magnitude = -magnitude;
  return magnitude <=> 0;
}

void Number::appendOrderedBytes(std::string& out) const {
  // zero: 0x80; positive: 0x81, leading exponent (biased, big-endian), digits, 0x00;
  // negative: 0x7F and every following byte inverted, so larger magnitudes sort first.
  if (digits_.empty()) {
    out.push_back(static_cast<char>(0x80));
    return;
  }
  int leading = exponent_ + static_cast<int>(digits_.size()) - 1;
  auto biased = static_cast<std::uint16_t>(leading + 0x8000);
  if (negative_) biased = static_cast<std::uint16_t>(~biased);
  out.push_back(static_cast<char>(negative_ ? 0x7F : 0x81));
  out.push_back(static_cast<char>(biased >> 8));
  out.push_back(static_cast<char>(biased & 0xFF));
  for (char d : digits_) out.push_back(negative_ ? static_cast<char>(0xFF - d) : d);
  out.push_back(negative_ ? static_cast<char>(0xFF) : '\0');
}

std::size_t Number::storageSize() const {
  // One byte, plus one per two significant digits on each side of the decimal point, plus one
  // for a negative number (measured against DynamoDB's 400 KB limit by the dynoxide project).
  if (digits_.empty()) return 1;
  long size = static_cast<long>(digits_.size());
  long integer_digits = std::clamp<long>(size + exponent_, 0, size);
  long fraction_digits = size - integer_digits;
  return static_cast<std::size_t>(1 + (integer_digits + 1) / 2 + (fraction_digits + 1) / 2 +
                                  (negative_ ? 1 : 0));
}

std::string canonicalNumber(std::string_view text) { return Number::parse(text).toString(); }

}  // namespace awsemu::dynamodb
