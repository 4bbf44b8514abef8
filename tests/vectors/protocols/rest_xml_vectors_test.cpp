// botocore's restXml protocol vectors against restXmlCodec() (server direction), plus the S3
// specifics the vectors do not cover, with the real S3 model.
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "vector_harness.hpp"

AWSEMU_PROTOCOL_VECTORS(RestXmlInput, "input/rest-xml.json", awsemu::protocol::restXmlCodec());
AWSEMU_PROTOCOL_VECTORS(RestXmlOutput, "output/rest-xml.json", awsemu::protocol::restXmlCodec());

// ---- beyond the vectors: S3, with the traits services/s3/model.patch.json adds -----------------
namespace awsemu::protocol {
namespace {

const ServiceModel& s3() {
  static const auto model =
      ServiceModel::load(std::string(AWSEMU_SOURCE_DIR) + "/services/s3/model.json",
                         std::string(AWSEMU_SOURCE_DIR) + "/services/s3/model.patch.json");
  return *model;
}

const Operation& op(const std::string& name) {
  const Operation* found = s3().findOperation(name);
  if (!found) throw std::runtime_error("no operation " + name);
  return *found;
}

HttpRequest request(std::string method, std::string target, std::string body = {}) {
  HttpRequest out;
  out.method = std::move(method);
  out.setTarget(std::move(target));
  out.body.memory = std::move(body);
  out.body.size = out.body.memory.size();
  return out;
}

const ResponseContext kContext{"REQ123", "HOST456"};

TEST(S3Codec, GetBucketLocationAnswersTheRegionAsRootText) {
  HttpResponse response = restXmlCodec().serializeResponse(
      s3(), op("GetBucketLocation"), Json{{"LocationConstraint", "eu-west-1"}}, kContext);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(response.body.c_str())) << response.body;
  EXPECT_STREQ(document.document_element().name(), "LocationConstraint");
  EXPECT_STREQ(document.document_element().child_value(), "eu-west-1");
  EXPECT_STREQ(document.document_element().attribute("xmlns").value(),
               "http://s3.amazonaws.com/doc/2006-03-01/");

  // us-east-1 is an empty LocationConstraint.
  response =
      restXmlCodec().serializeResponse(s3(), op("GetBucketLocation"), Json::object(), kContext);
  ASSERT_TRUE(document.load_string(response.body.c_str())) << response.body;
  EXPECT_STREQ(document.document_element().child_value(), "");
}

TEST(S3Codec, ErrorsAreBareErrorDocuments) {
  AwsError error("NoSuchKey", "The specified key does not exist.", 404);
  error.with("Key", "missing.txt");
  HttpResponse response = restXmlCodec().serializeError(s3(), &op("GetObject"), error, kContext);
  EXPECT_EQ(response.status, 404);
  // (x-amz-request-id and x-amz-id-2 are the gateway's: RequestPolicy::s3_request_ids.)
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(response.body.c_str())) << response.body;
  auto root = document.child("Error");
  ASSERT_TRUE(root) << response.body;
  EXPECT_STREQ(root.child_value("Code"), "NoSuchKey");
  EXPECT_STREQ(root.child_value("Message"), "The specified key does not exist.");
  EXPECT_STREQ(root.child_value("Key"), "missing.txt");
  EXPECT_STREQ(root.child_value("RequestId"), "REQ123");
  EXPECT_STREQ(root.child_value("HostId"), "HOST456");
}

TEST(S3Codec, HeadObjectIsHeadersOnly) {
  Json output = {{"ContentLength", 5},
                 {"ContentType", "text/plain"},
                 {"ETag", "\"5d41402abc4b2a76b9719d911017c592\""},
                 {"LastModified", 1704164645},
                 {"Expires", "Thu, 01 Dec 1994 16:00:00 GMT"},
                 {"Metadata", {{"color", "blue"}}}};
  HttpResponse response =
      restXmlCodec().serializeResponse(s3(), op("HeadObject"), output, kContext);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(*findHeader(response.headers, "Content-Length"), "5");
  EXPECT_EQ(*findHeader(response.headers, "Content-Type"), "text/plain");
  EXPECT_EQ(*findHeader(response.headers, "Last-Modified"), "Tue, 02 Jan 2024 03:04:05 GMT");
  EXPECT_EQ(*findHeader(response.headers, "Expires"), "Thu, 01 Dec 1994 16:00:00 GMT");
  EXPECT_EQ(*findHeader(response.headers, "x-amz-meta-color"), "blue");
}

TEST(S3Codec, DeleteObjectIs204WithoutBody) {
  HttpResponse response = restXmlCodec().serializeResponse(s3(), op("DeleteObject"),
                                                           Json{{"DeleteMarker", true}}, kContext);
  EXPECT_EQ(response.status, 204);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(*findHeader(response.headers, "x-amz-delete-marker"), "true");
}

TEST(S3Codec, GetObjectWritesTheBodyRaw) {
  Json output = {{"Body", makeBlob("hello")}, {"ContentType", "text/plain"}, {"ContentLength", 5}};
  HttpResponse response = restXmlCodec().serializeResponse(s3(), op("GetObject"), output, kContext);
  EXPECT_EQ(response.body, "hello");
  EXPECT_EQ(*findHeader(response.headers, "Content-Type"), "text/plain");
}

TEST(S3Codec, SpooledStreamingBodyStaysOutOfTheDocument) {
  const auto path = std::filesystem::temp_directory_path() / "awsemu_rest_xml_spooled_body";
  std::ofstream(path) << "a large body";
  HttpRequest http = request("PUT", "/bucket/key");
  http.body.file = path;
  http.body.size = 12;
  Json input = restXmlCodec().parseRequest(s3(), op("PutObject"), http);
  std::filesystem::remove(path);
  EXPECT_FALSE(input.contains("Body"));
  EXPECT_EQ(input.at("Key"), "key");
}

TEST(S3Codec, ReadsXmlPayloads) {
  Json input = restXmlCodec().parseRequest(
      s3(), op("CreateBucket"),
      request("PUT", "/bucket",
              "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"));
  EXPECT_EQ(input, (Json{{"Bucket", "bucket"},
                         {"CreateBucketConfiguration", {{"LocationConstraint", "eu-west-1"}}}}));

  input = restXmlCodec().parseRequest(
      s3(), op("DeleteObjects"),
      request("POST", "/bucket?delete",
              "<Delete><Object><Key>a</Key></Object><Object><Key>b</Key><VersionId>v</VersionId>"
              "</Object><Quiet>true</Quiet></Delete>"));
  EXPECT_EQ(
      input.at("Delete"),
      (Json{{"Objects", {{{"Key", "a"}}, {{"Key", "b"}, {"VersionId", "v"}}}}, {"Quiet", true}}));
}

TEST(S3Codec, MalformedInputIsRejectedWithS3Codes) {
  try {
    restXmlCodec().parseRequest(s3(), op("DeleteObjects"),
                                request("POST", "/bucket?delete", "<Delete><Object>"));
    FAIL() << "expected MalformedXML";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "MalformedXML");
    EXPECT_EQ(error.http_status, 400);
  }
  try {
    restXmlCodec().parseRequest(s3(), op("GetObject"),
                                request("GET", "/bucket/key?partNumber=one"));
    FAIL() << "expected InvalidArgument";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "InvalidArgument");
  }
}

TEST(S3Codec, ListObjectsV2UsesFlattenedContents) {
  Json output = {{"Name", "bucket"},
                 {"KeyCount", 1},
                 {"IsTruncated", false},
                 {"Contents", {{{"Key", "a.txt"}, {"Size", 3}, {"LastModified", 1704164645}}}}};
  HttpResponse response =
      restXmlCodec().serializeResponse(s3(), op("ListObjectsV2"), output, kContext);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(response.body.c_str())) << response.body;
  auto root = document.document_element();
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://s3.amazonaws.com/doc/2006-03-01/");
  EXPECT_STREQ(root.child("Contents").child_value("Key"), "a.txt");
  EXPECT_STREQ(root.child("Contents").child_value("LastModified"), "2024-01-02T03:04:05Z");
  EXPECT_STREQ(root.child_value("IsTruncated"), "false");
  EXPECT_EQ(*findHeader(response.headers, "Content-Type"), "application/xml");
}

TEST(S3Codec, AclGranteesCarryTheirXsiType) {
  Json grant = {{"Grantee", {{"Type", "CanonicalUser"}, {"ID", "abc"}}}, {"Permission", "READ"}};
  HttpResponse response = restXmlCodec().serializeResponse(
      s3(), op("GetBucketAcl"), Json{{"Owner", {{"ID", "abc"}}}, {"Grants", {grant}}}, kContext);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(response.body.c_str())) << response.body;
  auto grantee =
      document.document_element().child("AccessControlList").child("Grant").child("Grantee");
  ASSERT_TRUE(grantee) << response.body;
  EXPECT_STREQ(grantee.attribute("xsi:type").value(), "CanonicalUser");
  EXPECT_STREQ(grantee.attribute("xmlns:xsi").value(), "http://www.w3.org/2001/XMLSchema-instance");

  // The same document read back as PutBucketAcl's payload.
  std::string body = response.body;
  const auto start = body.find("<AccessControlList>");
  const auto end = body.find("</AccessControlList>") + std::string("</AccessControlList>").size();
  const std::string policy = "<AccessControlPolicy><Owner><ID>abc</ID></Owner>" +
                             body.substr(start, end - start) + "</AccessControlPolicy>";
  Json input =
      restXmlCodec().parseRequest(s3(), op("PutBucketAcl"), request("PUT", "/b?acl", policy));
  EXPECT_EQ(input.at("AccessControlPolicy").at("Grants"), Json::array({grant}));
}

}  // namespace
}  // namespace awsemu::protocol
