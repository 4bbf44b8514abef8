#include "services/s3/copy_object.hpp"

#include <cmath>

#include "awsemu/auth/checksum.hpp"
#include "awsemu/core/encoding.hpp"
#include "services/s3/acl.hpp"
#include "services/s3/object_headers.hpp"
#include "services/s3/object_lock_rules.hpp"
#include "services/s3/object_subresources.hpp"
#include "services/s3/preconditions.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_handler_errors.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> seconds(const Json& input, const char* name) {
  auto it = input.find(name);
  if (it == input.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html: If-Match that holds
// overrides a failing If-Unmodified-Since; If-None-Match that fails wins over If-Modified-Since.
// Every failure is a 412 (never 304) for a copy.
void checkCopyConditions(const Json& input, const ObjectVersion& source) {
  const auto modified = source.last_modified_ms / 1000;
  const auto if_match = input.find("CopySourceIfMatch");
  const auto unmodified = seconds(input, "CopySourceIfUnmodifiedSince");
  if (if_match != input.end()) {
    if (!etagListMatches(if_match->get<std::string>(), source.etag))
      throw errors::preconditionFailed("x-amz-copy-source-If-Match");
  } else if (unmodified && modified > std::floor(*unmodified)) {
    throw errors::preconditionFailed("x-amz-copy-source-If-Unmodified-Since");
  }
  const auto if_none_match = input.find("CopySourceIfNoneMatch");
  const auto modified_since = seconds(input, "CopySourceIfModifiedSince");
  if (if_none_match != input.end()) {
    if (etagListMatches(if_none_match->get<std::string>(), source.etag))
      throw errors::preconditionFailed("x-amz-copy-source-If-None-Match");
  } else if (modified_since && modified <= std::floor(*modified_since)) {
    throw errors::preconditionFailed("x-amz-copy-source-If-Modified-Since");
  }
}

// The copy's checksum: the source's full-object checksum when the algorithm stays, else computed
// over the source data (the requested algorithm, or the source's, or CRC64NVME).
Json copyChecksum(S3Engine& engine, const Json& input, const ObjectVersion& source) {
  const Json& stored = source.attributes.checksum;
  std::string algorithm = text(input, "ChecksumAlgorithm");
  for (auto& c : algorithm) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string stored_algorithm = stored.value("algorithm", std::string());
  if (stored.value("type", std::string()) == "FULL_OBJECT" &&
      (algorithm.empty() || algorithm == stored_algorithm))
    return stored;
  if (algorithm.empty()) algorithm = stored_algorithm.empty() ? "CRC64NVME" : stored_algorithm;
  auto parsed = auth::parseChecksumAlgorithm(algorithm);
  if (!parsed) throw errors::invalidRequest("Invalid checksum algorithm " + algorithm);
  auth::ChecksumCalculator calculator(*parsed);
  FileHandle data = engine.openData(source);
  constexpr std::uint64_t kChunk = 1 << 20;
  for (std::uint64_t offset = 0; offset < data.size(); offset += kChunk)
    calculator.update(data.read(offset, std::min(kChunk, data.size() - offset)));
  return {{"algorithm", algorithm}, {"value", calculator.base64()}, {"type", "FULL_OBJECT"}};
}

// S3 refuses a copy onto itself that changes nothing it keeps.
void checkNotSelfCopy(const Json& input, const ObjectRef& source) {
  if (source.bucket != text(input, "Bucket") || source.key != text(input, "Key") ||
      source.version_id)
    return;
  if (text(input, "MetadataDirective") == "REPLACE" || input.contains("StorageClass") ||
      input.contains("ServerSideEncryption") || input.contains("SSECustomerAlgorithm") ||
      input.contains("WebsiteRedirectLocation"))
    return;
  throw errors::copyToItselfWithoutChange();
}

ObjectAttributes attributesOfCopy(S3Engine& engine, const Json& input, const ObjectVersion& source,
                                  const std::string& owner, const Bucket& destination, double now) {
  ssec::checkRead(source.attributes, ssec::fromRequest(input, ssec::Role::CopySource));
  checkCopyConditions(input, source);
  // An archived source is copied only once restored, as it is read.
  if (needsRestore(source, now)) throw errors::invalidObjectState(source.attributes.storage_class);
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/copy-object.html: one CopyObject copies
  // at most 5 GB; larger objects are copied part by part (UploadPartCopy).
  constexpr std::uint64_t kMaxCopySource = 5ull << 30;
  if (source.size > kMaxCopySource)
    throw errors::invalidRequest(
        "The specified copy source is larger than the maximum allowable size for a copy source: " +
        std::to_string(kMaxCopySource));
  ObjectAttributes attributes;
  attributes.owner = owner;
  const bool replace = text(input, "MetadataDirective") == "REPLACE";
  attributes.headers = replace ? contentHeaders(input) : source.attributes.headers;
  attributes.metadata = replace ? userMetadata(input) : source.attributes.metadata;
  attributes.tags = text(input, "TaggingDirective") == "REPLACE"
                        ? parseTaggingHeader(text(input, "Tagging"))
                        : source.attributes.tags;
  attributes.storage_class = storageClass(input);
  attributes.sse = sseAttributes(input);
  Json requested = acl::fromRequest(input, owner, destination.account);
  attributes.acl = requested.is_null() ? acl::canned("private", owner) : requested;
  attributes.checksum = copyChecksum(engine, input, source);
  return attributes;
}

}  // namespace

ObjectRef parseCopySource(std::string_view header) {
  ObjectRef ref;
  auto question = header.find('?');
  std::string_view path = header.substr(0, question);
  if (question != std::string_view::npos) {
    std::string_view query = header.substr(question + 1);
    if (query.starts_with("versionId=")) ref.version_id = encoding::uriDecode(query.substr(10));
  }
  std::string decoded = encoding::uriDecode(path);
  std::string_view rest = decoded;
  if (rest.starts_with('/')) rest.remove_prefix(1);
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size())
    throw errors::invalidArgument(
        "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
        "x-amz-copy-source", header);
  ref.bucket = std::string(rest.substr(0, slash));
  ref.key = std::string(rest.substr(slash + 1));
  return ref;
}

Json copyObject(S3Engine& engine, RequestContext& ctx, const Json& input, CopyResult& result) {
  ObjectRef source = parseCopySource(text(input, "CopySource"));
  // Malformed customer keys (source and destination) are refused before any look-up.
  ssec::fromRequest(input, ssec::Role::CopySource);
  ssec::forWrite(input);
  checkNotSelfCopy(input, source);
  PutObjectRequest destination;
  destination.bucket = text(input, "Bucket");
  destination.key = text(input, "Key");
  const Bucket bucket = engine.bucket(destination.bucket);
  const std::string owner =
      bucket.object_ownership == "BucketOwnerEnforced" ? bucket.account : ctx.accountId();
  if (bucket.object_ownership == "BucketOwnerEnforced") {
    Json requested = acl::fromRequest(input, owner, bucket.account);
    if (!requested.is_null() && !acl::ownerOnly(requested, bucket.account))
      throw errors::accessControlListNotSupported();
  }
  const auto encryption = engine.bucketConfig(bucket.name, "encryption");
  const Json lock =
      lockForWrite(input, bucket, lockConfiguration(engine, bucket), toEpochSeconds(ctx.now()));
  if (input.contains("IfNoneMatch")) destination.conditions.if_none_match = true;
  if (input.contains("IfMatch")) destination.conditions.if_match = text(input, "IfMatch");
  if (destination.conditions.if_match || destination.conditions.if_none_match)
    destination.conditions.began_at_seq = engine.latestSeq(destination.bucket, destination.key);
  result = engine.copyObject(source, destination, [&](const ObjectVersion& version) {
    ObjectAttributes attributes =
        attributesOfCopy(engine, input, version, owner, bucket, toEpochSeconds(ctx.now()));
    ssec::checkAllowed(attributes.sse, encryption);
    if (encryption) applyBucketEncryption(attributes.sse, input, *encryption);
    attributes.object_lock = lock;
    return attributes;
  });
  const ObjectVersion& copy = result.write.object;
  Json copy_result{{"ETag", copy.etag}, {"LastModified", copy.last_modified_ms / 1000}};
  addChecksumMembers(copy_result, copy.attributes.checksum);
  Json out{{"CopyObjectResult", std::move(copy_result)}};
  if (result.write.version_id) out["VersionId"] = *result.write.version_id;
  if (result.source_version_id) out["CopySourceVersionId"] = *result.source_version_id;
  addSseMembers(out, copy.attributes.sse);
  return out;
}

}  // namespace awsemu::s3
