"""Fixtures: a real awsemu server on a free port, and clients pointed at it.

`server` is one server for the whole session (default configuration). `start_server(**env)`
starts another one with its own environment (strict SigV4, persistence, ...) for tests that need
it; it is stopped when the test ends.
"""
import os
import re
import signal
import subprocess
import tempfile
import threading
import time

import boto3
import pytest
from botocore.config import Config

BIN = os.environ.get("AWSEMU_BIN", "")
REGION = "us-east-1"
CLIENT_CONFIG = Config(region_name=REGION, retries={"max_attempts": 1, "mode": "standard"},
                       connect_timeout=5, read_timeout=30)

for _var in list(os.environ):
    if _var.startswith("AWS_"):
        del os.environ[_var]
os.environ.update({
    "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1",
})


class Server:
    """A running awsemu process; `lines` collects its output."""

    def __init__(self, env=None, args=()):
        if not BIN:
            raise RuntimeError("AWSEMU_BIN is not set (run tests/e2e/run.sh BINARY)")
        self.tmp = tempfile.TemporaryDirectory(prefix="awsemu-e2e-")
        full_env = dict(os.environ)
        full_env.update({"GATEWAY_LISTEN": "127.0.0.1:0", "THREADS": "2",
                         "DATA_DIR": os.path.join(self.tmp.name, "data"),
                         "INIT_DIR": os.path.join(self.tmp.name, "init")})
        full_env.update(env or {})
        self.lines = []
        self.ready = threading.Event()
        self.port = None
        self.proc = subprocess.Popen([BIN, *args], env=full_env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._pump, daemon=True).start()
        if not self.ready.wait(15):
            self.stop()
            raise RuntimeError("awsemu did not print Ready.:\n" + "\n".join(self.lines))

    def _pump(self):
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            self.lines.append(line)
            match = re.search(r"listening on [^ ]+:(\d+)", line)
            if match:
                self.port = int(match.group(1))
            if line == "Ready.":
                self.ready.set()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def client(self, service, **kwargs):
        kwargs.setdefault("config", CLIENT_CONFIG)
        return boto3.client(service, endpoint_url=self.url, region_name=REGION, **kwargs)

    def cli(self, *args, env=None, check=False):
        """Runs `aws --endpoint-url URL ARGS`; returns the CompletedProcess."""
        full_env = dict(os.environ)
        full_env.update(env or {})
        return subprocess.run(["aws", "--endpoint-url", self.url, *args], env=full_env,
                              capture_output=True, text=True, timeout=60, check=check)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def wait_for_line(self, pattern, timeout=5):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any(re.search(pattern, line) for line in list(self.lines)):
                return True
            time.sleep(0.05)
        return False


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()
    s.tmp.cleanup()


@pytest.fixture
def start_server():
    started = []

    def start(env=None, args=()):
        s = Server(env, args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
        s.tmp.cleanup()
