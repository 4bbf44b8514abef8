#pragma once
// What a handler knows about the request besides its decoded input.
#include <string>

#include "awsemu/core/http.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu {

// The authenticated principal making the call.
struct CallerIdentity {
  std::string access_key_id;
  std::string account_id = "000000000000";
  std::string arn = "arn:aws:iam::000000000000:root";
  std::string user_id = "000000000000";
  std::string session_token;  // when the caller signed with temporary credentials
  bool anonymous = false;
};

struct RequestContext {
  std::string request_id;
  std::string service;    // awsemu service name: "sts", "s3", ...
  std::string operation;  // model operation name: "GetCallerIdentity"
  std::string region = "us-east-1";
  CallerIdentity caller;
  const HttpRequest* http =
      nullptr;  // for streaming bodies (S3) and source IPs; handlers rarely need it
  const Clock* clock = &systemClock();

  const std::string& accountId() const { return caller.account_id; }
  SystemTime now() const { return clock->now(); }
};

}  // namespace awsemu
