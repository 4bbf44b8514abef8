// Browser POST forms: multipart parsing and the policy document's conditions.
#include "services/s3/post_form.hpp"

#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"

namespace awsemu::s3 {
namespace {

std::string form(const std::vector<std::pair<std::string, std::string>>& fields,
                 const std::string& file) {
  std::string body;
  for (const auto& [name, value] : fields)
    body += "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  body +=
      "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\n" +
      file + "\r\n--B--\r\n";
  return body;
}

std::string policyError(const std::string& policy, const PostForm& parsed) {
  try {
    checkPostPolicy(encoding::base64Encode(policy), parsed, "bkt", 1'700'000'000);
    return "";
  } catch (const AwsError& error) {
    return error.code + ": " + error.message;
  }
}

TEST(S3PostForm, Boundary) {
  EXPECT_EQ(formBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(formBoundary("multipart/form-data; boundary=\"q\""), "q");
  EXPECT_FALSE(formBoundary("application/x-www-form-urlencoded"));
}

TEST(S3PostForm, ParsesFieldsAndFile) {
  std::string body = form({{"Key", "up/${filename}"}, {"x-amz-meta-a", "1"}}, "da\r\nta");
  PostForm parsed = parsePostForm(body, "B");
  EXPECT_EQ(*parsed.field("key"), "up/${filename}");
  EXPECT_EQ(*parsed.field("x-amz-meta-a"), "1");
  EXPECT_EQ(parsed.file, "da\r\nta");
  EXPECT_EQ(parsed.file_name, "a.txt");
}

TEST(S3PostForm, MissingKeyOrFile) {
  EXPECT_THROW(parsePostForm(form({}, "x"), "B"), AwsError);
  std::string no_file = "--B\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nk\r\n--B--\r\n";
  EXPECT_THROW(parsePostForm(no_file, "B"), AwsError);
  EXPECT_THROW(parsePostForm("garbage", "B"), AwsError);
}

TEST(S3PostForm, PolicyConditions) {
  std::string body = form({{"key", "up/a"}, {"acl", "private"}}, "12345");
  PostForm parsed = parsePostForm(body, "B");
  const std::string ok = R"({"expiration":"2030-01-01T00:00:00Z","conditions":[
      {"bucket":"bkt"},["starts-with","$key","up/"],{"acl":"private"},
      ["content-length-range",1,10]]})";
  EXPECT_EQ(policyError(ok, parsed), "");
  EXPECT_NE(policyError(R"({"expiration":"2020-01-01T00:00:00Z","conditions":[]})", parsed)
                .find("Policy expired"),
            std::string::npos);
  EXPECT_NE(policyError(R"({"expiration":"2030-01-01T00:00:00Z","conditions":[
      {"bucket":"bkt"},["eq","$key","up/a"]]})",
                        parsed)
                .find("Extra input fields: acl"),
            std::string::npos);
  EXPECT_NE(policyError(R"({"expiration":"2030-01-01T00:00:00Z","conditions":[
      {"bucket":"other"},["eq","$key","up/a"],{"acl":"private"}]})",
                        parsed)
                .find("Policy Condition failed"),
            std::string::npos);
  EXPECT_EQ(policyError(R"({"expiration":"2030-01-01T00:00:00Z","conditions":[
      {"bucket":"bkt"},["eq","$key","up/a"],{"acl":"private"},["content-length-range",0,4]]})",
                        parsed)
                .substr(0, 14),
            "EntityTooLarge");
  EXPECT_EQ(policyError(R"({"expiration":"2030-01-01T00:00:00Z","conditions":[
      {"bucket":"bkt"},["eq","$key","up/a"],{"acl":"private"},["content-length-range",6,9]]})",
                        parsed)
                .substr(0, 14),
            "EntityTooSmall");
  EXPECT_EQ(policyError("{}", parsed).substr(0, 21), "InvalidPolicyDocument");
}

}  // namespace
}  // namespace awsemu::s3
