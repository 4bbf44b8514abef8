#include "services/sns/filter_policy.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "services/sns/sns_errors.hpp"

namespace awsemu::sns {
namespace {

// https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
constexpr std::size_t kMaxKeys = 5;
constexpr std::size_t kMaxCombinations = 150;

using Kind = FilterCondition::Kind;
using Alternative = FilterPolicy::Alternative;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<double> parseNumber(std::string_view text) {
  std::string copy(text);
  if (copy.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

// ---- parsing ----------------------------------------------------------------------------------

std::string stringOperand(const Json& value, const std::string& op) {
  if (!value.is_string()) throw errors::filterPolicy(op + " match pattern must be a string");
  return value.get<std::string>();
}

FilterCondition parseNumeric(const Json& value) {
  if (!value.is_array() || value.empty())
    throw errors::filterPolicy("Value of numeric must be an array.");
  if (value.size() > 4) throw errors::filterPolicy("Too many elements in numeric expression");
  FilterCondition c;
  c.kind = Kind::Numeric;
  for (std::size_t i = 0; i < value.size(); i += 2) {
    if (!value[i].is_string())
      throw errors::filterPolicy("Invalid member in numeric match: " + value[i].dump());
    std::string op = value[i].get<std::string>();
    bool lower_op = op == ">" || op == ">=", upper_op = op == "<" || op == "<=";
    if (op != "=" && !lower_op && !upper_op)
      throw errors::filterPolicy("Unrecognized numeric range operator: " + op);
    if (i + 1 >= value.size() || !value[i + 1].is_number())
      throw errors::filterPolicy("Value of " + op + " must be numeric");
    double operand = value[i + 1].get<double>();
    if (operand < -1e9 || operand > 1e9)
      throw errors::filterPolicy("Value of " + op + " must be numeric");
    // One "=", or a lower bound, an upper bound, or a lower bound followed by an upper one.
    bool valid_position = i == 0 || (upper_op && c.lower && !c.upper);
    if (!valid_position || (op == "=" && value.size() > 2))
      throw errors::filterPolicy("Bad numeric range operator: " + op);
    if (op == "=") {
      c.lower = c.upper = operand;
      c.lower_inclusive = c.upper_inclusive = true;
    } else if (lower_op) {
      c.lower = operand;
      c.lower_inclusive = op == ">=";
    } else {
      c.upper = operand;
      c.upper_inclusive = op == "<=";
    }
  }
  if (c.lower && c.upper && *c.lower > *c.upper)
    throw errors::filterPolicy("Bottom must be less than top");
  return c;
}

FilterCondition parseCidr(const Json& value) {
  std::string text = stringOperand(value, "cidr");
  auto slash = text.find('/');
  if (slash == std::string::npos || text.find('/', slash + 1) != std::string::npos)
    throw errors::filterPolicy("Malformed CIDR, one '/' required");
  std::string address = text.substr(0, slash);
  FilterCondition c;
  c.kind = Kind::Cidr;
  unsigned char bytes[16];
  bool v6 = address.find(':') != std::string::npos;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, address.c_str(), bytes) != 1)
    throw errors::filterPolicy("Nonstandard IP address: " + address);
  c.network.assign(reinterpret_cast<char*>(bytes), v6 ? 16 : 4);
  std::string_view bits = std::string_view(text).substr(slash + 1);
  auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), c.prefix_bits);
  int max_bits = v6 ? 128 : 32;
  if (ec != std::errc() || end != bits.data() + bits.size() || c.prefix_bits < 0 ||
      c.prefix_bits > max_bits)
    throw errors::filterPolicy("Malformed CIDR, mask bits must be an integer");
  return c;
}

FilterCondition parseAnythingBut(const Json& value) {
  FilterCondition c;
  c.kind = Kind::AnythingBut;
  auto add = [&](const Json& item) {
    if (item.is_string())
      c.strings.push_back(item.get<std::string>());
    else if (item.is_number())
      c.numbers.push_back(item.get<double>());
    else
      throw errors::filterPolicy(
          "Value of anything-but must be an array or single string/number value.");
  };
  if (value.is_object()) {
    if (value.size() != 1)
      throw errors::filterPolicy(
          "Value of anything-but must be an array or single string/number value.");
    const auto& [op, operand] = *value.items().begin();
    if (op == "prefix") {
      c.kind = Kind::AnythingButPrefix;
      c.text = stringOperand(operand, "prefix");
    } else if (op == "suffix") {
      c.kind = Kind::AnythingButSuffix;
      c.text = stringOperand(operand, "suffix");
    } else {
      throw errors::filterPolicy("Unsupported anything-but pattern: " + op);
    }
    if (c.text.empty()) throw errors::filterPolicy("Null prefix/suffix not allowed");
    return c;
  }
  if (value.is_array()) {
    if (value.empty()) throw errors::filterPolicy("Empty arrays are not allowed");
    for (const auto& item : value) add(item);
  } else {
    add(value);
  }
  return c;
}

FilterCondition parseOperator(const Json& object) {
  if (object.size() != 1) throw errors::filterPolicy("Only one key allowed in match expression");
  const auto& [op, operand] = *object.items().begin();
  FilterCondition c;
  if (op == "prefix" || op == "suffix" || op == "equals-ignore-case") {
    c.kind = op == "prefix" ? Kind::Prefix : op == "suffix" ? Kind::Suffix : Kind::EqualsIgnoreCase;
    c.text = stringOperand(operand, op);
    return c;
  }
  if (op == "anything-but") return parseAnythingBut(operand);
  if (op == "numeric") return parseNumeric(operand);
  if (op == "cidr") return parseCidr(operand);
  if (op == "exists") {
    if (!operand.is_boolean())
      throw errors::filterPolicy("exists match pattern must be either true or false.");
    c.kind = Kind::Exists;
    c.flag = operand.get<bool>();
    return c;
  }
  throw errors::filterPolicy("Unrecognized match type " + op);
}

std::vector<FilterCondition> parseConditions(const Json& array) {
  if (array.empty()) throw errors::filterPolicy("Empty arrays are not allowed");
  std::vector<FilterCondition> conditions;
  for (const auto& item : array) {
    FilterCondition c;
    if (item.is_string()) {
      c.text = item.get<std::string>();
    } else if (item.is_boolean()) {
      c.kind = Kind::ExactBoolean;
      c.flag = item.get<bool>();
    } else if (item.is_number()) {
      c.kind = Kind::ExactNumber;
      c.number = item.get<double>();
    } else if (item.is_null()) {
      c.kind = Kind::ExactNull;
    } else if (item.is_object()) {
      c = parseOperator(item);
    } else {
      throw errors::filterPolicy("Match value must be String, number, true, false, or null");
    }
    conditions.push_back(std::move(c));
  }
  return conditions;
}

std::vector<Alternative> cross(const std::vector<Alternative>& left,
                               const std::vector<Alternative>& right) {
  std::vector<Alternative> out;
  for (const auto& a : left)
    for (const auto& b : right) {
      Alternative joined = a;
      joined.insert(joined.end(), b.begin(), b.end());
      out.push_back(std::move(joined));
      if (out.size() > kMaxCombinations) throw errors::filterPolicy("Filter policy is too complex");
    }
  return out;
}

std::vector<Alternative> parseObject(const Json& object, const std::vector<std::string>& prefix,
                                     FilterScope scope) {
  std::vector<Alternative> result{Alternative{}};
  for (const auto& [key, value] : object.items()) {
    if (key == "$or") {
      if (!value.is_array() || value.size() < 2)
        throw errors::filterPolicy("Or condition must be an array of at least 2 objects");
      std::vector<Alternative> choices;
      for (const auto& option : value) {
        if (!option.is_object()) throw errors::filterPolicy("Or condition members must be objects");
        auto sub = parseObject(option, prefix, scope);
        choices.insert(choices.end(), sub.begin(), sub.end());
      }
      result = cross(result, choices);
      continue;
    }
    auto path = prefix;
    path.push_back(key);
    if (value.is_array()) {
      result = cross(result, {Alternative{{path, parseConditions(value)}}});
    } else if (value.is_object()) {
      if (scope == FilterScope::MessageAttributes)
        throw errors::invalidParameter(
            "Filter policy scope MessageAttributes does not support nested filter policy");
      result = cross(result, parseObject(value, path, scope));
    } else {
      throw errors::filterPolicy("\"" + key + "\" must be an object or an array");
    }
  }
  return result;
}

// ---- matching ---------------------------------------------------------------------------------

bool inCidr(const FilterCondition& c, const std::string& text) {
  unsigned char bytes[16];
  bool v6 = c.network.size() == 16;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes) != 1) return false;
  int bits = c.prefix_bits;
  for (std::size_t i = 0; i < c.network.size() && bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
    if ((bytes[i] & mask) != (static_cast<unsigned char>(c.network[i]) & mask)) return false;
  }
  return true;
}

void bodyValues(const Json& node, const std::vector<std::string>& path, std::size_t depth,
                std::vector<FilterValue>& out, bool& exists) {
  if (node.is_array()) {
    for (const auto& item : node) bodyValues(item, path, depth, out, exists);
    return;
  }
  if (depth == path.size()) {
    exists = true;
    FilterValue v;
    if (node.is_string()) {
      v.text = node.get<std::string>();
    } else if (node.is_number()) {
      v.type = FilterValue::Type::Number;
      v.number = node.get<double>();
    } else if (node.is_boolean()) {
      v.type = FilterValue::Type::Boolean;
      v.flag = node.get<bool>();
    } else if (node.is_null()) {
      v.type = FilterValue::Type::Null;
    } else {
      return;  // an object where the policy expects a value: the key exists, nothing matches
    }
    out.push_back(std::move(v));
    return;
  }
  if (!node.is_object()) return;
  auto it = node.find(path[depth]);
  if (it != node.end()) bodyValues(*it, path, depth + 1, out, exists);
}

}  // namespace

bool FilterCondition::matches(const FilterValue& value) const {
  using Type = FilterValue::Type;
  bool is_string = value.type == Type::String;
  switch (kind) {
    case Kind::ExactString:
      return is_string && value.text == text;
    case Kind::ExactNumber:
      return value.type == Type::Number && value.number == number;
    case Kind::ExactBoolean:
      return value.type == Type::Boolean && value.flag == flag;
    case Kind::ExactNull:
      return value.type == Type::Null;
    case Kind::Prefix:
      return is_string && value.text.starts_with(text);
    case Kind::Suffix:
      return is_string && value.text.ends_with(text);
    case Kind::EqualsIgnoreCase:
      return is_string && iequals(value.text, text);
    case Kind::AnythingBut:
      if (is_string) return std::find(strings.begin(), strings.end(), value.text) == strings.end();
      if (value.type == Type::Number)
        return std::find(numbers.begin(), numbers.end(), value.number) == numbers.end();
      return value.type != Type::Null;
    case Kind::AnythingButPrefix:
      return is_string && !value.text.starts_with(text);
    case Kind::AnythingButSuffix:
      return is_string && !value.text.ends_with(text);
    case Kind::Numeric:
      if (value.type != Type::Number) return false;
      if (lower && (lower_inclusive ? value.number < *lower : value.number <= *lower)) return false;
      if (upper && (upper_inclusive ? value.number > *upper : value.number >= *upper)) return false;
      return true;
    case Kind::Exists:
      return flag;  // called only for keys that exist
    case Kind::Cidr:
      return is_string && inCidr(*this, value.text);
  }
  return false;
}

std::shared_ptr<const FilterPolicy> FilterPolicy::parse(std::string_view text, FilterScope scope) {
  Json document = Json::parse(text, nullptr, false);
  if (document.is_discarded()) throw errors::filterPolicy("failed to parse JSON.");
  if (!document.is_object()) throw errors::filterPolicy("Filter policy must be a JSON object");
  auto policy = std::make_shared<FilterPolicy>();
  policy->scope_ = scope;
  if (document.empty()) return policy;  // {} accepts every message
  policy->alternatives_ = parseObject(document, {}, scope);
  std::size_t combinations = 0;
  for (const auto& alternative : policy->alternatives_) {
    if (alternative.size() > kMaxKeys)
      throw errors::filterPolicy("Filter policy can not have more than 5 keys");
    std::size_t product = 1;
    for (const auto& key : alternative) product *= key.conditions.size();
    combinations += product;
  }
  if (combinations > kMaxCombinations) throw errors::filterPolicy("Filter policy is too complex");
  return policy;
}

// A key with no value matches only {"exists": false}; otherwise one condition must match one value
// ({"exists": false} never does, {"exists": true} always does).
template <class ValuesOf>
bool FilterPolicy::matchesWith(const ValuesOf& values_of) const {
  if (alternatives_.empty()) return true;
  for (const auto& alternative : alternatives_) {
    bool all = true;
    for (const auto& key : alternative) {
      bool exists = false;
      std::vector<FilterValue> values = values_of(key.path, exists);
      bool matched = false;
      for (const auto& condition : key.conditions) {
        if (condition.kind == Kind::Exists) {
          matched = condition.flag == exists;
        } else if (exists) {
          for (const auto& value : values)
            if (condition.matches(value)) {
              matched = true;
              break;
            }
        }
        if (matched) break;
      }
      if (!matched) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

std::vector<FilterValue> attributeValues(const Json& attribute) {
  std::vector<FilterValue> values;
  std::string type = attribute.value("DataType", "String");
  std::string text = attribute.value("StringValue", "");
  if (type.starts_with("Number")) {
    FilterValue v;
    v.type = FilterValue::Type::Number;
    if (auto number = parseNumber(text)) v.number = *number;
    values.push_back(v);
  } else if (type == "String.Array") {
    Json array = Json::parse(text, nullptr, false);
    if (!array.is_array()) return values;
    for (const auto& item : array) {
      FilterValue v;
      if (item.is_string()) {
        v.text = item.get<std::string>();
      } else if (item.is_number()) {
        v.type = FilterValue::Type::Number;
        v.number = item.get<double>();
      } else if (item.is_boolean()) {
        v.type = FilterValue::Type::Boolean;
        v.flag = item.get<bool>();
      } else if (item.is_null()) {
        v.type = FilterValue::Type::Null;
      } else {
        continue;
      }
      values.push_back(std::move(v));
    }
  } else if (type.starts_with("String")) {
    FilterValue v;
    v.text = text;
    values.push_back(std::move(v));
  }
  return values;  // Binary attributes are not matched
}

bool FilterPolicy::matchesAttributes(const Json& attributes) const {
  return matchesWith([&](const std::vector<std::string>& path, bool& exists) {
    std::vector<FilterValue> values;
    if (!attributes.is_object()) return values;
    auto it = attributes.find(path.front());
    if (it == attributes.end()) return values;
    exists = true;
    return attributeValues(*it);
  });
}

bool FilterPolicy::matchesBody(std::string_view body) const {
  if (alternatives_.empty()) return true;
  Json document = Json::parse(body, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return false;
  return matchesBody(document);
}

bool FilterPolicy::matchesBody(const Json& body) const {
  return matchesWith([&](const std::vector<std::string>& path, bool& exists) {
    std::vector<FilterValue> values;
    bodyValues(body, path, 0, values, exists);
    return values;
  });
}

}  // namespace awsemu::sns
