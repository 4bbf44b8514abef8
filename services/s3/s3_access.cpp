// Who may do what on a bucket: S3's decision from the caller's account, the bucket's ACL and
// policy, and public access block.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-overview.html
//
// The bucket owner's account is always allowed (the emulator's callers are account roots, and
// S3 never locks a root out of its bucket's policy). Anyone else -- another account or an
// anonymous caller -- needs a bucket policy Allow (an explicit Deny wins) or an ACL grant, as
// public access block lets them count: RestrictPublicBuckets ignores a public policy for callers
// outside the account, IgnorePublicAcls ignores grants to AllUsers/AuthenticatedUsers, and
// BucketOwnerEnforced ownership disables ACLs altogether.
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"
#include "services/s3/access_rules.hpp"
#include "services/s3/acl.hpp"
#include "services/s3/bucket_policy.hpp"
#include "services/s3/cors.hpp"
#include "services/s3/public_access_block.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {
namespace {

// Operations that need no bucket of someone else's.
bool accountLevel(std::string_view operation) {
  return operation == "ListBuckets" || operation == "CreateBucket" ||
         operation == "ListDirectoryBuckets";
}

bool secureTransport(const RequestContext& ctx) {
  if (!ctx.http) return false;
  const std::string* proto = ctx.http->header("x-forwarded-proto");
  return proto && strings::iequals(*proto, "https");
}

policy::Request policyRequest(const RequestContext& ctx, std::string action, std::string resource) {
  policy::Request request;
  request.anonymous = ctx.caller.anonymous;
  if (!request.anonymous) {
    request.account = ctx.caller.account_id;
    request.arn = ctx.caller.arn;
    request.context["aws:PrincipalAccount"] = ctx.caller.account_id;
    request.context["aws:PrincipalArn"] = ctx.caller.arn;
    request.context["aws:userid"] = ctx.caller.user_id;
  }
  request.action = std::move(action);
  request.resource = std::move(resource);
  request.context["aws:SecureTransport"] = secureTransport(ctx) ? "true" : "false";
  return request;
}

// "bucket/key?versionId=..." (URL-encoded, with or without a leading '/') as CopySource sends it.
std::optional<std::pair<std::string, std::string>> copySource(const Json& input) {
  auto source = input.find("CopySource");
  if (source == input.end() || !source->is_string()) return std::nullopt;
  std::string text = source->get<std::string>();
  if (auto query = text.find('?'); query != std::string::npos) text.resize(query);
  text = encoding::uriDecode(text);
  if (!text.empty() && text.front() == '/') text.erase(0, 1);
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  return std::make_pair(text.substr(0, slash), text.substr(slash + 1));
}

// A request from a browser (with Origin) gets the Access-Control-* headers of the bucket's first
// matching CORS rule. https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
void addCorsHeaders(S3Engine& engine, RequestContext& ctx, const std::string& bucket) {
  const std::string* origin = ctx.http ? ctx.http->header("origin") : nullptr;
  if (!origin) return;
  auto configuration = engine.bucketConfig(bucket, cors::kConfig);
  if (!configuration) return;
  if (auto headers = cors::match(*configuration, *origin, ctx.http->method, "", false))
    for (auto& header : *headers) ctx.response.headers.push_back(std::move(header));
}

void checkExpectedOwner(const Json& input, const char* member, const Bucket& bucket) {
  auto expected = input.find(member);
  if (expected != input.end() && expected->is_string() && *expected != bucket.account)
    throw errors::accessDenied();
}

// One decision for a bucket (and key, when the operation names one).
struct AccessCheck {
  S3Engine& engine;
  const RequestContext& ctx;
  const Bucket& bucket;

  bool allowed(const AccessRule& rule, const Json& input) const {
    if (!ctx.caller.anonymous && ctx.caller.account_id == bucket.account) return true;
    auto block = effectivePublicAccessBlock(engine, bucket.name);
    std::string resource = "arn:aws:s3:::" + bucket.name;
    if (auto key = input.find("Key"); key != input.end() && key->is_string())
      resource += "/" + key->get<std::string>();
    if (auto stored = engine.bucketConfig(bucket.name, "policy")) {
      auto decision = policy::evaluate(*stored, policyRequest(ctx, rule.action, resource));
      if (decision == policy::Decision::Deny) return false;
      bool restricted = block.restrict_public_buckets && policy::isPublic(*stored);
      if (decision == policy::Decision::Allow && !restricted) return true;
    }
    return aclAllows(rule, input, block);
  }

  bool aclAllows(const AccessRule& rule, const Json& input, const PublicAccessBlock& block) const {
    if (rule.acl_permission.empty() || bucket.object_ownership == "BucketOwnerEnforced")
      return false;
    Json document = rule.object ? objectAcl(input) : bucketAcl();
    if (block.ignore_public_acls && acl::isPublic(document)) {
      // Only the grants to named accounts still count.
      Json kept = Json::array();
      for (const auto& grant : document.value("Grants", Json::array()))
        if (grant.value("Grantee", Json::object()).value("Type", "") != "Group")
          kept.push_back(grant);
      document["Grants"] = kept;
    }
    return acl::allows(document, ctx.caller.account_id, ctx.caller.anonymous, rule.acl_permission);
  }

  Json bucketAcl() const {
    return engine.bucketConfig(bucket.name, "acl").value_or(Json::object());
  }

  Json objectAcl(const Json& input) const {
    ObjectRef ref{bucket.name, input.value("Key", "")};
    if (auto version = input.find("VersionId"); version != input.end() && version->is_string())
      ref.version_id = version->get<std::string>();
    try {
      return engine.headObject(ref).object.attributes.acl;
    } catch (const AwsError&) {
      return Json::object();  // no such object: nothing grants access to it
    }
  }
};

}  // namespace

void S3Service::authorize(RequestContext& ctx, const std::string& operation, const Json& input) {
  if (accountLevel(operation)) {
    if (ctx.caller.anonymous) throw errors::accessDenied();
    return;
  }
  auto name = input.find("Bucket");
  if (name == input.end() || !name->is_string()) {
    if (ctx.caller.anonymous) throw errors::accessDenied();
    return;
  }
  std::optional<Bucket> bucket;
  try {
    bucket = engine().bucket(name->get<std::string>());
  } catch (const AwsError&) {
    return;  // the handler answers NoSuchBucket, as S3 does for every caller
  }
  addCorsHeaders(engine(), ctx, bucket->name);
  // x-amz-expected-bucket-owner: a request meant for another account's bucket is refused.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
  checkExpectedOwner(input, "ExpectedBucketOwner", *bucket);
  AccessRule rule = accessRule(operation, input);
  if (!AccessCheck{engine(), ctx, *bucket}.allowed(rule, input)) throw errors::accessDenied();
  // Public access block refuses new public ACLs, whoever sets them. (With ACLs disabled the
  // handler answers AccessControlListNotSupported for any ACL but the owner's.)
  if (bucket->object_ownership != "BucketOwnerEnforced" && requestsPublicAcl(input) &&
      effectivePublicAccessBlock(engine(), bucket->name).block_public_acls)
    throw errors::accessDenied();
  // A copy reads its source: the caller needs s3:GetObject there too.
  if (operation == "CopyObject" || operation == "UploadPartCopy") {
    auto source = copySource(input);
    if (!source) return;
    std::optional<Bucket> from;
    try {
      from = engine().bucket(source->first);
    } catch (const AwsError&) {
      return;
    }
    // x-amz-source-expected-bucket-owner names the source bucket's owner.
    checkExpectedOwner(input, "ExpectedSourceBucketOwner", *from);
    Json source_input = {{"Bucket", source->first}, {"Key", source->second}};
    if (!AccessCheck{engine(), ctx, *from}.allowed(accessRule("GetObject", source_input),
                                                   source_input))
      throw errors::accessDenied();
  }
}

}  // namespace awsemu::s3
