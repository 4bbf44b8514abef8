// Bucket policy, policy status, public access block and bucket ACL: the configuration S3's
// access decisions (s3_access.cpp) read.
#include "services/s3/acl.hpp"
#include "services/s3/bucket_policy.hpp"
#include "services/s3/config_handlers.hpp"
#include "services/s3/public_access_block.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

constexpr std::string_view kPolicy = "policy";
constexpr std::string_view kAcl = "acl";

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
void registerPolicy(const ConfigRegistrar& r) {
  r.on("PutBucketPolicy", [r](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    r.engine().bucket(bucket);
    std::string text = in.value("Policy", "");
    Json document = policy::validate(text, bucket);
    // BlockPublicPolicy refuses a policy that would make the bucket public.
    if (policy::isPublic(document) &&
        effectivePublicAccessBlock(r.engine(), bucket).block_public_policy)
      throw errors::accessDenied();
    r.engine().putBucketConfig(bucket, kPolicy, document);
    return Json::object();
  });
  r.on("GetBucketPolicy", [r](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    auto stored = r.engine().bucketConfig(bucket, kPolicy);
    if (!stored) throw errors::configurationNotFound(kPolicy, bucket);
    return Json{{"Policy", stored->dump()}};
  });
  r.on("DeleteBucketPolicy", [r](RequestContext&, const Json& in) {
    r.engine().deleteBucketConfig(bucketOf(in), kPolicy);
    return Json::object();
  });
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html
  r.on("GetBucketPolicyStatus", [r](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    auto stored = r.engine().bucketConfig(bucket, kPolicy);
    if (!stored) throw errors::configurationNotFound(kPolicy, bucket);
    return Json{{"PolicyStatus", {{"IsPublic", policy::isPublic(*stored)}}}};
  });
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
void registerPublicAccessBlock(const ConfigRegistrar& r) {
  r.on("PutPublicAccessBlock", [r](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    auto config = in.find("PublicAccessBlockConfiguration");
    if (config == in.end() || !config->is_object()) throw errors::malformedXml();
    Json document = Json::object();
    for (const char* name :
         {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"})
      document[name] = config->value(name, false);
    r.engine().putBucketConfig(bucket, kPublicAccessBlockConfig, document);
    return Json::object();
  });
  r.on("GetPublicAccessBlock", [r](RequestContext&, const Json& in) {
    std::string bucket = bucketOf(in);
    auto block = publicAccessBlock(r.engine(), bucket);
    if (!block) throw errors::configurationNotFound(kPublicAccessBlockConfig, bucket);
    return Json{{"PublicAccessBlockConfiguration",
                 {{"BlockPublicAcls", block->block_public_acls},
                  {"IgnorePublicAcls", block->ignore_public_acls},
                  {"BlockPublicPolicy", block->block_public_policy},
                  {"RestrictPublicBuckets", block->restrict_public_buckets}}}};
  });
  r.on("DeletePublicAccessBlock", [r](RequestContext&, const Json& in) {
    // Remembered as deleted: a bucket that never had the configuration has S3's defaults.
    r.engine().putBucketConfig(bucketOf(in), kPublicAccessBlockConfig, {{"Deleted", true}});
    return Json::object();
  });
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html
void registerBucketAcl(const ConfigRegistrar& r) {
  r.on("GetBucketAcl", [r](RequestContext&, const Json& in) {
    Bucket bucket = r.engine().bucket(bucketOf(in));
    auto stored = r.engine().bucketConfig(bucket.name, kAcl);
    Json document = stored ? *stored : acl::canned("private", bucket.account);
    return Json{{"Owner", document.value("Owner", acl::owner(bucket.account))},
                {"Grants", document.value("Grants", Json::array())}};
  });
  r.on("PutBucketAcl", [r](RequestContext&, const Json& in) {
    Bucket bucket = r.engine().bucket(bucketOf(in));
    Json document = acl::fromRequest(in, bucket.account);
    if (document.is_null())
      throw AwsError("MissingSecurityHeader", "Your request was missing a required header", 400);
    // With ACLs disabled S3 accepts only ACLs that give the owner full control and no one else
    // anything. https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
    if (bucket.object_ownership == "BucketOwnerEnforced" &&
        !acl::ownerOnly(document, bucket.account))
      throw AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
    r.engine().putBucketConfig(bucket.name, kAcl, document);
    return Json::object();
  });
}

}  // namespace

void registerAccessConfigs(const ConfigRegistrar& registrar) {
  registerPolicy(registrar);
  registerPublicAccessBlock(registrar);
  registerBucketAcl(registrar);
}

}  // namespace awsemu::s3
