#include "services/sts/caller_principal.hpp"

#include "awsemu/core/arn.hpp"
#include "awsemu/service/credential_registry.hpp"

namespace awsemu::sts {
namespace {

iam::PolicyPtr compile(const std::string& text, const char* id, const char* type) {
  try {
    return iam::Policy::parse(text, iam::PolicyKind::Unchecked, {id, type});
  } catch (const std::exception&) {
    return nullptr;  // stored policies were validated when they were stored
  }
}

// "arn:aws:iam::1:user/a/b/alice" -> "/a/b/"
std::string pathOf(const std::string& arn) {
  auto parsed = Arn::parse(arn);
  if (!parsed) return "/";
  auto first = parsed->resource.find('/'), last = parsed->resource.rfind('/');
  if (first == std::string::npos) return "/";
  return parsed->resource.substr(first, last - first + 1);
}

void addDirectoryPolicies(CallerPolicies& out, const service::CredentialRegistry& registry,
                          const std::string& principal_arn) {
  auto* directory = registry.directory();
  if (!directory || principal_arn.empty()) return;
  auto policies = directory->policiesOf(principal_arn);
  if (!policies) return;
  for (const auto& text : policies->identity)
    if (auto policy = compile(text, "identity", "none")) out.identity.push_back(policy);
  if (policies->boundary) out.boundary = compile(*policies->boundary, "boundary", "none");
  if (out.credential && out.credential->principal_type == "assumed-role")
    out.principal.tags = service::sessionPrincipalTags(out.credential->tags, policies->tags);
  else if (out.principal.tags.empty())
    out.principal.tags = policies->tags;
}

}  // namespace

CallerPolicies callerPolicies(const CallerIdentity& caller,
                              const service::CredentialRegistry& registry) {
  CallerPolicies out;
  out.credential =
      caller.access_key_id.empty() ? std::nullopt : registry.find(caller.access_key_id);
  const auth::Credential* c = out.credential ? &*out.credential : nullptr;
  if (!c || c->principal_type.empty()) {
    out.principal = iam::Principal::root(caller.account_id);
    return out;
  }
  if (c->principal_type == "user") {
    out.principal = iam::Principal::user(c->account_id, c->principal_name, c->user_id,
                                         pathOf(c->principal_arn));
  } else if (c->principal_type == "assumed-role") {
    std::string session = c->arn.substr(c->arn.rfind('/') + 1);
    std::string role_id = c->user_id.substr(0, c->user_id.find(':'));
    out.principal = iam::Principal::assumedRole(c->account_id, c->principal_name, session, role_id,
                                                pathOf(c->principal_arn));
  } else {
    out.principal =
        iam::Principal::federatedUser(c->account_id, c->principal_name, c->principal_arn);
  }
  out.principal.tags = c->tags;
  addDirectoryPolicies(out, registry, c->principal_arn);
  for (const auto& text : c->session_policies)
    if (auto policy = compile(text, "session", "none")) out.session.push_back(policy);
  return out;
}

}  // namespace awsemu::sts
