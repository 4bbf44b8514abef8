// S3's operations as IAM sees them (ENFORCE_IAM): the action of each operation (access_rules.cpp:
// HeadObject is s3:GetObject, ListObjectsV2 s3:ListBucket, ...), the bucket or object ARN, S3's
// condition keys, the bucket's owner and policy. CopyObject/UploadPartCopy also read their
// source (s3:GetObject there); DeleteObjects is one s3:DeleteObject per key, so it is decided
// once its body is read. Other accounts' roots and anonymous callers are left to S3's own checks
// (ACLs, bucket policy, public access block: s3_access.cpp).
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "awsemu/core/encoding.hpp"
#include "services/common/service_authorizers.hpp"
#include "services/s3/access_rules.hpp"
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {
namespace {

std::string str(const Json& input, const char* member) {
  auto it = input.find(member);
  if (it == input.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return std::to_string(it->get<std::int64_t>());
  return {};
}

std::string objectArn(const std::string& bucket, const std::string& key) {
  return "arn:aws:s3:::" + bucket + "/" + key;
}

// Request members S3 offers as condition keys.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
void addKeys(service::AuthorizationTarget& target, const Json& input) {
  static const std::pair<const char*, const char*> kKeys[] = {
      {"Prefix", "s3:prefix"},
      {"Delimiter", "s3:delimiter"},
      {"MaxKeys", "s3:max-keys"},
      {"ACL", "s3:x-amz-acl"},
      {"ServerSideEncryption", "s3:x-amz-server-side-encryption"},
      {"SSEKMSKeyId", "s3:x-amz-server-side-encryption-aws-kms-key-id"},
      {"StorageClass", "s3:x-amz-storage-class"},
      {"MetadataDirective", "s3:x-amz-metadata-directive"},
      {"CopySource", "s3:x-amz-copy-source"},
      {"VersionId", "s3:VersionId"},
      {"ObjectLockMode", "s3:object-lock-mode"},
      {"ObjectLockLegalHoldStatus", "s3:object-lock-legal-hold"},
  };
  for (const auto& [member, key] : kKeys)
    if (auto value = str(input, member); !value.empty()) target.key(key, value);
  target.key("s3:signatureversion", "AWS4-HMAC-SHA256");
}

service::AuthorizationTarget targetOf(std::string action, const std::string& bucket,
                                      const std::string& key, const Json& input) {
  service::AuthorizationTarget target;
  target.action = std::move(action);
  target.resource = key.empty() ? "arn:aws:s3:::" + bucket : objectArn(bucket, key);
  addKeys(target, input);
  return target;
}

// x-amz-copy-source: "bucket/key[?versionId=v]", URL-encoded, with or without a leading '/'.
std::optional<std::pair<std::string, std::string>> copySource(const std::string& header) {
  std::string text = header.substr(0, header.find('?'));
  text = encoding::uriDecode(text);
  if (!text.empty() && text.front() == '/') text.erase(0, 1);
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  return std::make_pair(text.substr(0, slash), text.substr(slash + 1));
}

}  // namespace

class S3Authorizer : public service::ServiceAuthorizer {
 public:
  std::optional<service::AuthorizationTargets> targets(service::Service&, const RequestContext& ctx,
                                                       const Json& input,
                                                       bool body_read) const override {
    const std::string& op = ctx.operation;
    if (op == "ListBuckets") return service::defaultTargets("s3", "ListAllMyBuckets");
    if (op == "ListDirectoryBuckets")
      return service::defaultTargets("s3express", "ListAllMyDirectoryBuckets");
    std::string bucket = str(input, "Bucket");
    if (bucket.empty()) return service::defaultTargets("s3", op);
    service::AuthorizationTargets out;
    if (op == "DeleteObjects") {
      if (!body_read) return std::nullopt;
      auto objects = input.value("Delete", Json::object()).value("Objects", Json::array());
      for (const auto& object : objects) {
        std::string action =
            str(object, "VersionId").empty() ? "s3:DeleteObject" : "s3:DeleteObjectVersion";
        out.push_back(targetOf(action, bucket, str(object, "Key"), object));
      }
      return out;
    }
    if (op == "CopyObject" || op == "UploadPartCopy") {
      if (auto source = copySource(str(input, "CopySource"))) {
        std::string header = str(input, "CopySource");
        bool versioned = header.find("versionId=") != std::string::npos;
        out.push_back(targetOf(versioned ? "s3:GetObjectVersion" : "s3:GetObject", source->first,
                               source->second, Json::object()));
      }
    }
    AccessRule rule = accessRule(op, input);
    out.push_back(targetOf(rule.action, bucket, str(input, "Key"), input));
    return out;
  }

  // The bucket's owner (so that another account's bucket needs its policy too) and policy.
  void attachResourcePolicy(service::Service& service, const RequestContext&,
                            service::AuthorizationTarget& target) const override {
    if (!target.resource.starts_with("arn:aws:s3:::")) return;
    std::string path = target.resource.substr(13);
    std::string bucket = path.substr(0, path.find('/'));
    auto& engine = static_cast<S3Service&>(service).engine();
    BucketFacts facts = factsOf(engine, bucket);
    if (!facts.exists) return;  // no such bucket: the handler answers NoSuchBucket
    target.resource_account = std::move(facts.account);
    target.resource_policy = std::move(facts.policy);
  }

  // S3 decides for other accounts' roots itself (ACLs, bucket policy, public access block).
  bool authorizesRootsItself() const override { return true; }

  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
  AwsError accessDenied(std::string message) const override {
    return AwsError("AccessDenied", std::move(message), 403);
  }

 private:
  // A bucket's owner and compiled policy as read at one S3Engine::bucketGeneration(): still
  // current while the generation has not moved, so a steady workload reads no bucket row.
  struct BucketFacts {
    const S3Engine* engine = nullptr;
    std::uint64_t generation = 0;
    bool exists = false;
    std::string account;
    iam::PolicyPtr policy;
  };
  static constexpr std::size_t kCachedBuckets = 4096;

  BucketFacts factsOf(S3Engine& engine, const std::string& bucket) const {
    const std::uint64_t generation = engine.bucketGeneration();  // before reading the rows
    {
      std::shared_lock lock(mutex_);
      auto it = facts_.find(bucket);
      if (it != facts_.end() && it->second.engine == &engine && it->second.generation == generation)
        return it->second;
    }
    BucketFacts facts{&engine, generation};
    try {
      facts.account = engine.bucket(bucket).account;
      facts.exists = true;
      if (auto stored = engine.bucketConfig(bucket, "policy"))
        facts.policy = service::storedResourcePolicy(stored->dump(), "arn:aws:s3:::" + bucket);
    } catch (const AwsError&) {
      facts.exists = false;  // deleted in between: not cached as existing
    }
    std::unique_lock lock(mutex_);
    if (facts_.size() >= kCachedBuckets) facts_.clear();
    facts_[bucket] = facts;
    return facts;
  }

  mutable std::shared_mutex mutex_;
  mutable std::unordered_map<std::string, BucketFacts> facts_;
};

}  // namespace awsemu::s3

namespace awsemu::service {
const ServiceAuthorizer& s3Authorizer() {
  static const s3::S3Authorizer authorizer;
  return authorizer;
}
}  // namespace awsemu::service
