// The event bus: targets by ARN service, asynchronous delivery with retries, synchronous delivery.
#include "awsemu/events/event_bus.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <stdexcept>
#include <vector>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::events {
namespace {

struct RecordingTarget : DeliveryTarget {
  int failures_left = 0;
  std::vector<Delivery> received;
  void deliver(const Delivery& delivery) override {
    if (failures_left > 0) {
      --failures_left;
      throw AwsError("QueueDoesNotExist", "not yet", 400);
    }
    received.push_back(delivery);
  }
};

Delivery toQueue(const std::string& body) {
  Delivery d;
  d.target_arn = "arn:aws:sqs:us-east-1:000000000000:orders";
  d.source_arn = "arn:aws:s3:::bucket";
  d.body = body;
  return d;
}

TEST(EventBus, PublishDeliversAsynchronouslyToTheTargetOfTheArnsService) {
  boost::asio::io_context context;
  EventBus bus(context.get_executor());
  RecordingTarget target;
  bus.addTarget("sqs", target);
  bool outcome = false;
  bus.publish(toQueue("hello"), [&](bool delivered) { outcome = delivered; });
  EXPECT_TRUE(target.received.empty());  // nothing happens on the caller's thread
  EXPECT_EQ(bus.inFlight(), 1u);
  context.run();
  ASSERT_EQ(target.received.size(), 1u);
  EXPECT_EQ(target.received[0].body, "hello");
  EXPECT_TRUE(outcome);
  EXPECT_EQ(bus.inFlight(), 0u);
}

TEST(EventBus, FailedDeliveriesAreRetriedWithBackOffThenGivenUp) {
  boost::asio::io_context context;
  EventBus bus(context.get_executor(), RetryPolicy{3, std::chrono::milliseconds(1), 2.0});
  RecordingTarget target;
  target.failures_left = 2;
  bus.addTarget("sqs", target);
  bool outcome = false;
  bus.publish(toQueue("third time"), [&](bool delivered) { outcome = delivered; });
  context.run();
  EXPECT_TRUE(outcome);
  ASSERT_EQ(target.received.size(), 1u);

  target.failures_left = 5;
  context.restart();
  bus.publish(toQueue("never"), [&](bool delivered) { outcome = delivered; });
  context.run();
  EXPECT_FALSE(outcome);
  EXPECT_EQ(target.received.size(), 1u);
  EXPECT_EQ(target.failures_left, 2);  // three attempts
}

TEST(EventBus, UnknownTargetsFail) {
  boost::asio::io_context context;
  EventBus bus(context.get_executor(), RetryPolicy{1, std::chrono::milliseconds(1), 1.0});
  Delivery d = toQueue("x");
  d.target_arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  EXPECT_THROW(bus.deliverNow(d), std::invalid_argument);
  bool outcome = true;
  bus.publish(d, [&](bool delivered) { outcome = delivered; });
  context.run();
  EXPECT_FALSE(outcome);
}

TEST(EventBus, DeliverNowThrowsWhatTheTargetThrows) {
  boost::asio::io_context context;
  EventBus bus(context.get_executor());
  RecordingTarget target;
  target.failures_left = 1;
  bus.addTarget("sqs", target);
  EXPECT_THROW(bus.deliverNow(toQueue("x")), AwsError);
  bus.deliverNow(toQueue("y"));
  EXPECT_EQ(target.received.size(), 1u);
  bus.removeTarget("sqs");
  EXPECT_THROW(bus.deliverNow(toQueue("z")), std::invalid_argument);
}

}  // namespace
}  // namespace awsemu::events
