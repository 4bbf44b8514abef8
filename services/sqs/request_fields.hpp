#pragma once
// Reading members of a decoded SQS request the way SQS reports problems with them.
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {

// A string member that must be present and non-empty (MissingParameter otherwise).
inline std::string requiredString(const Json& input, const char* name) {
  auto it = input.find(name);
  if (it == input.end() || !it->is_string() || it->get<std::string>().empty())
    throw errors::missingParameter(name);
  return it->get<std::string>();
}

// The strings of a list member; absent means empty.
inline std::vector<std::string> stringList(const Json& input, const char* name) {
  std::vector<std::string> out;
  if (auto it = input.find(name); it != input.end() && it->is_array())
    for (const auto& item : *it)
      if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

}  // namespace awsemu::sqs
