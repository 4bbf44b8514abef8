// The other credentials of a user: SSH public keys (CodeCommit), signing certificates and
// service-specific credentials.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
#include <algorithm>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

// Quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
constexpr std::size_t kMaxSshKeys = 5;
constexpr std::size_t kMaxSigningCertificates = 2;
constexpr std::size_t kMaxCredentialsPerService = 2;

// UserName may be left out: the calling user is meant.
User& subject(Account& account, RequestContext& ctx, const Json& in) {
  if (in.contains("UserName")) return userNamed(account, in["UserName"]);
  const std::string& arn = ctx.caller.arn;
  if (arn.find(":user/") == std::string::npos)
    throw errors::validation("Must specify userName when calling with non-User credentials");
  return userNamed(account, arn.substr(arn.rfind('/') + 1));
}

UserCredential& find(std::vector<UserCredential>& list, const std::string& id,
                     const std::string& what) {
  for (auto& c : list)
    if (c.id == id) return c;
  throw errors::noSuchEntity("The " + what + " with id " + id + " cannot be found.");
}

// "ssh-rsa AAAA... comment": the MD5 of the key blob, as colon-separated hex.
std::string sshFingerprint(const std::string& body) {
  auto start = body.find(' ');
  auto end = body.find(' ', start + 1);
  std::optional<std::string> blob;
  if (start != std::string::npos)
    blob = encoding::base64Decode(body.substr(start + 1, end - start - 1));
  if (!body.starts_with("ssh-") || !blob || blob->empty())
    throw AwsError("InvalidPublicKey", "Public key is invalid.", 400);
  std::string hex = encoding::md5Hex(*blob), out;
  for (std::size_t i = 0; i < hex.size(); i += 2) out += (i ? ":" : "") + hex.substr(i, 2);
  return out;
}

Json sshJson(const User& u, const UserCredential& k, bool full) {
  Json out = {{"UserName", u.name},
              {"SSHPublicKeyId", k.id},
              {"Status", k.status},
              {"UploadDate", k.created}};
  if (full) {
    out["Fingerprint"] = k.fingerprint;
    out["SSHPublicKeyBody"] = k.body;
  }
  return out;
}

Json certificateJson(const User& u, const UserCredential& c) {
  return {{"UserName", u.name},
          {"CertificateId", c.id},
          {"CertificateBody", c.body},
          {"Status", c.status},
          {"UploadDate", c.created}};
}

Json serviceCredentialJson(const User& u, const UserCredential& c, bool with_password) {
  Json out = {{"UserName", u.name},       {"ServiceSpecificCredentialId", c.id},
              {"ServiceName", c.service}, {"ServiceUserName", c.service_user},
              {"Status", c.status},       {"CreateDate", c.created}};
  if (with_password) out["ServicePassword"] = c.password;
  return out;
}

// Services that issue their own credentials for IAM users.
bool supportedService(const std::string& service) {
  return service == "codecommit.amazonaws.com" || service == "cassandra.amazonaws.com" ||
         service == "bedrock.amazonaws.com";
}

}  // namespace

void IamService::registerUserCredentialHandlers() {
  onAccount("UploadSSHPublicKey", [this](Account& account, RequestContext& ctx, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    std::string body = in.at("SSHPublicKeyBody");
    std::string fingerprint = sshFingerprint(body);
    for (const auto& k : user.ssh_keys)
      if (k.fingerprint == fingerprint)
        throw AwsError("DuplicateSSHPublicKey",
                       "The SSH public key you uploaded is already associated with this user.",
                       400);
    if (user.ssh_keys.size() >= kMaxSshKeys)
      throw errors::quotaExceeded("SSHPublicKeysPerUser", kMaxSshKeys);
    UserCredential key;
    key.id = ids::awsId("APKA");
    key.body = body;
    key.fingerprint = fingerprint;
    key.created = toEpochSeconds(ctx.now());
    user.ssh_keys.push_back(key);
    state_.save(account, user);
    return Json{{"SSHPublicKey", sshJson(user, key, true)}};
  });
  onAccount("GetSSHPublicKey", [](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    return Json{{"SSHPublicKey",
                 sshJson(user, find(user.ssh_keys, in.at("SSHPublicKeyId"), "Public Key"), true)}};
  });
  onAccount("ListSSHPublicKeys", [](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subject(account, ctx, in);
    std::vector<Json> items;
    for (const auto& k : user.ssh_keys) items.push_back(sshJson(user, k, false));
    return paginate(std::move(items), in, "SSHPublicKeys");
  });
  onAccount("UpdateSSHPublicKey", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    find(user.ssh_keys, in.at("SSHPublicKeyId"), "Public Key").status = in.at("Status");
    state_.save(account, user);
    return Json::object();
  });
  onAccount("DeleteSSHPublicKey", [this](Account& account, RequestContext&, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    std::string id = in.at("SSHPublicKeyId");
    find(user.ssh_keys, id, "Public Key");
    std::erase_if(user.ssh_keys, [&](const UserCredential& k) { return k.id == id; });
    state_.save(account, user);
    return Json::object();
  });

  onAccount("UploadSigningCertificate",
            [this](Account& account, RequestContext& ctx, const Json& in) {
              User& user = subject(account, ctx, in);
              std::string body = in.at("CertificateBody");
              certificateExpiration(body);  // MalformedCertificate unless a PEM certificate
              for (const auto& c : user.signing_certificates)
                if (c.body == body)
                  throw AwsError("DuplicateCertificate",
                                 "The certificate is already associated with this user.", 409);
              if (user.signing_certificates.size() >= kMaxSigningCertificates)
                throw errors::quotaExceeded("SigningCertificatesPerUser", kMaxSigningCertificates);
              UserCredential cert;
              cert.id = ids::randomAlnum(32, true);
              cert.body = body;
              cert.created = toEpochSeconds(ctx.now());
              user.signing_certificates.push_back(cert);
              state_.save(account, user);
              return Json{{"Certificate", certificateJson(user, cert)}};
            });
  onAccount("ListSigningCertificates", [](Account& account, RequestContext& ctx, const Json& in) {
    User& user = subject(account, ctx, in);
    std::vector<Json> items;
    for (const auto& c : user.signing_certificates) items.push_back(certificateJson(user, c));
    return paginate(std::move(items), in, "Certificates");
  });
  onAccount(
      "UpdateSigningCertificate", [this](Account& account, RequestContext& ctx, const Json& in) {
        User& user = subject(account, ctx, in);
        find(user.signing_certificates, in.at("CertificateId"), "Signing Certificate").status =
            in.at("Status");
        state_.save(account, user);
        return Json::object();
      });
  onAccount("DeleteSigningCertificate", [this](Account& account, RequestContext& ctx,
                                               const Json& in) {
    User& user = subject(account, ctx, in);
    std::string id = in.at("CertificateId");
    find(user.signing_certificates, id, "Signing Certificate");
    std::erase_if(user.signing_certificates, [&](const UserCredential& c) { return c.id == id; });
    state_.save(account, user);
    return Json::object();
  });

  onAccount("CreateServiceSpecificCredential", [this](Account& account, RequestContext& ctx,
                                                      const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    std::string service = in.at("ServiceName");
    if (!supportedService(service))
      throw AwsError(
          "NotSupportedService",
          "No such service " + service + " is supported for Service-Specific Credentials", 404);
    auto same = std::count_if(user.service_credentials.begin(), user.service_credentials.end(),
                              [&](const UserCredential& c) { return c.service == service; });
    if (static_cast<std::size_t>(same) >= kMaxCredentialsPerService)
      throw errors::quotaExceeded("ServiceSpecificCredentialsPerUserPerService",
                                  kMaxCredentialsPerService);
    UserCredential c;
    c.id = ids::awsId("ACCA");
    c.service = service;
    c.service_user = user.name + "-at-" + account.id;
    c.password = ids::secretKey();
    c.created = toEpochSeconds(ctx.now());
    user.service_credentials.push_back(c);
    state_.save(account, user);
    return Json{{"ServiceSpecificCredential", serviceCredentialJson(user, c, true)}};
  });
  onAccount("ListServiceSpecificCredentials",
            [](Account& account, RequestContext& ctx, const Json& in) {
              User& user = subject(account, ctx, in);
              std::string service = in.value("ServiceName", "");
              Json items = Json::array();
              for (const auto& c : user.service_credentials)
                if (service.empty() || c.service == service)
                  items.push_back(serviceCredentialJson(user, c, false));
              return Json{{"ServiceSpecificCredentials", items}};
            });
  onAccount("ResetServiceSpecificCredential", [this](Account& account, RequestContext& ctx,
                                                     const Json& in) {
    User& user = subject(account, ctx, in);
    UserCredential& c = find(user.service_credentials, in.at("ServiceSpecificCredentialId"),
                             "Service Specific Credential");
    c.password = ids::secretKey();
    state_.save(account, user);
    return Json{{"ServiceSpecificCredential", serviceCredentialJson(user, c, true)}};
  });
  onAccount("UpdateServiceSpecificCredential",
            [this](Account& account, RequestContext& ctx, const Json& in) {
              User& user = subject(account, ctx, in);
              find(user.service_credentials, in.at("ServiceSpecificCredentialId"),
                   "Service Specific Credential")
                  .status = in.at("Status");
              state_.save(account, user);
              return Json::object();
            });
  onAccount("DeleteServiceSpecificCredential", [this](Account& account, RequestContext& ctx,
                                                      const Json& in) {
    User& user = subject(account, ctx, in);
    std::string id = in.at("ServiceSpecificCredentialId");
    find(user.service_credentials, id, "Service Specific Credential");
    std::erase_if(user.service_credentials, [&](const UserCredential& c) { return c.id == id; });
    state_.save(account, user);
    return Json::object();
  });
}

}  // namespace awsemu::iam_service
