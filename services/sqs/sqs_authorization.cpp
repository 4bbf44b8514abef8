// SQS's operations as IAM sees them (ENFORCE_IAM): the action, the queue ARN, the queue's
// policy (SetQueueAttributes Policy and AddPermission grants, which let other accounts in).
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html

#include "services/common/arn_parts.hpp"
#include "services/common/service_authorizers.hpp"
#include "services/sqs/queue_url.hpp"
#include "services/sqs/sqs_service.hpp"

namespace awsemu::sqs {

class SqsAuthorizer : public service::ServiceAuthorizer {
 public:
  std::optional<service::AuthorizationTargets> targets(service::Service&, const RequestContext& ctx,
                                                       const Json& input, bool) const override {
    const std::string& op = ctx.operation;
    if (op == "ListQueues") return service::defaultTargets("sqs", op);
    service::AuthorizationTarget target;
    target.action = "sqs:" + actionOf(op);
    auto key = queueOf(ctx, input);
    if (!key) return service::defaultTargets("sqs", op);  // the handler answers the error
    target.resource = "arn:aws:sqs:" + key->region + ":" + key->account + ":" + key->name;
    target.resource_account = key->account;
    return service::AuthorizationTargets{std::move(target)};
  }

  void attachResourcePolicy(service::Service& service, const RequestContext&,
                            service::AuthorizationTarget& target) const override {
    auto& sqs = static_cast<SqsService&>(service);
    if (!sqs.engine_ || target.resource == "*") return;
    std::string policy = sqs.engine_->policyByArn(target.resource);
    if (!policy.empty())
      target.resource_policy = service::storedResourcePolicy(policy, target.resource);
  }

 private:
  // Batches are authorised as their single-message action.
  static std::string actionOf(const std::string& op) {
    if (op == "SendMessageBatch") return "SendMessage";
    if (op == "DeleteMessageBatch") return "DeleteMessage";
    if (op == "ChangeMessageVisibilityBatch") return "ChangeMessageVisibility";
    return op;
  }

  // The queue the request names: QueueUrl, the path of a query request, QueueName (CreateQueue,
  // GetQueueUrl), SourceArn (message move tasks).
  static std::optional<QueueAddress> queueOf(const RequestContext& ctx, const Json& input) {
    std::string url = input.value("QueueUrl", "");
    if (url.empty() && ctx.http && ctx.http->path.size() > 1) url = ctx.http->path;
    std::optional<QueueAddress> address;
    if (!url.empty()) {
      address = parseQueueUrl(url);
    } else if (auto name = input.value("QueueName", ""); !name.empty()) {
      address = QueueAddress{input.value("QueueOwnerAWSAccountId", ""), "", name};
    } else if (auto arn = input.value("SourceArn", ""); !arn.empty()) {
      auto parts = service::arnParts(arn);
      if (parts.size() == 6) address = QueueAddress{parts[4], parts[3], parts[5]};
    }
    if (!address) return std::nullopt;
    if (address->account.empty()) address->account = ctx.accountId();
    if (address->region.empty()) address->region = ctx.region;
    return address;
  }
};

}  // namespace awsemu::sqs

namespace awsemu::service {
const ServiceAuthorizer& sqsAuthorizer() {
  static const sqs::SqsAuthorizer authorizer;
  return authorizer;
}
}  // namespace awsemu::service
