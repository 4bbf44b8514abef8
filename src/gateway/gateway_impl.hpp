#pragma once
// Shared state of the gateway stages (private to src/gateway).
#include <boost/asio/thread_pool.hpp>

#include "awsemu/gateway/gateway.hpp"
#include "awsemu/protocol/model.hpp"
#include "src/gateway/body_memory_budget.hpp"
#include "src/gateway/authorization_stage.hpp"
#include "src/gateway/internal_endpoints.hpp"
#include "src/gateway/request_authenticator.hpp"

namespace awsemu::gateway {

// Also the RequestAuthorizer handlers reach through the credential registry (S3 browser POST).
struct Gateway::Impl : service::RequestAuthorizer {
  const config::Config& config;
  service::ServiceRegistry& registry;
  service::CredentialRegistry& credentials;
  InternalEndpoints internal;
  RequestAuthenticator authenticator;
  std::filesystem::path spool_dir;
  boost::asio::thread_pool& blocking_pool;
  BodyMemoryBudget body_budget;
  AuthorizationStage authorization;  // ENFORCE_IAM
  // For requests whose service the header does not tell (an unsigned form post, resolved by its
  // Action once the body is read): the largest limit of the services that serve query actions.
  service::RequestPolicy unresolved_policy;

  Impl(const config::Config& c, service::ServiceRegistry& r, service::CredentialRegistry& cr,
       const InitHooks& hooks, std::filesystem::path spool, boost::asio::thread_pool& pool)
      : config(c),
        registry(r),
        credentials(cr),
        internal(r, hooks),
        authenticator(cr, c.sigv4_verify, systemClock(), !c.s3_skip_signature_validation),
        spool_dir(std::move(spool)),
        blocking_pool(pool),
        body_budget(c.body_memory_budget),
        authorization(!c.enforce_iam       ? EnforcementMode::Off
                      : c.enforce_iam_soft ? EnforcementMode::Soft
                                           : EnforcementMode::On,
                      cr) {
    for (auto* service : r.all())
      if (service->requestPolicy().serves_query)
        unresolved_policy.max_body_bytes =
            std::max(unresolved_policy.max_body_bytes, service->requestPolicy().max_body_bytes);
    if (authorization.enabled()) credentials.setAuthorizer(this);
  }
  ~Impl() override {
    if (credentials.authorizer() == this) credentials.setAuthorizer(nullptr);
  }

  void authorizeRequest(const RequestContext& ctx, const Json& input) override {
    if (auto* service = registry.find(ctx.service))
      authorization.authorize(*service, ctx, input, true);
  }

  // A model with no operations, to render errors when no service could be identified.
  static const protocol::ServiceModel& emptyModel(protocol::Protocol protocol);
};

}  // namespace awsemu::gateway
