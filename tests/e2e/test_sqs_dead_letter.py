"""SQS dead-letter queues end to end: redrive on maxReceiveCount, redrive (allow) policy checks,
ListDeadLetterSourceQueues, and message move tasks (start, list, cancel).

Written to pass against AWS too: random queue names, every queue deleted at the end.
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
"""
import json
import time
import uuid

import pytest
from botocore.exceptions import ClientError


@pytest.fixture(scope="module")
def sqs(server):
    return server.client("sqs")


@pytest.fixture
def make_queue(sqs):
    """make_queue(fifo=False, **attributes) -> (url, arn); deleted at the end."""
    created = []

    def make(fifo=False, name=None, **attributes):
        name = name or f"e2e-dlq-{uuid.uuid4().hex[:12]}" + (".fifo" if fifo else "")
        attrs = {k: v if isinstance(v, str) else json.dumps(v) if isinstance(v, dict) else str(v)
                 for k, v in attributes.items()}
        if fifo:
            attrs["FifoQueue"] = "true"
        url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
        created.append(url)
        return url, arn_of(sqs, url)

    yield make
    for url in created:
        try:
            sqs.delete_queue(QueueUrl=url)
        except ClientError:
            pass


def arn_of(sqs, url):
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"]


def redrive(dlq_arn, max_receive_count):
    return json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive_count})


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    response = info.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def count(sqs, url, name="ApproximateNumberOfMessages"):
    return int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[name])["Attributes"][name])


def wait_for(condition, timeout=5.0, interval=0.05):
    deadline = time.time() + timeout
    while True:
        value = condition()
        if value or time.time() > deadline:
            return value
        time.sleep(interval)


def into_dlq(sqs, source_url, dlq_url, bodies, message_attributes=None):
    """Sends `bodies` to a source with maxReceiveCount 1 and receives (VisibilityTimeout=0) until
    they are all in the DLQ."""
    target = count(sqs, dlq_url) + len(bodies)
    for body in bodies:
        sqs.send_message(QueueUrl=source_url, MessageBody=body,
                         MessageAttributes=message_attributes or {})
    for _ in range(4 * (len(bodies) // 10 + 1)):
        if count(sqs, dlq_url) >= target:
            break
        sqs.receive_message(QueueUrl=source_url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert wait_for(lambda: count(sqs, dlq_url) == target), count(sqs, dlq_url)


def collect(sqs, url, expected, timeout=5.0):
    """Receives and deletes until `expected` messages were seen (or timeout)."""
    seen = []
    deadline = time.time() + timeout
    while len(seen) < expected and time.time() < deadline:
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                    MessageAttributeNames=["All"]).get("Messages", [])
        for m in batch:
            seen.append(m)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return seen


def list_tasks(sqs, source_arn):
    return sqs.list_message_move_tasks(SourceArn=source_arn, MaxResults=10)["Results"]


# --- redrive on maxReceiveCount --------------------------------------------------------------

def test_message_moves_to_dlq_after_max_receive_count(sqs, make_queue):
    dlq_url, dlq_arn = make_queue()
    source_url, source_arn = make_queue(RedrivePolicy=redrive(dlq_arn, 2))
    attributes = {"color": {"DataType": "String", "StringValue": "blue"},
                  "raw": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"}}
    sent = sqs.send_message(QueueUrl=source_url, MessageBody="poison", MessageAttributes=attributes)

    for receive_count in (1, 2):
        got = sqs.receive_message(QueueUrl=source_url, VisibilityTimeout=0,
                                  MessageSystemAttributeNames=["ApproximateReceiveCount"])
        assert [m["MessageId"] for m in got["Messages"]] == [sent["MessageId"]]
        assert got["Messages"][0]["Attributes"]["ApproximateReceiveCount"] == str(receive_count)
    # the receive after maxReceiveCount moves the message instead of returning it
    assert not sqs.receive_message(QueueUrl=source_url, VisibilityTimeout=0).get("Messages")
    assert wait_for(lambda: count(sqs, dlq_url) == 1)
    assert count(sqs, source_url) == 0

    plain = sqs.receive_message(QueueUrl=dlq_url, VisibilityTimeout=0)["Messages"][0]
    assert "Attributes" not in plain  # system attributes only when asked for

    moved = sqs.receive_message(QueueUrl=dlq_url, MessageAttributeNames=["All"],
                                MessageSystemAttributeNames=["All"])["Messages"][0]
    assert moved["MessageId"] == sent["MessageId"]
    assert moved["Body"] == "poison"
    assert moved["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert moved["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert moved["MessageAttributes"] == attributes
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == source_arn

    # the message is in flight from the previous receive; make it visible and ask again
    sqs.change_message_visibility(QueueUrl=dlq_url, ReceiptHandle=moved["ReceiptHandle"],
                                  VisibilityTimeout=0)
    only = sqs.receive_message(QueueUrl=dlq_url,
                               MessageSystemAttributeNames=["DeadLetterQueueSourceArn"])
    assert only["Messages"][0]["Attributes"] == {"DeadLetterQueueSourceArn": source_arn}


def test_fifo_message_moves_to_fifo_dlq(sqs, make_queue):
    dlq_url, dlq_arn = make_queue(fifo=True)
    source_url, source_arn = make_queue(fifo=True, RedrivePolicy=redrive(dlq_arn, 1))
    sent = sqs.send_message(QueueUrl=source_url, MessageBody="f", MessageGroupId="g",
                            MessageDeduplicationId="d")
    assert sqs.receive_message(QueueUrl=source_url, VisibilityTimeout=0)["Messages"]
    assert not sqs.receive_message(QueueUrl=source_url, VisibilityTimeout=0).get("Messages")
    assert wait_for(lambda: count(sqs, dlq_url) == 1)
    moved = sqs.receive_message(QueueUrl=dlq_url, MessageSystemAttributeNames=["All"])["Messages"]
    assert [m["MessageId"] for m in moved] == [sent["MessageId"]]
    assert moved[0]["Attributes"]["MessageGroupId"] == "g"
    assert moved[0]["Attributes"]["DeadLetterQueueSourceArn"] == source_arn


# --- policy validation -----------------------------------------------------------------------

def test_redrive_policy_to_missing_queue_is_rejected(sqs, make_queue):
    _, dlq_arn = make_queue()
    missing = dlq_arn + "-missing"
    name = f"e2e-dlq-{uuid.uuid4().hex[:12]}"
    assert error_of(sqs.create_queue, QueueName=name,
                    Attributes={"RedrivePolicy": redrive(missing, 3)}) == \
        ("InvalidParameterValue", 400)
    url, _ = make_queue()
    assert error_of(sqs.set_queue_attributes, QueueUrl=url,
                    Attributes={"RedrivePolicy": redrive(missing, 3)}) == \
        ("InvalidParameterValue", 400)


def test_redrive_policy_is_normalised_and_validated(sqs, make_queue):
    _, dlq_arn = make_queue()
    url, _ = make_queue(RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn,
                                                  "maxReceiveCount": "4"}))
    stored = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])[
        "Attributes"]["RedrivePolicy"]
    assert json.loads(stored) == {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 4}
    # maxReceiveCount: 1 to 1000
    for bad in (0, 1001):
        assert error_of(sqs.set_queue_attributes, QueueUrl=url,
                        Attributes={"RedrivePolicy": redrive(dlq_arn, bad)}) == \
            ("InvalidParameterValue", 400)


def test_redrive_policy_needs_a_queue_of_the_same_type(sqs, make_queue):
    # "The dead-letter queue of a FIFO queue must also be a FIFO queue. Similarly, the dead-letter
    # queue of a standard queue must also be a standard queue." (SetQueueAttributes, RedrivePolicy)
    _, fifo_dlq_arn = make_queue(fifo=True)
    _, standard_dlq_arn = make_queue()
    standard = f"e2e-dlq-{uuid.uuid4().hex[:12]}"
    assert error_of(sqs.create_queue, QueueName=standard,
                    Attributes={"RedrivePolicy": redrive(fifo_dlq_arn, 3)}) == \
        ("InvalidParameterValue", 400)
    fifo = f"e2e-dlq-{uuid.uuid4().hex[:12]}.fifo"
    assert error_of(sqs.create_queue, QueueName=fifo,
                    Attributes={"FifoQueue": "true",
                                "RedrivePolicy": redrive(standard_dlq_arn, 3)}) == \
        ("InvalidParameterValue", 400)


def test_redrive_allow_policy_deny_all(sqs, make_queue):
    _, dlq_arn = make_queue(RedriveAllowPolicy={"redrivePermission": "denyAll"})
    name = f"e2e-dlq-{uuid.uuid4().hex[:12]}"
    assert error_of(sqs.create_queue, QueueName=name,
                    Attributes={"RedrivePolicy": redrive(dlq_arn, 3)}) == \
        ("InvalidParameterValue", 400)


def test_redrive_allow_policy_by_queue(sqs, make_queue):
    allowed_name = f"e2e-dlq-{uuid.uuid4().hex[:12]}"
    _, probe_arn = make_queue()
    allowed_arn = probe_arn.rsplit(":", 1)[0] + ":" + allowed_name
    dlq_url, dlq_arn = make_queue(RedriveAllowPolicy={"redrivePermission": "byQueue",
                                                      "sourceQueueArns": [allowed_arn]})
    stranger = f"e2e-dlq-{uuid.uuid4().hex[:12]}"
    assert error_of(sqs.create_queue, QueueName=stranger,
                    Attributes={"RedrivePolicy": redrive(dlq_arn, 3)}) == \
        ("InvalidParameterValue", 400)
    url, arn = make_queue(name=allowed_name, RedrivePolicy=redrive(dlq_arn, 3))
    assert arn == allowed_arn
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=[
        "RedriveAllowPolicy"])["Attributes"]["RedriveAllowPolicy"])
    assert policy == {"redrivePermission": "byQueue", "sourceQueueArns": [allowed_arn]}


def test_list_dead_letter_source_queues(sqs, make_queue):
    dlq_url, dlq_arn = make_queue()
    first, _ = make_queue(RedrivePolicy=redrive(dlq_arn, 3))
    second, _ = make_queue(RedrivePolicy=redrive(dlq_arn, 5))
    make_queue()  # unrelated
    urls = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"]
    assert sorted(urls) == sorted([first, second])

    page = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url, MaxResults=1)
    assert len(page["queueUrls"]) == 1 and page.get("NextToken")
    rest = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url, MaxResults=1,
                                              NextToken=page["NextToken"])
    assert sorted(page["queueUrls"] + rest["queueUrls"]) == sorted([first, second])

    # removing the policy removes the queue from the list
    sqs.set_queue_attributes(QueueUrl=second, Attributes={"RedrivePolicy": ""})
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"] == [first]

    lonely_url, _ = make_queue()
    assert sqs.list_dead_letter_source_queues(QueueUrl=lonely_url).get("queueUrls", []) == []


# --- message move tasks ----------------------------------------------------------------------
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
# The API reference lists the errors but not which case gives which; the codes below are those AWS
# answered in LocalStack's AWS-recorded snapshots (tests/aws/services/sqs/
# test_sqs_move_task.snapshot.json): source not a DLQ, second active task, malformed task handle
# -> InvalidParameterValue (400); unknown source/destination ARN, unknown task -> 404
# ResourceNotFoundException.

def test_start_move_task_needs_a_dead_letter_queue(sqs, make_queue):
    _, plain_arn = make_queue()
    _, other_arn = make_queue()
    assert error_of(sqs.start_message_move_task, SourceArn=plain_arn,
                    DestinationArn=other_arn) == ("InvalidParameterValue", 400)
    assert error_of(sqs.start_message_move_task, SourceArn=plain_arn + "-missing") == \
        ("ResourceNotFoundException", 404)


def test_start_move_task_destination_must_exist(sqs, make_queue):
    dlq_url, dlq_arn = make_queue()
    make_queue(RedrivePolicy=redrive(dlq_arn, 1))
    assert error_of(sqs.start_message_move_task, SourceArn=dlq_arn,
                    DestinationArn=dlq_arn + "-missing") == ("ResourceNotFoundException", 404)


def test_move_task_to_original_sources(sqs, make_queue):
    dlq_url, dlq_arn = make_queue()
    first_url, _ = make_queue(RedrivePolicy=redrive(dlq_arn, 1))
    second_url, _ = make_queue(RedrivePolicy=redrive(dlq_arn, 1))
    into_dlq(sqs, first_url, dlq_url, ["one-a", "one-b"])
    into_dlq(sqs, second_url, dlq_url, ["two-a", "two-b"])
    assert count(sqs, dlq_url) == 4

    handle = sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
    assert handle

    def completed():
        tasks = list_tasks(sqs, dlq_arn)
        return tasks if tasks and tasks[0]["Status"] == "COMPLETED" else None

    tasks = wait_for(completed)
    assert tasks, list_tasks(sqs, dlq_arn)
    task = tasks[0]
    assert task["SourceArn"] == dlq_arn
    assert task["ApproximateNumberOfMessagesMoved"] == 4
    assert task["ApproximateNumberOfMessagesToMove"] == 4
    assert "DestinationArn" not in task  # none given: back to each message's own source
    assert "StartedTimestamp" in task
    assert "TaskHandle" not in task  # only running tasks show their handle

    assert sorted(m["Body"] for m in collect(sqs, first_url, 2)) == ["one-a", "one-b"]
    assert sorted(m["Body"] for m in collect(sqs, second_url, 2)) == ["two-a", "two-b"]
    assert count(sqs, dlq_url) == 0

    # a finished task cannot be cancelled
    assert error_of(sqs.cancel_message_move_task, TaskHandle=handle) == \
        ("ResourceNotFoundException", 404)


def test_move_task_to_explicit_destination(sqs, make_queue):
    dlq_url, dlq_arn = make_queue()
    source_url, _ = make_queue(RedrivePolicy=redrive(dlq_arn, 1))
    destination_url, destination_arn = make_queue()
    attributes = {"k": {"DataType": "String", "StringValue": "v"}}
    into_dlq(sqs, source_url, dlq_url, ["with-attrs"], attributes)
    into_dlq(sqs, source_url, dlq_url, ["plain-1", "plain-2"])

    sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=destination_arn,
                                MaxNumberOfMessagesPerSecond=100)
    moved = collect(sqs, destination_url, 3)
    assert sorted(m["Body"] for m in moved) == ["plain-1", "plain-2", "with-attrs"]
    assert [m["MessageAttributes"] for m in moved if m["Body"] == "with-attrs"] == [attributes]
    assert count(sqs, source_url) == 0

    def completed():
        tasks = list_tasks(sqs, dlq_arn)
        return tasks if tasks and tasks[0]["Status"] == "COMPLETED" else None

    task = wait_for(completed)[0]
    assert task["DestinationArn"] == destination_arn
    assert task["MaxNumberOfMessagesPerSecond"] == 100
    assert task["ApproximateNumberOfMessagesMoved"] == 3
    assert task["ApproximateNumberOfMessagesToMove"] == 3


def test_cancel_rate_limited_move_task(sqs, make_queue):
    dlq_url, dlq_arn = make_queue()
    source_url, _ = make_queue(RedrivePolicy=redrive(dlq_arn, 1))
    destination_url, destination_arn = make_queue()
    into_dlq(sqs, source_url, dlq_url, [f"m{i:02d}" for i in range(20)])

    handle = sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=destination_arn,
                                         MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
    running = list_tasks(sqs, dlq_arn)[0]
    assert running["Status"] == "RUNNING"
    assert running["TaskHandle"] == handle
    assert running["MaxNumberOfMessagesPerSecond"] == 1
    assert running["ApproximateNumberOfMessagesToMove"] == 20
    assert running["ApproximateNumberOfMessagesMoved"] < 20

    # "Only one active message movement task is supported per queue at any given time." AWS:
    # InvalidParameterValue "There is already a task running. Only one active task is allowed for
    # a source queue arn at a given time."
    assert error_of(sqs.start_message_move_task, SourceArn=dlq_arn,
                    DestinationArn=destination_arn) == ("InvalidParameterValue", 400)
    # a handle that is not one: InvalidParameterValue "Value for parameter TaskHandle is invalid."
    assert error_of(sqs.cancel_message_move_task, TaskHandle="not-a-task-handle") == \
        ("InvalidParameterValue", 400)

    moved = sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"]
    assert 0 <= moved < 20

    def cancelled():
        tasks = list_tasks(sqs, dlq_arn)
        return tasks if tasks[0]["Status"] == "CANCELLED" else None

    tasks = wait_for(cancelled, timeout=3)
    assert tasks, list_tasks(sqs, dlq_arn)
    assert tasks[0]["ApproximateNumberOfMessagesMoved"] < 20
    assert "TaskHandle" not in tasks[0]
    left = count(sqs, dlq_url)
    assert left >= 15  # at one message a second, a few at most were moved
    assert left + count(sqs, destination_url) == 20

    assert error_of(sqs.cancel_message_move_task, TaskHandle=handle) == \
        ("ResourceNotFoundException", 404)
    # once cancelled, a new task may start
    sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=destination_arn,
                                MaxNumberOfMessagesPerSecond=500)
    assert wait_for(lambda: count(sqs, dlq_url) == 0)
    tasks = list_tasks(sqs, dlq_arn)
    assert len(tasks) == 2 and tasks[1]["Status"] == "CANCELLED"  # newest first
