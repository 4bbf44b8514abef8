#pragma once
// AWS Security Token Service: caller identity and temporary credentials.
// https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
// AssumeRole and its siblings find roles and trust policies through IAM's PrincipalDirectory
// (published in the credential registry) and evaluate the trust policy with the policy engine.
#include <memory>

#include "awsemu/auth/credentials.hpp"
#include "awsemu/service/service.hpp"

namespace awsemu::service {
class CredentialRegistry;
}

namespace awsemu::sts {

class SessionStore;

class StsService : public service::Service {
 public:
  StsService();
  ~StsService() override;
  std::string name() const override { return "sts"; }
  void start(service::ServiceEnvironment& env) override;
  void stop() override;
  void reset() override;

 private:
  Json getCallerIdentity(RequestContext& ctx, const Json& input);
  Json getSessionToken(RequestContext& ctx, const Json& input);
  Json getAccessKeyInfo(RequestContext& ctx, const Json& input);
  // role_sessions.cpp
  Json assumeRole(RequestContext& ctx, const Json& input);
  Json getFederationToken(RequestContext& ctx, const Json& input);
  Json decodeAuthorizationMessage(RequestContext& ctx, const Json& input);
  // federation.cpp
  Json assumeRoleWithWebIdentity(RequestContext& ctx, const Json& input);
  Json assumeRoleWithSaml(RequestContext& ctx, const Json& input);

  // Completes `credential` with fresh keys and an expiry, stores and publishes it; answers the
  // Credentials structure.
  Json issue(RequestContext& ctx, auth::Credential& credential, std::int64_t duration_seconds);

  std::unique_ptr<SessionStore> sessions_;
  service::CredentialRegistry* credentials_ = nullptr;
};

}  // namespace awsemu::sts
