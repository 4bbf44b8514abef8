// The transport-neutral HTTP types: header lookup, target splitting, request bodies.
#include "awsemu/core/http.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace awsemu {
namespace {

TEST(FindHeaderTest, IsCaseInsensitiveAndReturnsTheFirst) {
  HeaderList headers{
      {"content-type", "application/json"}, {"x-amz-meta-a", "1"}, {"X-Amz-Meta-A", "2"}};
  ASSERT_NE(findHeader(headers, "Content-Type"), nullptr);
  EXPECT_EQ(*findHeader(headers, "Content-Type"), "application/json");
  EXPECT_EQ(*findHeader(headers, "CONTENT-TYPE"), "application/json");
  EXPECT_EQ(*findHeader(headers, "x-amz-meta-a"), "1");
  EXPECT_EQ(findHeader(headers, "content-typ"), nullptr);
  EXPECT_EQ(findHeader(headers, "content-type-x"), nullptr);
  EXPECT_EQ(findHeader(headers, ""), nullptr);
  EXPECT_EQ(findHeader({}, "host"), nullptr);
}

TEST(FindHeaderTest, HeaderOrFallsBack) {
  HeaderList headers{{"host", "localhost:4566"}};
  EXPECT_EQ(headerOr(headers, "Host"), "localhost:4566");
  EXPECT_EQ(headerOr(headers, "x-amz-date", "none"), "none");
  EXPECT_EQ(headerOr(headers, "x-amz-date"), "");
}

TEST(HttpRequestTest, HostAndHeaderUseTheLookup) {
  HttpRequest request;
  request.headers = {{"host", "bucket.s3.localhost.localstack.cloud"}, {"x-amz-target", "T.Op"}};
  EXPECT_EQ(request.host(), "bucket.s3.localhost.localstack.cloud");
  ASSERT_NE(request.header("X-Amz-Target"), nullptr);
  EXPECT_EQ(*request.header("X-Amz-Target"), "T.Op");
}

TEST(SetTargetTest, SplitsPathAndQueryAtTheFirstQuestionMark) {
  HttpRequest request;
  request.setTarget("/bucket/key%20x?uploads&prefix=a?b");
  EXPECT_EQ(request.target, "/bucket/key%20x?uploads&prefix=a?b");
  EXPECT_EQ(request.path, "/bucket/key%20x");
  EXPECT_EQ(request.query, "uploads&prefix=a?b");
}

TEST(SetTargetTest, WithoutQueryOrWithAnEmptyOne) {
  HttpRequest request;
  request.setTarget("/bucket?x=1");
  request.setTarget("/");
  EXPECT_EQ(request.path, "/");
  EXPECT_EQ(request.query, "");  // the previous query is cleared
  request.setTarget("/a?");
  EXPECT_EQ(request.path, "/a");
  EXPECT_EQ(request.query, "");
  request.setTarget("?Action=ListQueues");
  EXPECT_EQ(request.path, "");
  EXPECT_EQ(request.query, "Action=ListQueues");
}

TEST(RequestBodyTest, ReadAllFromMemory) {
  RequestBody body;
  body.memory = "hello";
  body.size = 5;
  EXPECT_TRUE(body.inMemory());
  EXPECT_EQ(body.readAll(), "hello");
}

TEST(RequestBodyTest, ReadAllFromASpoolFileIsBinarySafe) {
  auto path = std::filesystem::temp_directory_path() /
              ("awsemu-http-test-" + std::to_string(::getpid()) + ".body");
  std::string bytes;
  for (int i = 0; i < 70000; ++i) bytes.push_back(static_cast<char>(i % 256));
  std::ofstream(path, std::ios::binary) << bytes;
  RequestBody body;
  body.file = path;
  body.size = bytes.size();
  EXPECT_FALSE(body.inMemory());
  EXPECT_EQ(body.readAll(), bytes);
  std::filesystem::remove(path);
}

TEST(HttpResponseTest, SetHeaderReplacesCaseInsensitively) {
  HttpResponse response;
  response.setHeader("Content-Type", "text/xml");
  response.setHeader("content-type", "application/json");
  response.setHeader("ETag", "\"abc\"");
  ASSERT_EQ(response.headers.size(), 2u);
  EXPECT_EQ(response.headers[0].first, "Content-Type");
  EXPECT_EQ(response.headers[0].second, "application/json");
}

}  // namespace
}  // namespace awsemu
