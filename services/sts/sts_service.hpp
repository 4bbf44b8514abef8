#pragma once
// AWS Security Token Service: caller identity and temporary credentials.
// https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
// AssumeRole and its siblings need IAM roles and trust policies; they arrive with the IAM service.
#include <memory>

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

  std::unique_ptr<SessionStore> sessions_;
  service::CredentialRegistry* credentials_ = nullptr;
};

}  // namespace awsemu::sts
