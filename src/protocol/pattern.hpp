#pragma once
// Model "pattern" constraints (Java regular expressions in botocore models) run with std::regex.
// Patterns are compiled once, when the model is loaded; the ones std::regex cannot run faithfully
// are skipped rather than risk rejecting valid input.
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {

struct CompiledPattern {
  std::regex regex;
};

// Null when the pattern is empty, does not compile, or uses what ECMAScript regexes on UTF-8 bytes
// cannot express (\p{..} classes, \u escapes above U+007F).
std::shared_ptr<const CompiledPattern> compilePattern(const std::string& pattern);

// Whether the whole value matches (AWS validates with full-match semantics). nullopt when the value
// is too long to match safely: libstdc++'s regex executor recurses per character.
std::optional<bool> matchPattern(const CompiledPattern& pattern, std::string_view value);

}  // namespace awsemu::protocol
