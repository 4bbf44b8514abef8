#include "services/s3/object_subresources.hpp"

#include "awsemu/core/time.hpp"
#include "services/s3/acl.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/object_headers.hpp"
#include "services/s3/object_lock_rules.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_handler_errors.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html: 1000 keys a request.
constexpr std::size_t kMaxDeleteKeys = 1000;
std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ObjectRef refOf(const Json& input) {
  ObjectRef ref{text(input, "Bucket"), text(input, "Key"), std::nullopt};
  if (input.contains("VersionId")) ref.version_id = text(input, "VersionId");
  return ref;
}

Json withVersion(Json out, const std::optional<std::string>& version_id) {
  if (version_id) out["VersionId"] = *version_id;
  return out;
}

// DeleteObjects must carry Content-MD5 or a flexible checksum, as S3 requires.
void requireBodyDigest(const RequestContext& ctx) {
  if (!ctx.http) return;
  for (const auto& [name, value] : ctx.http->headers) {
    if (name == "content-md5" || name == "x-amz-trailer") return;
    if (name.starts_with("x-amz-checksum-") && name != "x-amz-checksum-type" &&
        name != "x-amz-checksum-algorithm")
      return;
  }
  throw errors::invalidRequest(
      "Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
}

Json deleteOne(S3Engine& engine, RequestContext& ctx, const std::string& bucket, const Json& object,
               bool bypass_governance, const DeletedCallback& deleted) {
  const std::string key = text(object, "Key");
  std::optional<std::string> version_id;
  if (object.contains("VersionId")) version_id = text(object, "VersionId");
  Json entry{{"Key", key}};
  if (version_id) entry["VersionId"] = *version_id;
  try {
    if (version_id) {
      std::optional<ObjectRead> version;
      try {
        version = engine.headObject({bucket, key, version_id});
      } catch (const AwsError&) {
      }
      if (version) checkDeletable(version->object, bypass_governance, toEpochSeconds(ctx.now()));
    }
    DeleteResult result = engine.deleteObject({bucket, key, version_id, ctx.accountId()});
    if (result.delete_marker) {
      entry["DeleteMarker"] = true;
      if (result.version_id) entry["DeleteMarkerVersionId"] = *result.version_id;
    }
    ObjectVersion gone;
    gone.bucket = bucket;
    gone.key = key;
    gone.version_id = result.version_id.value_or("");
    gone.is_delete_marker = result.delete_marker;
    deleted(deleteEventName(result, version_id.has_value()), gone, result.version_id);
  } catch (const AwsError& error) {
    entry["Code"] = error.code;
    entry["Message"] = error.message;
    entry["_error"] = true;
  }
  return entry;
}

bool isArchived(const ObjectVersion& object) {
  const auto& storage = object.attributes.storage_class;
  return storage == "GLACIER" || storage == "DEEP_ARCHIVE";
}

}  // namespace

std::string_view deleteEventName(const DeleteResult& result, bool version_given) {
  if (result.delete_marker && !version_given) return "s3:ObjectRemoved:DeleteMarkerCreated";
  return "s3:ObjectRemoved:Delete";
}

Json deleteObjects(S3Engine& engine, RequestContext& ctx, const Json& input,
                   const DeletedCallback& deleted) {
  const std::string bucket = text(input, "Bucket");
  requireBodyDigest(ctx);
  auto request = input.find("Delete");
  if (request == input.end() || !request->is_object()) throw errors::malformedXml();
  auto objects = request->find("Objects");
  if (objects == request->end() || !objects->is_array() || objects->empty() ||
      objects->size() > kMaxDeleteKeys)
    throw errors::malformedXml();
  engine.bucket(bucket);  // NoSuchBucket for the request as a whole
  const bool quiet = request->value("Quiet", false);
  const bool bypass = input.value("BypassGovernanceRetention", false);
  Json done = Json::array(), failed = Json::array();
  for (const auto& object : *objects) {
    Json entry = deleteOne(engine, ctx, bucket, object, bypass, deleted);
    if (entry.contains("_error")) {
      entry.erase("_error");
      failed.push_back(std::move(entry));
    } else if (!quiet) {
      done.push_back(std::move(entry));
    }
  }
  Json out = Json::object();
  if (!done.empty()) out["Deleted"] = std::move(done);
  if (!failed.empty()) out["Errors"] = std::move(failed);
  return out;
}

Json putObjectTagging(S3Engine& engine, const Json& input, ObjectRead& changed) {
  auto tagging = input.find("Tagging");
  if (tagging == input.end() || !tagging->is_object()) throw errors::malformedXml();
  Json tags = tagsFromTagSet(tagging->value("TagSet", Json::array()));
  changed = engine.updateObject(refOf(input), ObjectField::Tags, tags);
  return withVersion(Json::object(), changed.version_id);
}

Json getObjectTagging(S3Engine& engine, const Json& input) {
  ObjectRead read = engine.headObject(refOf(input));
  return withVersion(Json{{"TagSet", tagSetFrom(read.object.attributes.tags)}}, read.version_id);
}

Json deleteObjectTagging(S3Engine& engine, const Json& input, ObjectRead& changed) {
  changed = engine.updateObject(refOf(input), ObjectField::Tags, Json::object());
  return withVersion(Json::object(), changed.version_id);
}

Json getObjectAcl(S3Engine& engine, const Json& input) {
  ObjectRead read = engine.headObject(refOf(input));
  const Json& stored = read.object.attributes.acl;
  Json document = stored.is_object() && stored.contains("Grants")
                      ? stored
                      : acl::canned("private", read.object.attributes.owner);
  return Json{{"Owner", document.value("Owner", acl::owner(read.object.attributes.owner))},
              {"Grants", document["Grants"]}};
}

Json putObjectAcl(S3Engine& engine, RequestContext&, const Json& input, ObjectRead& changed) {
  const ObjectRef ref = refOf(input);
  const Bucket bucket = engine.bucket(ref.bucket);
  ObjectRead current = engine.headObject(ref);
  const std::string& owner = current.object.attributes.owner;
  Json document = acl::fromRequest(input, owner, bucket.account);
  if (document.is_null())
    throw AwsError("MissingSecurityHeader", "Your request was missing a required header", 400);
  if (bucket.object_ownership == "BucketOwnerEnforced" && !acl::ownerOnly(document, owner))
    throw errors::accessControlListNotSupported();
  changed = engine.updateObject(ref, ObjectField::Acl, document);
  return Json::object();
}

Json getObjectAttributes(S3Engine& engine, const Json& input) {
  const auto customer_key = ssec::fromRequest(input);
  ObjectRead read = engine.headObject(refOf(input));
  ssec::checkRead(read.object.attributes, customer_key);  // SSE-C objects need their key here too
  const ObjectVersion& object = read.object;
  Json out{{"LastModified", object.last_modified_ms / 1000}};
  if (read.version_id) out["VersionId"] = *read.version_id;
  for (const auto& wanted : input.value("ObjectAttributes", Json::array())) {
    const std::string name = wanted.is_string() ? wanted.get<std::string>() : "";
    if (name == "ETag") out["ETag"] = unquotedEtag(object.etag);
    if (name == "StorageClass") out["StorageClass"] = object.attributes.storage_class;
    if (name == "ObjectSize") out["ObjectSize"] = object.size;
    if (name == "Checksum" && object.attributes.checksum.contains("value")) {
      Json checksum = Json::object();
      addChecksumMembers(checksum, object.attributes.checksum);
      out["Checksum"] = std::move(checksum);
    }
    if (name == "ObjectParts" && object.part_count > 0) {
      const int marker = input.value("PartNumberMarker", 0);
      const int max = input.value("MaxParts", 1000);
      Json parts = Json::array();
      int last = marker;
      for (int number = marker + 1;
           number <= object.part_count && static_cast<int>(parts.size()) < max; ++number) {
        const Json& part = object.parts.at(static_cast<std::size_t>(number - 1));
        Json entry{{"PartNumber", number}, {"Size", part.value("size", 0ull)}};
        if (part.contains("checksum")) addChecksumMembers(entry, part["checksum"]);
        entry.erase("ChecksumType");
        parts.push_back(std::move(entry));
        last = number;
      }
      out["ObjectParts"] = {{"TotalPartsCount", object.part_count},
                            {"PartNumberMarker", marker},
                            {"NextPartNumberMarker", last},
                            {"MaxParts", max},
                            {"IsTruncated", last < object.part_count},
                            {"Parts", std::move(parts)}};
    }
  }
  return out;
}

Json restoreObject(S3Engine& engine, RequestContext& ctx, const Json& input) {
  const ObjectRef ref = refOf(input);
  ObjectRead current = engine.headObject(ref);
  if (!isArchived(current.object)) {
    AwsError error = errors::invalidObjectState(current.object.attributes.storage_class);
    error.message = "Restore is not allowed for the object's current storage class";
    throw error;
  }
  int days = 1;
  if (auto request = input.find("RestoreRequest"); request != input.end())
    days = request->value("Days", 1);
  // Restored at once: the copy is available until `days` days from now (S3 rounds the expiry to
  // the next midnight UTC).
  const double now = toEpochSeconds(ctx.now());
  const double expiry = (std::floor(now / 86400.0) + 1 + days) * 86400.0;
  const ObjectRead before = engine.restoreObject(ref, expiry);
  // 202 for a new restore, 200 for extending a copy still there.
  if (!before.object.restore_expiry || *before.object.restore_expiry <= now)
    ctx.response.status = 202;
  return Json::object();
}

std::optional<std::string> restoreHeader(const ObjectVersion& object, double now) {
  if (!object.restore_expiry || *object.restore_expiry <= now) return std::nullopt;
  return "ongoing-request=\"false\", expiry-date=\"" + timefmt::httpDate(*object.restore_expiry) +
         "\"";
}

bool needsRestore(const ObjectVersion& object, double now) {
  return isArchived(object) && !restoreHeader(object, now);
}

}  // namespace awsemu::s3
