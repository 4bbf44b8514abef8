"""Limits and process hygiene of the server (issue 12): per-service body limits answered with the
service's own error before the body is read, gzip bombs refused, the connection cap, no socket
leaking into init hooks, and a closed stdout that neither kills nor stalls the server."""
import gzip
import json
import os
import socket
import stat
import subprocess
import time
import http.client

import pytest

from conftest import BIN, Server
from test_server import assert_still_serving, raw_exchange

SQS_JSON = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.ListQueues"}


def head_of(reply):
    """(status, body) of a raw HTTP reply; fails on an empty or malformed one."""
    assert reply.startswith(b"HTTP/1.1 "), reply[:200]
    status = int(reply[9:12])
    return status, reply.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in reply else b""


def test_declared_body_over_the_sqs_limit_is_refused_before_reading(server):
    # 64 MiB announced, nothing sent: the answer must come from the header alone.
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
            b"X-Amz-Target: AmazonSQS.SendMessage\r\nContent-Length: 67108864\r\n\r\n")
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(head)
        reply = sock.recv(65536)
    status, body = head_of(reply)
    assert status == 413
    assert json.loads(body)["__type"].endswith("RequestEntityTooLarge")
    assert_still_serving(server)


def test_a_legal_sqs_request_just_under_the_limit_is_read(server):
    # A 1 MiB message, percent-encoded in a query request, is about 3 MiB on the wire.
    sqs = server.client("sqs")
    url = sqs.create_queue(QueueName="limits-big")["QueueUrl"]
    body = "Action=SendMessage&Version=2012-11-05&QueueUrl=" + url + "&MessageBody=" + \
        "%25" * (1024 * 1024 - 16)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", "/", body=body.encode(),
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    text = response.read().decode()
    assert response.status == 200, text
    assert "<MessageId>" in text


def test_chunked_body_over_the_limit_stops_being_read(server):
    # No Content-Length: the limit is found while reading, and the rest is never read.
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
                 b"X-Amz-Target: AmazonSQS.SendMessage\r\nTransfer-Encoding: chunked\r\n\r\n")
    piece = b"x" * 65536
    reply = b""
    try:
        for _ in range(200):  # up to 12.5 MiB, far over SQS's limit
            sock.sendall(b"10000\r\n" + piece + b"\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    sock.close()
    status, body = head_of(reply)
    assert status == 413
    assert b"RequestEntityTooLarge" in body
    assert_still_serving(server)


def test_gzip_bomb_is_refused_not_inflated(server):
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # ~64 KiB -> 64 MiB
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("POST", "/", body=bomb, headers={**SQS_JSON, "Content-Encoding": "gzip"})
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 413
    assert body["__type"].endswith("RequestEntityTooLarge")
    assert_still_serving(server)


def test_gzip_body_within_the_limit_is_inflated(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", body=gzip.compress(b"{}"),
                 headers={**SQS_JSON, "Content-Encoding": "gzip"})
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 200, body


def test_s3_announced_object_over_5_gib_is_entity_too_large(server):
    head = (b"PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: 5368709121\r\n\r\n")
    status, body = head_of(raw_exchange(server, head))
    assert status == 400
    assert b"<Code>EntityTooLarge</Code>" in body


def test_s3_aws_chunked_size_is_judged_on_the_decoded_length(server):
    # The framing makes Content-Length larger than 5 GiB; the object itself is exactly 5 GiB and
    # so legal: no EntityTooLarge (S3 has no handler yet, so it answers NotImplemented).
    head = (b"PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Encoding: aws-chunked\r\n"
            b"x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\n"
            b"x-amz-decoded-content-length: 5368709120\r\nContent-Length: 5369757696\r\n\r\n")
    status, body = head_of(raw_exchange(server, head))
    assert b"EntityTooLarge" not in body
    too_big = head.replace(b"5368709120", b"5368709121")
    status, body = head_of(raw_exchange(server, too_big))
    assert status == 400 and b"<Code>EntityTooLarge</Code>" in body


def test_connection_cap_holds_new_connections_until_one_closes(start_server):
    s = start_server({"MAX_CONNECTIONS": "2", "THREADS": "1"})
    first = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    second = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    request = b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n"
    for sock in (first, second):
        sock.sendall(request)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
    third = socket.create_connection(("127.0.0.1", s.port), timeout=5)  # queued in the backlog
    third.sendall(request)
    third.settimeout(0.5)
    with pytest.raises(socket.timeout):
        third.recv(65536)
    first.close()
    third.settimeout(5)
    assert third.recv(65536).startswith(b"HTTP/1.1 200")
    second.close()
    third.close()


def test_init_hooks_inherit_no_sockets(start_server, tmp_path):
    init = tmp_path / "init"
    (init / "ready.d").mkdir(parents=True)
    listing = tmp_path / "fds.txt"
    script = init / "ready.d" / "01-fds.sh"
    script.write_text(f'#!/bin/bash\nls -l /proc/$$/fd > "{listing}.tmp"; mv "{listing}.tmp" "{listing}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    start_server({"INIT_DIR": str(init)})
    deadline = time.time() + 10
    while time.time() < deadline and not listing.exists():
        time.sleep(0.05)
    text = listing.read_text()
    assert "socket:" not in text, text


def test_closed_stdout_neither_kills_nor_stalls_the_server(tmp_path):
    env = dict(os.environ, GATEWAY_LISTEN="127.0.0.1:0", THREADS="2",
               DATA_DIR=str(tmp_path / "data"), INIT_DIR=str(tmp_path / "init"))
    proc = subprocess.Popen([BIN], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        port = None
        for line in proc.stdout:
            text = line.decode()
            if "listening on" in text:
                port = int(text.rsplit(":", 1)[1].split()[0])
            if text.strip() == "Ready.":
                break
        proc.stdout.close()  # nobody reads the log any more
        for _ in range(300):  # each request logs a line
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/_localstack/health")
            assert conn.getresponse().status == 200
            conn.close()
        time.sleep(1.2)  # the log is flushed once a second: that write meets the closed pipe
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/_localstack/health")
        assert conn.getresponse().status == 200
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(15)


def test_a_second_server_on_a_served_port_fails_to_start(start_server, tmp_path):
    first = start_server()
    env = dict(os.environ, GATEWAY_LISTEN=f"127.0.0.1:{first.port}",
               DATA_DIR=str(tmp_path / "data"), INIT_DIR=str(tmp_path / "init"))
    second = subprocess.run([BIN], env=env, capture_output=True, text=True, timeout=15)
    assert second.returncode == 1
    assert "Address already in use" in second.stderr
    assert_still_serving(first)
