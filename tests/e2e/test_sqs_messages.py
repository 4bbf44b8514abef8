"""SQS messages on standard queues over the JSON protocol (boto3): Send/SendBatch, Receive (long
polling, visibility, attribute selection), Delete/DeleteBatch, ChangeMessageVisibility(+Batch) and
the batch validation shared by the three batch operations.

botocore does not check SQS's MD5 digests (the Java SDK does), so every test that sends or
receives computes them with hashlib the way AWS documents and compares.
Expectations are AWS's: the API reference and, where it is silent, responses recorded against AWS
(LocalStack's AWS-validated tests and snapshots, moto's AWS-verified tests).
"""
import re
import threading
import time

import pytest

from sqs_support import (aws_error, make_queue, md5_hex, md5_of_attributes, queue_counts,  # noqa: F401,F811
                         receive_all, sqs, status_of)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
# MD5OfMessageSystemAttributes AWS answered for TRACE_HEADER (LocalStack
# test_system_attributes_have_no_effect_on_attr_md5, AWS-validated).
TRACE_HEADER_MD5 = "5ae4d5d7636402d80f4eb6d213245a88"


def send(sqs, url, body="body", **kwargs):
    return sqs.send_message(QueueUrl=url, MessageBody=body, **kwargs)


def receive_one(sqs, url, **kwargs):
    kwargs.setdefault("WaitTimeSeconds", 1)
    messages = sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])
    assert len(messages) == 1, messages
    return messages[0]


# ------------------------------------------------------------------------------ SendMessage ----

def test_send_and_receive_message(sqs, make_queue):
    url = make_queue("send")
    sent = send(sqs, url, "message")
    assert status_of(sent) == 200
    assert UUID.match(sent["MessageId"])
    # AWS-recorded: MD5OfMessageBody of "message"
    assert sent["MD5OfMessageBody"] == "78e731027d8fd50ed642340b7c9a63b3" == md5_hex("message")
    assert "MD5OfMessageAttributes" not in sent
    assert "MD5OfMessageSystemAttributes" not in sent
    assert "SequenceNumber" not in sent  # FIFO only
    message = receive_one(sqs, url)
    assert message["Body"] == "message"
    assert message["MessageId"] == sent["MessageId"]
    assert message["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert message["ReceiptHandle"]
    assert "Attributes" not in message and "MessageAttributes" not in message


def test_message_attributes_of_every_type(sqs, make_queue):
    url = make_queue("attrtypes")
    attributes = {
        "s": {"DataType": "String", "StringValue": "hello wörld"},
        "n": {"DataType": "Number", "StringValue": "-12.5e3"},
        "i": {"DataType": "Number", "StringValue": "1614717034367"},
        "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xfe\xff traceparent\x1e00"},
        "custom.s": {"DataType": "String.x", "StringValue": "custom"},
        "custom.n": {"DataType": "Number.float", "StringValue": "3.14"},
        "custom.b": {"DataType": "Binary.gif", "BinaryValue": b"GIF89a"},
    }
    sent = send(sqs, url, "typed", MessageAttributes=attributes)
    assert sent["MD5OfMessageAttributes"] == md5_of_attributes(attributes)
    message = receive_one(sqs, url, MessageAttributeNames=["All"])
    assert message["MessageAttributes"] == attributes
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def test_md5_digests_match_aws_recorded_values(sqs, make_queue):
    # Digests AWS answered for these exact inputs (LocalStack AWS-validated snapshots
    # test_receive_message_message_attribute_names_filters and
    # test_send_message_with_binary_attributes), recomputed here with hashlib.
    url = make_queue("md5")
    strings = {"Help.Me": {"DataType": "String", "StringValue": "Me"},
               "Hello": {"DataType": "String", "StringValue": "There"},
               "General": {"DataType": "String", "StringValue": "Kenobi"}}
    sent = send(sqs, url, "msg", MessageAttributes=strings)
    assert sent["MD5OfMessageBody"] == "6e2baaf3b97dbeef01c0043275f9a0e7" == md5_hex("msg")
    assert sent["MD5OfMessageAttributes"] == "4c360f3fdafd970e05fae2f149d997f5" == md5_of_attributes(strings)
    binary = {"attr1": {"DataType": "Binary", "BinaryValue":
                        b"traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01"}}
    sent = send(sqs, url, "test", MessageAttributes=binary)
    assert sent["MD5OfMessageAttributes"] == "8cbe4db156db8a94db8b801b7addb984" == md5_of_attributes(binary)


def test_aws_trace_header_system_attribute(sqs, make_queue):
    url = make_queue("trace")
    user = {"timestamp": {"StringValue": "1493147359900", "DataType": "Number"}}
    plain = send(sqs, url, "test", MessageAttributes=user)
    traced = send(sqs, url, "test", MessageAttributes=user, MessageSystemAttributes={
        "AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}})
    # the system attribute does not change MD5OfMessageAttributes, and has its own digest
    assert traced["MD5OfMessageAttributes"] == plain["MD5OfMessageAttributes"] == md5_of_attributes(user)
    assert "MD5OfMessageSystemAttributes" not in plain
    assert traced["MD5OfMessageSystemAttributes"] == TRACE_HEADER_MD5 == md5_of_attributes(
        {"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}})
    messages = receive_all(sqs, url, 2, MessageSystemAttributeNames=["AWSTraceHeader"])
    by_id = {m["MessageId"]: m for m in messages}
    assert by_id[traced["MessageId"]]["Attributes"] == {"AWSTraceHeader": TRACE_HEADER}
    assert by_id[plain["MessageId"]].get("Attributes", {}) == {}


def test_unknown_system_attribute_is_rejected(sqs, make_queue):
    url = make_queue("badsys")
    with aws_error("InvalidParameterValue"):
        send(sqs, url, MessageSystemAttributes={"Foo": {"DataType": "String", "StringValue": "x"}})


@pytest.mark.parametrize("name,attribute", [
    ("empty-string", ("ErrorDetails", {"DataType": "String", "StringValue": ""})),
    ("not-a-number", ("n", {"DataType": "Number", "StringValue": "abc"})),
    ("unknown-type", ("t", {"DataType": "Invalid", "StringValue": "x"})),
    ("type-too-long", ("t", {"DataType": "Number." + "L" * 256, "StringValue": "1"})),
    ("control-char-in-value", ("c", {"DataType": "String", "StringValue": "Invalid-\x08,\x0b"})),
    ("reserved-prefix-aws", ("aWs.x", {"DataType": "String", "StringValue": "v"})),
    ("reserved-prefix-amazon", ("AMAZON.x", {"DataType": "String", "StringValue": "v"})),
    ("leading-period", (".x", {"DataType": "String", "StringValue": "v"})),
    ("trailing-period", ("x.", {"DataType": "String", "StringValue": "v"})),
    ("illegal-character", ("in!valid", {"DataType": "String", "StringValue": "v"})),
    ("name-too-long", ("L" * 257, {"DataType": "String", "StringValue": "v"})),
    ("no-value", ("v", {"DataType": "String"})),
])
def test_invalid_message_attribute(sqs, make_queue, name, attribute):
    url = make_queue("badattr")
    with aws_error("InvalidParameterValue") as caught:
        send(sqs, url, MessageAttributes=dict([attribute]))
    if name == "empty-string":
        # AWS-recorded message (LocalStack test_send_message_with_empty_string_attribute)
        assert caught.error["Message"] == ("Message (user) attribute 'ErrorDetails' must contain a "
                                           "non-empty value of type 'String'.")


def test_more_than_ten_message_attributes(sqs, make_queue):
    url = make_queue("manyattrs")
    ten = {f"a{n}": {"DataType": "String", "StringValue": "v"} for n in range(10)}
    send(sqs, url, MessageAttributes=ten)
    eleven = dict(ten, a10={"DataType": "String", "StringValue": "v"})
    with aws_error("InvalidParameterValue"):
        send(sqs, url, MessageAttributes=eleven)


def test_valid_unicode_round_trips(sqs, make_queue):
    url = make_queue("unicode")
    # #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF are allowed (API_SendMessage)
    body = "tab\t nl\n cr\r é ñ 中文 \ue000 \ufffd 😀 \U0010ffff"
    sent = send(sqs, url, body)
    assert sent["MD5OfMessageBody"] == md5_hex(body)
    message = receive_one(sqs, url)
    assert message["Body"] == body
    assert message["MD5OfBody"] == md5_hex(body)


# A lone surrogate ("\ud800", which botocore sends as a JSON escape) is not here: the JSON codec
# rejects the document as a whole (SerializationException) before SQS sees the body; see the
# closing note of the SQS issue.
@pytest.mark.parametrize("body", ["nul \x00", "unit separator \x1f", "backspace \x08", "\x01",
                                  "nonchar \uffff", "nonchar \ufffe"],
                         ids=["x00", "x1f", "x08", "x01", "uffff", "ufffe"])
def test_invalid_characters_are_rejected(sqs, make_queue, body):
    url = make_queue("badchars")
    with aws_error("InvalidMessageContents"):
        send(sqs, url, body)
    assert queue_counts(sqs, url) == (0, 0, 0)


def test_empty_body_is_missing_parameter(sqs, make_queue):
    url = make_queue("empty")
    with aws_error("MissingParameter") as caught:
        send(sqs, url, "")
    assert caught.error["Message"] == "The request must contain the parameter MessageBody."


def test_send_to_missing_queue(sqs, make_queue):
    url = make_queue("gone")
    sqs.delete_queue(QueueUrl=url)
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        send(sqs, url)


# ------------------------------------------------------------------------------ size limits ----
# "Message must be shorter than N bytes." is what AWS answers (AWS-recorded, LocalStack
# test_send_oversized_message / test_send_message_with_updated_maximum_message_size); the size is
# the UTF-8 body plus each attribute's name, type and value.

def test_message_of_exactly_the_maximum_size(sqs, make_queue):
    url = make_queue("max", Attributes={"MaximumMessageSize": "262144"})
    body = "a" * 262144
    sent = send(sqs, url, body)
    assert sent["MD5OfMessageBody"] == md5_hex(body)
    message = receive_one(sqs, url)
    assert message["Body"] == body and message["MD5OfBody"] == md5_hex(body)
    with aws_error("InvalidParameterValue") as caught:
        send(sqs, url, "a" * 262145)
    assert caught.error["Message"] == ("One or more parameters are invalid. Reason: Message must be "
                                       "shorter than 262144 bytes.")


def test_message_size_counts_utf8_bytes(sqs, make_queue):
    url = make_queue("utf8size", Attributes={"MaximumMessageSize": "262144"})
    send(sqs, url, "é" * 131072)  # 262144 bytes
    with aws_error("InvalidParameterValue"):
        send(sqs, url, "é" * 131072 + "a")


def test_message_attributes_count_toward_the_size(sqs, make_queue):
    url = make_queue("attrsize", Attributes={"MaximumMessageSize": "262144"})
    attributes = {"k": {"DataType": "String", "StringValue": "x"}}
    size = len("k") + len("String") + len("x")
    send(sqs, url, "a" * (262144 - size), MessageAttributes=attributes)
    with aws_error("InvalidParameterValue"):
        send(sqs, url, "a" * (262144 - size + 1), MessageAttributes=attributes)
    binary = {"b": {"DataType": "Binary", "BinaryValue": b"\x00" * 100}}
    send(sqs, url, "a" * (262144 - 1 - 6 - 100), MessageAttributes=binary)
    with aws_error("InvalidParameterValue"):
        send(sqs, url, "a" * (262144 - 6 - 100), MessageAttributes=binary)


def test_message_size_follows_the_queue_maximum(sqs, make_queue):
    url = make_queue("smallmax")
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"MaximumMessageSize": "1024"})
    send(sqs, url, "a" * 1024)
    with aws_error("InvalidParameterValue") as caught:
        send(sqs, url, "a" * 1017, MessageAttributes={"k": {"DataType": "String", "StringValue": "x"}})
    assert caught.error["Message"] == ("One or more parameters are invalid. Reason: Message must be "
                                       "shorter than 1024 bytes.")


# Since August 2025 a queue takes messages of up to 1 MiB by default ("The maximum is 1,048,576
# bytes (1 MiB)", SQSDeveloperGuide/quotas-messages.html).
def test_default_queue_accepts_1_mib(sqs, make_queue):
    url = make_queue("default1mib")
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["MaximumMessageSize"])
    assert attributes["Attributes"]["MaximumMessageSize"] == "1048576"
    body = "a" * 1048576
    sent = send(sqs, url, body)
    assert sent["MD5OfMessageBody"] == md5_hex(body)
    assert receive_one(sqs, url)["Body"] == body
    with aws_error("InvalidParameterValue") as caught:
        send(sqs, url, "a" * 1048577)
    assert caught.error["Message"] == ("One or more parameters are invalid. Reason: Message must be "
                                       "shorter than 1048576 bytes.")


def test_maximum_message_size_of_1_mib_can_be_set(sqs, make_queue):
    url = make_queue("setmax", Attributes={"MaximumMessageSize": "1024"})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"MaximumMessageSize": "1048576"})
    send(sqs, url, "a" * 1048576)


# ------------------------------------------------------------------------------------ delay ----

def test_per_message_delay(sqs, make_queue):
    url = make_queue("delay")
    send(sqs, url, "late", DelaySeconds=1)
    assert queue_counts(sqs, url) == (0, 0, 1)
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    started = time.monotonic()
    message = receive_one(sqs, url, WaitTimeSeconds=5)
    assert message["Body"] == "late"
    assert time.monotonic() - started < 2.5


def test_queue_delay_applies_unless_the_message_sets_its_own(sqs, make_queue):
    url = make_queue("qdelay", Attributes={"DelaySeconds": "1"})
    send(sqs, url, "queue-delayed")
    send(sqs, url, "immediate", DelaySeconds=0)
    first = receive_one(sqs, url, WaitTimeSeconds=0)
    assert first["Body"] == "immediate"
    assert queue_counts(sqs, url)[2] == 1
    second = receive_one(sqs, url, WaitTimeSeconds=3)
    assert second["Body"] == "queue-delayed"


@pytest.mark.parametrize("delay", [-1, 901])
def test_delay_out_of_range(sqs, make_queue, delay):
    url = make_queue("baddelay")
    with aws_error("InvalidParameterValue") as caught:
        send(sqs, url, DelaySeconds=delay)
    assert "DelaySeconds" in caught.error["Message"]


# ----------------------------------------------------------------------------- SendMessageBatch ----

def test_send_message_batch(sqs, make_queue):
    url = make_queue("batch")
    entries = [{"Id": f"m-{n}", "MessageBody": f"body-{n}"} for n in range(10)]
    entries[3]["MessageAttributes"] = {"attr": {"DataType": "Number", "StringValue": "3"}}
    entries[4]["MessageSystemAttributes"] = {
        "AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}}
    entries[5]["DelaySeconds"] = 1
    response = sqs.send_message_batch(QueueUrl=url, Entries=entries)
    assert status_of(response) == 200
    assert response.get("Failed", []) == []
    results = {r["Id"]: r for r in response["Successful"]}
    assert set(results) == {e["Id"] for e in entries}
    for entry in entries:
        result = results[entry["Id"]]
        assert UUID.match(result["MessageId"])
        assert result["MD5OfMessageBody"] == md5_hex(entry["MessageBody"])
    assert results["m-3"]["MD5OfMessageAttributes"] == md5_of_attributes(entries[3]["MessageAttributes"])
    assert "MD5OfMessageAttributes" not in results["m-0"]
    assert results["m-4"]["MD5OfMessageSystemAttributes"] == TRACE_HEADER_MD5
    assert "MD5OfMessageSystemAttributes" not in results["m-0"]
    assert queue_counts(sqs, url) == (9, 0, 1)
    messages = receive_all(sqs, url, 10, MessageAttributeNames=["All"])
    assert sorted(m["Body"] for m in messages) == sorted(e["MessageBody"] for e in entries)
    by_body = {m["Body"]: m for m in messages}
    assert by_body["body-3"]["MessageAttributes"] == entries[3]["MessageAttributes"]


def test_send_batch_reports_invalid_entries_individually(sqs, make_queue):
    # AWS-recorded (LocalStack test_batch_send_with_invalid_char_should_succeed): one bad entry
    # fails alone with InvalidMessageContents, the others are sent.
    url = make_queue("batchpartial")
    entries = [{"Id": str(n), "MessageBody": str(n)} for n in range(9)]
    entries.append({"Id": "9", "MessageBody": "\x01"})
    response = sqs.send_message_batch(QueueUrl=url, Entries=entries)
    assert status_of(response) == 200
    (failed,) = response["Failed"]
    assert failed["Id"] == "9"
    assert failed["Code"] == "InvalidMessageContents"
    assert failed["SenderFault"] is True
    assert failed.get("Message")
    assert sorted(r["Id"] for r in response["Successful"]) == [str(n) for n in range(9)]
    assert sorted(m["Body"] for m in receive_all(sqs, url, 9)) == [str(n) for n in range(9)]


def test_send_batch_entry_with_bad_delay_fails_alone(sqs, make_queue):
    url = make_queue("batchdelay")
    response = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "ok", "MessageBody": "ok"}, {"Id": "bad", "MessageBody": "bad", "DelaySeconds": 901}])
    assert [r["Id"] for r in response["Successful"]] == ["ok"]
    (failed,) = response["Failed"]
    assert failed["Id"] == "bad"
    assert failed["Code"] == "InvalidParameterValue"
    assert failed["SenderFault"] is True


def test_batch_of_exactly_the_size_limit_is_accepted(sqs, make_queue):
    # AWS-recorded (LocalStack test_send_message_batch_with_oversized_contents): a batch of
    # 262,145 bytes is too long; one byte less is the largest batch every AWS limit accepts.
    url = make_queue("batchmax", Attributes={"MaximumMessageSize": "262144"})
    attributes = {"k": {"DataType": "String", "StringValue": "x"}}
    response = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "1", "MessageBody": "a" * (262144 - 8 - 1), "MessageAttributes": attributes},
        {"Id": "2", "MessageBody": "a"}])
    assert len(response["Successful"]) == 2


def test_batch_longer_than_the_limit(sqs, make_queue):
    url = make_queue("batchlong")
    entries = [{"Id": str(n), "MessageBody": "a" * 110_000} for n in range(10)]  # 1.1 MB in all
    with aws_error("AWS.SimpleQueueService.BatchRequestTooLong") as caught:
        sqs.send_message_batch(QueueUrl=url, Entries=entries)
    assert caught.error["Message"] == ("Batch requests cannot be longer than 1048576 bytes. "
                                       "You have sent 1100000 bytes.")
    assert queue_counts(sqs, url) == (0, 0, 0)


def test_batch_of_1_mib_is_accepted(sqs, make_queue):
    url = make_queue("batch1mib")
    response = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": str(n), "MessageBody": "a" * 262144} for n in range(4)])  # 1,048,576 bytes
    assert len(response["Successful"]) == 4 and not response.get("Failed")


# The batch limit is the service's; the queue's MaximumMessageSize applies to each entry, which
# fails on its own.
def test_batch_entry_over_the_queue_maximum_fails_alone(sqs, make_queue):
    url = make_queue("batchentry", Attributes={"MaximumMessageSize": "1024"})
    response = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "small", "MessageBody": "a" * 1024}, {"Id": "large", "MessageBody": "a" * 1025}])
    assert [r["Id"] for r in response["Successful"]] == ["small"]
    (failed,) = response["Failed"]
    assert failed["Id"] == "large" and failed["Code"] == "InvalidParameterValue"
    assert failed["Message"] == ("One or more parameters are invalid. Reason: Message must be "
                                 "shorter than 1024 bytes.")


# ------------------------------------------------------------------------- batch validation ----

def batch_call(sqs, operation, url, entries):
    if operation == "send":
        return sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": e, "MessageBody": "x"} for e in entries])
    if operation == "delete":
        return sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": e, "ReceiptHandle": "handle"} for e in entries])
    return sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
        {"Id": e, "ReceiptHandle": "handle", "VisibilityTimeout": 10} for e in entries])


BATCH_OPERATIONS = ["send", "delete", "change-visibility"]


@pytest.mark.parametrize("operation", BATCH_OPERATIONS)
def test_empty_batch(sqs, make_queue, operation):
    url = make_queue("emptybatch")
    with aws_error("AWS.SimpleQueueService.EmptyBatchRequest"):
        batch_call(sqs, operation, url, [])


@pytest.mark.parametrize("operation", BATCH_OPERATIONS)
def test_too_many_batch_entries(sqs, make_queue, operation):
    url = make_queue("bigbatch")
    with aws_error("AWS.SimpleQueueService.TooManyEntriesInBatchRequest") as caught:
        batch_call(sqs, operation, url, [f"id-{n}" for n in range(11)])
    # AWS-recorded message (with 20 entries there)
    assert caught.error["Message"] == "Maximum number of entries per request are 10. You have sent 11."


@pytest.mark.parametrize("operation", BATCH_OPERATIONS)
def test_duplicate_batch_entry_ids(sqs, make_queue, operation):
    url = make_queue("dupbatch")
    with aws_error("AWS.SimpleQueueService.BatchEntryIdsNotDistinct"):
        batch_call(sqs, operation, url, ["same", "other", "same"])
    assert queue_counts(sqs, url) == (0, 0, 0)


@pytest.mark.parametrize("operation", BATCH_OPERATIONS)
@pytest.mark.parametrize("bad_id", ["invalid:id", "", "x" * 81, "with space", "dot.ted"],
                         ids=["colon", "empty", "81-chars", "space", "dot"])
def test_invalid_batch_entry_id(sqs, make_queue, operation, bad_id):
    url = make_queue("badid")
    with aws_error("AWS.SimpleQueueService.InvalidBatchEntryId") as caught:
        batch_call(sqs, operation, url, ["fine", bad_id])
    # AWS-recorded message
    assert caught.error["Message"] == ("A batch entry id can only contain alphanumeric characters, "
                                       "hyphens and underscores. It can be at most 80 letters long.")


def test_batch_entry_id_of_80_characters(sqs, make_queue):
    url = make_queue("longid")
    entry_id = "A-z_9" * 16
    response = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": entry_id, "MessageBody": "x"}])
    assert [r["Id"] for r in response["Successful"]] == [entry_id]


# --------------------------------------------------------------------------- ReceiveMessage ----

def test_receive_max_number_of_messages(sqs, make_queue):
    url = make_queue("maxnum")
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": str(n)}
                                                  for n in range(10)])
    # without MaxNumberOfMessages at most one message is returned
    assert len(sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"]) == 1
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=3, VisibilityTimeout=0)["Messages"]
    assert 1 <= len(got) <= 3
    everything = receive_all(sqs, url, 10)
    assert sorted(m["Body"] for m in everything) == sorted(str(n) for n in range(10))


@pytest.mark.parametrize("count", [0, 11, -1])
def test_max_number_of_messages_out_of_range(sqs, make_queue, count):
    url = make_queue("badmax")
    with aws_error("InvalidParameterValue") as caught:
        sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=count)
    # AWS-recorded message (LocalStack test_send_receive_max_number_of_messages)
    assert caught.error["Message"] == (f"Value {count} for parameter MaxNumberOfMessages is invalid. "
                                       "Reason: Must be between 1 and 10, if provided.")


def test_visibility_timeout_on_receive(sqs, make_queue):
    url = make_queue("vis")
    sent = send(sqs, url, "again")
    first = receive_one(sqs, url, VisibilityTimeout=1, AttributeNames=["ApproximateReceiveCount"])
    assert first["Attributes"]["ApproximateReceiveCount"] == "1"
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []  # in flight
    assert queue_counts(sqs, url) == (0, 1, 0)
    started = time.monotonic()
    second = receive_one(sqs, url, WaitTimeSeconds=5, AttributeNames=["ApproximateReceiveCount"])
    assert time.monotonic() - started < 2.5
    assert second["MessageId"] == sent["MessageId"]
    assert second["ReceiptHandle"] != first["ReceiptHandle"]
    assert second["Attributes"]["ApproximateReceiveCount"] == "2"


def test_queue_visibility_timeout_is_the_default(sqs, make_queue):
    url = make_queue("qvis", Attributes={"VisibilityTimeout": "1"})
    send(sqs, url)
    receive_one(sqs, url)
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    receive_one(sqs, url, WaitTimeSeconds=3)


def test_visibility_timeout_zero_keeps_the_message_visible(sqs, make_queue):
    # AWS-validated (LocalStack test_receive_terminate_visibility_timeout)
    url = make_queue("vis0")
    send(sqs, url)
    first = receive_one(sqs, url, VisibilityTimeout=0)
    second = receive_one(sqs, url, WaitTimeSeconds=0)
    assert first["ReceiptHandle"] != second["ReceiptHandle"]
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []


@pytest.mark.parametrize("timeout", [-1, 43201])
def test_receive_visibility_timeout_out_of_range(sqs, make_queue, timeout):
    url = make_queue("badvis")
    with aws_error("InvalidParameterValue") as caught:
        sqs.receive_message(QueueUrl=url, VisibilityTimeout=timeout)
    assert "VisibilityTimeout" in caught.error["Message"]


def test_long_poll_returns_as_soon_as_a_message_arrives(sqs, make_queue):
    url = make_queue("longpoll")
    timer = threading.Timer(0.5, lambda: send(sqs, url, "arrived"))
    started = time.monotonic()
    timer.start()
    try:
        response = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=10)
    finally:
        timer.join()
    elapsed = time.monotonic() - started
    assert [m["Body"] for m in response.get("Messages", [])] == ["arrived"]
    assert 0.4 < elapsed < 2, elapsed


def test_long_poll_returns_at_once_when_messages_are_there(sqs, make_queue):
    url = make_queue("nowait")
    send(sqs, url, "one")
    send(sqs, url, "two")
    started = time.monotonic()
    response = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5, MaxNumberOfMessages=3)
    assert time.monotonic() - started < 1
    assert len(response["Messages"]) >= 1


def test_long_poll_on_empty_queue_waits_the_whole_time(sqs, make_queue):
    url = make_queue("empty-poll")
    started = time.monotonic()
    response = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    elapsed = time.monotonic() - started
    assert response.get("Messages", []) == []
    assert status_of(response) == 200
    assert 0.9 < elapsed < 2.5, elapsed


def test_waiting_receivers_do_not_hold_server_threads(server, sqs, make_queue):
    # The session server runs THREADS=2: eight waiting long polls must not stop it from answering
    # other requests, and each poll must end on time.
    url = make_queue("idle-polls")
    other = make_queue("busy")
    clients = [server.client("sqs") for _ in range(8)]
    durations = []

    def poll(client):
        started = time.monotonic()
        client.receive_message(QueueUrl=url, WaitTimeSeconds=2)
        durations.append(time.monotonic() - started)

    threads = [threading.Thread(target=poll, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    for n in range(5):
        send(sqs, other, f"m{n}")
    assert queue_counts(sqs, other) == (5, 0, 0)
    assert time.monotonic() - started < 1
    for thread in threads:
        thread.join()
    assert len(durations) == 8
    assert all(1.8 < d < 3.5 for d in durations), durations


def test_queue_receive_wait_time_is_the_default(sqs, make_queue):
    url = make_queue("qwait", Attributes={"ReceiveMessageWaitTimeSeconds": "10"})
    timer = threading.Timer(0.5, lambda: send(sqs, url, "queued"))
    started = time.monotonic()
    timer.start()
    try:
        response = sqs.receive_message(QueueUrl=url)  # no WaitTimeSeconds: the queue's 10 s apply
    finally:
        timer.join()
    assert [m["Body"] for m in response.get("Messages", [])] == ["queued"]
    assert 0.4 < time.monotonic() - started < 2
    # WaitTimeSeconds=0 in the request overrides the queue default
    started = time.monotonic()
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages", []) == []
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("wait", [21, -1])
def test_wait_time_out_of_range(sqs, make_queue, wait):
    url = make_queue("badwait")
    with aws_error("InvalidParameterValue") as caught:
        sqs.receive_message(QueueUrl=url, WaitTimeSeconds=wait)
    assert "WaitTimeSeconds" in caught.error["Message"]


def test_receive_from_missing_queue(sqs, make_queue):
    url = make_queue("gone-recv")
    sqs.delete_queue(QueueUrl=url)
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.receive_message(QueueUrl=url)


STANDARD_SYSTEM_ATTRIBUTES = {"SenderId", "SentTimestamp", "ApproximateReceiveCount",
                              "ApproximateFirstReceiveTimestamp"}


@pytest.mark.parametrize("parameter", ["AttributeNames", "MessageSystemAttributeNames"])
def test_system_attributes_all(sqs, make_queue, parameter):
    url = make_queue("sysall")
    before_ms = int(time.time() * 1000)
    sent = send(sqs, url, "msg", MessageAttributes={"Foo": {"DataType": "String", "StringValue": "Bar"}})
    first = receive_one(sqs, url, VisibilityTimeout=0, **{parameter: ["All"]})
    # AWS-recorded: a standard queue's message has exactly these four; message attributes are
    # returned only when asked for
    assert set(first["Attributes"]) == STANDARD_SYSTEM_ATTRIBUTES
    assert "MessageAttributes" not in first and "MD5OfMessageAttributes" not in first
    attributes = first["Attributes"]
    assert attributes["SenderId"]
    assert attributes["ApproximateReceiveCount"] == "1"
    sent_ms = int(attributes["SentTimestamp"])  # epoch milliseconds, an integer
    first_receive_ms = int(attributes["ApproximateFirstReceiveTimestamp"])
    assert before_ms - 5000 <= sent_ms <= first_receive_ms <= int(time.time() * 1000) + 5000

    second = receive_one(sqs, url, **{parameter: ["All"]}, MessageAttributeNames=["All"])
    assert second["MessageId"] == sent["MessageId"]
    assert second["Attributes"]["ApproximateReceiveCount"] == "2"
    assert second["Attributes"]["ApproximateFirstReceiveTimestamp"] == str(first_receive_ms)
    assert second["Attributes"]["SentTimestamp"] == str(sent_ms)
    assert second["MessageAttributes"] == {"Foo": {"DataType": "String", "StringValue": "Bar"}}
    assert second["MD5OfMessageAttributes"] == "ae7155c6026991b6d54b11589678bf9c"  # AWS-recorded


def test_selected_system_attributes(sqs, make_queue):
    url = make_queue("syssel", Attributes={"VisibilityTimeout": "0"})
    send(sqs, url)
    assert receive_one(sqs, url, AttributeNames=["SenderId"])["Attributes"].keys() == {"SenderId"}
    # FIFO-only names are ignored on a standard queue (AWS-recorded)
    assert receive_one(sqs, url, AttributeNames=["SenderId", "SequenceNumber"])["Attributes"].keys() == {
        "SenderId"}
    got = receive_one(sqs, url, MessageSystemAttributeNames=["SentTimestamp", "ApproximateReceiveCount"])
    assert got["Attributes"].keys() == {"SentTimestamp", "ApproximateReceiveCount"}
    assert got["Attributes"]["ApproximateReceiveCount"] == "3"


def test_message_attribute_name_filters(sqs, make_queue):
    # The filter cases of LocalStack's AWS-validated test_receive_message_message_attribute_names_filters
    url = make_queue("filters", Attributes={"VisibilityTimeout": "0"})
    attributes = {"Help.Me": {"DataType": "String", "StringValue": "Me"},
                  "Hello": {"DataType": "String", "StringValue": "There"},
                  "General": {"DataType": "String", "StringValue": "Kenobi"}}
    send(sqs, url, "msg", MessageAttributes=attributes)

    def received(names):
        message = receive_one(sqs, url, MessageAttributeNames=names)
        got = message.get("MessageAttributes", {})
        if got:
            assert message["MD5OfMessageAttributes"] == md5_of_attributes(got)
        else:
            assert "MD5OfMessageAttributes" not in message
        return got

    assert received([]) == {}
    assert received(["All"]) == attributes
    assert received([".*"]) == attributes
    assert received(["Foo", "Help"]) == {}
    assert received(["Hello", "General"]) == {k: attributes[k] for k in ("Hello", "General")}
    assert received(["Foo", "Hello"]) == {"Hello": attributes["Hello"]}
    assert received(["Help.*"]) == {"Help.Me": attributes["Help.Me"]}
    # "prefix.*" is a plain prefix: "Hel.*" selects Hello too (AWS-recorded)
    assert received(["Hel.*"]) == {k: attributes[k] for k in ("Hello", "Help.Me")}


# --------------------------------------------------------------------------- DeleteMessage ----

def test_delete_message(sqs, make_queue):
    url = make_queue("delete")
    send(sqs, url)
    message = receive_one(sqs, url)
    assert status_of(sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])) == 200
    assert queue_counts(sqs, url) == (0, 0, 0)
    # AWS-validated: deleting again with the same handle succeeds
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def test_delete_with_a_stale_receipt_handle_succeeds(sqs, make_queue):
    # "If you receive a message more than once, each time you receive it, you get a different
    # receipt handle. You must provide the most recently received receipt handle when you request
    # to delete the message (otherwise, the request succeeds, but the message will not be
    # deleted)." -- API_DeleteMessage, standard queues
    url = make_queue("stale")
    send(sqs, url)
    old = receive_one(sqs, url, VisibilityTimeout=0)
    new = receive_one(sqs, url, VisibilityTimeout=30)
    assert old["ReceiptHandle"] != new["ReceiptHandle"]
    assert status_of(sqs.delete_message(QueueUrl=url, ReceiptHandle=old["ReceiptHandle"])) == 200
    assert status_of(sqs.delete_message(QueueUrl=url, ReceiptHandle=new["ReceiptHandle"])) == 200
    assert queue_counts(sqs, url) == (0, 0, 0)


def test_delete_with_an_expired_receipt_handle_deletes(sqs, make_queue):
    # AWS-validated (LocalStack test_remove_message_with_old_receipt_handle): the handle of a
    # message whose visibility timeout passed (and that nobody received since) still deletes it.
    url = make_queue("expired")
    send(sqs, url)
    message = receive_one(sqs, url, VisibilityTimeout=1)
    time.sleep(1.2)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    assert queue_counts(sqs, url)[0] == 0


# AWS's status for ReceiptHandleIsInvalid is not documented: the old query model says 404.
RECEIPT_HANDLE_STATUS = {400, 404}


def test_delete_with_a_malformed_receipt_handle(sqs, make_queue):
    url = make_queue("garbage")
    with aws_error("ReceiptHandleIsInvalid", status=RECEIPT_HANDLE_STATUS) as caught:
        sqs.delete_message(QueueUrl=url, ReceiptHandle="garbage")
    # AWS-recorded message (LocalStack test_delete_message_with_illegal_receipt_handle)
    assert caught.error["Message"] == 'The input receipt handle "garbage" is not a valid receipt handle.'


def test_delete_message_batch_with_partial_failures(sqs, make_queue):
    url = make_queue("delbatch")
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": str(n)}
                                                  for n in range(3)])
    messages = receive_all(sqs, url, 3)
    entries = [{"Id": f"ok-{n}", "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(messages)]
    entries.insert(1, {"Id": "bad-1", "ReceiptHandle": "fake-receipt-handle-1"})
    response = sqs.delete_message_batch(QueueUrl=url, Entries=entries)
    assert status_of(response) == 200
    assert sorted(r["Id"] for r in response["Successful"]) == ["ok-0", "ok-1", "ok-2"]
    # moto, verified against AWS
    assert response["Failed"] == [{
        "Id": "bad-1", "SenderFault": True, "Code": "ReceiptHandleIsInvalid",
        "Message": 'The input receipt handle "fake-receipt-handle-1" is not a valid receipt handle.'}]
    assert queue_counts(sqs, url) == (0, 0, 0)


def test_delete_from_missing_queue(sqs, make_queue):
    url = make_queue("gone-del")
    send(sqs, url)
    handle = receive_one(sqs, url)["ReceiptHandle"]
    sqs.delete_queue(QueueUrl=url)
    with aws_error("AWS.SimpleQueueService.NonExistentQueue"):
        sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)


# ------------------------------------------------------------------- ChangeMessageVisibility ----

def test_extend_visibility(sqs, make_queue):
    url = make_queue("extend")
    send(sqs, url)
    message = receive_one(sqs, url, VisibilityTimeout=1)
    response = sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                             VisibilityTimeout=3)
    assert status_of(response) == 200
    time.sleep(1.3)  # past the original timeout
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    assert queue_counts(sqs, url) == (0, 1, 0)


def test_visibility_zero_makes_the_message_visible_at_once(sqs, make_queue):
    url = make_queue("vis-zero")
    sent = send(sqs, url)
    message = receive_one(sqs, url, VisibilityTimeout=30)
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                  VisibilityTimeout=0)
    again = receive_one(sqs, url, WaitTimeSeconds=0)
    assert again["MessageId"] == sent["MessageId"]
    # AWS-validated: the change applies to that receive only; the new receive uses the default
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []


def test_change_visibility_after_the_timeout_passed(sqs, make_queue):
    # The message is no longer in flight. AWS answers 200 (LocalStack AWS-validated
    # test_change_message_visibility_after_visibility_timeout_expiration, PR #9632; moto, verified
    # against AWS: "MessageNotInFlight ... I could not find a way to raise this error in AWS").
    url = make_queue("expired-vis")
    send(sqs, url)
    message = receive_one(sqs, url, VisibilityTimeout=1)
    time.sleep(1.2)
    response = sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                             VisibilityTimeout=5)
    assert status_of(response) == 200


def test_change_visibility_of_a_deleted_message(sqs, make_queue):
    url = make_queue("deleted-vis")
    send(sqs, url)
    handle = receive_one(sqs, url)["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=42)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
    # AWS-validated (LocalStack test_change_visibility_on_deleted_message_raises_invalid_parameter_value)
    with aws_error("InvalidParameterValue") as caught:
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=42)
    assert caught.error["Message"] == (
        f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or "
        "is not available for visibility timeout change.")


def test_change_visibility_batch_of_a_deleted_message(sqs, make_queue):
    url = make_queue("deleted-visbatch")
    send(sqs, url)
    handle = receive_one(sqs, url)["ReceiptHandle"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
    response = sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
        {"Id": "gone", "ReceiptHandle": handle, "VisibilityTimeout": 10}])
    assert response.get("Successful", []) == []
    (failed,) = response["Failed"]
    assert failed["Id"] == "gone"
    assert failed["Code"] == "InvalidParameterValue"
    assert failed["SenderFault"] is True


def test_change_visibility_with_a_malformed_receipt_handle(sqs, make_queue):
    url = make_queue("garbage-vis")
    with aws_error("ReceiptHandleIsInvalid", status=RECEIPT_HANDLE_STATUS):
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle="INVALID", VisibilityTimeout=60)


@pytest.mark.parametrize("timeout", [43201, -1])
def test_change_visibility_out_of_range(sqs, make_queue, timeout):
    url = make_queue("range-vis")
    send(sqs, url)
    handle = receive_one(sqs, url)["ReceiptHandle"]
    with aws_error("InvalidParameterValue") as caught:
        sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=timeout)
    assert "VisibilityTimeout" in caught.error["Message"]


def test_change_message_visibility_batch(sqs, make_queue):
    url = make_queue("visbatch")
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": str(n)}
                                                  for n in range(3)])
    messages = receive_all(sqs, url, 3, VisibilityTimeout=30)
    entries = [{"Id": f"e{n}", "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
               for n, m in enumerate(messages)]
    entries.append({"Id": "bad", "ReceiptHandle": "garbage", "VisibilityTimeout": 0})
    response = sqs.change_message_visibility_batch(QueueUrl=url, Entries=entries)
    assert status_of(response) == 200
    assert sorted(r["Id"] for r in response["Successful"]) == ["e0", "e1", "e2"]
    (failed,) = response["Failed"]
    assert failed["Id"] == "bad"
    assert failed["Code"] == "ReceiptHandleIsInvalid"
    assert failed["SenderFault"] is True
    assert queue_counts(sqs, url) == (3, 0, 0)


# ---------------------------------------------------------------------------------- retention ---

def test_retention_period_is_honoured_in_attributes(sqs, make_queue):
    # MessageRetentionPeriod 60 is the minimum; expiry itself would need a 60 s wait.
    url = make_queue("retention", Attributes={"MessageRetentionPeriod": "60"})
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["MessageRetentionPeriod"])
    assert attributes["Attributes"] == {"MessageRetentionPeriod": "60"}
    send(sqs, url, "kept")
    assert receive_one(sqs, url)["Body"] == "kept"
    with aws_error("InvalidAttributeValue"):
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"MessageRetentionPeriod": "59"})
