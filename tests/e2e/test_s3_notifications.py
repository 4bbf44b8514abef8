"""S3 event notifications to SQS: configuration round trip and validation, the s3:TestEvent sent
when the configuration is set, and the event records of object writes and deletes (event name
wildcards, prefix/suffix filters, URL-encoded keys).
Written to pass against AWS as well (random names; the queue policy lets S3 send)."""
import json
import time
import uuid
from urllib.parse import unquote_plus

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def name(prefix="ntf"):
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def code(exc):
    return exc.value.response["Error"]["Code"]


@pytest.fixture
def s3(server):
    return server.client("s3")


@pytest.fixture
def sqs(server):
    return server.client("sqs")


@pytest.fixture
def bucket(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture
def queue(sqs, bucket):
    url = sqs.create_queue(QueueName=name("q"))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": arn,
            "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{bucket}"}}}]})})
    yield url, arn
    sqs.delete_queue(QueueUrl=url)


def receive(sqs, url, count, timeout=10):
    bodies = []
    deadline = time.time() + timeout
    while len(bodies) < count and time.time() < deadline:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                           WaitTimeSeconds=1).get("Messages", []):
            bodies.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return bodies


def configure(s3, bucket, arn, events, rules=None, config_id="cfg"):
    config = {"Id": config_id, "QueueArn": arn, "Events": events}
    if rules:
        config["Filter"] = {"Key": {"FilterRules": rules}}
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [config]})


def test_configuration_roundtrip_and_test_event(s3, sqs, bucket, queue):
    url, arn = queue
    configure(s3, bucket, arn, ["s3:ObjectCreated:*"],
              [{"Name": "prefix", "Value": "in/"}, {"Name": "suffix", "Value": ".json"}])
    got = s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"]
    assert got[0]["QueueArn"] == arn and got[0]["Events"] == ["s3:ObjectCreated:*"]
    assert {r["Name"].lower(): r["Value"] for r in got[0]["Filter"]["Key"]["FilterRules"]} == {
        "prefix": "in/", "suffix": ".json"}
    [test] = receive(sqs, url, 1)
    assert test["Event"] == "s3:TestEvent" and test["Bucket"] == bucket
    assert test["Service"] == "Amazon S3"


def test_object_created_and_removed_records(s3, sqs, bucket, queue):
    url, arn = queue
    configure(s3, bucket, arn, ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"],
              [{"Name": "prefix", "Value": "in/"}])
    receive(sqs, url, 1)  # the test event
    s3.put_object(Bucket=bucket, Key="in/a file.txt", Body=b"hello")
    s3.put_object(Bucket=bucket, Key="out/skipped.txt", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="in/a file.txt")
    events = receive(sqs, url, 2)
    records = [e["Records"][0] for e in events]
    assert [r["eventName"] for r in records] == ["ObjectCreated:Put", "ObjectRemoved:Delete"]
    created = records[0]
    assert created["eventSource"] == "aws:s3" and created["eventVersion"] == "2.1"
    assert created["awsRegion"] == "us-east-1"
    assert created["s3"]["configurationId"] == "cfg"
    assert created["s3"]["bucket"]["name"] == bucket
    assert created["s3"]["bucket"]["arn"] == f"arn:aws:s3:::{bucket}"
    assert unquote_plus(created["s3"]["object"]["key"]) == "in/a file.txt"
    assert created["s3"]["object"]["size"] == 5
    assert created["s3"]["object"]["eTag"] == "5d41402abc4b2a76b9719d911017c592"
    assert "sequencer" in created["s3"]["object"]
    assert receive(sqs, url, 1, timeout=2) == []  # out/ was filtered


def test_suffix_filter_and_specific_event(s3, sqs, bucket, queue):
    url, arn = queue
    configure(s3, bucket, arn, ["s3:ObjectCreated:Copy"], [{"Name": "suffix", "Value": ".jpg"}])
    receive(sqs, url, 1)
    s3.put_object(Bucket=bucket, Key="a.jpg", Body=b"x")  # a Put: not configured
    s3.copy_object(Bucket=bucket, Key="b.jpg", CopySource={"Bucket": bucket, "Key": "a.jpg"})
    s3.copy_object(Bucket=bucket, Key="b.png", CopySource={"Bucket": bucket, "Key": "a.jpg"})
    [event] = receive(sqs, url, 1)
    assert event["Records"][0]["eventName"] == "ObjectCreated:Copy"
    assert event["Records"][0]["s3"]["object"]["key"] == "b.jpg"
    assert receive(sqs, url, 1, timeout=2) == []


def test_missing_queue_is_refused_unless_validation_is_skipped(s3, bucket):
    arn = f"arn:aws:sqs:us-east-1:000000000000:{name('missing')}"
    with pytest.raises(ClientError) as exc:
        configure(s3, bucket, arn, ["s3:ObjectCreated:*"])
    assert code(exc) == "InvalidArgument"
    s3.put_bucket_notification_configuration(
        Bucket=bucket, SkipDestinationValidation=True,
        NotificationConfiguration={"QueueConfigurations": [
            {"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]})
    got = s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"]
    assert got[0]["QueueArn"] == arn and got[0]["Id"]  # an Id is generated


@pytest.mark.parametrize("config", [
    {"Events": ["s3:ObjectExploded:*"]},
    {"Events": ["s3:ObjectCreated:*"],
     "Filter": {"Key": {"FilterRules": [{"Name": "middle", "Value": "x"}]}}},
    {"Events": ["s3:ObjectCreated:*"],
     "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "a"},
                                        {"Name": "prefix", "Value": "b"}]}}},
])
def test_invalid_configurations(s3, bucket, queue, config):
    _, arn = queue
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
                dict(config, QueueArn=arn)]})
    assert code(exc) == "InvalidArgument"


def test_overlapping_configurations_are_refused(s3, bucket, queue):
    _, arn = queue
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [
                {"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]},
                {"QueueArn": arn, "Events": ["s3:ObjectCreated:Put"]}]})
    assert code(exc) == "InvalidArgument"


def test_empty_configuration_turns_notifications_off(s3, sqs, bucket, queue):
    url, arn = queue
    configure(s3, bucket, arn, ["s3:ObjectCreated:*"])
    receive(sqs, url, 1)
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert receive(sqs, url, 1, timeout=2) == []
