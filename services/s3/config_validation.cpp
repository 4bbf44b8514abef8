#include "services/s3/config_validation.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "awsemu/core/ids.hpp"
#include "services/s3/lifecycle_rules.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

AwsError invalidTag(std::string message) { return AwsError("InvalidTag", std::move(message), 400); }

const Json& arrayMember(const Json& object, const char* name) {
  static const Json empty = Json::array();
  auto it = object.find(name);
  return it != object.end() && it->is_array() ? *it : empty;
}

bool has(const Json& object, const char* name) {
  return object.is_object() && object.contains(name);
}

// Lifecycle dates are midnight UTC (timestamps arrive as epoch seconds, core/json.hpp).
void checkMidnight(const Json& action) {
  auto date = action.find("Date");
  if (date == action.end() || !date->is_number()) return;
  const auto seconds = static_cast<long long>(date->get<double>());
  if (seconds % 86400 != 0 || date->get<double>() != static_cast<double>(seconds))
    throw errors::invalidArgument("'Date' must be at midnight GMT");
}

bool isInfrequentAccess(const std::string& storage_class) {
  return storage_class == "STANDARD_IA" || storage_class == "ONEZONE_IA";
}

// One Transition or NoncurrentVersionTransition: `action` names it in S3's messages.
void checkStorageClass(const Json& transition, const char* days_member, const char* action) {
  static const std::set<std::string> kClasses{
      "GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"};
  std::string storage_class = transition.value("StorageClass", "");
  if (!kClasses.count(storage_class)) throw errors::malformedXml();
  if (has(transition, "Days") && has(transition, "Date")) throw errors::malformedXml();
  checkMidnight(transition);
  auto days = transition.value(days_member, 0);
  if (days < 0)
    throw errors::invalidArgument(std::string("'") + days_member + "' in " + action +
                                  " action must be nonnegative");
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
  if (isInfrequentAccess(storage_class) && has(transition, days_member) && days < 30)
    throw errors::invalidArgument(std::string("'") + days_member + "' in " + action +
                                  " action must be greater than or equal to 30 for storageClass '" +
                                  storage_class + "'");
}

// The transitions of one rule, in the order their days come: each goes further down S3's
// waterfall than the one before, to a class of its own, and an object stays 30 days in
// STANDARD_IA / ONEZONE_IA before it moves on; an Expiration in days comes after them all.
void checkTransitionOrder(const Json& rule, const char* list, const char* days_member,
                          std::optional<long long> expiration_days) {
  std::vector<std::pair<long long, std::string>> steps;
  std::set<std::string> classes;
  for (const auto& transition : arrayMember(rule, list)) {
    const std::string storage_class = transition.value("StorageClass", "");
    if (!classes.insert(storage_class).second)
      throw errors::invalidArgument("'StorageClass' must be different for '" +
                                    std::string(list == std::string("Transitions")
                                                    ? "Transition"
                                                    : "NoncurrentVersionTransition") +
                                    "' actions in same 'Rule'");
    if (has(transition, days_member))
      steps.emplace_back(transition[days_member].get<long long>(), storage_class);
  }
  std::sort(steps.begin(), steps.end());
  for (std::size_t i = 1; i < steps.size(); ++i) {
    const auto& [before_days, before] = steps[i - 1];
    const auto& [days, storage_class] = steps[i];
    if (lifecycle::storageClassRank(storage_class) <= lifecycle::storageClassRank(before))
      throw errors::invalidArgument("'StorageClass' '" + storage_class + "' in the " + days_member +
                                    " " + std::to_string(days) +
                                    " transition cannot follow a transition to '" + before + "'");
    if (isInfrequentAccess(before) && days - before_days < 30)
      throw errors::invalidArgument("'" + std::string(days_member) +
                                    "' in the Transition action for StorageClass '" +
                                    storage_class + "' must be 30 days more than '" + days_member +
                                    "' in the Transition action for StorageClass '" + before + "'");
  }
  if (expiration_days && !steps.empty() && *expiration_days <= steps.back().first)
    throw errors::invalidArgument("'Days' in the Expiration action must be greater than '" +
                                  std::string(days_member) + "' in the Transition action");
}

void validateRuleActions(const Json& rule) {
  bool any = false;
  if (auto expiration = rule.find("Expiration"); expiration != rule.end()) {
    any = true;
    int set = has(*expiration, "Days") + has(*expiration, "Date") +
              has(*expiration, "ExpiredObjectDeleteMarker");
    if (set != 1) throw errors::malformedXml();
    if (has(*expiration, "Days") && (*expiration)["Days"].get<long long>() <= 0)
      throw errors::invalidArgument("'Days' for Expiration action must be a positive integer");
    checkMidnight(*expiration);
  }
  for (const auto& transition : arrayMember(rule, "Transitions")) {
    any = true;
    checkStorageClass(transition, "Days", "Transition");
  }
  for (const auto& transition : arrayMember(rule, "NoncurrentVersionTransitions")) {
    any = true;
    checkStorageClass(transition, "NoncurrentDays", "NoncurrentVersionTransition");
    if (has(transition, "Date")) throw errors::malformedXml();
  }
  std::optional<long long> expiration_days, noncurrent_days;
  if (auto expiration = rule.find("Expiration");
      expiration != rule.end() && has(*expiration, "Days"))
    expiration_days = (*expiration)["Days"].get<long long>();
  if (auto noncurrent = rule.find("NoncurrentVersionExpiration"); noncurrent != rule.end()) {
    any = true;
    if (noncurrent->value("NoncurrentDays", 0) <= 0)
      throw errors::invalidArgument(
          "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
    noncurrent_days = noncurrent->value("NoncurrentDays", 0LL);
  }
  checkTransitionOrder(rule, "Transitions", "Days", expiration_days);
  checkTransitionOrder(rule, "NoncurrentVersionTransitions", "NoncurrentDays", noncurrent_days);
  if (auto abort = rule.find("AbortIncompleteMultipartUpload"); abort != rule.end()) {
    any = true;
    if (abort->value("DaysAfterInitiation", 0) <= 0)
      throw errors::invalidArgument(
          "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive "
          "integer");
  }
  if (!any) throw errors::invalidRequest("At least one action needs to be specified in a rule");
}

void validateRuleFilter(const Json& rule) {
  bool filter = rule.contains("Filter"), prefix = rule.contains("Prefix");
  if (filter == prefix) throw errors::malformedXml();  // exactly one of them
  if (!filter) return;
  const Json& conditions = rule["Filter"];
  if (!conditions.is_object()) throw errors::malformedXml();
  // Several conditions go inside And; at the top level only one.
  if (conditions.size() > 1) throw errors::malformedXml();
}

}  // namespace

void validateBucketTags(Json& tagging) {
  const Json& tags = arrayMember(tagging, "TagSet");
  if (tags.size() > 50) throw invalidTag("Bucket tag count cannot be greater than 50");
  std::set<std::string> keys;
  for (const auto& tag : tags) {
    std::string key = tag.value("Key", ""), value = tag.value("Value", "");
    if (key.empty() || !tag.contains("Value")) throw errors::malformedXml();
    if (key.size() > 128) throw invalidTag("The TagKey you have provided is too long, max 128");
    if (value.size() > 256) throw invalidTag("The TagValue you have provided is too long, max 256");
    if (key.rfind("aws:", 0) == 0)
      throw invalidTag("System tags cannot be added/updated by requester");
    if (!keys.insert(key).second)
      throw invalidTag("Cannot provide multiple Tags with the same key");
  }
  tagging["TagSet"] = tags;
}

void validateEncryption(Json& configuration) {
  Json& rules = configuration["Rules"];
  if (!rules.is_array() || rules.empty()) throw errors::malformedXml();
  for (auto& rule : rules) {
    const Json& defaults = rule.value("ApplyServerSideEncryptionByDefault", Json::object());
    std::string algorithm = defaults.value("SSEAlgorithm", "");
    if (algorithm != "AES256" && algorithm != "aws:kms" && algorithm != "aws:kms:dsse")
      throw errors::malformedXml();
    if (algorithm == "AES256" && defaults.contains("KMSMasterKeyID"))
      throw errors::invalidArgument(
          "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or "
          "aws:kms:dsse");
    if (!rule.contains("BucketKeyEnabled")) rule["BucketKeyEnabled"] = false;
  }
}

void validateLifecycle(Json& configuration) {
  Json& rules = configuration["Rules"];
  if (!rules.is_array() || rules.empty() || rules.size() > 1000) throw errors::malformedXml();
  std::set<std::string> seen;
  for (auto& rule : rules) {
    std::string status = rule.value("Status", "");
    if (status != "Enabled" && status != "Disabled") throw errors::malformedXml();
    if (!rule.contains("ID")) rule["ID"] = ids::randomAlnum(48);
    std::string id = rule.value("ID", "");
    if (id.size() > 255)
      throw errors::invalidArgument("ID length should not exceed allowed limit of 255");
    if (!seen.insert(id).second)
      throw errors::invalidArgument("Rule ID must be unique. Found same ID for more than one rule");
    validateRuleFilter(rule);
    validateRuleActions(rule);
  }
  // x-amz-transition-default-minimum-object-size: all_storage_classes_128K unless asked otherwise.
  const std::string minimum = configuration.value("TransitionDefaultMinimumObjectSize", "");
  if (minimum != lifecycle::kVariesByClass)
    configuration["TransitionDefaultMinimumObjectSize"] = lifecycle::kAllClasses128K;
}

void validateWebsite(Json& configuration) {
  if (auto redirect = configuration.find("RedirectAllRequestsTo");
      redirect != configuration.end()) {
    if (configuration.size() > 1)
      throw errors::invalidRequest(
          "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.");
    if (!has(*redirect, "HostName")) throw errors::malformedXml();
    return;
  }
  if (!has(configuration, "IndexDocument"))
    throw errors::invalidArgument(
        "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty");
  std::string suffix = configuration["IndexDocument"].value("Suffix", "");
  if (suffix.empty() || suffix.find('/') != std::string::npos)
    throw errors::invalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument",
                                  suffix);
  if (auto error = configuration.find("ErrorDocument");
      error != configuration.end() && error->value("Key", "").empty())
    throw errors::invalidArgument("The ErrorDocument Key is not well formed", "ErrorDocument", "");
}

void validateCors(Json& configuration) {
  const Json& rules = arrayMember(configuration, "CORSRules");
  if (rules.empty()) throw errors::malformedXml();
  if (rules.size() > 100)
    throw errors::invalidRequest(
        "The number of CORS rules should not exceed allowed limit of 100 rules.");
  static const std::set<std::string> kMethods{"GET", "PUT", "HEAD", "POST", "DELETE"};
  for (const auto& rule : rules) {
    const Json& methods = arrayMember(rule, "AllowedMethods");
    const Json& origins = arrayMember(rule, "AllowedOrigins");
    if (methods.empty() || origins.empty()) throw errors::malformedXml();
    for (const auto& method : methods)
      if (!kMethods.count(method.get<std::string>()))
        throw errors::invalidRequest(
            "Found unsupported HTTP method in CORS config. Unsupported method is " +
            method.get<std::string>());
    auto wildcards = [](const std::string& text) {
      return std::count(text.begin(), text.end(), '*');
    };
    for (const auto& origin : origins)
      if (wildcards(origin.get<std::string>()) > 1)
        throw errors::invalidRequest("AllowedOrigin \"" + origin.get<std::string>() +
                                     "\" can not have more than one wildcard.");
    for (const auto& header : arrayMember(rule, "AllowedHeaders"))
      if (wildcards(header.get<std::string>()) > 1)
        throw errors::invalidRequest("AllowedHeader \"" + header.get<std::string>() +
                                     "\" can not have more than one wildcard.");
  }
  configuration = Json{{"CORSRules", rules}};
}

void validateLogging(Json& status, const std::function<void(const std::string&)>& require_bucket) {
  auto enabled = status.find("LoggingEnabled");
  if (enabled == status.end()) {
    status = Json::object();  // logging turned off
    return;
  }
  std::string target = enabled->value("TargetBucket", "");
  if (target.empty() || !enabled->contains("TargetPrefix")) throw errors::malformedXml();
  try {
    require_bucket(target);
  } catch (const AwsError&) {
    throw AwsError("InvalidTargetBucketForLogging", "The target bucket for logging does not exist",
                   400)
        .with("TargetBucket", target);
  }
}

void validateAccelerate(const std::string& bucket, Json& configuration) {
  std::string status = configuration.value("Status", "");
  if (status != "Enabled" && status != "Suspended") throw errors::malformedXml();
  if (bucket.find('.') != std::string::npos)
    throw errors::invalidRequest(
        "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names");
}

void validateRequestPayment(Json& configuration) {
  std::string payer = configuration.value("Payer", "");
  if (payer != "Requester" && payer != "BucketOwner") throw errors::malformedXml();
}

void validateObjectLock(Json& configuration) {
  if (configuration.value("ObjectLockEnabled", "Enabled") != "Enabled")
    throw errors::malformedXml();
  configuration["ObjectLockEnabled"] = "Enabled";
  auto rule = configuration.find("Rule");
  if (rule == configuration.end()) return;
  const Json& retention = rule->value("DefaultRetention", Json::object());
  std::string mode = retention.value("Mode", "");
  if (mode != "GOVERNANCE" && mode != "COMPLIANCE") throw errors::malformedXml();
  bool days = retention.contains("Days"), years = retention.contains("Years");
  if (days == years) throw errors::malformedXml();
  if (retention.value(days ? "Days" : "Years", 0) <= 0)
    throw errors::invalidArgument("Default retention period must be a positive integer value",
                                  days ? "Days" : "Years", "");
}

}  // namespace awsemu::s3
