#include "services/s3/lifecycle_rules.hpp"

#include <cmath>
#include <cstdint>
#include <iterator>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::s3::lifecycle {
namespace {

std::optional<int> intMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<int>();
}

std::optional<std::uint64_t> sizeMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<std::uint64_t>();
}

// Timestamps are epoch seconds in documents (core/json.hpp); text is accepted as well.
std::optional<std::int64_t> dateMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  std::optional<double> seconds;
  if (it->is_number())
    seconds = it->get<double>();
  else if (it->is_string())
    seconds = timefmt::parseAny(it->get<std::string>());
  if (!seconds) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*seconds * 1000));
}

void addTag(Filter& filter, const Json& tag) {
  if (tag.is_object()) filter.tags.emplace_back(tag.value("Key", ""), tag.value("Value", ""));
}

// A filter's conditions: Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan, or several of
// them (Tags for tags) inside And.
void readConditions(Filter& filter, const Json& conditions) {
  if (!conditions.is_object()) return;
  filter.prefix = conditions.value("Prefix", filter.prefix);
  if (auto tag = conditions.find("Tag"); tag != conditions.end()) addTag(filter, *tag);
  if (auto tags = conditions.find("Tags"); tags != conditions.end() && tags->is_array())
    for (const auto& tag : *tags) addTag(filter, tag);
  if (auto size = sizeMember(conditions, "ObjectSizeGreaterThan")) filter.size_greater_than = size;
  if (auto size = sizeMember(conditions, "ObjectSizeLessThan")) filter.size_less_than = size;
  if (auto both = conditions.find("And"); both != conditions.end()) readConditions(filter, *both);
}

std::vector<Transition> readTransitions(const Json& document, const char* member,
                                        const char* days_member) {
  std::vector<Transition> out;
  auto list = document.find(member);
  if (list == document.end()) return out;
  // One transition may come as an object (the legacy Rule form) or several as an array.
  const Json items = list->is_array() ? *list : Json::array({*list});
  for (const auto& item : items) {
    if (!item.is_object()) continue;
    Transition transition;
    transition.days = intMember(item, days_member);
    transition.date_ms = dateMember(item, "Date");
    transition.newer_noncurrent = intMember(item, "NewerNoncurrentVersions");
    transition.storage_class = item.value("StorageClass", "");
    out.push_back(std::move(transition));
  }
  return out;
}

Rule readRule(const Json& document) {
  Rule rule;
  rule.id = document.value("ID", "");
  rule.enabled = document.value("Status", "") == "Enabled";
  if (auto prefix = document.find("Prefix"); prefix != document.end() && prefix->is_string())
    rule.filter.prefix = prefix->get<std::string>();
  if (auto filter = document.find("Filter"); filter != document.end())
    readConditions(rule.filter, *filter);
  if (auto expiration = document.find("Expiration");
      expiration != document.end() && expiration->is_object()) {
    rule.expiration_days = intMember(*expiration, "Days");
    rule.expiration_date_ms = dateMember(*expiration, "Date");
    rule.expired_object_delete_marker = expiration->value("ExpiredObjectDeleteMarker", false);
  }
  if (auto noncurrent = document.find("NoncurrentVersionExpiration");
      noncurrent != document.end() && noncurrent->is_object()) {
    rule.noncurrent_days = intMember(*noncurrent, "NoncurrentDays");
    rule.newer_noncurrent_versions = intMember(*noncurrent, "NewerNoncurrentVersions");
  }
  if (auto abort = document.find("AbortIncompleteMultipartUpload");
      abort != document.end() && abort->is_object())
    rule.abort_days = intMember(*abort, "DaysAfterInitiation");
  rule.transitions = readTransitions(document, "Transitions", "Days");
  if (rule.transitions.empty()) rule.transitions = readTransitions(document, "Transition", "Days");
  rule.noncurrent_transitions =
      readTransitions(document, "NoncurrentVersionTransitions", "NoncurrentDays");
  if (rule.noncurrent_transitions.empty())
    rule.noncurrent_transitions =
        readTransitions(document, "NoncurrentVersionTransition", "NoncurrentDays");
  return rule;
}

}  // namespace

std::vector<Rule> enabledRules(const Json& configuration) {
  std::vector<Rule> out;
  auto rules = configuration.find("Rules");
  if (rules == configuration.end() || !rules->is_array()) return out;
  for (const auto& document : *rules) {
    if (!document.is_object()) continue;
    Rule rule = readRule(document);
    rule.small_objects_to_archive =
        configuration.value("TransitionDefaultMinimumObjectSize", "") == kVariesByClass;
    if (rule.enabled) out.push_back(std::move(rule));
  }
  return out;
}

bool selects(const Filter& filter, const ObjectVersion& version) {
  if (!std::string_view(version.key).starts_with(filter.prefix)) return false;
  const bool by_object = !filter.tags.empty() || filter.size_greater_than || filter.size_less_than;
  if (version.is_delete_marker) return !by_object;
  if (filter.size_greater_than && !(version.size > *filter.size_greater_than)) return false;
  if (filter.size_less_than && !(version.size < *filter.size_less_than)) return false;
  const Json& tags = version.attributes.tags;
  for (const auto& [key, value] : filter.tags) {
    auto it = tags.find(key);
    if (it == tags.end() || !it->is_string() || it->get<std::string>() != value) return false;
  }
  return true;
}

bool selectsUpload(const Filter& filter, std::string_view key) {
  return filter.tags.empty() && key.starts_with(filter.prefix);
}

std::int64_t dueAfterDays(std::int64_t from_ms, int days) {
  const std::int64_t reached = from_ms + static_cast<std::int64_t>(days) * kDayMs;
  return (reached / kDayMs + 1) * kDayMs;
}

std::optional<Expiry> currentVersionExpiry(const std::vector<Rule>& rules,
                                           const ObjectVersion& version) {
  if (version.is_delete_marker) return std::nullopt;
  std::optional<Expiry> earliest;
  for (const auto& rule : rules) {
    if (!rule.expiration_days && !rule.expiration_date_ms) continue;
    if (!selects(rule.filter, version)) continue;
    std::int64_t at = rule.expiration_days
                          ? dueAfterDays(version.last_modified_ms, *rule.expiration_days)
                          : *rule.expiration_date_ms;
    if (!earliest || at < earliest->at_ms) earliest = Expiry{at, rule.id};
  }
  return earliest;
}

std::optional<Expiry> uploadAbortDue(const std::vector<Rule>& rules, std::string_view key,
                                     std::int64_t initiated_ms) {
  std::optional<Expiry> earliest;
  for (const auto& rule : rules) {
    if (!rule.abort_days || !selectsUpload(rule.filter, key)) continue;
    const std::int64_t at = dueAfterDays(initiated_ms, *rule.abort_days);
    if (!earliest || at < earliest->at_ms) earliest = Expiry{at, rule.id};
  }
  return earliest;
}

int storageClassRank(std::string_view storage_class) {
  static constexpr std::string_view kWaterfall[] = {
      "STANDARD",   "STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA",
      "GLACIER_IR", "GLACIER",     "DEEP_ARCHIVE"};
  for (int rank = 0; rank < static_cast<int>(std::size(kWaterfall)); ++rank)
    if (kWaterfall[rank] == storage_class) return rank;
  return 0;
}

bool transitionsSize(const Rule& rule, std::string_view storage_class, std::uint64_t size) {
  if (rule.filter.size_greater_than || rule.filter.size_less_than) return true;
  if (size >= kDefaultMinimumTransitionSize) return true;
  return rule.small_objects_to_archive &&
         (storage_class == "GLACIER" || storage_class == "DEEP_ARCHIVE");
}

std::optional<std::string> dueCurrentTransition(const std::vector<Rule>& rules,
                                                const ObjectVersion& version, std::int64_t now_ms) {
  if (version.is_delete_marker) return std::nullopt;
  std::optional<std::string> target;
  int best = storageClassRank(version.attributes.storage_class);
  for (const auto& rule : rules) {
    if (rule.transitions.empty() || !selects(rule.filter, version)) continue;
    for (const auto& transition : rule.transitions) {
      const int rank = storageClassRank(transition.storage_class);
      if (rank <= best || !transitionsSize(rule, transition.storage_class, version.size)) continue;
      const std::int64_t at = transition.days
                                  ? dueAfterDays(version.last_modified_ms, *transition.days)
                                  : transition.date_ms.value_or(INT64_MAX);
      if (now_ms < at) continue;
      best = rank;
      target = transition.storage_class;
    }
  }
  return target;
}

std::string expirationHeader(const Expiry& expiry) {
  return "expiry-date=\"" + timefmt::httpDate(static_cast<double>(expiry.at_ms / 1000)) +
         "\", rule-id=\"" + encoding::uriEncode(expiry.rule_id) + "\"";
}

RulesCache::Rules RulesCache::rulesOf(const std::string& bucket,
                                      const std::function<std::optional<Json>()>& load) {
  std::uint64_t generation;
  {
    std::lock_guard lock(mutex_);
    if (auto it = rules_.find(bucket); it != rules_.end()) return it->second;
    generation = generation_;
  }
  auto configuration = load();
  auto rules = std::make_shared<const std::vector<Rule>>(
      configuration ? enabledRules(*configuration) : std::vector<Rule>{});
  std::lock_guard lock(mutex_);
  if (generation == generation_) rules_.emplace(bucket, rules);
  return rules;
}

void RulesCache::invalidate() {
  std::lock_guard lock(mutex_);
  ++generation_;
  rules_.clear();
}

}  // namespace awsemu::s3::lifecycle
