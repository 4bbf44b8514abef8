// matchRestOperation against the real S3 and Lambda models: method + URI template + query keys,
// most specific template wins.
#include "awsemu/protocol/rest_router.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "awsemu/protocol/codecs.hpp"

namespace awsemu::protocol {
namespace {

std::shared_ptr<const ServiceModel> loadModel(const std::string& service) {
  return ServiceModel::load(std::string(AWSEMU_SOURCE_DIR) + "/services/" + service +
                            "/model.json");
}

const ServiceModel& s3() {
  static const auto model = loadModel("s3");
  return *model;
}

const ServiceModel& lambda() {
  static const auto model = loadModel("lambda");
  return *model;
}

HttpRequest request(std::string method, std::string target, HeaderList headers = {}) {
  HttpRequest out;
  out.method = std::move(method);
  out.setTarget(std::move(target));
  out.headers = std::move(headers);
  return out;
}

std::string route(const ServiceModel& model, const HttpRequest& http) {
  const Operation* op = matchRestOperation(model, http);
  return op ? op->name : "<none>";
}

std::string route(const ServiceModel& model, std::string method, std::string target,
                  HeaderList headers = {}) {
  return route(model, request(std::move(method), std::move(target), std::move(headers)));
}

struct RouteCase {
  std::string method, target, expected;
  HeaderList headers;
};

TEST(RestRouterS3, ChoosesTheMostSpecificTemplate) {
  const std::vector<RouteCase> cases = {
      {"GET", "/", "ListBuckets", {}},
      {"GET", "/bucket?list-type=2", "ListObjectsV2", {}},
      {"GET", "/bucket?list-type=2&prefix=a&delimiter=%2F", "ListObjectsV2", {}},
      {"GET", "/bucket", "ListObjects", {}},
      {"GET", "/bucket/", "ListObjects", {}},
      {"GET", "/bucket?prefix=a", "ListObjects", {}},
      {"PUT", "/bucket", "CreateBucket", {}},
      {"HEAD", "/bucket", "HeadBucket", {}},
      {"DELETE", "/bucket", "DeleteBucket", {}},
      {"PUT", "/bucket?versioning", "PutBucketVersioning", {}},
      {"GET", "/bucket?versioning", "GetBucketVersioning", {}},
      {"GET", "/bucket?location", "GetBucketLocation", {}},
      {"GET", "/bucket?uploads", "ListMultipartUploads", {}},
      {"GET", "/bucket?versions", "ListObjectVersions", {}},
      {"POST", "/bucket?delete", "DeleteObjects", {}},
      {"GET", "/bucket?lifecycle", "GetBucketLifecycleConfiguration", {}},
      {"PUT", "/bucket?notification", "PutBucketNotificationConfiguration", {}},
      {"GET", "/bucket?analytics", "ListBucketAnalyticsConfigurations", {}},
      {"GET", "/bucket?analytics&id=report", "GetBucketAnalyticsConfiguration", {}},
      {"PUT", "/bucket/a/b/c", "PutObject", {}},
      {"PUT", "/bucket/key", "CopyObject", {{"x-amz-copy-source", "/src/key"}}},
      {"PUT", "/bucket/key?partNumber=1&uploadId=u", "UploadPart", {}},
      {"PUT",
       "/bucket/key?partNumber=1&uploadId=u",
       "UploadPartCopy",
       {{"x-amz-copy-source", "/src/key"}}},
      {"PUT", "/bucket/key?tagging", "PutObjectTagging", {}},
      {"GET", "/bucket/a/b/c", "GetObject", {}},
      {"GET", "/bucket/key?versionId=v1", "GetObject", {}},
      {"GET", "/bucket/key?uploadId=u", "ListParts", {}},
      {"GET", "/bucket/key?acl", "GetObjectAcl", {}},
      {"HEAD", "/bucket/key", "HeadObject", {}},
      {"POST", "/bucket/key?uploads", "CreateMultipartUpload", {}},
      {"POST", "/bucket/key?uploadId=u", "CompleteMultipartUpload", {}},
      {"DELETE", "/bucket/key", "DeleteObject", {}},
      {"DELETE", "/bucket/key?uploadId=u", "AbortMultipartUpload", {}},
      {"DELETE", "/bucket/key?tagging", "DeleteObjectTagging", {}},
      {"GET", "/bucket/dir/", "GetObject", {}},  // keys may end with '/'
      {"GET", "/bucket/a%20b/c%2Bd", "GetObject", {}},
  };
  for (const auto& c : cases)
    EXPECT_EQ(route(s3(), c.method, c.target, c.headers), c.expected)
        << c.method << " " << c.target;
}

TEST(RestRouterS3, UnknownMethodMatchesNothing) {
  EXPECT_EQ(route(s3(), "PATCH", "/bucket/key"), "<none>");
  EXPECT_EQ(route(s3(), "OPTIONS", "/bucket"), "<none>");
}

TEST(RestRouterLambda, ChoosesTheOperation) {
  const std::vector<RouteCase> cases = {
      {"GET", "/2015-03-31/functions/f", "GetFunction", {}},
      {"GET", "/2015-03-31/functions/", "ListFunctions", {}},
      {"GET", "/2015-03-31/functions", "ListFunctions", {}},
      {"POST", "/2015-03-31/functions", "CreateFunction", {}},
      {"DELETE", "/2015-03-31/functions/f", "DeleteFunction", {}},
      {"POST", "/2015-03-31/functions/f/invocations", "Invoke", {}},
      {"GET", "/2015-03-31/functions/f/configuration", "GetFunctionConfiguration", {}},
      {"GET",
       "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/"
       "configuration?Qualifier=1",
       "GetFunctionConfiguration",
       {}},
      {"PUT", "/2015-03-31/functions/f/code", "UpdateFunctionCode", {}},
      {"POST", "/2015-03-31/functions/f/policy", "AddPermission", {}},
      {"DELETE", "/2015-03-31/functions/f/policy/sid-1", "RemovePermission", {}},
      {"GET", "/2015-03-31/functions/f/aliases/live", "GetAlias", {}},
      {"GET", "/2018-10-31/layers", "ListLayers", {}},
      {"GET", "/2018-10-31/layers?find=LayerVersion&Arn=arn", "GetLayerVersionByArn", {}},
      {"GET", "/2018-10-31/layers/l/versions/3", "GetLayerVersion", {}},
      {"GET",
       "/2019-09-30/functions/f/provisioned-concurrency?List=ALL",
       "ListProvisionedConcurrencyConfigs",
       {}},
      {"GET",
       "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1",
       "GetProvisionedConcurrencyConfig",
       {}},
      {"DELETE",
       "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A0%3Afunction%3Af?tagKeys=a",
       "UntagResource",
       {}},
      {"GET", "/2015-03-31/event-source-mappings/", "ListEventSourceMappings", {}},
  };
  for (const auto& c : cases)
    EXPECT_EQ(route(lambda(), c.method, c.target, c.headers), c.expected)
        << c.method << " " << c.target;
  EXPECT_EQ(route(lambda(), "GET", "/2015-03-31/unknown"), "<none>");
  EXPECT_EQ(route(lambda(), "GET", "/2015-03-31/functions/f/g/h/i"), "<none>");
}

TEST(RestRouterLambda, CodecReadsTheLabelsOfTheChosenOperation) {
  HttpRequest http = request("POST", "/2015-03-31/functions/my-function%3Alive/invocations",
                             {{"x-amz-invocation-type", "Event"}});
  http.body.memory = R"({"hello": "world"})";
  http.body.size = http.body.memory.size();
  const Operation* op = matchRestOperation(lambda(), http);
  ASSERT_NE(op, nullptr);
  Json input = restJsonCodec().parseRequest(lambda(), *op, http);
  EXPECT_EQ(input.at("FunctionName"), "my-function:live");
  EXPECT_EQ(input.at("InvocationType"), "Event");
  EXPECT_EQ(blobToString(input.at("Payload")), R"({"hello": "world"})");
}

TEST(RestRouterS3, CodecReadsGreedyKeysAndMetadata) {
  HttpRequest http = request("PUT", "/bucket/dir/sub%20dir/file+1.txt",
                             {{"x-amz-meta-color", "blue"},
                              {"x-amz-meta-shape", "round"},
                              {"content-md5", "1B2M2Y8AsgTpgAmY7PhCfg=="},
                              {"content-type", "text/plain"}});
  http.body.memory = "hello";
  http.body.size = 5;
  const Operation* op = matchRestOperation(s3(), http);
  ASSERT_NE(op, nullptr);
  ASSERT_EQ(op->name, "PutObject");
  Json input = restXmlCodec().parseRequest(s3(), *op, http);
  EXPECT_EQ(input.at("Bucket"), "bucket");
  EXPECT_EQ(input.at("Key"), "dir/sub dir/file+1.txt");  // '+' is literal in a path
  EXPECT_EQ(input.at("Metadata"), (Json{{"color", "blue"}, {"shape", "round"}}));
  EXPECT_EQ(input.at("ContentMD5"), "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_EQ(input.at("ContentType"), "text/plain");
  EXPECT_EQ(blobToString(input.at("Body")), "hello");
}

TEST(RestRouter, TablesAreBuiltOnceAndSharedAcrossThreads) {
  auto model = loadModel("s3");  // a fresh model: the first calls race to build the table
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (route(*model, "GET", "/b?list-type=2") != "ListObjectsV2") ++wrong;
        if (route(*model, "PUT", "/b/k") != "PutObject") ++wrong;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace awsemu::protocol
