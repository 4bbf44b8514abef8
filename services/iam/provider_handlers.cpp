// OIDC and SAML identity providers:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
#include <algorithm>

#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

constexpr std::size_t kMaxThumbprints = 5;
constexpr std::size_t kMaxClientIds = 100;

std::string bareUrl(const std::string& url) {
  return url.starts_with("https://") ? url.substr(8) : url;
}

OidcProvider& oidc(Account& account, const std::string& arn) {
  auto it = account.oidc_providers.find(arn);
  if (it == account.oidc_providers.end())
    throw errors::noSuchEntity("OpenIDConnect Provider not found for arn " + arn);
  return it->second;
}

SamlProvider& saml(Account& account, const std::string& arn) {
  auto name = arn.substr(arn.rfind('/') + 1);
  auto it = account.saml_providers.find(IamState::keyOf(name));
  if (it == account.saml_providers.end() || it->second.arn != arn)
    throw errors::noSuchEntity("Manifest not found for arn " + arn);
  return it->second;
}

std::vector<std::string> strings(const Json& in, const char* member) {
  std::vector<std::string> out;
  if (in.contains(member))
    for (const auto& value : in[member]) out.push_back(value);
  return out;
}

void checkThumbprints(const std::vector<std::string>& thumbprints) {
  if (thumbprints.size() > kMaxThumbprints)
    throw errors::quotaExceeded("ThumbprintsPerOpenIdConnectProvider", kMaxThumbprints);
}

// A SAML metadata document is an XML EntityDescriptor; anything else does not parse.
void checkMetadata(const std::string& metadata) {
  if (metadata.find("EntityDescriptor") == std::string::npos)
    throw errors::invalidInput("Could not parse metadata");
}

// Metadata documents say how long they are valid; without parsing them, a year as IAM defaults.
double validUntil(double created) { return created + 365.0 * 24 * 3600; }

}  // namespace

void IamService::registerProviderHandlers() {
  onAccount(
      "CreateOpenIDConnectProvider", [this](Account& account, RequestContext& ctx, const Json& in) {
        std::string url = in.at("Url");
        if (!url.starts_with("https://") || url.size() <= 8)
          throw errors::validation("Invalid Open ID Connect Provider URL");
        OidcProvider provider;
        provider.url = bareUrl(url);
        provider.arn = "arn:aws:iam::" + account.id + ":oidc-provider/" + provider.url;
        if (account.oidc_providers.contains(provider.arn))
          throw errors::entityAlreadyExists("Provider with url " + url + " already exists.");
        provider.client_ids = strings(in, "ClientIDList");
        provider.thumbprints = strings(in, "ThumbprintList");
        checkThumbprints(provider.thumbprints);
        provider.created = toEpochSeconds(ctx.now());
        provider.tags = tagsFrom(in);
        Json out = {{"OpenIDConnectProviderArn", provider.arn}};
        if (!provider.tags.empty()) out["Tags"] = tagsJson(provider.tags);
        state_.save(account, kOidc, provider.arn, account.oidc_providers[provider.arn] = provider);
        return out;
      });

  onAccount("GetOpenIDConnectProvider", [](Account& account, RequestContext&, const Json& in) {
    OidcProvider& p = oidc(account, in.at("OpenIDConnectProviderArn"));
    return Json{{"Url", p.url},
                {"ClientIDList", p.client_ids},
                {"ThumbprintList", p.thumbprints},
                {"CreateDate", p.created},
                {"Tags", tagsJson(p.tags)}};
  });

  onAccount("ListOpenIDConnectProviders", [](Account& account, RequestContext&, const Json&) {
    Json list = Json::array();
    for (const auto& [arn, p] : account.oidc_providers) list.push_back({{"Arn", arn}});
    return Json{{"OpenIDConnectProviderList", list}};
  });

  onAccount("DeleteOpenIDConnectProvider",
            [this](Account& account, RequestContext&, const Json& in) {
              std::string arn = in.at("OpenIDConnectProviderArn");
              // Deleting a provider that is not there succeeds, as in IAM.
              if (account.oidc_providers.erase(arn)) state_.drop(account, kOidc, arn);
              return Json::object();
            });

  onAccount("AddClientIDToOpenIDConnectProvider",
            [this](Account& account, RequestContext&, const Json& in) {
              OidcProvider& p = oidc(account, in.at("OpenIDConnectProviderArn"));
              std::string id = in.at("ClientID");
              if (std::find(p.client_ids.begin(), p.client_ids.end(), id) == p.client_ids.end()) {
                if (p.client_ids.size() >= kMaxClientIds)
                  throw errors::quotaExceeded("ClientIdsPerOpenIdConnectProvider", kMaxClientIds);
                p.client_ids.push_back(id);
              }
              state_.save(account, kOidc, p.arn, p);
              return Json::object();
            });

  onAccount("RemoveClientIDFromOpenIDConnectProvider",
            [this](Account& account, RequestContext&, const Json& in) {
              OidcProvider& p = oidc(account, in.at("OpenIDConnectProviderArn"));
              std::erase(p.client_ids, in.at("ClientID").get<std::string>());
              state_.save(account, kOidc, p.arn, p);
              return Json::object();
            });

  onAccount("UpdateOpenIDConnectProviderThumbprint",
            [this](Account& account, RequestContext&, const Json& in) {
              OidcProvider& p = oidc(account, in.at("OpenIDConnectProviderArn"));
              auto thumbprints = strings(in, "ThumbprintList");
              checkThumbprints(thumbprints);
              p.thumbprints = thumbprints;
              state_.save(account, kOidc, p.arn, p);
              return Json::object();
            });

  onAccount("CreateSAMLProvider", [this](Account& account, RequestContext& ctx, const Json& in) {
    std::string name = in.at("Name");
    std::string key = IamState::keyOf(name);
    if (account.saml_providers.contains(key))
      throw errors::entityAlreadyExists("SAMLProvider " + name + " already exists.");
    SamlProvider p;
    p.name = name;
    p.arn = "arn:aws:iam::" + account.id + ":saml-provider/" + name;
    p.metadata = in.at("SAMLMetadataDocument");
    checkMetadata(p.metadata);
    p.created = toEpochSeconds(ctx.now());
    p.valid_until = validUntil(p.created);
    p.tags = tagsFrom(in);
    Json out = {{"SAMLProviderArn", p.arn}};
    if (!p.tags.empty()) out["Tags"] = tagsJson(p.tags);
    state_.save(account, kSaml, key, account.saml_providers[key] = p);
    return out;
  });

  onAccount("GetSAMLProvider", [](Account& account, RequestContext&, const Json& in) {
    SamlProvider& p = saml(account, in.at("SAMLProviderArn"));
    return Json{{"SAMLMetadataDocument", p.metadata},
                {"CreateDate", p.created},
                {"ValidUntil", p.valid_until},
                {"Tags", tagsJson(p.tags)}};
  });

  onAccount("ListSAMLProviders", [](Account& account, RequestContext&, const Json&) {
    Json list = Json::array();
    for (const auto& [k, p] : account.saml_providers)
      list.push_back({{"Arn", p.arn}, {"ValidUntil", p.valid_until}, {"CreateDate", p.created}});
    return Json{{"SAMLProviderList", list}};
  });

  onAccount("UpdateSAMLProvider", [this](Account& account, RequestContext&, const Json& in) {
    SamlProvider& p = saml(account, in.at("SAMLProviderArn"));
    if (in.contains("SAMLMetadataDocument")) {
      checkMetadata(in["SAMLMetadataDocument"]);
      p.metadata = in["SAMLMetadataDocument"];
    }
    state_.save(account, kSaml, IamState::keyOf(p.name), p);
    return Json{{"SAMLProviderArn", p.arn}};
  });

  onAccount("DeleteSAMLProvider", [this](Account& account, RequestContext&, const Json& in) {
    SamlProvider& p = saml(account, in.at("SAMLProviderArn"));
    std::string key = IamState::keyOf(p.name);
    account.saml_providers.erase(key);
    state_.drop(account, kSaml, key);
    return Json::object();
  });
}

}  // namespace awsemu::iam_service
