#!/usr/bin/env python3
"""awsemu SQS benchmarks (figures for docs/benchmarks.md).

    python3 tests/bench/bench_sqs.py build/awsemu [--seconds 10] [--connections 64]

Measures, on this machine, against one server (default configuration, THREADS = cores):
  1. SendMessage/s: wrk, keep-alive, one signed JSON-protocol request (STS session credentials the
     server issued, so every signature is verified);
  2. ReceiveMessage/s on the queue step 1 filled (each receive takes one message; verified
     signatures as in 1);
  3. DeleteMessage/s: wrk cycles through the receipt handles of step 2, one per request (the bodies
     differ, so these requests carry key "test", whose signature is parsed but not verified);
  4. long-poll wake-up: a ReceiveMessage waiting (WaitTimeSeconds=20) on an empty queue, then a
     SendMessage on another connection; the time from writing the send to the receiver's answer,
     median and 95th percentile of 50 rounds;
  5. 1,000 idle long-polling receivers: server threads and RSS before and while they wait, and
     that a message sent to each queue wakes its receiver.
"""
import json
import os
import re
import resource
import socket
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_support import (JSON_1_0, bench_parser, read_response, rss_mib, run_wrk,  # noqa: E402
                           session_credentials, signed_post, start_for, stop, wake_up_latency,
                           wrk_installed, wrk_options, wrk_request_script)


def signed_request(url, creds, operation, payload):
    """The raw bytes and signed headers of an SQS JSON-protocol request."""
    return signed_post(url, creds, "sqs", json.dumps(payload), JSON_1_0, f"AmazonSQS.{operation}")


def wrk_script(url, creds, operation, payload):
    _, headers = signed_request(url, creds, operation, payload)
    return wrk_request_script(url, "POST", "/", headers, json.dumps(payload))


def server_threads(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"Threads:\s+(\d+)", f.read()).group(1))


def long_poll_wakeup(url, port, creds, queue_url, rounds=50):
    receive, _ = signed_request(url, creds, "ReceiveMessage",
                                {"QueueUrl": queue_url, "WaitTimeSeconds": 20})
    send, _ = signed_request(url, creds, "SendMessage", {"QueueUrl": queue_url, "MessageBody": "x"})
    return wake_up_latency(port, receive, send, b"Messages", rounds, settle_seconds=0.05)


def idle_long_pollers(url, port, pid, creds, sqs, count=1000):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * count)), hard))
    queues = [sqs.create_queue(QueueName=f"bench-idle-{n}")["QueueUrl"] for n in range(count // 10)]
    threads_before, rss_before = server_threads(pid), rss_mib(pid)
    sockets = []
    for n in range(count):
        raw, _ = signed_request(url, creds, "ReceiveMessage",
                                {"QueueUrl": queues[n % len(queues)], "WaitTimeSeconds": 20})
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(raw)
        sockets.append(sock)
    time.sleep(1.0)
    threads_waiting, rss_waiting = server_threads(pid), rss_mib(pid)
    began = time.perf_counter()
    for queue in queues:  # ten receivers per queue, ten messages per queue
        sqs.send_message_batch(QueueUrl=queue, Entries=[
            {"Id": str(i), "MessageBody": "wake"} for i in range(10)])
    woken = 0
    for sock in sockets:
        sock.settimeout(15)
        _, body = read_response(sock)
        woken += b"Messages" in body
        sock.close()
    elapsed = time.perf_counter() - began
    return threads_before, threads_waiting, rss_before, rss_waiting, woken, elapsed


def main():
    parser = bench_parser("PERSISTENCE=1: every change is written to SQLite before the answer")
    parser.add_argument("--delete-messages", type=int, default=100_000)
    args = parser.parse_args()
    if not wrk_installed():
        return 1

    proc, port, log_path, data_dir = start_for(args)
    url = f"http://127.0.0.1:{port}"
    session, creds = session_credentials(url)
    sqs = session.client("sqs", endpoint_url=url)
    wrk, setup = wrk_options(args)
    queue = sqs.create_queue(QueueName="bench", Attributes={"VisibilityTimeout": "3600"})["QueueUrl"]
    wrk = dict(seconds=args.seconds, connections=args.connections, threads=args.wrk_threads)
    setup = (f"keep-alive, {args.connections} connections, wrk -t{args.wrk_threads}"
             + (", PERSISTENCE=1" if args.persistence else ""))

    rps, bad = run_wrk(url, wrk_script(url, creds, "SendMessage",
                                       {"QueueUrl": queue, "MessageBody": "hello " * 20}), **wrk)
    sent = int(sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])
               ["Attributes"]["ApproximateNumberOfMessages"])
    print(f"SendMessage (verified signatures), {setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else "") + f"; {sent} messages in the queue")

    # Half the send time, so that every receive finds a message.
    rps, bad = run_wrk(url, wrk_script(url, creds, "ReceiveMessage", {"QueueUrl": queue}),
                       **dict(wrk, seconds=max(1, args.seconds // 2)))
    in_flight = int(sqs.get_queue_attributes(
        QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])
        ["Attributes"]["ApproximateNumberOfMessagesNotVisible"])
    print(f"ReceiveMessage, one message each (verified signatures), {setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else "") + f"; {in_flight} messages received")

    # DeleteMessage needs a fresh receipt handle per request: queue and receive them first.
    delete_queue = sqs.create_queue(QueueName="bench-delete",
                                    Attributes={"VisibilityTimeout": "3600"})["QueueUrl"]
    batches = args.delete_messages // 10
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: sqs.send_message_batch(QueueUrl=delete_queue, Entries=[
            {"Id": str(i), "MessageBody": "d"} for i in range(10)]), range(batches)))
        received = pool.map(lambda _: sqs.receive_message(
            QueueUrl=delete_queue, MaxNumberOfMessages=10).get("Messages", []), range(batches))
        handles = [m["ReceiptHandle"] for got in received for m in got]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handles_file:
        handles_file.write("\n".join(handles) + "\n")
    delete_lua = f"""
local handles = {{}}
for line in io.lines("{handles_file.name}") do handles[#handles + 1] = line end
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "AmazonSQS.DeleteMessage"
wrk.headers["X-Amz-Date"] = "{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/{time.strftime('%Y%m%d', time.gmtime())}/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"
wrk.headers["Host"] = "{url.split('//')[1]}"
request = function()
  n = n + 1
  if n > #handles then n = 1 end
  return wrk.format(nil, "/", nil, '{{"QueueUrl": "{delete_queue}", "ReceiptHandle": "' .. handles[n] .. '"}}')
end
"""
    deletes = max(1, min(args.seconds, len(handles) // 40000))
    rps, bad = run_wrk(url, delete_lua, deletes, args.connections, args.wrk_threads)
    left = sqs.get_queue_attributes(QueueUrl=delete_queue, AttributeNames=["All"])["Attributes"]
    print(f"DeleteMessage, a different receipt handle each ({len(handles)} handles, {deletes} s), "
          f"{setup}: {rps:.0f} requests/s" + (f" ({bad} non-2xx!)" if bad else "")
          + f"; left in flight: {left['ApproximateNumberOfMessagesNotVisible']}")
    os.unlink(handles_file.name)

    empty = sqs.create_queue(QueueName="bench-wakeup")["QueueUrl"]
    median, p95 = long_poll_wakeup(url, port, creds, empty)
    print(f"long-poll wake-up, SendMessage written -> waiting receiver answered: median "
          f"{median:.2f} ms, p95 {p95:.2f} ms (50 rounds)")

    before, waiting, rss_before, rss_waiting, woken, elapsed = idle_long_pollers(
        url, port, proc.pid, creds, sqs)
    print(f"1000 idle long-polling receivers: server threads {before} before, {waiting} while they "
          f"wait; RSS {rss_before:.1f} -> {rss_waiting:.1f} MiB; {woken}/1000 woken by a send "
          f"within {elapsed:.2f} s")
    stop(proc, log_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
