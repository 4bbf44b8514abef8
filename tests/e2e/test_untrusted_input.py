"""Random and hostile requests: every one gets a well-formed HTTP answer, and every error answer
carries an AWS error body in its protocol's form; the server never crashes or hangs, and keeps
serving real clients afterwards. Bounded: a fixed seed and a few hundred requests.

The random requests are correctly framed HTTP/1.1 (a request line, headers, a Content-Length that
matches the body) and the malformed ones are complete messages a server can judge, so "no answer"
is never the right HTTP behaviour for them: an empty reply or a reset connection fails the test.
The one exception, a connection that carries no request at all, says why where it is tested."""
import json
import random
import re
import socket
import xml.etree.ElementTree as ElementTree

import pytest
from botocore.parsers import RpcV2CBORParser

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
METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"]

XML_TYPES = {"text/xml", "application/xml"}
JSON_TYPES = {"application/x-amz-json-1.0", "application/x-amz-json-1.1", "application/json"}
CBOR_TYPES = {"application/cbor"}


def exchange(port, data):
    """Sends one request, half-closes, and returns every byte until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            # A server may answer before it has read the whole request (an early error) and close
            # (RFC 9112 9.6); a client still sending sees its send fail and reads the answer.
            pass
        reply = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                return reply  # parse_reply fails unless a whole answer came before the reset
            if not chunk:
                return reply
            reply += chunk


def parse_reply(reply, method):
    """One complete HTTP/1.1 response and nothing after it -> (status, headers, body)."""
    assert reply, "empty reply: the connection closed without an answer"
    head, separator, rest = reply.partition(b"\r\n\r\n")
    assert separator, f"no end of the header block: {reply[:300]!r}"
    status_line, *header_lines = head.split(b"\r\n")
    match = re.fullmatch(rb"HTTP/1\.1 ([1-5][0-9][0-9]) [\x20-\x7e]*", status_line)
    assert match, f"not an HTTP/1.1 status line: {status_line[:200]!r}"
    status = int(match.group(1))
    headers = {}
    for line in header_lines:
        name, colon, value = line.partition(b":")
        assert colon and re.fullmatch(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name), f"bad header {line!r}"
        headers[name.decode().lower()] = value.strip().decode("latin-1")
    if method == "HEAD" or status in (204, 304):  # RFC 9110 6.4.1: these answers have no content
        assert rest == b"", f"content after a {method} {status} answer: {rest[:200]!r}"
        return status, headers, b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        return status, headers, dechunk(rest)
    assert "content-length" in headers, f"{status} answer without framing: {headers}"
    length = int(headers["content-length"])
    extra = rest[length:]
    assert not extra.startswith(b"HTTP/"), f"a second answer follows: {extra[:300]!r}"
    assert len(rest) == length, f"Content-Length {length}, got {len(rest)} bytes: {rest[:200]!r}"
    return status, headers, rest


def dechunk(data):
    body = b""
    while True:
        size_line, separator, data = data.partition(b"\r\n")
        assert separator, "truncated chunked body"
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            assert data in (b"\r\n",) or data.endswith(b"\r\n\r\n"), "bad chunked trailer"
            return body
        body, data = body + data[:size], data[size:]
        assert data.startswith(b"\r\n"), "chunk not followed by CRLF"
        data = data[2:]


def xml_error_code(body):
    """The <Code> of an XML error: <ErrorResponse><Error> (query, rest-xml), a bare <Error>
    (S3) or <Response><Errors><Error> (ec2)."""
    root = ElementTree.fromstring(body)
    local = lambda element: element.tag.rsplit("}", 1)[-1]
    errors = {"ErrorResponse": lambda r: [e for e in r if local(e) == "Error"],
              "Error": lambda r: [r],
              "Response": lambda r: [e for es in r if local(es) == "Errors" for e in es]}
    assert local(root) in errors, f"XML root <{local(root)}> is not an AWS error"
    for error in errors[local(root)](root):
        for child in error:
            if local(child) == "Code" and (child.text or "").strip():
                return child.text.strip()
    raise AssertionError("XML error without a <Code>")


def json_error_code(body):
    document = json.loads(body)
    assert isinstance(document, dict), "JSON error body is not an object"
    code = document.get("__type") or document.get("code")
    assert isinstance(code, str) and code, f"JSON error without __type: {document}"
    return code


def cbor_error_code(body):
    parser = RpcV2CBORParser()
    document = parser.parse_data_item(parser.get_peekable_stream_from_bytes(body))
    assert isinstance(document, dict), "CBOR error body is not a map"
    code = document.get("__type")
    assert isinstance(code, str) and code, f"CBOR error without __type: {document}"
    return code


def assert_aws_error(headers, body, method, path, aws_json):
    """An error answer names its error in the protocol's error form (`aws_json`: the request
    carried an X-Amz-Target, so the answer is awsJson's)."""
    if method == "HEAD":
        # A HEAD answer never has content (RFC 9110 9.3.2): the status is the whole error, as S3's
        # HEAD errors show. Its framing was checked by parse_reply.
        return
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if aws_json:
        assert media_type in JSON_TYPES, f"awsJson request answered with {media_type!r}"
    if path.startswith("/_localstack/"):  # the emulator's own endpoints answer plain JSON
        assert media_type == "application/json", media_type
        assert isinstance(json.loads(body), dict)
        return
    if media_type in XML_TYPES:
        return xml_error_code(body)
    if media_type in JSON_TYPES:
        return json_error_code(body)
    if media_type in CBOR_TYPES:
        return cbor_error_code(body)
    raise AssertionError(f"error answer of type {media_type!r} is no AWS error: {body[:300]!r}")


def random_requests(rng, count):
    for _ in range(count):
        headers = dict(rng.choice(SERVICE_HINTS))
        headers.setdefault("Host", "localhost")
        body = rng.choice(BODIES)
        if rng.random() < 0.2:
            body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
        method = rng.choice(METHODS)
        path = rng.choice(PATHS)
        head = f"{method} {path} HTTP/1.1\r\n"
        for name, value in headers.items():
            head += f"{name}: {value}\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        yield method, path, headers, head.encode() + body


def test_random_requests_never_break_the_server(server):
    failures = []
    for method, path, headers, request in random_requests(random.Random(20261123), 400):
        try:
            status, reply_headers, body = parse_reply(exchange(server.port, request), method)
            # the server never fails on its own (5xx) except for not-implemented operations
            assert status < 500 or status == 501, f"status {status}: {body[:300]!r}"
            if status >= 400:
                assert_aws_error(reply_headers, body, method, path, "X-Amz-Target" in headers)
        except Exception as failure:  # noqa: BLE001 - every kind of failure is reported below
            failures.append(f"{request[:300]!r}\n    -> {failure!r}")
    assert not failures, f"{len(failures)} of 400 requests:\n" + "\n".join(failures[:20])
    identity = server.client("sts").get_caller_identity()
    assert identity["Account"] == "000000000000"
    assert any("Ready." == line for line in server.lines)


SQS_JSON = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: AmazonSQS.ListQueues\r\n")
# Messages a server cannot parse or whose framing it cannot trust. RFC 9112 asks for 400 (and,
# where the body length is unknown, closing the connection); AWS answers an oversized header
# section with 400 RequestHeaderSectionTooLarge (S3's error table). So: one 400 answer with
# Connection: close and nothing read after it, so that no bytes of a broken message are ever
# taken for the next request.
MALFORMED = {
    "not_http": b"NOT HTTP AT ALL\r\n\r\n",
    "unknown_version": b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    "control_byte_in_method": b"G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n",
    "binary_garbage": bytes(range(256)),
    "header_without_colon": b"GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
    # RFC 9112 5.1: whitespace between field name and colon MUST be answered with 400
    "space_before_colon": b"GET / HTTP/1.1\r\nHost : x\r\n\r\n",
    "nul_in_header_value": b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
    "content_length_not_a_number": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    "content_length_negative": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    "content_length_overflows": (b"PUT /bucket/key HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Length: 99999999999999999999\r\n\r\nabc"),
    "content_lengths_differ": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                               b"Content-Length: 4\r\n\r\nabcd"),
    "content_length_and_chunked": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                                   b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    "chunk_size_not_hex": SQS_JSON + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    "chunk_size_overflows": (SQS_JSON + b"Transfer-Encoding: chunked\r\n\r\n"
                             b"ffffffffffffffffff\r\n{}\r\n"),
    "body_shorter_than_content_length": SQS_JSON + b"Content-Length: 100\r\n\r\n{}",
    "request_line_too_long": b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "headers_too_large": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n",
    # RFC 9112 8: a server MAY answer a message cut short inside its header block; this one does
    "header_block_cut_short": b"GET / HTTP/1.1\r\nHost: x\r\nX-A: b",
    # RFC 9112 6.3 (4): chunked not the final transfer coding -> 400 and close; the body after
    # the header block is a complete request that must never be answered as one
    "transfer_encoding_gzip_only":
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"
        b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n",
    "transfer_encoding_chunked_then_gzip":
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
        b"X-Amz-Target: AmazonSQS.ListQueues\r\nTransfer-Encoding: chunked, gzip\r\n\r\n{}",
    # RFC 9112 3.2: an HTTP/1.1 request without Host, or with two, MUST be answered with 400
    "no_host": SQS_JSON.replace(b"Host: x\r\n", b"") + b"Content-Length: 2\r\n\r\n{}",
    "two_hosts": b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
}


@pytest.mark.parametrize("request_bytes", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_http_is_answered_400_and_closed(server, request_bytes):
    reply = exchange(server.port, request_bytes)
    method = request_bytes.split(b" ", 1)[0].decode("latin-1")
    # parse_reply fails on anything after the one answer: a second answer would mean the server
    # read the rest of a broken message as a new request
    status, headers, body = parse_reply(reply, method)
    assert status == 400, reply[:600]
    assert headers.get("connection", "").lower() == "close", headers
    assert_aws_error(headers, body, method, "/", b"X-Amz-Target" in request_bytes)
    assert_still_serving(server)


EARLY_ANSWERS = {  # requests answered from their header block alone, with a 20 MB body
    "unimplemented_operation": (b"POST / HTTP/1.1\r\nHost: x\r\n"
                                b"Content-Type: application/x-amz-json-1.0\r\n"
                                b"X-Amz-Target: DynamoDB_20120810.ListTables\r\n"),
    "malformed_signature": SQS_JSON + (b"x-amz-content-sha256: UNSIGNED-PAYLOAD\r\n"
                                       b"Authorization: AWS4-HMAC-SHA256 Credential=garbage\r\n"),
    "body_over_the_service_limit": SQS_JSON,
    "s3_put_object": b"PUT /bucket/key HTTP/1.1\r\nHost: x\r\n",
}


@pytest.mark.parametrize("head", EARLY_ANSWERS.values(), ids=EARLY_ANSWERS.keys())
def test_early_answer_reaches_a_client_still_sending(server, head):
    """The server may refuse a request before reading its body and close; the client, still
    sending, must then find the whole answer, not a reset that swallowed it."""
    body = b"{" + b" " * 20_000_000 + b"}"
    request = head + b"Content-Length: %d\r\n\r\n" % len(body) + body
    method = head.split(b" ", 1)[0].decode()
    status, headers, reply_body = parse_reply(exchange(server.port, request), method)
    assert 400 <= status < 500 or status == 501, status
    assert_aws_error(headers, reply_body, method, "/", b"X-Amz-Target" in head)
    assert_still_serving(server)


def test_connection_without_a_request_gets_no_answer(server):
    """The one case where no answer is right: the client connects and closes without sending a
    byte. There is no request to answer (RFC 9112 9.6: the server closes its side too); a status
    line here could only be read by a client as the answer to a request it never sent."""
    assert exchange(server.port, b"") == b""
    assert_still_serving(server)


def assert_still_serving(server):
    reply = exchange(server.port, b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert parse_reply(reply, "GET")[0] == 200
