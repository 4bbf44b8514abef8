"""Random and hostile requests: every one gets an HTTP answer or a closed connection, the server
never crashes or hangs, and keeps serving real clients afterwards. Bounded: a fixed seed and a few
hundred requests."""
import json
import random
import socket

SERVICE_HINTS = [
    {"X-Amz-Target": "AmazonSQS.SendMessage", "Content-Type": "application/x-amz-json-1.0"},
    {"X-Amz-Target": "DynamoDB_20120810.PutItem", "Content-Type": "application/x-amz-json-1.0"},
    {"X-Amz-Target": "Logs_20140328.PutLogEvents", "Content-Type": "application/x-amz-json-1.1"},
    {"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor"},
    {"Content-Type": "application/x-www-form-urlencoded"},
    {"Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request, "
                      "SignedHeaders=host, Signature=" + "0" * 64},
    {"Authorization": "AWS4-HMAC-SHA256 Credential=garbage"},
    {"Content-Encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
     "x-amz-decoded-content-length": "10"},
    {"Content-Encoding": "gzip", "Content-Type": "application/x-www-form-urlencoded"},
    {"Host": "bucket.s3.localhost.localstack.cloud"},
]
PATHS = ["/", "/bucket", "/bucket/key?uploads", "/2015-03-31/functions/f/invocations",
         "/service/GraniteServiceVersion20100801/operation/PutMetricData", "/%zz", "/a/../../b",
         "/?Action=GetCallerIdentity", "/?Action=" + "A" * 3000, "/_localstack/health"]
BODIES = [b"", b"{", b"[]", b"null", b"{\"a\": " * 500, b"<a><b>" * 200, b"Action=Nope",
          b"\x00\xff\xfe" * 100, b"Action=GetSessionToken&DurationSeconds=abc",
          bytes([0xbf] * 50), bytes([0x9f]) * 1000, b"10\r\nshort"]


def exchange(port, data):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered early and stopped reading: its answer is still there
        reply = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                return reply
            if not chunk:
                return reply
            reply += chunk


def test_random_requests_never_break_the_server(server):
    rng = random.Random(20261123)
    for _ in range(400):
        headers = dict(rng.choice(SERVICE_HINTS))
        headers.setdefault("Host", "localhost")
        body = rng.choice(BODIES)
        if rng.random() < 0.2:
            body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
        method = rng.choice(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"])
        head = f"{method} {rng.choice(PATHS)} HTTP/1.1\r\n"
        for name, value in headers.items():
            head += f"{name}: {value}\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        reply = exchange(server.port, head.encode() + body)
        # an answer always starts like one; "no answer" only when the client broke the framing
        assert reply == b"" or reply.startswith(b"HTTP/1.1 "), reply[:200]
        if reply:
            status = int(reply.split(b" ", 2)[1])
            assert status < 500 or status == 501, reply[:600]
    identity = server.client("sts").get_caller_identity()
    assert identity["Account"] == "000000000000"
    assert any("Ready." == line for line in server.lines)
