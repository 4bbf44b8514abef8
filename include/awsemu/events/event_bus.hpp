#pragma once
// The in-process event bus through which services deliver to each other: S3 notifications and SNS
// fan-out to SQS queues, later to Lambda functions and HTTP endpoints. A service that can receive
// deliveries registers itself as the target for the ARNs of its service ("sqs"); senders publish a
// Delivery addressed by ARN and never call the target service directly.
//
// Deliveries are asynchronous (publish returns at once), retried with back-off when the target
// fails, and every outcome is logged. deliverNow() is the synchronous form for callers that must
// report the result to their own client.
#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu::events {

struct Delivery {
  std::string target_arn;  // arn:aws:sqs:us-east-1:000000000000:orders
  std::string source_arn;  // the sender: arn:aws:s3:::bucket, arn:aws:sns:...:topic
  // The account the sender acts for (aws:SourceAccount), when its ARN does not say (S3 buckets).
  std::string source_account;
  std::string body;  // the message exactly as the target stores it (AWS's event format)
  Json message_attributes = Json::object();  // SQS form: {"Name": {"DataType", "StringValue"}}
  std::string message_group_id;              // FIFO targets
  std::string message_deduplication_id;      // FIFO targets
  std::string sender_id;                     // who the target says sent it (SQS SenderId)
  std::string description;                   // for logs: "s3:ObjectCreated:Put orders/1.json"
};

// A service that accepts deliveries. deliver() stores the delivery or throws (AwsError when the
// target refuses it, e.g. the queue does not exist).
class DeliveryTarget {
 public:
  virtual ~DeliveryTarget() = default;
  virtual void deliver(const Delivery& delivery) = 0;
};

// Asked before a delivery reaches its target: throws (as the target would) to refuse it. With
// ENFORCE_IAM the target's resource policy must allow the sending service
// (awsemu/service/delivery_authorization.hpp).
using DeliveryCheck = std::function<void(const Delivery& delivery, DeliveryTarget& target)>;

struct RetryPolicy {
  int attempts = 3;  // including the first
  std::chrono::milliseconds first_delay{1000};
  double backoff = 2.0;
};

class EventBus {
 public:
  explicit EventBus(boost::asio::any_io_executor executor, RetryPolicy retry = {});
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // `service` is the ARN's service field ("sqs"). The target must outlive its registration.
  void addTarget(const std::string& service, DeliveryTarget& target);
  void removeTarget(const std::string& service);
  // Every delivery (publish and deliverNow) passes `check` first; a refusal counts as a failure.
  void setCheck(DeliveryCheck check);

  // Queues the delivery on the bus's executor; `done` (optional) learns whether it finally arrived.
  void publish(Delivery delivery, std::function<void(bool delivered)> done = {});
  // Delivers on the caller's thread, once; throws what the target throws, or std::invalid_argument
  // when no target handles the ARN.
  void deliverNow(const Delivery& delivery);

  std::uint64_t inFlight() const { return state_->in_flight.load(); }
  // Shutdown: deliveries not yet attempted end as failed; none starts after this returns (one
  // already running on the executor finishes). Also done by the destructor.
  void close();

 private:
  // Everything a queued delivery or retry timer touches. Tasks hold it by shared_ptr, so the bus
  // itself may be destroyed while they are still queued on the executor.
  struct State {
    State(boost::asio::any_io_executor e, RetryPolicy r) : executor(std::move(e)), retry(r) {}
    const boost::asio::any_io_executor executor;
    const RetryPolicy retry;
    std::mutex mutex;  // guards targets
    std::map<std::string, DeliveryTarget*> targets;
    DeliveryCheck check;  // guarded by mutex too
    // Held shared while a delivery runs, exclusively by close(): close waits for those running.
    std::shared_mutex delivering;
    std::atomic<std::uint64_t> in_flight{0};
    std::atomic<bool> closed{false};
  };
  static DeliveryTarget* targetFor(State& state, const std::string& arn);
  // The target after the check (if any) let the delivery through; throws as targetFor's caller.
  static void deliverTo(State& state, DeliveryTarget& target, const Delivery& delivery);
  static void attempt(const std::shared_ptr<State>& state, std::shared_ptr<Delivery> delivery,
                      int number, std::function<void(bool)> done);

  std::shared_ptr<State> state_;
};

}  // namespace awsemu::events
