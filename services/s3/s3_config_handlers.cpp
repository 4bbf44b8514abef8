// Bucket subresources and the raw routes S3 serves besides its model operations; the pieces
// live in their own files (config_handlers.hpp).
#include "services/s3/config_handlers.hpp"
#include "services/s3/s3_service.hpp"
#include "services/s3/website_hosting.hpp"

namespace awsemu::s3 {

std::string bucketOf(const Json& input) { return input.value("Bucket", ""); }

void S3Service::registerConfigHandlers() {
  ConfigRegistrar registrar;
  registrar.on = [this](const std::string& operation, service::SyncHandler handler) {
    onS3(operation, std::move(handler));
  };
  registrar.raw = [this](service::RawRoute route) { onRaw(std::move(route)); };
  registrar.engine = [this]() -> S3Engine& { return engine(); };
  registrar.events = [this] { return events_; };
  registrar.authorize = [this](RequestContext& ctx, const std::string& operation,
                               const Json& input) { authorize(ctx, operation, input); };
  registrar.notify = [this](RequestContext& ctx, std::string_view event, const std::string& bucket,
                            const ObjectVersion& object,
                            const std::optional<std::string>& version_id) {
    notify(ctx, event, bucket, object, version_id);
  };
  registrar.credentials = [this] { return credentials_; };
  registrar.verify_mode = [this] { return sigv4_verify_; };
  registerDocumentConfigs(registrar);
  registerAccessConfigs(registrar);
  registerNotificationConfigs(registrar);
  // Raw routes are matched in registration order: website hosts take every request first; the
  // preflight (OPTIONS) and the form POST never overlap a model operation's method and path.
  registerWebsiteRoute(registrar);
  registerCorsRoutes(registrar);
  registerPostUploadRoute(registrar);
}

}  // namespace awsemu::s3
