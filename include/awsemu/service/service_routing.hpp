#pragma once
// How a request finds its service before its body is read: the facts the gateway's service
// detector matches (X-Amz-Target prefix, CBOR service name, SigV4 signing name, host names). One
// row per service, declared beside the service (services/all_services.cpp), so a new service plugs
// in without a change to the gateway.
#include <string>
#include <vector>

#include "awsemu/protocol/model.hpp"

namespace awsemu::service {

struct ServiceRouting {
  std::string name;          // awsemu service name: "cloudwatch"
  std::string signing_name;  // SigV4 credential scope service: "monitoring"
  // Other signing names that address the same model (S3 Express, S3 Object Lambda).
  std::vector<std::string> extra_signing_names;
  std::string target_prefix;    // X-Amz-Target prefix of awsJson requests, or ""
  std::string endpoint_prefix;  // first label of its host names: <prefix>.<region>.amazonaws.com
  std::vector<std::string> host_aliases;  // other first labels: queue.amazonaws.com is SQS
  std::string cbor_service;  // smithy service name in /service/<X>/operation/<Y>, or ""
  // The protocol of a request that names the service by signature or host but carries no target
  // (a signed form post speaks query; S3 rest-xml; Lambda rest-json).
  protocol::Protocol plain_protocol = protocol::Protocol::Query;
  // Buckets in host names: <bucket>.localhost, and <bucket><marker>... for each marker
  // (S3: ".s3." for the REST endpoints, ".s3-website." / ".s3-website-" for website endpoints).
  bool virtual_host_buckets = false;
  std::vector<std::string> bucket_host_markers;
  // The service of unsigned requests nothing else identifies (S3: anonymous GETs, browser POSTs).
  bool default_for_anonymous = false;
  // Query actions that are unsigned by design, sent as GETs (sts:AssumeRoleWithWebIdentity).
  std::vector<std::string> unsigned_actions;
  // Path prefixes of the service's own endpoints (raw routes) that are unsigned by design (SNS's
  // SigningCertURL and developer endpoints): anonymous even with SIGV4_VERIFY=strict. Only paths
  // a raw route answers; any other request under the prefix must be signed as usual.
  std::vector<std::string> unsigned_paths;
};

// Every service awsemu knows, in lookup order.
const std::vector<ServiceRouting>& routingTable();
const ServiceRouting* routingFor(std::string_view name);

}  // namespace awsemu::service
