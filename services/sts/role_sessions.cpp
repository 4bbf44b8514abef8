// Role sessions and federated users:
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html
#include "awsemu/core/encoding.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "services/sts/caller_principal.hpp"
#include "services/sts/session_request.hpp"
#include "services/sts/sts_errors.hpp"
#include "services/sts/sts_service.hpp"

namespace awsemu::sts {
namespace {

constexpr std::int64_t kChainedMaximum = 3600;  // role chaining caps sessions at one hour

std::int64_t roleSessionDuration(const Json& in, const service::RoleRecord& role, bool chained) {
  if (!in.contains("DurationSeconds")) return 3600;
  std::int64_t duration = in["DurationSeconds"];
  if (chained && duration > kChainedMaximum) throw errors::durationAboveChainingLimit();
  if (duration > role.max_session_duration) throw errors::durationAboveRoleMaximum();
  return duration;
}

// A federated user with no session policy has no permissions
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html): a session
// policy that allows nothing caps it.
constexpr const char* kNoPermissions =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"awsemu:NoPermissions","Resource":"*"}]})";

Json packedSize(const SessionOptions& options) {
  return options.packed_percent ? Json(*options.packed_percent) : Json();
}

}  // namespace

Json StsService::assumeRole(RequestContext& ctx, const Json& in) {
  std::string role_arn = in.at("RoleArn");
  std::string session = in.at("RoleSessionName");
  auto caller = callerPolicies(ctx.caller, *credentials_);
  auto role = roleFor(credentials_->directory(), role_arn);
  if (!role) throw errors::notAuthorized(ctx.caller.arn, "sts:AssumeRole", role_arn);

  SessionOptions options =
      sessionOptions(in, role->account_id, credentials_->directory(), caller.credential);
  std::string source_identity = in.value("SourceIdentity", "");
  if (caller.credential && !caller.credential->source_identity.empty())
    source_identity = caller.credential->source_identity;  // it sticks to chained sessions

  iam::ContextKeys context;
  context.set("sts:RoleSessionName", session);
  if (in.contains("ExternalId")) context.set("sts:ExternalId", in["ExternalId"].get<std::string>());
  if (!source_identity.empty()) context.set("sts:SourceIdentity", source_identity);
  if (in.contains("SerialNumber") && in.contains("TokenCode"))
    context.set("aws:MultiFactorAuthPresent", "true");
  addTagKeys(context, options);
  if (!trustAllows(*role, caller.principal, caller.identity, caller.boundary, caller.session,
                   "sts:AssumeRole", context))
    throw errors::notAuthorized(ctx.caller.arn, "sts:AssumeRole", role_arn);

  bool chained = caller.credential && caller.credential->principal_type == "assumed-role";
  std::int64_t duration = roleSessionDuration(in, *role, chained);

  auth::Credential credential;
  credential.account_id = role->account_id;
  credential.arn =
      "arn:aws:sts::" + role->account_id + ":assumed-role/" + role->name + "/" + session;
  credential.user_id = role->id + ":" + session;
  credential.principal_type = "assumed-role";
  credential.principal_arn = role->arn;
  credential.principal_name = role->name;
  credential.source_identity = source_identity;
  credential.tags = options.tags;  // role tags join per request: sessionPrincipalTags
  credential.transitive_tag_keys = options.transitive_tag_keys;
  credential.session_policies = options.policies;
  credential.permissions_boundary = role->boundary;
  Json out = {
      {"Credentials", issue(ctx, credential, duration)},
      {"AssumedRoleUser", {{"AssumedRoleId", credential.user_id}, {"Arn", credential.arn}}}};
  if (options.packed_percent) out["PackedPolicySize"] = packedSize(options);
  if (!source_identity.empty()) out["SourceIdentity"] = source_identity;
  credentials_->directory()->noteRoleUsed(role->account_id, role->name, ctx.region);
  return out;
}

// Callable by IAM users (and the root user, for at most an hour); never with session credentials.
Json StsService::getFederationToken(RequestContext& ctx, const Json& in) {
  if (!ctx.caller.session_token.empty()) throw errors::federationWithSessionCredentials();
  auto caller = callerPolicies(ctx.caller, *credentials_);
  bool root = !caller.credential || caller.credential->principal_type.empty();
  std::int64_t duration = in.value("DurationSeconds", std::int64_t{43200});
  if (root) duration = std::min<std::int64_t>(duration, 3600);
  std::string name = in.at("Name");
  SessionOptions options =
      sessionOptions(in, ctx.caller.account_id, credentials_->directory(), caller.credential);

  auth::Credential credential;
  credential.account_id = ctx.caller.account_id;
  credential.arn = "arn:aws:sts::" + ctx.caller.account_id + ":federated-user/" + name;
  credential.user_id = ctx.caller.account_id + ":" + name;
  credential.principal_type = "federated-user";
  credential.principal_arn = ctx.caller.arn;  // the user whose permissions it narrows
  credential.principal_name = name;
  credential.tags = mergeTags(
      caller.credential ? caller.credential->tags : decltype(options.tags){}, options.tags);
  credential.session_policies = options.policies;
  if (credential.session_policies.empty()) credential.session_policies.push_back(kNoPermissions);
  if (caller.credential) credential.permissions_boundary = caller.credential->permissions_boundary;
  Json out = {
      {"Credentials", issue(ctx, credential, duration)},
      {"FederatedUser", {{"FederatedUserId", credential.user_id}, {"Arn", credential.arn}}}};
  if (options.packed_percent) out["PackedPolicySize"] = packedSize(options);
  return out;
}

// awsemu's encoded authorization messages are base64 of the decoded JSON document.
Json StsService::decodeAuthorizationMessage(RequestContext&, const Json& in) {
  auto decoded = encoding::base64Decode(in.at("EncodedMessage").get<std::string>());
  if (!decoded) throw errors::invalidAuthorizationMessage();
  Json message = Json::parse(*decoded, nullptr, false);
  if (!message.is_object()) throw errors::invalidAuthorizationMessage();
  return {{"DecodedMessage", message.dump()}};
}

}  // namespace awsemu::sts
