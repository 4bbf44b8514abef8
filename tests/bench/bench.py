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
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


def start(binary, env_extra=None):
    """Starts the server with its log in a file (a pipe nobody drains would block its writes)."""
    env = dict(os.environ, GATEWAY_LISTEN="127.0.0.1:0", LOG_LEVEL="warn")
    env.update(env_extra or {})
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    proc = subprocess.Popen([binary], env=env, stdout=log, stderr=subprocess.STDOUT)
    port = None
    deadline = time.time() + 10
    while time.time() < deadline and port is None:
        with open(log.name) as f:
            m = re.search(r"listening on [^ ]+:(\d+)", f.read())
        port = int(m.group(1)) if m else None
        time.sleep(0.01)
    return proc, port, log.name


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


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


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


FORM = "application/x-www-form-urlencoded; charset=utf-8"
JSON_1_0 = "application/x-amz-json-1.0"


def signed_post(url, creds, service, body, content_type, target=None, path="/"):
    """A SigV4-signed POST: (the raw request bytes, the signed headers)."""
    headers = {"Content-Type": content_type}
    if target:
        headers["X-Amz-Target"] = target
    request = AWSRequest(method="POST", url=url + path, data=body, headers=headers)
    SigV4Auth(creds, service, "us-east-1").add_auth(request)
    prepared = request.prepare()
    head = f"POST {path} HTTP/1.1\r\nHost: {url.split('//')[1]}\r\nContent-Length: {len(body)}\r\n"
    for name, value in prepared.headers.items():
        if name.lower() not in ("content-length", "host"):
            head += f"{name}: {value}\r\n"
    return (head + "\r\n").encode() + body.encode(), prepared.headers


def wrk_request_script(url, method, path, headers, body=None):
    """A wrk script sending the same signed request every time."""
    lines = [f'wrk.method = "{method}"', f'wrk.path = "{path}"', "wrk.headers = {}"]
    if body is not None:
        lines.append(f"wrk.body = [[{body}]]")
    for name, value in headers.items():
        if name.lower() not in ("content-length", "host"):
            lines.append(f'wrk.headers["{name}"] = "{value}"')
    lines.append(f'wrk.headers["Host"] = "{url.split("//")[1]}"')
    return "\n".join(lines) + "\n"


def wrk_lua(url, creds):
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    _, headers = signed_post(url, creds, "sts", body, FORM)
    return wrk_request_script(url, "POST", "/", headers, body)


def run_wrk(url, script_text, seconds, connections, threads):
    """Runs wrk with a Lua script; returns (requests per second, non-2xx responses)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script_text)
        script = f.name
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", script,
                          url + "/"], capture_output=True, text=True).stdout
    os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, int(non2xx.group(1)) if non2xx else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--wrk-threads", type=int, default=1)
    args = parser.parse_args()

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

    issued = boto3.client("sts", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test").get_session_token()
    c = issued["Credentials"]
    creds = Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
    if not shutil.which("wrk"):
        print("wrk not installed: apt-get install wrk")
        return 1
    rps, bad = run_wrk(url, wrk_lua(url, creds), args.seconds, args.connections, args.wrk_threads)
    print(f"signed GetCallerIdentity (verified session credentials), keep-alive, "
          f"{args.connections} connections, wrk -t{args.wrk_threads}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))
    proc.terminate()
    proc.wait()
    os.unlink(log_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
