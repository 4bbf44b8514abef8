#pragma once
// Wildcard matching for the evaluator. Patterns compiled from policies may carry escapes
// ('\' before a character makes it literal), so that ${*} and substituted variable values match
// themselves rather than acting as wildcards.
#include <array>
#include <string_view>

namespace awsemu::iam {

bool globMatch(std::string_view pattern, std::string_view text, bool ignore_case, bool escapes);

// An ARN cut at its first five colons: partition, service, region, account, resource.
struct ArnParts {
  std::string_view whole;
  std::array<std::string_view, 6> parts{};  // "arn", partition, service, region, account, resource
  bool is_arn = false;                      // false: fewer than five colons

  static ArnParts split(std::string_view text);
};

// Segment by segment (wildcards stay within the first five segments). "*" matches anything; a
// pattern that is not an ARN matches only text that is not one either, as a whole.
bool arnPartsMatch(const ArnParts& pattern, const ArnParts& arn, bool escapes);

}  // namespace awsemu::iam
