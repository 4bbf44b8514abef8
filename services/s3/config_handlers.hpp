#pragma once
// The pieces of S3's bucket configuration (s3_config_handlers.cpp registers them all): each file
// registers its operations through a ConfigRegistrar, which forwards to S3Service's onS3 (access
// check first) and onRaw, and reaches the engine and the event bus once the service has started.
#include <functional>
#include <string>

#include "awsemu/config/config.hpp"
#include "awsemu/events/event_bus.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/service.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

struct ConfigRegistrar {
  std::function<void(const std::string& operation, service::SyncHandler handler)> on;
  std::function<void(service::RawRoute route)> raw;
  std::function<S3Engine&()> engine;
  std::function<events::EventBus*()> events;
  // S3Service::authorize, for raw routes (no model operation runs it for them).
  std::function<void(RequestContext&, const std::string& operation, const Json& input)> authorize;
  // S3Service::notify: an object event for the bucket's notification configuration.
  std::function<void(RequestContext&, std::string_view event, const std::string& bucket,
                     const ObjectVersion& object, const std::optional<std::string>& version_id)>
      notify;
  // Issued credentials and the SIGV4_VERIFY mode, for signatures checked outside the gateway.
  std::function<const service::CredentialRegistry*()> credentials;
  std::function<config::SigV4Mode()> verify_mode;
};

// The bucket named by a request (the codec's Bucket member).
std::string bucketOf(const Json& input);

// config_documents.cpp: tagging, encryption, lifecycle, website, CORS, ownership controls,
// object lock, logging, accelerate, request payment.
void registerDocumentConfigs(const ConfigRegistrar& registrar);
// bucket_access_handlers.cpp: policy, policy status, public access block, bucket ACL.
void registerAccessConfigs(const ConfigRegistrar& registrar);
// notification_config.cpp: Get/PutBucketNotificationConfiguration (with the s3:TestEvent).
void registerNotificationConfigs(const ConfigRegistrar& registrar);
// cors.cpp: the OPTIONS preflight route.
void registerCorsRoutes(const ConfigRegistrar& registrar);
// post_upload.cpp: browser POST uploads (POST /<bucket> with multipart/form-data).
void registerPostUploadRoute(const ConfigRegistrar& registrar);

}  // namespace awsemu::s3
