#pragma once
// Amazon S3: buckets, objects (versioned), listings, multipart uploads and bucket configuration,
// on the storage engine of s3_engine.hpp. https://docs.aws.amazon.com/AmazonS3/latest/API/
//
// Handlers are grouped by resource, one file each (s3_<group>_handlers.cpp), each registering its
// operations from one member function below. Handlers are blocking (SQLite, files): they run on
// the gateway's blocking pool. Bodies arrive through ctx.body (the spool file is adopted by the
// engine, never copied into the input document) with the MD5 and checksum the gateway computed
// while decoding them; object data leaves through ctx.response.file (an open descriptor).
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <memory>
#include <mutex>

#include "awsemu/events/event_bus.hpp"
#include "awsemu/config/config.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/service.hpp"
#include "services/common/commit_waiters.hpp"
#include "services/s3/lifecycle_rules.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

class LifecycleSweeper;

class S3Service : public service::Service {
 public:
  S3Service();
  ~S3Service() override;
  std::string name() const override { return "s3"; }
  void start(service::ServiceEnvironment& env) override;
  void stop() override;
  void reset() override;
  // S3 reports model-constraint violations as InvalidArgument / InvalidRequest itself.
  std::optional<AwsError> validationError(std::string message) const override;

 private:
  friend class S3Authorizer;  // s3_authorization.cpp: bucket owners and policies (ENFORCE_IAM)
  // s3_bucket_handlers.cpp: Create/Head/Delete/ListBuckets, GetBucketLocation, versioning.
  void registerBucketHandlers();
  // s3_object_handlers.cpp: Put/Get/Head/Delete/Copy object, DeleteObjects,
  // GetObjectAttributes, object tagging and ACLs, RestoreObject.
  void registerObjectHandlers();
  void registerObjectSubresourceHandlers();  // tagging, ACLs, attributes, restore (same file)
  // s3_listing_handlers.cpp: ListObjects, ListObjectsV2, ListObjectVersions.
  void registerListingHandlers();
  // s3_multipart_handlers.cpp: Create/UploadPart/UploadPartCopy/Complete/Abort, ListParts,
  // ListMultipartUploads.
  void registerMultipartHandlers();
  // s3_versioning_handlers.cpp: Get/PutBucketVersioning.
  void registerVersioningHandlers();
  // s3_config_handlers.cpp: bucket subresources (policy, CORS, tagging, encryption, lifecycle,
  // website, ...), and the raw routes (CORS preflight OPTIONS, browser POST uploads).
  void registerConfigHandlers();

  // Registers an S3 operation: access is checked (authorize) before the handler runs.
  // `inline_first`: tried on the I/O thread first (core/no_wait.hpp), for reads that nearly
  // always find the database lock free and the object's bytes in its row.
  void onS3(const std::string& operation, service::SyncHandler handler, bool inline_first = false);
  // s3_access.cpp: may the caller do `operation` on the bucket/key of `input`? Owners may; other
  // accounts and anonymous callers as ACLs, bucket policy and public access block decide.
  // Throws AccessDenied.
  void authorize(RequestContext& ctx, const std::string& operation, const Json& input);
  // s3_notifications.cpp: an object event ("s3:ObjectCreated:Put", "s3:ObjectRemoved:Delete",
  // ...) for the bucket's notification configuration, delivered through the event bus.
  void notify(RequestContext& ctx, std::string_view event_name, const std::string& bucket,
              const ObjectVersion& object, const std::optional<std::string>& version_id);
  // notify() in two steps, for a handler that answers on an I/O thread after awaiting its commit
  // (PutObject): the bucket's notification configuration and row, read before the write
  // (nullopt: nothing to deliver), then the events, without a database read.
  struct NotificationTarget {
    Json configuration;
    Bucket bucket;
  };
  std::optional<NotificationTarget> notificationTarget(const std::string& bucket);
  void notify(RequestContext& ctx, std::string_view event_name, const NotificationTarget& target,
              const ObjectVersion& object, const std::optional<std::string>& version_id);
  // s3_object_handlers.cpp: PutObject, async: small bodies wait for their group commit without
  // holding a blocking-pool thread (S3Engine::submitPut).
  void registerPutObject();

  // s3_lifecycle.cpp: the lifecycle sweep on the background executor (S3_LIFECYCLE_INTERVAL),
  // and the x-amz-expiration (Expiration) of GetObject/HeadObject (from the request's input) and
  // of writes (from the version written) for objects a rule will expire.
  void startLifecycle(service::ServiceEnvironment& env);
  void addExpiration(const Json& input, Json& out);
  void addExpiration(const ObjectVersion& written, Json& out);
  void addAbortDate(const Upload& upload, Json& out);  // x-amz-abort-date, x-amz-abort-rule-id
  lifecycle::RulesCache::Rules cachedLifecycleRules(const std::string& bucket);
  // Operations after which the cached lifecycle rules are stale (Put/DeleteBucketLifecycle...,
  // DeleteBucket).
  static bool changesLifecycle(const std::string& operation);
  // The bucket's CORS headers (added by authorize) go on errors too, so that a browser can read
  // S3's error. https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
  static void keepCorsHeaders(const RequestContext& ctx, AwsError& error);

  S3Engine& engine() const;

  // Opened on first use: an idle server that never sees an S3 request opens no database.
  mutable std::once_flag engine_once_;
  mutable std::unique_ptr<S3Engine> engine_;
  mutable std::atomic<bool> engine_open_{false};  // set once engine_ exists (the sweep asks)
  std::unique_ptr<LifecycleSweeper> lifecycle_;
  lifecycle::RulesCache lifecycle_rules_;                           // for x-amz-expiration
  mutable std::unique_ptr<service::CommitWaiters> commit_waiters_;  // over engine_'s commits
  boost::asio::thread_pool* blocking_pool_ = nullptr;               // null: blocking work inline
  const storage::StorageLocation* storage_ = nullptr;
  events::EventBus* events_ = nullptr;
  // Browser POST uploads verify their policy signature themselves (post_upload.cpp).
  const service::CredentialRegistry* credentials_ = nullptr;
  config::SigV4Mode sigv4_verify_ = config::SigV4Mode::Known;
  std::string default_region_ = "us-east-1";
};

}  // namespace awsemu::s3
