#pragma once
// The global condition keys every request carries, from what the gateway knows about it, so
// that enforcement and simulation fill them the same way.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
#include <optional>
#include <string_view>

#include "awsemu/iam/authorization_request.hpp"

namespace awsemu::iam {

struct RequestEnvironment {
  double now = 0;                 // epoch seconds: aws:CurrentTime (ISO 8601), aws:EpochTime
  bool secure_transport = false;  // aws:SecureTransport
  std::string_view source_ip;     // aws:SourceIp (absent when empty)
  std::string_view region;        // aws:RequestedRegion (absent when empty)
  std::string_view user_agent;    // aws:UserAgent (absent when empty)
  // Temporary credentials only: aws:TokenIssueTime, aws:MultiFactorAuthPresent (the latter is
  // absent for long-term access keys, as in AWS).
  std::optional<double> token_issue_time;
  std::optional<bool> multi_factor_auth_present;
};

// Sets the keys above in `keys` (replacing values already there).
void addGlobalConditionKeys(ContextKeys& keys, const RequestEnvironment& environment);

}  // namespace awsemu::iam
