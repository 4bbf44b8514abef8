#include "src/gateway/request_exchange.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "awsemu/protocol/rest_router.hpp"
#include "awsemu/protocol/validator.hpp"
#include "src/gateway/form_params.hpp"

namespace awsemu::gateway {

namespace asio = boost::asio;
using protocol::Protocol;

namespace {
// The Action of a query-protocol request, from the form body or the query string.
std::string queryAction(const HttpRequest& request) {
  std::string_view form = request.body.inMemory() ? std::string_view(request.body.memory) : "";
  for (std::string_view source : {form, std::string_view(request.query)})
    if (auto action = findFormParam(source, "Action"); action && !action->empty()) return *action;
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
  throw AwsError("MissingAction", "The request must contain the parameter Action.", 400);
}
}  // namespace

RequestExchange::RequestExchange(Gateway::Impl& gateway, HttpRequest head)
    : gateway_(gateway), request_(std::move(head)), request_id_(ids::uuid4()) {
  if (InternalEndpoints::matches(request_)) {
    early_ = gateway_.internal.handle(request_);
    operation_ = "internal";
    return;
  }
  try {
    detect();
    authenticateHeader();
    sink_ = std::make_unique<BodySink>(request_.body, gateway_.config.memory_body_bytes,
                                       gateway_.spool_dir);
    const auto* encoding = request_.header("content-encoding");
    if (encoding && route_->service != "s3" && encoding->find("gzip") != std::string::npos)
      inflater_ = std::make_unique<GzipInflater>(gateway_.config.max_body_bytes);
  } catch (const AwsError& error) {
    early_ = renderError(error);
  }
}

RequestExchange::~RequestExchange() = default;

// Stage 1: which service and protocol (no body needed).
void RequestExchange::detect() {
  route_ = detectService(request_);
  if (!route_)
    throw AwsError("UnrecognizedClientException",
                   "The request was signed for a service awsemu does not serve: " +
                       credentialScopeService(request_),
                   400);
  if (route_->service.empty()) {
    if (route_->protocol == Protocol::Json || route_->protocol == Protocol::SmithyRpcV2Cbor)
      throw errors::unknownOperation(route_->operation.empty() ? request_.path : route_->operation);
    return;  // unsigned query: resolved from its Action once the body is read
  }
  service_ = gateway_.registry.find(route_->service);
  if (!service_)
    throw AwsError("InternalFailure",
                   "Service '" + route_->service +
                       "' is not enabled. Please check your 'SERVICES' configuration variable.",
                   501, false);
}

// Stage 2: SigV4 on the header; the payload part waits for the body when the signature needs it.
void RequestExchange::authenticateHeader() {
  auth_ = gateway_.authenticator.begin(request_, route_->service);
  if (auth_->needsPayloadHash()) payload_hash_.emplace(auth::ChecksumAlgorithm::SHA256);
}

void RequestExchange::writeBody(std::string_view decoded) {
  if (inflater_)
    inflater_->feed(decoded, [this](std::string_view plain) { sink_->write(plain); });
  else
    sink_->write(decoded);
}

void RequestExchange::feed(std::string_view bytes) {
  if (error_ || early_) return;
  try {
    if (payload_hash_) payload_hash_->update(bytes);
    if (auth_->decodesBody())
      auth_->feed(bytes, [this](std::string_view decoded) { writeBody(decoded); });
    else
      writeBody(bytes);
  } catch (const AwsError& error) {
    error_ = error;
  } catch (const std::exception& failure) {
    spdlog::error("{} body failed: {} (request {})", logName(), failure.what(), request_id_);
    error_ = errors::internalFailure("We encountered an internal error. Please try again.");
  }
}

void RequestExchange::end(bool complete) {
  if (error_ || early_) return;
  try {
    if (complete && inflater_) inflater_->finish();
    sink_->close();
    if (!complete)
      throw AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
    auth_->finish(payload_hash_ ? encoding::hexEncode(payload_hash_->digest()) : std::string());
  } catch (const AwsError& error) {
    error_ = error;
  } catch (const std::exception& failure) {
    spdlog::error("{} body failed: {} (request {})", logName(), failure.what(), request_id_);
    error_ = errors::internalFailure("We encountered an internal error. Please try again.");
  }
}

void RequestExchange::resolveUnsignedQueryService() {
  std::string action = queryAction(request_);
  for (const char* name : {"sts", "iam", "sns", "sqs", "cloudwatch"}) {
    auto* candidate = gateway_.registry.find(name);
    if (candidate && candidate->model().findOperation(action)) {
      service_ = candidate;
      route_->service = name;
      return;
    }
  }
  throw errors::invalidAction(action);
}

// Stage 4: which operation of the service's model.
const protocol::Operation& RequestExchange::findOperation(const protocol::ServiceModel& model) {
  switch (route_->protocol) {
    case Protocol::Json:
    case Protocol::SmithyRpcV2Cbor: {
      const auto* op = model.findOperation(route_->operation);
      if (!op) throw errors::unknownOperation(route_->operation);
      return *op;
    }
    case Protocol::Query:
    case Protocol::Ec2: {
      // The codec reads Action itself; here only to pick the handler.
      std::string action = queryAction(request_);
      const auto* op = model.findOperation(action);
      if (!op) throw errors::invalidAction(action);
      return *op;
    }
    case Protocol::RestJson:
    case Protocol::RestXml: {
      if (!route_->s3_bucket.empty()) {
        // virtual-hosted S3: route as the path-style request it stands for
        request_.path = "/" + route_->s3_bucket + (request_.path.empty() ? "/" : request_.path);
        if (request_.path.size() > 1 && request_.path == "/" + route_->s3_bucket + "/")
          request_.path.pop_back();
      }
      const auto* op = protocol::matchRestOperation(model, request_);
      // ListBuckets and ListDirectoryBuckets share "GET /": only the endpoint and the signing name
      // (s3express) tell them apart.
      if (op && op->name == "ListBuckets" && credentialScopeService(request_) == "s3express")
        op = model.findOperation("ListDirectoryBuckets");
      if (!op) {
        if (route_->protocol == Protocol::RestXml)
          throw AwsError("MethodNotAllowed",
                         "The specified method is not allowed against this resource.", 405);
        throw AwsError("UnknownOperationException",
                       "Unknown operation " + request_.method + " " + request_.path, 404);
      }
      return *op;
    }
  }
  throw errors::internalFailure("unknown protocol");
}

asio::awaitable<Json> RequestExchange::execute(const service::Handler& handler, RequestContext& ctx,
                                               const Json& input) {
  if (handler.async) co_return co_await handler.async(ctx, input);
  if (!handler.blocking) co_return handler.sync(ctx, input);
  // Blocking work (SQLite, files) never runs on an I/O thread.
  co_return co_await asio::co_spawn(
      gateway_.blocking_pool,
      [&handler, &ctx, &input]() -> asio::awaitable<Json> { co_return handler.sync(ctx, input); },
      asio::use_awaitable);
}

asio::awaitable<HttpResponse> RequestExchange::respond() {
  try {
    if (error_) throw *error_;
    if (!service_) resolveUnsignedQueryService();
    const auto& model = service_->model();
    const auto& op = findOperation(model);
    operation_ = op.name;
    const auto& codec = protocol::codecFor(route_->protocol);
    Json input = codec.parseRequest(model, op, request_);
    if (auto invalid = protocol::validateInput(model, op, input))
      if (auto error = service_->validationError(*invalid)) throw *error;
    auto handler = service_->handlers().find(op.name);
    if (handler == service_->handlers().end())
      throw errors::notImplemented(service_->name(), op.name);

    RequestContext ctx;
    ctx.request_id = request_id_;
    ctx.service = service_->name();
    ctx.operation = op.name;
    ctx.region = !auth_->region().empty()  ? auth_->region()
                 : !route_->region.empty() ? route_->region
                                           : gateway_.config.default_region;
    ctx.caller = auth_->caller();
    ctx.http = &request_;
    Json output = co_await execute(handler->second, ctx, input);
    auto response = codec.serializeResponse(model, op, output, responseContext());
    addRequestIdHeaders(response);
    co_return response;
  } catch (const AwsError& error) {
    co_return renderError(error);
  } catch (const std::exception& failure) {
    spdlog::error("{} failed: {} (request {})", logName(), failure.what(), request_id_);
    co_return renderError(
        errors::internalFailure("We encountered an internal error. Please try again."));
  }
}

const protocol::ServiceModel& RequestExchange::errorModel() const {
  if (service_) {
    try {
      return service_->model();
    } catch (const std::exception&) {
    }
  }
  return Gateway::Impl::emptyModel(route_ ? route_->protocol : Protocol::RestXml);
}

HttpResponse RequestExchange::renderError(const AwsError& error) const {
  auto protocol = route_ ? route_->protocol : Protocol::RestXml;
  const auto& model = errorModel();
  const protocol::Operation* op = operation_.empty() ? nullptr : model.findOperation(operation_);
  auto response = protocol::codecFor(protocol).serializeError(model, op, error, responseContext());
  addRequestIdHeaders(response);
  return response;
}

protocol::ResponseContext RequestExchange::responseContext() const {
  // S3's host id (x-amz-id-2 / <HostId>) costs random bytes: only S3 answers carry one.
  bool s3 = route_ && route_->service == "s3";
  if (s3 && host_id_.empty()) host_id_ = ids::s3HostId();
  return {request_id_, s3 ? host_id_ : std::string()};
}

void RequestExchange::addRequestIdHeaders(HttpResponse& response) const {
  if (route_ && route_->service == "s3") {
    response.setHeader("x-amz-request-id", request_id_);
    if (host_id_.empty()) host_id_ = ids::s3HostId();
    if (!findHeader(response.headers, "x-amz-id-2")) response.setHeader("x-amz-id-2", host_id_);
  } else {
    response.setHeader("x-amzn-RequestId", request_id_);
  }
}

std::string RequestExchange::logName() const {
  std::string service = service_ ? service_->name() : route_ ? route_->service : "";
  if (operation_ == "internal") return request_.method + " " + request_.path;
  return (service.empty() ? "-" : service) + "." + (operation_.empty() ? "-" : operation_);
}

}  // namespace awsemu::gateway
