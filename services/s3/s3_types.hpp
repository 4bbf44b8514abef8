#pragma once
// The rows of the S3 store as the engine hands them to handlers.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::s3 {

// A bucket's versioning state: never configured, Enabled, or Suspended (a bucket can never go back
// to unversioned). https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
enum class Versioning { Unversioned, Enabled, Suspended };
std::string_view versioningName(Versioning status);  // "", "Enabled", "Suspended"

struct Bucket {
  std::string name;     // global across accounts and regions
  std::string account;  // owner
  std::string region;
  std::int64_t created_ms = 0;
  Versioning versioning = Versioning::Unversioned;
  std::string mfa_delete;  // "", "Enabled", "Disabled"
  std::string object_ownership = "BucketOwnerEnforced";
  bool object_lock_enabled = false;
};

// What the writer decides about an object (from the request, or from the source of a copy).
// The JSON members are stored as they are; the conventions below are what handlers agree on.
struct ObjectAttributes {
  std::string owner;  // account id of the writer
  std::string storage_class = "STANDARD";
  // Content headers by their model member names: ContentType, ContentEncoding,
  // ContentDisposition, ContentLanguage, CacheControl, Expires, WebsiteRedirectLocation.
  Json headers = Json::object();
  Json metadata = Json::object();  // user metadata (x-amz-meta-*), names lower-case
  // {"algorithm": "CRC32", "value": "<base64>", "type": "FULL_OBJECT" | "COMPOSITE"}; for an
  // upload only algorithm and type.
  Json checksum = Json::object();
  Json tags = Json::object();         // {"key": "value"}
  Json acl = Json::object();          // grants as the handler models them
  Json sse = Json::object();          // ServerSideEncryption, SSEKMSKeyId, BucketKeyEnabled, ...
  Json object_lock = Json::object();  // Mode, RetainUntilDate, LegalHoldStatus
};

// One version of an object, or a delete marker.
struct ObjectVersion {
  std::int64_t seq = 0;  // store order: a newer version of a key has a larger seq
  std::string bucket, key;
  std::string version_id;  // "null" for the null version (unversioned or suspended writes)
  bool is_latest = false;
  bool is_delete_marker = false;
  std::uint64_t size = 0;
  std::string etag;  // quoted, as S3 sends it
  std::int64_t last_modified_ms = 0;
  ObjectAttributes attributes;
  int part_count = 0;          // 0 unless written by a multipart upload
  Json parts = Json::array();  // multipart: [{"size": n, "etag": "...", "checksum": {...}}]
  std::string data_file;       // ObjectFiles name; empty for delete markers and in-row data
  // Small objects keep their bytes in the database (table object_data, by seq), not in a file:
  // GetObject reads them with the row (S3Rows::Columns::WithData), other reads with
  // S3Rows::inlineData; a write sets `inline_bytes` for insertObject.
  bool stored_inline = false;
  std::optional<std::string> inline_bytes{};
  // Archived versions (GLACIER, DEEP_ARCHIVE) after RestoreObject: until when (epoch seconds) the
  // restored copy can be read. Filled by GetObject/HeadObject reads (object_restores table).
  std::optional<double> restore_expiry{};
};

struct Upload {
  std::int64_t seq = 0;  // initiation order
  std::string upload_id, bucket, key;
  std::int64_t initiated_ms = 0;
  ObjectAttributes attributes;  // applied to the object on completion
};

struct Part {
  std::string upload_id;
  int part_number = 0;
  std::uint64_t size = 0;
  std::string etag;  // quoted
  std::int64_t last_modified_ms = 0;
  Json checksum = Json::object();  // {"algorithm": ..., "value": ...}
  std::string data_file;
};

}  // namespace awsemu::s3
