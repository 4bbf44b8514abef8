#pragma once
// S3 versioning rules as pure decisions; the engine applies them to rows.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
//  - Unversioned (never enabled): one version per key, id "null"; a write replaces it, a delete
//    removes it. Responses carry no version id.
//  - Enabled: every write makes a new version with a fresh id; a delete without a version id adds
//    a delete marker (a version with a fresh id) and removes nothing.
//  - Suspended: writes get id "null", replacing the key's null version and keeping the others; a
//    delete without a version id removes the null version and adds a delete marker "null".
//  - DELETE with a version id removes that version for good, whatever the state.
#include <optional>
#include <string>
#include <string_view>

#include "services/s3/s3_types.hpp"

namespace awsemu::s3 {

// "Enabled" / "Suspended" (PutBucketVersioning's Status); nullopt for anything else.
std::optional<Versioning> parseVersioning(std::string_view status);
// The state after PutBucketVersioning asks for `requested`. Throws InvalidBucketState for
// suspending a bucket with Object Lock, which S3 refuses.
Versioning nextVersioning(const Bucket& bucket, Versioning requested);

// The version id a new object version gets: fresh when Enabled, else "null".
std::string versionIdForWrite(Versioning status);
// Whether a write removes the key's existing null version first.
inline bool writeReplacesNullVersion(Versioning status) { return status != Versioning::Enabled; }

// The VersionId a write reports (x-amz-version-id of PutObject, CopyObject,
// CompleteMultipartUpload): only when Enabled; suspended writes answer without one.
std::optional<std::string> reportedWriteVersionId(Versioning status, const std::string& id);
// The VersionId reads, deletes and listings report: any id, "null" included, once the bucket has
// been versioned; none for a bucket that never was.
std::optional<std::string> reportedVersionId(Versioning status, const std::string& id);

// What DELETE without a version id does.
struct DeletePlan {
  bool remove_null_version = false;              // the key's null version goes (with its data)
  std::optional<std::string> marker_version_id;  // a delete marker is added with this id
};
DeletePlan planDelete(Versioning status);

}  // namespace awsemu::s3
