// The engine's life cycle and its bucket operations. Objects: object_operations.cpp; listings:
// listing_operations.cpp; multipart uploads: multipart_operations.cpp.
#include "services/s3/s3_engine.hpp"

#include "awsemu/core/encoding.hpp"
#include "awsemu/storage/transaction.hpp"
#include "services/s3/bucket_names.hpp"
#include "services/s3/engine_support.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/versioning.hpp"

namespace awsemu::s3 {
namespace {

using detail::requireBucket;

constexpr std::size_t kMaxBucketsPerPage = 10000;
constexpr std::string_view kBucketTokenTag = "awsemu-buckets:";

}  // namespace

namespace {

// One connection, in this process only: locking_mode=EXCLUSIVE spares every read transaction its
// fcntl() lock and unlock (three per GetObject before).
storage::DatabaseOptions databaseOptions(const storage::StorageLocation& location) {
  auto options = location.databaseOptions();
  options.exclusive = true;
  return options;
}

}  // namespace

S3Engine::S3Engine(const storage::StorageLocation& location, EngineOptions options)
    : S3Engine(storage::Database::open(location.databasePath("s3"), databaseOptions(location)),
               location.directory() / "s3" / "objects", location.isPersistent(), options) {}

S3Engine::S3Engine(storage::Database database, std::filesystem::path objects_directory,
                   bool durable, EngineOptions options)
    : commits_(std::move(database)),
      files_(std::move(objects_directory), durable),
      options_(options) {
  withRows([](S3Rows&, storage::Database& db) { S3Rows::migrate(db); });
  cleanUpAtStart();
}

S3Engine::~S3Engine() = default;

std::int64_t S3Engine::nowMs() const {
  const Clock& clock = options_.clock ? *options_.clock : systemClock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
      .count();
}

// A crash after a data file was renamed into place but before its row committed leaves a file
// nothing references; so does one after a commit but before the replaced file was unlinked.
void S3Engine::cleanUpAtStart() {
  auto referenced =
      withRows([](S3Rows& rows, storage::Database&) { return rows.referencedFiles(); });
  orphans_removed_ = files_.removeOrphans(referenced);
}

void S3Engine::removeFiles(const std::vector<std::string>& names) const noexcept {
  for (const auto& name : names) files_.remove(name);
}

void S3Engine::reset() {
  commits_.flush();  // no queued PUT lands after the reset
  withRows([&](S3Rows& rows, storage::Database&) {
    rows.clear();
    bucketsChanged();
    // Under the lock, so that no write commits a row for a file removed here.
    files_.removeAll();
  });
}

// ---- buckets ------------------------------------------------------------------------------------

CreateBucketResult S3Engine::createBucket(const CreateBucketRequest& request) {
  validateBucketName(request.name);
  return withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    if (auto existing = rows.bucket(request.name)) {
      if (existing->account != request.account) throw errors::bucketAlreadyExists(request.name);
      // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html: re-creating a
      // bucket you own in us-east-1 succeeds, for legacy compatibility.
      if (request.region == "us-east-1" && existing->region == "us-east-1")
        return CreateBucketResult{*existing, false};
      throw errors::bucketAlreadyOwnedByYou(request.name);
    }
    Bucket bucket;
    bucket.name = request.name;
    bucket.account = request.account;
    bucket.region = request.region;
    bucket.created_ms = nowMs();
    bucket.object_ownership = request.object_ownership;
    bucket.object_lock_enabled = request.object_lock_enabled;
    if (request.object_lock_enabled) bucket.versioning = Versioning::Enabled;
    rows.insertBucket(bucket);
    tx.commit();
    bucketsChanged();
    return CreateBucketResult{bucket, true};
  });
}

Bucket S3Engine::bucket(std::string_view name) {
  const std::uint64_t generation = bucketGeneration();  // before the read (bucket_cache.hpp)
  auto cached = buckets_.bucket(name, generation);
  if (!cached) {
    cached = withRows([&](S3Rows& rows, storage::Database&) { return rows.bucket(name); });
    buckets_.putBucket(name, generation, *cached);
  }
  if (!*cached) throw errors::noSuchBucket(name);
  return std::move(**cached);
}

Bucket S3Engine::lockedBucket(S3Rows& rows, std::string_view name) const {
  // Under the lock no bucket write is in progress: an entry at the current generation is exact.
  const std::uint64_t generation = bucketGeneration();
  auto cached = buckets_.bucket(name, generation);
  if (!cached) {
    cached = rows.bucket(name);
    buckets_.putBucket(name, generation, *cached);
  }
  if (!*cached) throw errors::noSuchBucket(name);
  return std::move(**cached);
}

void S3Engine::deleteBucket(std::string_view name) {
  std::vector<std::string> unreferenced;
  withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    requireBucket(rows, name);
    if (rows.hasObjects(name)) throw errors::bucketNotEmpty(name);
    for (const auto& upload_id : rows.uploadIds(name)) {
      for (const auto& part : rows.parts(upload_id, 0, 10000))
        unreferenced.push_back(part.data_file);
      rows.deleteUpload(upload_id);
    }
    rows.deleteBucket(name);
    tx.commit();
    bucketsChanged();
  });
  removeFiles(unreferenced);
}

BucketPage S3Engine::listBuckets(std::string_view account, std::string_view prefix,
                                 std::optional<std::string> continuation_token, std::size_t max) {
  std::string after;
  if (continuation_token) {
    auto text = encoding::base64Decode(*continuation_token);
    if (!text || !std::string_view(*text).starts_with(kBucketTokenTag))
      throw errors::invalidArgument("Invalid continuation token", "continuation-token",
                                    *continuation_token);
    after = text->substr(kBucketTokenTag.size());
  }
  if (max == 0 || max > kMaxBucketsPerPage) max = kMaxBucketsPerPage;
  BucketPage page;
  page.buckets = withRows([&](S3Rows& rows, storage::Database&) {
    return rows.buckets(account, prefix, after, max + 1);
  });
  if (page.buckets.size() > max) {
    page.buckets.resize(max);
    page.continuation_token =
        encoding::base64Encode(std::string(kBucketTokenTag) + page.buckets.back().name);
  }
  return page;
}

Bucket S3Engine::putVersioning(std::string_view name, Versioning status,
                               std::optional<std::string> mfa_delete) {
  return updateBucket(name, [&](Bucket& bucket) {
    bucket.versioning = nextVersioning(bucket, status);
    if (mfa_delete) bucket.mfa_delete = *mfa_delete;
  });
}

Bucket S3Engine::updateBucket(std::string_view name, const std::function<void(Bucket&)>& change) {
  return withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    Bucket bucket = requireBucket(rows, name);
    change(bucket);
    bucket.name = std::string(name);  // the name and owner are not the change's to make
    rows.updateBucket(bucket);
    tx.commit();
    bucketsChanged();
    return bucket;
  });
}

std::optional<Json> S3Engine::bucketConfig(std::string_view name, std::string_view subresource) {
  const std::uint64_t generation = bucketGeneration();  // before the reads (bucket_cache.hpp)
  bucket(name);                                         // NoSuchBucket
  if (auto cached = buckets_.config(name, subresource, generation)) return std::move(*cached);
  auto document = withRows([&](S3Rows& rows, storage::Database&) {
    requireBucket(rows, name);
    return rows.config(name, subresource);
  });
  buckets_.putConfig(name, subresource, generation, document);
  return document;
}

void S3Engine::putBucketConfig(std::string_view name, std::string_view subresource,
                               const Json& document) {
  withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    requireBucket(rows, name);
    rows.putConfig(name, subresource, document);
    tx.commit();
    bucketsChanged();
  });
}

bool S3Engine::deleteBucketConfig(std::string_view name, std::string_view subresource) {
  return withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    requireBucket(rows, name);
    bool deleted = rows.deleteConfig(name, subresource);
    tx.commit();
    bucketsChanged();
    return deleted;
  });
}

std::vector<std::string> S3Engine::bucketsWithConfig(std::string_view subresource) {
  return withRows(
      [&](S3Rows& rows, storage::Database&) { return rows.bucketsWithConfig(subresource); });
}

}  // namespace awsemu::s3
