// Objects: PutObject, GetObject, HeadObject, DeleteObject, CopyObject, DeleteObjects, tagging,
// ACLs, GetObjectAttributes and RestoreObject. Reads: object_reads.cpp; copies: copy_object.cpp;
// the rest: object_subresources.cpp. https://docs.aws.amazon.com/AmazonS3/latest/API/
#include <boost/asio/post.hpp>

#include "awsemu/core/run_blocking.hpp"
#include "services/s3/acl.hpp"
#include "services/s3/copy_object.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/object_headers.hpp"
#include "services/s3/object_lock_rules.hpp"
#include "services/s3/object_reads.hpp"
#include "services/s3/object_retention.hpp"
#include "services/s3/object_subresources.hpp"
#include "services/s3/preconditions.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_handler_errors.hpp"
#include "services/s3/s3_service.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

namespace asio = boost::asio;

std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> versionOf(const Json& input) {
  if (!input.contains("VersionId")) return std::nullopt;
  return text(input, "VersionId");
}

// Conditional writes: If-None-Match takes only "*" and If-Match an ETag.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
WriteConditions writeConditions(const Json& input) {
  WriteConditions conditions;
  if (input.contains("IfNoneMatch")) {
    if (text(input, "IfNoneMatch") != "*") throw errors::headerNotImplemented("If-None-Match");
    conditions.if_none_match = true;
  }
  if (input.contains("IfMatch")) conditions.if_match = text(input, "IfMatch");
  return conditions;
}

// What PutObject stores beside the data. The owner is the writer, or the bucket owner when the
// bucket enforces ownership (ACLs disabled) or prefers it and the writer granted it.
ObjectAttributes writeAttributes(RequestContext& ctx, const Json& input, const Bucket& bucket) {
  ObjectAttributes attributes;
  const bool enforced = bucket.object_ownership == "BucketOwnerEnforced";
  const bool preferred = bucket.object_ownership == "BucketOwnerPreferred" &&
                         text(input, "ACL") == "bucket-owner-full-control";
  attributes.owner = enforced || preferred ? bucket.account : ctx.accountId();
  Json requested = acl::fromRequest(input, attributes.owner, bucket.account);
  if (enforced && !requested.is_null() && !acl::ownerOnly(requested, attributes.owner))
    throw errors::accessControlListNotSupported();
  attributes.acl = requested.is_null() ? acl::canned("private", attributes.owner) : requested;
  attributes.storage_class = storageClass(input);
  attributes.headers = contentHeaders(input);
  attributes.metadata = userMetadata(input);
  if (input.contains("Tagging")) attributes.tags = parseTaggingHeader(text(input, "Tagging"));
  attributes.sse = sseAttributes(input);
  if (ctx.body) attributes.checksum = bodyChecksum(*ctx.body);
  return attributes;
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html: the body is adopted from
// the gateway's spool (or memory) with the MD5 and checksum computed while it arrived.
PutObjectRequest putRequest(S3Engine& engine, RequestContext& ctx, const Json& in) {
  PutObjectRequest request;
  request.bucket = text(in, "Bucket");
  request.key = text(in, "Key");
  const Bucket bucket = engine.bucket(request.bucket);
  request.conditions = writeConditions(in);
  // Conditional writes remember the key as it was, to tell a concurrent change (409).
  if (request.conditions.if_match || request.conditions.if_none_match)
    request.conditions.began_at_seq = engine.latestSeq(request.bucket, request.key);
  request.attributes = writeAttributes(ctx, in, bucket);
  if (auto encryption = engine.bucketConfig(bucket.name, "encryption")) {
    ssec::checkAllowed(request.attributes.sse, encryption);
    applyBucketEncryption(request.attributes.sse, in, *encryption);
  }
  request.attributes.object_lock =
      lockForWrite(in, bucket, lockConfiguration(engine, bucket), toEpochSeconds(ctx.now()));
  if (ctx.body && ctx.body->md5.size() == 16) request.etag = quotedEtag(ctx.body->md5);
  return request;
}

const RequestBody& bodyOf(const RequestContext& ctx) {
  static const RequestBody kEmpty;
  return ctx.body ? *ctx.body : kEmpty;
}

Json putOutput(const WriteResult& result) {
  Json out{{"ETag", result.object.etag}};
  if (result.version_id) out["VersionId"] = *result.version_id;
  addChecksumMembers(out, result.object.attributes.checksum);
  addSseMembers(out, result.object.attributes.sse);
  return out;
}

// Blocking work tried on the I/O thread first, then on the gateway's blocking pool when it would
// wait (core/no_wait.hpp); inline when there is no pool (unit tests).
template <class F>
asio::awaitable<std::invoke_result_t<F&>> inlineFirst(asio::thread_pool* pool, RequestContext& ctx,
                                                      F work) {
  if (!pool) co_return work();
  ResponseOverrides before = ctx.response;
  co_return co_await runInlineFirst(*pool, work,
                                    [&ctx, &before] { ctx.response = std::move(before); });
}

// Object Lock: a version asked for by id may be protected from deletion.
void checkVersionDeletable(S3Engine& engine, RequestContext& ctx, const Json& in,
                           const DeleteObjectRequest& request) {
  if (!request.version_id) return;
  ObjectRead version;
  try {
    version = engine.headObject({request.bucket, request.key, request.version_id});
  } catch (const AwsError&) {
    return;  // a delete marker or no such version: nothing protected
  }
  checkDeletable(version.object, in.value("BypassGovernanceRetention", false),
                 toEpochSeconds(ctx.now()));
}

ObjectVersion eventObject(const std::string& bucket, const std::string& key,
                          const std::optional<std::string>& version_id, bool marker) {
  ObjectVersion object;
  object.bucket = bucket;
  object.key = key;
  object.version_id = version_id.value_or("");
  object.is_delete_marker = marker;
  return object;
}

}  // namespace

void S3Service::registerObjectHandlers() {
  registerPutObject();

  // Reads: a small object's answer comes from the I/O thread unless it would wait.
  onS3(
      "GetObject",
      [this](RequestContext& ctx, const Json& in) {
        Json out = readObject(engine(), ctx, in, false);
        addExpiration(in, out);  // s3_lifecycle.cpp
        return out;
      },
      true);
  onS3(
      "HeadObject",
      [this](RequestContext& ctx, const Json& in) {
        Json out = readObject(engine(), ctx, in, true);
        addExpiration(in, out);
        return out;
      },
      true);

  onS3("DeleteObject", [this](RequestContext& ctx, const Json& in) {
    DeleteObjectRequest request{text(in, "Bucket"), text(in, "Key"), versionOf(in),
                                ctx.accountId()};
    if (in.contains("IfMatch")) {  // conditional delete: the current object must match
      ObjectRead current = engine().headObject({request.bucket, request.key, std::nullopt});
      if (!etagListMatches(text(in, "IfMatch"), current.object.etag))
        throw errors::preconditionFailed("If-Match");
    }
    checkVersionDeletable(engine(), ctx, in, request);
    DeleteResult result = engine().deleteObject(request);
    notify(ctx, deleteEventName(result, request.version_id.has_value()), request.bucket,
           eventObject(request.bucket, request.key, result.version_id, result.delete_marker),
           result.version_id);
    Json out = Json::object();
    if (result.delete_marker) out["DeleteMarker"] = true;
    if (result.version_id) out["VersionId"] = *result.version_id;
    return out;
  });

  onS3("CopyObject", [this](RequestContext& ctx, const Json& in) {
    CopyResult result;
    Json out = copyObject(engine(), ctx, in, result);
    addExpiration(result.write.object, out);
    notify(ctx, "s3:ObjectCreated:Copy", result.write.object.bucket, result.write.object,
           result.write.version_id);
    return out;
  });

  onS3("DeleteObjects", [this](RequestContext& ctx, const Json& in) {
    const std::string bucket = text(in, "Bucket");
    return deleteObjects(engine(), ctx, in,
                         [&](std::string_view event, const ObjectVersion& object,
                             const std::optional<std::string>& version_id) {
                           notify(ctx, event, bucket, object, version_id);
                         });
  });

  registerObjectSubresourceHandlers();
}

// PutObject. A body for a file is written as before, all on the blocking pool. A small body
// (kept in its row) is queued on the engine's group commit: the answer waits for the transaction
// that carries it without holding a thread (CommitWaiters), and everything the answer needs from
// the database (lifecycle rules, notification configuration) is read before. That preparation
// runs on the I/O thread when it need not wait (bucket rows and configuration come from the
// engine's bucket cache), else on the pool.
// Acknowledged means committed, as for every write.
void S3Service::registerPutObject() {
  struct Started {
    std::optional<PendingPut> pending;
    WriteResult written;  // when not pending
    lifecycle::RulesCache::Rules rules;
    std::optional<NotificationTarget> target;
  };
  onAsync("PutObject", [this](RequestContext& ctx, const Json& in) -> asio::awaitable<Json> {
    try {
      Started started = co_await inlineFirst(blocking_pool_, ctx, [&] {
        authorize(ctx, "PutObject", in);
        Started begun;
        PutObjectRequest request = putRequest(engine(), ctx, in);
        begun.rules = cachedLifecycleRules(request.bucket);
        begun.target = notificationTarget(request.bucket);
        // Every read is done: a WouldBlock after the write is queued would write twice.
        if (engine().keepsInRow(bodyOf(ctx))) {
          begun.pending = engine().submitPut(std::move(request), bodyOf(ctx));
        } else {
          throwIfMustNotWait();  // a body for a file: written on the pool
          begun.written = engine().putObject(request, bodyOf(ctx));
        }
        return begun;
      });
      if (started.pending) {
        co_await commit_waiters_->wait();
        started.written = S3Engine::finishPut(*started.pending);
        // Files of a replaced version (a larger object before): unlinked off the I/O thread.
        if (auto& files = started.pending->outcome->unreferenced; !files.empty()) {
          if (blocking_pool_)
            asio::post(*blocking_pool_, [this, files] { engine().discardFiles(files); });
          else
            engine().discardFiles(files);
        }
      }
      const WriteResult& result = started.written;
      Json out = putOutput(result);
      if (auto expiry = lifecycle::currentVersionExpiry(*started.rules, result.object))
        out["Expiration"] = lifecycle::expirationHeader(*expiry);
      if (started.target)
        notify(ctx, "s3:ObjectCreated:Put", *started.target, result.object, result.version_id);
      co_return out;
    } catch (AwsError& error) {
      keepCorsHeaders(ctx, error);  // as onS3 does
      throw;
    }
  });
}

void S3Service::registerObjectSubresourceHandlers() {
  onS3("PutObjectTagging", [this](RequestContext& ctx, const Json& in) {
    ObjectRead changed;
    Json out = putObjectTagging(engine(), in, changed);
    notify(ctx, "s3:ObjectTagging:Put", changed.object.bucket, changed.object, changed.version_id);
    return out;
  });
  onS3("GetObjectTagging",
       [this](RequestContext&, const Json& in) { return getObjectTagging(engine(), in); });
  onS3("DeleteObjectTagging", [this](RequestContext& ctx, const Json& in) {
    ObjectRead changed;
    Json out = deleteObjectTagging(engine(), in, changed);
    notify(ctx, "s3:ObjectTagging:Delete", changed.object.bucket, changed.object,
           changed.version_id);
    return out;
  });
  onS3("GetObjectAcl",
       [this](RequestContext&, const Json& in) { return getObjectAcl(engine(), in); });
  onS3("PutObjectAcl", [this](RequestContext& ctx, const Json& in) {
    ObjectRead changed;
    Json out = putObjectAcl(engine(), ctx, in, changed);
    notify(ctx, "s3:ObjectAcl:Put", changed.object.bucket, changed.object, changed.version_id);
    return out;
  });
  onS3("GetObjectAttributes",
       [this](RequestContext&, const Json& in) { return getObjectAttributes(engine(), in); });
  onS3("PutObjectRetention", [this](RequestContext& ctx, const Json& in) {
    ObjectRead changed;
    return putObjectRetention(engine(), ctx, in, changed);
  });
  onS3("GetObjectRetention",
       [this](RequestContext&, const Json& in) { return getObjectRetention(engine(), in); });
  onS3("PutObjectLegalHold", [this](RequestContext&, const Json& in) {
    ObjectRead changed;
    return putObjectLegalHold(engine(), in, changed);
  });
  onS3("GetObjectLegalHold",
       [this](RequestContext&, const Json& in) { return getObjectLegalHold(engine(), in); });
  onS3("RestoreObject", [this](RequestContext& ctx, const Json& in) {
    Json out = restoreObject(engine(), ctx, in);
    ObjectRead read = engine().headObject({text(in, "Bucket"), text(in, "Key"), versionOf(in)});
    notify(ctx, "s3:ObjectRestore:Post", read.object.bucket, read.object, read.version_id);
    // The restore completes at once here, so its completion event follows.
    notify(ctx, "s3:ObjectRestore:Completed", read.object.bucket, read.object, read.version_id);
    return out;
  });
}

}  // namespace awsemu::s3
