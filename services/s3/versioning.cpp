#include "services/s3/versioning.hpp"

#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_ids.hpp"

namespace awsemu::s3 {

std::string_view versioningName(Versioning status) {
  switch (status) {
    case Versioning::Enabled:
      return "Enabled";
    case Versioning::Suspended:
      return "Suspended";
    case Versioning::Unversioned:
      break;
  }
  return "";
}

std::optional<Versioning> parseVersioning(std::string_view status) {
  if (status == "Enabled") return Versioning::Enabled;
  if (status == "Suspended") return Versioning::Suspended;
  return std::nullopt;
}

Versioning nextVersioning(const Bucket& bucket, Versioning requested) {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html: "you can't disable
  // Object Lock or suspend versioning for that bucket".
  if (bucket.object_lock_enabled && requested == Versioning::Suspended)
    throw errors::invalidBucketState(
        "An Object Lock configuration is present on this bucket, so the versioning state cannot "
        "be changed.");
  return requested;
}

std::string versionIdForWrite(Versioning status) {
  return status == Versioning::Enabled ? newVersionId() : std::string(kNullVersionId);
}

std::optional<std::string> reportedWriteVersionId(Versioning status, const std::string& id) {
  if (status != Versioning::Enabled) return std::nullopt;
  return id;
}

std::optional<std::string> reportedVersionId(Versioning status, const std::string& id) {
  if (status == Versioning::Unversioned) return std::nullopt;
  return id;
}

DeletePlan planDelete(Versioning status) {
  DeletePlan plan;
  switch (status) {
    case Versioning::Unversioned:
      plan.remove_null_version = true;
      break;
    case Versioning::Enabled:
      plan.marker_version_id = newVersionId();
      break;
    case Versioning::Suspended:
      plan.remove_null_version = true;
      plan.marker_version_id = std::string(kNullVersionId);
      break;
  }
  return plan;
}

}  // namespace awsemu::s3
