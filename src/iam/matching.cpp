#include "awsemu/iam/matching.hpp"

#include "awsemu/core/strings.hpp"
#include "src/iam/glob.hpp"

namespace awsemu::iam {

bool globMatch(std::string_view pattern, std::string_view text, bool ignore_case, bool escapes) {
  // Iterative matching with one backtrack point (the last '*'): linear for typical patterns and
  // never recursive, whatever the input.
  std::size_t p = 0, t = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  const std::size_t pn = pattern.size();
  while (t < text.size()) {
    if (p < pn) {
      char pc = pattern[p];
      if (pc == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      bool literal = escapes && pc == '\\' && p + 1 < pn;
      if (literal) pc = pattern[p + 1];
      char tc = text[t];
      bool same = ignore_case ? strings::lowerChar(pc) == strings::lowerChar(tc) : pc == tc;
      if ((!literal && pc == '?') || same) {
        p += literal ? 2 : 1;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pn && pattern[p] == '*') ++p;
  return p == pn;
}

ArnParts ArnParts::split(std::string_view text) {
  ArnParts out;
  out.whole = text;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) return out;
    out.parts[i] = text.substr(start, colon - start);
    start = colon + 1;
  }
  out.parts[5] = text.substr(start);
  out.is_arn = true;
  return out;
}

bool arnPartsMatch(const ArnParts& pattern, const ArnParts& arn, bool escapes) {
  // Each of the six colon-separated components is compared on its own, so a pattern with fewer
  // components matches no ARN (and an ARN pattern nothing that is not one); "*" matches all.
  if (pattern.whole == "*") return true;
  if (pattern.is_arn != arn.is_arn) return false;
  if (!pattern.is_arn) return globMatch(pattern.whole, arn.whole, false, escapes);
  for (int i = 5; i >= 0; --i) {  // the resource segment first: it differs most often
    if (!globMatch(pattern.parts[i], arn.parts[i], false, escapes)) return false;
  }
  return true;
}

bool wildcardMatch(std::string_view pattern, std::string_view text, bool ignore_case) {
  return globMatch(pattern, text, ignore_case, false);
}

bool actionMatches(std::string_view pattern, std::string_view action) {
  return globMatch(pattern, action, true, false);
}

bool arnMatches(std::string_view pattern, std::string_view arn) {
  return arnPartsMatch(ArnParts::split(pattern), ArnParts::split(arn), false);
}

}  // namespace awsemu::iam
