// Which authoriser answers for which service (ENFORCE_IAM), and the generic one for services
// without a table: "<signing name>:<Operation>" on "*".
#include "services/common/service_authorizers.hpp"

#include "awsemu/iam/policy_cache.hpp"
#include "awsemu/service/service_routing.hpp"

namespace awsemu::service {
namespace {

class GenericAuthorizer : public ServiceAuthorizer {
 public:
  std::optional<AuthorizationTargets> targets(Service&, const RequestContext& ctx, const Json&,
                                              bool) const override {
    const auto* routing = routingFor(ctx.service);
    return defaultTargets(routing ? routing->signing_name : ctx.service, ctx.operation);
  }
};

}  // namespace

AuthorizationTargets defaultTargets(std::string_view prefix, std::string_view operation) {
  AuthorizationTarget target;
  target.action = std::string(prefix) + ":" + std::string(operation);
  target.resource = "*";
  return {std::move(target)};
}

const ServiceAuthorizer& authorizerFor(std::string_view name) {
  static const GenericAuthorizer generic;
  if (name == "s3") return s3Authorizer();
  if (name == "sqs") return sqsAuthorizer();
  if (name == "sns") return snsAuthorizer();
  if (name == "dynamodb") return dynamodbAuthorizer();
  if (name == "dynamodbstreams") return dynamodbStreamsAuthorizer();
  if (name == "iam") return iamAuthorizer();
  if (name == "sts") return stsAuthorizer();
  return generic;
}

iam::PolicyPtr storedResourcePolicy(const std::string& text, const std::string& resource) {
  static iam::PolicyCache cache;
  try {
    return cache.get(text, {resource, "resource"});
  } catch (const std::exception&) {
    return nullptr;  // validated when stored; a document that no longer parses grants nothing
  }
}

}  // namespace awsemu::service
