// PutObject, GetObject/HeadObject, DeleteObject, CopyObject and in-place updates of a version.
#include "awsemu/core/no_wait.hpp"
#include "awsemu/storage/transaction.hpp"
#include "services/s3/bucket_names.hpp"
#include "services/s3/engine_support.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/sse_etag.hpp"
#include "services/s3/preconditions.hpp"
#include "services/s3/s3_engine.hpp"
#include "services/s3/s3_ids.hpp"
#include "services/s3/versioning.hpp"

namespace awsemu::s3 {
namespace {

using detail::requireBucket;

void checkWriteConditions(const WriteConditions& conditions,
                          const std::optional<ObjectVersion>& current, std::string_view key) {
  const bool exists = current && !current->is_delete_marker;
  if (conditions.if_none_match && exists) throw errors::preconditionFailed("If-None-Match");
  if (conditions.if_match) {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html: If-Match on
    // a key with no current object is answered 404 NoSuchKey.
    if (!exists) throw errors::noSuchKey(key);
    if (!etagListMatches(*conditions.if_match, current->etag))
      throw errors::preconditionFailed("If-Match");
  }
}

// A conditional write whose key changed while it ran: 412 when the change fails its conditions
// with an object in place (the first of two racing writes wins), else 409.
void checkConcurrentChange(const WriteConditions& conditions,
                           const std::optional<ObjectVersion>& current, std::string_view key) {
  if (!conditions.began_at_seq || (!conditions.if_none_match && !conditions.if_match)) return;
  if ((current ? current->seq : 0) == *conditions.began_at_seq) return;
  try {
    checkWriteConditions(conditions, current, key);
  } catch (const AwsError& error) {
    if (error.http_status == 412 && current && !current->is_delete_marker) throw;
  }
  throw errors::conditionalRequestConflict();
}

bool isArchivedClass(std::string_view storage_class) {
  return storage_class == "GLACIER" || storage_class == "DEEP_ARCHIVE";
}

void applyField(ObjectAttributes& attributes, ObjectField field, const Json& value) {
  switch (field) {
    case ObjectField::Tags:
      attributes.tags = value;
      break;
    case ObjectField::Acl:
      attributes.acl = value;
      break;
    case ObjectField::ObjectLock:
      attributes.object_lock = value;
      break;
  }
}

}  // namespace

StagedFile S3Engine::stage(const RequestBody& body) {
  if (body.file) return StagedFile(files_, files_.adopt(*body.file));
  return StagedFile(files_, files_.write(body.memory));
}

WriteResult S3Engine::putObject(const PutObjectRequest& request, const RequestBody& body) {
  if (body.inMemory()) return putObject(request, std::string_view(body.memory));
  validateObjectKey(request.key);
  bucket(request.bucket);  // NoSuchBucket before touching the disk
  StagedFile staged = stage(body);
  const auto path = files_.pathOf(staged.name());
  const std::uint64_t size = std::filesystem::file_size(path);
  std::string etag = request.etag.empty() ? quotedEtag(md5OfFile(path)) : request.etag;
  return commitObject(request, std::move(staged), size, std::move(etag), 0, Json::array());
}

WriteResult S3Engine::putObject(const PutObjectRequest& request, std::string_view bytes) {
  validateObjectKey(request.key);
  bucket(request.bucket);
  StagedFile staged =
      options_.in_row_object_bytes > 0 && bytes.size() <= options_.in_row_object_bytes
          ? StagedFile::inRow(files_, std::string(bytes))
          : StagedFile(files_, files_.write(bytes));
  std::string etag = request.etag.empty() ? quotedEtag(md5(bytes)) : request.etag;
  return commitObject(request, std::move(staged), bytes.size(), std::move(etag), 0, Json::array());
}

FileHandle S3Engine::openData(S3Rows& rows, ObjectVersion& version) const {
  if (!version.stored_inline) {
    throwIfMustNotWait();  // a file is opened, and then read, on the blocking pool
    return files_.openForRead(version.data_file);
  }
  if (version.inline_bytes) {  // read with the row
    FileHandle handle = FileHandle::fromBytes(std::move(*version.inline_bytes));
    version.inline_bytes.reset();
    return handle;
  }
  auto bytes = rows.inlineData(version.seq);
  if (!bytes) throw std::runtime_error("object version row is gone");
  return FileHandle::fromBytes(std::move(*bytes));
}

FileHandle S3Engine::openData(const ObjectVersion& version) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    ObjectVersion copy = version;
    copy.inline_bytes.reset();
    return openData(rows, copy);
  });
}

ObjectVersion S3Engine::newVersion(const PutObjectRequest& request, std::uint64_t size,
                                   std::string etag, int part_count, Json parts) const {
  ObjectVersion object;
  object.bucket = request.bucket;
  object.key = request.key;
  object.size = size;
  // SSE-C / SSE-KMS objects do not show their data's MD5 (sse_etag.hpp).
  object.etag = part_count > 0 ? std::move(etag) : sse_etag::stored(etag, request.attributes.sse);
  object.last_modified_ms = nowMs();
  object.attributes = request.attributes;
  object.part_count = part_count;
  object.parts = std::move(parts);
  object.is_latest = true;
  return object;
}

// Applies the bucket's versioning (versioning.hpp) and the write conditions; `also` runs after the
// checks (multipart completion removes its upload there). Throws before it writes anything.
WriteResult S3Engine::writeVersion(S3Rows& rows, const PutObjectRequest& request,
                                   ObjectVersion object, std::vector<std::string>& unreferenced,
                                   const std::function<void(S3Rows&)>& also) const {
  const Versioning versioning = requireBucket(rows, request.bucket).versioning;
  const auto current = rows.latest(request.bucket, request.key, S3Rows::Columns::ForWrite);
  checkConcurrentChange(request.conditions, current, request.key);
  checkWriteConditions(request.conditions, current, request.key);
  if (also) also(rows);
  object.version_id = versionIdForWrite(versioning);
  if (writeReplacesNullVersion(versioning)) {
    if (auto old =
            rows.version(request.bucket, request.key, kNullVersionId, S3Rows::Columns::ForWrite)) {
      rows.deleteObject(old->seq);
      if (!old->data_file.empty()) unreferenced.push_back(old->data_file);
    }
  }
  rows.clearLatest(request.bucket, request.key);
  rows.insertObject(object);
  object.inline_bytes.reset();  // in the database now; the result need not carry it
  auto reported = reportedWriteVersionId(versioning, object.version_id);
  return WriteResult{std::move(object), std::move(reported)};
}

// Writes the row of a new current version whose data file is staged, in one transaction.
WriteResult S3Engine::commitObject(const PutObjectRequest& request, StagedFile staged,
                                   std::uint64_t size, std::string etag, int part_count, Json parts,
                                   const std::function<void(S3Rows&)>& also) {
  ObjectVersion object = newVersion(request, size, std::move(etag), part_count, std::move(parts));
  object.data_file = staged.name();
  object.inline_bytes = std::move(staged.inRowBytes());
  std::vector<std::string> unreferenced;
  WriteResult result = withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    WriteResult written = writeVersion(rows, request, std::move(object), unreferenced, also);
    tx.commit();
    staged.keep();
    return written;
  });
  removeFiles(unreferenced);
  return result;
}

bool S3Engine::keepsInRow(const RequestBody& body) const noexcept {
  return body.inMemory() && options_.in_row_object_bytes > 0 &&
         body.memory.size() <= options_.in_row_object_bytes;
}

std::optional<PendingPut> S3Engine::submitPut(PutObjectRequest request, const RequestBody& body) {
  if (!keepsInRow(body)) return std::nullopt;
  validateObjectKey(request.key);
  const std::string_view bytes = body.memory;
  std::string etag = request.etag.empty() ? quotedEtag(md5(bytes)) : request.etag;
  ObjectVersion object = newVersion(request, bytes.size(), std::move(etag), 0, Json::array());
  object.inline_bytes = std::string(bytes);
  request.attributes = {};  // the object has them; the unit needs bucket, key and conditions
  PendingPut pending{0, std::make_shared<PutOutcome>()};
  // Runs on the committer thread inside a transaction shared with other units. A failed check
  // throws before anything is written, so it is kept for this request alone; a database error
  // escapes and fails the whole transaction (every waiter is told). The unit is moved, never
  // copied, on its way there (an initializer list would copy the request and object again).
  std::vector<storage::GroupCommit::Work> unit;
  unit.emplace_back([this, outcome = pending.outcome, request = std::move(request),
                     object = std::move(object)](storage::Database& db) mutable {
    S3Rows rows(db);
    try {
      outcome->result = writeVersion(rows, request, std::move(object), outcome->unreferenced, {});
    } catch (const AwsError&) {
      outcome->error = std::current_exception();
    }
  });
  pending.ticket = commits_.submit(std::move(unit));
  return pending;
}

WriteResult S3Engine::finishPut(PendingPut& pending) {
  if (pending.outcome->error) std::rethrow_exception(pending.outcome->error);
  return std::move(pending.outcome->result);
}

ObjectVersion S3Engine::findVersion(S3Rows& rows, const Bucket& bucket, const ObjectRef& ref,
                                    std::string_view method, S3Rows::Columns columns) {
  if (ref.version_id) {
    if (!isWellFormedVersionId(*ref.version_id)) throw errors::invalidVersionId(*ref.version_id);
    auto found = rows.version(bucket.name, ref.key, *ref.version_id, columns);
    if (!found) throw errors::noSuchVersion(ref.key, *ref.version_id);
    if (found->is_delete_marker)
      throw errors::methodNotAllowedOnDeleteMarker(method, found->version_id);
    return std::move(*found);
  }
  auto found = rows.latest(bucket.name, ref.key, columns);
  if (!found) throw errors::noSuchKey(ref.key);
  if (found->is_delete_marker)
    throw errors::noSuchKeyDeleteMarker(
        ref.key, reportedVersionId(bucket.versioning, found->version_id).value_or(""));
  return std::move(*found);
}

ObjectVersion S3Engine::findReadable(S3Rows& rows, const Bucket& bucket, const ObjectRef& ref,
                                     std::string_view method, S3Rows::Columns columns) {
  ObjectVersion found = findVersion(rows, bucket, ref, method, columns);
  // Only archived versions can have been restored: no look-up for the others.
  if (isArchivedClass(found.attributes.storage_class))
    found.restore_expiry = rows.restoreExpiry(found.seq);
  return found;
}

ObjectRead S3Engine::getObject(const ObjectRef& ref, std::string_view method) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    Bucket bucket = lockedBucket(rows, ref.bucket);
    ObjectRead read;
    // A small object's bytes come with its row: one look-up.
    read.object = findReadable(rows, bucket, ref, method, S3Rows::Columns::WithData);
    // Opened under the lock: a write that replaces this version unlinks its file only after
    // committing, which it cannot do before we release the lock.
    read.data = openData(rows, read.object);
    read.version_id = reportedVersionId(bucket.versioning, read.object.version_id);
    return read;
  });
}

ObjectRead S3Engine::headObject(const ObjectRef& ref) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    Bucket bucket = lockedBucket(rows, ref.bucket);
    ObjectRead read;
    read.object = findReadable(rows, bucket, ref, "HEAD");
    read.version_id = reportedVersionId(bucket.versioning, read.object.version_id);
    return read;
  });
}

std::int64_t S3Engine::latestSeq(std::string_view bucket, std::string_view key) {
  return withRows([&](S3Rows& rows, storage::Database&) -> std::int64_t {
    auto latest = rows.latest(bucket, key);
    return latest ? latest->seq : 0;
  });
}

DeleteResult S3Engine::deleteObject(const DeleteObjectRequest& request) {
  if (request.version_id && !isWellFormedVersionId(*request.version_id))
    throw errors::invalidVersionId(*request.version_id);
  std::vector<std::string> unreferenced;
  auto drop = [&](S3Rows& rows, const ObjectVersion& version) {
    rows.deleteObject(version.seq);
    if (!version.data_file.empty()) unreferenced.push_back(version.data_file);
  };
  DeleteResult result = withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    const Bucket bucket = requireBucket(rows, request.bucket);
    DeleteResult outcome;
    if (request.version_id) {
      // Deleting a version that does not exist succeeds, as in S3.
      outcome.version_id = request.version_id;
      if (auto version = rows.version(request.bucket, request.key, *request.version_id,
                                      S3Rows::Columns::ForWrite)) {
        drop(rows, *version);
        outcome.delete_marker = version->is_delete_marker;
        if (version->is_latest) {  // the next newest version, if any, becomes current
          if (auto next = rows.newest(request.bucket, request.key)) rows.setLatest(next->seq);
        }
      }
    } else {
      const DeletePlan plan = planDelete(bucket.versioning);
      if (plan.remove_null_version) {
        if (auto null = rows.version(request.bucket, request.key, kNullVersionId,
                                     S3Rows::Columns::ForWrite))
          drop(rows, *null);
      }
      if (plan.marker_version_id) {
        ObjectVersion marker;
        marker.bucket = request.bucket;
        marker.key = request.key;
        marker.version_id = *plan.marker_version_id;
        marker.is_latest = true;
        marker.is_delete_marker = true;
        marker.last_modified_ms = nowMs();
        marker.attributes.owner = request.requester;
        rows.clearLatest(request.bucket, request.key);
        rows.insertObject(marker);
        outcome.delete_marker = true;
        outcome.version_id = reportedVersionId(bucket.versioning, marker.version_id);
      }
    }
    tx.commit();
    return outcome;
  });
  removeFiles(unreferenced);
  return result;
}

CopyResult S3Engine::copyObject(const ObjectRef& source, const PutObjectRequest& destination,
                                const CopyAttributes& attributes) {
  validateObjectKey(destination.key);
  ObjectRead read = getObject(source);
  bucket(destination.bucket);  // NoSuchBucket before copying any data
  PutObjectRequest request = destination;
  if (attributes) request.attributes = attributes(read.object);
  const std::uint64_t size = read.data.size();
  StagedFile staged = options_.in_row_object_bytes > 0 && size <= options_.in_row_object_bytes
                          ? StagedFile::inRow(files_, read.data.read(0, size))
                          : StagedFile(files_, files_.copyRange(read.data.fd(), 0, size));
  // A copy is a simple object: a multipart source's ETag does not describe it.
  std::string etag = read.object.part_count > 0 || read.object.etag.find('-') != std::string::npos
                         ? quotedEtag(md5OfFile(read.data.fd(), 0, size))
                         : sse_etag::data(read.object.etag, read.object.attributes.sse);
  CopyResult result;
  result.write = commitObject(request, std::move(staged), size, std::move(etag), 0, Json::array());
  result.source = std::move(read.object);
  result.source_version_id = std::move(read.version_id);
  return result;
}

ObjectRead S3Engine::updateObject(const ObjectRef& ref, ObjectField field, const Json& value) {
  return withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    Bucket bucket = requireBucket(rows, ref.bucket);
    ObjectRead read;
    read.object = findReadable(rows, bucket, ref, "PUT");
    rows.updateObjectField(read.object.seq, field, value);
    tx.commit();
    applyField(read.object.attributes, field, value);
    read.version_id = reportedVersionId(bucket.versioning, read.object.version_id);
    return read;
  });
}

ObjectRead S3Engine::restoreObject(const ObjectRef& ref, double expiry_seconds) {
  return withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    Bucket bucket = requireBucket(rows, ref.bucket);
    ObjectRead read;
    read.object = findReadable(rows, bucket, ref, "POST");
    rows.putRestore(read.object.seq, expiry_seconds);
    tx.commit();
    read.version_id = reportedVersionId(bucket.versioning, read.object.version_id);
    return read;
  });
}

}  // namespace awsemu::s3
