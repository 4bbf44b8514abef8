#include "awsemu/iam/global_condition_keys.hpp"

#include <cmath>
#include <string>

#include "awsemu/core/time.hpp"

namespace awsemu::iam {

void addGlobalConditionKeys(ContextKeys& keys, const RequestEnvironment& environment) {
  double now = std::floor(environment.now);
  keys.set("aws:CurrentTime", timefmt::iso8601(now));
  keys.set("aws:EpochTime", std::to_string(static_cast<long long>(now)));
  keys.set("aws:SecureTransport", environment.secure_transport ? "true" : "false");
  if (!environment.source_ip.empty()) keys.set("aws:SourceIp", std::string(environment.source_ip));
  if (!environment.region.empty()) keys.set("aws:RequestedRegion", std::string(environment.region));
  if (!environment.user_agent.empty()) {
    keys.set("aws:UserAgent", std::string(environment.user_agent));
  }
  if (environment.token_issue_time) {
    keys.set("aws:TokenIssueTime", timefmt::iso8601(std::floor(*environment.token_issue_time)));
  }
  if (environment.multi_factor_auth_present) {
    keys.set("aws:MultiFactorAuthPresent",
             *environment.multi_factor_auth_present ? "true" : "false");
  }
}

}  // namespace awsemu::iam
