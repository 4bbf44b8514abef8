#include "awsemu/gateway/service_detector.hpp"

#include <strings.h>

#include <algorithm>

#include "awsemu/core/strings.hpp"
#include "src/gateway/form_params.hpp"

namespace awsemu::gateway {
namespace {

using protocol::Protocol;
using service::routingFor;
using service::routingTable;
using service::ServiceRouting;

// "AKID/20150830/us-east-1/service/aws4_request" -> its parts
bool splitScope(std::string_view credential, std::string_view& region, std::string_view& service) {
  std::string_view parts[5];
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    auto slash = credential.find('/', start);
    parts[i] = credential.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (slash == std::string_view::npos) {
      if (i != 4) return false;
      break;
    }
    start = slash + 1;
  }
  region = parts[2];
  service = parts[3];
  return !service.empty();
}

std::string credentialValue(const HttpRequest& request) {
  if (const auto* auth = request.header("authorization")) {
    auto pos = auth->find("Credential=");
    if (pos == std::string::npos) return {};
    auto end = auth->find_first_of(", ", pos);
    return auth->substr(pos + 11, end == std::string::npos ? std::string::npos : end - pos - 11);
  }
  // presigned: X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fs3%2Faws4_request
  return findFormParam(request.query, "X-Amz-Credential").value_or("");
}

const ServiceRouting* bySigningName(std::string_view signing) {
  for (const auto& routing : routingTable())
    if (signing == routing.signing_name) return &routing;
  for (const auto& routing : routingTable())
    for (const auto& other : routing.extra_signing_names)
      if (signing == other) return &routing;
  return nullptr;
}

const ServiceRouting* bucketHostService() {
  for (const auto& routing : routingTable())
    if (routing.virtual_host_buckets) return &routing;
  return nullptr;
}

bool isFormEncoded(const HttpRequest& request) {
  const auto* type = request.header("content-type");
  return type && strings::startsWithIgnoringCase(*type, "application/x-www-form-urlencoded");
}

// <bucket><marker><anything> for the routing row's markers (S3: <bucket>.s3.<region>.amazonaws.com,
// <bucket>.s3-website-<region>.amazonaws.com, ...), <bucket>.localhost(:port)
std::optional<std::string> virtualHostBucket(std::string_view host, const ServiceRouting& routing) {
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos)
    host = host.substr(0, colon);
  std::string h = strings::toLower(host);
  for (const auto& marker : routing.bucket_host_markers) {
    auto pos = h.find(marker);
    if (pos != std::string::npos && pos > 0) return std::string(host.substr(0, pos));
  }
  if (h.ends_with(".localhost") && h.size() > 10) return std::string(host.substr(0, h.size() - 10));
  return std::nullopt;
}

// "<svc>.<region>.amazonaws.com", "<svc>.<region>.localhost.localstack.cloud",
// "<svc>.amazonaws.com"
std::optional<std::pair<std::string, std::string>> hostService(std::string_view host) {
  std::string h = strings::toLower(host.substr(0, host.find(':')));
  auto dot = h.find('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string first = h.substr(0, dot);
  std::string rest = h.substr(dot + 1);
  std::string region;
  if (auto next = rest.find('.'); next != std::string::npos) {
    std::string candidate = rest.substr(0, next);
    if (std::count(candidate.begin(), candidate.end(), '-') >= 2) region = candidate;
  }
  for (const auto& routing : routingTable()) {
    bool alias = std::find(routing.host_aliases.begin(), routing.host_aliases.end(), first) !=
                 routing.host_aliases.end();
    if (first == routing.endpoint_prefix || first == routing.name || alias)
      return std::make_pair(routing.name, region);
  }
  return std::nullopt;
}

std::optional<ServiceRoute> byTarget(const HttpRequest& request) {
  const auto* target = request.header("x-amz-target");
  if (!target) return std::nullopt;
  auto dot = target->find('.');
  std::string_view prefix = std::string_view(*target).substr(0, dot);
  for (const auto& routing : routingTable())
    if (!routing.target_prefix.empty() && prefix == routing.target_prefix)
      return ServiceRoute{routing.name,
                          Protocol::Json,
                          dot == std::string::npos ? std::string() : target->substr(dot + 1),
                          {},
                          {}};
  return ServiceRoute{"", Protocol::Json, *target, {}, {}};  // unknown target: the json error path
}

std::optional<ServiceRoute> byCbor(const HttpRequest& request) {
  const auto* smithy = request.header("smithy-protocol");
  if (!smithy || *smithy != "rpc-v2-cbor") return std::nullopt;
  // /service/<ServiceName>/operation/<Operation>  (a path prefix may precede it)
  std::string_view path = request.path;
  auto pos = path.rfind("/service/");
  ServiceRoute route{"", Protocol::SmithyRpcV2Cbor, "", {}, {}};
  if (pos == std::string_view::npos) return route;
  auto rest = path.substr(pos + 9);
  auto slash = rest.find("/operation/");
  if (slash == std::string_view::npos) return route;
  auto service_name = rest.substr(0, slash);
  route.operation = std::string(rest.substr(slash + 11));
  for (const auto& routing : routingTable())
    if (!routing.cbor_service.empty() && service_name == routing.cbor_service)
      route.service = routing.name;
  return route;
}

Protocol plainProtocol(std::string_view service) {
  const auto* routing = routingFor(service);
  return routing ? routing->plain_protocol : Protocol::Query;
}
// The query's Action when it is one the service takes unsigned by design, else "".
std::string unsignedAction(const HttpRequest& request, const ServiceRouting& routing) {
  if (routing.unsigned_actions.empty()) return {};
  auto action = findFormParam(request.query, "Action");
  if (!action) return {};
  for (const auto& unsigned_action : routing.unsigned_actions)
    if (*action == unsigned_action) return *action;
  return {};
}

// "/_aws/<service>/...": a service's own unsigned endpoints (LocalStack's developer endpoints,
// certificates), answered by its raw routes.
std::optional<ServiceRoute> byServicePath(const HttpRequest& request) {
  constexpr std::string_view prefix = "/_aws/";
  std::string_view path = request.path;
  if (!path.starts_with(prefix)) return std::nullopt;
  auto rest = path.substr(prefix.size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto* routing = routingFor(rest.substr(0, slash));
  if (!routing) return std::nullopt;
  return ServiceRoute{routing->name, routing->plain_protocol, "", {}, {}};
}
}  // namespace

std::string credentialScopeService(const HttpRequest& request) {
  std::string credential = credentialValue(request);
  std::string_view region, service;
  if (credential.empty() || !splitScope(credential, region, service)) return {};
  return std::string(service);
}

std::string credentialScopeRegion(const HttpRequest& request) {
  std::string credential = credentialValue(request);
  std::string_view region, service;
  if (credential.empty() || !splitScope(credential, region, service)) return {};
  return std::string(region);
}

std::optional<ServiceRoute> detectService(const HttpRequest& request) {
  if (auto route = byTarget(request)) return route;
  if (auto route = byCbor(request)) return route;
  if (auto route = byServicePath(request)) return route;
  std::string host = request.host();
  std::string signing = credentialScopeService(request);
  const ServiceRouting* buckets = bucketHostService();
  if (!signing.empty()) {
    if (const auto* routing = bySigningName(signing)) {
      ServiceRoute route{routing->name, routing->plain_protocol, "", {}, {}};
      if (routing->virtual_host_buckets)
        if (auto bucket = virtualHostBucket(host, *routing)) route.s3_bucket = *bucket;
      return route;
    }
  }
  if (buckets)
    if (auto bucket = virtualHostBucket(host, *buckets))
      return ServiceRoute{buckets->name, buckets->plain_protocol, "", *bucket, {}};
  if (auto named = hostService(host)) {
    // A signed request to a bucket-host service was identified by its signature above.
    if (!(buckets && named->first == buckets->name) || signing.empty()) {
      ServiceRoute route{named->first, plainProtocol(named->first), "", {}, named->second};
      // SNS's SubscribeURL names the host its client used
      // (sns.<region>.localhost.localstack.cloud): its unsigned action is known before
      // authentication, as below.
      if (signing.empty() && route.protocol == Protocol::Query)
        route.operation = unsignedAction(request, *routingFor(named->first));
      return route;
    }
  }
  // An unsigned form post: the service is found from its Action once the body is read.
  if (signing.empty() && isFormEncoded(request))
    return ServiceRoute{"", Protocol::Query, "", {}, {}};
  for (const auto& routing : routingTable())
    if (auto action = unsignedAction(request, routing); !action.empty())
      return ServiceRoute{routing.name, Protocol::Query, action, {}, {}};
  if (!signing.empty()) return std::nullopt;  // signed for a service we do not serve
  // Anything else unsigned goes to the anonymous default (S3: anonymous GETs, browser POSTs).
  for (const auto& routing : routingTable())
    if (routing.default_for_anonymous)
      return ServiceRoute{routing.name, routing.plain_protocol, "", {}, {}};
  return std::nullopt;
}

}  // namespace awsemu::gateway
