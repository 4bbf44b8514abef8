"""What every awsemu benchmark needs: a server on a free port, signed requests, wrk runs, and
latency measurements over raw sockets. The benchmarks themselves (bench*.py) only say what they
measure."""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FORM = "application/x-www-form-urlencoded; charset=utf-8"
JSON_1_0 = "application/x-amz-json-1.0"


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


def stop(proc, log_path):
    proc.terminate()
    proc.wait()
    os.unlink(log_path)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def bench_parser(persistence_help=None):
    """The arguments every wrk benchmark takes (and --persistence where it has a durable mode)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--wrk-threads", type=int, default=1)
    if persistence_help:
        parser.add_argument("--persistence", action="store_true", help=persistence_help)
    return parser


def wrk_installed():
    if shutil.which("wrk"):
        return True
    print("wrk not installed: apt-get install wrk")
    return False


def wrk_options(args):
    """run_wrk's keyword arguments and the words that describe them in a result line."""
    options = dict(seconds=args.seconds, connections=args.connections, threads=args.wrk_threads)
    setup = f"keep-alive, {args.connections} connections, wrk -t{args.wrk_threads}"
    if getattr(args, "persistence", False):
        setup += ", PERSISTENCE=1"
    return options, setup


def start_for(args):
    """The server at the default log level, in PERSISTENCE=1 mode with its own data directory
    when args.persistence; returns (proc, port, log path, data directory or None)."""
    env = {"LOG_LEVEL": "info"}
    data_dir = None
    if getattr(args, "persistence", False):
        data_dir = tempfile.TemporaryDirectory(prefix="awsemu-bench-")
        env.update(PERSISTENCE="1", DATA_DIR=data_dir.name)
    proc, port, log_path = start(args.binary, env)
    return proc, port, log_path, data_dir


def session_credentials(url):
    """A boto3 session on the root test key, and STS session credentials the server issued (so
    the server verifies every signature made with them)."""
    session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                            region_name="us-east-1")
    c = session.client("sts", endpoint_url=url).get_session_token()["Credentials"]
    return session, Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])


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


def read_response(sock):
    """One HTTP/1.1 response with a Content-Length: (head, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
    while len(rest) < length:
        rest += sock.recv(65536)
    return head, rest[:length]


def percentiles(latencies):
    """(median, 95th percentile) of a list of latencies."""
    ordered = sorted(latencies)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95)]


def wake_up_latency(port, waiting_request, trigger_request, expected, rounds, settle_seconds):
    """Milliseconds from writing trigger_request on one connection to the answer of
    waiting_request (a long poll sent settle_seconds earlier) on another: (median, p95)."""
    receiver = socket.create_connection(("127.0.0.1", port))
    sender = socket.create_connection(("127.0.0.1", port))
    for sock in (receiver, sender):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    latencies = []
    for _ in range(rounds):
        receiver.sendall(waiting_request)
        time.sleep(settle_seconds)  # the receiver is waiting now
        began = time.perf_counter()
        sender.sendall(trigger_request)
        _, body = read_response(receiver)
        latencies.append((time.perf_counter() - began) * 1000)
        read_response(sender)
        assert expected in body, body
    receiver.close()
    sender.close()
    return percentiles(latencies)
