#!/usr/bin/env python3
"""awsemu SNS benchmarks (figures for docs/benchmarks.md).

    python3 tests/bench/bench_sns.py build/awsemu [--seconds 10] [--connections 64]

Measures, on this machine, against one server (default configuration):
  1. Publish/s: wrk, keep-alive, one signed query-protocol Publish (STS session credentials the
     server issued, so every signature is verified) to a topic with one SQS subscriber; then how
     long the deliveries took to land in the queue (delivered/s over the whole run);
  2. publish -> receive latency: a ReceiveMessage long-polling the subscribed queue, then a
     Publish on another connection; the time from writing the Publish to the receiver's answer,
     median and 95th percentile of 200 rounds.
"""
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_support import (FORM, bench_parser, run_wrk, session_credentials,  # noqa: E402
                           signed_post, start_for, stop, wake_up_latency, wrk_installed,
                           wrk_options, wrk_request_script)


def signed_query(url, creds, service, params, target="/"):
    """The raw bytes, signed headers and body of a signed query-protocol POST."""
    body = urllib.parse.urlencode(params)
    raw, headers = signed_post(url, creds, service, body, FORM, path=target)
    return raw, headers, body


def wrk_script(url, creds, params):
    _, headers, body = signed_query(url, creds, "sns", params)
    return wrk_request_script(url, "POST", "/", headers, body)


def queue_depth(sqs, queue):
    attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    return (int(attributes["ApproximateNumberOfMessages"])
            + int(attributes["ApproximateNumberOfMessagesNotVisible"]))


def publish_latency(url, port, creds, topic, queue, rounds=200):
    receive, _, _ = signed_query(url, creds, "sqs", {
        "Action": "ReceiveMessage", "Version": "2012-11-05", "QueueUrl": queue,
        "WaitTimeSeconds": "20"})
    publish, _, _ = signed_query(url, creds, "sns", {
        "Action": "Publish", "Version": "2010-03-31", "TopicArn": topic, "Message": "ping"})
    return wake_up_latency(port, receive, publish, b"<Body>", rounds, settle_seconds=0.02)


def main():
    parser = bench_parser()
    parser.add_argument("--raw", action="store_true",
                        help="raw message delivery (no envelope, so no RSA signature per message)")
    args = parser.parse_args()
    if not wrk_installed():
        return 1

    proc, port, log_path, _ = start_for(args)
    url = f"http://127.0.0.1:{port}"
    session, creds = session_credentials(url)
    sns = session.client("sns", endpoint_url=url)
    sqs = session.client("sqs", endpoint_url=url)
    topic = sns.create_topic(Name="bench")["TopicArn"]
    queue = sqs.create_queue(QueueName="bench-sns", Attributes={"VisibilityTimeout": "3600"})["QueueUrl"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:bench-sns",
                  Attributes={"RawMessageDelivery": "true" if args.raw else "false"})
    wrk, setup = wrk_options(args)
    setup += ", raw delivery" if args.raw else ", signed envelope"

    began = time.perf_counter()
    rps, bad = run_wrk(url, wrk_script(url, creds, {
        "Action": "Publish", "Version": "2010-03-31", "TopicArn": topic, "Message": "hello " * 20}),
        **wrk)
    published = int(rps * args.seconds)
    # The deliveries run behind the answers: wait until the queue stops growing.
    last, depth = -1, queue_depth(sqs, queue)
    while depth != last:
        time.sleep(0.5)
        last, depth = depth, queue_depth(sqs, queue)
    elapsed = time.perf_counter() - began - 0.5
    print(f"Publish to a topic with one SQS subscriber (verified signatures), {setup}: "
          f"{rps:.0f} requests/s" + (f" ({bad} non-2xx!)" if bad else "")
          + f"; {depth} of ~{published} delivered to the queue, {depth / elapsed:.0f} deliveries/s "
          f"over the run")

    sqs.purge_queue(QueueUrl=queue)
    time.sleep(0.5)
    median, p95 = publish_latency(url, port, creds, topic, queue)
    print(f"publish -> receive, Publish written -> long-polling receiver answered: median "
          f"{median:.2f} ms, p95 {p95:.2f} ms (200 rounds)")
    stop(proc, log_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
