#pragma once
// Internal: PartiQL tokens.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace awsemu::dynamodb::partiql::detail {

struct Token {
  enum class Kind : std::uint8_t {
    Word,        // keyword or bare identifier
    QuotedName,  // "identifier" (text unescaped)
    String,      // 'literal' (text unescaped)
    Number,      // 12, 1.5, 2e10
    Parameter,   // ?
    Star,
    Comma,
    Dot,
    Colon,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    BagOpen,
    BagClose,  // << >>
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    End,
  };
  Kind kind = Kind::End;
  std::string text;
  std::size_t offset = 0;
};

// Throws ValidationException for an unterminated literal or an unknown character.
std::vector<Token> tokenize(std::string_view statement);

}  // namespace awsemu::dynamodb::partiql::detail
