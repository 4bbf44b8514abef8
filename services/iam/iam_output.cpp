#include "services/iam/iam_output.hpp"

#include <algorithm>
#include <cctype>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"

namespace awsemu::iam_service {

std::string encodeDocument(const std::string& document) {
  return encoding::uriEncode(document, true);
}

Json tagsJson(const Tags& tags) {
  Json out = Json::array();
  for (const auto& tag : tags) out.push_back({{"Key", tag.Key}, {"Value", tag.Value}});
  return out;
}

namespace {
Json boundaryJson(const std::string& arn) {
  return {{"PermissionsBoundaryType", "PermissionsBoundaryPolicy"},
          {"PermissionsBoundaryArn", arn}};
}
}  // namespace

Json userJson(const User& user, bool full) {
  Json out = {{"Path", user.path},
              {"UserName", user.name},
              {"UserId", user.id},
              {"Arn", user.arn},
              {"CreateDate", user.created}};
  if (user.password_last_used > 0) out["PasswordLastUsed"] = user.password_last_used;
  if (full && !user.boundary.empty()) out["PermissionsBoundary"] = boundaryJson(user.boundary);
  if (full && !user.tags.empty()) out["Tags"] = tagsJson(user.tags);
  return out;
}

Json groupJson(const Group& group) {
  return {{"Path", group.path},
          {"GroupName", group.name},
          {"GroupId", group.id},
          {"Arn", group.arn},
          {"CreateDate", group.created}};
}

Json roleJson(const Role& role, bool full) {
  Json out = {{"Path", role.path},
              {"RoleName", role.name},
              {"RoleId", role.id},
              {"Arn", role.arn},
              {"CreateDate", role.created},
              {"AssumeRolePolicyDocument", encodeDocument(role.trust_policy)},
              {"MaxSessionDuration", role.max_session_duration}};
  if (!role.description.empty()) out["Description"] = role.description;
  if (full) {
    if (!role.boundary.empty()) out["PermissionsBoundary"] = boundaryJson(role.boundary);
    if (!role.tags.empty()) out["Tags"] = tagsJson(role.tags);
    Json last = Json::object();
    if (role.last_used > 0)
      last = {{"LastUsedDate", role.last_used}, {"Region", role.last_used_region}};
    out["RoleLastUsed"] = last;
  }
  return out;
}

Json policyJson(const ManagedPolicy& policy, int attachment_count, bool full, int boundary_count) {
  Json out = {{"PolicyName", policy.name},
              {"PolicyId", policy.id},
              {"Arn", policy.arn},
              {"Path", policy.path},
              {"DefaultVersionId", policy.default_version},
              {"AttachmentCount", attachment_count},
              {"PermissionsBoundaryUsageCount", boundary_count},
              {"IsAttachable", true},
              {"CreateDate", policy.created},
              {"UpdateDate", policy.updated}};
  if (full && !policy.description.empty()) out["Description"] = policy.description;
  if (full && !policy.tags.empty()) out["Tags"] = tagsJson(policy.tags);
  return out;
}

Json versionJson(const PolicyVersion& version, bool is_default, bool with_document) {
  Json out = {
      {"VersionId", version.id}, {"IsDefaultVersion", is_default}, {"CreateDate", version.created}};
  if (with_document) out["Document"] = encodeDocument(version.document);
  return out;
}

Json instanceProfileJson(const Account& account, const InstanceProfile& profile) {
  Json roles = Json::array();
  for (const auto& name : profile.roles) {
    auto it = account.roles.find(IamState::keyOf(name));
    if (it != account.roles.end()) roles.push_back(roleJson(it->second, false));
  }
  Json out = {{"Path", profile.path},
              {"InstanceProfileName", profile.name},
              {"InstanceProfileId", profile.id},
              {"Arn", profile.arn},
              {"CreateDate", profile.created},
              {"Roles", roles}};
  if (!profile.tags.empty()) out["Tags"] = tagsJson(profile.tags);
  return out;
}

Json attachedJson(const std::vector<std::string>& arns) {
  Json out = Json::array();
  for (const auto& arn : arns)
    out.push_back({{"PolicyName", arn.substr(arn.rfind('/') + 1)}, {"PolicyArn", arn}});
  return out;
}

// The marker is the index of the next item: lists are answered in a stable (name) order.
Json paginate(std::vector<Json> items, const Json& input, const char* member) {
  std::size_t start = 0;
  if (input.contains("Marker")) {
    const std::string marker = input["Marker"].get<std::string>();
    bool digits = !marker.empty() && std::all_of(marker.begin(), marker.end(), ::isdigit);
    if (!digits || marker.size() > 9) throw errors::validation("Invalid Marker: " + marker);
    start = std::stoul(marker);
  }
  std::size_t max_items = input.value("MaxItems", 100);
  Json out;
  out[member] = Json::array();
  for (std::size_t i = start; i < items.size() && i < start + max_items; ++i)
    out[member].push_back(std::move(items[i]));
  bool truncated = start + max_items < items.size();
  out["IsTruncated"] = truncated;
  if (truncated) out["Marker"] = std::to_string(start + max_items);
  return out;
}

bool pathMatches(const Json& input, const std::string& path) {
  return path.starts_with(input.value("PathPrefix", "/"));
}

namespace {
constexpr std::size_t kMaxTags = 50;

// The aws: prefix (any case) is reserved for tags AWS itself sets: IAM refuses to add, change or
// remove such keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules).
void checkNotReserved(const std::string& key) {
  if (strings::startsWithIgnoringCase(key, "aws:"))
    throw errors::invalidInput(
        "User is not authorized to perform tag operations with reserved prefix aws:");
}
}  // namespace

Tags tagsFrom(const Json& input) {
  Tags tags;
  if (!input.contains("Tags")) return tags;
  for (const auto& tag : input["Tags"]) {
    Tag t{tag.value("Key", ""), tag.value("Value", "")};
    checkNotReserved(t.Key);
    for (const auto& seen : tags)
      if (strings::iequals(seen.Key, t.Key))
        throw errors::invalidInput(
            "Duplicate tag keys found. Please note that Tag keys are "
            "case insensitive.");
    tags.push_back(std::move(t));
  }
  if (tags.size() > kMaxTags)
    throw errors::limitExceeded("The number of tags has reached the maximum limit.");
  return tags;
}

void mergeTags(Tags& tags, const Tags& added) {
  Tags merged = tags;  // all or nothing
  for (const auto& tag : added) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const Tag& t) { return strings::iequals(t.Key, tag.Key); });
    if (it != merged.end())
      it->Value = tag.Value;
    else
      merged.push_back(tag);
  }
  if (merged.size() > kMaxTags)
    throw errors::limitExceeded("The number of tags has reached the maximum limit.");
  tags = std::move(merged);
}

void removeTags(Tags& tags, const Json& keys) {
  for (const auto& key : keys) checkNotReserved(key.get<std::string>());
  for (const auto& key : keys)
    std::erase_if(tags,
                  [&](const Tag& t) { return strings::iequals(t.Key, key.get<std::string>()); });
}

}  // namespace awsemu::iam_service
