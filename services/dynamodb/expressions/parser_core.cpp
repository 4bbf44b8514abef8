#include "services/dynamodb/expressions/parser_core.hpp"

#include <algorithm>
#include <cctype>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {

// ---- ExpressionContext ----------------------------------------------------------------------

const std::string* ExpressionContext::findName(std::string_view placeholder) {
  if (!names_ || !names_->is_object()) return nullptr;
  auto it = names_->find(std::string(placeholder));
  if (it == names_->end() || !it->is_string()) return nullptr;
  used_names_.emplace(placeholder);
  return &it->get_ref<const std::string&>();
}

const Json* ExpressionContext::findValue(std::string_view placeholder) {
  if (!values_ || !values_->is_object()) return nullptr;
  auto it = values_->find(std::string(placeholder));
  if (it == values_->end()) return nullptr;
  used_values_.emplace(placeholder);
  return &*it;
}

const std::string& ExpressionContext::name(std::string_view placeholder) {
  if (const std::string* found = findName(placeholder)) return *found;
  throw errors::validation(
      "An expression attribute name used in the document path is not defined; attribute name: " +
      std::string(placeholder));
}

const Json& ExpressionContext::value(std::string_view placeholder) {
  if (const Json* found = findValue(placeholder)) return *found;
  throw errors::validation(
      "An expression attribute value used in expression is not defined; attribute value: " +
      std::string(placeholder));
}

void ExpressionContext::checkAllUsed() const {
  auto unused = [](const Json* map, const std::set<std::string, std::less<>>& used) {
    std::string keys;
    if (!map || !map->is_object()) return keys;
    for (auto it = map->begin(); it != map->end(); ++it) {  // nlohmann keeps keys sorted
      if (used.count(it.key())) continue;
      keys += (keys.empty() ? "" : ", ") + it.key();
    }
    return keys;
  };
  std::string names = unused(names_, used_names_);
  if (!names.empty()) {
    throw errors::validation(
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + names + "}");
  }
  std::string values = unused(values_, used_values_);
  if (!values.empty()) {
    throw errors::validation(
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + values +
        "}");
  }
}

// ---- paths ----------------------------------------------------------------------------------

std::string pathToString(const DocumentPath& path) {
  std::string out;
  for (const PathElement& e : path) {
    if (e.isIndex()) {
      out += "[" + std::to_string(e.index) + "]";
    } else {
      if (!out.empty()) out += '.';
      out += e.name;
    }
  }
  return out;
}

std::string pathToBracketList(const DocumentPath& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i) out += ", ";
    out += path[i].isIndex() ? "[" + std::to_string(path[i].index) + "]" : path[i].name;
  }
  return out + "]";
}

bool UpdatePlan::touchesAttribute(std::string_view name) const {
  for (const UpdateAction& action : actions) {
    if (!action.path.empty() && action.path.front().name == name) return true;
  }
  return false;
}

std::vector<DocumentPath> UpdatePlan::updatedPaths() const {
  std::vector<DocumentPath> paths;
  paths.reserve(actions.size());
  for (const UpdateAction& action : actions) paths.push_back(action.path);
  return paths;
}

namespace detail {

// ---- tokenizer ------------------------------------------------------------------------------

namespace {
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  auto push = [&](Token::Kind kind, std::size_t length) {
    tokens.push_back({kind, text.substr(i, length), i});
    i += length;
  };
  while (i < text.size()) {
    char c = text[i];
    if (isSpace(c)) {
      ++i;
      continue;
    }
    if (c == '#' || c == ':') {
      std::size_t end = i + 1;
      while (end < text.size() && isWordChar(text[end])) ++end;
      push(end > i + 1 ? (c == '#' ? Token::Kind::Name : Token::Kind::Value) : Token::Kind::Invalid,
           end - i);
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t end = i;
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
      push(Token::Kind::Number, end - i);
      continue;
    }
    if (isWordChar(c)) {
      std::size_t end = i;
      while (end < text.size() && isWordChar(text[end])) ++end;
      push(Token::Kind::Identifier, end - i);
      continue;
    }
    std::string_view two = text.substr(i, 2);
    if (two == "<>") {
      push(Token::Kind::Ne, 2);
    } else if (two == "<=") {
      push(Token::Kind::Le, 2);
    } else if (two == ">=") {
      push(Token::Kind::Ge, 2);
    } else {
      Token::Kind kind = Token::Kind::Invalid;
      switch (c) {
        case '(':
          kind = Token::Kind::LParen;
          break;
        case ')':
          kind = Token::Kind::RParen;
          break;
        case '[':
          kind = Token::Kind::LBracket;
          break;
        case ']':
          kind = Token::Kind::RBracket;
          break;
        case ',':
          kind = Token::Kind::Comma;
          break;
        case '.':
          kind = Token::Kind::Dot;
          break;
        case '=':
          kind = Token::Kind::Eq;
          break;
        case '<':
          kind = Token::Kind::Lt;
          break;
        case '>':
          kind = Token::Kind::Gt;
          break;
        case '+':
          kind = Token::Kind::Plus;
          break;
        case '-':
          kind = Token::Kind::Minus;
          break;
        default:
          break;
      }
      push(kind, 1);
    }
  }
  tokens.push_back({Token::Kind::End, {}, text.size()});
  return tokens;
}

// ---- Parser ---------------------------------------------------------------------------------

Parser::Parser(std::string_view text, ExpressionContext& context, std::string_view kind)
    : text_(text), context_(context), kind_(kind), tokens_(tokenize(text)) {}

const Token& Parser::peek(std::size_t ahead) const {
  std::size_t index = std::min(position_ + ahead, tokens_.size() - 1);
  return tokens_[index];
}

const Token& Parser::next() {
  const Token& token = tokens_[position_];
  if (position_ + 1 < tokens_.size()) ++position_;
  return token;
}

std::size_t Parser::matchingParen(std::size_t open) const {
  int depth = 0;
  for (std::size_t i = open; i < tokens_.size(); ++i) {
    if (tokens_[i].kind == Token::Kind::LParen) ++depth;
    if (tokens_[i].kind == Token::Kind::RParen && --depth == 0) return i;
  }
  return tokens_.size();
}

bool Parser::atKeyword(std::string_view keyword) const {
  const Token& token = peek();
  if (token.kind != Token::Kind::Identifier || token.text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(token.text[i])) != keyword[i]) return false;
  }
  return true;
}

bool Parser::acceptKeyword(std::string_view keyword) {
  if (!atKeyword(keyword)) return false;
  next();
  return true;
}

void Parser::expect(Token::Kind kind) {
  if (!at(kind)) syntaxError();
  next();
}

void Parser::syntaxError() const {
  // DynamoDB quotes the offending token and the source from the token before it to the token
  // after it: Syntax error; token: ":", near: "hits : incr".
  const Token& token = peek();
  std::size_t from = position_ > 0 ? tokens_[position_ - 1].offset : token.offset;
  std::size_t to = text_.size();
  if (token.kind != Token::Kind::End) {
    const Token& after = tokens_[std::min(position_ + 1, tokens_.size() - 1)];
    to = after.kind == Token::Kind::End ? token.offset + token.text.size()
                                        : after.offset + after.text.size();
  }
  std::string shown = token.kind == Token::Kind::End ? "<EOF>" : std::string(token.text);
  fail("Syntax error; token: \"" + shown + "\", near: \"" +
       std::string(text_.substr(from, to - from)) + "\"");
}

void Parser::fail(const std::string& detail) const {
  throw errors::validation("Invalid " + std::string(kind_) + ": " + detail);
}

void Parser::checkNotEmpty() const {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-expression-parameters
  // 4 KB per expression, measured on the text as sent (placeholders not substituted).
  constexpr std::size_t kMaxExpressionBytes = 4096;
  if (text_.size() > kMaxExpressionBytes) {
    fail("Expression size has exceeded the maximum allowed size; expression size: " +
         std::to_string(text_.size()));
  }
  if (tokens_.size() == 1) fail("The expression can not be empty;");
}

void Parser::defer(std::string detail) {
  if (deferred_.empty()) deferred_ = std::move(detail);
}

DocumentPath Parser::parsePath() {
  DocumentPath path;
  auto element = [&]() {
    const Token& token = peek();
    if (token.kind == Token::Kind::Identifier) {
      if (isReservedWord(token.text)) {
        defer("Attribute name is a reserved keyword; reserved keyword: " + std::string(token.text));
      }
      path.push_back({std::string(token.text), -1});
    } else if (token.kind == Token::Kind::Name) {
      const std::string* name = context_.findName(token.text);
      if (!name) {
        defer(
            "An expression attribute name used in the document path is not defined; attribute "
            "name: " +
            std::string(token.text));
      }
      path.push_back({name ? *name : std::string(token.text), -1});
    } else {
      syntaxError();
    }
    next();
  };
  element();
  while (true) {
    if (at(Token::Kind::Dot)) {
      next();
      element();
    } else if (at(Token::Kind::LBracket)) {
      next();
      const Token& index = peek();
      if (index.kind != Token::Kind::Number) syntaxError();
      if (index.text.size() > 9) fail("List index is too large");
      path.push_back({{}, std::stoi(std::string(index.text))});
      next();
      expect(Token::Kind::RBracket);
    } else {
      return path;
    }
  }
}

Operand Parser::parseValue() {
  const Token& token = peek();
  if (token.kind != Token::Kind::Value) syntaxError();
  Operand operand;
  operand.kind = Operand::Kind::Value;
  if (const Json* value = context_.findValue(token.text)) {
    operand.value = *value;
  } else {
    defer("An expression attribute value used in expression is not defined; attribute value: " +
          std::string(token.text));
  }
  next();
  return operand;
}

void Parser::finish() {
  if (!atEnd()) syntaxError();
  constexpr std::size_t kMaxOperators = 300;
  if (operators_ > kMaxOperators) {
    fail("The expression contains too many operators; operator count: " +
         std::to_string(operators_));
  }
  if (!deferred_.empty()) fail(deferred_);
}

// ---- shared helpers -------------------------------------------------------------------------

std::string describeValue(const Json& value) {
  ValueType type = typeOf(value);
  std::string text;
  if (type == ValueType::S || type == ValueType::N) {
    text = value.begin()->get<std::string>();
  } else if (type != ValueType::Invalid) {
    text = value.begin()->dump();
  }
  return "AttributeValue: {" + std::string(typeName(type)) + ":" + text + "}";
}

void checkPathsDisjoint(const std::vector<const DocumentPath*>& paths, const Parser& parser) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      const DocumentPath& a = *paths[i];
      const DocumentPath& b = *paths[j];
      std::size_t common = std::min(a.size(), b.size());
      bool disjoint = false;
      for (std::size_t k = 0; k < common && !disjoint; ++k) {
        if (a[k] == b[k]) continue;
        if (a[k].isIndex() != b[k].isIndex()) {
          parser.fail(
              "Two document paths conflict with each other; must remove or rewrite one of these "
              "paths; path one: " +
              pathToBracketList(a) + ", path two: " + pathToBracketList(b));
        }
        disjoint = true;
      }
      if (!disjoint) {
        parser.fail(
            "Two document paths overlap with each other; must remove or rewrite one of these "
            "paths; path one: " +
            pathToBracketList(a) + ", path two: " + pathToBracketList(b));
      }
    }
  }
}

}  // namespace detail
}  // namespace awsemu::dynamodb
