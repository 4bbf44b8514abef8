#include "awsemu/service/delivery_authorization.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "awsemu/core/arn.hpp"
#include "awsemu/iam/evaluator.hpp"
#include "awsemu/iam/global_condition_keys.hpp"
#include "awsemu/service/authorization.hpp"
#include "awsemu/service/service.hpp"

namespace awsemu::service {
namespace {

// The action a delivery to a service is, as the target's policy names it; empty: not checked.
std::string actionFor(std::string_view target_service) {
  if (target_service == "sqs") return "sqs:SendMessage";
  if (target_service == "sns") return "sns:Publish";
  if (target_service == "lambda") return "lambda:InvokeFunction";
  if (target_service == "firehose") return "firehose:PutRecord";
  return "";
}

void check(const events::Delivery& delivery, events::DeliveryTarget& target, bool soft) {
  auto source = Arn::parse(delivery.source_arn);
  auto destination = Arn::parse(delivery.target_arn);
  auto* service = dynamic_cast<Service*>(&target);
  if (!source || !destination || !service) return;  // not a delivery between services
  AuthorizationTarget question;
  question.action = actionFor(destination->service);
  if (question.action.empty()) return;
  question.resource = delivery.target_arn;
  question.resource_account = destination->account_id;
  const ServiceAuthorizer& authorizer = authorizerFor(service->name());
  authorizer.attachResourcePolicy(*service, RequestContext{}, question);

  iam::Principal principal = iam::Principal::servicePrincipal(source->service + ".amazonaws.com");
  iam::ContextKeys keys;
  iam::RequestEnvironment environment;
  environment.now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  environment.secure_transport = true;  // AWS services call each other over TLS
  environment.region = destination->region;
  iam::addGlobalConditionKeys(keys, environment);
  keys.set("aws:SourceArn", delivery.source_arn);
  const std::string& account =
      delivery.source_account.empty() ? source->account_id : delivery.source_account;
  if (!account.empty()) keys.set("aws:SourceAccount", account);

  iam::AuthorizationRequest request;
  request.principal = &principal;
  request.action = question.action;
  request.resource = question.resource;
  request.resource_account = question.resource_account;
  request.context = &keys;
  request.resource_policy = question.resource_policy.get();
  if (iam::decide(request) == iam::Decision::Allow) {
    spdlog::debug("iam: delivery {} from {} to {}: allowed", delivery.description,
                  delivery.source_arn, delivery.target_arn);
    return;
  }
  std::string message = iam::accessDeniedMessage(request, iam::evaluate(request).reason);
  if (soft) {
    spdlog::info("iam (soft mode, not denied): delivery {}: {}", delivery.description, message);
    return;
  }
  spdlog::info("iam: delivery {} refused: {}", delivery.description, message);
  throw authorizer.accessDenied(std::move(message));
}

}  // namespace

events::DeliveryCheck deliveryAuthorization(bool soft) {
  return [soft](const events::Delivery& delivery, events::DeliveryTarget& target) {
    check(delivery, target, soft);
  };
}

}  // namespace awsemu::service
