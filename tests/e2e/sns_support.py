"""Helpers shared by the SNS e2e tests (test_sns_*.py): an HTTP subscriber the test runs, polling
with deadlines, signature verification as subscribers do it.

Written so that the tests would also pass against AWS where they do not depend on reaching the
test machine (the HTTP subscriber needs an endpoint SNS can reach).
"""
import base64
import json
import threading
import time
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

ACCOUNT = "000000000000"
REGION = "us-east-1"


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def queue_arn(name):
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def wait_for(predicate, timeout=10.0, interval=0.05, desc="condition"):
    """Polls until predicate() is truthy; returns its value."""
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {desc}")
        time.sleep(interval)


def receive(sqs, url, count, timeout=10.0):
    """Receives `count` messages (deleting them), in arrival order."""
    got = []
    deadline = time.time() + timeout
    while len(got) < count and time.time() < deadline:
        response = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                       MessageAttributeNames=["All"])
        for message in response.get("Messages", []):
            got.append(message)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    assert len(got) == count, f"received {len(got)} of {count} messages from {url}"
    return got


def assert_empty(sqs, url, seconds=1):
    response = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=seconds)
    assert not response.get("Messages"), response.get("Messages")


class Subscriber:
    """A small HTTP endpoint: records every POST; answers `status`; confirms subscriptions by
    visiting SubscribeURL when `confirm` is set. With `tls` (an ssl.SSLContext) it speaks HTTPS;
    `host` is the name its URL gives (it listens on 127.0.0.1)."""

    def __init__(self, status=200, confirm=True, tls=None, host="127.0.0.1"):
        self.requests = []
        self.status = status
        self.confirm = confirm
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                owner.requests.append({"headers": {k.lower(): v for k, v in self.headers.items()},
                                       "body": body, "path": self.path})
                status = owner.status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                if owner.confirm and self.headers.get("x-amz-sns-message-type") == "SubscriptionConfirmation":
                    url = json.loads(body)["SubscribeURL"]
                    threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=5).read(),
                                     daemon=True).start()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{host}:{self.server.server_address[1]}/sns"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of_type(self, message_type):
        return [r for r in self.requests if r["headers"].get("x-amz-sns-message-type") == message_type]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def canonical_string(message):
    """The string SNS signs: https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message-verify-message-signature.html"""
    if message["Type"] == "Notification":
        fields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    else:
        fields = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    return "".join(f"{name}\n{message[name]}\n" for name in fields if name in message)


def verify_signature(message):
    """Verifies an SNS message's signature with the certificate at its SigningCertURL, as the
    SDKs' message validators do; raises InvalidSignature when it does not match."""
    pem = urllib.request.urlopen(message["SigningCertURL"], timeout=5).read()
    certificate = x509.load_pem_x509_certificate(pem)
    algorithm = hashes.SHA256() if message["SignatureVersion"] == "2" else hashes.SHA1()
    certificate.public_key().verify(base64.b64decode(message["Signature"]),
                                    canonical_string(message).encode(), padding.PKCS1v15(), algorithm)
