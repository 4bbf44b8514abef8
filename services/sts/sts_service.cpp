#include "services/sts/sts_service.hpp"

#include <algorithm>
#include <cmath>

#include "awsemu/core/ids.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/environment.hpp"
#include "services/sts/session_store.hpp"
#include "services/sts/sts_errors.hpp"

namespace awsemu::sts {

StsService::StsService() {
  // GetCallerIdentity reads only the authenticated caller: it never blocks, so it runs inline.
  on(
      "GetCallerIdentity",
      [this](RequestContext& c, const Json& in) { return getCallerIdentity(c, in); }, false);
  on("GetSessionToken",
     [this](RequestContext& c, const Json& in) { return getSessionToken(c, in); });
  on(
      "GetAccessKeyInfo",
      [this](RequestContext& c, const Json& in) { return getAccessKeyInfo(c, in); }, false);
  on("AssumeRole", [this](RequestContext& c, const Json& in) { return assumeRole(c, in); });
  on("AssumeRoleWithWebIdentity",
     [this](RequestContext& c, const Json& in) { return assumeRoleWithWebIdentity(c, in); });
  on("AssumeRoleWithSAML",
     [this](RequestContext& c, const Json& in) { return assumeRoleWithSaml(c, in); });
  on("GetFederationToken",
     [this](RequestContext& c, const Json& in) { return getFederationToken(c, in); });
  on(
      "DecodeAuthorizationMessage",
      [this](RequestContext& c, const Json& in) { return decodeAuthorizationMessage(c, in); },
      false);
}

StsService::~StsService() = default;

void StsService::start(service::ServiceEnvironment& env) {
  credentials_ = &env.credentials;
  // Without PERSISTENCE the credential registry (memory) is the whole state: sessions end with
  // the process anyway, and not opening SQLite keeps the idle server small.
  if (!env.storage.isPersistent()) return;
  sessions_ = std::make_unique<SessionStore>(
      storage::Database::open(env.storage.databasePath("sts"), env.storage.databaseOptions()));
  for (auto& credential : sessions_->loadValid(systemClock().now()))
    credentials_->put(credential, "sts");
}

void StsService::stop() {
  if (sessions_) sessions_->close();
}

void StsService::reset() {
  if (sessions_) sessions_->clear();
  if (credentials_) credentials_->removeIssuedBy("sts");
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
Json StsService::getCallerIdentity(RequestContext& ctx, const Json&) {
  return {
      {"UserId", ctx.caller.user_id}, {"Account", ctx.caller.account_id}, {"Arn", ctx.caller.arn}};
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
// The credentials act as the calling user (or root); root sessions last at most one hour.
Json StsService::getSessionToken(RequestContext& ctx, const Json& input) {
  if (!ctx.caller.session_token.empty()) throw errors::sessionCredentialsNotAllowed();
  bool root = ctx.caller.arn.ends_with(":root");
  std::int64_t duration = input.value("DurationSeconds", std::int64_t{root ? 3600 : 43200});
  if (root) duration = std::min<std::int64_t>(duration, 3600);

  auth::Credential credential;
  credential.account_id = ctx.caller.account_id;
  credential.arn = ctx.caller.arn;
  credential.user_id = ctx.caller.user_id;
  // A user's session acts as the user (its policies, tags and boundary).
  if (auto own = credentials_->find(ctx.caller.access_key_id);
      own && own->principal_type == "user") {
    credential.principal_type = own->principal_type;
    credential.principal_arn = own->principal_arn;
    credential.principal_name = own->principal_name;
    credential.tags = own->tags;
    credential.permissions_boundary = own->permissions_boundary;
  }
  return {{"Credentials", issue(ctx, credential, duration)}};
}

Json StsService::issue(RequestContext& ctx, auth::Credential& credential,
                       std::int64_t duration_seconds) {
  credential.access_key_id = ids::awsId("ASIA");
  credential.secret_access_key = ids::secretKey();
  credential.session_token = ids::sessionToken();
  credential.expiration = ctx.now() + std::chrono::seconds(duration_seconds);
  if (sessions_) sessions_->save(credential);
  credentials_->put(credential, "sts");
  return {{"AccessKeyId", credential.access_key_id},
          {"SecretAccessKey", credential.secret_access_key},
          {"SessionToken", credential.session_token},
          {"Expiration", std::floor(toEpochSeconds(*credential.expiration))}};
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html
// Keys awsemu issued name their account; any other key id is, as everywhere in awsemu, the account
// it spells when it is 12 digits, else the default account.
Json StsService::getAccessKeyInfo(RequestContext& ctx, const Json& input) {
  std::string key = input.value("AccessKeyId", "");
  if (auto credential = credentials_->find(key)) return {{"Account", credential->account_id}};
  return {{"Account", auth::accountForAccessKey(key)}};
}

}  // namespace awsemu::sts
