// Access keys and login profiles:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
// A key is published to the credential registry as soon as it exists, so it signs requests as
// its user; Inactive keys stay published but refused by the verifier.
#include <algorithm>
#include <cctype>

#include "awsemu/core/ids.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

constexpr std::size_t kMaxKeys = 2;

// UserName may be left out: the calling user is meant.
User& subjectUser(Account& account, RequestContext& ctx, const Json& in) {
  if (in.contains("UserName")) return userNamed(account, in["UserName"]);
  const std::string& arn = ctx.caller.arn;
  if (arn.find(":user/") == std::string::npos)
    throw errors::validation("Must specify userName when calling with non-User credentials");
  return userNamed(account, arn.substr(arn.rfind('/') + 1));
}

AccessKey& keyOf(User& user, const std::string& id) {
  for (auto& key : user.keys)
    if (key.id == id) return key;
  throw errors::noSuchEntity("The Access Key with id " + id + " cannot be found");
}

Json keyMetadata(const User& user, const AccessKey& key) {
  return {{"UserName", user.name},
          {"AccessKeyId", key.id},
          {"Status", key.status},
          {"CreateDate", key.created}};
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
void checkPassword(const Account& account, const std::string& password) {
  if (!account.settings.password_policy) return;
  const Json& policy = *account.settings.password_policy;
  auto any = [&](int (*test)(int)) {
    return std::any_of(password.begin(), password.end(),
                       [&](unsigned char c) { return test(c) != 0; });
  };
  auto symbol = [](int c) { return std::ispunct(c); };
  bool ok = password.size() >= policy.value("MinimumPasswordLength", 8u) &&
            (!policy.value("RequireUppercaseCharacters", false) || any(::isupper)) &&
            (!policy.value("RequireLowercaseCharacters", false) || any(::islower)) &&
            (!policy.value("RequireNumbers", false) || any(::isdigit)) &&
            (!policy.value("RequireSymbols", false) || any(symbol));
  if (!ok)
    throw errors::passwordPolicyViolation(
        "Password does not conform to the account password policy.");
}

Json loginJson(const User& user) {
  return {{"UserName", user.name},
          {"CreateDate", user.login->created},
          {"PasswordResetRequired", user.login->password_reset_required}};
}

LoginProfile& loginOf(User& user) {
  if (!user.login)
    throw errors::noSuchEntity("Login Profile for User " + user.name + " cannot be found.");
  return *user.login;
}

}  // namespace

void IamService::registerAccessKeyHandlers() {
  onAccount("CreateAccessKey", [this](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subjectUser(account, ctx, in);
    if (user.keys.size() >= kMaxKeys) throw errors::quotaExceeded("AccessKeysPerUser", kMaxKeys);
    AccessKey key;
    key.id = ids::awsId("AKIA");
    key.secret = ids::secretKey();
    key.created = toEpochSeconds(ctx.now());
    user.keys.push_back(key);
    state_.save(account, user);
    publishKeys(account, user);
    Json out = keyMetadata(user, key);
    out["SecretAccessKey"] = key.secret;
    return Json{{"AccessKey", out}};
  });

  onAccount("ListAccessKeys", [](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subjectUser(account, ctx, in);
    std::vector<Json> items;
    for (const auto& key : user.keys) items.push_back(keyMetadata(user, key));
    return paginate(std::move(items), in, "AccessKeyMetadata");
  });

  onAccount("UpdateAccessKey", [this](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subjectUser(account, ctx, in);
    keyOf(user, in.at("AccessKeyId")).status = in.at("Status");
    state_.save(account, user);
    publishKeys(account, user);
    return Json::object();
  });

  onAccount("DeleteAccessKey", [this](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subjectUser(account, ctx, in);
    std::string id = in.at("AccessKeyId");
    keyOf(user, id);
    std::erase_if(user.keys, [&](const AccessKey& k) { return k.id == id; });
    if (credentials_) credentials_->remove(id);
    state_.save(account, user);
    return Json::object();
  });

  // Keys of any user of the account: the last request the key authenticated (the gateway notes
  // it), "N/A" and no date for a key never used, as AWS answers.
  onAccount("GetAccessKeyLastUsed", [this](Account& account, RequestContext&, const Json& in) {
    std::string id = in.at("AccessKeyId");
    for (auto& [k, user] : account.users)
      for (const auto& key : user.keys)
        if (key.id == id) {
          syncKeyUsage(account, user);
          Json used = {{"ServiceName", key.last_service.empty() ? "N/A" : key.last_service},
                       {"Region", key.last_region.empty() ? "N/A" : key.last_region}};
          if (key.last_used > 0) used["LastUsedDate"] = key.last_used;
          return Json{{"UserName", user.name}, {"AccessKeyLastUsed", used}};
        }
    throw awsemu::errors::accessDenied("The access key " + id + " does not belong to this account");
  });
}

void IamService::registerLoginProfileHandlers() {
  onAccount("CreateLoginProfile", [this](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subjectUser(account, ctx, in);
    if (user.login)
      throw errors::entityAlreadyExists("Login Profile for user " + user.name + " already exists.");
    std::string password = in.value("Password", "");
    checkPassword(account, password);
    user.login =
        LoginProfile{toEpochSeconds(ctx.now()), in.value("PasswordResetRequired", false), password};
    state_.save(account, user);
    return Json{{"LoginProfile", loginJson(user)}};
  });

  onAccount("GetLoginProfile", [](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subjectUser(account, ctx, in);
    loginOf(user);
    return Json{{"LoginProfile", loginJson(user)}};
  });

  onAccount("UpdateLoginProfile", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    LoginProfile& login = loginOf(user);
    if (in.contains("Password")) {
      checkPassword(account, in["Password"]);
      login.password = in["Password"];
    }
    if (in.contains("PasswordResetRequired"))
      login.password_reset_required = in["PasswordResetRequired"];
    state_.save(account, user);
    return Json::object();
  });

  onAccount("DeleteLoginProfile", [this](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subjectUser(account, ctx, in);
    loginOf(user);
    user.login.reset();
    state_.save(account, user);
    return Json::object();
  });

  // The calling IAM user changes their own password.
  onAccount("ChangePassword", [this](Account& account, RequestContext& ctx, const Json& in) {
    const std::string& arn = ctx.caller.arn;
    if (arn.find(":user/") == std::string::npos)
      throw AwsError("InvalidUserType", "Only IAM users can change their own password.", 400);
    User& user = userNamed(account, arn.substr(arn.rfind('/') + 1));
    LoginProfile& login = loginOf(user);
    if (login.password != in.at("OldPassword").get<std::string>())
      throw errors::invalidInput("The old password provided is incorrect.");
    checkPassword(account, in.at("NewPassword"));
    login.password = in["NewPassword"];
    login.password_reset_required = false;
    state_.save(account, user);
    return Json::object();
  });
}

}  // namespace awsemu::iam_service
