#pragma once
// Amazon SNS: topics (standard and FIFO), subscriptions, publishing with fan-out to SQS, Lambda,
// HTTP/S and recorded SMS / mobile push, over the query protocol (the only one SNS speaks).
// https://docs.aws.amazon.com/sns/latest/api/welcome.html
//
// State lives in memory (sns_state.hpp) and, with PERSISTENCE, in sns.db through a group-commit
// store; handlers change memory only and run on the I/O thread, answering once their writes have
// committed. Deliveries leave the request at once (deliveries.hpp).
#include <boost/asio/awaitable.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/events/event_bus.hpp"
#include "awsemu/service/service.hpp"
#include "services/sns/deliveries.hpp"
#include "services/sns/message_signer.hpp"
#include "services/sns/notification.hpp"
#include "services/sns/sns_state.hpp"
#include "services/sns/sns_store.hpp"

namespace awsemu::service {
class CommitWaiters;
}

namespace awsemu::sns {

class SnsService : public service::Service, public events::DeliveryTarget {
 public:
  SnsService();
  ~SnsService() override;
  std::string name() const override { return "sns"; }
  void start(service::ServiceEnvironment& env) override;
  void drain() override;
  void stop() override;
  void reset() override;
  std::optional<AwsError> validationError(std::string message) const override;

  // events::DeliveryTarget: S3 event notifications published to a topic.
  void deliver(const events::Delivery& delivery) override;

 private:
  friend class SnsAuthorizer;  // sns_authorization.cpp: topic policies (ENFORCE_IAM)
  void registerTopicHandlers();
  void registerSubscriptionHandlers();
  void registerPublishHandlers();
  void registerPlatformHandlers();
  void registerDeveloperEndpoints();
  // Memory-only handlers on the I/O thread; the answer waits until their writes have committed.
  void onCommitted(const std::string& operation, service::SyncHandler handler);
  boost::asio::awaitable<void> committed();

  std::string baseUrl(const RequestContext& ctx) const;
  void persistTopic(const Topic& topic);
  void persistSubscription(const Subscription& subscription);

  // topic_handlers.cpp
  Json createTopic(RequestContext& ctx, const Json& input);
  Json deleteTopic(RequestContext& ctx, const Json& input);
  Json getTopicAttributes(RequestContext& ctx, const Json& input);
  Json setTopicAttributes(RequestContext& ctx, const Json& input);
  Json listTopics(RequestContext& ctx, const Json& input);
  Json tagResource(RequestContext& ctx, const Json& input);
  Json untagResource(RequestContext& ctx, const Json& input);
  Json listTagsForResource(RequestContext& ctx, const Json& input);
  Json addPermission(RequestContext& ctx, const Json& input);
  Json removePermission(RequestContext& ctx, const Json& input);
  Json getDataProtectionPolicy(RequestContext& ctx, const Json& input);
  Json putDataProtectionPolicy(RequestContext& ctx, const Json& input);

  // subscription_handlers.cpp
  Json subscribe(RequestContext& ctx, const Json& input);
  Json confirmSubscription(RequestContext& ctx, const Json& input);
  Json unsubscribe(RequestContext& ctx, const Json& input);
  Json getSubscriptionAttributes(RequestContext& ctx, const Json& input);
  Json setSubscriptionAttributes(RequestContext& ctx, const Json& input);
  Json listSubscriptions(RequestContext& ctx, const Json& input);
  Json listSubscriptionsByTopic(RequestContext& ctx, const Json& input);
  // A confirmation (or unsubscribe confirmation) POST to an HTTP/S subscriber.
  void sendConfirmation(const Subscription& subscription, const std::string& type,
                        const std::string& base_url, bool sha256);

  // publish_handlers.cpp
  Json publish(RequestContext& ctx, const Json& input);
  Json publishBatch(RequestContext& ctx, const Json& input);
  // Validated message of one Publish or batch entry, fanned out to the topic's subscriptions.
  using Outgoing = PublishedMessage;
  std::string publishToTopic(const std::string& topic_arn, Outgoing outgoing,
                             const std::string& base_url, std::string* sequence_number);
  void publishToEndpoint(RequestContext& ctx, const std::string& endpoint_arn,
                         const Outgoing& outgoing, const std::string& message_id);
  void publishToPhone(RequestContext& ctx, const std::string& phone, const Outgoing& outgoing,
                      const std::string& message_id);

  // platform_handlers.cpp
  Json createPlatformApplication(RequestContext& ctx, const Json& input);
  Json getPlatformApplicationAttributes(RequestContext& ctx, const Json& input);
  Json setPlatformApplicationAttributes(RequestContext& ctx, const Json& input);
  Json listPlatformApplications(RequestContext& ctx, const Json& input);
  Json deletePlatformApplication(RequestContext& ctx, const Json& input);
  Json createPlatformEndpoint(RequestContext& ctx, const Json& input);
  Json getEndpointAttributes(RequestContext& ctx, const Json& input);
  Json setEndpointAttributes(RequestContext& ctx, const Json& input);
  Json listEndpointsByPlatformApplication(RequestContext& ctx, const Json& input);
  Json deleteEndpoint(RequestContext& ctx, const Json& input);
  void registerSmsHandlers();
  Json& smsSettings(const std::string& account, const std::string& region);  // under the lock

  SnsState state_;
  std::unique_ptr<SnsStore> store_;
  std::unique_ptr<service::CommitWaiters> commit_waiters_;
  std::unique_ptr<MessageSigner> signer_;
  std::unique_ptr<NotificationBuilder> builder_;
  std::unique_ptr<Deliveries> deliveries_;
  events::EventBus* events_ = nullptr;
  std::string default_base_url_;
};

}  // namespace awsemu::sns
