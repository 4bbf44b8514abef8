// SNS's operations as IAM sees them (ENFORCE_IAM): "sns:<Operation>" (PublishBatch is
// sns:Publish) on the topic the request names (subscriptions act on their topic), the topic's
// policy (SetTopicAttributes Policy, AddPermission), and SNS's AuthorizationError.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
#include <mutex>

#include "services/common/arn_parts.hpp"
#include "services/common/service_authorizers.hpp"
#include "services/sns/sns_service.hpp"

namespace awsemu::sns {
namespace {

std::string str(const Json& input, const char* member) {
  auto it = input.find(member);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The ARN an operation acts on: a topic, a subscription's topic, a platform resource.
std::string resourceOf(const RequestContext& ctx, const Json& input) {
  if (ctx.operation == "CreateTopic")
    return "arn:aws:sns:" + ctx.region + ":" + ctx.accountId() + ":" + str(input, "Name");
  for (const char* member :
       {"TopicArn", "ResourceArn", "TargetArn", "PlatformApplicationArn", "EndpointArn"})
    if (auto arn = str(input, member); !arn.empty()) return arn;
  if (auto arn = str(input, "SubscriptionArn"); !arn.empty())
    return arn.substr(0, arn.rfind(':'));  // arn:aws:sns:r:a:topic:<id> -> the topic
  return "*";
}

}  // namespace

class SnsAuthorizer : public service::ServiceAuthorizer {
 public:
  std::optional<service::AuthorizationTargets> targets(service::Service&, const RequestContext& ctx,
                                                       const Json& input, bool) const override {
    service::AuthorizationTarget target;
    target.action = ctx.operation == "PublishBatch" ? "sns:Publish" : "sns:" + ctx.operation;
    target.resource = resourceOf(ctx, input);
    if (auto parts = service::arnParts(target.resource); !parts.empty())
      target.resource_account = parts[4];
    if (target.action == "sns:Subscribe")
      if (auto protocol = str(input, "Protocol"); !protocol.empty())
        target.key("sns:Protocol", protocol).key("sns:Endpoint", str(input, "Endpoint"));
    return service::AuthorizationTargets{std::move(target)};
  }

  void attachResourcePolicy(service::Service& service, const RequestContext&,
                            service::AuthorizationTarget& target) const override {
    auto& sns = static_cast<SnsService&>(service);
    std::string text;
    {
      std::shared_lock lock(sns.state_.mutex);
      const Topic* topic = sns.state_.topic(target.resource);
      if (!topic) return;
      auto policy = topic->attributes.find("Policy");
      if (policy == topic->attributes.end()) return;
      text = policy->second;
    }
    if (!text.empty())
      target.resource_policy = service::storedResourcePolicy(text, target.resource);
  }

  // https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html
  AwsError accessDenied(std::string message) const override {
    return AwsError("AuthorizationError", std::move(message), 403);
  }
};

}  // namespace awsemu::sns

namespace awsemu::service {
const ServiceAuthorizer& snsAuthorizer() {
  static const sns::SnsAuthorizer authorizer;
  return authorizer;
}
}  // namespace awsemu::service
