#include "services/sqs/sqs_service.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "awsemu/core/arn.hpp"
#include "awsemu/service/environment.hpp"
#include "services/common/commit_waiters.hpp"
#include "services/sqs/move_tasks.hpp"
#include "services/sqs/send_request.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace asio = boost::asio;

std::int64_t epochMillis(const RequestContext& ctx) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(ctx.now().time_since_epoch())
      .count();
}

SqsService::SqsService() {
  registerQueueHandlers();
  registerMessageHandlers();
  registerMoveTaskHandlers();
}

// Commits what is queued while the waiters its callbacks resume still exist.
SqsService::~SqsService() {
  if (engine_) engine_->close();
}

void SqsService::start(service::ServiceEnvironment& env) {
  url_style_.strategy = env.config.sqs_endpoint_strategy;
  url_style_.localstack_host = env.config.localstack_host;
  // Temporary state (no PERSISTENCE) lives in memory only; see queue_store.hpp.
  if (env.storage.isPersistent()) {
    // Not exclusive: the store's checkpoints run on a second connection (group_commit.hpp).
    auto options = env.storage.databaseOptions();
    engine_ = std::make_unique<SqsEngine>(
        QueueStore(storage::Database::open(env.storage.databasePath("sqs"), options)));
  } else {
    engine_ = std::make_unique<SqsEngine>(QueueStore::detached());
  }
  engine_->load(epochMillis(RequestContext{}));
  commit_waiters_ = std::make_unique<service::CommitWaiters>(engine_->store().commits());
  move_tasks_ = std::make_unique<MoveTasks>(*engine_, env.background);
  events_ = &env.events;
  events_->addTarget("sqs", *this);
}

// Long polls answer at once (with what is there) instead of holding the shutdown up to 20 s.
void SqsService::drain() {
  if (engine_) engine_->drain();
}

void SqsService::stop() {
  if (events_) events_->removeTarget("sqs");
  if (move_tasks_) move_tasks_->cancelAll();
  if (!engine_) return;
  engine_->close();
  if (engine_->store().attached())
    spdlog::info("sqs: {} changes committed in {} transactions", engine_->store().submitted(),
                 engine_->store().transactions());
}

void SqsService::reset() {
  if (move_tasks_) move_tasks_->cancelAll();
  if (!engine_) return;
  engine_->clear();
  engine_->store().flush();
}

void SqsService::onCommitted(const std::string& operation, service::SyncHandler handler) {
  onAsync(operation,
          service::answerAfterCommit(std::move(handler), [this] { return committed(); }));
}

// Waits for the latest submitted ticket, not just this request's own: it is read after the
// engine call, so it covers the request's writes and everything the request could have observed.
// A commit failure is rethrown here (InternalFailure for the client).
asio::awaitable<void> SqsService::committed() { return commit_waiters_->wait(); }

QueueKey SqsService::queueKey(RequestContext& ctx, const Json& input) const {
  std::string url = input.value("QueueUrl", "");
  // Query requests may be posted to the queue's URL instead of naming it.
  if (url.empty() && ctx.http && ctx.http->path.size() > 1) url = ctx.http->path;
  if (url.empty()) throw errors::missingParameter("QueueUrl");
  // AWS answers a URL that names no queue as it answers a missing queue.
  auto address = parseQueueUrl(url);
  if (!address) throw errors::queueDoesNotExist();
  return {address->account.empty() ? ctx.accountId() : address->account,
          address->region.empty() ? ctx.region : address->region, address->name};
}

std::string SqsService::queueUrl(RequestContext& ctx, const QueueKey& key) const {
  QueueUrlStyle style = url_style_;
  if (ctx.http) style.request_host = ctx.http->host();
  if (style.request_host.empty()) style.request_host = style.localstack_host;
  return formatQueueUrl(style, key.region, key.account, key.name);
}

// Deliveries from other services (S3 event notifications, SNS subscriptions) are sends to the
// queue the ARN names, with the sender the source service's identity.
void SqsService::deliver(const events::Delivery& delivery) {
  auto key = engine_->findByArn(delivery.target_arn);
  if (!key) throw errors::queueDoesNotExist();
  SendRequest request;
  request.body = delivery.body;
  request.message_attributes =
      delivery.message_attributes.empty() ? Json() : delivery.message_attributes;
  request.group_id = delivery.message_group_id;
  request.deduplication_id = delivery.message_deduplication_id;
  request.sender_id = delivery.sender_id;
  checkSendRequest(request, engine_->describe(*key));
  auto results = engine_->send(*key, {request}, epochMillis(RequestContext{}));
  if (auto* error = std::get_if<AwsError>(&results.front())) throw *error;
  engine_->store().flush();  // delivered means committed; this is the background thread
}

}  // namespace awsemu::sqs
