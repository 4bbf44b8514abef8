"""SQS queues over the JSON protocol (boto3): CreateQueue and its attribute validation, GetQueueUrl,
ListQueues, DeleteQueue, Get/SetQueueAttributes, tags, permissions, dead-letter sources, PurgeQueue
and the queue URL forms.

Expectations are AWS's: the API reference
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/) and, where it is silent,
responses recorded against AWS (LocalStack's AWS-validated snapshots in
tests/aws/services/sqs/test_sqs.snapshot.json, moto's AWS-verified tests).
"""
import json
import threading
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from sqs_support import (ACCOUNT, REGION, aws_error, make_queue, queue_arn, queue_counts,  # noqa: F401,F811
                         sqs, status_of, unique_name)

DEFAULT_HOST = "localhost.localstack.cloud:4566"


def all_attributes(sqs, url):
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


# ------------------------------------------------------------------------------ CreateQueue ----

def test_create_queue_returns_localstack_style_url(sqs, make_queue):
    name = unique_name("create")
    response = sqs.create_queue(QueueName=name)
    make_queue.urls.append(response["QueueUrl"])
    assert status_of(response) == 200
    assert response["QueueUrl"] == f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/{name}"


def test_new_queue_has_the_documented_defaults(sqs, make_queue):
    url, name, arn = make_queue.named("defaults")
    attributes = all_attributes(sqs, url)
    # A standard queue answers exactly these for "All" (no Policy, no FIFO attributes).
    assert set(attributes) == {
        "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp",
        "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod", "DelaySeconds",
        "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled"}
    assert attributes["QueueArn"] == arn
    assert attributes["VisibilityTimeout"] == "30"
    assert attributes["MessageRetentionPeriod"] == "345600"
    assert attributes["DelaySeconds"] == "0"
    assert attributes["ReceiveMessageWaitTimeSeconds"] == "0"
    # 256 KiB until August 2025, 1 MiB since (the API reference now says 1,048,576 by default).
    assert attributes["MaximumMessageSize"] == "1048576"
    # New queues get SSE-SQS by default (since October 2022).
    assert attributes["SqsManagedSseEnabled"] == "true"
    for counter in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessagesDelayed"):
        assert attributes[counter] == "0"
    now = time.time()
    for stamp in ("CreatedTimestamp", "LastModifiedTimestamp"):
        assert attributes[stamp].isdigit(), attributes[stamp]  # epoch seconds
        assert abs(int(attributes[stamp]) - now) < 30


def test_create_queue_with_every_settable_attribute(sqs, make_queue):
    _, _, dlq_arn = make_queue.named("every-dlq")
    name = unique_name("every")
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "s1", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "sqs:SendMessage", "Resource": queue_arn(name)}]}
    redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5}
    redrive_allow = {"redrivePermission": "allowAll"}
    requested = {
        "DelaySeconds": "5", "MaximumMessageSize": "2048", "MessageRetentionPeriod": "120",
        "ReceiveMessageWaitTimeSeconds": "3", "VisibilityTimeout": "45",
        "Policy": json.dumps(policy), "RedrivePolicy": json.dumps(redrive),
        "RedriveAllowPolicy": json.dumps(redrive_allow),
        "KmsMasterKeyId": "alias/aws/sqs", "KmsDataKeyReusePeriodSeconds": "600",
    }
    url = make_queue(name=name, Attributes=requested)
    attributes = all_attributes(sqs, url)
    for key in ("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod",
                "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "KmsMasterKeyId",
                "KmsDataKeyReusePeriodSeconds"):
        assert attributes[key] == requested[key], key
    assert json.loads(attributes["Policy"]) == policy
    assert json.loads(attributes["RedrivePolicy"]) == redrive
    assert json.loads(attributes["RedriveAllowPolicy"]) == redrive_allow
    # SSE-KMS replaces the default SSE-SQS.
    assert attributes["SqsManagedSseEnabled"] == "false"


# (attribute, invalid value): out of the documented range, or not an integer.
INVALID_VALUES = [
    ("DelaySeconds", "-1"), ("DelaySeconds", "901"), ("DelaySeconds", "1.5"), ("DelaySeconds", "x"),
    ("MaximumMessageSize", "1023"), ("MaximumMessageSize", "1048577"),
    ("MessageRetentionPeriod", "59"), ("MessageRetentionPeriod", "1209601"),
    ("ReceiveMessageWaitTimeSeconds", "-1"), ("ReceiveMessageWaitTimeSeconds", "21"),
    ("VisibilityTimeout", "-1"), ("VisibilityTimeout", "43201"), ("VisibilityTimeout", ""),
    ("KmsDataKeyReusePeriodSeconds", "59"), ("KmsDataKeyReusePeriodSeconds", "86401"),
    ("SqsManagedSseEnabled", "yes"), ("Policy", "{not json"),
]


@pytest.mark.parametrize("attribute,value", INVALID_VALUES)
def test_create_queue_rejects_invalid_attribute_value(sqs, attribute, value):
    with aws_error("InvalidAttributeValue") as caught:
        sqs.create_queue(QueueName=unique_name("invalid"), Attributes={attribute: value})
    # "Invalid value for the parameter DelaySeconds."
    assert attribute in caught.error["Message"]


@pytest.mark.parametrize("attribute,value", INVALID_VALUES)
def test_set_queue_attributes_rejects_invalid_value(sqs, make_queue, attribute, value):
    url = make_queue("invalid-set")
    with aws_error("InvalidAttributeValue") as caught:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={attribute: value})
    assert attribute in caught.error["Message"]


@pytest.mark.parametrize("attribute,value", [
    ("DelaySeconds", "0"), ("DelaySeconds", "900"), ("MaximumMessageSize", "1024"),
    ("MaximumMessageSize", "262144"), ("MaximumMessageSize", "1048576"),
    ("MessageRetentionPeriod", "60"),
    ("MessageRetentionPeriod", "1209600"), ("ReceiveMessageWaitTimeSeconds", "20"),
    ("VisibilityTimeout", "0"), ("VisibilityTimeout", "43200"),
    ("KmsDataKeyReusePeriodSeconds", "60"), ("KmsDataKeyReusePeriodSeconds", "86400"),
    ("SqsManagedSseEnabled", "false"),
])
def test_attribute_range_limits_are_accepted(sqs, make_queue, attribute, value):
    url = make_queue("limits", Attributes={attribute: value})
    got = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[attribute])["Attributes"]
    assert got == {attribute: value}


@pytest.mark.parametrize("attribute", [
    "Foo", "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp",
])
def test_unknown_or_read_only_attribute_is_rejected(sqs, make_queue, attribute):
    with aws_error("InvalidAttributeName") as caught:
        sqs.create_queue(QueueName=unique_name("readonly"), Attributes={attribute: "1"})
    assert attribute in caught.error["Message"]
    url = make_queue("readonly-set")
    with aws_error("InvalidAttributeName"):
        sqs.set_queue_attributes(QueueUrl=url, Attributes={attribute: "1"})


def test_sse_kms_and_sse_sqs_are_mutually_exclusive(sqs, make_queue):
    # AWS-recorded: InvalidAttributeName "You can use one type of server-side encryption (SSE) at
    # one time. You can either enable KMS SSE or SQS SSE." (LocalStack snapshot
    # test_sse_kms_and_sqs_are_mutually_exclusive)
    url = make_queue("sse")
    with aws_error("InvalidAttributeName") as caught:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={
            "KmsMasterKeyId": "testKeyId", "SqsManagedSseEnabled": "true"})
    assert "one type of server-side encryption" in caught.error["Message"]


def test_sse_attributes_round_trip(sqs, make_queue):
    kms = make_queue("sse-kms")
    sqs.set_queue_attributes(QueueUrl=kms, Attributes={
        "KmsMasterKeyId": "testKeyId", "KmsDataKeyReusePeriodSeconds": "6000",
        "SqsManagedSseEnabled": "false"})
    names = ["KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"]
    assert sqs.get_queue_attributes(QueueUrl=kms, AttributeNames=names)["Attributes"] == {
        "KmsMasterKeyId": "testKeyId", "KmsDataKeyReusePeriodSeconds": "6000",
        "SqsManagedSseEnabled": "false"}
    managed = make_queue("sse-sqs")
    sqs.set_queue_attributes(QueueUrl=managed, Attributes={"SqsManagedSseEnabled": "true"})
    assert sqs.get_queue_attributes(QueueUrl=managed, AttributeNames=names)["Attributes"] == {
        "SqsManagedSseEnabled": "true"}


@pytest.mark.parametrize("name", ["has space", "bang!", "slash/name", "x" * 81])
def test_invalid_queue_name_is_rejected(sqs, name):
    with aws_error("InvalidParameterValue"):
        sqs.create_queue(QueueName=name)


def test_queue_name_of_80_characters_is_accepted(sqs, make_queue):
    name = unique_name("long")
    name = name + "-_" + "a" * (80 - len(name) - 2)
    url = make_queue(name=name)
    assert url.endswith("/" + name)


def test_standard_queue_name_cannot_end_with_fifo(sqs):
    with aws_error("InvalidParameterValue"):
        sqs.create_queue(QueueName=unique_name("std") + ".fifo")


def test_create_queue_is_idempotent_for_the_same_attributes(sqs, make_queue):
    name = unique_name("idem")
    attributes = {"ReceiveMessageWaitTimeSeconds": "1", "DelaySeconds": "1"}
    url = make_queue(name=name, Attributes=attributes)
    assert sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"] == url
    # no attributes, or a subset with equal values, name the existing queue too
    assert sqs.create_queue(QueueName=name)["QueueUrl"] == url
    assert sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "1"})["QueueUrl"] == url
    # messages in the queue (changed Approximate* counters) do not matter
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"] == url


def test_create_queue_with_different_attributes_fails(sqs, make_queue):
    # AWS-recorded: QueueAlreadyExists "A queue already exists with the same name and a different
    # value for attribute DelaySeconds" (LocalStack snapshot
    # test_create_queue_with_different_attributes_raises_exception)
    name = unique_name("differ")
    url = make_queue(name=name, Attributes={"ReceiveMessageWaitTimeSeconds": "1", "DelaySeconds": "1"})
    with aws_error("QueueAlreadyExists") as caught:
        sqs.create_queue(QueueName=name, Attributes={"ReceiveMessageWaitTimeSeconds": "1",
                                                     "DelaySeconds": "2"})
    assert caught.error["Message"] == ("A queue already exists with the same name and a different "
                                       "value for attribute DelaySeconds")
    # the comparison is against the queue's current attributes
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "2"})
    assert sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "2"})["QueueUrl"] == url
    with aws_error("QueueAlreadyExists"):
        sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "1"})


def test_create_queue_with_tags(sqs, make_queue):
    tags = {"team": "payments", "env": "test", "empty": ""}
    url = make_queue("tagged", tags=tags)
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == tags


# ------------------------------------------------------------------------------ GetQueueUrl ----

def test_get_queue_url(sqs, make_queue):
    url, name, _ = make_queue.named("geturl")
    response = sqs.get_queue_url(QueueName=name)
    assert status_of(response) == 200
    assert response["QueueUrl"] == url
    assert sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=ACCOUNT)["QueueUrl"] == url


def test_get_queue_url_of_missing_queue(sqs):
    with aws_error("AWS.SimpleQueueService.NonExistentQueue") as caught:
        sqs.get_queue_url(QueueName=unique_name("missing"))
    assert caught.error["Message"] == "The specified queue does not exist."


def test_get_queue_url_in_another_account_is_missing(sqs, make_queue):
    _, name, _ = make_queue.named("owner")
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId="111122223333")


# ------------------------------------------------------------------------------- ListQueues ----

def test_list_queues_by_prefix(sqs, make_queue):
    prefix = unique_name("list")
    a1 = make_queue(name=prefix + "-a-1")
    a2 = make_queue(name=prefix + "-a-2")
    b1 = make_queue(name=prefix + "-b-1")
    response = sqs.list_queues(QueueNamePrefix=prefix + "-a")
    assert status_of(response) == 200
    assert sorted(response["QueueUrls"]) == sorted([a1, a2])
    assert "NextToken" not in response  # only with MaxResults
    assert sorted(sqs.list_queues(QueueNamePrefix=prefix)["QueueUrls"]) == sorted([a1, a2, b1])
    assert {a1, a2, b1} <= set(sqs.list_queues()["QueueUrls"])


def test_list_queues_with_no_match(sqs):
    response = sqs.list_queues(QueueNamePrefix=unique_name("nothing"))
    assert response.get("QueueUrls", []) == []
    assert "NextToken" not in response


def test_list_queues_paginates_with_max_results(sqs, make_queue):
    prefix = unique_name("page")
    urls = {make_queue(name=f"{prefix}-{n}") for n in range(5)}
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"NextToken": token} if token else {}
        response = sqs.list_queues(QueueNamePrefix=prefix, MaxResults=2, **kwargs)
        pages += 1
        assert len(response.get("QueueUrls", [])) <= 2
        seen += response.get("QueueUrls", [])
        token = response.get("NextToken")
        if not token:
            break
        assert pages < 10
    assert sorted(seen) == sorted(urls)
    assert pages >= 3


def test_list_queues_paginator(sqs, make_queue):
    prefix = unique_name("paginator")
    urls = {make_queue(name=f"{prefix}-{n}") for n in range(3)}
    pages = sqs.get_paginator("list_queues").paginate(QueueNamePrefix=prefix,
                                                      PaginationConfig={"PageSize": 1})
    assert sorted(u for page in pages for u in page.get("QueueUrls", [])) == sorted(urls)


# ------------------------------------------------------------------------------ DeleteQueue ----

def test_delete_queue_then_recreate_too_soon(sqs, make_queue):
    url, name, _ = make_queue.named("deleted")
    assert status_of(sqs.delete_queue(QueueUrl=url)) == 200
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.get_queue_url(QueueName=name)
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.send_message(QueueUrl=url, MessageBody="x")
    assert url not in sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", [])
    # "When you delete a queue, you must wait at least 60 seconds before creating a queue with the
    # same name." (API_DeleteQueue); message as recorded against AWS (LocalStack
    # test_create_queue_recently_deleted)
    with aws_error("AWS.SimpleQueueService.QueueDeletedRecently") as caught:
        sqs.create_queue(QueueName=name)
    assert caught.error["Message"] == ("You must wait 60 seconds after deleting a queue before you "
                                       "can create another with the same name.")


def test_delete_missing_queue(sqs):
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.delete_queue(QueueUrl=f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/{unique_name('nope')}")


# ------------------------------------------------------------------ Get/SetQueueAttributes ----

def test_get_queue_attributes_without_names_returns_nothing(sqs, make_queue):
    url = make_queue("noattrs")
    response = sqs.get_queue_attributes(QueueUrl=url)
    assert response.get("Attributes", {}) == {}


def test_get_queue_attributes_selected_names(sqs, make_queue):
    url, name, arn = make_queue.named("selected")
    response = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "QueueArn", "CreatedTimestamp", "VisibilityTimeout"])
    attributes = response["Attributes"]
    assert set(attributes) == {"QueueArn", "CreatedTimestamp", "VisibilityTimeout"}
    assert attributes["QueueArn"] == arn
    assert attributes["VisibilityTimeout"] == "30"


def test_get_queue_attributes_unknown_name(sqs, make_queue):
    url = make_queue("unknownattr")
    # AWS-recorded: InvalidAttributeName "Unknown Attribute Foobar."
    with aws_error("InvalidAttributeName") as caught:
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Foobar"])
    assert caught.error["Message"] == "Unknown Attribute Foobar."


def test_get_queue_attributes_of_missing_queue(sqs):
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.get_queue_attributes(QueueUrl=f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/"
                                          f"{unique_name('gone')}", AttributeNames=["All"])


def test_set_queue_attributes_updates_values_and_last_modified(sqs, make_queue):
    url = make_queue("update", Attributes={"VisibilityTimeout": "20",
                                           "MessageRetentionPeriod": "604800"})
    before = all_attributes(sqs, url)
    response = sqs.set_queue_attributes(QueueUrl=url, Attributes={
        "MaximumMessageSize": "2048", "VisibilityTimeout": "69", "DelaySeconds": "420",
        "ReceiveMessageWaitTimeSeconds": "10", "MessageRetentionPeriod": "60"})
    assert status_of(response) == 200
    after = all_attributes(sqs, url)
    assert after["MaximumMessageSize"] == "2048"
    assert after["VisibilityTimeout"] == "69"
    assert after["DelaySeconds"] == "420"
    assert after["ReceiveMessageWaitTimeSeconds"] == "10"
    # 60 s is the shortest retention AWS allows; it is stored and reported as given.
    assert after["MessageRetentionPeriod"] == "60"
    assert after["CreatedTimestamp"] == before["CreatedTimestamp"]
    assert int(after["LastModifiedTimestamp"]) >= int(before["LastModifiedTimestamp"])


def test_last_modified_timestamp_moves_on_set(sqs, make_queue):
    url = make_queue("lastmod")
    before = all_attributes(sqs, url)
    time.sleep(1.05 - time.time() % 1)  # into the next second: the stamps are epoch seconds
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "31"})
    after = all_attributes(sqs, url)
    assert int(after["LastModifiedTimestamp"]) > int(before["LastModifiedTimestamp"])
    assert after["CreatedTimestamp"] == before["CreatedTimestamp"]


def test_set_queue_attributes_of_missing_queue(sqs):
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.set_queue_attributes(QueueUrl=f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/"
                                          f"{unique_name('gone')}", Attributes={"DelaySeconds": "1"})


def test_approximate_counts(sqs, make_queue):
    url = make_queue("counts")
    sqs.send_message(QueueUrl=url, MessageBody="visible-1")
    sqs.send_message(QueueUrl=url, MessageBody="visible-2")
    sqs.send_message(QueueUrl=url, MessageBody="delayed", DelaySeconds=60)
    assert queue_counts(sqs, url) == (2, 0, 1)
    received = sqs.receive_message(QueueUrl=url, VisibilityTimeout=60)["Messages"]
    assert len(received) == 1
    assert queue_counts(sqs, url) == (1, 1, 1)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=received[0]["ReceiptHandle"])
    assert queue_counts(sqs, url) == (1, 0, 1)


def test_policy_set_and_removed_with_empty_string(sqs, make_queue):
    url, name, arn = make_queue.named("policy")
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sqs:SendMessage", "Resource": arn}]}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    assert json.loads(all_attributes(sqs, url)["Policy"]) == policy
    got = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]
    assert json.loads(got["Policy"]) == policy
    # AWS-recorded (LocalStack test_set_empty_queue_policy): "" removes the policy
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
    assert "Policy" not in all_attributes(sqs, url)


def test_redrive_policy_round_trip_and_removal(sqs, make_queue):
    _, _, dlq_arn = make_queue.named("rp-dlq")
    url = make_queue("rp-src")
    sqs.set_queue_attributes(QueueUrl=url, Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 10})})
    redrive = json.loads(sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"])
    # AWS answers maxReceiveCount as a number (LocalStack test_get_specific_queue_attribute_response)
    assert redrive == {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 10}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": ""})
    assert "RedrivePolicy" not in all_attributes(sqs, url)


@pytest.mark.parametrize("policy", [
    {"deadLetterTargetArn": "dummy", "maxReceiveCount": 42},  # AWS-recorded
    {"deadLetterTargetArn": "DLQ"},  # no maxReceiveCount
    {"maxReceiveCount": 5},  # no deadLetterTargetArn
    {"deadLetterTargetArn": "DLQ", "maxReceiveCount": 0},
    {"deadLetterTargetArn": "DLQ", "maxReceiveCount": 1001},
    {"deadLetterTargetArn": queue_arn("does-not-exist-" + "0" * 8), "maxReceiveCount": 5},
])
def test_invalid_redrive_policy(sqs, make_queue, policy):
    _, _, dlq_arn = make_queue.named("bad-rp-dlq")
    policy = {k: (dlq_arn if v == "DLQ" else v) for k, v in policy.items()}
    # AWS-recorded: InvalidParameterValue "Value {...} for parameter RedrivePolicy is invalid.
    # Reason: Invalid value for deadLetterTargetArn." (LocalStack
    # test_invalid_dead_letter_arn_rejected_before_lookup)
    with aws_error("InvalidParameterValue") as caught:
        sqs.create_queue(QueueName=unique_name("bad-rp"),
                         Attributes={"RedrivePolicy": json.dumps(policy)})
    assert "RedrivePolicy" in caught.error["Message"]


def test_redrive_allow_policy_by_queue(sqs, make_queue):
    allowed_url, _, allowed_arn = make_queue.named("rap-allowed")
    other_url = make_queue("rap-other")
    dlq_url, _, dlq_arn = make_queue.named("rap-dlq")
    allow = {"redrivePermission": "byQueue", "sourceQueueArns": [allowed_arn]}
    sqs.set_queue_attributes(QueueUrl=dlq_url, Attributes={"RedriveAllowPolicy": json.dumps(allow)})
    assert json.loads(all_attributes(sqs, dlq_url)["RedriveAllowPolicy"]) == allow
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    sqs.set_queue_attributes(QueueUrl=allowed_url, Attributes={"RedrivePolicy": redrive})
    with aws_error("InvalidParameterValue"):
        sqs.set_queue_attributes(QueueUrl=other_url, Attributes={"RedrivePolicy": redrive})


def test_redrive_allow_policy_deny_all_and_allow_all(sqs, make_queue):
    source_url = make_queue("rap-src")
    dlq_url, _, dlq_arn = make_queue.named("rap-deny")
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    sqs.set_queue_attributes(QueueUrl=dlq_url, Attributes={
        "RedriveAllowPolicy": json.dumps({"redrivePermission": "denyAll"})})
    with aws_error("InvalidParameterValue"):
        sqs.set_queue_attributes(QueueUrl=source_url, Attributes={"RedrivePolicy": redrive})
    sqs.set_queue_attributes(QueueUrl=dlq_url, Attributes={
        "RedriveAllowPolicy": json.dumps({"redrivePermission": "allowAll"})})
    sqs.set_queue_attributes(QueueUrl=source_url, Attributes={"RedrivePolicy": redrive})
    assert json.loads(all_attributes(sqs, source_url)["RedrivePolicy"])["deadLetterTargetArn"] == dlq_arn


# Messages seen from AWS: "Value {...} for parameter RedriveAllowPolicy is invalid. Reason: Amazon
# SQS can't create the redrive allow policy. When you specify the byQueue permission type, you must
# also specify one or more sourceQueueArns values." / "... To specify one or more source queue
# ARNs, you must set redrivePermission to byQueue." / "... The maximum number of source queue ARNs
# you can specify is 10." -- the "Value X for parameter P is invalid" form of InvalidParameterValue.
@pytest.mark.parametrize("policy", [
    {"redrivePermission": "byQueue"},
    {"redrivePermission": "byQueue", "sourceQueueArns": []},
    {"redrivePermission": "denyAll", "sourceQueueArns": [queue_arn("x1")]},
    {"redrivePermission": "allowAll", "sourceQueueArns": [queue_arn("x1")]},
    {"redrivePermission": "byQueue", "sourceQueueArns": [queue_arn(f"x{n}") for n in range(11)]},
])
def test_redrive_allow_policy_violations(sqs, policy):
    with aws_error("InvalidParameterValue") as caught:
        sqs.create_queue(QueueName=unique_name("rap-bad"),
                         Attributes={"RedriveAllowPolicy": json.dumps(policy)})
    assert "RedriveAllowPolicy" in caught.error["Message"]


@pytest.mark.parametrize("policy", ['"allowAll"', "not json", '{"redrivePermission": "sometimes"}'])
def test_redrive_allow_policy_in_unsupported_format(sqs, policy):
    # "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the
    # redrive allow policy, as it's in an unsupported format." -- the InvalidAttributeValue form.
    with aws_error("InvalidAttributeValue") as caught:
        sqs.create_queue(QueueName=unique_name("rap-fmt"), Attributes={"RedriveAllowPolicy": policy})
    assert "RedriveAllowPolicy" in caught.error["Message"]


# -------------------------------------------------------------------------------------- tags ---

def test_tag_untag_and_list_queue_tags(sqs, make_queue):
    url = make_queue("tags")
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
    assert status_of(sqs.tag_queue(QueueUrl=url, Tags={"tag1": "value1", "tag2": "value2",
                                                       "tag3": ""})) == 200
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"tag1": "value1", "tag2": "value2", "tag3": ""}
    # a new value for an existing key overwrites it; keys are case-sensitive
    sqs.tag_queue(QueueUrl=url, Tags={"tag1": "VALUE1", "Tag1": "other"})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {
        "tag1": "VALUE1", "Tag1": "other", "tag2": "value2", "tag3": ""}
    # untagging ignores keys that are not there
    assert status_of(sqs.untag_queue(QueueUrl=url, TagKeys=["tag1", "tag3", "nope"])) == 200
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"Tag1": "other", "tag2": "value2"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["Tag1", "tag2"])
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)


# The 50-tag limit holds for concurrent TagQueue calls too: the check and the write happen
# under one lock, so of eight calls adding ten new tags each, five succeed.
def test_concurrent_tag_queue_calls_keep_the_limit(server, make_queue):
    url = make_queue("tagrace")
    results = []

    def tag(n):
        client = server.client("sqs")
        try:
            client.tag_queue(QueueUrl=url, Tags={f"k{n}-{i}": "v" for i in range(10)})
            results.append("ok")
        except ClientError as e:
            results.append(e.response["Error"]["Code"])

    threads = [threading.Thread(target=tag, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["InvalidParameterValue"] * 3 + ["ok"] * 5
    assert len(server.client("sqs").list_queue_tags(QueueUrl=url)["Tags"]) == 50


def test_tags_of_missing_queue(sqs):
    url = f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/{unique_name('notag')}"
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.list_queue_tags(QueueUrl=url)
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.tag_queue(QueueUrl=url, Tags={"a": "b"})
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.untag_queue(QueueUrl=url, TagKeys=["a"])


# ------------------------------------------------------------------ Add/RemovePermission ----

def test_permission_lifecycle(sqs, make_queue):
    # Policy documents as recorded against AWS (LocalStack snapshot test_sqs_permission_lifecycle)
    url, name, arn = make_queue.named("perm")
    response = sqs.add_permission(QueueUrl=url, Label="crossaccount",
                                  AWSAccountIds=[ACCOUNT, "668614515564"], Actions=["ReceiveMessage"])
    assert status_of(response) == 200
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
                        ["Attributes"]["Policy"])
    assert policy["Version"] == "2008-10-17"
    assert policy["Id"].startswith(arn + "/")
    (statement,) = policy["Statement"]
    assert statement["Sid"] == "crossaccount"
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == "SQS:ReceiveMessage"
    assert statement["Resource"] == arn
    assert sorted(statement["Principal"]["AWS"]) == sorted(
        [f"arn:aws:iam::{ACCOUNT}:root", "arn:aws:iam::668614515564:root"])

    sqs.add_permission(QueueUrl=url, Label="second", AWSAccountIds=[ACCOUNT],
                       Actions=["SendMessage", "DeleteMessage"])
    policy = json.loads(all_attributes(sqs, url)["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["crossaccount", "second"]
    second = policy["Statement"][1]
    assert second["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert sorted(second["Action"]) == ["SQS:DeleteMessage", "SQS:SendMessage"]

    # the same label again: InvalidParameterValue "Value crossaccount for parameter Label is
    # invalid. Reason: Already exists."
    with aws_error("InvalidParameterValue") as caught:
        sqs.add_permission(QueueUrl=url, Label="crossaccount", AWSAccountIds=["668614515564"],
                           Actions=["ReceiveMessage"])
    assert caught.error["Message"] == ("Value crossaccount for parameter Label is invalid. "
                                       "Reason: Already exists.")

    assert status_of(sqs.remove_permission(QueueUrl=url, Label="crossaccount")) == 200
    policy = json.loads(all_attributes(sqs, url)["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["second"]
    sqs.remove_permission(QueueUrl=url, Label="second")
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]).get("Attributes", {}) == {}

    # InvalidParameterValue "Value second for parameter Label is invalid. Reason: can't find label."
    with aws_error("InvalidParameterValue") as caught:
        sqs.remove_permission(QueueUrl=url, Label="second")
    assert caught.error["Message"] == ("Value second for parameter Label is invalid. "
                                       "Reason: can't find label.")


def test_add_permission_to_missing_queue(sqs):
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.add_permission(QueueUrl=f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/"
                                    f"{unique_name('noperm')}",
                           Label="l", AWSAccountIds=[ACCOUNT], Actions=["SendMessage"])


# ------------------------------------------------------------ ListDeadLetterSourceQueues ----

def test_list_dead_letter_source_queues(sqs, make_queue):
    dlq_url, _, dlq_arn = make_queue.named("dls-dlq")
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"] == []
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 50})
    sources = {make_queue("dls-src", Attributes={"RedrivePolicy": redrive}) for _ in range(3)}
    make_queue("dls-unrelated")
    response = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)
    assert status_of(response) == 200
    assert set(response["queueUrls"]) == sources
    first = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url, MaxResults=2)
    assert len(first["queueUrls"]) == 2 and first.get("NextToken")
    rest = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url, MaxResults=2,
                                              NextToken=first["NextToken"])
    assert set(first["queueUrls"]) | set(rest["queueUrls"]) == sources
    assert "NextToken" not in rest


def test_list_dead_letter_source_queues_of_missing_queue(sqs):
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.list_dead_letter_source_queues(
            QueueUrl=f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/{unique_name('nodls')}")


# ------------------------------------------------------------------------------- PurgeQueue ----

def test_purge_queue_removes_visible_in_flight_and_delayed_messages(sqs, make_queue):
    url, name, arn = make_queue.named("purge")
    for n in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=f"visible-{n}")
    sqs.send_message(QueueUrl=url, MessageBody="delayed", DelaySeconds=30)
    in_flight = sqs.receive_message(QueueUrl=url, VisibilityTimeout=1)["Messages"]
    assert len(in_flight) == 1
    assert status_of(sqs.purge_queue(QueueUrl=url)) == 200
    assert queue_counts(sqs, url) == (0, 0, 0)
    time.sleep(1.2)  # the in-flight message's visibility timeout has passed: it stays gone
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    # messages sent after the purge are kept
    sqs.send_message(QueueUrl=url, MessageBody="after")
    (after,) = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
    assert after["Body"] == "after"

    # AWS-recorded: 403 AWS.SimpleQueueService.PurgeQueueInProgress "Only one PurgeQueue operation
    # on <queue> is allowed every 60 seconds." (LocalStack test_successive_purge_calls_fail)
    with aws_error("AWS.SimpleQueueService.PurgeQueueInProgress", status=403) as caught:
        sqs.purge_queue(QueueUrl=url)
    assert name in caught.error["Message"]
    assert "is allowed every 60 seconds" in caught.error["Message"]


def test_purge_missing_queue(sqs):
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.purge_queue(QueueUrl=f"http://sqs.{REGION}.{DEFAULT_HOST}/{ACCOUNT}/{unique_name('np')}")


# --------------------------------------------------------------------------- queue URL forms ---

def test_queue_url_honours_localstack_host(start_server):
    server = start_server({"LOCALSTACK_HOST": "myhost:1234"})
    sqs = server.client("sqs")
    name = unique_name("lshost")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    assert url == f"http://sqs.{REGION}.myhost:1234/{ACCOUNT}/{name}"
    assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url
    assert sqs.list_queues(QueueNamePrefix=name)["QueueUrls"] == [url]


def test_queue_url_strategy_off_uses_the_request_host(start_server):
    server = start_server({"SQS_ENDPOINT_STRATEGY": "off"})
    sqs = server.client("sqs")
    name = unique_name("off")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    assert url == f"http://127.0.0.1:{server.port}/{ACCOUNT}/{name}"
    sqs.send_message(QueueUrl=url, MessageBody="off")
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "off"


def test_queue_url_strategy_path(start_server):
    server = start_server({"SQS_ENDPOINT_STRATEGY": "path", "LOCALSTACK_HOST": "myhost:1234"})
    sqs = server.client("sqs")
    name = unique_name("path")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    assert url == f"http://myhost:1234/queue/{REGION}/{ACCOUNT}/{name}"
    sqs.send_message(QueueUrl=url, MessageBody="path")
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "path"


def test_queue_url_strategy_domain(start_server):
    server = start_server({"SQS_ENDPOINT_STRATEGY": "domain"})
    sqs = server.client("sqs")
    name = unique_name("domain")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    assert url == f"http://queue.{DEFAULT_HOST}/{ACCOUNT}/{name}"  # us-east-1 has no region label


ADDRESS_FORMS = [
    "https://sqs.us-east-1.amazonaws.com/{account}/{name}",
    "https://queue.amazonaws.com/{account}/{name}",
    "https://us-east-1.queue.amazonaws.com/{account}/{name}",
    "http://localhost:4566/{account}/{name}",
    "http://sqs.us-east-1.localhost.localstack.cloud:4566/{account}/{name}",
    "http://localhost.localstack.cloud:4566/queue/us-east-1/{account}/{name}",
    "http://queue.localhost.localstack.cloud:4566/{account}/{name}",
    "http://127.0.0.1:4566/{account}/{name}",
]


@pytest.mark.parametrize("form", ADDRESS_FORMS)
def test_requests_address_the_queue_by_any_url_form(sqs, make_queue, form):
    url, name, arn = make_queue.named("form")
    address = form.format(account=ACCOUNT, name=name)
    sent = sqs.send_message(QueueUrl=address, MessageBody="addressed")
    assert status_of(sent) == 200
    attributes = sqs.get_queue_attributes(QueueUrl=address, AttributeNames=["QueueArn"])["Attributes"]
    assert attributes["QueueArn"] == arn
    (message,) = sqs.receive_message(QueueUrl=address)["Messages"]
    assert message["MessageId"] == sent["MessageId"]
    sqs.delete_message(QueueUrl=address, ReceiptHandle=message["ReceiptHandle"])
    assert queue_counts(sqs, url) == (0, 0, 0)


# A bare queue name works as QueueUrl: AWS resolves it in the caller's account and region.
def test_a_bare_queue_name_addresses_the_queue(sqs, make_queue):
    url, name, arn = make_queue.named("bare")
    sent = sqs.send_message(QueueUrl=name, MessageBody="by name")
    attributes = sqs.get_queue_attributes(QueueUrl=name, AttributeNames=["QueueArn"])["Attributes"]
    assert attributes["QueueArn"] == arn
    (message,) = sqs.receive_message(QueueUrl=name, WaitTimeSeconds=1)["Messages"]
    assert message["MessageId"] == sent["MessageId"] and message["Body"] == "by name"
    sqs.delete_message(QueueUrl=name, ReceiptHandle=message["ReceiptHandle"])
    sqs.tag_queue(QueueUrl=name, Tags={"by": "name"})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"by": "name"}
    assert queue_counts(sqs, url) == (0, 0, 0)
    # The name as given: queue names are case-sensitive.
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.send_message(QueueUrl=name.upper(), MessageBody="x")


def test_a_bare_queue_name_is_looked_up_in_the_callers_region(server, make_queue):
    _, name, _ = make_queue.named("bare-region")
    elsewhere = boto3.client("sqs", endpoint_url=server.url, region_name="eu-west-1")
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        elsewhere.send_message(QueueUrl=name, MessageBody="x")
    url = elsewhere.create_queue(QueueName=name)["QueueUrl"]
    try:
        elsewhere.send_message(QueueUrl=name, MessageBody="in eu-west-1")
        (message,) = elsewhere.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        assert message["Body"] == "in eu-west-1"
    finally:
        elsewhere.delete_queue(QueueUrl=url)


def test_malformed_queue_url(sqs):
    # moto, verified against AWS: a QueueUrl that is no queue URL answers NonExistentQueue
    address = "http://whatever-incorrect-queue-address"
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.get_queue_attributes(QueueUrl=address, AttributeNames=["All"])
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.send_message(QueueUrl=address, MessageBody="x")


def test_queue_url_of_other_account_is_not_this_accounts_queue(sqs, make_queue):
    _, name, _ = make_queue.named("acct")
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.send_message(QueueUrl=f"http://localhost:4566/111122223333/{name}", MessageBody="x")
