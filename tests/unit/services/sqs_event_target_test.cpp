// SQS as a target of the in-process event bus: deliveries from other services (an S3 event
// notification, an SNS message to a FIFO queue) land in the queue the ARN names.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/environment.hpp"
#include "services/sqs/sqs_service.hpp"

namespace awsemu::sqs {
namespace {

class SqsEventTarget : public testing::Test {
 protected:
  SqsEventTarget()
      : storage_(false, ""),
        bus_(context_.get_executor()),
        env_{config_, storage_, credentials_, bus_, context_.get_executor()} {
    service_.start(env_);
  }
  ~SqsEventTarget() override { service_.stop(); }

  // Every SQS handler is asynchronous: its answer waits for the commit of its writes.
  Json call(const std::string& operation, const Json& input) {
    RequestContext ctx;
    ctx.operation = operation;
    auto future = boost::asio::co_spawn(
        context_, service_.handlers().at(operation).async(ctx, input), boost::asio::use_future);
    context_.restart();
    context_.run();
    context_.restart();  // ready for the test's own run()
    return future.get();
  }

  Json receive(const Json& input) { return call("ReceiveMessage", input); }

  config::Config config_;
  storage::StorageLocation storage_;
  service::CredentialRegistry credentials_;
  boost::asio::io_context context_;
  events::EventBus bus_;
  service::ServiceEnvironment env_;
  SqsService service_;
};

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
TEST_F(SqsEventTarget, AnS3NotificationArrivesAsTheMessageBody) {
  std::string url = call("CreateQueue", {{"QueueName", "uploads"}})["QueueUrl"];
  Json event = {{"Records",
                 {{{"eventVersion", "2.1"},
                   {"eventSource", "aws:s3"},
                   {"eventName", "ObjectCreated:Put"},
                   {"s3", {{"bucket", {{"name", "b"}}}, {"object", {{"key", "k.txt"}}}}}}}}};
  events::Delivery delivery;
  delivery.target_arn = "arn:aws:sqs:us-east-1:000000000000:uploads";
  delivery.source_arn = "arn:aws:s3:::b";
  delivery.body = event.dump();
  delivery.sender_id = "AIDAJQR6QDGQ7PATMSYEY";
  bool delivered = false;
  bus_.publish(delivery, [&](bool ok) { delivered = ok; });
  context_.run();
  ASSERT_TRUE(delivered);

  Json got = receive({{"QueueUrl", url}, {"AttributeNames", {"SenderId"}}});
  ASSERT_EQ(got["Messages"].size(), 1u);
  EXPECT_EQ(Json::parse(got["Messages"][0]["Body"].get<std::string>()), event);
  EXPECT_EQ(got["Messages"][0]["Attributes"]["SenderId"], "AIDAJQR6QDGQ7PATMSYEY");
}

TEST_F(SqsEventTarget, FifoTargetsNeedAGroupAndKeepItsOrder) {
  std::string url = call(
      "CreateQueue",
      {{"QueueName", "events.fifo"},
       {"Attributes", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}}}})["QueueUrl"];
  events::Delivery delivery;
  delivery.target_arn = "arn:aws:sqs:us-east-1:000000000000:events.fifo";
  delivery.body = "first";
  EXPECT_THROW(bus_.deliverNow(delivery), AwsError);  // MessageGroupId is required
  delivery.message_group_id = "g";
  bus_.deliverNow(delivery);
  delivery.body = "second";
  bus_.deliverNow(delivery);
  Json got = receive({{"QueueUrl", url}, {"MaxNumberOfMessages", 10}});
  ASSERT_EQ(got["Messages"].size(), 2u);
  EXPECT_EQ(got["Messages"][0]["Body"], "first");
  EXPECT_EQ(got["Messages"][1]["Body"], "second");
}

TEST_F(SqsEventTarget, AMissingQueueFailsTheDelivery) {
  events::Delivery delivery;
  delivery.target_arn = "arn:aws:sqs:us-east-1:000000000000:nowhere";
  delivery.body = "x";
  try {
    bus_.deliverNow(delivery);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "QueueDoesNotExist");
  }
}

}  // namespace
}  // namespace awsemu::sqs
