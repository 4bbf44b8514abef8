#!/usr/bin/env python3
"""awsemu foundation benchmarks (figures for docs/benchmarks.md).

    python3 tests/bench/bench.py build/awsemu [--seconds 10] [--connections 64]

Measures, on this machine:
  1. start-up: from spawning the process to the first served request (GET /_localstack/health),
     median of 20 starts;
  2. resident memory (VmRSS) idle after start, and after one request to every service's model;
  3. signed sts:GetCallerIdentity over keep-alive with wrk: the request is signed with STS session
     credentials the server issued, so every request's signature is verified (not just parsed).
"""
import os
import socket
import statistics
import subprocess
import sys
import time

import boto3
from botocore.config import Config

# bench_s3.py imports start, rss_mib and run_wrk from here.
from bench_support import (FORM, bench_parser, rss_mib, run_wrk, session_credentials,  # noqa: F401
                           signed_post, start, stop, wrk_installed, wrk_request_script)


def first_request_ms(binary):
    # LOG_LEVEL=warn hides the "listening" line, so pick the port up front.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, GATEWAY_LISTEN=f"127.0.0.1:{port}", LOG_LEVEL="warn")
    began = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    request = b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(request)
                if sock.recv(16).startswith(b"HTTP/1.1 200"):
                    elapsed = (time.perf_counter() - began) * 1000
                    break
        except OSError:
            time.sleep(0.0002)
    proc.terminate()
    proc.wait()
    return elapsed


def touch_every_model(url):
    """One request per service, so that every model gets loaded."""
    config = Config(region_name="us-east-1", retries={"max_attempts": 1},
                    s3={"addressing_style": "path"})
    calls = [("s3", "list_buckets", {}), ("sqs", "list_queues", {}), ("sns", "list_topics", {}),
             ("dynamodb", "list_tables", {}), ("dynamodbstreams", "list_streams", {}),
             ("lambda", "list_functions", {}), ("iam", "list_users", {}),
             ("sts", "get_caller_identity", {}), ("cloudwatch", "list_metrics", {}),
             ("logs", "describe_log_groups", {})]
    for service, op, params in calls:
        client = boto3.client(service, endpoint_url=url, config=config,
                              aws_access_key_id="test", aws_secret_access_key="test")
        try:
            getattr(client, op)(**params)
        except Exception:
            pass  # not-implemented answers still load the model


def wrk_lua(url, creds):
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    _, headers = signed_post(url, creds, "sts", body, FORM)
    return wrk_request_script(url, "POST", "/", headers, body)


def main():
    args = bench_parser().parse_args()

    starts = [first_request_ms(args.binary) for _ in range(20)]
    print(f"start-up to first served request: median {statistics.median(starts):.2f} ms, "
          f"min {min(starts):.2f} ms, max {max(starts):.2f} ms (20 starts)")

    proc, port, log_path = start(args.binary, {"LOG_LEVEL": "info"})
    url = f"http://127.0.0.1:{port}"
    time.sleep(0.5)
    print(f"resident memory idle: {rss_mib(proc.pid):.1f} MiB")
    touch_every_model(url)
    time.sleep(0.2)
    print(f"resident memory after every service's model was used: {rss_mib(proc.pid):.1f} MiB")

    _, creds = session_credentials(url)
    if not wrk_installed():
        return 1
    rps, bad = run_wrk(url, wrk_lua(url, creds), args.seconds, args.connections, args.wrk_threads)
    print(f"signed GetCallerIdentity (verified session credentials), keep-alive, "
          f"{args.connections} connections, wrk -t{args.wrk_threads}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))
    stop(proc, log_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
