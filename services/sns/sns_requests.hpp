#pragma once
// Reading SNS request members the way SNS checks them.
#include <map>
#include <string>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/json.hpp"
#include "services/sns/sns_errors.hpp"

namespace awsemu::sns {

inline constexpr std::size_t kPageSize = 100;

inline std::string requiredString(const Json& input, const char* name) {
  auto it = input.find(name);
  if (it == input.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
    throw errors::invalidParameter(name);
  return it->get<std::string>();
}

inline std::map<std::string, std::string> stringMap(const Json& input, const char* name) {
  std::map<std::string, std::string> out;
  if (auto it = input.find(name); it != input.end() && it->is_object())
    for (const auto& [key, value] : it->items())
      out[key] = value.is_string() ? value.get<std::string>() : value.dump();
  return out;
}

// An SNS ARN parameter ("Invalid parameter: TopicArn" when it is not one).
inline std::string topicArnParameter(const Json& input, const char* name) {
  std::string arn = requiredString(input, name);
  auto parsed = Arn::parse(arn);
  if (!parsed || parsed->service != "sns" || parsed->resource.empty())
    throw errors::invalidParameter(name);
  return arn;
}

// ListX NextToken: the base64 of the last key of the previous page.
inline std::string pageToken(const Json& input) {
  std::string token = input.value("NextToken", "");
  if (token.empty()) return {};
  auto decoded = encoding::base64Decode(token);
  if (!decoded) throw errors::invalidParameter("NextToken");
  return *decoded;
}

}  // namespace awsemu::sns
