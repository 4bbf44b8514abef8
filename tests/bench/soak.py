#!/usr/bin/env python3
"""awsemu soak: does the server's memory stay flat under a long mixed load?

    python3 tests/bench/soak.py build/awsemu [--requests 1000000] [--max-seconds 600]
                                             [--connections 64] [--persistence]

Starts one server on loopback and drives it with wrk (keep-alive, 64 connections, one wrk thread)
through a cycle of four requests: sts:GetCallerIdentity, sqs:SendMessage, sqs:ReceiveMessage and
sqs:DeleteMessage of a message an earlier receive returned (a receive when none is at hand).
GetCallerIdentity, SendMessage and ReceiveMessage are signed with STS session credentials the
server issued, so their signatures are verified; a DeleteMessage body differs per request, which
wrk's Lua cannot sign, so those carry key `test` (parsed, not verified), as in bench_sqs.py.

Bounded in count and time: wrk's Lua stops after --requests answers, and wrk's -d is
--max-seconds. The server's resident memory (VmRSS in /proc/<pid>/status) is sampled every 10
seconds; after the warm-up (--warmup-seconds) the samples must stay within 10 % of each other
(max <= 1.1 x min). Exit status 0 when they do and every answer was 2xx, else 1.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import rss_mib, start  # noqa: E402

STS_BODY = "Action=GetCallerIdentity&Version=2011-06-15"


def signed_headers(url, creds, service, target, body, content_type):
    """Headers (Host included) of a SigV4-signed POST / with this body, as a Lua table literal."""
    headers = {"Content-Type": content_type}
    if target:
        headers["X-Amz-Target"] = target
    request = AWSRequest(method="POST", url=url + "/", data=body, headers=headers)
    SigV4Auth(creds, service, "us-east-1").add_auth(request)
    signed = {k: v for k, v in request.prepare().headers.items()
              if k.lower() not in ("content-length", "host")}
    signed["Host"] = url.split("//")[1]
    return "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in signed.items()) + "}"


def lua_script(url, creds, queue_url, limit, done_path):
    send_body = '{"QueueUrl": "%s", "MessageBody": "%s"}' % (queue_url, "soak " * 24)
    receive_body = '{"QueueUrl": "%s", "MaxNumberOfMessages": 1}' % queue_url
    json_type = "application/x-amz-json-1.0"
    day = time.strftime("%Y%m%d", time.gmtime())
    return f"""
local sts = wrk.format("POST", "/", {signed_headers(url, creds, "sts", None, STS_BODY,
                                                      "application/x-www-form-urlencoded")},
                       [[{STS_BODY}]])
local send = wrk.format("POST", "/", {signed_headers(url, creds, "sqs", "AmazonSQS.SendMessage",
                                                       send_body, json_type)}, [[{send_body}]])
local receive = wrk.format("POST", "/", {signed_headers(url, creds, "sqs",
                                                          "AmazonSQS.ReceiveMessage",
                                                          receive_body, json_type)},
                           [[{receive_body}]])
local delete_headers = {{
  ["Host"] = "{url.split("//")[1]}",
  ["Content-Type"] = "{json_type}",
  ["X-Amz-Target"] = "AmazonSQS.DeleteMessage",
  ["X-Amz-Date"] = "{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}",
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/{day}/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=" .. string.rep("0", 64),
}}
local handles, first, last = {{}}, 1, 0
local issued, answered, limit, stopped = 0, 0, {limit}, false
counts = {{sts = 0, send = 0, receive = 0, delete = 0, failed = 0}}

local thread_count = 0
setup = function(thread)
  thread_count = thread_count + 1
  thread:set("id", tostring(thread_count))
end

request = function()
  issued = issued + 1
  local step = issued % 4
  if step == 1 then counts.sts = counts.sts + 1; return sts end
  if step == 2 then counts.send = counts.send + 1; return send end
  if step == 0 and first <= last then
    local handle = handles[first]
    handles[first] = nil
    first = first + 1
    counts.delete = counts.delete + 1
    return wrk.format("POST", "/", delete_headers,
      '{{"QueueUrl": "{queue_url}", "ReceiptHandle": "' .. handle .. '"}}')
  end
  counts.receive = counts.receive + 1
  return receive
end

response = function(status, headers, body)
  answered = answered + 1
  if status ~= 200 then counts.failed = counts.failed + 1 end
  local handle = string.match(body, '"ReceiptHandle":"([^"]+)"')
  if handle then last = last + 1; handles[last] = handle end
  if answered >= limit and not stopped then
    stopped = true
    local f = io.open("{done_path}." .. wrk.thread:get("id"), "w")
    f:write(string.format("sts=%d send=%d receive=%d delete=%d failed=%d held=%d\\n",
      counts.sts, counts.send, counts.receive, counts.delete, counts.failed, last - first + 1))
    f:close()
    wrk.thread:stop()
  end
end
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--requests", type=int, default=1_000_000)
    # Signatures carry the start time; SigV4 allows 15 minutes of skew.
    parser.add_argument("--max-seconds", type=int, default=600)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--interval", type=float, default=10.0, help="RSS sampling, seconds")
    parser.add_argument("--warmup-seconds", type=float, default=20.0)
    parser.add_argument("--persistence", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk not installed: apt-get install wrk")
        return 1

    env = {"LOG_LEVEL": "info"}  # the default level: one log line per request
    data_dir = tempfile.TemporaryDirectory(prefix="awsemu-soak-") if args.persistence else None
    if data_dir:
        env.update(PERSISTENCE="1", DATA_DIR=data_dir.name)
    proc, port, log_path = start(args.binary, env)
    url = f"http://127.0.0.1:{port}"  # loopback only
    session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                            region_name="us-east-1")
    c = session.client("sts", endpoint_url=url).get_session_token()["Credentials"]
    creds = Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
    sqs = session.client("sqs", endpoint_url=url)
    queue_url = sqs.create_queue(QueueName="soak")["QueueUrl"]

    work = tempfile.mkdtemp(prefix="awsemu-soak-lua-")
    done_path = os.path.join(work, "done")
    script = os.path.join(work, "soak.lua")
    with open(script, "w") as f:
        f.write(lua_script(url, creds, queue_url, args.requests, done_path))

    began = time.monotonic()
    samples = [(0.0, rss_mib(proc.pid))]
    wrk = subprocess.Popen(["wrk", "-t1", f"-c{args.connections}", f"-d{args.max_seconds}s",
                            "-s", script, url + "/"], stdout=subprocess.PIPE, text=True)
    next_sample = began + args.interval
    while wrk.poll() is None:
        now = time.monotonic()
        if now >= next_sample:
            samples.append((now - began, rss_mib(proc.pid)))
            next_sample += args.interval
        if os.path.exists(done_path + ".1"):
            wrk.send_signal(signal.SIGINT)  # wrk stops and reports what it did
            break
        time.sleep(0.1)
    out = wrk.communicate()[0]
    elapsed = time.monotonic() - began
    samples.append((elapsed, rss_mib(proc.pid)))

    counts = open(done_path + ".1").read().strip() if os.path.exists(done_path + ".1") else ""
    shutil.rmtree(work)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    depth = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    proc.terminate()
    proc.wait()
    os.unlink(log_path)

    setup = (f"{args.connections} connections, wrk -t1, LOG_LEVEL=info"
             + (", PERSISTENCE=1" if args.persistence else ""))
    print(f"soak: {args.requests} requests ({counts or 'count not reached'}) in {elapsed:.0f} s, "
          f"{float(rps.group(1)) if rps else 0:.0f} requests/s, {setup}; non-2xx: "
          f"{non2xx.group(1) if non2xx else 0}")
    print(f"queue after the run: {depth['ApproximateNumberOfMessages']} visible, "
          f"{depth['ApproximateNumberOfMessagesNotVisible']} in flight")
    print("RSS (MiB) every {:.0f} s: ".format(args.interval)
          + ", ".join(f"{t:.0f}s {m:.1f}" for t, m in samples))
    steady = [m for t, m in samples if t >= args.warmup_seconds]
    if len(steady) < 2:
        print(f"not enough samples after the {args.warmup_seconds:.0f} s warm-up")
        return 1
    low, high = min(steady), max(steady)
    flat = high <= low * 1.10
    print(f"after the {args.warmup_seconds:.0f} s warm-up: min {low:.1f} MiB, max {high:.1f} MiB "
          f"({(high / low - 1) * 100:.1f} % apart): "
          + ("flat within 10 %" if flat else "NOT flat within 10 %"))
    ok = flat and bool(counts) and not non2xx
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
