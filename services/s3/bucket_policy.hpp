#pragma once
// Bucket policies: validated as S3 validates them on PutBucketPolicy (MalformedPolicy), and
// evaluated for one request as S3 does before the shared IAM evaluator exists (issue 10): the
// statements that match the caller, action and resource decide — an explicit Deny wins, then an
// Allow, otherwise the policy says nothing (Pass) and ACLs decide.
// Kept small and self-contained so the IAM evaluator can replace evaluate() wholesale.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
#include <map>
#include <string>
#include <string_view>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/json.hpp"

namespace awsemu::s3::policy {

enum class Decision { Allow, Deny, Pass };

// The request as a policy sees it.
struct Request {
  bool anonymous = false;
  std::string account;   // caller's account id (empty when anonymous)
  std::string arn;       // caller's principal ARN
  std::string action;    // "s3:GetObject"
  std::string resource;  // "arn:aws:s3:::bucket" or "arn:aws:s3:::bucket/key"
  // Condition keys with their values: "aws:SecureTransport" -> "false", ...
  std::map<std::string, std::string> context;
};

// Parses and checks a policy document for `bucket`; returns the parsed JSON.
// Throws MalformedPolicy (400) with S3's message.
Json validate(std::string_view text, std::string_view bucket);

Decision evaluate(const Json& policy, const Request& request);

// Whether the policy grants access to everyone: an Allow to the wildcard principal without a
// condition that pins it to known accounts, networks or sources.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
bool isPublic(const Json& policy);

// Case-insensitive when asked (actions), with '*' and '?' wildcards.
bool globMatch(std::string_view pattern, std::string_view text, bool ignore_case = false);

AwsError malformedPolicy(std::string message);  // 400 MalformedPolicy

}  // namespace awsemu::s3::policy
