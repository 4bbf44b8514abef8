#include "services/s3/acl.hpp"

#include <array>

#include "awsemu/core/strings.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_owner.hpp"

namespace awsemu::s3::acl {
namespace {

Json canonicalGrantee(std::string_view account) {
  return {{"Type", "CanonicalUser"},
          {"ID", canonicalUserId(account)},
          {"DisplayName", displayName(account)}};
}

Json grant(Json grantee, std::string_view permission) {
  return {{"Grantee", std::move(grantee)}, {"Permission", std::string(permission)}};
}

Json group(std::string_view uri) { return {{"Type", "Group"}, {"URI", std::string(uri)}}; }

// Grant headers and the permission each one gives.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kGrantHeaders{{
    {"GrantFullControl", "FULL_CONTROL"},
    {"GrantRead", "READ"},
    {"GrantReadACP", "READ_ACP"},
    {"GrantWrite", "WRITE"},
    {"GrantWriteACP", "WRITE_ACP"},
}};

// `id="abc", uri="http://..."`: one grantee per comma-separated item.
void appendHeaderGrants(Json& grants, std::string_view header, std::string_view permission) {
  std::size_t start = 0;
  while (start < header.size()) {
    auto end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string item(strings::trim(header.substr(start, end - start)));
    start = end + 1;
    if (item.empty()) continue;
    auto equals = item.find('=');
    if (equals == std::string::npos)
      throw errors::invalidArgument("Invalid grant header", "x-amz-grant", item);
    std::string kind = strings::toLower(strings::trim(std::string_view(item).substr(0, equals)));
    std::string value(strings::trim(std::string_view(item).substr(equals + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (kind == "id")
      grants.push_back(grant({{"Type", "CanonicalUser"}, {"ID", value}}, permission));
    else if (kind == "uri")
      grants.push_back(grant(group(value), permission));
    else if (kind == "emailaddress")
      throw AwsError("UnresolvableGrantByEmailAddress",
                     "The e-mail address you provided does not match any account on record.", 400);
    else
      throw errors::invalidArgument("Argument format not recognized", "x-amz-grant", item);
  }
}

bool granteeIs(const Json& grantee, std::string_view account, bool anonymous) {
  std::string type = grantee.value("Type", "");
  if (type == "Group") {
    std::string uri = grantee.value("URI", "");
    if (uri == kAllUsers) return true;
    return uri == kAuthenticatedUsers && !anonymous;
  }
  if (type == "CanonicalUser" && !anonymous)
    return grantee.value("ID", "") == canonicalUserId(account);
  return false;
}

}  // namespace

Json owner(std::string_view account) {
  return {{"ID", canonicalUserId(account)}, {"DisplayName", displayName(account)}};
}

Json canned(std::string_view name, std::string_view owner_account, std::string_view bucket_owner) {
  Json grants = Json::array({grant(canonicalGrantee(owner_account), "FULL_CONTROL")});
  bool other_bucket_owner = !bucket_owner.empty() && bucket_owner != owner_account;
  if (name == "private" || name == "aws-exec-read") {
  } else if (name == "public-read") {
    grants.push_back(grant(group(kAllUsers), "READ"));
  } else if (name == "public-read-write") {
    grants.push_back(grant(group(kAllUsers), "READ"));
    grants.push_back(grant(group(kAllUsers), "WRITE"));
  } else if (name == "authenticated-read") {
    grants.push_back(grant(group(kAuthenticatedUsers), "READ"));
  } else if (name == "log-delivery-write") {
    grants.push_back(grant(group(kLogDelivery), "WRITE"));
    grants.push_back(grant(group(kLogDelivery), "READ_ACP"));
  } else if (name == "bucket-owner-read") {
    if (other_bucket_owner) grants.push_back(grant(canonicalGrantee(bucket_owner), "READ"));
  } else if (name == "bucket-owner-full-control") {
    if (other_bucket_owner) grants.push_back(grant(canonicalGrantee(bucket_owner), "FULL_CONTROL"));
  } else {
    throw errors::invalidArgument("", "x-amz-acl", name);
  }
  return {{"Owner", owner(owner_account)}, {"Grants", std::move(grants)}};
}

Json fromRequest(const Json& input, std::string_view owner_account, std::string_view bucket_owner) {
  bool has_canned = input.contains("ACL");
  Json header_grants = Json::array();
  for (const auto& [member, permission] : kGrantHeaders)
    if (auto it = input.find(std::string(member)); it != input.end() && it->is_string())
      appendHeaderGrants(header_grants, it->get<std::string>(), permission);
  bool has_grants = !header_grants.empty();
  auto body = input.find("AccessControlPolicy");
  bool has_body = body != input.end() && body->is_object() && !body->empty();
  if (has_canned && has_grants)
    throw errors::invalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
  if (has_body && (has_canned || has_grants))
    throw AwsError("UnexpectedContent", "This request does not support content", 400);
  if (has_canned) return canned(input["ACL"].get<std::string>(), owner_account, bucket_owner);
  if (has_grants) return {{"Owner", owner(owner_account)}, {"Grants", std::move(header_grants)}};
  if (!has_body) return nullptr;
  Json grants = body->value("Grants", Json::array());
  for (auto& one : grants) {
    const Json& grantee = one.value("Grantee", Json::object());
    std::string type = grantee.value("Type", "");
    if (type == "AmazonCustomerByEmail")
      throw AwsError("UnresolvableGrantByEmailAddress",
                     "The e-mail address you provided does not match any account on record.", 400);
    if ((type != "CanonicalUser" && type != "Group") || !one.contains("Permission"))
      throw errors::malformedXml();
  }
  if (!body->contains("Owner")) throw errors::malformedXml();
  return {{"Owner", owner(owner_account)}, {"Grants", std::move(grants)}};
}

bool allows(const Json& acl, std::string_view account, bool anonymous,
            std::string_view permission) {
  if (!acl.is_object()) return false;
  auto grants = acl.find("Grants");
  if (grants == acl.end() || !grants->is_array()) return false;
  for (const auto& one : *grants) {
    std::string given = one.value("Permission", "");
    if (given != permission && given != "FULL_CONTROL") continue;
    if (granteeIs(one.value("Grantee", Json::object()), account, anonymous)) return true;
  }
  return false;
}

bool isPublic(const Json& acl) {
  if (!acl.is_object() || !acl.contains("Grants")) return false;
  for (const auto& one : acl["Grants"]) {
    const Json& grantee = one.value("Grantee", Json::object());
    std::string uri = grantee.value("URI", "");
    if (uri == kAllUsers || uri == kAuthenticatedUsers) return true;
  }
  return false;
}

bool ownerOnly(const Json& acl, std::string_view owner_account) {
  if (!acl.is_object() || !acl.contains("Grants")) return true;
  std::string id = canonicalUserId(owner_account);
  for (const auto& one : acl["Grants"]) {
    const Json& grantee = one.value("Grantee", Json::object());
    if (grantee.value("Type", "") != "CanonicalUser" || grantee.value("ID", "") != id) return false;
  }
  return true;
}

}  // namespace awsemu::s3::acl
