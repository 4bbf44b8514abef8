#include "services/iam/iam_service.hpp"

#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/environment.hpp"
#include "services/iam/iam_lookup.hpp"

namespace awsemu::iam_service {

IamService::IamService() {
  registerUserHandlers();
  registerGroupHandlers();
  registerRoleHandlers();
  registerPolicyHandlers();
  registerAttachmentHandlers();
  registerInlinePolicyHandlers();
  registerAccessKeyHandlers();
  registerLoginProfileHandlers();
  registerInstanceProfileHandlers();
  registerProviderHandlers();
  registerCertificateHandlers();
  registerAccountHandlers();
  registerReportHandlers();
  registerTagHandlers();
  registerMfaHandlers();
  registerUserCredentialHandlers();
  registerAccessReportHandlers();
  registerSimulationHandlers();
}

IamService::~IamService() {
  if (credentials_ && credentials_->directory() == this) credentials_->setDirectory(nullptr);
}

void IamService::start(service::ServiceEnvironment& env) {
  credentials_ = &env.credentials;
  if (env.storage.isPersistent()) {
    state_.attachStore(std::make_unique<IamStore>(
        storage::Database::open(env.storage.databasePath("iam"), env.storage.databaseOptions())));
    std::lock_guard lock(state_.mutex());
    state_.load();
    publishAll();
  }
  credentials_->setDirectory(this);
}

void IamService::stop() {
  if (credentials_) {
    std::lock_guard lock(state_.mutex());
    for (auto& [id, account] : state_.accounts()) syncUsage(account);
    credentials_->setDirectory(nullptr);
  }
  if (state_.store()) state_.store()->close();
}

void IamService::reset() {
  std::lock_guard lock(state_.mutex());
  state_.clear();
  if (credentials_) credentials_->removeIssuedBy("iam");
  noteChanged();
}

void IamService::onAccount(const std::string& operation, AccountHandler handler) {
  // Every operation but reads may change a principal's policies, tags or keys: the generation
  // moves after it (also when it fails half-way), so the authorisation stage's cached callers
  // are rebuilt (principal_directory.hpp).
  bool read = operation.starts_with("Get") || operation.starts_with("List") ||
              operation.starts_with("Simulate");
  on(operation, [this, read, handler = std::move(handler)](RequestContext& ctx, const Json& input) {
    struct Changed {
      IamService* service;
      ~Changed() {
        if (service) service->noteChanged();
      }
    } changed{read ? nullptr : this};
    std::lock_guard lock(state_.mutex());
    return handler(state_.account(ctx.accountId()), ctx, input);
  });
}

namespace {
auth::Credential credentialFor(const Account& account, const User& user, const AccessKey& key) {
  auth::Credential c;
  c.access_key_id = key.id;
  c.secret_access_key = key.secret;
  c.account_id = account.id;
  c.arn = user.arn;
  c.user_id = user.id;
  c.active = key.status == "Active";
  c.principal_type = "user";
  c.principal_arn = user.arn;
  c.principal_name = user.name;
  c.permissions_boundary = user.boundary;
  for (const auto& tag : user.tags) c.tags.emplace_back(tag.Key, tag.Value);
  return c;
}
}  // namespace

void IamService::publishKeys(const Account& account, const User& user) {
  if (!credentials_) return;
  for (const auto& key : user.keys) credentials_->put(credentialFor(account, user, key), "iam");
}

void IamService::withdrawKeys(const User& user) {
  if (!credentials_) return;
  for (const auto& key : user.keys) credentials_->remove(key.id);
}

void IamService::publishAll() {
  for (const auto& [id, account] : state_.accounts())
    for (const auto& [key, user] : account.users) publishKeys(account, user);
}

// ---- service::PrincipalDirectory ----------------------------------------------------------------

std::optional<service::RoleRecord> IamService::findRole(std::string_view account_id,
                                                        std::string_view role_name) const {
  std::lock_guard lock(state_.mutex());
  auto& accounts = state_.accounts();
  auto account = accounts.find(std::string(account_id));
  if (account == accounts.end()) return std::nullopt;
  auto it = account->second.roles.find(IamState::keyOf(std::string(role_name)));
  if (it == account->second.roles.end()) return std::nullopt;
  const Role& role = it->second;
  service::RoleRecord record{account->first,
                             role.name,
                             role.id,
                             role.arn,
                             role.path,
                             role.trust_policy,
                             role.boundary,
                             role.max_session_duration,
                             {}};
  for (const auto& tag : role.tags) record.tags.emplace_back(tag.Key, tag.Value);
  return record;
}

void IamService::noteRoleUsed(std::string_view account_id, std::string_view role_name,
                              std::string_view region) {
  std::lock_guard lock(state_.mutex());
  Account& account = state_.account(std::string(account_id));
  auto it = account.roles.find(IamState::keyOf(std::string(role_name)));
  if (it == account.roles.end()) return;
  it->second.last_used = toEpochSeconds(systemClock().now());
  it->second.last_used_region = std::string(region);
  state_.save(account, it->second);
}

std::optional<std::string> IamService::policyDocument(std::string_view account_id,
                                                      std::string_view policy_arn) const {
  std::lock_guard lock(state_.mutex());
  try {
    const auto& policy =
        iam_service::findPolicy(state_.account(std::string(account_id)), std::string(policy_arn));
    return policy.defaultVersion().document;
  } catch (const AwsError&) {
    return std::nullopt;
  }
}

}  // namespace awsemu::iam_service
