// GET/HEAD conditions, byte ranges and part ranges.
#include "services/s3/preconditions.hpp"

#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::s3 {
namespace {

ObjectVersion object(std::uint64_t size = 100) {
  ObjectVersion o;
  o.etag = "\"abc\"";
  o.size = size;
  o.last_modified_ms = 1'000'000'500;  // 1,000,000.5 s
  return o;
}

std::string outcome(const ReadConditions& c) {
  try {
    checkReadConditions(c, object());
    return "200";
  } catch (const AwsError& e) {
    return std::to_string(e.http_status);
  }
}

TEST(S3Preconditions, EtagLists) {
  EXPECT_TRUE(etagListMatches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etagListMatches("abc", "\"abc\""));
  EXPECT_TRUE(etagListMatches("\"x\", \"abc\"", "\"abc\""));
  EXPECT_TRUE(etagListMatches("*", "\"abc\""));
  EXPECT_TRUE(etagListMatches("W/\"abc\"", "\"abc\""));
  EXPECT_FALSE(etagListMatches("\"abd\"", "\"abc\""));
  EXPECT_FALSE(etagListMatches("", "\"abc\""));
}

TEST(S3Preconditions, ReadConditionsAsS3EvaluatesThem) {
  ReadConditions c;
  EXPECT_EQ(outcome(c), "200");
  c.if_match = "\"abc\"";
  EXPECT_EQ(outcome(c), "200");
  c.if_match = "\"other\"";
  EXPECT_EQ(outcome(c), "412");

  // If-Match that holds wins over a failing If-Unmodified-Since.
  c = {};
  c.if_match = "\"abc\"";
  c.if_unmodified_since = 10.0;
  EXPECT_EQ(outcome(c), "200");
  c.if_match.reset();
  EXPECT_EQ(outcome(c), "412");
  c.if_unmodified_since = 1'000'000.0;  // same second as the object: not modified since
  EXPECT_EQ(outcome(c), "200");

  // If-None-Match that fails gives 304 whatever If-Modified-Since says.
  c = {};
  c.if_none_match = "\"abc\"";
  c.if_modified_since = 10.0;
  EXPECT_EQ(outcome(c), "304");
  c.if_none_match = "\"other\"";
  EXPECT_EQ(outcome(c), "200");
  c.if_none_match.reset();
  c.if_modified_since = 1'000'000.0;
  EXPECT_EQ(outcome(c), "304");
  c.if_modified_since = 999'999.0;
  EXPECT_EQ(outcome(c), "200");
}

TEST(S3Preconditions, ErrorsNameTheCondition) {
  ReadConditions c;
  c.if_match = "\"x\"";
  try {
    checkReadConditions(c, object());
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "PreconditionFailed");
    EXPECT_EQ(e.fields["Condition"], "If-Match");
  }
}

std::string range(std::string_view header, std::uint64_t size) {
  try {
    auto r = parseRange(header, size);
    return r ? contentRange(*r, size) : "whole";
  } catch (const AwsError& e) {
    return e.code;
  }
}

TEST(S3Preconditions, Ranges) {
  EXPECT_EQ(range("bytes=0-9", 100), "bytes 0-9/100");
  EXPECT_EQ(range("bytes=90-", 100), "bytes 90-99/100");
  EXPECT_EQ(range("bytes=90-200", 100), "bytes 90-99/100");
  EXPECT_EQ(range("bytes=-10", 100), "bytes 90-99/100");
  EXPECT_EQ(range("bytes=-500", 100), "bytes 0-99/100");
  EXPECT_EQ(range("bytes=99-99", 100), "bytes 99-99/100");
  EXPECT_EQ(range("bytes=100-", 100), "InvalidRange");
  EXPECT_EQ(range("bytes=0-0", 0), "InvalidRange");
  EXPECT_EQ(range("bytes=-0", 100), "InvalidRange");
  // Ignored: the whole object.
  EXPECT_EQ(range("", 100), "whole");
  EXPECT_EQ(range("items=0-1", 100), "whole");
  EXPECT_EQ(range("bytes=5-1", 100), "whole");
  EXPECT_EQ(range("bytes=0-1,5-6", 100), "whole");
  EXPECT_EQ(range("bytes=abc", 100), "whole");
}

TEST(S3Preconditions, PartRanges) {
  auto simple = object(10);
  auto whole = partRange(simple, 1);
  EXPECT_EQ(whole.first, 0u);
  EXPECT_EQ(whole.last, 9u);
  EXPECT_THROW(partRange(simple, 2), AwsError);

  auto multipart = object(12);
  multipart.part_count = 2;
  multipart.parts = Json::array({{{"size", 5}}, {{"size", 7}}});
  auto second = partRange(multipart, 2);
  EXPECT_EQ(second.first, 5u);
  EXPECT_EQ(second.last, 11u);
  EXPECT_EQ(second.length(), 7u);
  EXPECT_THROW(partRange(multipart, 3), AwsError);
  EXPECT_THROW(partRange(multipart, 0), AwsError);
}

}  // namespace
}  // namespace awsemu::s3
