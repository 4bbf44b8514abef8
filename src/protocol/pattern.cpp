#include "src/protocol/pattern.hpp"

#include <algorithm>
#include <cctype>

namespace awsemu::protocol {
namespace {

constexpr std::size_t kMaxMatchedLength = 4096;

// \uXXXX above U+007F and \p{...} / \P{...} / \x{...} have no faithful byte-regex equivalent.
bool usesUnsupportedEscapes(const std::string& pattern) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    const char next = pattern[i + 1];
    if (next == 'p' || next == 'P') return true;
    if (next == 'x' && i + 2 < pattern.size() && pattern[i + 2] == '{') return true;
    if (next == 'u') {
      const std::string hex = pattern.substr(i + 2, 4);
      if (hex.size() != 4 || !std::all_of(hex.begin(), hex.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0;
          }))
        return true;
      if (std::stoul(hex, nullptr, 16) > 0x7f) return true;
    }
    ++i;  // skip the escaped character
  }
  return false;
}

}  // namespace

std::shared_ptr<const CompiledPattern> compilePattern(const std::string& pattern) {
  if (pattern.empty() || usesUnsupportedEscapes(pattern)) return nullptr;
  try {
    return std::make_shared<const CompiledPattern>(CompiledPattern{
        std::regex(pattern, std::regex::ECMAScript | std::regex::nosubs | std::regex::optimize)});
  } catch (const std::regex_error&) {
    return nullptr;
  }
}

std::optional<bool> matchPattern(const CompiledPattern& pattern, std::string_view value) {
  if (value.size() > kMaxMatchedLength) return std::nullopt;
  try {
    return std::regex_match(value.begin(), value.end(), pattern.regex);
  } catch (const std::regex_error&) {  // error_complexity / error_stack
    return std::nullopt;
  }
}

}  // namespace awsemu::protocol
