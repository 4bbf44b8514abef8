// UpdateExpression: SET / REMOVE / ADD / DELETE clauses, each at most once.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
#include <string>

#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/parser_core.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

using detail::Parser;
using Kind = detail::Token::Kind;

// Type names as DynamoDB prints them for ADD and DELETE operands.
std::string longTypeName(ValueType type) {
  switch (type) {
    case ValueType::S:
      return "STRING";
    case ValueType::N:
      return "NUMBER";
    case ValueType::B:
      return "BINARY";
    case ValueType::Bool:
      return "BOOLEAN";
    case ValueType::Null:
      return "NULL";
    case ValueType::L:
      return "LIST";
    case ValueType::M:
      return "MAP";
    case ValueType::SS:
      return "STRING_SET";
    case ValueType::NS:
      return "NUMBER_SET";
    case ValueType::BS:
      return "BINARY_SET";
    case ValueType::Invalid:
      break;
  }
  return "";
}

void requireOperandType(const Parser& parser, std::string_view function, const Operand& operand,
                        ValueType allowed) {
  if (operand.kind != Operand::Kind::Value) return;
  ValueType type = typeOf(operand.value);
  if (type == ValueType::Invalid || type == allowed) return;
  parser.fail("Incorrect operand type for operator or function; operator or function: " +
              std::string(function) + ", operand type: " + std::string(typeName(type)));
}

Operand parseUpdateOperand(Parser& parser);

Operand parseFunction(Parser& parser) {
  std::string name(parser.peek().text);
  if (name != "if_not_exists" && name != "list_append") {
    if (name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
        name == "begins_with" || name == "contains" || name == "size") {
      parser.fail("The function is not allowed in an update expression; function: " + name);
    }
    parser.fail("Invalid function name; function: " + name);
  }
  parser.next();
  parser.expect(Kind::LParen);
  Operand call;
  call.args.push_back(parseUpdateOperand(parser));
  while (parser.at(Kind::Comma)) {
    parser.next();
    call.args.push_back(parseUpdateOperand(parser));
  }
  parser.expect(Kind::RParen);
  if (call.args.size() != 2) {
    parser.fail("Incorrect number of operands for operator or function; operator or function: " +
                name + ", number of operands: " + std::to_string(call.args.size()));
  }
  if (name == "if_not_exists") {
    call.kind = Operand::Kind::IfNotExists;
    if (call.args[0].kind != Operand::Kind::Path) {
      parser.fail("Operator or function requires a document path; operator or function: " + name);
    }
  } else {
    call.kind = Operand::Kind::ListAppend;
    requireOperandType(parser, name, call.args[0], ValueType::L);
    requireOperandType(parser, name, call.args[1], ValueType::L);
  }
  return call;
}

Operand parseUpdateOperand(Parser& parser) {
  if (parser.at(Kind::Value)) return parser.parseValue();
  if (parser.at(Kind::Identifier) && parser.peek(1).kind == Kind::LParen) {
    return parseFunction(parser);
  }
  Operand operand;
  operand.kind = Operand::Kind::Path;
  operand.path = parser.parsePath();
  return operand;
}

// operand [ (+|-) operand ]
Operand parseSetValue(Parser& parser) {
  Operand left = parseUpdateOperand(parser);
  if (!parser.at(Kind::Plus) && !parser.at(Kind::Minus)) return left;
  bool plus = parser.at(Kind::Plus);
  parser.next();
  Operand sum;
  sum.kind = plus ? Operand::Kind::Plus : Operand::Kind::Minus;
  sum.args.push_back(std::move(left));
  sum.args.push_back(parseUpdateOperand(parser));
  for (const Operand& operand : sum.args) {
    requireOperandType(parser, plus ? "+" : "-", operand, ValueType::N);
  }
  return sum;
}

void checkAddDeleteValue(const Parser& parser, UpdateAction::Kind kind, const Operand& value) {
  ValueType type = typeOf(value.value);
  if (type == ValueType::Invalid) return;  // undefined placeholder: reported by finish()
  bool ok = isSet(type) || (kind == UpdateAction::Kind::Add && type == ValueType::N);
  if (!ok) {
    parser.fail("Incorrect operand type for operator or function; operator: " +
                std::string(kind == UpdateAction::Kind::Add ? "ADD" : "DELETE") +
                ", operand type: " + longTypeName(type));
  }
}

void parseClause(Parser& parser, UpdateAction::Kind kind, UpdatePlan& plan) {
  do {
    UpdateAction action;
    action.kind = kind;
    action.path = parser.parsePath();
    if (kind == UpdateAction::Kind::Set) {
      parser.expect(Kind::Eq);
      action.value = parseSetValue(parser);
    } else if (kind != UpdateAction::Kind::Remove) {
      action.value = parser.parseValue();
      checkAddDeleteValue(parser, kind, action.value);
    }
    plan.actions.push_back(std::move(action));
  } while (parser.at(Kind::Comma) && (parser.next(), true));
}

}  // namespace

UpdatePlan parseUpdate(std::string_view text, ExpressionContext& context) {
  Parser parser(text, context, "UpdateExpression");
  parser.checkNotEmpty();
  UpdatePlan plan;
  static constexpr std::pair<std::string_view, UpdateAction::Kind> kClauses[] = {
      {"SET", UpdateAction::Kind::Set},
      {"REMOVE", UpdateAction::Kind::Remove},
      {"ADD", UpdateAction::Kind::Add},
      {"DELETE", UpdateAction::Kind::Delete},
  };
  bool seen[4] = {false, false, false, false};
  while (!parser.atEnd()) {
    bool matched = false;
    for (std::size_t i = 0; i < 4 && !matched; ++i) {
      if (!parser.atKeyword(kClauses[i].first)) continue;
      if (seen[i]) {
        parser.fail("The \"" + std::string(kClauses[i].first) +
                    "\" section can only be used once in an update expression;");
      }
      parser.next();
      seen[i] = matched = true;
      parseClause(parser, kClauses[i].second, plan);
    }
    if (!matched) parser.syntaxError();
  }
  parser.finish();
  std::vector<const DocumentPath*> paths;
  for (const UpdateAction& action : plan.actions) paths.push_back(&action.path);
  detail::checkPathsDisjoint(paths, parser);
  return plan;
}

}  // namespace awsemu::dynamodb
