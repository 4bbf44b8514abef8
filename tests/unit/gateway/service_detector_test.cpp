#include "awsemu/gateway/service_detector.hpp"

#include <gtest/gtest.h>

#include "src/gateway/form_params.hpp"

using awsemu::HttpRequest;
using awsemu::gateway::detectService;
using awsemu::gateway::findFormParam;
using awsemu::protocol::Protocol;

namespace {

HttpRequest request(std::string method, std::string target, awsemu::HeaderList headers) {
  HttpRequest r;
  r.method = std::move(method);
  r.setTarget(std::move(target));
  r.headers = std::move(headers);
  return r;
}

std::string scope(const std::string& service) {
  return "AWS4-HMAC-SHA256 Credential=test/20240101/eu-west-1/" + service +
         "/aws4_request, SignedHeaders=host, Signature=00";
}

TEST(ServiceDetector, JsonTarget) {
  auto route = detectService(request("POST", "/", {{"x-amz-target", "AmazonSQS.SendMessage"}}));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->service, "sqs");
  EXPECT_EQ(route->protocol, Protocol::Json);
  EXPECT_EQ(route->operation, "SendMessage");
  route = detectService(
      request("POST", "/", {{"x-amz-target", "DynamoDBStreams_20120810.ListStreams"}}));
  EXPECT_EQ(route->service, "dynamodbstreams");
  route = detectService(request("POST", "/", {{"x-amz-target", "Nope.Op"}}));
  EXPECT_EQ(route->service, "");
}

TEST(ServiceDetector, Cbor) {
  auto route = detectService(
      request("POST", "/service/GraniteServiceVersion20100801/operation/PutMetricData",
              {{"smithy-protocol", "rpc-v2-cbor"}}));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->service, "cloudwatch");
  EXPECT_EQ(route->protocol, Protocol::SmithyRpcV2Cbor);
  EXPECT_EQ(route->operation, "PutMetricData");
}

TEST(ServiceDetector, CredentialScope) {
  auto route = detectService(request("POST", "/", {{"authorization", scope("monitoring")}}));
  EXPECT_EQ(route->service, "cloudwatch");
  EXPECT_EQ(route->protocol, Protocol::Query);
  route =
      detectService(request("GET", "/2015-03-31/functions", {{"authorization", scope("lambda")}}));
  EXPECT_EQ(route->service, "lambda");
  EXPECT_EQ(route->protocol, Protocol::RestJson);
  route = detectService(request("GET",
                                "/?Action=GetCallerIdentity&X-Amz-Credential=AKID%2F20240101%2Fus-"
                                "east-1%2Fsts%2Faws4_request",
                                {}));
  EXPECT_EQ(route->service, "sts");
  EXPECT_FALSE(detectService(request("POST", "/", {{"authorization", scope("ec2")}})));
}

TEST(ServiceDetector, S3HostNames) {
  auto route = detectService(request(
      "GET", "/key",
      {{"host", "bucket.s3.localhost.localstack.cloud:4566"}, {"authorization", scope("s3")}}));
  EXPECT_EQ(route->service, "s3");
  EXPECT_EQ(route->s3_bucket, "bucket");
  route = detectService(request("GET", "/", {{"host", "my.bucket.localhost:4566"}}));
  EXPECT_EQ(route->s3_bucket, "my.bucket");
  route = detectService(request("GET", "/b/k", {{"host", "localhost:4566"}}));
  EXPECT_EQ(route->service, "s3");
  EXPECT_EQ(route->s3_bucket, "");
}

TEST(ServiceDetector, HostNamesOfOtherServices) {
  auto route = detectService(
      request("GET", "/", {{"host", "sqs.eu-west-1.localhost.localstack.cloud:4566"}}));
  EXPECT_EQ(route->service, "sqs");
  EXPECT_EQ(route->region, "eu-west-1");
  route = detectService(request("POST", "/123456789012/q", {{"host", "queue.amazonaws.com"}}));
  EXPECT_EQ(route->service, "sqs");
}

TEST(ServiceDetector, UnsignedFormPostWaitsForItsAction) {
  auto route = detectService(
      request("POST", "/", {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->service, "");
  EXPECT_EQ(route->protocol, Protocol::Query);
  route = detectService(request("GET", "/?Action=AssumeRoleWithWebIdentity&RoleArn=x", {}));
  EXPECT_EQ(route->service, "sts");
}

// SNS hands out SubscribeURLs on the host its client used: the unsigned action must be known
// before authentication there too, or SIGV4_VERIFY=strict refuses the subscriber's plain GET.
TEST(ServiceDetector, UnsignedActionOnAServiceHost) {
  auto route = detectService(request("GET", "/?Action=ConfirmSubscription&TopicArn=t&Token=x",
                                     {{"host", "sns.eu-west-1.localhost.localstack.cloud:4566"}}));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->service, "sns");
  EXPECT_EQ(route->operation, "ConfirmSubscription");
  EXPECT_EQ(route->region, "eu-west-1");
  // Any other action stays an ordinary request (signed, or refused when strict).
  route = detectService(request("GET", "/?Action=ListTopics",
                                {{"host", "sns.eu-west-1.localhost.localstack.cloud:4566"}}));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->operation, "");
  // Another service's unsigned action is not this host's.
  route = detectService(request("GET", "/?Action=AssumeRoleWithWebIdentity",
                                {{"host", "sns.eu-west-1.localhost.localstack.cloud:4566"}}));
  EXPECT_EQ(route->operation, "");
}

TEST(FormParams, FindsDecodesAndRejects) {
  EXPECT_EQ(findFormParam("Action=Send+Message&x=1", "Action"), "Send Message");
  EXPECT_EQ(findFormParam("a=%2Fb%20c", "a"), "/b c");
  EXPECT_EQ(findFormParam("flag&b=2", "flag"), "");
  EXPECT_EQ(findFormParam("a=1", "b"), std::nullopt);
  EXPECT_EQ(findFormParam("a=%zz", "a"), std::nullopt);  // not percent-encoding
}

}  // namespace
