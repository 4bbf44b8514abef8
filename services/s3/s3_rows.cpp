// Schema, buckets and bucket configurations. Objects are in object_rows.cpp, multipart uploads in
// upload_rows.cpp.
#include "services/s3/s3_rows.hpp"

#include "awsemu/storage/migrations.hpp"
#include "services/s3/row_json.hpp"

namespace awsemu::s3 {
namespace {

const storage::Migrations& migrations() {
  static const storage::Migrations steps{
      {1, R"sql(
        CREATE TABLE buckets (
          name TEXT PRIMARY KEY,
          account TEXT NOT NULL,
          region TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          versioning TEXT NOT NULL,
          mfa_delete TEXT NOT NULL,
          object_ownership TEXT NOT NULL,
          object_lock_enabled INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX buckets_by_account ON buckets(account, name);
        CREATE TABLE bucket_configs (
          bucket TEXT NOT NULL,
          subresource TEXT NOT NULL,
          document TEXT NOT NULL,
          PRIMARY KEY (bucket, subresource)
        ) WITHOUT ROWID;
        -- AUTOINCREMENT: seq orders the versions of a key and is never reused, even for the
        -- newest version after it is deleted.
        CREATE TABLE objects (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          bucket TEXT NOT NULL,
          object_key TEXT NOT NULL,
          version_id TEXT NOT NULL,
          is_latest INTEGER NOT NULL,
          is_delete_marker INTEGER NOT NULL,
          size INTEGER NOT NULL,
          etag TEXT NOT NULL,
          last_modified_ms INTEGER NOT NULL,
          owner TEXT NOT NULL,
          storage_class TEXT NOT NULL,
          headers TEXT NOT NULL,
          metadata TEXT NOT NULL,
          checksum TEXT NOT NULL,
          tags TEXT NOT NULL,
          acl TEXT NOT NULL,
          sse TEXT NOT NULL,
          object_lock TEXT NOT NULL,
          part_count INTEGER NOT NULL,
          parts TEXT NOT NULL,
          data_file TEXT NOT NULL,
          UNIQUE (bucket, object_key, version_id)
        );
        -- Versions of a key newest first (ListObjectVersions, the latest after a delete).
        CREATE INDEX objects_by_key ON objects(bucket, object_key, seq DESC);
        -- The current objects only (ListObjects): keys hidden by a delete marker or holding only
        -- old versions cost nothing to list past.
        CREATE INDEX objects_current ON objects(bucket, object_key)
          WHERE is_latest = 1 AND is_delete_marker = 0;
        CREATE TABLE uploads (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          upload_id TEXT NOT NULL UNIQUE,
          bucket TEXT NOT NULL,
          object_key TEXT NOT NULL,
          initiated_ms INTEGER NOT NULL,
          owner TEXT NOT NULL,
          storage_class TEXT NOT NULL,
          headers TEXT NOT NULL,
          metadata TEXT NOT NULL,
          checksum TEXT NOT NULL,
          tags TEXT NOT NULL,
          acl TEXT NOT NULL,
          sse TEXT NOT NULL,
          object_lock TEXT NOT NULL
        );
        CREATE INDEX uploads_by_key ON uploads(bucket, object_key, seq);
        CREATE TABLE parts (
          upload_id TEXT NOT NULL,
          part_number INTEGER NOT NULL,
          size INTEGER NOT NULL,
          etag TEXT NOT NULL,
          last_modified_ms INTEGER NOT NULL,
          checksum TEXT NOT NULL,
          data_file TEXT NOT NULL,
          PRIMARY KEY (upload_id, part_number)
        ) WITHOUT ROWID;
      )sql"},
      // RestoreObject's state, per version: kept in the ACL document before.
      {2, R"sql(
        CREATE TABLE object_restores (
          seq INTEGER PRIMARY KEY,
          expiry_ms INTEGER NOT NULL
        );
        CREATE TRIGGER object_restores_follow_objects AFTER DELETE ON objects BEGIN
          DELETE FROM object_restores WHERE seq = old.seq;
        END;
        INSERT INTO object_restores(seq, expiry_ms)
          SELECT seq, CAST(json_extract(acl, '$.Restore.expiry') * 1000 AS INTEGER) FROM objects
          WHERE json_valid(acl) AND json_extract(acl, '$.Restore.expiry') IS NOT NULL;
        UPDATE objects SET acl = json_remove(acl, '$.Restore')
          WHERE json_valid(acl) AND json_extract(acl, '$.Restore') IS NOT NULL;
      )sql"},
      // Small objects' bytes in their row (NULL: the data is in data_file): no file per PUT.
      {3, R"sql(
        ALTER TABLE objects ADD COLUMN inline_data BLOB;
      )sql"},
      // ...moved to a table of their own: rows of 1 KiB objects had made the objects table three
      // times larger, and a listing of 1000 keys read three times as many pages. A version is in
      // object_data when it is no delete marker and has no data file.
      {4, R"sql(
        CREATE TABLE IF NOT EXISTS object_data (
          seq INTEGER PRIMARY KEY,
          bytes BLOB NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS object_data_follows_objects AFTER DELETE ON objects BEGIN
          DELETE FROM object_data WHERE seq = old.seq;
        END;
        INSERT INTO object_data(seq, bytes)
          SELECT seq, inline_data FROM objects WHERE inline_data IS NOT NULL;
        UPDATE objects SET inline_data = NULL WHERE inline_data IS NOT NULL;
      )sql"},
  };
  return steps;
}

constexpr std::string_view kBucketColumns =
    "name, account, region, created_ms, versioning, mfa_delete, object_ownership, "
    "object_lock_enabled";

Bucket bucketFrom(const storage::Statement& row) {
  Bucket b;
  b.name = row.columnText(0);
  b.account = row.columnText(1);
  b.region = row.columnText(2);
  b.created_ms = row.columnInt64(3);
  auto versioning = row.columnTextView(4);
  b.versioning = versioning == "Enabled"     ? Versioning::Enabled
                 : versioning == "Suspended" ? Versioning::Suspended
                                             : Versioning::Unversioned;
  b.mfa_delete = row.columnText(5);
  b.object_ownership = row.columnText(6);
  b.object_lock_enabled = row.columnInt64(7) != 0;
  return b;
}

}  // namespace

void S3Rows::migrate(storage::Database& database) { migrations().apply(database); }

std::optional<Bucket> S3Rows::bucket(std::string_view name) {
  std::optional<Bucket> found;
  db_.statement("SELECT " + std::string(kBucketColumns) + " FROM buckets WHERE name = ?")
      .bindAll(name)
      .each([&](const storage::Statement& row) { found = bucketFrom(row); });
  return found;
}

void S3Rows::insertBucket(const Bucket& b) {
  db_.run(
      "INSERT INTO buckets(" + std::string(kBucketColumns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      b.name, b.account, b.region, b.created_ms, versioningName(b.versioning), b.mfa_delete,
      b.object_ownership, b.object_lock_enabled ? 1 : 0);
}

void S3Rows::updateBucket(const Bucket& b) {
  db_.run(
      "UPDATE buckets SET versioning = ?, mfa_delete = ?, object_ownership = ?, "
      "object_lock_enabled = ? WHERE name = ?",
      versioningName(b.versioning), b.mfa_delete, b.object_ownership, b.object_lock_enabled ? 1 : 0,
      b.name);
}

void S3Rows::deleteBucket(std::string_view name) {
  db_.run("DELETE FROM bucket_configs WHERE bucket = ?", name);
  db_.run("DELETE FROM buckets WHERE name = ?", name);
}

std::vector<Bucket> S3Rows::buckets(std::string_view account, std::string_view prefix,
                                    std::string_view after, std::size_t limit) {
  std::vector<Bucket> out;
  // Names are [a-z0-9.-], so every name with `prefix` sorts below prefix + "\x7f".
  db_.statement("SELECT " + std::string(kBucketColumns) +
                " FROM buckets WHERE account = ? AND name > ? AND name >= ? AND name < ? "
                "ORDER BY name LIMIT ?")
      .bindAll(account, after, prefix, std::string(prefix) + "\x7f", limit)
      .each([&](const storage::Statement& row) { out.push_back(bucketFrom(row)); });
  return out;
}

std::size_t S3Rows::bucketCount(std::string_view account) {
  return static_cast<std::size_t>(db_.statement("SELECT count(*) FROM buckets WHERE account = ?")
                                      .bindAll(account)
                                      .scalar<std::int64_t>()
                                      .value_or(0));
}

bool S3Rows::hasObjects(std::string_view bucket) {
  return db_.statement("SELECT 1 FROM objects WHERE bucket = ? LIMIT 1")
      .bindAll(bucket)
      .scalar<std::int64_t>()
      .has_value();
}

std::optional<Json> S3Rows::config(std::string_view bucket, std::string_view subresource) {
  auto text =
      db_.statement("SELECT document FROM bucket_configs WHERE bucket = ? AND subresource = ?")
          .bindAll(bucket, subresource)
          .scalar<std::string>();
  if (!text) return std::nullopt;
  return rowjson::parse(*text, nullptr);
}

void S3Rows::putConfig(std::string_view bucket, std::string_view subresource,
                       const Json& document) {
  db_.run(
      "INSERT INTO bucket_configs(bucket, subresource, document) VALUES (?, ?, ?) "
      "ON CONFLICT(bucket, subresource) DO UPDATE SET document = excluded.document",
      bucket, subresource, rowjson::dump(document));
}

bool S3Rows::deleteConfig(std::string_view bucket, std::string_view subresource) {
  return db_.run("DELETE FROM bucket_configs WHERE bucket = ? AND subresource = ?", bucket,
                 subresource) > 0;
}

std::vector<std::string> S3Rows::bucketsWithConfig(std::string_view subresource) {
  std::vector<std::string> out;
  db_.statement("SELECT bucket FROM bucket_configs WHERE subresource = ? ORDER BY bucket")
      .bindAll(subresource)
      .each([&](const storage::Statement& row) { out.push_back(row.columnText(0)); });
  return out;
}

std::unordered_set<std::string> S3Rows::referencedFiles() {
  std::unordered_set<std::string> names;
  auto collect = [&](const storage::Statement& row) { names.insert(row.columnText(0)); };
  db_.statement("SELECT data_file FROM objects WHERE data_file != ''").each(collect);
  db_.statement("SELECT data_file FROM parts").each(collect);
  return names;
}

void S3Rows::clear() {
  db_.exec(
      "DELETE FROM parts; DELETE FROM uploads; DELETE FROM object_restores; DELETE FROM "
      "object_data; "
      "DELETE FROM objects; "
      "DELETE FROM bucket_configs; DELETE FROM buckets;");
}

std::optional<double> S3Rows::restoreExpiry(std::int64_t seq) {
  auto expiry_ms = db_.statement("SELECT expiry_ms FROM object_restores WHERE seq = ?")
                       .bindAll(seq)
                       .scalar<std::int64_t>();
  if (!expiry_ms) return std::nullopt;
  return static_cast<double>(*expiry_ms) / 1000.0;
}

void S3Rows::putRestore(std::int64_t seq, double expiry_seconds) {
  db_.run(
      "INSERT INTO object_restores(seq, expiry_ms) VALUES (?, ?) "
      "ON CONFLICT(seq) DO UPDATE SET expiry_ms = excluded.expiry_ms",
      seq, static_cast<std::int64_t>(expiry_seconds * 1000.0));
}

}  // namespace awsemu::s3
