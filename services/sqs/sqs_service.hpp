#pragma once
// Amazon SQS: standard and FIFO queues, over the JSON protocol current SDKs send and the query
// protocol older ones send (one model, see model.patch.json).
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/Welcome.html
//
// Handlers validate requests the way SQS does (SQS reports MissingParameter and
// InvalidParameterValue, not the model's generic ValidationError, so the codec's constraint check
// is off for this service) and shape responses; the engine does the rest.
#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <optional>

#include "awsemu/events/event_bus.hpp"
#include "awsemu/service/service.hpp"
#include "services/sqs/queue_url.hpp"
#include "services/sqs/sqs_engine.hpp"

namespace awsemu::service {
class CommitWaiters;
}

namespace awsemu::sqs {

class MoveTasks;

class SqsService : public service::Service, public events::DeliveryTarget {
 public:
  SqsService();
  ~SqsService() override;
  std::string name() const override { return "sqs"; }
  void start(service::ServiceEnvironment& env) override;
  void drain() override;
  void stop() override;
  void reset() override;
  std::optional<AwsError> validationError(std::string) const override { return std::nullopt; }

  // events::DeliveryTarget: S3 notifications, SNS fan-out.
  void deliver(const events::Delivery& delivery) override;

 private:
  friend class SqsAuthorizer;  // sqs_authorization.cpp: queue policies (ENFORCE_IAM)
  void registerQueueHandlers();
  void registerMessageHandlers();
  void registerMoveTaskHandlers();
  // Handlers touch the engine's memory only, so they run on the I/O thread; the answer waits
  // (without blocking the thread) until the writes the call made or saw have committed.
  void onCommitted(const std::string& operation, service::SyncHandler handler);
  boost::asio::awaitable<void> committed();

  // The queue a request addresses: QueueUrl, else the path a query request was posted to.
  QueueKey queueKey(RequestContext& ctx, const Json& input) const;
  std::string queueUrl(RequestContext& ctx, const QueueKey& key) const;

  // queue_handlers.cpp
  Json createQueue(RequestContext& ctx, const Json& input);
  Json getQueueUrl(RequestContext& ctx, const Json& input);
  Json listQueues(RequestContext& ctx, const Json& input);
  Json getQueueAttributes(RequestContext& ctx, const Json& input);
  Json setQueueAttributes(RequestContext& ctx, const Json& input);
  Json addPermission(RequestContext& ctx, const Json& input);
  Json removePermission(RequestContext& ctx, const Json& input);
  Json listDeadLetterSourceQueues(RequestContext& ctx, const Json& input);

  // message_handlers.cpp
  Json sendMessage(RequestContext& ctx, const Json& input);
  Json sendMessageBatch(RequestContext& ctx, const Json& input);
  boost::asio::awaitable<Json> receiveMessage(RequestContext& ctx, const Json& input);
  Json deleteMessage(RequestContext& ctx, const Json& input);
  Json deleteMessageBatch(RequestContext& ctx, const Json& input);
  Json changeMessageVisibility(RequestContext& ctx, const Json& input);
  Json changeMessageVisibilityBatch(RequestContext& ctx, const Json& input);

  std::unique_ptr<SqsEngine> engine_;
  std::unique_ptr<service::CommitWaiters> commit_waiters_;
  std::unique_ptr<MoveTasks> move_tasks_;
  events::EventBus* events_ = nullptr;
  QueueUrlStyle url_style_;
};

std::int64_t epochMillis(const RequestContext& ctx);

}  // namespace awsemu::sqs
