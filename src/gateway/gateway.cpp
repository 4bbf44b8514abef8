#include "awsemu/gateway/gateway.hpp"

#include "awsemu/core/ids.hpp"
#include "awsemu/gateway/service_detector.hpp"
#include "awsemu/protocol/codec.hpp"
#include "src/gateway/gateway_impl.hpp"
#include "src/gateway/request_exchange.hpp"

namespace awsemu::gateway {

const protocol::ServiceModel& Gateway::Impl::emptyModel(protocol::Protocol p) {
  auto make = [](const char* name) {
    return protocol::ServiceModel::fromJson(
        {{"metadata", {{"protocol", name}, {"jsonVersion", "1.0"}, {"apiVersion", "2020-01-01"}}},
         {"operations", Json::object()},
         {"shapes", Json::object()}});
  };
  static const auto query = make("query");
  static const auto json = make("json");
  static const auto rest_json = make("rest-json");
  static const auto rest_xml = make("rest-xml");
  static const auto cbor = make("smithy-rpc-v2-cbor");
  switch (p) {
    case protocol::Protocol::Query:
    case protocol::Protocol::Ec2:
      return *query;
    case protocol::Protocol::Json:
      return *json;
    case protocol::Protocol::RestJson:
      return *rest_json;
    case protocol::Protocol::RestXml:
      return *rest_xml;
    case protocol::Protocol::SmithyRpcV2Cbor:
      return *cbor;
  }
  return *rest_xml;
}

Gateway::Gateway(const config::Config& config, service::ServiceRegistry& registry,
                 service::CredentialRegistry& credentials, const InitHooks& hooks,
                 std::filesystem::path spool_dir, boost::asio::thread_pool& blocking_pool)
    : impl_(std::make_unique<Impl>(config, registry, credentials, hooks, std::move(spool_dir),
                                   blocking_pool)) {}

Gateway::~Gateway() = default;

std::unique_ptr<server::Exchange> Gateway::begin(HttpRequest head) {
  return std::make_unique<RequestExchange>(*impl_, std::move(head));
}

// Failures before a request could be parsed (bad HTTP framing, oversized headers): no service is
// known, so the answer takes S3's error form, the only service whose clients send no routing hint.
HttpResponse Gateway::transportError(int status, std::string_view code, std::string_view message) {
  AwsError error(std::string(code), std::string(message), status);
  auto request_id = ids::uuid4();
  auto response = protocol::codecFor(protocol::Protocol::RestXml)
                      .serializeError(Impl::emptyModel(protocol::Protocol::RestXml), nullptr, error,
                                      {request_id, ids::s3HostId()});
  response.setHeader("x-amz-request-id", request_id);
  return response;
}

HttpResponse Gateway::malformedRequest(const HttpRequest& head, std::string_view message) {
  std::optional<ServiceRoute> route;
  try {
    route = detectService(head);
  } catch (const std::exception&) {
  }
  if (!route) return transportError(400, "BadRequest", message);
  AwsError error("BadRequest", std::string(message), 400);
  auto request_id = ids::uuid4();
  auto response = protocol::codecFor(route->protocol)
                      .serializeError(Impl::emptyModel(route->protocol), nullptr, error,
                                      {request_id, ids::s3HostId()});
  response.setHeader(
      route->protocol == protocol::Protocol::RestXml ? "x-amz-request-id" : "x-amzn-RequestId",
      request_id);
  return response;
}

}  // namespace awsemu::gateway
