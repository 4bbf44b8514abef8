#!/usr/bin/env python3
"""The request throughput cost of ENFORCE_IAM=1 (figures for docs/benchmarks.md).

    python3 tests/bench/bench_iam_enforcement.py build/awsemu [--seconds 5] [--rounds 5]

For each of ENFORCE_IAM=0 and 1, one server (default configuration otherwise); an IAM user whose
inline policy has 10 statements (with conditions; the last one allows the call) signs, with its
own access key, so every signature is verified and, with enforcement, every request is decided by
the policy engine from the user's policies:
  1. SQS SendMessage (JSON protocol) with wrk, keep-alive;
  2. S3 GetObject of a 1 KiB object with wrk, keep-alive.
"""
import json
import os
import statistics
import sys

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


def cpu_seconds(pid):
    """The server's user + system CPU time so far (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prepare(binary, enforce):
    """A server with the IAM user, its key, the queue and the object; the two wrk scripts."""
    proc, port, log_path = start(binary, {"ENFORCE_IAM": enforce, "LOG_LEVEL": "info"})
    url = f"http://127.0.0.1:{port}"
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
    scripts = {
        "SendMessage": sqs_script(url, creds, "SendMessage",
                                  {"QueueUrl": queue, "MessageBody": "hello " * 20}),
        "GetObject": s3_script(url, creds, "bench-b", "k"),
    }
    return proc, url, log_path, scripts


def one_run(server, name, wrk):
    """(requests/s, server CPU microseconds per request, non-2xx) of one wrk run."""
    proc, url, _, scripts = server
    before = cpu_seconds(proc.pid)
    rps, bad = run_wrk(url, scripts[name], **wrk)
    cpu = cpu_seconds(proc.pid) - before
    return rps, 1e6 * cpu / max(1.0, rps * wrk["seconds"]), bad


def main():
    parser = bench_parser()
    parser.add_argument("--rounds", type=int, default=5,
                        help="alternating runs per server and operation; medians are reported")
    args = parser.parse_args()
    if not wrk_installed():
        return 1
    wrk, _ = wrk_options(args)
    # Both servers live side by side; runs alternate between them (and which one goes first), so
    # a slow spell of the machine falls on both rather than on one configuration.
    servers = {"0": prepare(args.binary, "0"), "1": prepare(args.binary, "1")}
    try:
        results = {name: {"0": [], "1": []} for name in ("SendMessage", "GetObject")}
        for round_index in range(args.rounds):
            order = ("0", "1") if round_index % 2 == 0 else ("1", "0")
            for name in results:
                for enforce in order:
                    results[name][enforce].append(one_run(servers[enforce], name, wrk))
    finally:
        for proc, _, log_path, _ in servers.values():
            proc.terminate()
            proc.wait()
            os.unlink(log_path)
    print(f"keep-alive, {args.connections} connections, wrk -t{args.wrk_threads}, "
          f"{args.rounds} alternating rounds of {args.seconds} s; "
          f"IAM user with a 10-statement managed policy; medians")
    for name, runs in results.items():
        rps = {e: statistics.median(r[0] for r in runs[e]) for e in runs}
        cpu = {e: statistics.median(r[1] for r in runs[e]) for e in runs}
        bad = {e: sum(r[2] for r in runs[e]) for e in runs}
        # Each round's two runs are back to back: the median of the rounds' costs is the figure
        # least moved by the machine's drift (a paired comparison).
        costs = [100 * (off[0] - on[0]) / off[0] for off, on in zip(runs["0"], runs["1"])]
        print(f"{name}: cost {statistics.median(costs):.1f}% (median of the rounds: "
              f"{', '.join(f'{c:.0f}%' for c in costs)}); medians ENFORCE_IAM=0 "
              f"{rps['0']:,.0f}/s ({cpu['0']:.1f} us CPU/request, non-2xx {bad['0']}), "
              f"ENFORCE_IAM=1 {rps['1']:,.0f}/s ({cpu['1']:.1f} us CPU/request, non-2xx "
              f"{bad['1']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
