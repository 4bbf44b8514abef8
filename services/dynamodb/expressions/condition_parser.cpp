// Condition, filter, key condition and projection expressions.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
#include <string>

#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/parser_core.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace detail {
namespace {

using Kind = Token::Kind;

constexpr std::size_t kMaxInOperands = 100;

bool isConditionFunction(std::string_view name) {
  return name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
         name == "begins_with" || name == "contains";
}

std::optional<Comparator> comparatorAt(const Parser& parser) {
  switch (parser.peek().kind) {
    case Kind::Eq:
      return Comparator::Eq;
    case Kind::Ne:
      return Comparator::Ne;
    case Kind::Lt:
      return Comparator::Lt;
    case Kind::Le:
      return Comparator::Le;
    case Kind::Gt:
      return Comparator::Gt;
    case Kind::Ge:
      return Comparator::Ge;
    default:
      return std::nullopt;
  }
}

// ( operand, operand, ... )
std::vector<Operand> parseArguments(Parser& parser) {
  std::vector<Operand> args;
  parser.expect(Kind::LParen);
  args.push_back(parseConditionOperand(parser));
  while (parser.at(Kind::Comma)) {
    parser.next();
    args.push_back(parseConditionOperand(parser));
  }
  parser.expect(Kind::RParen);
  return args;
}

void requireCount(const Parser& parser, std::string_view function, const std::vector<Operand>& args,
                  std::size_t count) {
  if (args.size() != count) {
    parser.fail("Incorrect number of operands for operator or function; operator or function: " +
                std::string(function) + ", number of operands: " + std::to_string(args.size()));
  }
}

void requirePath(const Parser& parser, std::string_view function, const Operand& operand) {
  if (operand.kind != Operand::Kind::Path) {
    parser.fail("Operator or function requires a document path; operator or function: " +
                std::string(function));
  }
}

// A value operand of a type the function does not take (undefined values are reported later).
void requireValueType(const Parser& parser, std::string_view function, const Operand& operand,
                      std::initializer_list<ValueType> allowed) {
  if (operand.kind != Operand::Kind::Value) return;
  ValueType type = typeOf(operand.value);
  if (type == ValueType::Invalid) return;
  for (ValueType ok : allowed) {
    if (type == ok) return;
  }
  parser.fail("Incorrect operand type for operator or function; operator or function: " +
              std::string(function) + ", operand type: " + std::string(typeName(type)));
}

void checkDistinctOperands(const Parser& parser, std::string_view op,
                           const std::vector<Operand>& operands);

Condition functionCondition(Parser& parser, std::string_view name) {
  parser.countOperator();
  std::vector<Operand> args = parseArguments(parser);
  Condition c;
  if (name == "attribute_exists" || name == "attribute_not_exists") {
    requireCount(parser, name, args, 1);
    requirePath(parser, name, args[0]);
    c.kind = name == "attribute_exists" ? Condition::Kind::AttributeExists
                                        : Condition::Kind::AttributeNotExists;
  } else if (name == "attribute_type") {
    requireCount(parser, name, args, 2);
    requirePath(parser, name, args[0]);
    requireValueType(parser, name, args[1], {ValueType::S});
    if (args[1].kind == Operand::Kind::Value && typeOf(args[1].value) == ValueType::S) {
      std::string type = args[1].value["S"].get<std::string>();
      if (typeFromName(type) == ValueType::Invalid) {
        parser.fail("Invalid attribute type name found; type: " + type +
                    ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
      }
    }
    c.kind = Condition::Kind::AttributeType;
  } else if (name == "begins_with") {
    requireCount(parser, name, args, 2);
    requireValueType(parser, name, args[0], {ValueType::S, ValueType::B});
    requireValueType(parser, name, args[1], {ValueType::S, ValueType::B});
    c.kind = Condition::Kind::BeginsWith;
  } else {
    requireCount(parser, name, args, 2);
    c.kind = Condition::Kind::Contains;
  }
  c.operands = std::move(args);
  if (c.kind == Condition::Kind::BeginsWith || c.kind == Condition::Kind::Contains) {
    checkDistinctOperands(parser, name, c.operands);
  }
  return c;
}

std::string_view comparatorName(Comparator op) {
  switch (op) {
    case Comparator::Eq:
      return "=";
    case Comparator::Ne:
      return "<>";
    case Comparator::Lt:
      return "<";
    case Comparator::Le:
      return "<=";
    case Comparator::Gt:
      return ">";
    case Comparator::Ge:
      return ">=";
  }
  return "";
}

// contains(#a, #a), a = a: DynamoDB wants the first operand distinct from the others.
void checkDistinctOperands(const Parser& parser, std::string_view op,
                           const std::vector<Operand>& operands) {
  const Operand& first = operands[0];
  if (first.kind != Operand::Kind::Path) return;
  for (std::size_t i = 1; i < operands.size(); ++i) {
    if (operands[i].kind == Operand::Kind::Path && operands[i].path == first.path) {
      parser.fail(
          "The first operand must be distinct from the remaining operands for this operator or "
          "function; operator: " +
          std::string(op) + ", first operand: " + pathToBracketList(first.path));
    }
  }
}

// <, <=, >, >= and BETWEEN order strings, numbers and binaries only.
void checkOrderable(const Parser& parser, std::string_view op,
                    const std::vector<Operand>& operands) {
  for (const Operand& operand : operands) {
    if (operand.kind != Operand::Kind::Value) continue;
    ValueType type = typeOf(operand.value);
    if (type == ValueType::Invalid || isScalarKeyType(type)) continue;
    parser.fail("Incorrect operand type for operator or function; operator or function: " +
                std::string(op) + ", operand type: " + std::string(typeName(type)));
  }
}

void checkBetweenBounds(const Parser& parser, const Operand& lower, const Operand& upper) {
  if (lower.kind != Operand::Kind::Value || upper.kind != Operand::Kind::Value) return;
  auto order = compareScalars(lower.value, upper.value);
  if (order && *order == std::strong_ordering::greater) {
    parser.fail(
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
        "lower bound operand: " +
        describeValue(lower.value) + ", upper bound operand: " + describeValue(upper.value));
  }
}

Condition parseOr(Parser& parser);

Condition parsePrimary(Parser& parser) {
  if (parser.at(Kind::LParen)) {
    parser.enterGroup();
    parser.next();
    // ((a = :v)): DynamoDB refuses parentheses that wrap nothing but another parenthesised group.
    bool doubled = parser.at(Kind::LParen);
    std::size_t inner_open = parser.position();
    Condition inner = parseOr(parser);
    if (doubled && parser.at(Kind::RParen) &&
        parser.matchingParen(inner_open) + 1 == parser.position()) {
      parser.fail("The expression has redundant parentheses;");
    }
    parser.expect(Kind::RParen);
    parser.leaveGroup();
    return inner;
  }
  if (parser.at(Kind::Identifier) && parser.peek(1).kind == Kind::LParen) {
    std::string name(parser.peek().text);
    if (isConditionFunction(name)) {
      parser.next();
      return functionCondition(parser, name);
    }
    if (name == "if_not_exists" || name == "list_append") {
      parser.fail("The function is not allowed in a condition expression; function: " + name);
    }
    if (name != "size") parser.fail("Invalid function name; function: " + name);
  }
  Condition c;
  c.operands.push_back(parseConditionOperand(parser));
  parser.countOperator();
  if (auto op = comparatorAt(parser)) {
    parser.next();
    c.kind = Condition::Kind::Compare;
    c.op = *op;
    c.operands.push_back(parseConditionOperand(parser));
    if (*op != Comparator::Eq && *op != Comparator::Ne) {
      checkOrderable(parser, comparatorName(*op), c.operands);
    }
    checkDistinctOperands(parser, comparatorName(*op), c.operands);
  } else if (parser.acceptKeyword("BETWEEN")) {
    c.kind = Condition::Kind::Between;
    c.operands.push_back(parseConditionOperand(parser));
    if (!parser.acceptKeyword("AND")) parser.syntaxError();
    c.operands.push_back(parseConditionOperand(parser));
    checkOrderable(parser, "BETWEEN", c.operands);
    checkDistinctOperands(parser, "BETWEEN", c.operands);
    checkBetweenBounds(parser, c.operands[1], c.operands[2]);
  } else if (parser.acceptKeyword("IN")) {
    c.kind = Condition::Kind::In;
    std::vector<Operand> list = parseArguments(parser);
    if (list.size() > kMaxInOperands) {
      parser.fail("The IN operator is provided with too many operands; number of operands: " +
                  std::to_string(list.size()));
    }
    for (Operand& operand : list) c.operands.push_back(std::move(operand));
    checkDistinctOperands(parser, "IN", c.operands);
  } else if (c.operands[0].kind == Operand::Kind::Size) {
    parser.fail("The function is not allowed to be used this way in an expression; function: size");
  } else {
    parser.syntaxError();
  }
  return c;
}

Condition parseNot(Parser& parser) {
  if (parser.acceptKeyword("NOT")) {
    parser.countOperator();
    Condition c;
    c.kind = Condition::Kind::Not;
    c.children.push_back(parseNot(parser));
    return c;
  }
  return parsePrimary(parser);
}

Condition joined(Condition::Kind kind, Condition left, Condition right) {
  Condition c;
  c.kind = kind;
  c.children.push_back(std::move(left));
  c.children.push_back(std::move(right));
  return c;
}

Condition parseAnd(Parser& parser) {
  Condition left = parseNot(parser);
  while (parser.acceptKeyword("AND")) {
    parser.countOperator();
    left = joined(Condition::Kind::And, std::move(left), parseNot(parser));
  }
  return left;
}

Condition parseOr(Parser& parser) {
  Condition left = parseAnd(parser);
  while (parser.acceptKeyword("OR")) {
    parser.countOperator();
    left = joined(Condition::Kind::Or, std::move(left), parseAnd(parser));
  }
  return left;
}

}  // namespace

Operand parseConditionOperand(Parser& parser) {
  if (parser.at(Kind::Value)) return parser.parseValue();
  if (parser.at(Kind::Identifier) && parser.peek(1).kind == Kind::LParen) {
    std::string name(parser.peek().text);
    if (name != "size") {
      if (isConditionFunction(name) || name == "if_not_exists" || name == "list_append") {
        parser.fail("The function is not allowed to be used this way in an expression; function: " +
                    name);
      }
      parser.fail("Invalid function name; function: " + name);
    }
    parser.next();
    parser.countOperator();
    std::vector<Operand> args = parseArguments(parser);
    requireCount(parser, name, args, 1);
    requirePath(parser, name, args[0]);
    Operand size;
    size.kind = Operand::Kind::Size;
    size.args = std::move(args);
    return size;
  }
  Operand operand;
  operand.kind = Operand::Kind::Path;
  operand.path = parser.parsePath();
  return operand;
}

Condition parseConditionTree(Parser& parser) { return parseOr(parser); }

}  // namespace detail

Condition parseCondition(std::string_view text, ExpressionContext& context, std::string_view kind) {
  detail::Parser parser(text, context, kind);
  parser.checkNotEmpty();
  Condition condition = detail::parseConditionTree(parser);
  parser.finish();
  return condition;
}

ProjectionPaths parseProjection(std::string_view text, ExpressionContext& context) {
  detail::Parser parser(text, context, "ProjectionExpression");
  parser.checkNotEmpty();
  ProjectionPaths projection;
  projection.paths.push_back(parser.parsePath());
  while (parser.at(detail::Token::Kind::Comma)) {
    parser.next();
    projection.paths.push_back(parser.parsePath());
  }
  parser.finish();
  std::vector<const DocumentPath*> paths;
  for (const DocumentPath& path : projection.paths) paths.push_back(&path);
  detail::checkPathsDisjoint(paths, parser);
  return projection;
}

}  // namespace awsemu::dynamodb
