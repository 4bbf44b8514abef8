#pragma once
// ARNs: arn:partition:service:region:account-id:resource
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
#include <optional>
#include <string>
#include <string_view>

namespace awsemu {

struct Arn {
  std::string partition = "aws";
  std::string service;
  std::string region;
  std::string account_id;
  std::string resource;  // everything after the fifth colon, e.g. "role/path/name" or "queue-name"

  std::string str() const;
  static std::optional<Arn> parse(std::string_view text);
};

std::string makeArn(std::string_view service, std::string_view region, std::string_view account,
                    std::string_view resource);

}  // namespace awsemu
