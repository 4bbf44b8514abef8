#pragma once
// The six parts of an ARN (arn:partition:service:region:account:resource), for authorisers.
#include <string>
#include <string_view>
#include <vector>

namespace awsemu::service {

// Empty when `arn` has fewer than six parts; the resource keeps its colons.
inline std::vector<std::string> arnParts(std::string_view arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t colon; parts.size() < 5 && (colon = arn.find(':', start)) != arn.npos;
       start = colon + 1)
    parts.emplace_back(arn.substr(start, colon - start));
  if (parts.size() < 5) return {};
  parts.emplace_back(arn.substr(start));
  return parts;
}

}  // namespace awsemu::service
