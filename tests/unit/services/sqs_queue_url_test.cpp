// Queue URLs: every form a request may use, and the forms awsemu hands out.
#include "services/sqs/queue_url.hpp"

#include <gtest/gtest.h>

namespace awsemu::sqs {
namespace {

struct UrlCase {
  const char* url;
  const char* account;
  const char* region;
  const char* name;
};

class ParseQueueUrl : public testing::TestWithParam<UrlCase> {};

TEST_P(ParseQueueUrl, FindsAccountRegionAndName) {
  auto address = parseQueueUrl(GetParam().url);
  ASSERT_TRUE(address) << GetParam().url;
  EXPECT_EQ(address->account, GetParam().account);
  EXPECT_EQ(address->region, GetParam().region);
  EXPECT_EQ(address->name, GetParam().name);
}

INSTANTIATE_TEST_SUITE_P(
    AllForms, ParseQueueUrl,
    testing::Values(
        UrlCase{"http://sqs.eu-west-1.localhost.localstack.cloud:4566/000000000000/orders",
                "000000000000", "eu-west-1", "orders"},
        UrlCase{"http://localhost:4566/123456789012/orders.fifo", "123456789012", "",
                "orders.fifo"},
        UrlCase{"https://sqs.us-west-2.amazonaws.com/123456789012/q", "123456789012", "us-west-2",
                "q"},
        UrlCase{"https://queue.amazonaws.com/123456789012/q", "123456789012", "us-east-1", "q"},
        UrlCase{"https://ap-south-1.queue.amazonaws.com/123456789012/q", "123456789012",
                "ap-south-1", "q"},
        UrlCase{"http://localhost.localstack.cloud:4566/queue/eu-central-1/000000000000/q",
                "000000000000", "eu-central-1", "q"},
        UrlCase{"http://EU-WEST-1.QUEUE.localhost.localstack.cloud:4566/000000000000/q",
                "000000000000", "eu-west-1", "q"},
        UrlCase{"/000000000000/q", "000000000000", "", "q"},
        UrlCase{"http://host/000000000000/q/", "000000000000", "", "q"},
        // A bare name: the caller's account and region, the name exactly as given.
        UrlCase{"orders", "", "", "orders"}, UrlCase{"Orders.fifo", "", "", "Orders.fifo"}));

TEST(ParseQueueUrl, RejectsWhatIsNotAQueueUrl) {
  for (const char* url :
       {"", "http://localhost:4566/", "http://localhost:4566/orders",
        "http://localhost:4566/12345/orders", "ftp://x/000000000000/q",
        "http://localhost:4566/000000000000/q/extra", "http://[bad/000000000000/q", "orders/",
        "000000000000/orders", "localhost:4566"})
    EXPECT_FALSE(parseQueueUrl(url)) << url;
}

TEST(FormatQueueUrl, EachStrategy) {
  QueueUrlStyle style{"standard", "localhost.localstack.cloud:4566", "127.0.0.1:4566"};
  EXPECT_EQ(formatQueueUrl(style, "us-east-1", "000000000000", "q"),
            "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/q");
  style.strategy = "domain";
  EXPECT_EQ(formatQueueUrl(style, "us-east-1", "000000000000", "q"),
            "http://queue.localhost.localstack.cloud:4566/000000000000/q");
  EXPECT_EQ(formatQueueUrl(style, "eu-west-1", "000000000000", "q"),
            "http://eu-west-1.queue.localhost.localstack.cloud:4566/000000000000/q");
  style.strategy = "path";
  EXPECT_EQ(formatQueueUrl(style, "eu-west-1", "000000000000", "q"),
            "http://localhost.localstack.cloud:4566/queue/eu-west-1/000000000000/q");
  style.strategy = "off";
  EXPECT_EQ(formatQueueUrl(style, "eu-west-1", "000000000000", "q"),
            "http://127.0.0.1:4566/000000000000/q");
}

TEST(FormatQueueUrl, EveryFormatParsesBack) {
  for (const char* strategy : {"standard", "domain", "path", "off"}) {
    QueueUrlStyle style{strategy, "myhost:1234", "10.0.0.1:4566"};
    auto address = parseQueueUrl(formatQueueUrl(style, "eu-west-1", "111122223333", "n"));
    ASSERT_TRUE(address) << strategy;
    EXPECT_EQ(address->account, "111122223333");
    EXPECT_EQ(address->name, "n");
  }
}

}  // namespace
}  // namespace awsemu::sqs
