#pragma once
// One request going through the gateway's stages (see gateway.hpp).
#include <optional>

#include "awsemu/auth/checksum.hpp"
#include "awsemu/gateway/service_detector.hpp"
#include "awsemu/protocol/codec.hpp"
#include "awsemu/server/exchange.hpp"
#include "src/gateway/body_digests.hpp"
#include "src/gateway/body_sink.hpp"
#include "src/gateway/gzip_inflater.hpp"
#include "src/gateway/gateway_impl.hpp"

namespace awsemu::gateway {

class RequestExchange : public server::Exchange {
 public:
  RequestExchange(Gateway::Impl& gateway, HttpRequest head);
  ~RequestExchange() override;

  std::optional<HttpResponse> earlyResponse() override { return std::move(early_); }
  boost::asio::awaitable<bool> feed(std::string_view bytes) override;
  void end(bool complete) override;
  boost::asio::awaitable<HttpResponse> respond() override;
  std::string logName() const override;
  std::string requestId() const override { return request_id_; }

 private:
  void detect();
  void authenticateHeader();
  void checkDeclaredLength();
  void checkScopeService() const;
  // An authentication error in the words of the request's service (RequestPolicy).
  AwsError inServiceWords(const AwsError& auth_error) const;
  void resolveOperationEarly();
  void matchRawRoute();
  void fillContext();
  void noteCredentialUse();  // last use of the caller's key (IAM)
  void runBeforeBody(const service::Handler& handler);
  // The authorisation stage (ENFORCE_IAM); `body_read` false: from the header's members.
  void authorize(const Json& input, bool body_read);
  void decoded(std::string_view bytes);
  void append(std::string_view plain);
  boost::asio::awaitable<void> finishBody();
  std::uint64_t maxBodyBytes() const;
  AwsError bodyTooLarge() const;
  const protocol::Operation& findOperation(const protocol::ServiceModel& model);
  const service::Handler& handlerFor(const protocol::Operation& op) const;
  void resolveUnsignedQueryService();
  boost::asio::awaitable<Json> execute(const service::Handler& handler, RequestContext& ctx,
                                       const Json& input);
  HttpResponse renderError(const AwsError& error) const;
  void addRequestIdHeaders(HttpResponse& response) const;
  static void applyOverrides(ResponseOverrides& overrides, HttpResponse& response);
  protocol::ResponseContext responseContext() const;
  const protocol::ServiceModel& errorModel() const;

  Gateway::Impl& gateway_;
  HttpRequest request_;
  std::string request_id_;
  mutable std::string host_id_;  // S3 only
  std::optional<ServiceRoute> route_;
  service::Service* service_ = nullptr;
  const service::RequestPolicy* policy_ = nullptr;
  std::string operation_;
  const protocol::Operation* op_ = nullptr;  // known from the header (all but form posts)
  const service::RawRoute* raw_ = nullptr;   // a request that is no model operation
  RequestContext ctx_;
  std::unique_ptr<BodyDigests> digests_;  // services that store bodies (RequestPolicy)
  bool internal_ = false;                 // a /_localstack/... endpoint
  bool complete_ = false;                 // the body arrived whole
  bool authorized_ = false;               // the authorisation stage has decided
  std::uint64_t raw_bytes_ = 0, decoded_bytes_ = 0;
  std::uint64_t declared_length_ = 0;  // Content-Length / x-amz-decoded-content-length
  // Decoded bytes on their way to the sink: spool writes are gathered to kSpoolBatchBytes, one
  // blocking-pool trip each; in-memory sinks take them at once.
  std::string pending_;
  std::unique_ptr<AuthSession> auth_;
  std::unique_ptr<BodySink> sink_;
  std::unique_ptr<GzipInflater> inflater_;                // Content-Encoding: gzip (not S3)
  std::optional<auth::ChecksumCalculator> payload_hash_;  // sha256 of the raw body, when signed
  std::optional<AwsError> error_;
  std::optional<HttpResponse> early_;
};

}  // namespace awsemu::gateway
