// Sessions for callers an identity provider vouches for:
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
// Checked as far as a local emulator can: the token or assertion must be well formed, unexpired,
// and the role's trust policy must allow its provider (with the provider's condition keys).
// Signatures are not verified: awsemu cannot fetch the providers' keys.
#include <openssl/sha.h>

#include <pugixml.hpp>

#include "awsemu/core/encoding.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "services/sts/session_request.hpp"
#include "services/sts/sts_errors.hpp"
#include "services/sts/sts_service.hpp"

namespace awsemu::sts {
namespace {

std::optional<std::string> base64UrlDecode(std::string text) {
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4) text += '=';
  return encoding::base64Decode(text);
}

Json jwtClaims(const std::string& token) {
  auto first = token.find('.'), second = token.find('.', first + 1);
  if (first == std::string::npos || second == std::string::npos)
    throw errors::invalidIdentityToken(
        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access "
        "Token)");
  auto payload = base64UrlDecode(token.substr(first + 1, second - first - 1));
  Json claims = payload ? Json::parse(*payload, nullptr, false) : Json();
  if (!claims.is_object())
    throw errors::invalidIdentityToken(
        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access "
        "Token)");
  return claims;
}

std::string claimText(const Json& claims, const char* name) {
  if (!claims.contains(name)) return "";
  const Json& v = claims[name];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array() && !v.empty() && v.front().is_string()) return v.front().get<std::string>();
  return v.dump();
}

bool wellKnownProvider(const std::string& provider) {
  return provider == "accounts.google.com" || provider == "graph.facebook.com" ||
         provider == "www.amazon.com" || provider == "cognito-identity.amazonaws.com";
}

std::int64_t federatedDuration(const Json& in, const service::RoleRecord& role,
                               std::int64_t fallback) {
  std::int64_t duration = in.value("DurationSeconds", fallback);
  if (duration > role.max_session_duration) throw errors::durationAboveRoleMaximum();
  return duration;
}

iam::Principal federatedPrincipal(const std::string& account, const std::string& provider) {
  iam::Principal principal;
  principal.type = iam::PrincipalType::Federated;
  principal.account_id = account;
  principal.federated_provider = provider;
  return principal;
}

// The SAML assertion's parts STS uses (local element names, any namespace prefix).
struct Assertion {
  std::string issuer, subject, subject_format, audience, session_name, roles;
  std::optional<std::int64_t> session_duration;
  std::optional<double> not_on_or_after;
};

pugi::xml_node byLocalName(pugi::xml_node root, std::string_view local) {
  return root.find_node([&](pugi::xml_node n) {
    std::string_view name = n.name();
    auto colon = name.find(':');
    return (colon == std::string_view::npos ? name : name.substr(colon + 1)) == local;
  });
}

std::string attributeValues(pugi::xml_node root, const std::string& attribute_name) {
  std::string values;
  for (auto n = byLocalName(root, "Attribute"); n; n = n.next_sibling(n.name())) {
    if (attribute_name != n.attribute("Name").value()) continue;
    for (auto v = n.first_child(); v; v = v.next_sibling())
      values += std::string(v.text().get()) + ";";
  }
  return values;
}

Assertion parseAssertion(const std::string& encoded) {
  auto xml = encoding::base64Decode(encoded);
  pugi::xml_document doc;
  if (!xml || !doc.load_buffer(xml->data(), xml->size()))
    throw errors::invalidIdentityToken(
        "Invalid SAML Response: the assertion is not base64-encoded XML.");
  Assertion a;
  a.issuer = byLocalName(doc, "Issuer").text().get();
  auto name_id = byLocalName(doc, "NameID");
  a.subject = name_id.text().get();
  a.subject_format = name_id.attribute("Format").value();
  a.audience = byLocalName(doc, "Audience").text().get();
  std::string session =
      attributeValues(doc, "https://aws.amazon.com/SAML/Attributes/RoleSessionName");
  a.session_name = session.substr(0, session.find(';'));
  a.roles = attributeValues(doc, "https://aws.amazon.com/SAML/Attributes/Role");
  std::string duration =
      attributeValues(doc, "https://aws.amazon.com/SAML/Attributes/SessionDuration");
  if (!duration.empty())
    a.session_duration = std::stoll("0" + duration.substr(0, duration.find(';')));
  if (auto data = byLocalName(doc, "SubjectConfirmationData"); data.attribute("NotOnOrAfter"))
    a.not_on_or_after = timefmt::parseIso8601(data.attribute("NotOnOrAfter").value());
  if (a.issuer.empty() || a.subject.empty())
    throw errors::invalidIdentityToken("Invalid SAML Response: no Issuer or Subject.");
  if (a.session_name.empty())
    throw errors::invalidIdentityToken("Invalid SAML Response: no RoleSessionName attribute.");
  return a;
}

std::string subjectType(const std::string& format) {
  auto colon = format.rfind(':');
  std::string tail = colon == std::string::npos ? format : format.substr(colon + 1);
  return tail == "persistent" || tail == "transient" ? tail : format;
}

// Base64 of SHA1(issuer + account + "/" + provider name), as AWS documents NameQualifier.
std::string nameQualifier(const Assertion& a, const std::string& account,
                          const std::string& provider_arn) {
  std::string input = a.issuer + account + "/" + provider_arn.substr(provider_arn.rfind('/') + 1);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return encoding::base64Encode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
}

}  // namespace

Json StsService::assumeRoleWithWebIdentity(RequestContext& ctx, const Json& in) {
  std::string role_arn = in.at("RoleArn");
  Json claims = jwtClaims(in.at("WebIdentityToken"));
  double now = toEpochSeconds(ctx.now());
  if (claims.contains("exp") && claims["exp"].is_number() && claims["exp"].get<double>() <= now)
    throw errors::expiredIdentityToken("Token expired: current date/time " +
                                       std::to_string(static_cast<long long>(now)) +
                                       " must be before the expiration date/time " +
                                       std::to_string(claims["exp"].get<long long>()));
  std::string issuer = claimText(claims, "iss");
  std::string provider =
      in.value("ProviderId", issuer.starts_with("https://") ? issuer.substr(8) : issuer);
  std::string subject = claimText(claims, "sub"), audience = claimText(claims, "aud");
  auto role = roleFor(credentials_->directory(), role_arn);
  if (!role) throw errors::notAuthorizedFederated("sts:AssumeRoleWithWebIdentity");

  SessionOptions options =
      sessionOptions(in, role->account_id, credentials_->directory(), std::nullopt);
  iam::Principal principal = federatedPrincipal(
      role->account_id, wellKnownProvider(provider)
                            ? provider
                            : "arn:aws:iam::" + role->account_id + ":oidc-provider/" + provider);
  iam::ContextKeys context;
  context.set(provider + ":sub", subject);
  context.set(provider + ":aud", audience);
  if (claims.contains("amr")) context.set(provider + ":amr", claimText(claims, "amr"));
  context.set("sts:RoleSessionName", in.at("RoleSessionName").get<std::string>());
  addTagKeys(context, options);
  if (!trustAllows(*role, principal, {}, nullptr, {}, "sts:AssumeRoleWithWebIdentity", context))
    throw errors::notAuthorizedFederated("sts:AssumeRoleWithWebIdentity");

  std::string session = in.at("RoleSessionName");
  auth::Credential credential;
  credential.account_id = role->account_id;
  credential.arn =
      "arn:aws:sts::" + role->account_id + ":assumed-role/" + role->name + "/" + session;
  credential.user_id = role->id + ":" + session;
  credential.principal_type = "assumed-role";
  credential.principal_arn = role->arn;
  credential.principal_name = role->name;
  credential.tags = options.tags;  // role tags join per request: sessionPrincipalTags
  credential.session_policies = options.policies;
  credential.permissions_boundary = role->boundary;
  Json out = {{"Credentials", issue(ctx, credential, federatedDuration(in, *role, 3600))},
              {"SubjectFromWebIdentityToken", subject},
              {"AssumedRoleUser", {{"AssumedRoleId", credential.user_id}, {"Arn", credential.arn}}},
              {"Provider", provider},
              {"Audience", audience}};
  if (options.packed_percent) out["PackedPolicySize"] = *options.packed_percent;
  credentials_->directory()->noteRoleUsed(role->account_id, role->name, ctx.region);
  return out;
}

Json StsService::assumeRoleWithSaml(RequestContext& ctx, const Json& in) {
  std::string role_arn = in.at("RoleArn"), provider_arn = in.at("PrincipalArn");
  Assertion assertion = parseAssertion(in.at("SAMLAssertion"));
  if (assertion.not_on_or_after && *assertion.not_on_or_after <= toEpochSeconds(ctx.now()))
    throw errors::expiredIdentityToken(
        "Token expired: the SAML assertion's NotOnOrAfter has passed.");
  // The assertion's Role attribute lists "role-arn,provider-arn" pairs the IdP allows.
  if (!assertion.roles.empty() && (assertion.roles.find(role_arn) == std::string::npos ||
                                   assertion.roles.find(provider_arn) == std::string::npos))
    throw errors::notAuthorizedFederated("sts:AssumeRoleWithSAML");
  auto role = roleFor(credentials_->directory(), role_arn);
  if (!role) throw errors::notAuthorizedFederated("sts:AssumeRoleWithSAML");

  SessionOptions options =
      sessionOptions(in, role->account_id, credentials_->directory(), std::nullopt);
  iam::Principal principal = federatedPrincipal(role->account_id, provider_arn);
  std::string qualifier = nameQualifier(assertion, role->account_id, provider_arn);
  iam::ContextKeys context;
  context.set("SAML:aud", assertion.audience.empty() ? "https://signin.aws.amazon.com/saml"
                                                     : assertion.audience);
  context.set("SAML:sub", assertion.subject);
  context.set("SAML:iss", assertion.issuer);
  context.set("SAML:sub_type", subjectType(assertion.subject_format));
  context.set("SAML:namequalifier", qualifier);
  addTagKeys(context, options);
  if (!trustAllows(*role, principal, {}, nullptr, {}, "sts:AssumeRoleWithSAML", context))
    throw errors::notAuthorizedFederated("sts:AssumeRoleWithSAML");

  auth::Credential credential;
  credential.account_id = role->account_id;
  credential.arn = "arn:aws:sts::" + role->account_id + ":assumed-role/" + role->name + "/" +
                   assertion.session_name;
  credential.user_id = role->id + ":" + assertion.session_name;
  credential.principal_type = "assumed-role";
  credential.principal_arn = role->arn;
  credential.principal_name = role->name;
  credential.tags = options.tags;  // role tags join per request: sessionPrincipalTags
  credential.session_policies = options.policies;
  credential.permissions_boundary = role->boundary;
  std::int64_t duration = federatedDuration(in, *role, assertion.session_duration.value_or(3600));
  Json out = {{"Credentials", issue(ctx, credential, duration)},
              {"AssumedRoleUser", {{"AssumedRoleId", credential.user_id}, {"Arn", credential.arn}}},
              {"Subject", assertion.subject},
              {"SubjectType", subjectType(assertion.subject_format)},
              {"Issuer", assertion.issuer},
              {"Audience", assertion.audience},
              {"NameQualifier", qualifier}};
  if (options.packed_percent) out["PackedPolicySize"] = *options.packed_percent;
  credentials_->directory()->noteRoleUsed(role->account_id, role->name, ctx.region);
  return out;
}

}  // namespace awsemu::sts
