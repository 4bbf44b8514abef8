#include "awsemu/core/arn.hpp"

namespace awsemu {

std::string Arn::str() const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account_id + ":" + resource;
}

std::optional<Arn> Arn::parse(std::string_view text) {
  // Five separators before the resource; the resource itself may contain ':' and '/'.
  std::string_view parts[5];
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    auto colon = text.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    parts[i] = text.substr(start, colon - start);
    start = colon + 1;
  }
  if (parts[0] != "arn" || parts[1].empty() || parts[2].empty()) return std::nullopt;
  Arn arn;
  arn.partition = std::string(parts[1]);
  arn.service = std::string(parts[2]);
  arn.region = std::string(parts[3]);
  arn.account_id = std::string(parts[4]);
  arn.resource = std::string(text.substr(start));
  if (arn.resource.empty()) return std::nullopt;
  return arn;
}

std::string makeArn(std::string_view service, std::string_view region, std::string_view account,
                    std::string_view resource) {
  std::string out = "arn:aws:";
  out.append(service).append(":").append(region).append(":").append(account).append(":").append(
      resource);
  return out;
}

}  // namespace awsemu
