#include "services/s3/s3_service.hpp"

#include "awsemu/service/environment.hpp"
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

void S3Service::onS3(const std::string& operation, service::SyncHandler handler) {
  on(operation, [this, operation, handler = std::move(handler)](RequestContext& ctx,
                                                                 const Json& input) {
    authorize(ctx, operation, input);
    return handler(ctx, input);
  });
}

S3Service::~S3Service() = default;

void S3Service::start(service::ServiceEnvironment& env) {
  engine_ = std::make_unique<S3Engine>(env.storage);
  events_ = &env.events;
  default_region_ = env.config.default_region;
}

void S3Service::stop() { engine_.reset(); }

void S3Service::reset() {
  if (engine_) engine_->reset();
}

std::optional<AwsError> S3Service::validationError(std::string message) const {
  return errors::invalidArgument(std::move(message));
}

S3Engine& S3Service::engine() const {
  if (!engine_) throw awsemu::errors::internalFailure("S3 is not started");
  return *engine_;
}

}  // namespace awsemu::s3
