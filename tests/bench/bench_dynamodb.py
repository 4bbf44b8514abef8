#!/usr/bin/env python3
"""awsemu DynamoDB benchmarks (figures for docs/benchmarks.md).

    python3 tests/bench/bench_dynamodb.py build/awsemu [--seconds 10] [--connections 64]
        [--persistence] [--large-items 1000000]

Measures, on this machine, against one server (THREADS = cores), wrk with keep-alive:
  1. PutItem/s: a different item each request (a counter in the key; these requests carry key
     "test", whose signature is parsed but not verified, since every body differs);
  2. GetItem/s of one item (verified signatures: STS session credentials the server issued);
  3. Query/s: 10 of the 100 items of one partition (BETWEEN on the sort key; verified signatures);
  4. Query latency, 10 items, one connection: on a 100-item table and on a table of
     --large-items items (a Query's cost grows with its result, not with the table).
"""
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_support import (JSON_1_0, bench_parser, percentiles, run_wrk,  # noqa: E402
                           session_credentials, signed_post, start_for, stop, wrk_installed,
                           wrk_options, wrk_request_script)

TARGET = "DynamoDB_20120810"


def wrk_script(url, creds, operation, payload):
    """A wrk script sending one signed request (the same bytes every time)."""
    body = json.dumps(payload)
    _, headers = signed_post(url, creds, "dynamodb", body, JSON_1_0, f"{TARGET}.{operation}")
    return wrk_request_script(url, "POST", "/", headers, body)


def put_script(url, table):
    day, stamp = time.strftime("%Y%m%d", time.gmtime()), time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return f"""
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "{TARGET}.PutItem"
wrk.headers["X-Amz-Date"] = "{stamp}"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/{day}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000"
wrk.headers["Host"] = "{url.split('//')[1]}"
local thread_id = math.random(1, 1000000000)
request = function()
  n = n + 1
  return wrk.format(nil, "/", nil, '{{"TableName": "{table}", "Item": {{"pk": {{"S": "put-' .. thread_id .. '-' .. n .. '"}}, "sk": {{"N": "1"}}, "payload": {{"S": "{'x' * 100}"}}, "n": {{"N": "' .. n .. '"}}}}}}')
end
"""


def create_table(ddb, name):
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "N"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                {"AttributeName": "sk", "KeyType": "RANGE"}])


def fill(ddb_factory, table, partitions, per_partition):
    """partitions x per_partition items, written with BatchWriteItem from 4 threads."""
    requests = [{"PutRequest": {"Item": {"pk": {"S": f"p{p}"}, "sk": {"N": str(s)},
                                         "payload": {"S": "y" * 100}}}}
                for p in range(partitions) for s in range(per_partition)]
    batches = [requests[i:i + 25] for i in range(0, len(requests), 25)]

    def write(chunk):
        client = ddb_factory()
        for batch in chunk:
            client.batch_write_item(RequestItems={table: batch})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, [batches[i::4] for i in range(4)]))


def query_latency(ddb, table, partition, rounds=300):
    latencies = []
    for _ in range(rounds):
        began = time.perf_counter()
        got = ddb.query(TableName=table, KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                        ExpressionAttributeValues={":p": {"S": partition}, ":a": {"N": "40"},
                                                   ":b": {"N": "49"}})
        latencies.append((time.perf_counter() - began) * 1000)
        assert got["Count"] == 10, got["Count"]
    return percentiles(latencies)


def main():
    parser = bench_parser("PERSISTENCE=1: every write is committed to SQLite before the answer")
    parser.add_argument("--large-items", type=int, default=0,
                        help="also time a Query on a table of this many items (e.g. 1000000)")
    args = parser.parse_args()
    if not wrk_installed():
        return 1

    proc, port, log_path, data_dir = start_for(args)
    url = f"http://127.0.0.1:{port}"
    session, creds = session_credentials(url)
    ddb_factory = lambda: session.client("dynamodb", endpoint_url=url)  # noqa: E731
    ddb = ddb_factory()
    wrk, setup = wrk_options(args)

    create_table(ddb, "bench-put")
    rps, bad = run_wrk(url, put_script(url, "bench-put"), **wrk)
    count = ddb.describe_table(TableName="bench-put")["Table"]["ItemCount"]
    print(f"PutItem, a new item each, {setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else "") + f"; {count} items stored")

    create_table(ddb, "bench")
    fill(ddb_factory, "bench", 10, 100)
    rps, bad = run_wrk(url, wrk_script(url, creds, "GetItem", {
        "TableName": "bench", "Key": {"pk": {"S": "p3"}, "sk": {"N": "42"}}}), **wrk)
    print(f"GetItem (verified signatures), {setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))

    rps, bad = run_wrk(url, wrk_script(url, creds, "Query", {
        "TableName": "bench", "KeyConditionExpression": "pk = :p AND sk BETWEEN :a AND :b",
        "ExpressionAttributeValues": {":p": {"S": "p3"}, ":a": {"N": "40"}, ":b": {"N": "49"}}}),
        **wrk)
    print(f"Query, 10 of 100 items in a partition (verified signatures), {setup}: "
          f"{rps:.0f} requests/s" + (f" ({bad} non-2xx!)" if bad else ""))

    median, p95 = query_latency(ddb, "bench", "p3")
    print(f"Query latency (10 items, boto3, one connection) on a 1,000-item table: "
          f"median {median:.2f} ms, p95 {p95:.2f} ms")
    if args.large_items:
        create_table(ddb, "bench-large")
        began = time.time()
        fill(ddb_factory, "bench-large", args.large_items // 100, 100)
        loaded = time.time() - began
        median, p95 = query_latency(ddb, "bench-large", "p7")
        print(f"Query latency (10 items) on a {args.large_items:,}-item table "
              f"(loaded in {loaded:.0f} s): median {median:.2f} ms, p95 {p95:.2f} ms")
    stop(proc, log_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
