#pragma once
// Deliveries to subscribers, all asynchronous: SQS queues (and Lambda functions, Firehose streams
// once they take deliveries) through the event bus, HTTP/S endpoints by a coroutine on the
// background executor (http_client.hpp: TLS, SNI, certificates verified with SNS_HTTPS_VERIFY). A
// delivery that finally fails goes to the subscription's dead-letter queue (RedrivePolicy). Each
// job sits in the store's outbox until it is finished, so with PERSISTENCE a restart resumes what
// had not arrived (at least once).
#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "awsemu/core/json.hpp"
#include "awsemu/events/event_bus.hpp"
#include "services/sns/delivery_policy.hpp"
#include "services/sns/http_client.hpp"
#include "services/sns/sns_store.hpp"

namespace awsemu::sns {

struct DeliveryJob {
  std::uint64_t id = 0;  // outbox id
  std::string protocol, endpoint, subscription_arn, topic_arn;
  std::string message_type = "Notification";  // HTTP x-amz-sns-message-type
  std::string message_id;
  std::string body;
  Json sqs_attributes = Json::object();  // raw SQS deliveries: the message attributes
  std::string group_id, deduplication_id;
  std::string dead_letter_arn;
  bool raw = false;
  HttpRetryPolicy http;

  Json toJson() const;
  static DeliveryJob fromJson(const Json& doc);
};

class Deliveries {
 public:
  // `verify_https`: check https endpoints' certificates (SNS_HTTPS_VERIFY).
  Deliveries(events::EventBus& bus, boost::asio::any_io_executor background, SnsStore& store,
             bool verify_https);
  ~Deliveries();

  // Records the job in the outbox (the caller holds the state lock, so outbox writes follow the
  // state's order) and returns it with its id; start() sends it.
  DeliveryJob enqueue(DeliveryJob job);
  void start(DeliveryJob job);
  // Shutting down: deliveries that fail from now on stay in the outbox for the next start.
  void stopping();
  std::uint64_t nextId() const { return shared_->next_id.load(); }
  void resumeAfter(std::uint64_t id);  // ids of reloaded jobs are taken

 private:
  struct Shared {
    Shared(events::EventBus& b, boost::asio::any_io_executor e, SnsStore& s, bool verify_https)
        : bus(b), background(std::move(e)), store(s), http(verify_https) {}
    events::EventBus& bus;
    boost::asio::any_io_executor background;
    SnsStore& store;
    HttpClient http;
    std::atomic<std::uint64_t> next_id{1};
    std::atomic<bool> stopping{false};
  };
  static void finish(const std::shared_ptr<Shared>& shared, const DeliveryJob& job, bool delivered,
                     const std::string& failure);
  static void startHttp(const std::shared_ptr<Shared>& shared, DeliveryJob job);

  std::shared_ptr<Shared> shared_;
};

}  // namespace awsemu::sns
