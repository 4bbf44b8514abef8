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
  const HttpRequest* http = nullptr;  // headers and source, for the few handlers that need them
  // The body as it arrived (a handler that stores it may take its spool file: takeFile()).
  RequestBody* body = nullptr;
  // Status, headers and a streamed file to add to the response the codec renders.
  ResponseOverrides response;
  const Clock* clock = &systemClock();

  const std::string& accountId() const { return caller.account_id; }
  SystemTime now() const { return clock->now(); }
};

}  // namespace awsemu
