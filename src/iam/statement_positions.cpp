#include "src/iam/statement_positions.hpp"

namespace awsemu::iam {
namespace {

// A cursor over JSON text that tracks line and column and skips values without building them.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  TextPosition position() const { return {line_, column_}; }

  void advance() {
    if (done()) return;
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  void skipSpace() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      advance();
  }

  bool consume(char c) {
    skipSpace();
    if (peek() != c) return false;
    advance();
    return true;
  }

  // Reads a string (escapes kept raw: keys we look for contain none).
  bool readString(std::string_view& out) {
    skipSpace();
    if (peek() != '"') return false;
    advance();
    std::size_t start = pos_;
    while (!done() && peek() != '"') {
      if (peek() == '\\') advance();
      advance();
    }
    if (done()) return false;
    out = text_.substr(start, pos_ - start);
    advance();
    return true;
  }

  // Skips any value; false on malformed text.
  bool skipValue(int depth = 0) {
    if (depth > 64) return false;
    skipSpace();
    char c = peek();
    if (c == '"') {
      std::string_view ignored;
      return readString(ignored);
    }
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      advance();
      if (consume(close)) return true;
      while (true) {
        if (c == '{') {
          std::string_view key;
          if (!readString(key) || !consume(':')) return false;
        }
        if (!skipValue(depth + 1)) return false;
        if (consume(',')) continue;
        return consume(close);
      }
    }
    if (done()) return false;
    while (!done() && peek() != ',' && peek() != '}' && peek() != ']' && peek() != ' ' &&
           peek() != '\n' && peek() != '\r' && peek() != '\t')
      advance();
    return true;
  }

  // The position of the last character consumed.
  TextPosition lastPosition() const { return {line_, column_ - 1}; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

bool readStatementObject(Scanner& scanner,
                         std::vector<std::pair<TextPosition, TextPosition>>& out) {
  scanner.skipSpace();
  if (scanner.peek() != '{') return false;
  TextPosition start = scanner.position();
  if (!scanner.skipValue()) return false;
  out.emplace_back(start, scanner.lastPosition());
  return true;
}

}  // namespace

std::vector<std::pair<TextPosition, TextPosition>> locateStatements(std::string_view text) {
  std::vector<std::pair<TextPosition, TextPosition>> out;
  Scanner scanner(text);
  if (!scanner.consume('{')) return {};
  if (scanner.consume('}')) return {};
  while (true) {
    std::string_view key;
    if (!scanner.readString(key) || !scanner.consume(':')) return {};
    if (key == "Statement") {
      scanner.skipSpace();
      if (scanner.peek() == '[') {
        scanner.advance();
        if (scanner.consume(']')) return out;
        do {
          if (!readStatementObject(scanner, out)) return {};
        } while (scanner.consume(','));
        return scanner.consume(']') ? out : std::vector<std::pair<TextPosition, TextPosition>>{};
      }
      if (!readStatementObject(scanner, out)) return {};
      return out;
    }
    if (!scanner.skipValue()) return {};
    if (!scanner.consume(',')) return {};
  }
}

}  // namespace awsemu::iam
