// PartiQL statements into the expression AST.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.statements.html
#include <cctype>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/partiql/partiql_lexer.hpp"
#include "services/dynamodb/partiql/statement.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/number.hpp"

namespace awsemu::dynamodb::partiql {
namespace {

using detail::Token;
using Kind = Token::Kind;

const char* const kParameterCount = "Number of parameters in request and statement don't match.";

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

class StatementParser {
 public:
  StatementParser(std::string_view text, const Json* parameters)
      : tokens_(detail::tokenize(text)), parameters_(parameters) {}

  Statement parse() {
    Statement s;
    if (acceptWord("SELECT")) {
      parseSelect(s);
    } else if (acceptWord("INSERT")) {
      parseInsert(s);
    } else if (acceptWord("UPDATE")) {
      parseUpdate(s);
    } else if (acceptWord("DELETE")) {
      parseDelete(s);
    } else {
      unexpected();
    }
    if (peek().kind != Kind::End) unexpected();
    std::size_t given = parameters_ && parameters_->is_array() ? parameters_->size() : 0;
    if (used_parameters_ != given) throw errors::validation(kParameterCount);
    return s;
  }

 private:
  // ---- cursor -------------------------------------------------------------------------------
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() {
    const Token& token = tokens_[position_];
    if (position_ + 1 < tokens_.size()) ++position_;
    return token;
  }
  bool atWord(std::string_view word, std::size_t ahead = 0) const {
    return peek(ahead).kind == Kind::Word && equalsIgnoreCase(peek(ahead).text, word);
  }
  bool acceptWord(std::string_view word) {
    if (!atWord(word)) return false;
    next();
    return true;
  }
  void expectWord(std::string_view word) {
    if (!acceptWord(word)) unexpected();
  }
  void expect(Kind kind) {
    if (peek().kind != kind) unexpected();
    next();
  }
  [[noreturn]] void unexpected() const {
    const Token& token = peek();
    throw errors::validation("Statement wasn't well formed, can't be processed: " +
                             (token.kind == Kind::End ? std::string("Unexpected end of statement")
                                                      : "Unexpected token: " + token.text));
  }

  // Parentheses and literals nest at most this deep, so untrusted input cannot exhaust the stack
  // (items themselves nest at most 32 levels).
  struct Nesting {
    explicit Nesting(StatementParser& parser) : parser(parser) {
      if (++parser.depth_ > 64) {
        throw errors::validation(
            "Statement wasn't well formed, can't be processed: Nesting too deep");
      }
    }
    ~Nesting() { --parser.depth_; }
    StatementParser& parser;
  };

  // ---- names, paths, values -----------------------------------------------------------------
  std::string identifier() {
    if (peek().kind != Kind::Word && peek().kind != Kind::QuotedName) unexpected();
    return next().text;
  }

  // "table" or "table"."index"; DynamoDB's messages for anything else.
  void tableReference(Statement& s) {
    s.table = identifier();
    if (peek().kind == Kind::Dot) {
      next();
      s.index = identifier();
      if (peek().kind == Kind::Dot) {
        throw errors::validation("A path may contain at most 2 components in the FROM clause");
      }
    }
    if (s.table.empty() || (s.index.empty() && tokens_[position_ - 1].kind == Kind::QuotedName &&
                            tokens_[position_ - 2].kind == Kind::Dot)) {
      throw errors::validation("Path component cannot be an empty string");
    }
  }

  DocumentPath path() {
    DocumentPath p;
    p.push_back({identifier(), -1});
    while (true) {
      if (peek().kind == Kind::Dot) {
        next();
        p.push_back({identifier(), -1});
      } else if (peek().kind == Kind::LBracket) {
        next();
        if (peek().kind == Kind::Number) {
          const std::string& digits = next().text;
          if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) {
            unexpected();
          }
          p.push_back({{}, std::stoi(digits)});
        } else if (peek().kind == Kind::String) {
          p.push_back({next().text, -1});  // a['key']
        } else {
          unexpected();
        }
        expect(Kind::RBracket);
      } else {
        return p;
      }
    }
  }

  Json parameter() {
    next();
    if (!parameters_ || !parameters_->is_array() || used_parameters_ >= parameters_->size()) {
      throw errors::validation(kParameterCount);
    }
    Json value = (*parameters_)[used_parameters_++];
    std::string error = normalizeValue(value);
    if (!error.empty()) throw errors::validation(error);
    return value;
  }

  Json number(bool negative) {
    std::string text = (negative ? "-" : "") + next().text;
    return Json{{"N", Number::parse(text).toString()}};
  }

  bool atValue() const {
    switch (peek().kind) {
      case Kind::String:
      case Kind::Number:
      case Kind::Parameter:
      case Kind::LBracket:
      case Kind::LBrace:
      case Kind::BagOpen:
      case Kind::Minus:
        return true;
      case Kind::Word:
        return atWord("TRUE") || atWord("FALSE") || atWord("NULL");
      default:
        return false;
    }
  }

  Json value() {
    switch (peek().kind) {
      case Kind::String:
        return Json{{"S", next().text}};
      case Kind::Number:
        return number(false);
      case Kind::Minus:
        next();
        if (peek().kind != Kind::Number) unexpected();
        return number(true);
      case Kind::Parameter:
        return parameter();
      case Kind::LBracket:
        return list();
      case Kind::LBrace:
        return map();
      case Kind::BagOpen:
        return set();
      default:
        break;
    }
    if (acceptWord("TRUE")) return Json{{"BOOL", true}};
    if (acceptWord("FALSE")) return Json{{"BOOL", false}};
    if (acceptWord("NULL")) return Json{{"NULL", true}};
    unexpected();
  }

  Json list() {
    Nesting guard(*this);
    expect(Kind::LBracket);
    Json elements = Json::array();
    if (peek().kind != Kind::RBracket) {
      elements.push_back(value());
      while (peek().kind == Kind::Comma) {
        next();
        elements.push_back(value());
      }
    }
    expect(Kind::RBracket);
    return Json{{"L", std::move(elements)}};
  }

  Json map() {
    Nesting guard(*this);
    expect(Kind::LBrace);
    Json members = Json::object();
    if (peek().kind != Kind::RBrace) {
      do {
        if (peek().kind != Kind::String && peek().kind != Kind::QuotedName) unexpected();
        std::string key = next().text;
        expect(Kind::Colon);
        members[key] = value();
      } while (peek().kind == Kind::Comma && (next(), true));
    }
    expect(Kind::RBrace);
    return Json{{"M", std::move(members)}};
  }

  // <<'a', 'b'>> is a string set, <<1, 2>> a number set, binary parameters a binary set.
  Json set() {
    expect(Kind::BagOpen);
    Json members = Json::array();
    ValueType element_type = ValueType::Invalid;
    do {
      Json element = value();
      ValueType type = typeOf(element);
      if (!isScalarKeyType(type) || (element_type != ValueType::Invalid && type != element_type)) {
        throw errors::validation(
            "Statement wasn't well formed, can't be processed: Set elements must all be strings, "
            "numbers or binaries of one type");
      }
      element_type = type;
      members.push_back(element.begin().value());
    } while (peek().kind == Kind::Comma && (next(), true));
    expect(Kind::BagClose);
    std::string key = element_type == ValueType::S   ? "SS"
                      : element_type == ValueType::N ? "NS"
                                                     : "BS";
    Json result = {{key, std::move(members)}};
    std::string error = normalizeValue(result);
    if (!error.empty()) throw errors::validation(error);
    return result;
  }

  Operand valueOperand() {
    Operand o;
    o.kind = Operand::Kind::Value;
    o.value = value();
    return o;
  }

  Operand pathOperand() {
    Operand o;
    o.kind = Operand::Kind::Path;
    o.path = path();
    return o;
  }

  // ---- WHERE --------------------------------------------------------------------------------
  Operand conditionOperand() {
    if (atValue()) return valueOperand();
    if (atWord("size") && peek(1).kind == Kind::LParen) {
      next();
      next();
      Operand size;
      size.kind = Operand::Kind::Size;
      size.args.push_back(pathOperand());
      expect(Kind::RParen);
      return size;
    }
    return pathOperand();
  }

  // Ordering comparisons take strings, numbers and binaries only.
  static void orderable(const std::string& op, const std::vector<Operand>& operands) {
    for (const Operand& operand : operands) {
      ValueType type = operand.kind == Operand::Kind::Value ? typeOf(operand.value) : ValueType::S;
      if (isScalarKeyType(type)) continue;
      throw errors::validation(
          "Incorrect operand type for operator or function; operator or function: " + op +
          ", operand type: " + std::string(typeName(type)));
    }
  }

  std::optional<Comparator> comparator() const {
    switch (peek().kind) {
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

  Condition function(Condition::Kind kind, std::size_t arity) {
    next();
    expect(Kind::LParen);
    Condition c;
    c.kind = kind;
    c.operands.push_back(pathOperand());
    for (std::size_t i = 1; i < arity; ++i) {
      expect(Kind::Comma);
      c.operands.push_back(conditionOperand());
    }
    expect(Kind::RParen);
    return c;
  }

  Condition predicate() {
    if (peek().kind == Kind::LParen) {
      Nesting guard(*this);
      next();
      Condition inner = disjunction();
      expect(Kind::RParen);
      return inner;
    }
    if (peek(1).kind == Kind::LParen) {
      if (atWord("begins_with")) return function(Condition::Kind::BeginsWith, 2);
      if (atWord("contains")) return function(Condition::Kind::Contains, 2);
      if (atWord("attribute_type")) return function(Condition::Kind::AttributeType, 2);
    }
    Condition c;
    c.operands.push_back(conditionOperand());
    if (auto op = comparator()) {
      std::string symbol = next().text;
      c.kind = Condition::Kind::Compare;
      c.op = *op;
      c.operands.push_back(conditionOperand());
      if (*op != Comparator::Eq && *op != Comparator::Ne) orderable(symbol, c.operands);
    } else if (acceptWord("BETWEEN")) {
      c.kind = Condition::Kind::Between;
      c.operands.push_back(conditionOperand());
      expectWord("AND");
      c.operands.push_back(conditionOperand());
    } else if (acceptWord("IN")) {
      c.kind = Condition::Kind::In;
      Kind close = peek().kind == Kind::LParen ? Kind::RParen : Kind::RBracket;
      if (peek().kind != Kind::LParen && peek().kind != Kind::LBracket) unexpected();
      next();
      do {
        c.operands.push_back(valueOperand());
      } while (peek().kind == Kind::Comma && (next(), true));
      expect(close);
    } else if (acceptWord("IS")) {
      bool negated = acceptWord("NOT");
      if (acceptWord("MISSING")) {
        c.kind = negated ? Condition::Kind::AttributeExists : Condition::Kind::AttributeNotExists;
      } else {
        expectWord("NULL");
        c.kind = Condition::Kind::AttributeType;
        Operand type;
        type.kind = Operand::Kind::Value;
        type.value = Json{{"S", "NULL"}};
        c.operands.push_back(type);
        if (negated) {
          Condition inverted;
          inverted.kind = Condition::Kind::Not;
          inverted.children.push_back(std::move(c));
          return inverted;
        }
      }
    } else {
      unexpected();
    }
    return c;
  }

  Condition negation() {
    if (acceptWord("NOT")) {
      Condition c;
      c.kind = Condition::Kind::Not;
      c.children.push_back(negation());
      return c;
    }
    return predicate();
  }

  static Condition join(Condition::Kind kind, Condition a, Condition b) {
    Condition c;
    c.kind = kind;
    c.children.push_back(std::move(a));
    c.children.push_back(std::move(b));
    return c;
  }

  Condition conjunction() {
    Condition left = negation();
    while (acceptWord("AND")) left = join(Condition::Kind::And, std::move(left), negation());
    return left;
  }

  Condition disjunction() {
    Condition left = conjunction();
    while (acceptWord("OR")) left = join(Condition::Kind::Or, std::move(left), conjunction());
    return left;
  }

  // ---- statements ---------------------------------------------------------------------------
  void parseSelect(Statement& s) {
    s.kind = StatementKind::Select;
    if (peek().kind == Kind::Star) {
      next();
    } else {
      ProjectionPaths projection;
      do {
        projection.paths.push_back(path());
      } while (peek().kind == Kind::Comma && (next(), true));
      s.projection = std::move(projection);
    }
    expectWord("FROM");
    tableReference(s);
    if (acceptWord("WHERE")) s.where = disjunction();
  }

  void parseInsert(Statement& s) {
    s.kind = StatementKind::Insert;
    expectWord("INTO");
    tableReference(s);
    expectWord("VALUE");
    Json item = value();
    if (typeOf(item) != ValueType::M) unexpected();
    s.item = std::move(item["M"]);
  }

  // SET target = value | set_add(target, set) | set_delete(target, set) | a + b ...
  void assignment(Statement& s) {
    UpdateAction action;
    action.path = path();
    expect(Kind::Eq);
    bool set_add = atWord("set_add"), set_delete = atWord("set_delete");
    if ((set_add || set_delete) && peek(1).kind == Kind::LParen) {
      next();
      next();
      DocumentPath target = path();
      if (target != action.path) unexpected();
      expect(Kind::Comma);
      action.kind = set_add ? UpdateAction::Kind::Add : UpdateAction::Kind::Delete;
      action.value = valueOperand();
      expect(Kind::RParen);
    } else {
      action.kind = UpdateAction::Kind::Set;
      Operand left = updateOperand();
      if (peek().kind == Kind::Plus || peek().kind == Kind::Minus) {
        Operand sum;
        sum.kind = next().kind == Kind::Plus ? Operand::Kind::Plus : Operand::Kind::Minus;
        sum.args.push_back(std::move(left));
        sum.args.push_back(updateOperand());
        left = std::move(sum);
      }
      action.value = std::move(left);
    }
    s.update.actions.push_back(std::move(action));
  }

  Operand updateOperand() {
    if (atValue()) return valueOperand();
    if ((atWord("list_append") || atWord("if_not_exists")) && peek(1).kind == Kind::LParen) {
      bool append = atWord("list_append");
      next();
      next();
      Operand call;
      call.kind = append ? Operand::Kind::ListAppend : Operand::Kind::IfNotExists;
      call.args.push_back(append ? updateOperand() : pathOperand());
      expect(Kind::Comma);
      call.args.push_back(updateOperand());
      expect(Kind::RParen);
      return call;
    }
    return pathOperand();
  }

  void returning(Statement& s) {
    if (!acceptWord("RETURNING")) return;
    bool all = acceptWord("ALL");
    if (!all) expectWord("MODIFIED");
    bool old_values = acceptWord("OLD");
    if (!old_values) expectWord("NEW");
    expect(Kind::Star);
    s.returning = all ? (old_values ? Returning::AllOld : Returning::AllNew)
                      : (old_values ? Returning::ModifiedOld : Returning::ModifiedNew);
  }

  void parseUpdate(Statement& s) {
    s.kind = StatementKind::Update;
    tableReference(s);
    bool any = false;
    while (true) {
      if (acceptWord("SET")) {
        do {
          assignment(s);
        } while (peek().kind == Kind::Comma && (next(), true));
      } else if (acceptWord("REMOVE")) {
        do {
          UpdateAction action;
          action.kind = UpdateAction::Kind::Remove;
          action.path = path();
          s.update.actions.push_back(std::move(action));
        } while (peek().kind == Kind::Comma && (next(), true));
      } else {
        break;
      }
      any = true;
    }
    if (!any) unexpected();
    expectWord("WHERE");
    s.where = disjunction();
    returning(s);
  }

  void parseDelete(Statement& s) {
    s.kind = StatementKind::Delete;
    expectWord("FROM");
    tableReference(s);
    expectWord("WHERE");
    s.where = disjunction();
    returning(s);
    static constexpr const char* kNames[] = {"", "ALL OLD", "MODIFIED OLD", "ALL NEW",
                                             "MODIFIED NEW"};
    if (s.returning != Returning::None && s.returning != Returning::AllOld) {
      throw errors::validation("Invalid returning clause: RETURNING " +
                               std::string(kNames[static_cast<int>(s.returning)]) +
                               " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
    }
  }

  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  const Json* parameters_;
  std::size_t used_parameters_ = 0;
  int depth_ = 0;
};

// The top-level AND terms of a WHERE clause.
void topLevelTerms(const Condition& c, std::vector<const Condition*>& terms) {
  if (c.kind == Condition::Kind::And) {
    for (const Condition& child : c.children) topLevelTerms(child, terms);
  } else {
    terms.push_back(&c);
  }
}

// `attribute op value` (either order) on a top-level attribute: the attribute's name.
const std::string* simpleAttribute(const Condition& c, const Json** value, bool* flipped) {
  if (c.operands.size() < 2) return nullptr;
  const Operand& a = c.operands[0];
  const Operand& b = c.operands[1];
  *flipped = a.kind == Operand::Kind::Value && b.kind == Operand::Kind::Path;
  const Operand& path = *flipped ? b : a;
  const Operand& literal = *flipped ? a : b;
  if (path.kind != Operand::Kind::Path || path.path.size() != 1 ||
      literal.kind != Operand::Kind::Value) {
    return nullptr;
  }
  *value = &literal.value;
  return &path.path[0].name;
}

const Json* equalityOn(const std::vector<const Condition*>& terms, const std::string& attribute) {
  for (const Condition* term : terms) {
    if (term->kind != Condition::Kind::Compare || term->op != Comparator::Eq) continue;
    const Json* value = nullptr;
    bool flipped = false;
    const std::string* name = simpleAttribute(*term, &value, &flipped);
    if (name && *name == attribute) return value;
  }
  return nullptr;
}

std::optional<SortKeyCondition> sortConditionOn(const std::vector<const Condition*>& terms,
                                                const std::string& attribute, ValueType type) {
  for (const Condition* term : terms) {
    const Json* value = nullptr;
    bool flipped = false;
    if (term->kind == Condition::Kind::Compare && term->op != Comparator::Ne) {
      const std::string* name = simpleAttribute(*term, &value, &flipped);
      if (!name || *name != attribute || typeOf(*value) != type) continue;
      static constexpr KeyOperator kPlain[] = {KeyOperator::Eq, KeyOperator::Eq, KeyOperator::Lt,
                                               KeyOperator::Le, KeyOperator::Gt, KeyOperator::Ge};
      static constexpr KeyOperator kFlipped[] = {KeyOperator::Eq, KeyOperator::Eq, KeyOperator::Gt,
                                                 KeyOperator::Ge, KeyOperator::Lt, KeyOperator::Le};
      auto index = static_cast<std::size_t>(term->op);
      return SortKeyCondition{flipped ? kFlipped[index] : kPlain[index], *value, Json()};
    }
    const auto& ops = term->operands;
    bool on_attribute = !ops.empty() && ops[0].kind == Operand::Kind::Path &&
                        ops[0].path.size() == 1 && ops[0].path[0].name == attribute;
    if (!on_attribute) continue;
    if (term->kind == Condition::Kind::Between && ops[1].kind == Operand::Kind::Value &&
        ops[2].kind == Operand::Kind::Value && typeOf(ops[1].value) == type &&
        typeOf(ops[2].value) == type) {
      return SortKeyCondition{KeyOperator::Between, ops[1].value, ops[2].value};
    }
    if (term->kind == Condition::Kind::BeginsWith && ops[1].kind == Operand::Kind::Value &&
        typeOf(ops[1].value) == type && type != ValueType::N) {
      return SortKeyCondition{KeyOperator::BeginsWith, ops[1].value, Json()};
    }
  }
  return std::nullopt;
}

}  // namespace

Statement parseStatement(std::string_view text, const Json* parameters) {
  Statement s = StatementParser(text, parameters).parse();
  if (s.kind == StatementKind::Insert) normalizeItem(s.item);
  return s;
}

Json keyFromWhere(const Statement& statement, const KeySchemaView& schema) {
  std::vector<const Condition*> terms;
  if (statement.where) topLevelTerms(*statement.where, terms);
  Json key = Json::object();
  for (const std::string* attribute : {&schema.partition_name, &schema.sort_name}) {
    if (attribute->empty()) continue;
    const Json* value = equalityOn(terms, *attribute);
    if (!value) {
      throw errors::validation(
          "Where clause does not contain a mandatory equality on all key attributes");
    }
    key[*attribute] = *value;
  }
  return key;
}

std::optional<KeyCondition> keyConditionFromWhere(const Statement& statement,
                                                  const KeySchemaView& schema) {
  if (!statement.where) return std::nullopt;
  std::vector<const Condition*> terms;
  topLevelTerms(*statement.where, terms);
  const Json* partition = equalityOn(terms, schema.partition_name);
  if (!partition || typeOf(*partition) != schema.partition_type) return std::nullopt;
  KeyCondition condition;
  condition.partition_value = *partition;
  if (!schema.sort_name.empty()) {
    condition.sort = sortConditionOn(terms, schema.sort_name, schema.sort_type);
  }
  return condition;
}

}  // namespace awsemu::dynamodb::partiql
