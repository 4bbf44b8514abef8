#include "services/s3/s3_service.hpp"

#include "awsemu/core/no_wait.hpp"
#include "awsemu/service/environment.hpp"
#include "services/s3/lifecycle_sweeper.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {

S3Service::S3Service() {
  registerBucketHandlers();
  registerObjectHandlers();
  registerListingHandlers();
  registerMultipartHandlers();
  registerVersioningHandlers();
  registerConfigHandlers();
}

void S3Service::onS3(const std::string& operation, service::SyncHandler handler,
                     bool inline_first) {
  auto checked = [this, operation, handler = std::move(handler)](RequestContext& ctx,
                                                                  const Json& input) {
    try {
      authorize(ctx, operation, input);
      Json out = handler(ctx, input);
      if (changesLifecycle(operation)) lifecycle_rules_.invalidate();  // s3_lifecycle.cpp
      return out;
    } catch (AwsError& error) {
      keepCorsHeaders(ctx, error);
      throw;
    }
  };
  if (inline_first)
    onInlineFirst(operation, std::move(checked));
  else
    on(operation, std::move(checked));
}

void S3Service::keepCorsHeaders(const RequestContext& ctx, AwsError& error) {
  for (const auto& [name, value] : ctx.response.headers)
    if (name.starts_with("Access-Control-") || name == "Vary")
      error.headers.emplace_back(name, value);
}

S3Service::~S3Service() = default;

void S3Service::start(service::ServiceEnvironment& env) {
  storage_ = &env.storage;
  events_ = &env.events;
  credentials_ = &env.credentials;
  blocking_pool_ = env.blocking_pool;
  sigv4_verify_ = env.config.sigv4_verify;
  // With PERSISTENCE the engine opens now: its start-up removes files a crash left behind.
  if (storage_->isPersistent()) engine();
  default_region_ = env.config.default_region;
  startLifecycle(env);
}

void S3Service::stop() {
  lifecycle_.reset();
  commit_waiters_.reset();
  engine_.reset();
}

void S3Service::reset() {
  if (storage_) engine().reset();
  lifecycle_rules_.invalidate();
}

std::optional<AwsError> S3Service::validationError(std::string message) const {
  return errors::invalidArgument(std::move(message));
}

S3Engine& S3Service::engine() const {
  if (!storage_) throw awsemu::errors::internalFailure("S3 is not started");
  // Opening the database is no work for an I/O thread.
  if (!engine_open_.load(std::memory_order_acquire)) throwIfMustNotWait();
  std::call_once(engine_once_, [this] {
    engine_ = std::make_unique<S3Engine>(*storage_,
                                         EngineOptions{.in_row_object_bytes = kInRowObjectBytes});
    commit_waiters_ = std::make_unique<service::CommitWaiters>(&engine_->commits());
    engine_open_.store(true, std::memory_order_release);
  });
  return *engine_;
}

}  // namespace awsemu::s3
