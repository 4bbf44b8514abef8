#pragma once
// Which service and protocol a request is for, from what the request carries before its body:
// X-Amz-Target (awsJson), smithy-protocol + /service/X/operation/Y (rpc-v2-cbor), the SigV4
// credential scope (header or presigned query), the Host name (S3 virtual hosts,
// <svc>.<region>.amazonaws.com, LocalStack names) and, for unsigned query requests, the Action
// parameter.
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/http.hpp"
#include "awsemu/protocol/model.hpp"
#include "awsemu/service/service_routing.hpp"

namespace awsemu::gateway {

struct ServiceRoute {
  std::string service;          // awsemu service name ("sqs")
  protocol::Protocol protocol;  // the protocol this request speaks
  std::string operation;        // known already for json/cbor (target), else empty
  std::string s3_bucket;        // virtual-hosted S3 bucket name taken from the Host header
  std::string region;           // from the Host name when it names one
};

// The facts matched come from the services' routing table (awsemu/service/service_routing.hpp).
// The signing service name of a request's SigV4 credential scope ("" when unsigned/malformed).
std::string credentialScopeService(const HttpRequest& request);
std::string credentialScopeRegion(const HttpRequest& request);

// Returns nullopt when no rule identifies a service.
std::optional<ServiceRoute> detectService(const HttpRequest& request);

}  // namespace awsemu::gateway
