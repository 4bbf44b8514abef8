// Bucket configuration documents that S3 stores and returns: tagging, encryption, lifecycle,
// website, CORS, logging, accelerate, request payment, ownership controls and object lock.
// Each is validated as S3 validates it on Put; a Get of one never set answers S3's "not found"
// error (errors::configurationNotFound), or S3's default where the bucket always has one.
#include <set>

#include "services/s3/config_handlers.hpp"
#include "services/s3/config_validation.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

constexpr std::string_view kDeleted = "ownershipControls";  // marks a deleted configuration
constexpr std::string_view kObjectLock = "object-lock";

// One configuration kept as a document under its subresource name.
struct DocumentConfig {
  std::string subresource;    // "tagging"
  std::string put, get, del;  // operations; del may be empty
  std::string member;         // the Put payload member: "Tagging"
  std::string wrap;           // Get output: {wrap: document}, or the document's members
  std::function<void(const ConfigRegistrar&, const std::string& bucket, Json&)> validate;
  std::function<Json(const std::string& bucket)> fallback;  // Get when unset; null: not found
  // A request header member kept in the document and answered by Put as well (lifecycle's
  // TransitionDefaultMinimumObjectSize); empty: none.
  std::string header_member{};
};

void registerDocument(const ConfigRegistrar& r, DocumentConfig config) {
  auto shared = std::make_shared<DocumentConfig>(std::move(config));
  r.on(shared->put, [r, shared](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    r.engine().bucket(bucket);
    auto payload = in.find(shared->member);
    if (payload == in.end() || !payload->is_object()) throw errors::malformedXml();
    Json document = *payload;
    const std::string& header = shared->header_member;
    if (!header.empty() && in.contains(header)) document[header] = in[header];
    if (shared->validate) shared->validate(r, bucket, document);
    r.engine().putBucketConfig(bucket, shared->subresource, document);
    // Echoed when the client chose it (the CLI then prints it); a Put without it answers an
    // empty result, as the CLI flows expect, and Get reports the default.
    if (!header.empty() && in.contains(header)) return Json{{header, document[header]}};
    return Json::object();
  });
  r.on(shared->get, [r, shared](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    auto stored = r.engine().bucketConfig(bucket, shared->subresource);
    Json document;
    if (stored)
      document = *stored;
    else if (shared->fallback)
      document = shared->fallback(bucket);
    else
      throw errors::configurationNotFound(shared->subresource, bucket);
    if (!shared->wrap.empty()) return Json{{shared->wrap, document}};
    return document;
  });
  if (!shared->del.empty())
    r.on(shared->del, [r, shared](RequestContext&, const Json& in) {
      r.engine().deleteBucketConfig(bucketOf(in), shared->subresource);
      return Json::object();
    });
}

// Buckets are encrypted with SSE-S3 by default since January 2023.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
Json defaultEncryption(const std::string&) {
  return {
      {"Rules", Json::array({{{"ApplyServerSideEncryptionByDefault", {{"SSEAlgorithm", "AES256"}}},
                              {"BucketKeyEnabled", false}}})}};
}

void registerOwnershipControls(const ConfigRegistrar& r) {
  // Kept on the bucket row (the object handlers read it); a delete leaves ObjectWriter behaviour
  // and makes Get answer OwnershipControlsNotFoundError.
  r.on("PutBucketOwnershipControls", [r](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    const Json& rules = in.value("OwnershipControls", Json::object()).value("Rules", Json::array());
    if (rules.size() != 1) throw errors::malformedXml();
    std::string ownership = rules[0].value("ObjectOwnership", "");
    static const std::set<std::string> kValid{"BucketOwnerPreferred", "ObjectWriter",
                                              "BucketOwnerEnforced"};
    if (!kValid.count(ownership)) throw errors::malformedXml();
    r.engine().updateBucket(bucket, [&](Bucket& row) { row.object_ownership = ownership; });
    r.engine().deleteBucketConfig(bucket, kDeleted);
    return Json::object();
  });
  r.on("GetBucketOwnershipControls", [r](RequestContext&, const Json& in) {
    Bucket bucket = r.engine().bucket(bucketOf(in));
    if (r.engine().bucketConfig(bucket.name, kDeleted))
      throw errors::configurationNotFound(kDeleted, bucket.name);
    return Json{{"OwnershipControls",
                 {{"Rules", Json::array({{{"ObjectOwnership", bucket.object_ownership}}})}}}};
  });
  r.on("DeleteBucketOwnershipControls", [r](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    r.engine().updateBucket(bucket, [](Bucket& row) { row.object_ownership = "ObjectWriter"; });
    r.engine().putBucketConfig(bucket, kDeleted, {{"Deleted", true}});
    return Json::object();
  });
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html
void registerObjectLock(const ConfigRegistrar& r) {
  r.on("PutObjectLockConfiguration", [r](RequestContext&, const Json& in) {
    Bucket bucket = r.engine().bucket(bucketOf(in));
    auto payload = in.find("ObjectLockConfiguration");
    if (payload == in.end() || !payload->is_object()) throw errors::malformedXml();
    Json document = *payload;
    validateObjectLock(document);
    if (!bucket.object_lock_enabled) {
      // Existing buckets may turn Object Lock on once versioning is enabled.
      if (bucket.versioning != Versioning::Enabled)
        throw errors::invalidBucketState(
            "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
      r.engine().updateBucket(bucket.name, [](Bucket& row) { row.object_lock_enabled = true; });
    }
    r.engine().putBucketConfig(bucket.name, kObjectLock, document);
    return Json::object();
  });
  r.on("GetObjectLockConfiguration", [r](RequestContext&, const Json& in) {
    Bucket bucket = r.engine().bucket(bucketOf(in));
    if (!bucket.object_lock_enabled) throw errors::configurationNotFound(kObjectLock, bucket.name);
    auto stored = r.engine().bucketConfig(bucket.name, kObjectLock);
    return Json{
        {"ObjectLockConfiguration", stored ? *stored : Json{{"ObjectLockEnabled", "Enabled"}}}};
  });
}

}  // namespace

void registerDocumentConfigs(const ConfigRegistrar& r) {
  registerDocument(
      r, {"tagging", "PutBucketTagging", "GetBucketTagging", "DeleteBucketTagging", "Tagging", "",
          [](const ConfigRegistrar&, const std::string&, Json& document) {
            validateBucketTags(document);
          },
          nullptr});
  registerDocument(
      r, {"encryption", "PutBucketEncryption", "GetBucketEncryption", "DeleteBucketEncryption",
          "ServerSideEncryptionConfiguration", "ServerSideEncryptionConfiguration",
          [](const ConfigRegistrar&, const std::string&, Json& document) {
            validateEncryption(document);
          },
          defaultEncryption});
  registerDocument(
      r, {"lifecycle", "PutBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration",
          "DeleteBucketLifecycle", "LifecycleConfiguration", "",
          [](const ConfigRegistrar&, const std::string&, Json& document) {
            validateLifecycle(document);
          },
          nullptr, "TransitionDefaultMinimumObjectSize"});
  registerDocument(r, {"website", "PutBucketWebsite", "GetBucketWebsite", "DeleteBucketWebsite",
                       "WebsiteConfiguration", "",
                       [](const ConfigRegistrar&, const std::string&, Json& document) {
                         validateWebsite(document);
                       },
                       nullptr});
  registerDocument(
      r,
      {"cors", "PutBucketCors", "GetBucketCors", "DeleteBucketCors", "CORSConfiguration", "",
       [](const ConfigRegistrar&, const std::string&, Json& document) { validateCors(document); },
       nullptr});
  registerDocument(
      r, {"logging", "PutBucketLogging", "GetBucketLogging", "", "BucketLoggingStatus", "",
          [](const ConfigRegistrar& reg, const std::string&, Json& document) {
            validateLogging(document,
                            [&reg](const std::string& target) { reg.engine().bucket(target); });
          },
          [](const std::string&) { return Json::object(); }});
  registerDocument(r, {"accelerate", "PutBucketAccelerateConfiguration",
                       "GetBucketAccelerateConfiguration", "", "AccelerateConfiguration", "",
                       [](const ConfigRegistrar&, const std::string& bucket, Json& document) {
                         validateAccelerate(bucket, document);
                       },
                       [](const std::string&) { return Json::object(); }});
  registerDocument(r, {"requestPayment", "PutBucketRequestPayment", "GetBucketRequestPayment", "",
                       "RequestPaymentConfiguration", "",
                       [](const ConfigRegistrar&, const std::string&, Json& document) {
                         validateRequestPayment(document);
                       },
                       [](const std::string&) {
                         return Json{{"Payer", "BucketOwner"}};
                       }});
  registerOwnershipControls(r);
  registerObjectLock(r);
}

}  // namespace awsemu::s3
