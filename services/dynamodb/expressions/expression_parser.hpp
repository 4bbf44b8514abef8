#pragma once
// Tokenizer + recursive-descent parser for DynamoDB's expressions. Every parse function throws
// ValidationException with DynamoDB's wording, e.g.
//   Invalid ConditionExpression: Syntax error; token: "x", near: "a x"
//   Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status
//   An expression attribute name used in the document path is not defined; attribute name: #n
//   An expression attribute value used in expression is not defined; attribute value: :v
#include <set>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"

namespace awsemu::dynamodb {

// The request's ExpressionAttributeNames / ExpressionAttributeValues, shared by all expressions of
// one request so that unused entries can be reported once every expression has been parsed.
class ExpressionContext {
 public:
  // Either may be null (absent). Values must already be validated (normalizeExpressionValues);
  // parseRequestExpressions does that.
  ExpressionContext(const Json* names, const Json* values) : names_(names), values_(values) {}

  // "#n" -> the name; marks it used; throws the "not defined" error.
  const std::string& name(std::string_view placeholder);
  // ":v" -> the value; marks it used; throws the "not defined" error.
  const Json& value(std::string_view placeholder);
  // Lookups that mark the placeholder used and answer null when it is not defined.
  const std::string* findName(std::string_view placeholder);
  const Json* findValue(std::string_view placeholder);
  // Throws "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}" and
  // the same for values (names first, as DynamoDB checks them first).
  void checkAllUsed() const;

 private:
  const Json* names_;
  const Json* values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

// `kind` is the request member, used in messages ("ConditionExpression", "FilterExpression").
Condition parseCondition(std::string_view text, ExpressionContext& context,
                         std::string_view kind = "ConditionExpression");
UpdatePlan parseUpdate(std::string_view text, ExpressionContext& context);
ProjectionPaths parseProjection(std::string_view text, ExpressionContext& context);
KeyConditionSpec parseKeyCondition(std::string_view text, ExpressionContext& context);

// DynamoDB's reserved words (case-insensitive):
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
bool isReservedWord(std::string_view word);

}  // namespace awsemu::dynamodb
