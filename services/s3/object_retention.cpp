#include "services/s3/object_retention.hpp"

#include "awsemu/core/time.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ObjectRef refOf(const Json& input) {
  ObjectRef ref{text(input, "Bucket"), text(input, "Key"), std::nullopt};
  if (input.contains("VersionId")) ref.version_id = text(input, "VersionId");
  return ref;
}

// Object Lock operations on a bucket without Object Lock are refused before the object is read.
void requireObjectLock(S3Engine& engine, const std::string& bucket) {
  if (!engine.bucket(bucket).object_lock_enabled)
    throw errors::invalidRequest("Bucket is missing Object Lock Configuration");
}

AwsError noObjectLockConfiguration() {
  return {"NoSuchObjectLockConfiguration",
          "The specified object does not have a ObjectLock configuration", 404};
}

AwsError lockedObject() {
  return {"AccessDenied", "Access Denied because object protected by object lock.", 403};
}

double untilOf(const Json& lock) {
  auto until = lock.find("RetainUntilDate");
  return until != lock.end() && until->is_number() ? until->get<double>() : 0.0;
}

// Whether `next` may replace the version's retention `current` (still in force at `now`).
void checkRetentionChange(const Json& current, const Json& next, bool bypass, double now) {
  const std::string mode = current.value("Mode", std::string());
  const double until = untilOf(current);
  if (mode.empty() || until <= now) return;  // no retention in force
  const bool keeps_mode = next.value("Mode", std::string()) == mode;
  const bool extends = keeps_mode && untilOf(next) >= until;
  if (extends) return;
  if (mode == "COMPLIANCE" || !bypass) throw lockedObject();
}

}  // namespace

Json putObjectRetention(S3Engine& engine, RequestContext& ctx, const Json& input,
                        ObjectRead& changed) {
  const ObjectRef ref = refOf(input);
  requireObjectLock(engine, ref.bucket);
  auto retention = input.find("Retention");
  if (retention == input.end() || !retention->is_object()) throw errors::malformedXml();
  const std::string mode = retention->value("Mode", std::string());
  const bool has_date = retention->contains("RetainUntilDate");
  // An empty <Retention/> removes the retention (GOVERNANCE with bypass only).
  if (mode.empty() != !has_date) throw errors::malformedXml();
  if (!mode.empty() && mode != "GOVERNANCE" && mode != "COMPLIANCE") throw errors::malformedXml();
  const double now = toEpochSeconds(ctx.now());
  if (has_date && untilOf(*retention) <= now)
    throw errors::invalidArgument("The retain until date must be in the future!");
  const ObjectRead current = engine.headObject(ref);
  Json lock = current.object.attributes.object_lock.is_object()
                  ? current.object.attributes.object_lock
                  : Json::object();
  checkRetentionChange(lock, *retention, input.value("BypassGovernanceRetention", false), now);
  lock.erase("Mode");
  lock.erase("RetainUntilDate");
  if (!mode.empty()) {
    lock["Mode"] = mode;
    lock["RetainUntilDate"] = untilOf(*retention);
  }
  // The version read above, by id: a write racing in between does not get this retention.
  changed = engine.updateObject({ref.bucket, ref.key, current.object.version_id},
                                ObjectField::ObjectLock, lock);
  return Json::object();
}

Json getObjectRetention(S3Engine& engine, const Json& input) {
  const ObjectRef ref = refOf(input);
  requireObjectLock(engine, ref.bucket);
  const Json& lock = engine.headObject(ref).object.attributes.object_lock;
  if (!lock.is_object() || !lock.contains("Mode")) throw noObjectLockConfiguration();
  return {{"Retention", {{"Mode", lock["Mode"]}, {"RetainUntilDate", untilOf(lock)}}}};
}

Json putObjectLegalHold(S3Engine& engine, const Json& input, ObjectRead& changed) {
  const ObjectRef ref = refOf(input);
  requireObjectLock(engine, ref.bucket);
  auto hold = input.find("LegalHold");
  if (hold == input.end() || !hold->is_object()) throw errors::malformedXml();
  const std::string status = hold->value("Status", std::string());
  if (status != "ON" && status != "OFF") throw errors::malformedXml();
  const ObjectRead current = engine.headObject(ref);
  Json lock = current.object.attributes.object_lock.is_object()
                  ? current.object.attributes.object_lock
                  : Json::object();
  lock["LegalHoldStatus"] = status;
  changed = engine.updateObject({ref.bucket, ref.key, current.object.version_id},
                                ObjectField::ObjectLock, lock);
  return Json::object();
}

Json getObjectLegalHold(S3Engine& engine, const Json& input) {
  const ObjectRef ref = refOf(input);
  requireObjectLock(engine, ref.bucket);
  const Json& lock = engine.headObject(ref).object.attributes.object_lock;
  if (!lock.is_object() || !lock.contains("LegalHoldStatus")) throw noObjectLockConfiguration();
  return {{"LegalHold", {{"Status", lock["LegalHoldStatus"]}}}};
}

}  // namespace awsemu::s3
