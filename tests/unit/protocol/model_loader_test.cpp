// Loads every bundled services/*/model.json and checks facts the codecs rely on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {
namespace {

std::string modelPath(const std::string& service) {
  return std::string(AWSEMU_SOURCE_DIR) + "/services/" + service + "/model.json";
}

TEST(ModelLoader, LoadsEveryServiceModel) {
  int loaded = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(AWSEMU_SOURCE_DIR) + "/services")) {
    const auto path = entry.path() / "model.json";
    if (!std::filesystem::exists(path)) continue;
    SCOPED_TRACE(path.string());
    auto model = ServiceModel::load(path.string());
    ASSERT_NE(model, nullptr);
    EXPECT_FALSE(model->operations().empty());
    for (const auto& op : model->operations()) {
      EXPECT_EQ(model->findOperation(op.name), &op);
      if (op.input != kNoShape) {
        EXPECT_EQ(model->shape(op.input).type, ShapeType::Structure);
      }
    }
    ++loaded;
  }
  EXPECT_GE(loaded, 10);
}

TEST(ModelLoader, SqsIsQueryCompatibleJson) {
  auto model = ServiceModel::load(modelPath("sqs"));
  EXPECT_EQ(model->metadata().protocol, Protocol::Json);
  EXPECT_TRUE(model->metadata().aws_query_compatible);
  EXPECT_EQ(model->metadata().target_prefix, "AmazonSQS");
  EXPECT_EQ(model->metadata().json_version, "1.0");
  EXPECT_EQ(model->metadata().signing_name, "sqs");
  const Operation* send = model->findOperation("SendMessage");
  ASSERT_NE(send, nullptr);
  const Shape& input = model->shape(send->input);
  EXPECT_EQ(input.name, "SendMessageRequest");
  const MemberRef* url = input.findMember("QueueUrl");
  ASSERT_NE(url, nullptr);
  EXPECT_TRUE(url->required);
  EXPECT_EQ(model->shape(url->shape).type, ShapeType::String);
  EXPECT_NE(model->findErrorShape("QueueDoesNotExist"), nullptr);
  EXPECT_EQ(model->findOperation("NoSuchOperation"), nullptr);
}

TEST(ModelLoader, S3PutObjectBodyIsStreamingPayload) {
  auto model = ServiceModel::load(modelPath("s3"));
  EXPECT_EQ(model->metadata().protocol, Protocol::RestXml);
  const Operation* put = model->findOperation("PutObject");
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->method, "PUT");
  EXPECT_EQ(put->request_uri, "/{Bucket}/{Key+}");
  EXPECT_EQ(put->request_algorithm_member, "ChecksumAlgorithm");
  const Shape& input = model->shape(put->input);
  EXPECT_EQ(input.payload, "Body");
  const MemberRef* body = input.findMember("Body");
  ASSERT_NE(body, nullptr);
  EXPECT_TRUE(body->streaming);
  EXPECT_EQ(model->shape(body->shape).type, ShapeType::Blob);
  const MemberRef* bucket = input.findMember("Bucket");
  ASSERT_NE(bucket, nullptr);
  EXPECT_EQ(bucket->location, Location::Uri);
  const MemberRef* content_md5 = input.findMember("ContentMD5");
  ASSERT_NE(content_md5, nullptr);
  EXPECT_EQ(content_md5->location, Location::Header);
  EXPECT_EQ(content_md5->wireName(), "Content-MD5");
  const Shape* no_such_key = model->findErrorShape("NoSuchKey");
  ASSERT_NE(no_such_key, nullptr);
  EXPECT_EQ(no_such_key->error_http_status, 404);
}

TEST(ModelLoader, CloudWatchKeepsCborProtocolAndErrorCodes) {
  auto model = ServiceModel::load(modelPath("cloudwatch"));
  EXPECT_EQ(model->metadata().protocol, Protocol::SmithyRpcV2Cbor);
  EXPECT_TRUE(model->metadata().aws_query_compatible);
  EXPECT_EQ(model->metadata().signing_name, "monitoring");
  const Shape* by_code = model->findErrorShape("InvalidParameterInput");
  const Shape* by_name = model->findErrorShape("DashboardInvalidInputError");
  ASSERT_NE(by_name, nullptr);
  EXPECT_EQ(by_code, by_name);
  EXPECT_EQ(by_name->error_code, "InvalidParameterInput");
}

TEST(ModelLoader, StsQueryResultWrapper) {
  auto model = ServiceModel::load(modelPath("sts"));
  EXPECT_EQ(model->metadata().protocol, Protocol::Query);
  EXPECT_EQ(model->metadata().xml_namespace, "https://sts.amazonaws.com/doc/2011-06-15/");
  const Operation* assume = model->findOperation("AssumeRole");
  ASSERT_NE(assume, nullptr);
  EXPECT_EQ(assume->result_wrapper, "AssumeRoleResult");
  EXPECT_FALSE(assume->errors.empty());
}

TEST(ModelLoader, ProtocolNamesRoundTrip) {
  for (auto p : {Protocol::Query, Protocol::Ec2, Protocol::Json, Protocol::RestJson,
                 Protocol::RestXml, Protocol::SmithyRpcV2Cbor})
    EXPECT_EQ(protocolFromName(protocolName(p)), p);
  EXPECT_FALSE(protocolFromName("soap").has_value());
}

TEST(ModelLoader, RejectsDanglingShapeReference) {
  Json doc = {
      {"metadata", {{"protocol", "json"}}},
      {"shapes", {{"S", {{"type", "structure"}, {"members", {{"A", {{"shape", "Missing"}}}}}}}}}};
  EXPECT_THROW(ServiceModel::fromJson(doc), AwsError);
  EXPECT_THROW(ServiceModel::fromJson(Json::array()), AwsError);
  EXPECT_THROW(ServiceModel::load("/nonexistent/model.json"), AwsError);
}

TEST(ModelLoader, ReadsMemberTraits) {
  Json doc = Json::parse(R"({
    "metadata": {"protocol": "rest-xml", "endpointPrefix": "x", "signingName": "y"},
    "operations": {"Op": {"name": "Op", "http": {"method": "PUT", "requestUri": "/{A}", "responseCode": 204},
      "input": {"shape": "In"}, "endpoint": {"hostPrefix": "{A}."}, "httpChecksumRequired": true}},
    "shapes": {
      "In": {"type": "structure", "required": ["A"], "members": {
        "A": {"shape": "Str", "location": "uri", "locationName": "a", "hostLabel": true},
        "T": {"shape": "Ts", "location": "header", "locationName": "x-t", "timestampFormat": "iso8601"},
        "J": {"shape": "Str", "jsonvalue": true, "location": "header"},
        "X": {"shape": "Str", "xmlAttribute": true, "xmlNamespace": {"prefix": "xsi", "uri": "u"}}}},
      "Str": {"type": "string", "min": 1, "max": 5, "pattern": "^a+$", "enum": ["a", "aa"]},
      "Ts": {"type": "timestamp", "timestampFormat": "rfc822"}}})");
  auto model = ServiceModel::fromJson(doc);
  EXPECT_EQ(model->metadata().signing_name, "y");
  const Operation* op = model->findOperation("Op");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->response_code, 204);
  EXPECT_EQ(op->host_prefix, "{A}.");
  EXPECT_TRUE(op->http_checksum_required);
  const Shape& in = model->shape(op->input);
  const MemberRef& a = *in.findMember("A");
  EXPECT_TRUE(a.required && a.host_label);
  EXPECT_EQ(a.wireName(), "a");
  EXPECT_EQ(in.findMember("T")->timestamp_format, TimestampFormat::Iso8601);
  EXPECT_EQ(model->shape(in.findMember("T")->shape).timestamp_format, TimestampFormat::Rfc822);
  EXPECT_TRUE(in.findMember("J")->json_value);
  EXPECT_EQ(in.findMember("X")->xml_namespace_prefix, "xsi");
  const Shape& str = model->shape(a.shape);
  EXPECT_EQ(str.min, 1);
  EXPECT_EQ(str.max, 5);
  EXPECT_EQ(str.enum_values.size(), 2u);
}

TEST(ModelLoader, AppliesAMergePatchBeforeBuildingTheTables) {
  auto dir =
      std::filesystem::temp_directory_path() / ("awsemu-patch-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [](const std::filesystem::path& path, const char* text) {
    std::ofstream(path) << text;
  };
  write(dir / "model.json",
        R"({"metadata": {"protocol": "query", "apiVersion": "2020-01-01"},
            "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
            "shapes": {"In": {"type": "structure", "members": {"A": {"shape": "S"}}},
                       "S": {"type": "string"},
                       "Gone": {"type": "structure", "members": {}, "exception": true}}})");
  write(dir / "model.patch.json",
        R"({"shapes": {"In": {"members": {"A": {"locationName": "Attribute"}}},
                       "Gone": {"error": {"code": "AWS.Example.Gone", "httpStatusCode": 410}}}})");
  auto model =
      ServiceModel::load((dir / "model.json").string(), (dir / "model.patch.json").string());
  const Shape& in = model->shape(model->findOperation("Op")->input);
  EXPECT_EQ(in.findMember("A")->wireName(), "Attribute");
  const Shape* gone = model->findErrorShape("AWS.Example.Gone");
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->name, "Gone");
  // no patch file: the model as it is
  auto plain = ServiceModel::load((dir / "model.json").string(), (dir / "absent.json").string());
  EXPECT_EQ(plain->shape(plain->findOperation("Op")->input).findMember("A")->wireName(), "A");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace awsemu::protocol
