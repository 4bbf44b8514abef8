"""The HTTP front end: internal endpoints, malformed input, limits, lifecycle."""
import json
import os
import signal
import socket
import stat
import time
import http.client

import pytest

from conftest import Server


def raw_exchange(server, data, read_timeout=5):
    """Sends raw bytes, returns what came back before the server closed or the timeout."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=read_timeout) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except socket.timeout:
            pass
    return b"".join(chunks)


def get_json(server, path, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request(method, path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, (json.loads(body) if body else None)


def assert_still_serving(server):
    status, body = get_json(server, "/_localstack/health")
    assert status == 200 and "services" in body


def test_ready_line_and_request_log(server):
    assert "Ready." in server.lines
    server.client("sts").get_caller_identity()
    assert server.wait_for_line(r"sts\.GetCallerIdentity 200 [0-9.]+ms [0-9a-f-]{36}")


def test_health_shape(server):
    status, body = get_json(server, "/_localstack/health")
    assert status == 200
    assert set(body) >= {"services", "edition", "version"}
    assert body["services"]["sts"] == "running"
    assert set(body["services"]) == {"s3", "sqs", "sns", "dynamodb", "dynamodbstreams", "lambda",
                                     "iam", "sts", "cloudwatch", "logs"}
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("HEAD", "/_localstack/health")
    response = conn.getresponse()
    assert response.status == 200 and response.read() == b""


def test_info_and_unknown_internal_path(server):
    status, body = get_json(server, "/_localstack/info")
    assert status == 200 and body["version"] and body["uptime"] >= 0
    status, _ = get_json(server, "/_localstack/nope")
    assert status == 404


def test_services_env_disables_services(start_server):
    only = start_server({"SERVICES": "sts,s3"})
    _, body = get_json(only, "/_localstack/health")
    assert body["services"]["sts"] == "running"
    assert body["services"]["sqs"] == "disabled"


def test_invalid_configuration_stops_start_up(tmp_path):
    import subprocess
    from conftest import BIN
    result = subprocess.run([BIN], env={"PERSISTENCE": "maybe", "PATH": os.environ["PATH"]},
                            capture_output=True, text=True, timeout=10)
    assert result.returncode == 2
    assert "PERSISTENCE" in result.stderr and "maybe" in result.stderr
    result = subprocess.run([BIN, "--gateway-listen", "nowhere"], capture_output=True, text=True,
                            timeout=10)
    assert result.returncode == 2 and "GATEWAY_LISTEN" in result.stderr


def test_init_hooks_run_and_are_reported(start_server, tmp_path):
    init = tmp_path / "init"
    (init / "ready.d").mkdir(parents=True)
    marker = tmp_path / "ran.txt"
    script = init / "ready.d" / "01-create.sh"
    script.write_text(f'#!/bin/bash\necho "$AWS_ENDPOINT_URL" > "{marker}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    s = start_server({"INIT_DIR": str(init)})
    deadline = time.time() + 10
    while time.time() < deadline and not marker.exists():
        time.sleep(0.05)
    assert marker.read_text().strip() == s.url.replace("127.0.0.1", "localhost")
    deadline = time.time() + 5
    while time.time() < deadline:
        _, body = get_json(s, "/_localstack/init")
        if body["completed"]["READY"]:
            break
        time.sleep(0.05)
    assert body["completed"]["READY"] is True
    assert body["scripts"] == [{"stage": "READY", "name": "01-create.sh", "state": "SUCCESSFUL"}]
    _, ready = get_json(s, "/_localstack/init/ready")
    assert ready["completed"] is True


def test_state_reset_forgets_sessions(start_server):
    s = start_server()
    creds = s.client("sts").get_session_token()["Credentials"]
    status, _ = get_json(s, "/_localstack/state/sts/reset", method="POST")
    assert status == 200
    # no longer known: in the default mode an unknown key is accepted as its account's root,
    # so a wrong secret now passes -- proof that the session is gone
    other = s.client("sts", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key="z" * 40,
                     aws_session_token=creds["SessionToken"])
    assert other.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:root"
    status, _ = get_json(s, "/_localstack/state/reset", method="POST")
    assert status == 200
    status, _ = get_json(s, "/_localstack/state/nosuch/reset", method="POST")
    assert status == 404


def test_garbage_query_body_gets_an_aws_error(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", body=b"\x00\xff garbage &&&=",
                 headers={"Content-Type": "application/x-www-form-urlencoded",
                          "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00"})
    response = conn.getresponse()
    body = response.read().decode(errors="replace")
    assert 400 <= response.status < 500
    assert "<Code>" in body
    assert_still_serving(server)


def test_garbage_json_body_gets_a_json_error(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", body=b"{not json",
                 headers={"Content-Type": "application/x-amz-json-1.0",
                          "X-Amz-Target": "AmazonSQS.ListQueues"})
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 400
    assert "SerializationException" in body["__type"]


def test_unimplemented_operation_answers_before_its_body(server):
    """NotImplemented comes from the header alone: the (invalid) body is neither read nor parsed."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    # CloudWatch Logs has no handlers yet (it lands in a later issue).
    conn.request("POST", "/", body=b"{not json",
                 headers={"Content-Type": "application/x-amz-json-1.1",
                          "X-Amz-Target": "Logs_20140328.DescribeLogGroups"})
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 501
    assert body["__type"].endswith("NotImplemented")


def test_unknown_json_target(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", body=b"{}", headers={"Content-Type": "application/x-amz-json-1.0",
                                                    "X-Amz-Target": "NoSuchService.Op"})
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 400 and "UnknownOperationException" in body["__type"]


def test_bad_xml_gets_malformed_xml(server):
    s3 = server.client("s3")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("PUT", "/some-bucket?versioning", body=b"<VersioningConfiguration><Status>",
                 headers={"Content-Type": "application/xml"})
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 400, body
    assert "<Code>MalformedXML</Code>" in body


def test_oversized_headers(server):
    big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (80 * 1024) + b"\r\n\r\n"
    reply = raw_exchange(server, big)
    assert reply.startswith(b"HTTP/1.1 400")
    assert b"RequestHeaderSectionTooLarge" in reply
    assert_still_serving(server)


def test_bad_http_framing(server):
    reply = raw_exchange(server, b"NOT HTTP AT ALL\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 400")
    assert_still_serving(server)


def test_truncated_chunked_body(server):
    data = (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
            b"10\r\nAction=GetCa")
    reply = raw_exchange(server, data, read_timeout=2)
    assert reply.startswith(b"HTTP/1.1 400"), reply
    assert b"<Code>" in reply
    assert_still_serving(server)


def test_truncated_aws_chunked_body(server):
    data = (b"PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n"
            b"Content-Encoding: aws-chunked\r\nx-amz-decoded-content-length: 400\r\n"
            b"x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\n\r\n"
            b"190\r\nabc")
    reply = raw_exchange(server, data, read_timeout=2)
    assert reply.startswith(b"HTTP/1.1 400"), reply
    assert b"<Code>IncompleteBody</Code>" in reply
    assert_still_serving(server)


def test_keep_alive_and_100_continue(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    sock.sendall(head)
    interim = sock.recv(1024)
    assert interim.startswith(b"HTTP/1.1 100 Continue")
    sock.sendall(body)
    reply = b""
    while b"</GetCallerIdentityResponse>" not in reply:
        chunk = sock.recv(65536)
        assert chunk
        reply += chunk
    assert b"HTTP/1.1 200" in reply and b"<Account>000000000000</Account>" in reply
    # the same connection serves the next request
    sock.sendall(b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    sock.close()


def test_sigterm_finishes_cleanly(start_server):
    s = start_server()
    s.client("sts").get_caller_identity()
    assert s.stop(signal.SIGTERM) == 0
    assert any("stopped" in line for line in s.lines)


def test_gzip_request_body_is_inflated(server):
    """SDK request compression (Content-Encoding: gzip) on a query call; the signature covers the
    compressed bytes, as the SDKs sign them."""
    import gzip
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    body = gzip.compress(b"Action=GetCallerIdentity&Version=2011-06-15")
    request = AWSRequest(method="POST", url=server.url + "/", data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Content-Encoding": "gzip"})
    SigV4Auth(Credentials("123456789012", "x"), "sts", "us-east-1").add_auth(request)
    prepared = request.prepare()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", body=body, headers=dict(prepared.headers))
    response = conn.getresponse()
    text = response.read().decode()
    assert response.status == 200, text
    assert "<Account>123456789012</Account>" in text

    headers = {k: v for k, v in prepared.headers.items() if k.lower() != "content-length"}
    conn.request("POST", "/", body=b"\x1f\x8bnot really gzip", headers=headers)
    response = conn.getresponse()
    assert response.status == 400 and b"<Code>" in response.read()


def test_coverage_page_is_generated_from_the_handler_tables():
    import subprocess
    from conftest import BIN
    generated = subprocess.run([BIN, "--coverage"], capture_output=True, text=True, check=True,
                               timeout=30).stdout
    page = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "coverage.md")
    with open(page) as f:
        assert f.read() == generated, "docs/coverage.md is stale: awsemu --coverage > docs/coverage.md"


def test_signature_scoped_to_another_service_is_refused(server):
    """An SQS JSON request signed for "dynamodb" is refused, as AWS refuses it."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method="POST", url=server.url + "/", data=b"{}",
                         headers={"Content-Type": "application/x-amz-json-1.0",
                                  "X-Amz-Target": "AmazonSQS.ListQueues"})
    SigV4Auth(Credentials("test", "test"), "dynamodb", "us-east-1").add_auth(request)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", body=b"{}", headers=dict(request.headers))
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 403
    assert body["__type"].endswith("SignatureDoesNotMatch")
    assert "sqs" in body["message"]
