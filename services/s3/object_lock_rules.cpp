#include "services/s3/object_lock_rules.hpp"

#include "services/s3/s3_engine.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

constexpr double kDay = 86400.0;

AwsError lockedObject() {
  return {"AccessDenied", "Access Denied because object protected by object lock.", 403};
}

// The bucket's default retention applied to a new version.
Json defaultRetention(const Json& configuration, double now) {
  auto rule = configuration.find("Rule");
  if (rule == configuration.end() || !rule->is_object()) return Json::object();
  const Json retention = rule->value("DefaultRetention", Json::object());
  if (!retention.contains("Mode")) return Json::object();
  const double days = retention.contains("Days") ? retention.value("Days", 0) * 1.0
                                                 : retention.value("Years", 0) * 365.0;
  return {{"Mode", retention["Mode"]}, {"RetainUntilDate", now + days * kDay}};
}

}  // namespace

Json lockForWrite(const Json& input, const Bucket& bucket, const std::optional<Json>& configuration,
                  double now) {
  const bool mode = input.contains("ObjectLockMode");
  const bool date = input.contains("ObjectLockRetainUntilDate");
  const bool hold = input.contains("ObjectLockLegalHoldStatus");
  if ((mode || date || hold) && !bucket.object_lock_enabled)
    throw errors::invalidRequest("Bucket is missing Object Lock Configuration");
  if (mode != date)
    throw errors::invalidArgument(
        "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied");
  Json lock = Json::object();
  if (mode) {
    const double until = input["ObjectLockRetainUntilDate"].get<double>();
    if (until <= now) throw errors::invalidArgument("The retain until date must be in the future!");
    lock["Mode"] = input["ObjectLockMode"];
    lock["RetainUntilDate"] = until;
  } else if (bucket.object_lock_enabled && configuration) {
    lock = defaultRetention(*configuration, now);
  }
  if (hold) lock["LegalHoldStatus"] = input["ObjectLockLegalHoldStatus"];
  return lock;
}

std::optional<Json> lockConfiguration(S3Engine& engine, const Bucket& bucket) {
  if (!bucket.object_lock_enabled) return std::nullopt;
  return engine.bucketConfig(bucket.name, "object-lock");
}

void checkDeletable(const ObjectVersion& version, bool bypass_governance, double now) {
  const Json& lock = version.attributes.object_lock;
  if (!lock.is_object()) return;
  if (lock.value("LegalHoldStatus", std::string()) == "ON") throw lockedObject();
  auto until = lock.find("RetainUntilDate");
  if (until == lock.end() || !until->is_number() || until->get<double>() <= now) return;
  const std::string mode = lock.value("Mode", std::string());
  if (mode == "COMPLIANCE" || (mode == "GOVERNANCE" && !bypass_governance)) throw lockedObject();
}

}  // namespace awsemu::s3
