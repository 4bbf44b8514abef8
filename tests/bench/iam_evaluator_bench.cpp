// Decisions per second of the IAM policy evaluator on one core: a 10-statement identity policy
// with conditions and variables, plus a permissions boundary and a bucket-style resource
// policy, over a mix of requests that end in Allow, ImplicitDeny and ExplicitDeny.
// Run: build/bench_iam_evaluator [seconds]   (figures in docs/benchmarks.md)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "awsemu/iam/evaluator.hpp"

using namespace awsemu::iam;

namespace {

const char* kIdentityPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ListOwnPrefix", "Effect": "Allow", "Action": "s3:ListBucket",
     "Resource": "arn:aws:s3:::shared-bucket",
     "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "public/*"]}}},
    {"Sid": "OwnObjects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": "arn:aws:s3:::shared-bucket/home/${aws:username}/*",
     "Condition": {"Bool": {"aws:SecureTransport": "true"},
                   "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}},
    {"Sid": "TeamObjects", "Effect": "Allow", "Action": "s3:Get*",
     "Resource": "arn:aws:s3:::team-*/*",
     "Condition": {"StringEquals": {"s3:ExistingObjectTag/team": "${aws:PrincipalTag/team}"}}},
    {"Sid": "Queues", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
     "Resource": "arn:aws:sqs:*:111111111111:app-*",
     "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}},
    {"Sid": "Tables", "Effect": "Allow", "Action": "dynamodb:*",
     "Resource": "arn:aws:dynamodb:us-east-1:111111111111:table/app-*",
     "Condition": {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["${aws:userid}*"]}}},
    {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
     "Resource": "arn:aws:logs:*:*:log-group:/app/*"},
    {"Sid": "ReadParameters", "Effect": "Allow", "Action": "ssm:GetParameter*",
     "Resource": "arn:aws:ssm:us-east-1:111111111111:parameter/app/*",
     "Condition": {"StringEqualsIgnoreCase": {"aws:RequestedRegion": "US-EAST-1"}}},
    {"Sid": "NoDeletes", "Effect": "Deny", "Action": ["s3:DeleteObject*", "dynamodb:DeleteTable"],
     "Resource": "*"},
    {"Sid": "OnlyFromNetwork", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]},
                   "Bool": {"aws:ViaAWSService": "false"}}},
    {"Sid": "SmallPages", "Effect": "Allow", "Action": "s3:ListBucket",
     "Resource": "arn:aws:s3:::public-*",
     "Condition": {"NumericLessThanEquals": {"s3:max-keys": "100"}}}
  ]
})";

const char* kBoundary = R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["s3:*", "sqs:*", "dynamodb:*", "logs:*", "ssm:*"], "Resource": "*"}]})";

const char* kBucketPolicy = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
   "Resource": ["arn:aws:s3:::shared-bucket", "arn:aws:s3:::shared-bucket/*"],
   "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Sid": "AuditRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/audit"},
   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-bucket/*"}]})";

struct Request {
  std::string action;
  std::string resource;
  Decision expected;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  std::vector<PolicyPtr> identity{Policy::parse(kIdentityPolicy, PolicyKind::Identity)};
  PolicyPtr boundary = Policy::parse(kBoundary, PolicyKind::Identity);
  PolicyPtr bucket = Policy::parse(kBucketPolicy, PolicyKind::Resource);

  Principal alice = Principal::user("111111111111", "alice", "AIDAALICEEXAMPLE");
  alice.tags = {{"team", "blue"}, {"department", "engineering"}};
  ContextKeys context;
  context.set("aws:SourceIp", "10.1.2.3");
  context.set("aws:SecureTransport", "true");
  context.set("aws:ViaAWSService", "false");
  context.set("aws:CurrentTime", "2026-12-03T07:00:00Z");
  context.set("aws:RequestedRegion", "us-east-1");
  context.set("s3:prefix", "home/alice/docs/");
  context.set("s3:ExistingObjectTag/team", "blue");

  const std::vector<Request> requests = {
      {"s3:GetObject", "arn:aws:s3:::shared-bucket/home/alice/report.pdf", Decision::Allow},
      {"s3:PutObject", "arn:aws:s3:::shared-bucket/home/bob/report.pdf", Decision::ImplicitDeny},
      {"s3:ListBucket", "arn:aws:s3:::shared-bucket", Decision::Allow},
      {"s3:DeleteObject", "arn:aws:s3:::shared-bucket/home/alice/x", Decision::ExplicitDeny},
      {"s3:GetObject", "arn:aws:s3:::team-blue/plan.txt", Decision::Allow},
      {"sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:app-orders", Decision::Allow},
      {"logs:PutLogEvents", "arn:aws:logs:us-east-1:111111111111:log-group:/app/web:*",
       Decision::Allow},
      {"ec2:RunInstances", "arn:aws:ec2:us-east-1:111111111111:instance/*", Decision::ImplicitDeny},
  };
  std::vector<AuthorizationRequest> prepared;
  for (const auto& r : requests) {
    AuthorizationRequest request;
    request.principal = &alice;
    request.action = r.action;
    request.resource = r.resource;
    request.context = &context;
    request.identity_policies = identity;
    request.permissions_boundary = boundary.get();
    if (r.resource.starts_with("arn:aws:s3:::shared-bucket"))
      request.resource_policy = bucket.get();
    if (decide(request) != r.expected || evaluate(request).decision != r.expected) {
      std::fprintf(stderr, "unexpected decision for %s %s\n", r.action.c_str(), r.resource.c_str());
      return 1;
    }
    prepared.push_back(request);
  }

  auto run = [&](const char* name, auto&& call) {
    std::size_t decisions = 0;
    auto start = std::chrono::steady_clock::now();
    while (secondsSince(start) < seconds) {
      for (int round = 0; round < 1000; ++round) {
        for (const auto& request : prepared) call(request);
      }
      decisions += 1000 * prepared.size();
    }
    double elapsed = secondsSince(start);
    std::printf("%-28s %10.0f decisions/s  (%.0f ns each, %zu decisions)\n", name,
                decisions / elapsed, elapsed * 1e9 / decisions, decisions);
  };
  volatile int sink = 0;
  run("decide (enforcement path)",
      [&](const AuthorizationRequest& r) { sink = sink + static_cast<int>(decide(r)); });
  run("evaluate (simulation path)", [&](const AuthorizationRequest& r) {
    sink = sink + static_cast<int>(evaluate(r).matched_statements.size());
  });
  auto start = std::chrono::steady_clock::now();
  int parses = 0;
  while (secondsSince(start) < seconds / 3) {
    for (int i = 0; i < 100; ++i)
      sink = sink + static_cast<int>(
                        Policy::parse(kIdentityPolicy, PolicyKind::Identity)->statementCount());
    parses += 100;
  }
  std::printf("%-28s %10.0f policies/s\n", "parse + validate + compile",
              parses / secondsSince(start));
  return 0;
}
