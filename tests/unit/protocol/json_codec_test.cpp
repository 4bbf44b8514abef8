// awsJson and smithy-rpc-v2-cbor codecs on the bundled models: what the vectors do not cover
// (malformed bodies, hostile nesting, query-compatible errors of real services).
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "src/protocol/cbor.hpp"

namespace awsemu::protocol {
namespace {

std::shared_ptr<const ServiceModel> loadModel(const std::string& service) {
  return ServiceModel::load(std::string(AWSEMU_SOURCE_DIR) + "/services/" + service +
                            "/model.json");
}

HttpRequest jsonRequest(std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.setTarget("/");
  request.body.memory = std::move(body);
  request.body.size = request.body.memory.size();
  return request;
}

AwsError parseError(const ServiceModel& model, const std::string& op, std::string body) {
  try {
    jsonCodec().parseRequest(model, *model.findOperation(op), jsonRequest(std::move(body)));
  } catch (const AwsError& e) {
    return e;
  }
  return AwsError{"none", "no error"};
}

TEST(JsonCodec, ParsesSqsSendMessage) {
  auto sqs = loadModel("sqs");
  Json input = jsonCodec().parseRequest(
      *sqs, *sqs->findOperation("SendMessage"),
      jsonRequest(R"({"QueueUrl":"http://q","MessageBody":"hi","DelaySeconds":5,"Unknown":1,
                     "MessageAttributes":{"a":{"DataType":"Binary","BinaryValue":"AAE="}}})"));
  EXPECT_EQ(input["QueueUrl"], "http://q");
  EXPECT_EQ(input["DelaySeconds"], 5);
  EXPECT_FALSE(input.contains("Unknown"));
  EXPECT_EQ(input["MessageAttributes"]["a"]["BinaryValue"], makeBlob(std::string("\x00\x01", 2)));
  EXPECT_EQ(jsonCodec().parseRequest(*sqs, *sqs->findOperation("ListQueues"), jsonRequest("")),
            Json::object());
}

TEST(JsonCodec, RejectsMalformedBodies) {
  auto sqs = loadModel("sqs");
  EXPECT_EQ(parseError(*sqs, "SendMessage", "{").code, "SerializationException");
  EXPECT_EQ(parseError(*sqs, "SendMessage", "[1]").code, "SerializationException");
  AwsError wrong_type = parseError(*sqs, "SendMessage", R"({"DelaySeconds":"5"})");
  EXPECT_EQ(wrong_type.code, "SerializationException");
  EXPECT_EQ(wrong_type.message, "STRING_VALUE can not be converted to Integer");
  EXPECT_EQ(wrong_type.http_status, 400);
  EXPECT_EQ(
      parseError(*sqs, "SendMessage", R"({"MessageAttributes":{"a":{"BinaryValue":"!!"}}})").code,
      "SerializationException");
}

TEST(JsonCodec, BoundsRecursiveNesting) {
  auto model = ServiceModel::fromJson(Json::parse(R"({
    "metadata": {"protocol": "json", "jsonVersion": "1.1"},
    "operations": {"Op": {"name": "Op", "input": {"shape": "Node"}}},
    "shapes": {"Node": {"type": "structure", "members": {"Next": {"shape": "Node"}}}}})"));
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += R"({"Next":)";
  deep += "{}" + std::string(5000, '}');
  EXPECT_EQ(parseError(*model, "Op", deep).code, "SerializationException");
  std::string shallow = R"({"Next":{"Next":{}}})";
  EXPECT_EQ(parseError(*model, "Op", shallow).code, "none");
}

TEST(JsonCodec, QueryCompatibleErrorsOfSqs) {
  auto sqs = loadModel("sqs");
  ResponseContext ctx{"req-1", ""};
  HttpResponse modelled = jsonCodec().serializeError(
      *sqs, nullptr, AwsError("QueueDoesNotExist", "The specified queue does not exist."), ctx);
  EXPECT_EQ(modelled.status, 400);
  EXPECT_EQ(*findHeader(modelled.headers, "x-amzn-query-error"), "QueueDoesNotExist;Sender");
  EXPECT_EQ(*findHeader(modelled.headers, "content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(*findHeader(modelled.headers, "x-amzn-requestid"), "req-1");
  EXPECT_EQ(
      Json::parse(modelled.body),
      Json::parse(
          R"({"__type":"QueueDoesNotExist","message":"The specified queue does not exist."})"));
  AwsError internal = errors::internalFailure("boom");
  HttpResponse unmodelled = jsonCodec().serializeError(*sqs, nullptr, internal, ctx);
  EXPECT_EQ(unmodelled.status, 500);
  EXPECT_EQ(*findHeader(unmodelled.headers, "x-amzn-query-error"), "InternalFailure;Receiver");
}

TEST(JsonCodec, NonQueryCompatibleErrorsHaveNoQueryHeader) {
  auto dynamodb = loadModel("dynamodb");
  HttpResponse response = jsonCodec().serializeError(
      *dynamodb, nullptr, AwsError("ResourceNotFoundException", "not found"), {});
  EXPECT_EQ(findHeader(response.headers, "x-amzn-query-error"), nullptr);
  EXPECT_EQ(Json::parse(response.body)["__type"], "ResourceNotFoundException");
}

TEST(JsonCodec, ServesCloudWatchOverJson) {
  auto cloudwatch = loadModel("cloudwatch");  // metadata.protocol is smithy-rpc-v2-cbor
  const Operation& op = *cloudwatch->findOperation("GetMetricStatistics");
  Json input = jsonCodec().parseRequest(
      *cloudwatch, op, jsonRequest(R"({"Namespace":"n","MetricName":"m","StartTime":1700000000,
                     "EndTime":"2023-11-14T22:13:20Z","Period":60})"));
  EXPECT_EQ(input["StartTime"], 1700000000);
  EXPECT_EQ(input["EndTime"], 1700000000.0);
  HttpResponse response = jsonCodec().serializeResponse(
      *cloudwatch, op,
      {{"Label", "m"}, {"Datapoints", {{{"Timestamp", 1700000000.5}, {"Sum", 2.5}}}}}, {});
  EXPECT_EQ(*findHeader(response.headers, "content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(Json::parse(response.body),
            Json::parse(R"({"Label":"m","Datapoints":[{"Timestamp":1700000000.5,"Sum":2.5}]})"));
  HttpResponse error =
      jsonCodec().serializeError(*cloudwatch, &op, AwsError("InvalidParameterValue", "bad"), {});
  EXPECT_EQ(*findHeader(error.headers, "x-amzn-query-error"), "InvalidParameterValue;Sender");
  EXPECT_EQ(Json::parse(error.body)["__type"], "InvalidParameterValueException");
}

TEST(RpcV2CborCodec, CloudWatchRoundTrip) {
  auto cloudwatch = loadModel("cloudwatch");
  const Operation& op = *cloudwatch->findOperation("GetMetricStatistics");
  cbor::Writer w;
  w.mapHeader(3);
  w.text("Namespace");
  w.text("n");
  w.text("StartTime");
  w.tag(1);
  w.integer(1700000000);
  w.text("Period");
  w.integer(60);
  HttpRequest request = jsonRequest(w.take());
  Json input = rpcV2CborCodec().parseRequest(*cloudwatch, op, request);
  EXPECT_EQ(input, Json::parse(R"({"Namespace":"n","StartTime":1700000000,"Period":60})"));
  HttpResponse response = rpcV2CborCodec().serializeResponse(
      *cloudwatch, op, {{"Datapoints", {{{"Timestamp", 1700000000}, {"Sum", "NaN"}}}}}, {});
  EXPECT_EQ(*findHeader(response.headers, "smithy-protocol"), "rpc-v2-cbor");
  EXPECT_EQ(*findHeader(response.headers, "content-type"), "application/cbor");
  Json decoded = cbor::decode(response.body);
  EXPECT_EQ(decoded["Datapoints"][0]["Timestamp"], 1700000000.0);
  EXPECT_TRUE(std::isnan(decoded["Datapoints"][0]["Sum"].get<double>()));
  HttpResponse error = rpcV2CborCodec().serializeError(
      *cloudwatch, &op, AwsError("InvalidParameterValueException", "bad"), {});
  EXPECT_EQ(*findHeader(error.headers, "x-amzn-query-error"), "InvalidParameterValue;Sender");
  EXPECT_EQ(cbor::decode(error.body),
            Json::parse(R"({"__type":"InvalidParameterValueException","message":"bad"})"));
}

TEST(RpcV2CborCodec, RejectsMalformedBodies) {
  auto cloudwatch = loadModel("cloudwatch");
  const Operation& op = *cloudwatch->findOperation("GetMetricStatistics");
  for (std::string body :
       {std::string("\xbf", 1), std::string("\x01", 1), std::string(200000, '\x81')}) {
    EXPECT_THROW(rpcV2CborCodec().parseRequest(*cloudwatch, op, jsonRequest(body)), AwsError);
  }
}

}  // namespace
}  // namespace awsemu::protocol
