#pragma once
// A service module: its model (loaded lazily), its handler table and its lifecycle.
// Handlers never see HTTP; they get the decoded input document and return the output document
// or throw AwsError (made by the service's named factories in <svc>_errors.hpp).
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "awsemu/protocol/model.hpp"
#include "awsemu/service/request_policy.hpp"

namespace awsemu::service {

using SyncHandler = std::function<Json(RequestContext&, const Json&)>;
using AsyncHandler = std::function<boost::asio::awaitable<Json>(RequestContext&, const Json&)>;

// Checks an operation can go ahead before its body is read (bucket exists, preconditions, access):
// throwing AwsError answers at once, before `100-continue`, so a client does not upload a body
// that will be refused. ctx.body is empty then. Runs on the I/O thread: memory look-ups only.
using BeforeBody = std::function<void(RequestContext&, const Json& header_input)>;

struct Handler {
  SyncHandler sync;    // exactly one of sync/async is set
  AsyncHandler async;  // long waits (SQS long polling, Lambda invocations) are awaited, never slept
  // A sync handler that may block (SQLite, file I/O) runs on the blocking pool, not on an I/O
  // thread.
  bool blocking = true;
  BeforeBody before_body;  // optional
  // A blocking sync handler that usually finds everything at once (core/no_wait.hpp): tried
  // first on the I/O thread inside a NoWaitScope, run again on the blocking pool when it throws
  // WouldBlock. It throws that before its first side effect.
  bool inline_first = false;
};

using HandlerTable = std::unordered_map<std::string, Handler>;

// Requests that are no operation of the model (S3: CORS preflight OPTIONS, browser POST uploads,
// website endpoints): matched on the request head before model routing, answered whole by the
// handler (on the blocking pool). The handler sees the decoded body through ctx.body.
struct RawRoute {
  std::string name;  // for logs and coverage: "PostObject"
  std::function<bool(const HttpRequest&)> matches;
  std::function<HttpResponse(RequestContext&)> handle;
};

struct ServiceEnvironment;  // environment.hpp

class Service {
 public:
  virtual ~Service() = default;
  virtual std::string name() const = 0;  // "sts" (also SERVICES and health names)
  // Opens storage and loads state. Called once at start-up for enabled services.
  virtual void start(ServiceEnvironment& env) = 0;
  // The server is shutting down: end long waits now (requests in progress are still answered).
  // Called from any thread, before stop().
  virtual void drain() {}
  // Flushes and closes storage (graceful shutdown).
  virtual void stop() {}
  // Drops all state (POST /_localstack/state/<service>/reset).
  virtual void reset() = 0;
  // The error for a constraint the model expresses (required, enum, range, pattern);
  // std::nullopt means the model's constraints are not checked by the codec for this service.
  virtual std::optional<AwsError> validationError(std::string message) const {
    return errors::validation(std::move(message));
  }

  const HandlerTable& handlers() const { return handlers_; }
  const std::vector<RawRoute>& rawRoutes() const { return raw_routes_; }
  // Limits and conventions the gateway applies to this service's requests (request_policy.hpp).
  const RequestPolicy& requestPolicy() const { return policy_; }
  void setRequestPolicy(RequestPolicy policy) { policy_ = std::move(policy); }
  const protocol::ServiceModel& model() const;  // loads services/<name>/model.json on first use
  bool modelLoaded() const;

 protected:
  void on(const std::string& operation, SyncHandler fn, bool blocking = true);
  // A blocking handler tried on the I/O thread first (Handler::inline_first).
  void onInlineFirst(const std::string& operation, SyncHandler fn);
  void onAsync(const std::string& operation, AsyncHandler fn);
  // Adds a before-body check to an operation registered with on()/onAsync().
  void beforeBody(const std::string& operation, BeforeBody check);
  void onRaw(RawRoute route) { raw_routes_.push_back(std::move(route)); }

 private:
  HandlerTable handlers_;
  std::vector<RawRoute> raw_routes_;
  RequestPolicy policy_;
  mutable std::once_flag model_once_;
  mutable std::shared_ptr<const protocol::ServiceModel> model_;
  mutable std::atomic<bool> model_loaded_{false};
};

// A service's model files (services/<name>/model.json, model.patch.json): under AWSEMU_MODELS_DIR
// when set, else the source tree.
std::string modelPath(const std::string& service, const char* file);

}  // namespace awsemu::service
