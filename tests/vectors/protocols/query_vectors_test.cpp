// botocore's awsQuery protocol vectors against queryCodec() (server direction), plus checks with
// the real query models (STS, IAM, CloudWatch) that the vectors do not cover.
#include <pugixml.hpp>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "vector_harness.hpp"

AWSEMU_PROTOCOL_VECTORS(QueryInput, "input/query.json", awsemu::protocol::queryCodec());
AWSEMU_PROTOCOL_VECTORS(QueryOutput, "output/query.json", awsemu::protocol::queryCodec());

// ---- beyond the vectors: the real query models ----------------------------------------------
namespace awsemu::protocol {
namespace {

std::shared_ptr<const ServiceModel> loadService(const std::string& service) {
  return ServiceModel::load(std::string(AWSEMU_SOURCE_DIR) + "/services/" + service +
                            "/model.json");
}

HttpRequest formRequest(std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.setTarget("/");
  request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body.memory = std::move(body);
  request.body.size = request.body.memory.size();
  return request;
}

TEST(QueryCodec, SerialisesGetCallerIdentityInItsEnvelope) {
  auto sts = loadService("sts");
  const Operation* op = sts->findOperation("GetCallerIdentity");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(queryCodec().parseRequest(*sts, *op,
                                      formRequest("Action=GetCallerIdentity&Version=2011-06-15")),
            Json::object());
  HttpResponse response =
      queryCodec().serializeResponse(*sts, *op,
                                     Json{{"Account", "000000000000"},
                                          {"Arn", "arn:aws:iam::000000000000:root"},
                                          {"UserId", "000000000000"}},
                                     ResponseContext{"req-1", ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body,
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            "<GetCallerIdentityResult><Account>000000000000</Account>"
            "<Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId>"
            "</GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId>"
            "</ResponseMetadata></GetCallerIdentityResponse>");
  EXPECT_EQ(*findHeader(response.headers, "Content-Type"), "text/xml");
}

TEST(QueryCodec, MalformedIntegerIsAValidationError) {
  auto iam = loadService("iam");
  const Operation* op = iam->findOperation("ListUsers");
  ASSERT_NE(op, nullptr);
  try {
    queryCodec().parseRequest(*iam, *op, formRequest("Action=ListUsers&MaxItems=ten"));
    FAIL() << "expected an error";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "ValidationError");
    EXPECT_EQ(error.http_status, 400);
  }
  Json input = queryCodec().parseRequest(
      *iam, *op, formRequest("Action=ListUsers&MaxItems=10&PathPrefix=%2Fa+b%2F"));
  EXPECT_EQ(input, (Json{{"MaxItems", 10}, {"PathPrefix", "/a b/"}}));
}

TEST(QueryCodec, ErrorUsesTheModelledCode) {
  auto iam = loadService("iam");
  AwsError error("NoSuchEntityException", "The user with name bob cannot be found.", 404);
  HttpResponse response =
      queryCodec().serializeError(*iam, nullptr, error, ResponseContext{"r-2", ""});
  EXPECT_EQ(response.status, 404);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(response.body.c_str()));
  auto root = document.child("ErrorResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://iam.amazonaws.com/doc/2010-05-08/");
  EXPECT_STREQ(root.child("Error").child_value("Type"), "Sender");
  EXPECT_STREQ(root.child("Error").child_value("Code"), "NoSuchEntity");
  EXPECT_STREQ(root.child("Error").child_value("Message"),
               "The user with name bob cannot be found.");
  EXPECT_STREQ(root.child_value("RequestId"), "r-2");
}

TEST(QueryCodec, ServesCloudWatchsCborModelOverQuery) {
  auto cloudwatch = loadService("cloudwatch");
  const Operation* op = cloudwatch->findOperation("PutMetricData");
  ASSERT_NE(op, nullptr);
  Json input = queryCodec().parseRequest(
      *cloudwatch, *op,
      formRequest("Action=PutMetricData&Version=2010-08-01&Namespace=App"
                  "&MetricData.member.1.MetricName=Latency&MetricData.member.1.Value=1.5"
                  "&MetricData.member.1.Timestamp=2024-01-02T03%3A04%3A05Z"
                  "&MetricData.member.1.Dimensions.member.1.Name=Host"
                  "&MetricData.member.1.Dimensions.member.1.Value=a"
                  "&MetricData.member.2.MetricName=Count&MetricData.member.2.Value=3"));
  EXPECT_EQ(input.at("Namespace"), "App");
  ASSERT_EQ(input.at("MetricData").size(), 2u);
  EXPECT_EQ(input["MetricData"][0]["MetricName"], "Latency");
  EXPECT_EQ(input["MetricData"][0]["Value"], 1.5);
  EXPECT_EQ(input["MetricData"][0]["Timestamp"], 1704164645);
  EXPECT_EQ(input["MetricData"][0]["Dimensions"],
            (Json::array({{{"Name", "Host"}, {"Value", "a"}}})));
  EXPECT_EQ(input["MetricData"][1]["Value"], 3.0);
}

}  // namespace
}  // namespace awsemu::protocol
