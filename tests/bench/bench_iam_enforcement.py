#!/usr/bin/env python3
"""The request throughput cost of ENFORCE_IAM=1 (figures for docs/benchmarks.md).

    python3 tests/bench/bench_iam_enforcement.py build/awsemu [--seconds 10] [--connections 64]

For each of ENFORCE_IAM=0 and 1, one server (default configuration otherwise); an IAM user whose
inline policy has 10 statements (with conditions; the last one allows the call) signs, with its
own access key, so every signature is verified and, with enforcement, every request is decided by
the policy engine from the user's policies:
  1. SQS SendMessage (JSON protocol) with wrk, keep-alive;
  2. S3 GetObject of a 1 KiB object with wrk, keep-alive.
"""
import json
import os
import sys
import time

import boto3
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_support import bench_parser, run_wrk, start, wrk_installed, wrk_options, wrk_request_script  # noqa: E402,E501
from bench_sqs import wrk_script as sqs_script  # noqa: E402


def ten_statements():
    statements = []
    for i in range(9):
        statements.append({
            "Sid": f"S{i}", "Effect": "Allow",
            "Action": [f"dynamodb:Get{i}*", f"sns:Publish{i}"],
            "Resource": f"arn:aws:dynamodb:us-east-1:000000000000:table/t{i}",
            "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}})
    statements.append({
        "Sid": "Work", "Effect": "Allow", "Action": ["sqs:SendMessage", "s3:GetObject"],
        "Resource": ["arn:aws:sqs:us-east-1:000000000000:bench-*", "arn:aws:s3:::bench-*/*"],
        "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def s3_script(url, creds, bucket, key):
    request = AWSRequest(method="GET", url=f"{url}/{bucket}/{key}")
    S3SigV4Auth(creds, "s3", "us-east-1").add_auth(request)
    return wrk_request_script(url, "GET", f"/{bucket}/{key}", request.prepare().headers)


def measure(binary, enforce, wrk):
    proc, port, log_path = start(binary, {"ENFORCE_IAM": enforce, "LOG_LEVEL": "info"})
    url = f"http://127.0.0.1:{port}"
    try:
        time.sleep(0.3)
        cfg = Config(region_name="us-east-1")
        root = dict(endpoint_url=url, region_name="us-east-1", aws_access_key_id="test",
                    aws_secret_access_key="test", config=cfg)
        iam = boto3.client("iam", **root)
        iam.create_user(UserName="bench")
        # A managed policy: ten statements with conditions exceed a user's 2,048-byte inline quota.
        arn = iam.create_policy(PolicyName="ten", PolicyDocument=ten_statements())["Policy"]["Arn"]
        iam.attach_user_policy(UserName="bench", PolicyArn=arn)
        key = iam.create_access_key(UserName="bench")["AccessKey"]
        creds = Credentials(key["AccessKeyId"], key["SecretAccessKey"])
        queue = boto3.client("sqs", **root).create_queue(QueueName="bench-q")["QueueUrl"]
        s3 = boto3.client("s3", **root)
        s3.create_bucket(Bucket="bench-b")
        s3.put_object(Bucket="bench-b", Key="k", Body=b"x" * 1024)
        results = {}
        rps, bad = run_wrk(url, sqs_script(url, creds, "SendMessage",
                                           {"QueueUrl": queue, "MessageBody": "hello " * 20}),
                           **wrk)
        results["SendMessage"] = (rps, bad)
        rps, bad = run_wrk(url, s3_script(url, creds, "bench-b", "k"), **wrk)
        results["GetObject"] = (rps, bad)
        return results
    finally:
        proc.terminate()
        proc.wait()
        os.unlink(log_path)


def main():
    args = bench_parser().parse_args()
    if not wrk_installed():
        return 1
    wrk, _ = wrk_options(args)
    off = measure(args.binary, "0", wrk)
    on = measure(args.binary, "1", wrk)
    print(f"keep-alive, {args.connections} connections, wrk -t{args.wrk_threads}, "
          f"{args.seconds} s each; IAM user with a 10-statement managed policy")
    for name in off:
        (a, bad_a), (b, bad_b) = off[name], on[name]
        print(f"{name}: ENFORCE_IAM=0 {a:,.0f}/s (non-2xx {bad_a}), ENFORCE_IAM=1 {b:,.0f}/s "
              f"(non-2xx {bad_b}): cost {100 * (a - b) / a:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
