#include "services/sns/deliveries.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "awsemu/core/encoding.hpp"
#include "services/sns/http_client.hpp"

namespace awsemu::sns {
namespace asio = boost::asio;

namespace {

// Binary attribute values are JSON binaries in memory; the outbox keeps them as base64 text.
Json storableAttributes(const Json& attributes) {
  Json out = attributes;
  for (auto& [name, value] : out.items())
    if (auto it = value.find("BinaryValue"); it != value.end() && it->is_binary()) {
      value["BinaryValueBase64"] = encoding::base64Encode(blobToString(*it));
      value.erase("BinaryValue");
    }
  return out;
}

Json loadedAttributes(const Json& attributes) {
  Json out = attributes;
  for (auto& [name, value] : out.items())
    if (auto it = value.find("BinaryValueBase64"); it != value.end()) {
      value["BinaryValue"] = makeBlob(encoding::base64Decode(it->get<std::string>()).value_or(""));
      value.erase("BinaryValueBase64");
    }
  return out;
}

bool permanentFailure(int status) { return status >= 400 && status < 500 && status != 429; }

}  // namespace

Json DeliveryJob::toJson() const {
  return {{"id", id},
          {"protocol", protocol},
          {"endpoint", endpoint},
          {"subscription_arn", subscription_arn},
          {"topic_arn", topic_arn},
          {"message_type", message_type},
          {"message_id", message_id},
          {"body", body},
          {"sqs_attributes", storableAttributes(sqs_attributes)},
          {"group_id", group_id},
          {"deduplication_id", deduplication_id},
          {"dead_letter_arn", dead_letter_arn},
          {"raw", raw},
          {"http", http.toJson()}};
}

DeliveryJob DeliveryJob::fromJson(const Json& doc) {
  DeliveryJob job;
  job.id = doc.value("id", std::uint64_t{0});
  job.protocol = doc.value("protocol", "");
  job.endpoint = doc.value("endpoint", "");
  job.subscription_arn = doc.value("subscription_arn", "");
  job.topic_arn = doc.value("topic_arn", "");
  job.message_type = doc.value("message_type", "Notification");
  job.message_id = doc.value("message_id", "");
  job.body = doc.value("body", "");
  job.sqs_attributes = loadedAttributes(doc.value("sqs_attributes", Json::object()));
  job.group_id = doc.value("group_id", "");
  job.deduplication_id = doc.value("deduplication_id", "");
  job.dead_letter_arn = doc.value("dead_letter_arn", "");
  job.raw = doc.value("raw", false);
  job.http = HttpRetryPolicy::fromJson(doc.value("http", Json::object()));
  return job;
}

Deliveries::Deliveries(events::EventBus& bus, asio::any_io_executor background, SnsStore& store,
                       bool verify_https)
    : shared_(std::make_shared<Shared>(bus, std::move(background), store, verify_https)) {}

Deliveries::~Deliveries() { stopping(); }

void Deliveries::stopping() { shared_->stopping = true; }

void Deliveries::resumeAfter(std::uint64_t id) {
  auto next = shared_->next_id.load();
  while (next <= id && !shared_->next_id.compare_exchange_weak(next, id + 1)) {
  }
}

DeliveryJob Deliveries::enqueue(DeliveryJob job) {
  job.id = shared_->next_id++;
  if (shared_->store.attached()) shared_->store.addOutbox(job.id, job.toJson());
  return job;
}

void Deliveries::start(DeliveryJob job) {
  if (job.protocol == "http" || job.protocol == "https") return startHttp(shared_, std::move(job));
  // sqs, lambda, firehose: the event bus (it retries; no target yet means a failure).
  events::Delivery delivery;
  delivery.target_arn = job.endpoint;
  delivery.source_arn = job.topic_arn;
  delivery.body = job.body;
  delivery.message_attributes = job.sqs_attributes;
  delivery.message_group_id = job.group_id;
  delivery.message_deduplication_id = job.deduplication_id;
  delivery.sender_id = "AIDAIT2UOQQY3AUEKVGXU";  // the id SNS deliveries carry as SenderId
  delivery.description = "sns " + job.message_type + " " + job.message_id;
  auto shared = shared_;
  auto held = std::make_shared<DeliveryJob>(std::move(job));
  shared->bus.publish(std::move(delivery), [shared, held](bool delivered) {
    finish(shared, *held, delivered, delivered ? "" : "the event bus gave up (see its log)");
  });
}

// The final outcome: out of the outbox, and to the dead-letter queue when it did not arrive.
// During shutdown a failure is the closing bus's: the job stays for the next start.
void Deliveries::finish(const std::shared_ptr<Shared>& shared, const DeliveryJob& job,
                        bool delivered, const std::string& failure) {
  if (!delivered && shared->stopping) return;
  if (!delivered) {
    if (job.dead_letter_arn.empty()) {
      spdlog::warn("sns: delivery of {} to {} ({}) failed: {}; no dead-letter queue",
                   job.message_id, job.endpoint, job.subscription_arn, failure);
    } else {
      spdlog::info("sns: delivery of {} to {} failed ({}); sent to {}", job.message_id,
                   job.endpoint, failure, job.dead_letter_arn);
      events::Delivery dead;
      dead.target_arn = job.dead_letter_arn;
      dead.source_arn = job.topic_arn;
      dead.body = job.body;
      dead.message_attributes = job.sqs_attributes;
      dead.message_group_id = job.group_id;
      dead.message_deduplication_id = job.deduplication_id;
      dead.description = "sns dead letter " + job.message_id;
      shared->bus.publish(std::move(dead));
    }
  }
  if (job.id && shared->store.attached()) shared->store.removeOutbox(job.id);
}

// POST, then retries per the delivery policy: 5xx, 429 and no answer are retried; other 4xx are
// permanent (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html).
void Deliveries::startHttp(const std::shared_ptr<Shared>& shared, DeliveryJob job) {
  auto run = [](std::shared_ptr<Shared> shared, DeliveryJob job) -> asio::awaitable<void> {
    HttpPost post;
    post.url = job.endpoint;
    post.body = job.body;
    post.headers = {{"x-amz-sns-message-type", job.message_type},
                    {"x-amz-sns-message-id", job.message_id},
                    {"x-amz-sns-topic-arn", job.topic_arn},
                    {"Content-Type", job.http.content_type},
                    {"User-Agent", "Amazon Simple Notification Service Agent"}};
    if (job.message_type != "SubscriptionConfirmation")
      post.headers.emplace_back("x-amz-sns-subscription-arn", job.subscription_arn);
    if (job.message_type == "Notification")
      post.headers.emplace_back("x-amz-sns-rawdelivery", job.raw ? "true" : "false");
    std::string failure;
    for (int attempt = 0; attempt <= job.http.num_retries; ++attempt) {
      if (attempt > 0) {
        asio::steady_timer timer(shared->background, job.http.delayBefore(attempt));
        co_await timer.async_wait(asio::use_awaitable);
      }
      if (shared->stopping) co_return;
      HttpOutcome outcome = co_await shared->http.post(post);
      if (outcome.status >= 200 && outcome.status < 400) {
        spdlog::debug("sns: {} {} delivered to {} ({})", job.message_type, job.message_id,
                      job.endpoint, outcome.status);
        finish(shared, job, true, "");
        co_return;
      }
      failure = outcome.status ? "HTTP " + std::to_string(outcome.status) : outcome.error;
      spdlog::warn("sns: {} {} to {} failed (attempt {}): {}", job.message_type, job.message_id,
                   job.endpoint, attempt + 1, failure);
      if (permanentFailure(outcome.status)) break;
    }
    // Confirmations are not notifications: they are not dead-lettered.
    if (job.message_type != "Notification") job.dead_letter_arn.clear();
    finish(shared, job, false, failure);
  };
  asio::co_spawn(shared->background, run(shared, std::move(job)), asio::detached);
}

}  // namespace awsemu::sns
