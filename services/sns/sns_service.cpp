#include "services/sns/sns_service.hpp"

#include <spdlog/spdlog.h>

#include "awsemu/core/ids.hpp"
#include "awsemu/service/environment.hpp"
#include "services/common/commit_waiters.hpp"
#include "services/sns/sns_errors.hpp"

namespace awsemu::sns {
namespace asio = boost::asio;

SnsService::SnsService() {
  registerTopicHandlers();
  registerSubscriptionHandlers();
  registerPublishHandlers();
  registerPlatformHandlers();
  registerSmsHandlers();
  registerDeveloperEndpoints();
}

SnsService::~SnsService() {
  if (store_) store_->close();
}

void SnsService::start(service::ServiceEnvironment& env) {
  default_base_url_ = "http://" + env.config.localstack_host;
  std::filesystem::path key_file;
  if (env.storage.isPersistent()) {
    store_ = std::make_unique<SnsStore>(
        storage::Database::open(env.storage.databasePath("sns"), env.storage.databaseOptions()));
    key_file = env.storage.directory() / "sns-signing.pem";
  } else {
    store_ = std::make_unique<SnsStore>();
  }
  commit_waiters_ = std::make_unique<service::CommitWaiters>(store_->commits());
  signer_ = std::make_unique<MessageSigner>(key_file);
  builder_ = std::make_unique<NotificationBuilder>(*signer_);
  deliveries_ = std::make_unique<Deliveries>(env.events, env.background, *store_,
                                             env.config.sns_https_verify);
  events_ = &env.events;
  std::vector<DeliveryJob> resumed;
  store_->load(
      [&](const std::string& kind, const std::string& key, const Json& doc) {
        if (kind == kTopicKind) {
          auto topic = Topic::fromJson(doc);
          state_.topics[topic.arn] = std::move(topic);
        } else if (kind == kSubscriptionKind) {
          auto subscription = std::make_shared<Subscription>(Subscription::fromJson(doc));
          if (!subscription->token.empty()) state_.tokens[subscription->token] = subscription->arn;
          state_.subscriptions[subscription->arn] = std::move(subscription);
        } else if (kind == kApplicationKind) {
          auto application = PlatformApplication::fromJson(doc);
          state_.applications[application.arn] = std::move(application);
        } else if (kind == kEndpointKind) {
          auto endpoint = PlatformEndpoint::fromJson(doc);
          state_.endpoints[endpoint.arn] = std::move(endpoint);
        } else if (kind == kSmsKind) {
          state_.sms[key] = doc;
        }
      },
      [&](std::uint64_t id, const Json& job) {
        resumed.push_back(DeliveryJob::fromJson(job));
        resumed.back().id = id;
        deliveries_->resumeAfter(id);
      });
  if (!resumed.empty())
    spdlog::info("sns: resuming {} deliveries not finished before the restart", resumed.size());
  for (auto& job : resumed) deliveries_->start(std::move(job));
  events_->addTarget("sns", *this);
}

void SnsService::drain() {
  if (deliveries_) deliveries_->stopping();
}

void SnsService::stop() {
  if (events_) events_->removeTarget("sns");
  if (deliveries_) deliveries_->stopping();
  if (store_) store_->close();
}

void SnsService::reset() {
  std::unique_lock lock(state_.mutex);
  state_.clear();
  if (store_) {
    store_->clear();
    store_->flush();
  }
}

// SNS reports the model's constraints as InvalidParameter, like its own checks.
std::optional<AwsError> SnsService::validationError(std::string message) const {
  return AwsError("InvalidParameter", std::move(message), 400);
}

// S3 event notifications to a topic: published as S3 does, with its subject.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/ways-to-add-notification-config-to-bucket.html
void SnsService::deliver(const events::Delivery& delivery) {
  Outgoing outgoing;
  outgoing.message = delivery.body;
  outgoing.subject = "Amazon S3 Notification";
  publishToTopic(delivery.target_arn, std::move(outgoing), default_base_url_, nullptr);
}

void SnsService::onCommitted(const std::string& operation, service::SyncHandler handler) {
  onAsync(operation,
          service::answerAfterCommit(std::move(handler), [this] { return committed(); }));
}

// Waits (without blocking the I/O thread) until everything submitted so far has committed; a
// failed transaction is rethrown (InternalFailure for the client).
asio::awaitable<void> SnsService::committed() { return commit_waiters_->wait(); }

std::string SnsService::baseUrl(const RequestContext& ctx) const {
  if (ctx.http && !ctx.http->host().empty()) return "http://" + ctx.http->host();
  return default_base_url_;
}

void SnsService::persistTopic(const Topic& topic) {
  store_->put(kTopicKind, topic.arn, topic.toJson());
}

void SnsService::persistSubscription(const Subscription& subscription) {
  store_->put(kSubscriptionKind, subscription.arn, subscription.toJson());
}

}  // namespace awsemu::sns
