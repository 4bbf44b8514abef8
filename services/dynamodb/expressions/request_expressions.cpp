// Which expressions a request carries, checked together: expression and legacy parameters are not
// mixed, ExpressionAttributeNames/Values are well-formed, defined where used and all used.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html
#include "services/dynamodb/expressions/request_expressions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/legacy_parameters.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

constexpr std::array<std::string_view, 7> kLegacyParameters = {
    "AttributesToGet", "QueryFilter",      "ScanFilter",         "KeyConditions",
    "Expected",        "AttributeUpdates", "ConditionalOperator"};
constexpr std::array<std::string_view, 5> kExpressionParameters = {
    "ProjectionExpression", "FilterExpression", "KeyConditionExpression", "ConditionExpression",
    "UpdateExpression"};

const Json* member(const Json& input, std::string_view name) {
  auto it = input.find(std::string(name));
  return it == input.end() || it->is_null() ? nullptr : &*it;
}

template <std::size_t N>
std::string present(const Json& input, const std::array<std::string_view, N>& names) {
  std::string list;
  for (std::string_view name : names) {
    if (member(input, name)) list += (list.empty() ? "" : ", ") + std::string(name);
  }
  return list;
}

// "#name" / ":value": the sigil and at least one word character.
bool validPlaceholder(const std::string& key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (std::size_t i = 1; i < key.size(); ++i) {
    if (!std::isalnum(static_cast<unsigned char>(key[i])) && key[i] != '_') return false;
  }
  return true;
}

void checkPlaceholders(const Json& map, std::string_view parameter, char sigil) {
  if (map.empty()) throw errors::validation(std::string(parameter) + " must not be empty");
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!validPlaceholder(it.key(), sigil)) {
      throw errors::validation(std::string(parameter) +
                               " contains invalid key: Syntax error; key: \"" + it.key() + "\"");
    }
  }
}

std::string_view text(const Json& value) {
  return value.is_string() ? std::string_view(value.get_ref<const std::string&>()) : "";
}

RequestExpressions parseLegacy(const Json& input) {
  RequestExpressions out;
  const Json* conditional_operator = member(input, "ConditionalOperator");
  if (const Json* expected = member(input, "Expected")) {
    out.condition = detail::legacyExpected(*expected, conditional_operator);
  }
  for (std::string_view name : {"QueryFilter", "ScanFilter"}) {
    if (const Json* filter = member(input, name)) {
      out.filter = detail::legacyFilter(*filter, conditional_operator);
    }
  }
  if (const Json* key_conditions = member(input, "KeyConditions")) {
    out.key_condition = detail::legacyKeyConditions(*key_conditions);
  }
  if (const Json* updates = member(input, "AttributeUpdates")) {
    out.update = detail::legacyAttributeUpdates(*updates);
  }
  if (const Json* attributes = member(input, "AttributesToGet")) {
    out.projection = detail::legacyAttributesToGet(*attributes);
  }
  return out;
}

}  // namespace

RequestExpressions parseRequestExpressions(const Json& input) {
  // Most requests (GetItem / PutItem on the hot path) carry no expression at all: one pass over
  // the few members decides that without further lookups.
  bool relevant = false;
  for (auto it = input.begin(); it != input.end() && !relevant; ++it) {
    std::string_view key = it.key();
    relevant = key.find("Expression") != std::string_view::npos ||
               std::find(kLegacyParameters.begin(), kLegacyParameters.end(), key) !=
                   kLegacyParameters.end();
  }
  if (!relevant) return {};
  std::string legacy = present(input, kLegacyParameters);
  std::string expressions = present(input, kExpressionParameters);
  if (!legacy.empty() && !expressions.empty()) {
    throw errors::validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {" +
        legacy + "} Expression parameters: {" + expressions + "}");
  }
  const Json* names = member(input, "ExpressionAttributeNames");
  const Json* values = member(input, "ExpressionAttributeValues");
  if (expressions.empty()) {
    if (names) {
      throw errors::validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    if (values) {
      throw errors::validation(
          "ExpressionAttributeValues can only be specified when using expressions");
    }
    return parseLegacy(input);
  }
  if (names) checkPlaceholders(*names, "ExpressionAttributeNames", '#');
  Json normalized_values;
  if (values) {
    checkPlaceholders(*values, "ExpressionAttributeValues", ':');
    normalized_values = *values;
    normalizeExpressionValues(normalized_values);
  }
  ExpressionContext context(names, values ? &normalized_values : nullptr);
  RequestExpressions out;
  if (const Json* update = member(input, "UpdateExpression")) {
    out.update = parseUpdate(text(*update), context);
  }
  if (const Json* condition = member(input, "ConditionExpression")) {
    out.condition = parseCondition(text(*condition), context, "ConditionExpression");
  }
  if (const Json* key_condition = member(input, "KeyConditionExpression")) {
    out.key_condition = parseKeyCondition(text(*key_condition), context);
  }
  if (const Json* filter = member(input, "FilterExpression")) {
    out.filter = parseCondition(text(*filter), context, "FilterExpression");
  }
  if (const Json* projection = member(input, "ProjectionExpression")) {
    out.projection = parseProjection(text(*projection), context);
  }
  context.checkAllUsed();
  return out;
}

}  // namespace awsemu::dynamodb
