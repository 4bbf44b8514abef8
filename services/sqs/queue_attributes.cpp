#include "services/sqs/queue_attributes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "awsemu/core/arn.hpp"
#include "services/sqs/message_validation.hpp"
#include "services/sqs/queue_name.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace {

enum class Kind { Integer, Boolean, Text, Choice, Policy, Redrive, RedriveAllow, FifoQueue };

struct Spec {
  const char* name;
  Kind kind;
  std::int64_t min = 0, max = 0;  // Integer
  bool fifo_only = false;
  std::vector<std::string> choices = {};  // Choice
};

const std::vector<Spec>& settableAttributes() {
  static const std::vector<Spec> specs = {
      {"DelaySeconds", Kind::Integer, 0, 900},
      {"MaximumMessageSize", Kind::Integer, 1024, static_cast<std::int64_t>(kMaxMessageBytes)},
      {"MessageRetentionPeriod", Kind::Integer, 60, 1209600},
      {"ReceiveMessageWaitTimeSeconds", Kind::Integer, 0, 20},
      {"VisibilityTimeout", Kind::Integer, 0, 43200},
      {"KmsDataKeyReusePeriodSeconds", Kind::Integer, 60, 86400},
      {"Policy", Kind::Policy},
      {"RedrivePolicy", Kind::Redrive},
      {"RedriveAllowPolicy", Kind::RedriveAllow},
      {"KmsMasterKeyId", Kind::Text},
      {"SqsManagedSseEnabled", Kind::Boolean},
      {"FifoQueue", Kind::FifoQueue, 0, 0, true},
      {"ContentBasedDeduplication", Kind::Boolean, 0, 0, true},
      {"DeduplicationScope", Kind::Choice, 0, 0, true, {"messageGroup", "queue"}},
      {"FifoThroughputLimit", Kind::Choice, 0, 0, true, {"perQueue", "perMessageGroupId"}},
  };
  return specs;
}

const Spec* findSpec(std::string_view name) {
  for (const auto& spec : settableAttributes()) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

constexpr const char* kReadOnlyNames[] = {"QueueArn",
                                          "ApproximateNumberOfMessages",
                                          "ApproximateNumberOfMessagesNotVisible",
                                          "ApproximateNumberOfMessagesDelayed",
                                          "CreatedTimestamp",
                                          "LastModifiedTimestamp"};

// Java's Integer.parseInt: an optional sign and decimal digits, nothing else.
std::optional<std::int64_t> parseInteger(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > INT32_MAX) return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<bool> parseBoolean(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  return std::nullopt;
}

// The attribute's text; numbers and booleans (from lenient clients) as their JSON text.
std::optional<std::string> attributeText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_boolean()) return value.dump();
  return std::nullopt;
}

// "-36" for a number, abc for the string "abc": as AWS quotes a value inside its messages.
std::string quoted(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// arn:<partition>:sqs:<region>:<12 digits>:<queue name>
bool isQueueArn(const Arn& arn) {
  auto digits = [](const std::string& text) {
    return text.size() == 12 &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  };
  return arn.partition.starts_with("aws") && arn.service == "sqs" && !arn.region.empty() &&
         digits(arn.account_id) &&
         (isValidQueueName(arn.resource, false) || isValidQueueName(arn.resource, true));
}

std::optional<int> maxReceiveCount(const Json& value) {
  if (value.is_number_integer()) {
    auto count = value.get<std::int64_t>();
    if (count >= INT32_MIN && count <= INT32_MAX) return static_cast<int>(count);
    return std::nullopt;
  }
  if (!value.is_string()) return std::nullopt;
  auto count = parseInteger(value.get<std::string>());
  return count ? std::optional<int>(static_cast<int>(*count)) : std::nullopt;
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue.html
std::string validateRedrivePolicy(const std::string& text, bool fifo) {
  if (text.empty()) return text;
  Json policy = Json::parse(text, nullptr, false);
  if (!policy.is_object()) {
    throw errors::invalidAttributeValue("RedrivePolicy", "Redrive policy is not a valid JSON map.");
  }
  auto fail = [&](const std::string& reason) {
    return errors::invalidParameterValue("RedrivePolicy", text, reason);
  };
  for (const char* field : {"maxReceiveCount", "deadLetterTargetArn"}) {
    if (!policy.contains(field)) {
      throw fail(std::string("Redrive policy does not contain mandatory attribute: ") + field +
                 ".");
    }
  }
  auto count = maxReceiveCount(policy["maxReceiveCount"]);
  if (!count || *count < 1 || *count > 1000) {
    throw fail("Invalid value for maxReceiveCount: " + quoted(policy["maxReceiveCount"]) +
               ", valid values are from 1 to 1000 both inclusive.");
  }
  const Json& target = policy["deadLetterTargetArn"];
  auto arn = target.is_string() ? Arn::parse(target.get<std::string>()) : std::nullopt;
  if (!arn) throw fail("Invalid value for deadLetterTargetArn.");
  if (arn->service != "sqs")
    throw fail("Only SQS queues are valid resources for deadLetterTargetArn.");
  if (!isQueueArn(*arn)) throw fail("Invalid value for deadLetterTargetArn.");
  if (arn->resource.ends_with(".fifo") != fifo) {
    throw fail("Dead-letter queue must be same type of queue as the source..");  // sic
  }
  if (policy.size() > 2) {
    throw fail("Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].");
  }
  return Json{{"deadLetterTargetArn", target}, {"maxReceiveCount", *count}}.dump();
}

// The JSON shape of a redrive allow policy; nullopt when it is not one.
std::optional<RedriveAllowPolicy> redriveAllowShape(const Json& policy) {
  if (!policy.is_object()) return std::nullopt;
  for (const auto& [key, value] : policy.items()) {
    if (key != "redrivePermission" && key != "sourceQueueArns") return std::nullopt;
  }
  auto permission = policy.find("redrivePermission");
  if (permission == policy.end() || !permission->is_string()) return std::nullopt;
  RedriveAllowPolicy shape{permission->get<std::string>(), {}};
  if (shape.permission != "allowAll" && shape.permission != "denyAll" &&
      shape.permission != "byQueue") {
    return std::nullopt;
  }
  auto arns = policy.find("sourceQueueArns");
  if (arns == policy.end()) return shape;
  if (!arns->is_array()) return std::nullopt;
  for (const auto& arn : *arns) {
    if (!arn.is_string()) return std::nullopt;
    shape.source_queue_arns.push_back(arn.get<std::string>());
  }
  return shape;
}

std::string validateRedriveAllowPolicy(const std::string& text) {
  if (text.empty()) return text;
  Json policy = Json::parse(text, nullptr, false);
  auto shape = redriveAllowShape(policy);
  if (!shape) {
    throw errors::invalidAttributeValue(
        "RedriveAllowPolicy",
        "Amazon SQS can't create the redrive allow policy, as it\u2019s in an unsupported format.");
  }
  auto fail = [&](const std::string& reason) {
    return errors::invalidParameterValue(
        "RedriveAllowPolicy", text, "Amazon SQS can't create the redrive allow policy. " + reason);
  };
  const auto& arns = shape->source_queue_arns;
  if (shape->permission != "byQueue" && !arns.empty()) {
    throw fail(
        "To specify one or more source queue ARNs, you must set redrivePermission to byQueue.");
  }
  if (shape->permission == "byQueue" && arns.empty()) {
    throw fail(
        "When you specify the byQueue permission type, you must also specify one or more "
        "sourceQueueArns values.");
  }
  if (arns.size() > 10)
    throw fail("The maximum number of source queue ARNs you can specify is 10.");
  return policy.dump();
}

std::string normalizeFifoQueue(const std::string& text, AttributeUse use) {
  auto value = parseBoolean(text);
  if (value == true) return "true";
  if (value == false && use == AttributeUse::Set) {
    throw errors::invalidAttributeValue("FifoQueue", "Modifying queue type is not supported.");
  }
  throw errors::invalidAttributeValue("FifoQueue");
}

std::string normalize(const Spec& spec, const std::string& text, bool fifo, AttributeUse use) {
  switch (spec.kind) {
    case Kind::Integer:
      if (auto value = parseInteger(text); value && *value >= spec.min && *value <= spec.max) {
        return std::to_string(*value);
      }
      break;
    case Kind::Boolean:
      if (auto value = parseBoolean(text)) return *value ? "true" : "false";
      break;
    case Kind::Choice:
      if (std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end()) {
        return text;
      }
      break;
    case Kind::Policy:
      if (text.empty() || Json::parse(text, nullptr, false).is_object()) return text;
      break;
    case Kind::Text:
      return text;
    case Kind::Redrive:
      return validateRedrivePolicy(text, fifo);
    case Kind::RedriveAllow:
      return validateRedriveAllowPolicy(text);
    case Kind::FifoQueue:
      return normalizeFifoQueue(text, use);
  }
  throw errors::invalidAttributeValue(spec.name);
}

std::string textOf(const Json& attributes, const char* name) {
  auto it = attributes.find(name);
  return it != attributes.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Both SSE kinds, or high-throughput limits without per-group deduplication.
void checkCombinations(const Json& attributes) {
  if (textOf(attributes, "SqsManagedSseEnabled") == "true" &&
      !textOf(attributes, "KmsMasterKeyId").empty()) {
    throw errors::sseConflict();
  }
  if (textOf(attributes, "FifoThroughputLimit") == "perMessageGroupId" &&
      textOf(attributes, "DeduplicationScope") == "queue") {
    throw errors::invalidAttributeValue(
        "FifoThroughputLimit",
        "The perMessageGroupId value is allowed only when the value for DeduplicationScope is "
        "messageGroup.");
  }
}

}  // namespace

bool requestsFifoQueue(const Json& attributes) {
  if (!attributes.is_object()) return false;
  auto it = attributes.find("FifoQueue");
  if (it == attributes.end()) return false;
  auto text = attributeText(*it);
  return text && parseBoolean(*text) == true;
}

Json validateQueueAttributes(const Json& attributes, bool fifo, AttributeUse use) {
  Json out = Json::object();
  if (attributes.is_null()) return out;
  if (!attributes.is_object()) throw errors::invalidParameterValue("Attributes must be a map.");
  for (const auto& [name, value] : attributes.items()) {
    const Spec* spec = findSpec(name);
    if (spec == nullptr || (spec->fifo_only && !fifo)) throw errors::invalidAttributeName(name);
    if (value.is_null()) continue;
    auto text = attributeText(value);
    if (!text) throw errors::invalidAttributeValue(name);
    out[name] = normalize(*spec, *text, fifo, use);
  }
  checkCombinations(out);
  return out;
}

Json applyQueueAttributes(const Json& current, const Json& changes) {
  Json result = current.is_object() ? current : Json::object();
  for (const auto& [name, value] : changes.items()) {
    if (name == "FifoQueue") continue;
    if (value == "") {
      result.erase(name);
    } else {
      result[name] = value;
    }
  }
  bool new_key = !textOf(changes, "KmsMasterKeyId").empty();
  if (textOf(changes, "SqsManagedSseEnabled") == "true" && !new_key &&
      !textOf(result, "KmsMasterKeyId").empty()) {
    throw errors::sseConflict();
  }
  if (new_key) {
    result["SqsManagedSseEnabled"] = "false";
    if (!result.contains("KmsDataKeyReusePeriodSeconds")) {
      result["KmsDataKeyReusePeriodSeconds"] = "300";
    }
  }
  checkCombinations(result);
  return result;
}

Json defaultQueueAttributes(bool fifo) {
  Json attributes = {{"DelaySeconds", "0"},
                     {"MaximumMessageSize", std::to_string(kMaxMessageBytes)},
                     {"MessageRetentionPeriod", "345600"},
                     {"ReceiveMessageWaitTimeSeconds", "0"},
                     {"VisibilityTimeout", "30"},
                     {"SqsManagedSseEnabled", "true"}};
  if (fifo) {
    attributes["FifoQueue"] = "true";
    attributes["ContentBasedDeduplication"] = "false";
    attributes["DeduplicationScope"] = "queue";
    attributes["FifoThroughputLimit"] = "perQueue";
  }
  return attributes;
}

const std::vector<std::string>& allAttributeNames() {
  // The order of AWS's GetQueueAttributes answers (recorded responses and the CLI reference).
  static const std::vector<std::string> names = {"QueueArn",
                                                 "ApproximateNumberOfMessages",
                                                 "ApproximateNumberOfMessagesNotVisible",
                                                 "ApproximateNumberOfMessagesDelayed",
                                                 "CreatedTimestamp",
                                                 "LastModifiedTimestamp",
                                                 "VisibilityTimeout",
                                                 "MaximumMessageSize",
                                                 "MessageRetentionPeriod",
                                                 "DelaySeconds",
                                                 "Policy",
                                                 "ReceiveMessageWaitTimeSeconds",
                                                 "RedrivePolicy",
                                                 "RedriveAllowPolicy",
                                                 "FifoQueue",
                                                 "ContentBasedDeduplication",
                                                 "KmsMasterKeyId",
                                                 "KmsDataKeyReusePeriodSeconds",
                                                 "DeduplicationScope",
                                                 "FifoThroughputLimit",
                                                 "SqsManagedSseEnabled"};
  return names;
}

bool isKnownAttributeName(std::string_view name) {
  const auto& names = allAttributeNames();
  return name == "All" || std::find(names.begin(), names.end(), name) != names.end();
}

bool isReadOnlyAttributeName(std::string_view name) {
  return std::find(std::begin(kReadOnlyNames), std::end(kReadOnlyNames), name) !=
         std::end(kReadOnlyNames);
}

std::optional<RedrivePolicy> parseRedrivePolicy(const std::string& text) {
  if (text.empty()) return std::nullopt;
  Json policy = Json::parse(text, nullptr, false);
  if (!policy.is_object()) return std::nullopt;
  auto arn = policy.find("deadLetterTargetArn");
  auto count = policy.find("maxReceiveCount");
  if (arn == policy.end() || !arn->is_string() || count == policy.end()) return std::nullopt;
  auto max = maxReceiveCount(*count);
  if (!max) return std::nullopt;
  return RedrivePolicy{arn->get<std::string>(), *max};
}

std::optional<RedriveAllowPolicy> parseRedriveAllowPolicy(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return redriveAllowShape(Json::parse(text, nullptr, false));
}

bool redriveAllowed(const std::optional<RedriveAllowPolicy>& dlq_policy,
                    const std::string& source_queue_arn) {
  if (!dlq_policy || dlq_policy->permission == "allowAll") return true;
  if (dlq_policy->permission != "byQueue") return false;
  const auto& arns = dlq_policy->source_queue_arns;
  return std::find(arns.begin(), arns.end(), source_queue_arn) != arns.end();
}

}  // namespace awsemu::sqs
