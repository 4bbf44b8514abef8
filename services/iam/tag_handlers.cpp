// Tags on every taggable IAM resource: Tag<Resource>, Untag<Resource>, List<Resource>Tags
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html).
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

// The tags of the resource a request names, and how to store it after a change.
struct Tagged {
  Tags* tags;
  std::function<void()> save;
};
using Resolver = std::function<Tagged(Account&, const Json&)>;

OidcProvider& oidcNamed(Account& account, const std::string& arn) {
  auto it = account.oidc_providers.find(arn);
  if (it == account.oidc_providers.end())
    throw errors::noSuchEntity("OpenIDConnect Provider not found for arn " + arn);
  return it->second;
}

SamlProvider& samlNamed(Account& account, const std::string& arn) {
  auto name = arn.substr(arn.rfind('/') + 1);
  auto it = account.saml_providers.find(IamState::keyOf(name));
  if (it == account.saml_providers.end() || it->second.arn != arn)
    throw errors::noSuchEntity("Manifest not found for arn " + arn);
  return it->second;
}

ServerCertificate& certificateNamed(Account& account, const std::string& name) {
  auto it = account.certificates.find(IamState::keyOf(name));
  if (it == account.certificates.end())
    throw errors::noSuchEntity("The Server Certificate with name " + name + " cannot be found.");
  return it->second;
}

}  // namespace

void IamService::registerTagHandlers() {
  auto add = [this](const std::string& resource, Resolver resolve) {
    onAccount("Tag" + resource, [resolve](Account& account, RequestContext&, const Json& in) {
      Tagged target = resolve(account, in);
      mergeTags(*target.tags, tagsFrom(in));
      target.save();
      return Json::object();
    });
    onAccount("Untag" + resource, [resolve](Account& account, RequestContext&, const Json& in) {
      Tagged target = resolve(account, in);
      removeTags(*target.tags, in.at("TagKeys"));
      target.save();
      return Json::object();
    });
    onAccount("List" + resource + "Tags",
              [resolve](Account& account, RequestContext&, const Json& in) {
                Tagged target = resolve(account, in);
                Json tags = tagsJson(*target.tags);
                return paginate(std::vector<Json>(tags.begin(), tags.end()), in, "Tags");
              });
  };

  add("User", [this](Account& a, const Json& in) {
    User& user = userNamed(a, in.at("UserName"));
    return Tagged{&user.tags, [this, &a, &user] {
                    state_.save(a, user);
                    publishKeys(a, user);  // aws:PrincipalTag of the user's keys
                  }};
  });
  add("Role", [this](Account& a, const Json& in) {
    Role& role = roleNamed(a, in.at("RoleName"));
    return Tagged{&role.tags, [this, &a, &role] { state_.save(a, role); }};
  });
  add("Policy", [this](Account& a, const Json& in) {
    std::string arn = in.at("PolicyArn");
    findPolicy(a, arn);
    ManagedPolicy* policy = findLocalPolicy(a, arn);
    if (!policy) throw errors::unmodifiableEntity("Cannot modify an AWS managed policy: " + arn);
    return Tagged{&policy->tags, [this, &a, policy] { state_.save(a, *policy); }};
  });
  add("InstanceProfile", [this](Account& a, const Json& in) {
    InstanceProfile& profile = instanceProfileNamed(a, in.at("InstanceProfileName"));
    return Tagged{&profile.tags, [this, &a, &profile] { state_.save(a, profile); }};
  });
  add("OpenIDConnectProvider", [this](Account& a, const Json& in) {
    OidcProvider& provider = oidcNamed(a, in.at("OpenIDConnectProviderArn"));
    return Tagged{&provider.tags,
                  [this, &a, &provider] { state_.save(a, kOidc, provider.arn, provider); }};
  });
  add("SAMLProvider", [this](Account& a, const Json& in) {
    SamlProvider& provider = samlNamed(a, in.at("SAMLProviderArn"));
    return Tagged{&provider.tags, [this, &a, &provider] {
                    state_.save(a, kSaml, IamState::keyOf(provider.name), provider);
                  }};
  });
  add("MFADevice", [this](Account& a, const Json& in) {
    std::string serial = in.at("SerialNumber");
    auto it = a.mfa_devices.find(serial);
    if (it == a.mfa_devices.end())
      throw errors::noSuchEntity("VirtualMFADevice with serial number " + serial +
                                 " doesn't exist.");
    MfaDevice& device = it->second;
    return Tagged{&device.tags,
                  [this, &a, &device] { state_.save(a, kMfa, device.serial, device); }};
  });
  add("ServerCertificate", [this](Account& a, const Json& in) {
    ServerCertificate& cert = certificateNamed(a, in.at("ServerCertificateName"));
    return Tagged{&cert.tags, [this, &a, &cert] {
                    state_.save(a, kCertificate, IamState::keyOf(cert.name), cert);
                  }};
  });
}

}  // namespace awsemu::iam_service
