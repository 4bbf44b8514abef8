// Buckets: CreateBucket, HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
#include <regex>

#include "services/s3/acl.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_handler_errors.hpp"
#include "services/s3/s3_owner.hpp"
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {
namespace {

constexpr std::string_view kUsEast1 = "us-east-1";

std::string member(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The region a new bucket goes to. us-east-1 (the global endpoint) takes no constraint, or any
// other region's; "us-east-1" itself is refused there. A regional endpoint takes only its own
// region. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketConfiguration.html
std::string bucketRegion(const Json& input, const std::string& request_region) {
  std::string constraint;
  if (auto config = input.find("CreateBucketConfiguration"); config != input.end())
    constraint = member(*config, "LocationConstraint");
  if (constraint == "EU") constraint = "eu-west-1";  // the legacy name S3 still accepts
  static const std::regex kRegion("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+");
  if (!constraint.empty() && !std::regex_match(constraint, kRegion))
    throw errors::invalidLocationConstraint(constraint);
  if (request_region == kUsEast1) {
    if (constraint == kUsEast1) throw errors::invalidLocationConstraint(constraint);
    return constraint.empty() ? std::string(kUsEast1) : constraint;
  }
  if (constraint != request_region) throw errors::illegalLocationConstraint(constraint);
  return constraint;
}

// S3's answer to CreateBucket: where the bucket is (path for us-east-1, its virtual host
// elsewhere).
std::string bucketLocation(const Bucket& bucket) {
  if (bucket.region == kUsEast1) return "/" + bucket.name;
  return "http://" + bucket.name + ".s3.amazonaws.com/";
}

Json bucketEntry(const Bucket& bucket) {
  return {{"Name", bucket.name},
          {"CreationDate", static_cast<double>(bucket.created_ms) / 1000.0},
          {"BucketRegion", bucket.region}};
}

// ListBuckets with BucketRegion: the region filters before paging, so that a page holds up to
// `max` buckets of that region and its token resumes right after the last of them.
BucketPage regionPage(S3Engine& engine, std::string_view account, std::string_view prefix,
                      std::optional<std::string> token, std::size_t max, std::string_view region) {
  if (region.empty()) return engine.listBuckets(account, prefix, std::move(token), max);
  constexpr std::size_t kMaxPage = 10000;
  const std::size_t wanted = max == 0 || max > kMaxPage ? kMaxPage : max;
  BucketPage result;
  for (;;) {
    BucketPage page = engine.listBuckets(account, prefix, token, wanted);
    for (std::size_t i = 0; i < page.buckets.size(); ++i) {
      if (page.buckets[i].region != region) continue;
      result.buckets.push_back(page.buckets[i]);
      if (result.buckets.size() < wanted) continue;
      // Full: the token of the same page cut after this bucket.
      result.continuation_token =
          i + 1 == page.buckets.size()
              ? page.continuation_token
              : engine.listBuckets(account, prefix, token, i + 1).continuation_token;
      return result;
    }
    if (!page.continuation_token) return result;
    token = std::move(page.continuation_token);
  }
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
Json listBuckets(S3Engine& engine, const RequestContext& ctx, const Json& in) {
  std::optional<std::string> token;
  if (in.contains("ContinuationToken")) token = member(in, "ContinuationToken");
  std::size_t max = 0;
  if (auto it = in.find("MaxBuckets"); it != in.end() && it->is_number_integer()) {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html: 1 to 10000.
    auto requested = it->get<long long>();
    if (requested < 1 || requested > 10000)
      throw errors::invalidArgument("Argument max-buckets must be an integer between 1 and 10000",
                                    "max-buckets", std::to_string(requested));
    max = static_cast<std::size_t>(requested);
  }
  const std::string prefix = member(in, "Prefix");
  const std::string region = member(in, "BucketRegion");
  BucketPage page = regionPage(engine, ctx.accountId(), prefix, token, max, region);
  Json buckets = Json::array();
  for (const auto& bucket : page.buckets) buckets.push_back(bucketEntry(bucket));
  Json out{
      {"Buckets", std::move(buckets)},
      {"Owner",
       {{"ID", canonicalUserId(ctx.accountId())}, {"DisplayName", displayName(ctx.accountId())}}}};
  if (in.contains("Prefix")) out["Prefix"] = prefix;
  if (page.continuation_token) out["ContinuationToken"] = *page.continuation_token;
  return out;
}

}  // namespace

void S3Service::registerBucketHandlers() {
  onS3("CreateBucket", [this](RequestContext& ctx, const Json& in) {
    CreateBucketRequest request;
    request.name = member(in, "Bucket");
    request.account = ctx.accountId();
    request.region = bucketRegion(in, ctx.region);
    if (auto ownership = member(in, "ObjectOwnership"); !ownership.empty())
      request.object_ownership = ownership;
    request.object_lock_enabled = in.value("ObjectLockEnabledForBucket", false);
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html: with
    // ACLs disabled a bucket accepts no ACL but the owner-only one.
    Json bucket_acl = acl::fromRequest(in, ctx.accountId());
    if (!bucket_acl.is_null() && request.object_ownership == "BucketOwnerEnforced" &&
        !acl::ownerOnly(bucket_acl, ctx.accountId()))
      throw errors::invalidBucketAclWithObjectOwnership();
    auto created = engine().createBucket(request);
    // Re-creating an owned bucket in us-east-1 succeeds and resets its ACL (legacy behaviour).
    if (!created.created && bucket_acl.is_null())
      bucket_acl = acl::canned("private", ctx.accountId());
    if (!bucket_acl.is_null()) engine().putBucketConfig(request.name, "acl", bucket_acl);
    return Json{{"Location", bucketLocation(created.bucket)}};
  });

  onS3("HeadBucket", [this](RequestContext&, const Json& in) {
    Bucket bucket = engine().bucket(member(in, "Bucket"));
    return Json{{"BucketRegion", bucket.region}, {"AccessPointAlias", false}};
  });

  onS3("ListBuckets",
       [this](RequestContext& ctx, const Json& in) { return listBuckets(engine(), ctx, in); });

  onS3("DeleteBucket", [this](RequestContext&, const Json& in) {
    engine().deleteBucket(member(in, "Bucket"));
    return Json::object();
  });

  onS3("GetBucketLocation", [this](RequestContext&, const Json& in) {
    Bucket bucket = engine().bucket(member(in, "Bucket"));
    // us-east-1 answers an empty <LocationConstraint/> (botocore reads it as None).
    return Json{{"LocationConstraint", bucket.region == kUsEast1 ? "" : bucket.region}};
  });
}

}  // namespace awsemu::s3
