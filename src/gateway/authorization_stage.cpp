#include "src/gateway/authorization_stage.hpp"

#include <spdlog/spdlog.h>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/iam/evaluator.hpp"
#include "awsemu/iam/global_condition_keys.hpp"
#include "src/gateway/source_ip.hpp"

namespace awsemu::gateway {
namespace {

// "arn:aws:iam::1:user/a/b/alice" -> "/a/b/"
std::string pathOf(const std::string& arn) {
  auto parsed = Arn::parse(arn);
  if (!parsed) return "/";
  auto first = parsed->resource.find('/'), last = parsed->resource.rfind('/');
  if (first == std::string::npos || first == last) return "/";
  return parsed->resource.substr(first, last - first + 1);
}

iam::Principal principalOf(const auth::Credential& c) {
  if (c.principal_type == "user")
    return iam::Principal::user(c.account_id, c.principal_name, c.user_id, pathOf(c.principal_arn));
  if (c.principal_type == "assumed-role") {
    std::string session = c.arn.substr(c.arn.rfind('/') + 1);
    std::string role_id = c.user_id.substr(0, c.user_id.find(':'));
    return iam::Principal::assumedRole(c.account_id, c.principal_name, session, role_id,
                                       pathOf(c.principal_arn));
  }
  return iam::Principal::federatedUser(c.account_id, c.principal_name, c.principal_arn);
}

// At most as many keys as addGlobalConditionKeys sets.
constexpr std::size_t kGlobalKeys = 8;

// The socket's peer, or X-Forwarded-For behind a local proxy (source_ip.hpp).
std::string sourceIp(const HttpRequest* http) { return http ? sourceIpOf(*http) : "127.0.0.1"; }

iam::ContextKeys contextOf(const RequestContext& ctx, const AuthorizationStage::Caller& caller,
                           const service::AuthorizationTarget& target) {
  iam::ContextKeys keys;
  keys.reserve(kGlobalKeys + target.context.size());  // one allocation, not one per doubling
  const HttpRequest* http = ctx.http;
  const std::string* proto = http ? http->header("x-forwarded-proto") : nullptr;
  const std::string* agent = http ? http->header("user-agent") : nullptr;
  std::string ip = sourceIp(http);
  iam::RequestEnvironment environment;
  environment.now = std::chrono::duration<double>(ctx.now().time_since_epoch()).count();
  environment.secure_transport = proto && strings::iequals(*proto, "https");
  environment.source_ip = ip;
  environment.region = ctx.region;
  if (agent) environment.user_agent = *agent;
  environment.token_issue_time = caller.token_issue_time;
  if (caller.token_issue_time) environment.multi_factor_auth_present = false;
  iam::addGlobalConditionKeys(keys, environment);
  for (const auto& [key, values] : target.context) keys.set(key, values);
  return keys;
}

}  // namespace

CallerPtr AuthorizationStage::callerOf(const CallerIdentity& identity) {
  if (identity.anonymous || identity.access_key_id.empty()) return nullptr;
  auto* directory = credentials_.directory();
  CallerVersion version{directory, directory ? directory->generation() : 0};
  if (auto cached = callers_.find(identity.access_key_id, version)) return cached;
  auto caller = buildCaller(identity, directory);
  // Roots are cheap to build and keyed by account as well as key: not cached.
  if (!caller->root) callers_.put(identity.access_key_id, version, caller);
  return caller;
}

CallerPtr AuthorizationStage::buildCaller(const CallerIdentity& identity,
                                          service::PrincipalDirectory* directory) {
  auto credential = credentials_.find(identity.access_key_id);
  auto caller = std::make_shared<Caller>();
  // Account roots (test/test, 12-digit keys, unknown keys where SIGV4_VERIFY lets them in) are
  // allowed everything in their account.
  if (!credential || credential->principal_type.empty()) {
    caller->root = true;
    caller->principal = iam::Principal::root(identity.account_id);
    return caller;
  }
  caller->principal = principalOf(*credential);
  caller->principal.tags = credential->tags;
  if (credential->expiration)  // temporary credentials: aws:TokenIssueTime (about, not exact)
    caller->token_issue_time =
        std::chrono::duration<double>(credential->expiration->time_since_epoch()).count() - 3600;
  if (directory) {
    if (auto policies = directory->policiesOf(credential->principal_arn)) {
      for (const auto& text : policies->identity)
        if (auto policy = cache_.get(text, {"identity", "none"}))
          caller->identity.push_back(policy);
      if (policies->boundary)
        caller->boundary = cache_.get(*policies->boundary, {"boundary", "none"});
      if (credential->principal_type == "assumed-role")
        caller->principal.tags = service::sessionPrincipalTags(credential->tags, policies->tags);
      else if (caller->principal.tags.empty())
        caller->principal.tags = policies->tags;
    }
  }
  for (const auto& text : credential->session_policies)
    if (auto policy = cache_.get(text, {"session", "none"})) caller->session.push_back(policy);
  return caller;
}

bool AuthorizationStage::authorize(service::Service& service, const RequestContext& ctx,
                                   const Json& input, bool body_read) {
  if (!enabled()) return true;
  const auto& authorizer = service::authorizerFor(ctx.service);
  auto caller = callerOf(ctx.caller);
  if (!caller || (caller->root && authorizer.authorizesRootsItself())) {
    spdlog::debug("iam: {}.{} by {}: left to the service (anonymous or root)", ctx.service,
                  ctx.operation, ctx.caller.arn);
    return true;
  }
  auto targets = authorizer.targets(service, ctx, input, body_read);
  if (!targets) return false;
  for (auto& target : *targets) {
    // A root in its own account: allowed, no policy to read.
    if (caller->root &&
        (target.resource_account.empty() || target.resource_account == ctx.caller.account_id)) {
      spdlog::debug("iam: {} {} on {} by {}: allowed (root)", ctx.operation, target.action,
                    target.resource, caller->principal.arn);
      continue;
    }
    authorizer.attachResourcePolicy(service, ctx, target);
    decideTarget(authorizer, *caller, ctx, target);
  }
  return true;
}

void AuthorizationStage::decideTarget(const service::ServiceAuthorizer& authorizer,
                                      const Caller& caller, const RequestContext& ctx,
                                      const service::AuthorizationTarget& target) {
  iam::ContextKeys keys = contextOf(ctx, caller, target);
  iam::AuthorizationRequest request;
  request.principal = &caller.principal;
  request.action = target.action;
  request.resource = target.resource;
  request.resource_account = target.resource_account;
  request.context = &keys;
  request.identity_policies = caller.identity;
  request.permissions_boundary = caller.boundary.get();
  request.session_policies = caller.session;
  request.resource_policy = target.resource_policy.get();
  iam::Decision decision = iam::decide(request);
  spdlog::debug("iam: {} {} on {} by {}: {}", ctx.operation, target.action, target.resource,
                caller.principal.arn, iam::decisionName(decision));
  if (decision == iam::Decision::Allow) return;
  auto evaluation = iam::evaluate(request);
  std::string message = iam::accessDeniedMessage(request, evaluation.reason);
  if (mode_ == EnforcementMode::Soft) {
    spdlog::info("iam (soft mode, not denied): {}", message);
    return;
  }
  throw authorizer.accessDenied(std::move(message));
}

}  // namespace awsemu::gateway
