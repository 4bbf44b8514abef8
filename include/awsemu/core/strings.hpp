#pragma once
// The small string helpers every layer needs, in one place. ASCII only: HTTP header names,
// SigV4 fields, host names and AWS enum values are ASCII; text that may be UTF-8 is never
// case-folded with these.
#include <strings.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace awsemu::strings {

// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

inline char lowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline std::string toLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lowerChar);
  return out;
}

inline void lowerInPlace(std::string& text) {
  std::transform(text.begin(), text.end(), text.begin(), lowerChar);
}

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

inline bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

}  // namespace awsemu::strings
