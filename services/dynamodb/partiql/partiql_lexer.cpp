#include "services/dynamodb/partiql/partiql_lexer.hpp"

#include <cctype>

#include "services/dynamodb/dynamodb_errors.hpp"

namespace awsemu::dynamodb::partiql::detail {
namespace {

bool isWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

[[noreturn]] void malformed(const std::string& detail) {
  throw errors::validation("Statement wasn't well formed, can't be processed: " + detail);
}

// 'it''s' and "a""b": the quote doubled stands for itself.
std::size_t readQuoted(std::string_view text, std::size_t start, char quote, std::string& out) {
  std::size_t i = start + 1;
  while (true) {
    if (i >= text.size()) malformed("Unterminated quoted text");
    if (text[i] == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        out.push_back(quote);
        i += 2;
        continue;
      }
      return i + 1;
    }
    out.push_back(text[i++]);
  }
}

std::size_t readNumber(std::string_view text, std::size_t i) {
  while (i < text.size() && isDigit(text[i])) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && isDigit(text[i])) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (j < text.size() && isDigit(text[j])) {
      i = j;
      while (i < text.size() && isDigit(text[i])) ++i;
    }
  }
  return i;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  using Kind = Token::Kind;
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token token;
    token.offset = i;
    if (isWordStart(c)) {
      std::size_t end = i;
      while (end < text.size() && isWordChar(text[end])) ++end;
      token.kind = Kind::Word;
      token.text = std::string(text.substr(i, end - i));
      i = end;
    } else if (isDigit(c) || (c == '.' && i + 1 < text.size() && isDigit(text[i + 1]))) {
      std::size_t end = readNumber(text, i);
      token.kind = Kind::Number;
      token.text = std::string(text.substr(i, end - i));
      i = end;
    } else if (c == '\'' || c == '"') {
      token.kind = c == '\'' ? Kind::String : Kind::QuotedName;
      i = readQuoted(text, i, c, token.text);
    } else {
      std::string_view two = text.substr(i, 2);
      static constexpr std::pair<std::string_view, Kind> kTwo[] = {
          {"<<", Kind::BagOpen}, {">>", Kind::BagClose}, {"<>", Kind::Ne},
          {"!=", Kind::Ne},      {"<=", Kind::Le},       {">=", Kind::Ge}};
      bool matched = false;
      for (const auto& [symbol, kind] : kTwo) {
        if (two == symbol) {
          token.kind = kind;
          matched = true;
          break;
        }
      }
      if (matched) {
        token.text = std::string(two);
        i += 2;
      } else {
        static constexpr std::pair<char, Kind> kOne[] = {
            {'*', Kind::Star},     {',', Kind::Comma},    {'.', Kind::Dot},
            {':', Kind::Colon},    {'(', Kind::LParen},   {')', Kind::RParen},
            {'[', Kind::LBracket}, {']', Kind::RBracket}, {'{', Kind::LBrace},
            {'}', Kind::RBrace},   {'=', Kind::Eq},       {'<', Kind::Lt},
            {'>', Kind::Gt},       {'+', Kind::Plus},     {'-', Kind::Minus},
            {'?', Kind::Parameter}};
        for (const auto& [symbol, kind] : kOne) {
          if (c == symbol) {
            token.kind = kind;
            matched = true;
            break;
          }
        }
        if (!matched) malformed("Unexpected character: " + std::string(1, c));
        token.text = std::string(1, c);
        ++i;
      }
    }
    tokens.push_back(std::move(token));
  }
  Token end;
  end.kind = Kind::End;
  end.offset = text.size();
  tokens.push_back(end);
  return tokens;
}

}  // namespace awsemu::dynamodb::partiql::detail
