#include "src/gateway/request_exchange.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "awsemu/auth/auth_errors.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/run_blocking.hpp"
#include "awsemu/core/ids.hpp"
#include "awsemu/protocol/rest_router.hpp"
#include "awsemu/protocol/validator.hpp"
#include "awsemu/service/service_routing.hpp"
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

// Requests AWS takes unsigned, which stay anonymous even with SIGV4_VERIFY=strict: the routing
// row's unsigned actions (sts:AssumeRoleWithWebIdentity, SNS's SubscribeURL), and its own endpoints
// under an unsigned path (SNS's SigningCertURL), only where a raw route answers the request.
bool unsignedByDesign(const ServiceRoute& route, const service::Service* service,
                      const HttpRequest& request) {
  const auto* routing = service::routingFor(route.service);
  if (!routing) return false;
  for (const auto& action : routing->unsigned_actions)
    if (route.operation == action) return true;
  if (!service) return false;
  for (const auto& prefix : routing->unsigned_paths)
    if (request.path.starts_with(prefix))
      for (const auto& raw : service->rawRoutes())
        if (raw.matches(request)) return true;
  return false;
}
}  // namespace

RequestExchange::RequestExchange(Gateway::Impl& gateway, HttpRequest head)
    : gateway_(gateway), request_(std::move(head)), request_id_(ids::uuid4()) {
  policy_ = &gateway_.unresolved_policy;
  try {
    if (InternalEndpoints::matches(request_)) {
      internal_ = true;
      operation_ = "internal";
    } else {
      detect();
      if (service_) policy_ = &service_->requestPolicy();
      authenticateHeader();
      checkDeclaredLength();
      fillContext();
      matchRawRoute();
      if (!raw_) resolveOperationEarly();
      if (policy_->body_digests)
        digests_ = std::make_unique<BodyDigests>(auth_->declaresChecksum());
    }
    std::uint64_t memory_limit = gateway_.config.memory_body_bytes;
    if (policy_->memory_body_bytes)
      memory_limit = std::min(memory_limit, policy_->memory_body_bytes);
    sink_ = std::make_unique<BodySink>(request_.body, memory_limit, gateway_.body_budget,
                                       gateway_.spool_dir);
    const auto* encoding = request_.header("content-encoding");
    if (!internal_ && encoding && policy_->inflate_gzip &&
        encoding->find("gzip") != std::string::npos)
      inflater_ = std::make_unique<GzipInflater>(maxBodyBytes());
    // (A gzip body's declared length is the compressed one: it says nothing of the size.)
    if (declared_length_ > memory_limit && !inflater_) sink_->spoolFromStart();
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
  request_.host_bucket = route_->s3_bucket;
  service_ = gateway_.registry.find(route_->service);
  if (!service_)
    throw AwsError("InternalFailure",
                   "Service '" + route_->service +
                       "' is not enabled. Please check your 'SERVICES' configuration variable.",
                   501, false);
}

// Stage 2: SigV4 on the header; the payload part waits for the body when the signature needs it.
void RequestExchange::authenticateHeader() {
  try {
    checkScopeService();
    auth_ = gateway_.authenticator.begin(request_, policy_->s3_signing,
                                         unsignedByDesign(*route_, service_, request_));
  } catch (const AwsError& error) {
    throw inServiceWords(error);
  }
  if (auth_->needsPayloadHash()) payload_hash_.emplace(auth::ChecksumAlgorithm::SHA256);
}

AwsError RequestExchange::inServiceWords(const AwsError& auth_error) const {
  if (policy_->json_auth_error_status == 0) return auth_error;
  return auth::errors::inJsonServiceWords(auth_error, policy_->json_auth_error_status);
}

// A signature scoped to another service than the one the request addresses (an X-Amz-Target of
// DynamoDB signed for "sqs") is refused as AWS refuses it.
void RequestExchange::checkScopeService() const {
  std::string scoped = credentialScopeService(request_);
  const auto* routing = service::routingFor(route_->service);
  if (scoped.empty() || !routing || scoped == routing->signing_name) return;
  for (const auto& other : routing->extra_signing_names)
    if (scoped == other) return;
  if (policy_->s3_signing)
    throw AwsError("AuthorizationHeaderMalformed",
                   "The authorization header is malformed; incorrect service \"" + scoped +
                       "\". This endpoint belongs to \"" + routing->signing_name + "\".",
                   400);
  throw AwsError(
      "SignatureDoesNotMatch",
      "Credential should be scoped to correct service: '" + routing->signing_name + "'. ", 403);
}

std::uint64_t RequestExchange::maxBodyBytes() const {
  return std::min(policy_->max_body_bytes, gateway_.config.max_body_bytes);
}

AwsError RequestExchange::bodyTooLarge() const {
  if (policy_->s3_signing)  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
    return AwsError(policy_->too_large_code,
                    "Your proposed upload exceeds the maximum allowed size",
                    policy_->too_large_status);
  return AwsError(policy_->too_large_code,
                  "Request body is larger than the " + std::to_string(maxBodyBytes()) +
                      " bytes this service accepts",
                  policy_->too_large_status);
}

// A body announced as too large is refused before a byte of it is read. aws-chunked uploads
// announce their object size in x-amz-decoded-content-length; their framing does not count.
void RequestExchange::checkDeclaredLength() {
  const std::string* declared = request_.header("x-amz-decoded-content-length");
  if (!declared) declared = request_.header("content-length");
  if (!declared) return;
  std::uint64_t length = 0;
  auto [end, ec] = std::from_chars(declared->data(), declared->data() + declared->size(), length);
  if (ec == std::errc::result_out_of_range) throw bodyTooLarge();
  if (ec != std::errc() || end != declared->data() + declared->size()) return;
  if (length > maxBodyBytes()) throw bodyTooLarge();
  declared_length_ = length;
}

// Stage 4 where the header tells the operation (all but form posts): an operation without a
// handler is answered before its body is read.
void RequestExchange::resolveOperationEarly() {
  if (!service_) return;
  if (route_->protocol == Protocol::Query || route_->protocol == Protocol::Ec2) {
    auto action = findFormParam(request_.query, "Action");
    if (!action || action->empty()) return;  // in the body
  }
  op_ = &findOperation(service_->model());
  operation_ = op_->name;
  ctx_.operation = op_->name;
  if (op_->request_algorithm_member.empty() && !op_->request_checksum_required &&
      !op_->http_checksum_required)
    auth_->ignoreHeaderChecksum();
  runBeforeBody(handlerFor(*op_));
}

void RequestExchange::matchRawRoute() {
  if (!service_) return;
  if (!route_->s3_bucket.empty()) {
    // virtual-hosted S3: raw routes see the path-style request it stands for, as operations do
    request_.path = "/" + route_->s3_bucket + (request_.path.empty() ? "/" : request_.path);
    if (request_.path.size() > 1 && request_.path == "/" + route_->s3_bucket + "/")
      request_.path.pop_back();
    route_->s3_bucket.clear();
  }
  for (const auto& raw : service_->rawRoutes())
    if (raw.matches(request_)) {
      raw_ = &raw;
      operation_ = ctx_.operation = raw.name;
      return;
    }
}

// What a handler knows besides its input; complete once the header is authenticated.
void RequestExchange::fillContext() {
  ctx_.request_id = request_id_;
  ctx_.service = service_ ? service_->name() : std::string();
  ctx_.region = !auth_->region().empty()  ? auth_->region()
                : !route_->region.empty() ? route_->region
                                          : gateway_.config.default_region;
  ctx_.caller = auth_->caller();
  ctx_.http = &request_;
  ctx_.body = &request_.body;
  noteCredentialUse();
}

// GetAccessKeyLastUsed and RoleLastUsed: the service as its signing name ("s3", "dynamodb"), as
// AWS reports it. In memory only (a lookup and a small lock); IAM persists it lazily.
void RequestExchange::noteCredentialUse() {
  if (ctx_.caller.anonymous || ctx_.caller.access_key_id.empty() || !service_) return;
  const auto* routing = service::routingFor(route_->service);
  gateway_.credentials.noteUsed(ctx_.caller.access_key_id, ctx_.caller.arn,
                                routing ? routing->signing_name : ctx_.service, ctx_.region,
                                toEpochSeconds(ctx_.now()));
}

// The operation's check before its body is read (S3: bucket exists, preconditions). It sees the
// members bound to the URI, query string and headers; the body is still empty.
// With ENFORCE_IAM, the operations whose authorisation the header tells (S3's) are decided here
// too, so a denied upload is refused before `100-continue`.
void RequestExchange::runBeforeBody(const service::Handler& handler) {
  if (!handler.before_body) return;
  Json header_input =
      protocol::codecFor(route_->protocol).parseRequest(service_->model(), *op_, request_);
  authorize(header_input, false);
  handler.before_body(ctx_, header_input);
}

// Stage 7b: may the caller do this? (the policy engine, through the service's authoriser)
void RequestExchange::authorize(const Json& input, bool body_read) {
  if (authorized_ || !gateway_.authorization.enabled()) return;
  authorized_ = gateway_.authorization.authorize(*service_, ctx_, input, body_read);
}

const service::Handler& RequestExchange::handlerFor(const protocol::Operation& op) const {
  auto handler = service_->handlers().find(op.name);
  if (handler == service_->handlers().end())
    throw errors::notImplemented(service_->name(), op.name);
  return handler->second;
}

// Decoded bytes a spool file is written in (see feed): bounds the memory an upload holds.
constexpr std::size_t kSpoolBatchBytes = 1 << 20;

asio::awaitable<bool> RequestExchange::feed(std::string_view bytes) {
  if (error_ || early_) co_return false;
  try {
    raw_bytes_ += bytes.size();
    // aws-chunked framing (chunk headers, signatures, trailers) adds at most a few percent.
    std::uint64_t raw_limit =
        maxBodyBytes() + (auth_ && auth_->decodesBody() ? maxBodyBytes() / 16 + (1u << 20) : 0);
    if (raw_bytes_ > raw_limit) throw bodyTooLarge();
    if (payload_hash_) payload_hash_->update(bytes);
    if (auth_ && auth_->decodesBody())
      auth_->feed(bytes, [this](std::string_view piece) { decoded(piece); });
    else
      decoded(bytes);
    // Bytes for a spool file gather up to kSpoolBatchBytes: one blocking-pool round trip per MiB
    // instead of one per socket read, which had serialised a single upload stream on the
    // round trips (finishBody writes the rest). Bodies kept in memory take their bytes at once.
    if (!pending_.empty()) {
      if (!sink_->writesToDisk(pending_.size())) {
        sink_->write(pending_);
        pending_.clear();
      } else if (pending_.size() >= kSpoolBatchBytes) {
        co_await runBlocking(gateway_.blocking_pool, [this] { sink_->write(pending_); });
        pending_.clear();
      }
    }
  } catch (const AwsError& error) {
    error_ = error;
  } catch (const std::exception& failure) {
    spdlog::error("{} body failed: {} (request {})", logName(), failure.what(), request_id_);
    error_ = errors::internalFailure("We encountered an internal error. Please try again.");
  }
  co_return !error_;
}

void RequestExchange::decoded(std::string_view bytes) {
  if (!inflater_) return append(bytes);
  try {
    inflater_->feed(bytes, [this](std::string_view plain) { append(plain); });
  } catch (const AwsError& error) {
    // Inflating past the limit: the service's own answer to a body too large.
    if (error.http_status == 413) throw bodyTooLarge();
    throw;
  }
}

void RequestExchange::append(std::string_view plain) {
  decoded_bytes_ += plain.size();
  if (decoded_bytes_ > maxBodyBytes()) throw bodyTooLarge();
  if (digests_) digests_->update(plain);
  pending_.append(plain);
}

void RequestExchange::end(bool complete) { complete_ = complete; }

// Stage 3's end: flush the spool (off the I/O thread), check the gzip and aws-chunked trailers,
// then the payload signature.
asio::awaitable<void> RequestExchange::finishBody() {
  if (complete_ && inflater_) inflater_->finish();
  if (!pending_.empty()) {  // the last bytes gathered for the spool file
    co_await runBlocking(gateway_.blocking_pool, [this] { sink_->write(pending_); });
    pending_.clear();
  }
  if (request_.body.inMemory())
    sink_->close();
  else
    co_await runBlocking(gateway_.blocking_pool, [this] { sink_->close(); });
  if (!complete_) throw AwsError("IncompleteBody", "The request body terminated unexpectedly", 400);
  if (auth_) try {
      auth_->finish(payload_hash_ ? encoding::hexEncode(payload_hash_->digest()) : std::string());
    } catch (const AwsError& error) {
      throw inServiceWords(error);
    }
  if (digests_)
    digests_->finish(request_.body, auth_->declaredChecksum(), request_.header("content-md5"));
}

void RequestExchange::resolveUnsignedQueryService() {
  std::string action = queryAction(request_);
  for (auto* candidate : gateway_.registry.all()) {
    if (!candidate->requestPolicy().serves_query || !gateway_.registry.enabled(candidate->name()))
      continue;
    if (candidate->model().findOperation(action)) {
      service_ = candidate;
      route_->service = candidate->name();
      policy_ = &service_->requestPolicy();
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
  if (handler.inline_first) {
    // What the handler added to the response is dropped if it has to start again on the pool.
    ResponseOverrides before = ctx.response;
    co_return co_await runInlineFirst(
        gateway_.blocking_pool, [&handler, &ctx, &input] { return handler.sync(ctx, input); },
        [&ctx, &before] { ctx.response = std::move(before); });
  }
  // Blocking work (SQLite, files) never waits on an I/O thread.
  co_return co_await runBlocking(gateway_.blocking_pool,
                                 [&handler, &ctx, &input] { return handler.sync(ctx, input); });
}

asio::awaitable<HttpResponse> RequestExchange::respond() {
  try {
    if (error_) throw *error_;
    co_await finishBody();
    if (internal_)  // state resets touch every service's storage: not on an I/O thread
      co_return co_await runBlocking(gateway_.blocking_pool,
                                     [this] { return gateway_.internal.handle(request_); });
    if (!service_) resolveUnsignedQueryService();
    if (raw_) {
      auto response =
          co_await runBlocking(gateway_.blocking_pool, [this] { return raw_->handle(ctx_); });
      addRequestIdHeaders(response);
      co_return response;
    }
    const auto& model = service_->model();
    const auto& op = op_ ? *op_ : findOperation(model);
    operation_ = op.name;
    const auto& handler = handlerFor(op);
    const auto& codec = protocol::codecFor(route_->protocol);
    // A spooled body is read back from disk: decode it on the blocking pool.
    auto decode = [&] {
      Json input = codec.parseRequest(model, op, request_);
      if (auto invalid = protocol::validateInput(model, op, input))
        if (auto error = service_->validationError(*invalid)) throw *error;
      return input;
    };
    // (No co_await inside a conditional expression: g++ 12 miscompiles it.)
    Json input;
    if (request_.body.inMemory())
      input = decode();
    else
      input = co_await runBlocking(gateway_.blocking_pool, decode);

    ctx_.service = service_->name();
    ctx_.operation = op.name;
    authorize(input, true);
    Json output = co_await execute(handler, ctx_, input);
    auto response = codec.serializeResponse(model, op, output, responseContext());
    applyOverrides(ctx_.response, response);
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

// What the handler added beyond its output document: status, headers, a streamed file.
void RequestExchange::applyOverrides(ResponseOverrides& overrides, HttpResponse& response) {
  if (overrides.status) response.status = *overrides.status;
  for (auto& [name, value] : overrides.headers) response.setHeader(name, std::move(value));
  if (overrides.file) {
    response.body.clear();
    response.body_file = std::move(overrides.file);
    response.file_offset = overrides.file_offset;
    response.file_length = overrides.file_length;
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
  bool s3 = policy_->s3_request_ids;
  if (s3 && host_id_.empty()) host_id_ = ids::s3HostId();
  return {request_id_, s3 ? host_id_ : std::string()};
}

void RequestExchange::addRequestIdHeaders(HttpResponse& response) const {
  if (policy_->s3_request_ids) {
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
