#pragma once
// The S3 storage engine: buckets, objects with versioning, listings and multipart uploads, kept
// in SQLite (s3.db) with object data in files beside it (object_files.hpp). Handlers call it from
// the blocking pool; every call is blocking and safe from any number of threads.
//
// Concurrency. Metadata lives behind the database's one lock, held for a call's few statements
// only. File work happens outside it: a write stages its data file first (fsync + rename), then
// commits the row; a read opens its data file while it holds the lock (an open(2), no data read),
// so the data it then streams stays valid even if the object is overwritten or deleted meanwhile.
// Files an operation makes unreachable are unlinked after its commit.
//
// Errors: AwsError from s3_errors.hpp for everything a client caused; std::system_error or
// storage::StorageError for I/O and database failures (the gateway answers 500).
#include <atomic>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/core/http.hpp"
#include "awsemu/core/time.hpp"
#include "awsemu/storage/database.hpp"
#include "awsemu/storage/group_commit.hpp"
#include "awsemu/storage/storage_location.hpp"
#include "services/s3/bucket_cache.hpp"
#include "services/s3/listing.hpp"
#include "services/s3/object_files.hpp"
#include "services/s3/s3_rows.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3 {

struct EngineOptions {
  // Minimum size of every part but the last in CompleteMultipartUpload (S3: 5 MiB).
  std::uint64_t min_part_size = 5ull << 20;
  const Clock* clock = nullptr;  // the system clock when null
  // PutObject/CopyObject results up to this size keep their bytes in their metadata row instead
  // of a data file (no file created, renamed and unlinked per PUT, which dominated small PUTs);
  // 0: every object in a file. S3Service uses kInRowObjectBytes.
  std::uint64_t in_row_object_bytes = 0;
};

inline constexpr std::uint64_t kInRowObjectBytes = 64 * 1024;

// ---- requests and results ---------------------------------------------------------------------

struct CreateBucketRequest {
  std::string name, account, region;
  std::string object_ownership = "BucketOwnerEnforced";
  bool object_lock_enabled = false;  // also turns versioning on, as S3 does
};
struct CreateBucketResult {
  Bucket bucket;
  bool created = true;  // false: us-east-1's legacy "you already own it" success
};

struct BucketPage {
  std::vector<Bucket> buckets;
  std::optional<std::string> continuation_token;  // when more buckets follow
};

// Conditional writes (PutObject / CompleteMultipartUpload with If-Match / If-None-Match: *),
// checked against the key's current object atomically with the write.
struct WriteConditions {
  std::optional<std::string> if_match;  // the current object must have this ETag
  bool if_none_match = false;           // If-None-Match: * -- the key must have no current object
  // The key's latest row (S3Engine::latestSeq, 0 for none) when the request began. A conditional
  // write that finds the key changed since (another write, a delete, a completed upload) fails
  // with 409 ConditionalRequestConflict unless the change itself fails it with 412.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
  std::optional<std::int64_t> began_at_seq{};
};

struct PutObjectRequest {
  std::string bucket, key;
  ObjectAttributes attributes{};
  // The quoted MD5 ETag the caller computed while the body streamed in; empty: the engine reads
  // the data to compute it.
  std::string etag{};
  WriteConditions conditions{};
};

struct WriteResult {
  ObjectVersion object;                   // the new current version
  std::optional<std::string> version_id;  // what to report (x-amz-version-id), see versioning.hpp
};

// A PutObject queued on the engine's group commit (S3Engine::submitPut). Its outcome is filled
// in by the transaction that carries it; read it (finishPut) once that has committed.
struct PutOutcome {
  WriteResult result;
  std::exception_ptr error;               // the AwsError a check threw (nothing was written)
  std::vector<std::string> unreferenced;  // data files the write replaced: remove after commit
};
struct PendingPut {
  storage::GroupCommit::Ticket ticket = 0;
  std::shared_ptr<PutOutcome> outcome;
};

struct ObjectRead {
  ObjectVersion object;
  FileHandle data;                        // invalid for HEAD (headObject)
  std::optional<std::string> version_id;  // what to report
};

struct DeleteObjectRequest {
  std::string bucket, key;
  std::optional<std::string> version_id{};
  std::string requester{};  // account id: the Owner of a delete marker it creates
};
struct DeleteResult {
  bool delete_marker = false;             // x-amz-delete-marker
  std::optional<std::string> version_id;  // x-amz-version-id
};

struct ObjectRef {
  std::string bucket, key;
  std::optional<std::string> version_id{};
};
struct CopyResult {
  WriteResult write;
  ObjectVersion source;
  std::optional<std::string> source_version_id;  // x-amz-copy-source-version-id
};
// Decides the copy's attributes from its source (MetadataDirective / TaggingDirective, ...); it
// may throw an AwsError to refuse the copy (x-amz-copy-source-if-* conditions), before any data
// is copied.
using CopyAttributes = std::function<ObjectAttributes(const ObjectVersion& source)>;

struct UploadPartRequest {
  std::string bucket, key, upload_id;
  int part_number = 0;
  std::string etag{};  // quoted MD5 of the part; empty: computed
  Json checksum = Json::object();
};
struct ByteSpan {
  std::uint64_t first = 0, last = 0;  // inclusive, as in x-amz-copy-source-range
};

struct CompletedPart {
  int part_number = 0;
  std::string etag;  // as the client sent it (quotes optional)
};
struct CompleteMultipartRequest {
  std::string bucket, key, upload_id;
  std::vector<CompletedPart> parts;
  WriteConditions conditions{};
  // The object's checksum from its listed parts (COMPOSITE or FULL_OBJECT, which needs the auth
  // layer's CRCs); the upload's checksum member (algorithm and type) when absent.
  std::function<Json(const Upload& upload, const std::vector<Part>& parts)> checksum{};
};

struct PartsPage {
  Upload upload;
  std::vector<Part> parts;
  bool truncated = false;
  std::optional<int> next_part_number_marker;  // when truncated
};

// ---- the engine -------------------------------------------------------------------------------

class S3Engine {
 public:
  // s3.db and <directory>/s3/objects of the storage location.
  explicit S3Engine(const storage::StorageLocation& location, EngineOptions options = {});
  // An explicit database and objects directory (tests).
  S3Engine(storage::Database database, std::filesystem::path objects_directory, bool durable,
           EngineOptions options = {});
  S3Engine(const S3Engine&) = delete;
  S3Engine& operator=(const S3Engine&) = delete;
  ~S3Engine();

  // Files deleted at start-up because no row referenced them (a crash before a commit).
  std::size_t orphansRemovedAtStart() const noexcept { return orphans_removed_; }
  const ObjectFiles& files() const noexcept { return files_; }
  // The data of a version read earlier (its file, or its in-row bytes). Throws std::system_error
  // when the file is gone, std::runtime_error when the row is.
  FileHandle openData(const ObjectVersion& version);
  void reset();  // every bucket, object, upload and file

  // ---- buckets ----------------------------------------------------------------------------------
  // InvalidBucketName, BucketAlreadyExists (another account), BucketAlreadyOwnedByYou (except the
  // us-east-1 legacy success, created = false).
  CreateBucketResult createBucket(const CreateBucketRequest& request);
  Bucket bucket(std::string_view name);  // NoSuchBucket
  // BucketNotEmpty while any version or delete marker remains; uploads in progress are aborted.
  void deleteBucket(std::string_view name);
  // ListBuckets: the account's buckets by name; token from a previous page; max 0 means 10000.
  BucketPage listBuckets(std::string_view account, std::string_view prefix,
                         std::optional<std::string> continuation_token, std::size_t max = 0);
  // PutBucketVersioning (InvalidBucketState for suspending an Object Lock bucket).
  Bucket putVersioning(std::string_view name, Versioning status,
                       std::optional<std::string> mfa_delete = std::nullopt);
  // Any other change to the bucket row (ownership controls, Object Lock enablement).
  Bucket updateBucket(std::string_view name, const std::function<void(Bucket&)>& change);
  // Per-bucket configuration documents by subresource ("policy", "cors", ...): nullopt when
  // unset (the handler answers errors::configurationNotFound). NoSuchBucket for no bucket.
  std::optional<Json> bucketConfig(std::string_view name, std::string_view subresource);
  void putBucketConfig(std::string_view name, std::string_view subresource, const Json& document);
  bool deleteBucketConfig(std::string_view name, std::string_view subresource);
  // Every bucket (of any account) with a `subresource` configuration, by name.
  std::vector<std::string> bucketsWithConfig(std::string_view subresource);
  // Changes after every committed write to a bucket row or configuration (and reset), so that a
  // reader that saw it sees the write: what was read of buckets at an equal value is still
  // current (ENFORCE_IAM's authoriser caches owners and policies by it).
  std::uint64_t bucketGeneration() const noexcept {
    return bucket_generation_.load(std::memory_order_acquire);
  }

  // ---- objects ----------------------------------------------------------------------------------
  // PutObject from the request body: a spooled body is adopted (renamed into place), a body in
  // memory written. KeyTooLongError, NoSuchBucket, PreconditionFailed.
  WriteResult putObject(const PutObjectRequest& request, const RequestBody& body);
  WriteResult putObject(const PutObjectRequest& request, std::string_view bytes);
  // PutObject of a body small enough for its row, for a caller that awaits the commit without
  // blocking a thread: the checks and writes are queued on the group commit (commits()), to run
  // in one transaction with those of other writers. nullopt when the body is for a file: call
  // putObject. Once commits() has committed the ticket, finishPut gives the result or throws
  // what a check threw (NoSuchBucket, PreconditionFailed, ConditionalRequestConflict); the caller
  // then removes the outcome's unreferenced files (discardFiles), off the I/O thread.
  std::optional<PendingPut> submitPut(PutObjectRequest request, const RequestBody& body);
  // Does submitPut take this body (in memory, small enough for its row)?
  bool keepsInRow(const RequestBody& body) const noexcept;
  static WriteResult finishPut(PendingPut& pending);
  void discardFiles(const std::vector<std::string>& names) const noexcept { removeFiles(names); }
  // Every write of the engine's database goes through this connection; object PUTs of in-row
  // bodies are grouped (submitPut), the other writes commit their own transactions in between.
  storage::GroupCommit& commits() noexcept { return commits_; }
  // GetObject: the version (latest when no id) with an open data file. NoSuchKey (with
  // x-amz-delete-marker when the latest is a delete marker), NoSuchVersion, InvalidArgument for a
  // malformed version id, MethodNotAllowed for a delete marker asked for by id. `method` names
  // the request in MethodNotAllowed ("GET" / "HEAD"). The attributes come without the ACL, which
  // no reader of the data needs (headObject has it). Inside a NoWaitScope (core/no_wait.hpp): a
  // version in a data file throws WouldBlock (opened on the blocking pool).
  ObjectRead getObject(const ObjectRef& ref, std::string_view method = "GET");
  ObjectRead headObject(const ObjectRef& ref);  // the whole row, without opening the data
  // The seq of the key's latest row (version or delete marker), 0 when it has none: a snapshot
  // for WriteConditions::began_at_seq.
  std::int64_t latestSeq(std::string_view bucket, std::string_view key);
  DeleteResult deleteObject(const DeleteObjectRequest& request);
  // CopyObject: the source read as GetObject reads it, its data copied to a new file, then
  // written as PutObject writes. The copy's ETag is the source's, or the MD5 of the data when
  // the source was a multipart object.
  CopyResult copyObject(const ObjectRef& source, const PutObjectRequest& destination,
                        const CopyAttributes& attributes = {});
  // Put{Object}Tagging / Acl / Retention / LegalHold: replaces one JSON member of a version.
  // Errors as getObject. Returns the version as updated.
  ObjectRead updateObject(const ObjectRef& ref, ObjectField field, const Json& value);
  // A Lifecycle transition: the version's storage class becomes `storage_class`, if the version
  // still exists with the class it had when it was listed. True when it changed
  // (object_transitions.cpp).
  bool transitionObject(const ObjectVersion& version, std::string_view storage_class);
  // RestoreObject: the version's restored copy lasts until `expiry_seconds`. Errors as getObject.
  // Returns the version as it was before (restore_expiry set when it had been restored).
  ObjectRead restoreObject(const ObjectRef& ref, double expiry_seconds);

  // ---- listings ---------------------------------------------------------------------------------
  listing::ObjectsPage listObjectsV2(std::string_view bucket,
                                     const listing::ObjectsRequest& request);
  listing::ObjectsPage listObjectsV1(std::string_view bucket,
                                     const listing::ObjectsRequest& request);
  listing::MarkedPage<ObjectVersion> listObjectVersions(std::string_view bucket,
                                                        const listing::MarkedRequest& request);
  listing::MarkedPage<Upload> listMultipartUploads(std::string_view bucket,
                                                   const listing::MarkedRequest& request);
  // ListParts after `part_number_marker`, at most max_parts (capped at 1000). NoSuchUpload.
  PartsPage listParts(std::string_view bucket, std::string_view key, std::string_view upload_id,
                      int part_number_marker = 0, std::size_t max_parts = 1000);

  // ---- multipart uploads ------------------------------------------------------------------------
  Upload createMultipartUpload(std::string_view bucket, std::string_view key,
                               const ObjectAttributes& attributes);
  Upload upload(std::string_view bucket, std::string_view key, std::string_view upload_id);
  // UploadPart: part numbers 1..10000 (InvalidArgument), NoSuchUpload. Replaces a part with the
  // same number.
  Part uploadPart(const UploadPartRequest& request, const RequestBody& body);
  Part uploadPart(const UploadPartRequest& request, std::string_view bytes);
  // UploadPartCopy: the source (or `range` of it; InvalidRange beyond its end) as the part.
  Part uploadPartCopy(const UploadPartRequest& request, const ObjectRef& source,
                      std::optional<ByteSpan> range = std::nullopt);
  // CompleteMultipartUpload: MalformedXML (no parts), InvalidPartOrder, InvalidPart,
  // EntityTooSmall, NoSuchUpload. Parts not listed are discarded with the upload.
  WriteResult completeMultipartUpload(const CompleteMultipartRequest& request);
  void abortMultipartUpload(std::string_view bucket, std::string_view key,
                            std::string_view upload_id);  // NoSuchUpload

 private:
  std::int64_t nowMs() const;
  template <class F>
  decltype(auto) withRows(F&& work);
  void cleanUpAtStart();
  StagedFile stage(const RequestBody& body);
  WriteResult commitObject(const PutObjectRequest& request, StagedFile staged, std::uint64_t size,
                           std::string etag, int part_count, Json parts,
                           const std::function<void(S3Rows&)>& also = {});
  ObjectVersion newVersion(const PutObjectRequest& request, std::uint64_t size, std::string etag,
                           int part_count, Json parts) const;
  // The checks and rows of a new current version, inside the caller's transaction.
  WriteResult writeVersion(S3Rows& rows, const PutObjectRequest& request, ObjectVersion object,
                           std::vector<std::string>& unreferenced,
                           const std::function<void(S3Rows&)>& also) const;
  ObjectVersion findVersion(S3Rows& rows, const Bucket& bucket, const ObjectRef& ref,
                            std::string_view method,
                            S3Rows::Columns columns = S3Rows::Columns::Row);
  // findVersion with restore_expiry filled in.
  ObjectVersion findReadable(S3Rows& rows, const Bucket& bucket, const ObjectRef& ref,
                             std::string_view method,
                             S3Rows::Columns columns = S3Rows::Columns::Row);
  Part commitPart(const UploadPartRequest& request, StagedFile staged, std::uint64_t size,
                  std::string etag);
  void checkPartNumber(int part_number);
  void removeFiles(const std::vector<std::string>& names) const noexcept;
  // Under the lock; takes version.inline_bytes when the row brought them.
  FileHandle openData(S3Rows& rows, ObjectVersion& version) const;
  // requireBucket for reads under the lock, from the bucket cache when it is current there.
  Bucket lockedBucket(S3Rows& rows, std::string_view name) const;

  storage::GroupCommit commits_;  // owns the database connection
  ObjectFiles files_;
  EngineOptions options_;
  std::size_t orphans_removed_ = 0;
  std::atomic<std::uint64_t> bucket_generation_{0};
  mutable BucketCache buckets_;  // by bucket_generation_
  void bucketsChanged() noexcept { bucket_generation_.fetch_add(1, std::memory_order_acq_rel); }
};

// Runs work(rows, database) holding the database lock.
template <class F>
decltype(auto) S3Engine::withRows(F&& work) {
  return commits_.database().withLock([&](storage::Database& database) -> decltype(auto) {
    S3Rows rows(database);
    return work(rows, database);
  });
}

}  // namespace awsemu::s3
