#include "services/iam/iam_types.hpp"

// std::optional members: null when absent (nlohmann 3.11 has no serializer for them).
namespace nlohmann {
template <class T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& v) {
    if (v)
      j = *v;
    else
      j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& v) {
    if (j.is_null())
      v.reset();
    else
      v = j.get<T>();
  }
};
}  // namespace nlohmann

namespace awsemu::iam_service {

// Members written with their C++ names; absent members keep their defaults when read back, so
// rows written by an older build still load.
#define IAM_JSON(Type, ...)                                                                 \
  void to_json(Json& nlohmann_json_j, const Type& nlohmann_json_t) {                        \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))                \
  }                                                                                         \
  void from_json(const Json& nlohmann_json_j, Type& nlohmann_json_t) {                      \
    Type nlohmann_json_default_obj;                                                         \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM_WITH_DEFAULT, __VA_ARGS__)) \
  }

IAM_JSON(Tag, Key, Value)
IAM_JSON(AccessKey, id, secret, status, created, last_used, last_service, last_region)
IAM_JSON(LoginProfile, created, password_reset_required, password)
IAM_JSON(UserCredential, id, body, status, fingerprint, service, service_user, password, created)
IAM_JSON(User, name, id, path, arn, created, password_last_used, boundary, tags, policies, attached,
         keys, login, ssh_keys, signing_certificates, service_credentials)
IAM_JSON(Group, name, id, path, arn, created, policies, attached, users)
IAM_JSON(Role, name, id, path, arn, created, trust_policy, description, boundary,
         max_session_duration, tags, policies, attached, last_used, last_used_region)
IAM_JSON(PolicyVersion, id, document, created)
IAM_JSON(ManagedPolicy, name, id, path, arn, description, created, updated, versions,
         default_version, next_version, tags)
IAM_JSON(InstanceProfile, name, id, path, arn, created, roles, tags)
IAM_JSON(OidcProvider, url, arn, client_ids, thumbprints, created, tags)
IAM_JSON(SamlProvider, name, arn, metadata, created, valid_until, tags)
IAM_JSON(ServerCertificate, name, id, path, arn, body, chain, uploaded, expiration, tags)
IAM_JSON(MfaDevice, serial, name, path, seed, created, enabled, user, tags)
IAM_JSON(AccountSettings, aliases, password_policy, report_generated, global_endpoint_token_version)

const PolicyVersion* ManagedPolicy::version(const std::string& version_id) const {
  for (const auto& v : versions)
    if (v.id == version_id) return &v;
  return nullptr;
}

const PolicyVersion& ManagedPolicy::defaultVersion() const {
  if (const auto* v = version(default_version)) return *v;
  return versions.front();
}

}  // namespace awsemu::iam_service
