#include "src/iam/conditions.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include "awsemu/core/strings.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::iam {
namespace {

std::optional<double> parseNumber(std::string_view text) {
  text = strings::trim(text);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> parseDate(std::string_view text) { return timefmt::parseAny(text); }

bool compare(Comparison comparison, double left, double right) {
  switch (comparison) {
    case Comparison::LessThan:
      return left < right;
    case Comparison::LessThanEquals:
      return left <= right;
    case Comparison::GreaterThan:
      return left > right;
    case Comparison::GreaterThanEquals:
      return left >= right;
    default:
      return left == right;
  }
}

bool wildcardForm(const ConditionOperator& op) {
  return (op.family == OperatorFamily::String && op.comparison == Comparison::Like) ||
         op.family == OperatorFamily::Arn;
}

// Per-thread scratch for substituted values: evaluation allocates only until it has grown.
std::string& scratch() {
  thread_local std::string buffer;
  return buffer;
}

// Whether one request value matches one policy value (before negation).
bool valueMatches(const CompiledCondition& condition, const ConditionValue& policy_value,
                  std::string_view request_value, const RequestView& view) {
  const ConditionOperator& op = condition.op;
  std::string_view text = policy_value.text.literal();
  if (policy_value.text.hasVariables()) {
    if (!policy_value.text.resolve(view, scratch())) return false;
    text = scratch();
  }
  switch (op.family) {
    case OperatorFamily::String:
      if (op.comparison == Comparison::Like) return globMatch(text, request_value, false, true);
      if (op.comparison == Comparison::EqualsIgnoreCase) {
        return strings::iequals(text, request_value);
      }
      return text == request_value;
    case OperatorFamily::Binary:
      return text == request_value;
    case OperatorFamily::Bool:
      return strings::iequals(text, request_value);
    case OperatorFamily::Arn:
      return arnPartsMatch(ArnParts::split(text), ArnParts::split(request_value), true);
    case OperatorFamily::Numeric:
    case OperatorFamily::Date: {
      bool numeric = op.family == OperatorFamily::Numeric;
      auto request = numeric ? parseNumber(request_value) : parseDate(request_value);
      if (!request) return false;
      double policy = policy_value.number;
      if (!policy_value.parsed) {
        auto parsed = numeric ? parseNumber(text) : parseDate(text);
        if (!parsed) return false;
        policy = *parsed;
      }
      return compare(op.comparison, *request, policy);
    }
    case OperatorFamily::IpAddress: {
      IpNetwork network = policy_value.parsed ? policy_value.network : IpNetwork::parse(text, true);
      return network.family != 0 && network.contains(IpNetwork::parse(request_value, false));
    }
    case OperatorFamily::Null:
      return false;
  }
  return false;
}

bool anyPolicyValueMatches(const CompiledCondition& condition, std::string_view request_value,
                           const RequestView& view) {
  for (const auto& value : condition.values) {
    if (valueMatches(condition, value, request_value, view)) return true;
  }
  return false;
}

bool nullHolds(const CompiledCondition& condition, std::size_t present_values) {
  for (const auto& value : condition.values) {
    const std::string& text = value.text.literal();
    if (strings::iequals(text, "true") && present_values == 0) return true;
    if (strings::iequals(text, "false") && present_values > 0) return true;
  }
  return false;
}

}  // namespace

IpNetwork IpNetwork::parse(std::string_view text, bool allow_prefix) {
  IpNetwork out;
  text = strings::trim(text);
  std::size_t slash = text.find('/');
  std::string_view address = text.substr(0, slash);
  char buffer[64];
  if (address.empty() || address.size() >= sizeof buffer) return out;
  std::memcpy(buffer, address.data(), address.size());
  buffer[address.size()] = '\0';
  bool v6 = address.find(':') != std::string_view::npos;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, buffer, out.address.data()) != 1) return out;
  int bits = v6 ? 128 : 32;
  out.prefix = bits;
  if (slash != std::string_view::npos) {
    if (!allow_prefix) return out;
    std::string_view prefix = text.substr(slash + 1);
    int value = -1;
    auto [ptr, ec] = std::from_chars(prefix.data(), prefix.data() + prefix.size(), value);
    if (ec != std::errc() || ptr != prefix.data() + prefix.size() || value < 0 || value > bits) {
      return out;
    }
    out.prefix = value;
  }
  out.family = v6 ? 6 : 4;
  return out;
}

bool IpNetwork::contains(const IpNetwork& other) const {
  if (family == 0 || other.family != family) return false;
  int full_bytes = prefix / 8;
  if (std::memcmp(address.data(), other.address.data(), full_bytes) != 0) return false;
  int rest = prefix % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return (address[full_bytes] & mask) == (other.address[full_bytes] & mask);
}

CompiledCondition compileCondition(const ConditionClause& clause, bool variables_enabled) {
  CompiledCondition out;
  auto op = parseConditionOperator(clause.operator_name);
  out.key = compileKey(clause.key);
  if (!op) return out;
  out.known = true;
  out.op = *op;
  bool wildcard = wildcardForm(*op);
  for (const auto& text : clause.values) {
    ConditionValue value;
    value.text =
        ValueTemplate(text, variables_enabled && op->family != OperatorFamily::Null, wildcard);
    if (!value.text.hasVariables()) {
      if (op->family == OperatorFamily::Numeric) {
        auto number = parseNumber(text);
        value.parsed = number.has_value();
        value.number = number.value_or(0);
      } else if (op->family == OperatorFamily::Date) {
        auto date = parseDate(text);
        value.parsed = date.has_value();
        value.number = date.value_or(0);
      } else if (op->family == OperatorFamily::IpAddress) {
        value.network = IpNetwork::parse(text, true);
        value.parsed = true;
      }
    }
    out.values.push_back(std::move(value));
  }
  return out;
}

bool conditionHolds(const CompiledCondition& condition, const RequestView& view,
                    std::vector<const KeyRef*>* missing) {
  if (!condition.known) return false;
  const ConditionOperator& op = condition.op;
  KeyValues values = lookupKey(condition.key, view);
  std::size_t count = values.size();
  if (op.family == OperatorFamily::Null) return nullHolds(condition, count);
  if (count == 0 && missing) missing->push_back(&condition.key);

  switch (op.set) {
    case SetQualifier::ForAllValues:
      // Every request value must match (an empty or absent set trivially does).
      for (std::size_t i = 0; i < count; ++i) {
        if (anyPolicyValueMatches(condition, values[i], view) == op.negated) return false;
      }
      return true;
    case SetQualifier::ForAnyValue:
      if (count == 0) return op.if_exists;
      for (std::size_t i = 0; i < count; ++i) {
        if (anyPolicyValueMatches(condition, values[i], view) != op.negated) return true;
      }
      return false;
    case SetQualifier::None:
      break;
  }
  // An absent key fails a positive operator and satisfies a negated one (and ...IfExists).
  if (count == 0) return op.if_exists || op.negated;
  bool any = false;
  for (std::size_t i = 0; i < count && !any; ++i) {
    any = anyPolicyValueMatches(condition, values[i], view);
  }
  return any != op.negated;
}

}  // namespace awsemu::iam
