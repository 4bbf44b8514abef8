#!/usr/bin/env python3
"""awsemu S3 benchmarks (figures for docs/benchmarks.md).

    python3 tests/bench/bench_s3.py build/awsemu [--seconds 10] [--connections 64]
                                                 [--mode both|default|persistence]
                                                 [--large-mib 256] [--huge-mib 1024]

Measures, on this machine, against one server per mode (THREADS = cores, LOG_LEVEL=info: one
log line per request), default mode (state in a temporary directory) and PERSISTENCE=1:
  1. PutObject/s of 1 KiB objects: wrk, keep-alive, cycling through 1,000 keys;
  2. GetObject/s and 3. HeadObject/s of those 1,000 objects (HEAD through this script's own
     load generator, since wrk cannot read HEAD answers; GetObject is measured through it too,
     to compare the two generators);
  4. ListObjectsV2/s of the bucket (one page of all 1,000 keys).
  Every request is SigV4-signed with STS session credentials the server issued, so every
  signature is verified: wrk's Lua cannot compute HMACs, so this script signs one request per
  key up front (payload hash included for the PUTs) and wrk's request() cycles through them.
  5. MB/s of a --large-mib (256 MiB) upload (PutObject, UNSIGNED-PAYLOAD, sendfile from a file)
     and its download (GetObject read into a reused buffer);
  6. the same with --huge-mib (1 GiB), sampling the server's VmRSS every 20 ms and reading its
     VmHWM (peak; reset through /proc/<pid>/clear_refs first): the growth over the RSS before
     must stay below 64 MiB.
"""
import argparse
import hashlib
import selectors
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time

import boto3
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import rss_mib, run_wrk, start  # noqa: E402

BUCKET = "bench"
KEYS = 1000
UNSIGNED = Config(s3={"payload_signing_enabled": False})


def signed_s3(url, creds, method, path, body=b"", headers=None, unsigned_payload=False):
    """The raw head (and body) of a SigV4-signed S3 request; path includes any query string."""
    request = AWSRequest(method=method, url=url + path, data=body, headers=dict(headers or {}))
    if unsigned_payload:
        request.context["client_config"] = UNSIGNED
    S3SigV4Auth(creds, "s3", "us-east-1").add_auth(request)
    prepared = request.prepare()
    head = f"{method} {path} HTTP/1.1\r\nHost: {url.split('//')[1]}\r\n"
    for name, value in prepared.headers.items():
        if name.lower() != "host":
            head += f"{name}: {value}\r\n"
    return (head + "\r\n").encode(), body


def object_key(n):
    return f"objects/key-{n:05d}"


def wrk_cycle_script(requests):
    """A wrk script whose request() cycles through these raw requests (read from a data file)."""
    data = tempfile.NamedTemporaryFile("wb", suffix=".bin", delete=False)
    for head, body in requests:
        data.write(head + body)
    data.close()
    lengths = ", ".join(str(len(head) + len(body)) for head, body in requests)
    script = f"""
local f = io.open("{data.name}", "rb")
local all = f:read("*a")
f:close()
local lengths = {{{lengths}}}
local requests, offset = {{}}, 1
for i, length in ipairs(lengths) do
  requests[i] = string.sub(all, offset, offset + length - 1)
  offset = offset + length
end
local n = 0
init = function(args) n = math.random(#requests) end
request = function()
  n = n + 1
  if n > #requests then n = 1 end
  return requests[n]
end
"""
    return script, data.name


def wrk_rate(url, requests, args):
    script, data_path = wrk_cycle_script(requests)
    try:
        return run_wrk(url, script, args.seconds, args.connections, args.wrk_threads)
    finally:
        os.unlink(data_path)


def raw_rate(port, requests, seconds, connections, head_only):
    """Requests/s of a keep-alive load from this process (selectors, one thread), cycling through
    raw requests: for HEAD, which wrk cannot measure (its parser waits for the body that a HEAD
    answer announces in Content-Length but never sends). Returns (requests/s, non-2xx)."""
    selector = selectors.DefaultSelector()
    state = {}
    for n in range(connections):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        state[sock] = [n % len(requests), b""]
        head, body = requests[state[sock][0]]
        sock.sendall(head + body)
        selector.register(sock, selectors.EVENT_READ)
    done = bad = 0
    began = time.perf_counter()
    deadline = began + seconds
    while time.perf_counter() < deadline:
        for key, _ in selector.select(0.1):
            sock = key.fileobj
            entry = state[sock]
            entry[1] += sock.recv(65536)
            end = entry[1].find(b"\r\n\r\n")
            if end < 0:
                continue
            length = 0
            if not head_only:
                match = re.search(rb"(?i)content-length: *(\d+)", entry[1][:end])
                length = int(match.group(1)) if match else 0
            if len(entry[1]) < end + 4 + length:
                continue
            done += 1
            bad += not entry[1].startswith(b"HTTP/1.1 2")
            entry[1] = entry[1][end + 4 + length:]
            entry[0] = (entry[0] + 1) % len(requests)
            head, body = requests[entry[0]]
            sock.send(head + body)
    elapsed = time.perf_counter() - began
    for sock in state:
        sock.close()
    selector.close()
    return done / elapsed, bad


def read_head(sock):
    """Reads a response head; returns (status, headers dict lower-cased, bytes of body read)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest


def make_file(directory, mib):
    """A file of `mib` MiB of pseudo-random data (written in 1 MiB blocks); returns (path, md5)."""
    path = os.path.join(directory, f"payload-{mib}.bin")
    digest = hashlib.md5()
    block = bytearray(os.urandom(1 << 20))
    with open(path, "wb") as f:
        for n in range(mib):
            block[:8] = n.to_bytes(8, "little")  # every block differs
            digest.update(block)
            f.write(block)
    return path, digest.hexdigest()


def upload(url, port, creds, key, path):
    """PutObject streamed from the file with sendfile; returns (seconds, ETag)."""
    size = os.path.getsize(path)
    head, _ = signed_s3(url, creds, "PUT", f"/{BUCKET}/{key}", unsigned_payload=True,
                        headers={"Content-Length": str(size)})
    with socket.create_connection(("127.0.0.1", port)) as sock, open(path, "rb") as f:
        began = time.perf_counter()
        sock.sendall(head)
        sock.sendfile(f)
        status, headers, _ = read_head(sock)
        elapsed = time.perf_counter() - began
    if status != 200:
        raise RuntimeError(f"upload answered {status}")
    return elapsed, headers.get("etag", "").strip('"')


def download(url, port, creds, key, expected_size):
    """GetObject read into a reused 1 MiB buffer (nothing kept); returns seconds."""
    head, _ = signed_s3(url, creds, "GET", f"/{BUCKET}/{key}")
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        began = time.perf_counter()
        sock.sendall(head)
        status, headers, rest = read_head(sock)
        if status != 200 or int(headers["content-length"]) != expected_size:
            raise RuntimeError(f"download answered {status} {headers}")
        received = len(rest)
        while received < expected_size:
            got = sock.recv_into(view)
            if not got:
                raise ConnectionError("closed mid-body")
            received += got
        elapsed = time.perf_counter() - began
    return elapsed


class RssSampler:
    """Samples VmRSS of a process every `interval` seconds in a thread; `peak` in MiB."""

    def __init__(self, pid, interval=0.02):
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def hwm_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024


def reset_hwm(pid):
    """Resets VmHWM to the current RSS (Linux >= 4.0); False when not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def transfer(url, port, creds, path, md5, pid, label):
    size = os.path.getsize(path)
    mib = size / (1 << 20)
    key = f"large/{label}"
    before = rss_mib(pid)
    hwm_reset = reset_hwm(pid)
    with RssSampler(pid) as sampler:
        seconds, etag = upload(url, port, creds, key, path)
        if etag != md5:
            raise RuntimeError(f"ETag {etag} is not the file's MD5 {md5}")
        up = size / seconds / 1e6
        seconds_down = download(url, port, creds, key, size)
        down = size / seconds_down / 1e6
    peak = max(sampler.peak, hwm_mib(pid) if hwm_reset else 0.0)
    print(f"  {mib:.0f} MiB upload: {up:.0f} MB/s ({seconds:.2f} s, ETag = MD5); download: "
          f"{down:.0f} MB/s ({seconds_down:.2f} s); server RSS {before:.1f} MiB before, peak "
          f"{peak:.1f} MiB (+{peak - before:.1f} MiB"
          + (", VmHWM" if hwm_reset else ", sampled every 20 ms") + ")")
    return peak - before


def rates(url, port, creds, args, setup):
    body = (b"0123456789abcdef" * 64)  # 1 KiB
    puts = [signed_s3(url, creds, "PUT", f"/{BUCKET}/{object_key(n)}", body,
                      {"Content-Type": "application/octet-stream"}) for n in range(KEYS)]
    rps, bad = wrk_rate(url, puts, args)
    print(f"  PutObject 1 KiB ({KEYS} keys), {setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))
    gets = [signed_s3(url, creds, "GET", f"/{BUCKET}/{object_key(n)}") for n in range(KEYS)]
    rps, bad = wrk_rate(url, gets, args)
    print(f"  GetObject 1 KiB ({KEYS} keys), {setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))
    heads = [signed_s3(url, creds, "HEAD", f"/{BUCKET}/{object_key(n)}") for n in range(KEYS)]
    python_setup = f"keep-alive, {args.connections} connections, this script's load generator"
    rps, bad = raw_rate(port, heads, args.seconds, args.connections, head_only=True)
    print(f"  HeadObject ({KEYS} keys), {python_setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))
    rps, bad = raw_rate(port, gets, args.seconds, args.connections, head_only=False)
    print(f"  GetObject 1 KiB through the same generator (to compare): {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))
    rps, bad = wrk_rate(url, [signed_s3(url, creds, "GET", f"/{BUCKET}?list-type=2")], args)
    print(f"  ListObjectsV2 (one page of {KEYS} keys), {setup}: {rps:.0f} requests/s"
          + (f" ({bad} non-2xx!)" if bad else ""))


def run_mode(args, persistence, files):
    env = {"LOG_LEVEL": "info"}  # the default level
    data_dir = tempfile.TemporaryDirectory(prefix="awsemu-bench-", dir=args.data_parent)
    env.update(DATA_DIR=data_dir.name)
    if persistence:
        env.update(PERSISTENCE="1")
    proc, port, log_path = start(args.binary, env)
    try:
        url = f"http://127.0.0.1:{port}"
        session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                region_name="us-east-1")
        c = session.client("sts", endpoint_url=url).get_session_token()["Credentials"]
        creds = Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        s3 = session.client("s3", endpoint_url=url,
                            config=Config(s3={"addressing_style": "path"}))
        s3.create_bucket(Bucket=BUCKET)
        mode = "PERSISTENCE=1" if persistence else "default"
        print(f"{mode} (server pid {proc.pid}, idle RSS {rss_mib(proc.pid):.1f} MiB):")
        setup = f"keep-alive, {args.connections} connections, wrk -t{args.wrk_threads}"
        if not args.skip_rates:
            rates(url, port, creds, args, setup)
            listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="objects/")["KeyCount"]
            if listed != KEYS:
                raise RuntimeError(f"{listed} keys listed, {KEYS} expected")
        growth = 0.0
        for path, md5 in files:
            growth = transfer(url, port, creds, path, md5, proc.pid,
                              os.path.basename(path))
        print(f"  RSS after: {rss_mib(proc.pid):.1f} MiB")
        return growth
    finally:
        proc.terminate()
        proc.wait()
        os.unlink(log_path)
        data_dir.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--mode", choices=("both", "default", "persistence"), default="both")
    parser.add_argument("--large-mib", type=int, default=256)
    parser.add_argument("--huge-mib", type=int, default=1024, help="0 skips the RSS check")
    parser.add_argument("--skip-rates", action="store_true", help="transfers only")
    parser.add_argument("--data-parent", default=None,
                        help="where DATA_DIR and the payload files go (default: $TMPDIR)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk not installed: apt-get install wrk")
        return 1
    payloads = tempfile.TemporaryDirectory(prefix="awsemu-bench-payload-", dir=args.data_parent)
    files = [make_file(payloads.name, mib) for mib in (args.large_mib, args.huge_mib) if mib]
    modes = {"both": (False, True), "default": (False,), "persistence": (True,)}[args.mode]
    failed = False
    for persistence in modes:
        growth = run_mode(args, persistence, files)
        if args.huge_mib and growth >= 64:
            print(f"  !! resident memory grew by {growth:.1f} MiB (target < 64 MiB)")
            failed = True
    payloads.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
