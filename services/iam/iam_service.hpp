#pragma once
// AWS Identity and Access Management: users, groups, roles, managed and inline policies, access
// keys, instance profiles, identity providers, server certificates and account settings.
// https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html
//
// All state is in memory (IamState, one mutex); with PERSISTENCE=1 every change is also written
// to iam.db before the answer. Handlers run on the blocking pool. Access keys are published to
// the CredentialRegistry (issuer "iam") so that they sign requests as their user; the service
// publishes itself as the registry's PrincipalDirectory for STS and the authorisation stage.
#include <functional>
#include <memory>

#include "awsemu/service/principal_directory.hpp"
#include "awsemu/service/service.hpp"
#include "services/iam/iam_state.hpp"

namespace awsemu::service {
class CredentialRegistry;
}

namespace awsemu::iam_service {

class IamService : public service::Service, public service::PrincipalDirectory {
 public:
  IamService();
  ~IamService() override;
  std::string name() const override { return "iam"; }
  void start(service::ServiceEnvironment& env) override;
  void stop() override;
  void reset() override;

  // service::PrincipalDirectory
  std::optional<service::RoleRecord> findRole(std::string_view account_id,
                                              std::string_view role_name) const override;
  void noteRoleUsed(std::string_view account_id, std::string_view role_name,
                    std::string_view region) override;
  std::optional<std::string> policyDocument(std::string_view account_id,
                                            std::string_view policy_arn) const override;
  std::optional<service::PrincipalPolicies> policiesOf(
      std::string_view principal_arn) const override;

  // The ARN, path included, of an existing user, group, role, instance-profile or
  // server-certificate (`kind` as in ARNs) named `name`; empty when there is none (the
  // authoriser, iam_authorization.cpp).
  std::string storedArn(const std::string& account_id, std::string_view kind,
                        const std::string& name) const;

 private:
  // A handler of the caller's account, run with the state's lock held.
  using AccountHandler = std::function<Json(Account&, RequestContext&, const Json&)>;
  void onAccount(const std::string& operation, AccountHandler handler);

  void registerUserHandlers();             // user_handlers.cpp
  void registerGroupHandlers();            // group_handlers.cpp
  void registerRoleHandlers();             // role_handlers.cpp
  void registerPolicyHandlers();           // policy_handlers.cpp
  void registerAttachmentHandlers();       // attachment_handlers.cpp
  void registerInlinePolicyHandlers();     // inline_policy_handlers.cpp
  void registerAccessKeyHandlers();        // access_key_handlers.cpp
  void registerLoginProfileHandlers();     // access_key_handlers.cpp
  void registerInstanceProfileHandlers();  // instance_profile_handlers.cpp
  void registerProviderHandlers();         // provider_handlers.cpp
  void registerCertificateHandlers();      // certificate_handlers.cpp
  void registerAccountHandlers();          // account_handlers.cpp
  void registerReportHandlers();           // report_handlers.cpp
  void registerTagHandlers();              // tag_handlers.cpp
  void registerMfaHandlers();              // mfa_handlers.cpp
  void registerUserCredentialHandlers();   // user_credential_handlers.cpp
  void registerAccessReportHandlers();     // access_report_handlers.cpp
  void registerSimulationHandlers();       // simulation_handlers.cpp

  // Publishes (or withdraws) a user's access keys in the credential registry.
  void publishKeys(const Account& account, const User& user);
  void withdrawKeys(const User& user);
  void publishAll();

  // Last use of keys and roles as the gateway noted it in the registry, merged into the stored
  // entities (and saved) when an answer shows it: persisted lazily, not per request. Caller holds
  // the state's lock. syncUsage covers a whole account (reports, stop()).
  void syncKeyUsage(const Account& account, User& user);
  void syncRoleUsage(const Account& account, Role& role);
  void syncUsage(Account& account);

  mutable IamState state_;
  service::CredentialRegistry* credentials_ = nullptr;
};

}  // namespace awsemu::iam_service
