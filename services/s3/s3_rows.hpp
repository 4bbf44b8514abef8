#pragma once
// The S3 tables: schema (migrations) and row access. An S3Rows works on a Database whose lock the
// caller holds (storage/database.hpp), inside the caller's Transaction when it writes; it never
// touches object files.
//
// Tables (one database, "s3.db"):
//   buckets         name (global) -> owner, region, created, versioning, ownership, lock flag
//   bucket_configs  (bucket, subresource) -> JSON document: policy, cors, lifecycle, website,
//                   tagging, encryption, ... whatever a handler stores
//   objects         one row per version and delete marker; seq orders versions of a key
//   uploads, parts  multipart uploads in progress and their parts
// Keys are TEXT compared with BINARY collation (memcmp): listing order is UTF-8 byte order.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "awsemu/storage/database.hpp"
#include "services/s3/listing.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3 {

// The JSON members of an object row a handler may change in place (PutObjectTagging,
// PutObjectAcl, PutObjectRetention / PutObjectLegalHold).
enum class ObjectField { Tags, Acl, ObjectLock };

class S3Rows {
 public:
  explicit S3Rows(storage::Database& locked_database) : db_(locked_database) {}
  // Brings the schema up to date (start-up).
  static void migrate(storage::Database& database);

  // ---- buckets ----------------------------------------------------------------------------------
  std::optional<Bucket> bucket(std::string_view name);
  void insertBucket(const Bucket& bucket);
  void updateBucket(const Bucket& bucket);   // versioning, mfa_delete, ownership, lock flag
  void deleteBucket(std::string_view name);  // with its configurations
  // Buckets of `account` with names starting with `prefix` after `after`, by name.
  std::vector<Bucket> buckets(std::string_view account, std::string_view prefix,
                              std::string_view after, std::size_t limit);
  std::size_t bucketCount(std::string_view account);
  bool hasObjects(std::string_view bucket);  // any version or delete marker

  std::optional<Json> config(std::string_view bucket, std::string_view subresource);
  void putConfig(std::string_view bucket, std::string_view subresource, const Json& document);
  bool deleteConfig(std::string_view bucket, std::string_view subresource);
  // The buckets that have a `subresource` configuration, by name (the lifecycle sweep).
  std::vector<std::string> bucketsWithConfig(std::string_view subresource);

  // ---- objects ----------------------------------------------------------------------------------
  // What a look-up reads: the whole row; the row but its ACL (empty) and, for a small object, its
  // bytes (inline_bytes), to read the data; or what a write checks (seq, marker flag, ETag,
  // version id, data file: JSON members empty).
  enum class Columns { Row, WithData, ForWrite };
  std::optional<ObjectVersion> latest(std::string_view bucket, std::string_view key,
                                      Columns columns = Columns::Row);
  std::optional<ObjectVersion> version(std::string_view bucket, std::string_view key,
                                       std::string_view version_id, Columns columns = Columns::Row);
  // The key's newest row (Columns::ForWrite).
  std::optional<ObjectVersion> newest(std::string_view bucket, std::string_view key);
  // Inserts a row (seq assigned, returned and stored in `object`).
  // Stores object.inline_bytes, when set, in object_data.
  std::int64_t insertObject(ObjectVersion& object);
  // The bytes of a small object (ObjectVersion::stored_inline); nullopt when it has none.
  std::optional<std::string> inlineData(std::int64_t seq);
  void deleteObject(std::int64_t seq);
  void clearLatest(std::string_view bucket, std::string_view key);
  void setLatest(std::int64_t seq);
  void updateObjectField(std::int64_t seq, ObjectField field, const Json& value);
  // RestoreObject: until when (epoch seconds) a version's restored copy lasts; the row goes with
  // the version (a trigger).
  std::optional<double> restoreExpiry(std::int64_t seq);
  void putRestore(std::int64_t seq, double expiry_seconds);
  // Listing sources (see listing.hpp): current non-delete-marker versions by key (listing
  // members only: headers, metadata, tags, acl, sse, object_lock and parts are left empty); every
  // version and marker by key, newest first (whole rows).
  void currentObjects(std::string_view bucket, const listing::Cursor& cursor, std::size_t limit,
                      const listing::Visit<ObjectVersion>& visit);
  void versions(std::string_view bucket, const listing::Cursor& cursor, std::size_t limit,
                const listing::Visit<ObjectVersion>& visit);

  // ---- multipart uploads ------------------------------------------------------------------------
  std::optional<Upload> upload(std::string_view upload_id);
  void insertUpload(Upload& upload);              // seq assigned
  void deleteUpload(std::string_view upload_id);  // with its parts
  void uploads(std::string_view bucket, const listing::Cursor& cursor, std::size_t limit,
               const listing::Visit<Upload>& visit);
  std::vector<std::string> uploadIds(std::string_view bucket);
  std::optional<Part> part(std::string_view upload_id, int part_number);
  void putPart(const Part& part);  // insert or replace
  // Parts with numbers above `after`, ascending, at most `limit`.
  std::vector<Part> parts(std::string_view upload_id, int after, std::size_t limit);

  // ---- files ------------------------------------------------------------------------------------
  std::unordered_set<std::string> referencedFiles();
  void clear();  // every row of every table (state reset)

 private:
  storage::Database& db_;
};

}  // namespace awsemu::s3
