#pragma once
// Internal to the expression parsers: the tokenizer and the cursor with DynamoDB's error wording.
// Grammar:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/ast.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"

namespace awsemu::dynamodb::detail {

struct Token {
  enum class Kind : std::uint8_t {
    Identifier,  // attribute name, keyword or function name
    Name,        // #placeholder
    Value,       // :placeholder
    Number,      // digits (list indexes)
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Invalid,  // a character the language does not have
    End,
  };
  Kind kind = Kind::End;
  std::string_view text;
  std::size_t offset = 0;
};

std::vector<Token> tokenize(std::string_view text);

class Parser {
 public:
  // `kind` names the request member in messages ("ConditionExpression", "UpdateExpression").
  Parser(std::string_view text, ExpressionContext& context, std::string_view kind);

  const Token& peek(std::size_t ahead = 0) const;
  const Token& next();
  bool at(Token::Kind kind) const { return peek().kind == kind; }
  bool atKeyword(std::string_view keyword) const;  // case-insensitive identifier
  bool acceptKeyword(std::string_view keyword);
  void expect(Token::Kind kind);  // else a syntax error at the current token
  bool atEnd() const { return at(Token::Kind::End); }
  std::size_t position() const { return position_; }
  // The index of the ')' that closes the '(' at `open`.
  std::size_t matchingParen(std::size_t open) const;

  // Invalid <kind>: Syntax error; token: "x", near: "a x b"
  [[noreturn]] void syntaxError() const;
  // Invalid <kind>: <detail>
  [[noreturn]] void fail(const std::string& detail) const;
  // "The expression can not be empty;" when there is nothing but blanks; the 4 KB size limit.
  void checkNotEmpty() const;
  // Operators and functions count towards DynamoDB's limit of 300 per expression.
  void countOperator() { ++operators_; }
  // Parenthesis nesting, bounded so that untrusted input cannot exhaust the stack (no real
  // expression comes near; deeper nesting is answered as a syntax error at that parenthesis).
  void enterGroup() {
    if (++depth_ > kMaxDepth) syntaxError();
  }
  void leaveGroup() { --depth_; }

  // A document path (a.#b[2].c), names resolved. Reserved words and undefined placeholders are
  // reported after the whole expression parsed, as DynamoDB reports syntax errors first.
  DocumentPath parsePath();
  // :value -> Operand{Value} (undefined placeholders deferred like names).
  Operand parseValue();
  // Throws the first deferred error, if any. Call once the grammar accepted the whole input.
  void finish();

  std::string_view kind() const { return kind_; }
  ExpressionContext& context() { return context_; }

 private:
  void defer(std::string detail);

  std::string_view text_;
  ExpressionContext& context_;
  std::string_view kind_;
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  std::string deferred_;
  std::size_t operators_ = 0;
  static constexpr int kMaxDepth = 64;
  int depth_ = 0;
};

// "AttributeValue: {N:10}" as DynamoDB prints values in messages.
std::string describeValue(const Json& value);
// Detects overlapping / conflicting paths (update targets, projections); throws via `parser`.
void checkPathsDisjoint(const std::vector<const DocumentPath*>& paths, const Parser& parser);

// Condition grammar shared by condition, filter and key condition expressions.
Condition parseConditionTree(Parser& parser);
// Operand of a condition (path, :value, size(path)).
Operand parseConditionOperand(Parser& parser);

}  // namespace awsemu::dynamodb::detail
