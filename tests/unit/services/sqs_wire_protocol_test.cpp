// SQS speaks two wire protocols from one model: botocore's awsJson 1.0 model plus
// services/sqs/model.patch.json, which restores what the old awsQuery model said (parameter and
// element names, flattening, the XML namespace, awsQuery error codes). These tests put the patched
// model, loaded the way the server loads it, through the real codecs: form bodies as old SDKs
// (awsQuery) send them, the XML they expect back, and the JSON that boto3 sends, which the patch
// must leave alone. The patch's names come from botocore's last awsQuery model of SQS
// (botocore/data/sqs/2012-11-05/service-2.json before the move to JSON), its error codes from the
// awsQueryError traits of AWS's Smithy model of SQS.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <iterator>
#include <stdexcept>
#include <string>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "services/common/model_only_service.hpp"

namespace awsemu::sqs {
namespace {

using protocol::jsonCodec;
using protocol::queryCodec;
using protocol::ServiceModel;

constexpr const char* kNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";
const protocol::ResponseContext kContext{"req-1", ""};

// The model as the server has it: Service::model() applies model.patch.json.
const ServiceModel& model() {
  static const service::ModelOnlyService sqs("sqs");
  return sqs.model();
}

// botocore's model without the patch, to show the JSON wire does not change.
const ServiceModel& unpatchedModel() {
  static const auto unpatched = ServiceModel::load(service::modelPath("sqs", "model.json"));
  return *unpatched;
}

const protocol::Operation& operation(const ServiceModel& m, const std::string& name) {
  const protocol::Operation* op = m.findOperation(name);
  if (!op) throw std::runtime_error("no operation " + name);
  return *op;
}

HttpRequest post(std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.setTarget("/");
  request.body.memory = std::move(body);
  request.body.size = request.body.memory.size();
  return request;
}

Json decodeQuery(const std::string& op, std::string body) {
  return queryCodec().parseRequest(model(), operation(model(), op), post(std::move(body)));
}

Json decodeJson(const ServiceModel& m, const std::string& op, std::string body) {
  return jsonCodec().parseRequest(m, operation(m, op), post(std::move(body)));
}

struct XmlAnswer {
  int status = 0;
  pugi::xml_document document;

  // The text of the one element at `xpath` ("" when there is none).
  std::string text(const std::string& xpath) const {
    return document.select_node(xpath.c_str()).node().text().get();
  }
  std::size_t count(const std::string& xpath) const {
    return document.select_nodes(xpath.c_str()).size();
  }
};

void parseXml(const HttpResponse& response, XmlAnswer& out) {
  out.status = response.status;
  ASSERT_TRUE(out.document.load_string(response.body.c_str())) << response.body;
}

void encodeQuery(const std::string& op, const Json& output, XmlAnswer& out) {
  parseXml(queryCodec().serializeResponse(model(), operation(model(), op), output, kContext), out);
}

// ---- (a) requests as old SDKs send them ---------------------------------------------------------

TEST(SqsQueryRequest, CreateQueueReadsFlattenedAttributeAndTagMaps) {
  Json input = decodeQuery(
      "CreateQueue",
      "Action=CreateQueue&QueueName=q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=40"
      "&Attribute.2.Name=RedrivePolicy"
      "&Attribute.2.Value=%7B%22maxReceiveCount%22%3A%225%22%7D"
      "&Tag.1.Key=k&Tag.1.Value=v&Tag.2.Key=team&Tag.2.Value=a%26b&Version=2012-11-05");
  EXPECT_EQ(input, Json::parse(R"({
    "QueueName": "q",
    "Attributes": {"VisibilityTimeout": "40", "RedrivePolicy": "{\"maxReceiveCount\":\"5\"}"},
    "tags": {"k": "v", "team": "a&b"}
  })"));
}

TEST(SqsQueryRequest, SetAndGetQueueAttributes) {
  EXPECT_EQ(decodeQuery("SetQueueAttributes",
                        "Action=SetQueueAttributes&QueueUrl=http%3A%2F%2Fq&Attribute.1.Name=Policy"
                        "&Attribute.1.Value=%7B%7D&Version=2012-11-05"),
            Json::parse(R"({"QueueUrl": "http://q", "Attributes": {"Policy": "{}"}})"));
  EXPECT_EQ(decodeQuery("GetQueueAttributes",
                        "Action=GetQueueAttributes&QueueUrl=http%3A%2F%2Fq&AttributeName.1=All"
                        "&AttributeName.2=QueueArn&Version=2012-11-05"),
            Json::parse(R"({"QueueUrl": "http://q", "AttributeNames": ["All", "QueueArn"]})"));
}

TEST(SqsQueryRequest, SendMessageReadsStringAndBinaryAttributes) {
  Json input = decodeQuery(
      "SendMessage",
      "Action=SendMessage&QueueUrl=http%3A%2F%2Fq&MessageBody=hello+world&DelaySeconds=5"
      "&MessageAttribute.1.Name=color&MessageAttribute.1.Value.DataType=String"
      "&MessageAttribute.1.Value.StringValue=blue"
      "&MessageAttribute.2.Name=raw&MessageAttribute.2.Value.DataType=Binary"
      "&MessageAttribute.2.Value.BinaryValue=AAEC%2Fw%3D%3D"
      "&MessageSystemAttribute.1.Name=AWSTraceHeader"
      "&MessageSystemAttribute.1.Value.DataType=String"
      "&MessageSystemAttribute.1.Value.StringValue=Root%3D1-5759e988-bd862e3fe1be46a994272793"
      "&Version=2012-11-05");
  Json expected = Json::parse(R"({
    "QueueUrl": "http://q", "MessageBody": "hello world", "DelaySeconds": 5,
    "MessageAttributes": {
      "color": {"DataType": "String", "StringValue": "blue"},
      "raw": {"DataType": "Binary"}
    },
    "MessageSystemAttributes": {
      "AWSTraceHeader": {"DataType": "String",
                         "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}
    }
  })");
  expected["MessageAttributes"]["raw"]["BinaryValue"] =
      makeBlob(std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(input, expected);
}

TEST(SqsQueryRequest, SendMessageBatchReadsEntriesWithNestedAttributes) {
  Json input = decodeQuery(
      "SendMessageBatch",
      "Action=SendMessageBatch&QueueUrl=http%3A%2F%2Fq"
      "&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=one"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=n"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=Number"
      "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=42"
      "&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=two"
      "&SendMessageBatchRequestEntry.2.DelaySeconds=10"
      "&SendMessageBatchRequestEntry.2.MessageGroupId=g"
      "&SendMessageBatchRequestEntry.2.MessageAttribute.1.Name=list"
      "&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType=String"
      "&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringListValue.1=x"
      "&SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringListValue.2=y"
      "&Version=2012-11-05");
  EXPECT_EQ(input, Json::parse(R"({
    "QueueUrl": "http://q",
    "Entries": [
      {"Id": "a", "MessageBody": "one",
       "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "42"}}},
      {"Id": "b", "MessageBody": "two", "DelaySeconds": 10, "MessageGroupId": "g",
       "MessageAttributes": {"list": {"DataType": "String", "StringListValues": ["x", "y"]}}}
    ]
  })"));
}

TEST(SqsQueryRequest, ReceiveMessageReadsAttributeAndMessageAttributeNames) {
  Json input = decodeQuery("ReceiveMessage",
                           "Action=ReceiveMessage&QueueUrl=http%3A%2F%2Fq&AttributeName.1=All"
                           "&MessageAttributeName.1=color&MessageAttributeName.2=raw"
                           "&MaxNumberOfMessages=10&WaitTimeSeconds=20&VisibilityTimeout=30"
                           "&Version=2012-11-05");
  // Smithy's SQS model gives the newer MessageSystemAttributeNames the same query name as the
  // deprecated AttributeNames (@xmlName("AttributeName")), so AttributeName.N fills both.
  EXPECT_EQ(input, Json::parse(R"({
    "QueueUrl": "http://q", "AttributeNames": ["All"], "MessageSystemAttributeNames": ["All"],
    "MessageAttributeNames": ["color", "raw"],
    "MaxNumberOfMessages": 10, "WaitTimeSeconds": 20, "VisibilityTimeout": 30
  })"));
}

TEST(SqsQueryRequest, DeleteAndChangeVisibilityBatches) {
  EXPECT_EQ(decodeQuery("DeleteMessageBatch",
                        "Action=DeleteMessageBatch&QueueUrl=http%3A%2F%2Fq"
                        "&DeleteMessageBatchRequestEntry.1.Id=a"
                        "&DeleteMessageBatchRequestEntry.1.ReceiptHandle=rh%2B1"
                        "&DeleteMessageBatchRequestEntry.2.Id=b"
                        "&DeleteMessageBatchRequestEntry.2.ReceiptHandle=rh2&Version=2012-11-05"),
            Json::parse(R"({"QueueUrl": "http://q", "Entries": [
              {"Id": "a", "ReceiptHandle": "rh+1"}, {"Id": "b", "ReceiptHandle": "rh2"}]})"));
  EXPECT_EQ(decodeQuery("ChangeMessageVisibilityBatch",
                        "Action=ChangeMessageVisibilityBatch&QueueUrl=http%3A%2F%2Fq"
                        "&ChangeMessageVisibilityBatchRequestEntry.1.Id=a"
                        "&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle=rh1"
                        "&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=60"
                        "&Version=2012-11-05"),
            Json::parse(R"({"QueueUrl": "http://q", "Entries": [
              {"Id": "a", "ReceiptHandle": "rh1", "VisibilityTimeout": 60}]})"));
}

TEST(SqsQueryRequest, TagsAndPermissions) {
  EXPECT_EQ(decodeQuery("TagQueue",
                        "Action=TagQueue&QueueUrl=http%3A%2F%2Fq&Tag.1.Key=env&Tag.1.Value=prod"
                        "&Tag.2.Key=owner&Tag.2.Value=me&Version=2012-11-05"),
            Json::parse(R"({"QueueUrl": "http://q", "Tags": {"env": "prod", "owner": "me"}})"));
  EXPECT_EQ(decodeQuery("UntagQueue",
                        "Action=UntagQueue&QueueUrl=http%3A%2F%2Fq&TagKey.1=env&TagKey.2=owner"
                        "&Version=2012-11-05"),
            Json::parse(R"({"QueueUrl": "http://q", "TagKeys": ["env", "owner"]})"));
  EXPECT_EQ(decodeQuery("AddPermission",
                        "Action=AddPermission&QueueUrl=http%3A%2F%2Fq&Label=share"
                        "&AWSAccountId.1=111122223333&AWSAccountId.2=444455556666"
                        "&ActionName.1=SendMessage&ActionName.2=ReceiveMessage"
                        "&Version=2012-11-05"),
            Json::parse(R"({"QueueUrl": "http://q", "Label": "share",
              "AWSAccountIds": ["111122223333", "444455556666"],
              "Actions": ["SendMessage", "ReceiveMessage"]})"));
}

// ---- (b) the XML old SDKs expect back ---------------------------------------------------------

TEST(SqsQueryResponse, ReceiveMessageWritesFlattenedMessagesAndAttributes) {
  Json output = Json::parse(R"({"Messages": [{
    "MessageId": "m1", "ReceiptHandle": "rh1", "MD5OfBody": "5d41402abc4b2a76b9719d911017c592",
    "Body": "hello", "MD5OfMessageAttributes": "md5a",
    "Attributes": {"SenderId": "AIDAEXAMPLE", "ApproximateReceiveCount": "1"},
    "MessageAttributes": {"color": {"DataType": "String", "StringValue": "blue"},
                          "raw": {"DataType": "Binary"}}
  }, {"MessageId": "m2", "ReceiptHandle": "rh2", "MD5OfBody": "x", "Body": "second"}]})");
  output["Messages"][0]["MessageAttributes"]["raw"]["BinaryValue"] =
      makeBlob(std::string("\x00\x01\x02\xff", 4));
  XmlAnswer xml;
  encodeQuery("ReceiveMessage", output, xml);

  EXPECT_EQ(xml.status, 200);
  EXPECT_STREQ(xml.document.document_element().attribute("xmlns").value(), kNamespace);
  const std::string message = "/ReceiveMessageResponse/ReceiveMessageResult/Message";
  EXPECT_EQ(xml.count(message), 2u);  // flattened: no <Messages> wrapper
  EXPECT_EQ(xml.count("//Messages"), 0u);
  EXPECT_EQ(xml.text(message + "[1]/MessageId"), "m1");
  EXPECT_EQ(xml.text(message + "[1]/ReceiptHandle"), "rh1");
  EXPECT_EQ(xml.text(message + "[1]/Body"), "hello");
  EXPECT_EQ(xml.text(message + "[1]/Attribute[Name='SenderId']/Value"), "AIDAEXAMPLE");
  EXPECT_EQ(xml.text(message + "[1]/Attribute[Name='ApproximateReceiveCount']/Value"), "1");
  EXPECT_EQ(xml.text(message + "[1]/MessageAttribute[Name='color']/Value/DataType"), "String");
  EXPECT_EQ(xml.text(message + "[1]/MessageAttribute[Name='color']/Value/StringValue"), "blue");
  EXPECT_EQ(xml.text(message + "[1]/MessageAttribute[Name='raw']/Value/BinaryValue"), "AAEC/w==");
  EXPECT_EQ(xml.text(message + "[2]/Body"), "second");
  EXPECT_EQ(xml.count("//Attributes") + xml.count("//MessageAttributes"), 0u);
  EXPECT_EQ(xml.text("/ReceiveMessageResponse/ResponseMetadata/RequestId"), "req-1");
}

TEST(SqsQueryResponse, GetQueueAttributesWritesAttributeNameValuePairs) {
  XmlAnswer xml;
  encodeQuery("GetQueueAttributes", Json::parse(R"({"Attributes": {"VisibilityTimeout": "30",
                                             "QueueArn": "arn:aws:sqs:us-east-1:000000000000:q"}})"),
              xml);
  const std::string result = "/GetQueueAttributesResponse/GetQueueAttributesResult";
  EXPECT_EQ(xml.count(result + "/Attribute"), 2u);
  EXPECT_EQ(xml.text(result + "/Attribute[Name='VisibilityTimeout']/Value"), "30");
  EXPECT_EQ(xml.text(result + "/Attribute[Name='QueueArn']/Value"),
            "arn:aws:sqs:us-east-1:000000000000:q");
}

TEST(SqsQueryResponse, ListQueuesWritesOneQueueUrlElementPerQueue) {
  XmlAnswer xml;
  encodeQuery("ListQueues",
              Json::parse(R"({"QueueUrls": ["http://q/1/a", "http://q/1/b"], "NextToken": "t"})"),
              xml);
  const std::string result = "/ListQueuesResponse/ListQueuesResult";
  EXPECT_EQ(xml.count(result + "/QueueUrl"), 2u);
  EXPECT_EQ(xml.text(result + "/QueueUrl[2]"), "http://q/1/b");
  EXPECT_EQ(xml.text(result + "/NextToken"), "t");
  EXPECT_EQ(xml.count("//QueueUrls"), 0u);
}

TEST(SqsQueryResponse, SendMessageBatchWritesResultAndErrorEntries) {
  XmlAnswer xml;
  encodeQuery("SendMessageBatch", Json::parse(R"({
    "Successful": [{"Id": "a", "MessageId": "m1", "MD5OfMessageBody": "md5"}],
    "Failed": [{"Id": "b", "SenderFault": true, "Code": "InvalidParameterValue",
                "Message": "too big"}]})"),
              xml);
  const std::string result = "/SendMessageBatchResponse/SendMessageBatchResult";
  EXPECT_EQ(xml.text(result + "/SendMessageBatchResultEntry/Id"), "a");
  EXPECT_EQ(xml.text(result + "/SendMessageBatchResultEntry/MessageId"), "m1");
  EXPECT_EQ(xml.text(result + "/SendMessageBatchResultEntry/MD5OfMessageBody"), "md5");
  EXPECT_EQ(xml.text(result + "/BatchResultErrorEntry/Id"), "b");
  EXPECT_EQ(xml.text(result + "/BatchResultErrorEntry/SenderFault"), "true");
  EXPECT_EQ(xml.text(result + "/BatchResultErrorEntry/Code"), "InvalidParameterValue");
  EXPECT_EQ(xml.text(result + "/BatchResultErrorEntry/Message"), "too big");
  EXPECT_EQ(xml.count("//Successful") + xml.count("//Failed"), 0u);
}

TEST(SqsQueryResponse, ListQueueTagsWritesTagKeyValuePairs) {
  XmlAnswer xml;
  encodeQuery("ListQueueTags", Json::parse(R"({"Tags": {"env": "prod", "owner": "me"}})"), xml);
  const std::string result = "/ListQueueTagsResponse/ListQueueTagsResult";
  EXPECT_EQ(xml.count(result + "/Tag"), 2u);
  EXPECT_EQ(xml.text(result + "/Tag[Key='env']/Value"), "prod");
  EXPECT_EQ(xml.text(result + "/Tag[Key='owner']/Value"), "me");
}

TEST(SqsQueryResponse, OperationsWithoutOutputAnswerOnlyResponseMetadata) {
  XmlAnswer xml;
  encodeQuery("DeleteQueue", Json::object(), xml);
  EXPECT_EQ(xml.text("/DeleteQueueResponse/ResponseMetadata/RequestId"), "req-1");
  EXPECT_EQ(xml.count("/DeleteQueueResponse/*"), 1u);
}

// ---- (c) errors: one AwsError, both protocols -------------------------------------------------

struct ErrorCase {
  const char* shape;       // the AwsError code handlers throw (the model's shape name)
  const char* query_code;  // the awsQuery code old SDKs and x-amzn-query-error see
  int status;
};

// Every error shape of the model with the awsQuery code AWS answers
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html and
// the API reference's per-action errors).
const ErrorCase kErrors[] = {
    {"BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400},
    {"BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400},
    {"EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400},
    {"InvalidAddress", "InvalidAddress", 404},
    {"InvalidAttributeName", "InvalidAttributeName", 400},
    {"InvalidAttributeValue", "InvalidAttributeValue", 400},
    {"InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400},
    {"InvalidIdFormat", "InvalidIdFormat", 400},
    {"InvalidMessageContents", "InvalidMessageContents", 400},
    {"InvalidSecurity", "InvalidSecurity", 403},
    {"KmsAccessDenied", "KMS.AccessDeniedException", 400},
    {"KmsDisabled", "KMS.DisabledException", 400},
    {"KmsInvalidKeyUsage", "KMS.InvalidKeyUsageException", 400},
    {"KmsInvalidState", "KMS.InvalidStateException", 400},
    {"KmsNotFound", "KMS.NotFoundException", 400},
    {"KmsOptInRequired", "KMS.OptInRequired", 403},
    {"KmsThrottled", "KMS.ThrottlingException", 400},
    {"MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400},
    {"OverLimit", "OverLimit", 403},
    {"PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403},
    {"QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400},
    {"QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400},
    {"QueueNameExists", "QueueAlreadyExists", 400},
    {"ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404},
    {"RequestThrottled", "RequestThrottled", 403},
    {"ResourceNotFoundException", "ResourceNotFoundException", 404},
    {"TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400},
    {"UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400},
};

TEST(SqsErrors, EveryErrorShapeCarriesItsAwsQueryCode) {
  std::size_t exceptions = 0;
  for (const auto& shape : model().shapes()) exceptions += shape.is_exception ? 1 : 0;
  EXPECT_EQ(exceptions, std::size(kErrors)) << "an error shape is missing from kErrors";
  for (const auto& error : kErrors) {
    SCOPED_TRACE(error.shape);
    const protocol::Shape* shape = model().findErrorShape(error.shape);
    ASSERT_NE(shape, nullptr);
    EXPECT_EQ(shape->error_code, error.query_code);
    EXPECT_EQ(shape->error_http_status, error.status);
    EXPECT_TRUE(shape->error_sender_fault);
    EXPECT_EQ(model().findErrorShape(error.query_code), shape);  // found by either name
  }
}

TEST(SqsErrors, QueryAnswersTheAwsQueryCodeInAnErrorResponse) {
  for (const auto& error : kErrors) {
    SCOPED_TRACE(error.shape);
    XmlAnswer xml;
    parseXml(queryCodec().serializeError(model(), &operation(model(), "GetQueueUrl"),
                                         AwsError(error.shape, "what went wrong", error.status),
                                         kContext),
             xml);
    EXPECT_EQ(xml.status, error.status);
    EXPECT_STREQ(xml.document.document_element().attribute("xmlns").value(), kNamespace);
    EXPECT_EQ(xml.text("/ErrorResponse/Error/Type"), "Sender");
    EXPECT_EQ(xml.text("/ErrorResponse/Error/Code"), error.query_code);
    EXPECT_EQ(xml.text("/ErrorResponse/Error/Message"), "what went wrong");
    EXPECT_EQ(xml.text("/ErrorResponse/RequestId"), "req-1");
  }
}

TEST(SqsErrors, JsonAnswersTheShapeNameAndTheQueryErrorHeader) {
  for (const auto& error : kErrors) {
    SCOPED_TRACE(error.shape);
    HttpResponse response = jsonCodec().serializeError(
        model(), &operation(model(), "GetQueueUrl"),
        AwsError(error.shape, "what went wrong", error.status), kContext);
    EXPECT_EQ(response.status, error.status);
    EXPECT_EQ(headerOr(response.headers, "x-amzn-query-error"),
              std::string(error.query_code) + ";Sender");
    Json body = Json::parse(response.body);
    EXPECT_EQ(body["__type"], error.shape);
    EXPECT_EQ(body["message"], "what went wrong");
  }
}

TEST(SqsErrors, UnmodelledCodesPassThroughUnchanged) {
  XmlAnswer xml;
  parseXml(queryCodec().serializeError(model(), nullptr,
                                       AwsError("InvalidParameterValue", "bad", 400), kContext),
           xml);
  EXPECT_EQ(xml.text("/ErrorResponse/Error/Code"), "InvalidParameterValue");
  HttpResponse json = jsonCodec().serializeError(
      model(), nullptr, AwsError("InvalidParameterValue", "bad", 400), kContext);
  EXPECT_EQ(headerOr(json.headers, "x-amzn-query-error"), "InvalidParameterValue;Sender");
}

// ---- (d) the JSON wire is unchanged by the patch -----------------------------------------------

// What boto3 sends today; the patch's locationNames (Attribute, MessageAttribute, ...) are query
// names and must not rename JSON keys.
constexpr const char* kBoto3SendMessage = R"({
  "QueueUrl": "http://q", "MessageBody": "hello", "DelaySeconds": 5,
  "MessageAttributes": {
    "color": {"DataType": "String", "StringValue": "blue"},
    "raw": {"DataType": "Binary", "BinaryValue": "AAEC/w=="},
    "list": {"DataType": "String", "StringListValues": ["x", "y"]}
  },
  "MessageSystemAttributes": {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1"}}
})";

TEST(SqsJsonWire, DecodesBoto3BodiesAsWithoutThePatch) {
  Json patched = decodeJson(model(), "SendMessage", kBoto3SendMessage);
  EXPECT_EQ(patched, decodeJson(unpatchedModel(), "SendMessage", kBoto3SendMessage));
  EXPECT_EQ(patched["MessageAttributes"]["raw"]["BinaryValue"],
            makeBlob(std::string("\x00\x01\x02\xff", 4)));
  EXPECT_EQ(patched["MessageAttributes"]["list"]["StringListValues"], Json::parse(R"(["x","y"])"));
  EXPECT_EQ(patched["MessageSystemAttributes"]["AWSTraceHeader"]["StringValue"], "Root=1");

  const char* create = R"({"QueueName": "q", "Attributes": {"DelaySeconds": "1"},
                           "tags": {"k": "v"}})";
  EXPECT_EQ(decodeJson(model(), "CreateQueue", create),
            decodeJson(unpatchedModel(), "CreateQueue", create));
  EXPECT_EQ(decodeJson(model(), "CreateQueue", create)["tags"]["k"], "v");
}

TEST(SqsJsonWire, QueryAndJsonDecodeToTheSameDocument) {
  Json from_query = decodeQuery(
      "SendMessage",
      "Action=SendMessage&QueueUrl=http%3A%2F%2Fq&MessageBody=hello&DelaySeconds=5"
      "&MessageAttribute.1.Name=color&MessageAttribute.1.Value.DataType=String"
      "&MessageAttribute.1.Value.StringValue=blue"
      "&MessageAttribute.2.Name=raw&MessageAttribute.2.Value.DataType=Binary"
      "&MessageAttribute.2.Value.BinaryValue=AAEC%2Fw%3D%3D"
      "&MessageAttribute.3.Name=list&MessageAttribute.3.Value.DataType=String"
      "&MessageAttribute.3.Value.StringListValue.1=x&MessageAttribute.3.Value.StringListValue.2=y"
      "&MessageSystemAttribute.1.Name=AWSTraceHeader"
      "&MessageSystemAttribute.1.Value.DataType=String"
      "&MessageSystemAttribute.1.Value.StringValue=Root%3D1&Version=2012-11-05");
  EXPECT_EQ(from_query, decodeJson(model(), "SendMessage", kBoto3SendMessage));
}

TEST(SqsJsonWire, EncodesOutputsWithMemberNames) {
  Json output = Json::parse(R"({"Messages": [{"MessageId": "m1", "Body": "b",
    "Attributes": {"SenderId": "A"},
    "MessageAttributes": {"color": {"DataType": "String", "StringValue": "blue"}}}]})");
  const protocol::Operation& op = operation(model(), "ReceiveMessage");
  HttpResponse patched = jsonCodec().serializeResponse(model(), op, output, kContext);
  HttpResponse unpatched = jsonCodec().serializeResponse(
      unpatchedModel(), operation(unpatchedModel(), "ReceiveMessage"), output, kContext);
  EXPECT_EQ(patched.body, unpatched.body);
  EXPECT_EQ(Json::parse(patched.body), output);
}

}  // namespace
}  // namespace awsemu::sqs
