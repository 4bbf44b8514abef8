"""Helpers shared by the SQS e2e tests (test_sqs_*.py).

The tests are written so that they would also pass against AWS: queue names are random, queues
are deleted afterwards, and every expectation is AWS's documented (or AWS-recorded) behaviour.
Error codes are the ones botocore reports for SQS's JSON protocol: with `awsQueryCompatible` it
takes them from the `x-amzn-query-error` header, so they are the old query codes
(`AWS.SimpleQueueService.NonExistentQueue`, `QueueAlreadyExists`, ...).
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
"""
import contextlib
import hashlib
import struct
import time
import uuid

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "000000000000"
REGION = "us-east-1"


def unique_name(prefix="q"):
    """A queue name no other test (or earlier run against AWS) uses; at most 80 characters."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def queue_arn(name, account=ACCOUNT, region=REGION):
    return f"arn:aws:sqs:{region}:{account}:{name}"


def status_of(response_or_error):
    """HTTP status of a boto3 response dict or a ClientError."""
    response = getattr(response_or_error, "response", response_or_error)
    return response["ResponseMetadata"]["HTTPStatusCode"]


@contextlib.contextmanager
def aws_error(code, status=400, sender=True):
    """Asserts the block raises ClientError with this code and HTTP status (a set of statuses is
    allowed where AWS's status is not documented); yields a holder whose `.error` is the
    response's Error dict once the block has run."""

    class Holder:
        error = None
        exception = None

    holder = Holder()
    with pytest.raises(ClientError) as caught:
        yield holder
    holder.exception = caught.value
    holder.error = caught.value.response["Error"]
    assert holder.error["Code"] == code, caught.value.response
    statuses = status if isinstance(status, (set, tuple, list)) else {status}
    assert status_of(caught.value) in statuses, caught.value.response
    if sender is not None:
        assert holder.error.get("Type") == ("Sender" if sender else "Receiver"), caught.value.response


def md5_hex(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.md5(data).hexdigest()


def md5_of_attributes(attributes):
    """MD5 over message (or message system) attributes as AWS computes it: attributes sorted by
    name; for each, name, DataType as 4-byte big-endian length + UTF-8 bytes, a transport byte
    (1 string, 2 binary), and the value as length + bytes.
    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
    """
    if not attributes:
        return None

    def encoded(value):
        if isinstance(value, str):
            value = value.encode("utf-8")
        return struct.pack(">I", len(value)) + value

    buffer = b""
    for name in sorted(attributes):
        attribute = attributes[name]
        buffer += encoded(name) + encoded(attribute["DataType"])
        if "BinaryValue" in attribute:
            buffer += b"\x02" + encoded(attribute["BinaryValue"])
        else:
            buffer += b"\x01" + encoded(attribute["StringValue"])
    return hashlib.md5(buffer).hexdigest()


class QueueFactory:
    """Creates queues with random names and deletes them when the test ends."""

    def __init__(self, sqs):
        self.sqs = sqs
        self.urls = []

    def __call__(self, prefix="q", name=None, **kwargs):
        name = name or unique_name(prefix)
        url = self.sqs.create_queue(QueueName=name, **kwargs)["QueueUrl"]
        self.urls.append(url)
        return url

    def named(self, prefix="q", **kwargs):
        """(url, name, arn) of a new queue."""
        name = unique_name(prefix)
        url = self(name=name, **kwargs)
        return url, name, queue_arn(name)

    def cleanup(self):
        for url in self.urls:
            with contextlib.suppress(ClientError):
                self.sqs.delete_queue(QueueUrl=url)


@pytest.fixture(scope="module")
def sqs(server):
    return server.client("sqs")


@pytest.fixture
def make_queue(sqs):
    factory = QueueFactory(sqs)
    yield factory
    factory.cleanup()


def receive_all(sqs, url, count, wait_seconds=2, **kwargs):
    """Receives until `count` messages arrived (standard queues may return fewer per call)."""
    messages = []
    deadline = time.monotonic() + 10
    while len(messages) < count and time.monotonic() < deadline:
        response = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=min(10, count - len(messages)),
                                       WaitTimeSeconds=wait_seconds, **kwargs)
        messages += response.get("Messages", [])
    return messages


def queue_counts(sqs, url):
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed"])["Attributes"]
    return (int(attributes["ApproximateNumberOfMessages"]),
            int(attributes["ApproximateNumberOfMessagesNotVisible"]),
            int(attributes["ApproximateNumberOfMessagesDelayed"]))
