"""S3 durability and memory: a large upload streams to disk (the server's resident memory stays
flat), and `kill -9` with PERSISTENCE=1 loses nothing acknowledged and shows nothing half-written.

The large-object test is a behaviour check, not a benchmark (tests/bench/bench_s3.py measures
speed): LARGE_MIB (1 GiB by default, AWSEMU_E2E_LARGE_MIB to change it) goes up through boto3's
managed transfer (multipart, aws-chunked bodies with checksums, ten parts in flight) and comes back
the same way, streamed from and to files, never held in this process's memory.
"""
import concurrent.futures
import hashlib
import os
import re
import signal
import socket
import threading
import time

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG, REGION

LARGE_MIB = int(os.environ.get("AWSEMU_E2E_LARGE_MIB", "1024"))
MEMORY_GROWTH_LIMIT_MIB = 64
BLOCK = 1 << 20


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(rf"{field}:\s+(\d+)", f.read()).group(1))


def reset_peak(pid):
    """VmHWM back to the current RSS (Linux >= 4.0); False when the kernel refuses."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def block(n, seed=b""):
    """The n-th 1 MiB block of a deterministic payload (every block differs)."""
    head = hashlib.sha256(seed + n.to_bytes(8, "little")).digest()
    return head * (BLOCK // len(head))


def payload(size, seed):
    """Deterministic bytes of one small object."""
    out = b""
    n = 0
    while len(out) < size:
        out += hashlib.sha256(seed + n.to_bytes(8, "little")).digest() * 64
        n += 1
    return out[:size]


def md5_of(path):
    digest = hashlib.md5()
    with open(path, "rb") as f:
        while chunk := f.read(BLOCK * 8):
            digest.update(chunk)
    return digest.hexdigest()


def s3_client(server):
    return server.client("s3", config=CLIENT_CONFIG.merge(Config(s3={"addressing_style": "path"})))


# ---- a large upload streams to disk ----------------------------------------------------------------

def test_large_upload_keeps_resident_memory_flat_and_round_trips(server, tmp_path):
    s3 = s3_client(server)
    s3.create_bucket(Bucket="durability-large")
    source = tmp_path / "source.bin"
    whole = hashlib.md5()
    with open(source, "wb") as f:
        for n in range(LARGE_MIB):
            data = block(n, b"large")
            whole.update(data)
            f.write(data)

    pid = server.proc.pid
    rss_before = status_kib(pid, "VmRSS")
    peak_resettable = reset_peak(pid)
    peak = [rss_before]
    done = threading.Event()

    def sample():  # VmHWM covers the peak when it can be reset; sampling is the fallback
        while not done.is_set():
            peak[0] = max(peak[0], status_kib(pid, "VmRSS"))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    transfer = TransferConfig(multipart_threshold=8 << 20, multipart_chunksize=8 << 20,
                              max_concurrency=10)
    began = time.monotonic()
    try:
        with open(source, "rb") as f:
            s3.upload_fileobj(f, "durability-large", "big.bin", Config=transfer)
        uploaded = time.monotonic() - began
        head = s3.head_object(Bucket="durability-large", Key="big.bin")
        target = tmp_path / "download.bin"
        with open(target, "wb") as f:
            s3.download_fileobj("durability-large", "big.bin", f, Config=transfer)
    finally:
        done.set()
        sampler.join()
    if peak_resettable:
        peak[0] = max(peak[0], status_kib(pid, "VmHWM"))
    growth_mib = (peak[0] - rss_before) / 1024
    print(f"{LARGE_MIB} MiB: upload {uploaded:.1f} s, round trip {time.monotonic() - began:.1f} s, "
          f"server RSS {rss_before / 1024:.1f} MiB before, +{growth_mib:.1f} MiB at the peak")

    assert head["ContentLength"] == LARGE_MIB * BLOCK
    parts = LARGE_MIB // 8
    assert head["ETag"].strip('"').endswith(f"-{parts}")  # a multipart ETag: MD5 of part MD5s
    assert os.path.getsize(target) == LARGE_MIB * BLOCK
    assert md5_of(target) == whole.hexdigest()
    assert growth_mib < MEMORY_GROWTH_LIMIT_MIB
    s3.delete_object(Bucket="durability-large", Key="big.bin")


# ---- kill -9 with PERSISTENCE=1 ------------------------------------------------------------------

def start_persistent(start_server, data_dir):
    return start_server({"PERSISTENCE": "1", "DATA_DIR": str(data_dir)})


def raw_put(server, path, total_length, first_bytes, query=""):
    """Starts a signed PUT announcing `total_length` bytes, sends only `first_bytes`, and returns
    the open socket (the server is then waiting for the rest)."""
    creds = Credentials("test", "test")
    url = f"{server.url}{path}{'?' + query if query else ''}"
    request = AWSRequest(method="PUT", url=url, headers={"Content-Length": str(total_length)})
    request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    S3SigV4Auth(creds, "s3", REGION).add_auth(request)
    head = f"PUT {path}{'?' + query if query else ''} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
    for name, value in request.prepare().headers.items():
        if name.lower() != "host":
            head += f"{name}: {value}\r\n"
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.sendall(head.encode() + b"\r\n" + first_bytes)
    return sock


def wait_for_spool(data_dir, minimum, timeout=10):
    """Waits until the server has written `minimum` bytes of a body somewhere under data_dir."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for root, _, files in os.walk(data_dir):
            for name in files:
                path = os.path.join(root, name)
                try:
                    if not name.endswith((".db", "-wal", "-shm")) and os.path.getsize(path) >= minimum:
                        return True
                except OSError:
                    pass
        time.sleep(0.02)
    return False


def leftover_files(data_dir):
    """Spooled bodies and temporary object files (none should survive a restart)."""
    found = []
    for root, _, files in os.walk(os.path.join(data_dir, "tmp")):
        found += [os.path.join(root, name) for name in files]
    for root, _, files in os.walk(os.path.join(data_dir, "s3", "objects")):
        found += [os.path.join(root, name) for name in files
                  if name.endswith(".tmp") or os.path.basename(root) == "incoming"]
    return found


def object_files(data_dir):
    objects = os.path.join(data_dir, "s3", "objects")
    return [os.path.join(root, name) for root, _, files in os.walk(objects) for name in files
            if os.path.basename(root) != "incoming" and not name.endswith(".tmp")]


def test_kill_during_upload_keeps_acknowledged_objects_and_hides_the_interrupted_one(
        start_server, tmp_path):
    data_dir = tmp_path / "data"
    server = start_persistent(start_server, data_dir)
    s3 = s3_client(server)
    s3.create_bucket(Bucket="durability-kill")
    acknowledged = {}
    for n in range(20):
        body = payload(1000 + n * 7919, f"ack-{n}".encode())
        s3.put_object(Bucket="durability-kill", Key=f"acked/{n:02d}", Body=body)
        acknowledged[f"acked/{n:02d}"] = body
    # Overwritten before the kill: the second version is the acknowledged one.
    s3.put_object(Bucket="durability-kill", Key="acked/00", Body=b"second version")
    acknowledged["acked/00"] = b"second version"

    # A 64 MiB upload, half sent: the server is streaming it to disk when it dies.
    total = 64 << 20
    sock = raw_put(server, "/durability-kill/interrupted.bin", total, block(0, b"half") * 32)
    assert wait_for_spool(data_dir, 16 << 20), "the server never started writing the body"
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait(10)
    sock.close()

    restarted = start_persistent(start_server, data_dir)
    s3 = s3_client(restarted)
    listed = s3.list_objects_v2(Bucket="durability-kill").get("Contents", [])
    assert sorted(o["Key"] for o in listed) == sorted(acknowledged)  # nothing else, no temp files
    for key, body in acknowledged.items():
        got = s3.get_object(Bucket="durability-kill", Key=key)
        assert got["Body"].read() == body, key
        assert got["ETag"] == '"%s"' % hashlib.md5(body).hexdigest()
    with pytest.raises(ClientError) as missing:
        s3.head_object(Bucket="durability-kill", Key="interrupted.bin")
    assert missing.value.response["Error"]["Code"] == "404"
    assert leftover_files(data_dir) == []
    # Objects up to 64 KiB live in their metadata rows; the replaced version's file is gone.
    in_files = [body for body in acknowledged.values() if len(body) > 64 * 1024]
    assert len(object_files(data_dir)) == len(in_files)

    # Everything works after the restart, the interrupted key included.
    s3.put_object(Bucket="durability-kill", Key="interrupted.bin", Body=b"complete now")
    assert s3.get_object(Bucket="durability-kill", Key="interrupted.bin")["Body"].read() == \
        b"complete now"
    s3.delete_object(Bucket="durability-kill", Key="acked/01")
    assert len(s3.list_objects_v2(Bucket="durability-kill")["Contents"]) == len(acknowledged)


def test_kill_under_concurrent_uploads_shows_only_whole_objects(start_server, tmp_path):
    """Uploads race the kill: every acknowledged object survives whole, and any other key that is
    visible after the restart (committed, its answer lost) is whole too."""
    data_dir = tmp_path / "data"
    server = start_persistent(start_server, data_dir)
    s3 = s3_client(server)
    s3.create_bucket(Bucket="durability-race")
    sizes = [4096, 300_000, 2 << 20, 9 << 20]  # in memory and spooled bodies alike
    expected = {f"race/{n:03d}": payload(sizes[n % len(sizes)], f"race-{n}".encode())
                for n in range(400)}
    acknowledged = set()
    stop = threading.Event()

    def put(key):
        if stop.is_set():
            return
        try:
            s3.put_object(Bucket="durability-race", Key=key, Body=expected[key])
            acknowledged.add(key)
        except Exception:  # the server died under this request
            pass

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(put, key) for key in expected]
        deadline = time.time() + 30
        while len(acknowledged) < 40 and time.time() < deadline:
            time.sleep(0.01)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
        stop.set()
        concurrent.futures.wait(futures)
    assert len(acknowledged) >= 40

    restarted = start_persistent(start_server, data_dir)
    s3 = s3_client(restarted)
    listed = {o["Key"]: o for o in s3.get_paginator("list_objects_v2").paginate(
        Bucket="durability-race").search("Contents") if o}
    assert acknowledged <= set(listed)
    assert set(listed) <= set(expected)
    for key, entry in listed.items():
        body = expected[key]
        assert entry["Size"] == len(body), key
        got = s3.get_object(Bucket="durability-race", Key=key)["Body"].read()
        assert got == body, key
    assert leftover_files(data_dir) == []
    # Objects up to 64 KiB live in their metadata rows, the others in one file each.
    assert len(object_files(data_dir)) == sum(e["Size"] > 64 * 1024 for e in listed.values())


def test_kill_during_multipart_upload_keeps_acknowledged_parts(start_server, tmp_path):
    data_dir = tmp_path / "data"
    server = start_persistent(start_server, data_dir)
    s3 = s3_client(server)
    s3.create_bucket(Bucket="durability-multipart")
    upload_id = s3.create_multipart_upload(Bucket="durability-multipart",
                                           Key="assembled.bin")["UploadId"]
    parts = {n: b"".join(block(n * 8 + i, b"part") for i in range(5)) for n in (1, 2, 3)}
    etags = {}
    for n in (1, 2):
        etags[n] = s3.upload_part(Bucket="durability-multipart", Key="assembled.bin",
                                  UploadId=upload_id, PartNumber=n, Body=parts[n])["ETag"]
    # Part 3 is half sent when the server dies.
    sock = raw_put(server, "/durability-multipart/assembled.bin", 32 << 20, parts[3] * 3,
                   query=f"partNumber=3&uploadId={upload_id}")
    assert wait_for_spool(data_dir, 12 << 20)
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait(10)
    sock.close()

    restarted = start_persistent(start_server, data_dir)
    s3 = s3_client(restarted)
    uploads = s3.list_multipart_uploads(Bucket="durability-multipart").get("Uploads", [])
    assert [(u["Key"], u["UploadId"]) for u in uploads] == [("assembled.bin", upload_id)]
    listed = s3.list_parts(Bucket="durability-multipart", Key="assembled.bin",
                           UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in listed] == \
        [(n, etags[n], len(parts[n])) for n in (1, 2)]
    assert s3.list_objects_v2(Bucket="durability-multipart").get("KeyCount") == 0
    assert leftover_files(data_dir) == []

    # The upload goes on after the restart.
    etags[3] = s3.upload_part(Bucket="durability-multipart", Key="assembled.bin",
                              UploadId=upload_id, PartNumber=3, Body=parts[3])["ETag"]
    s3.complete_multipart_upload(
        Bucket="durability-multipart", Key="assembled.bin", UploadId=upload_id,
        MultipartUpload={"Parts": [{"PartNumber": n, "ETag": etags[n]} for n in (1, 2, 3)]})
    got = s3.get_object(Bucket="durability-multipart", Key="assembled.bin")
    assert got["Body"].read() == parts[1] + parts[2] + parts[3]
    assert got["ETag"].strip('"').endswith("-3")
