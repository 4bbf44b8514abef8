"""SQS state across restarts: with PERSISTENCE=1 queues, attributes, tags and every message (in
flight, delayed, FIFO) survive a crash (SIGKILL) and a graceful stop (SIGTERM); without it nothing
does. Each test runs its own servers on a data directory it creates."""
import signal
import threading
import time
import uuid

import pytest
from botocore.exceptions import ClientError


def persistent(start_server, data_dir):
    return start_server({"PERSISTENCE": "1", "DATA_DIR": str(data_dir)})


def attributes_of(sqs, url):
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    # counters and timestamps that legitimately change or are recomputed
    for name in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                 "ApproximateNumberOfMessagesDelayed"):
        attrs.pop(name, None)
    return attrs


def receive_all(sqs, url, expected, timeout=6.0):
    """Receives (without deleting) until `expected` distinct messages were seen."""
    seen = {}
    deadline = time.time() + timeout
    while len(seen) < expected and time.time() < deadline:
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                     VisibilityTimeout=30, MessageAttributeNames=["All"],
                                     MessageSystemAttributeNames=["All"]).get("Messages", []):
            m["received_at"] = time.time()
            seen[m["MessageId"]] = m
    return seen


def test_state_survives_a_crash(start_server, tmp_path):
    server = persistent(start_server, tmp_path)
    sqs = server.client("sqs")
    name = f"e2e-persist-{uuid.uuid4().hex[:10]}"
    standard = sqs.create_queue(QueueName=name, Attributes={
        "VisibilityTimeout": "45", "MessageRetentionPeriod": "3600", "MaximumMessageSize": "4096",
        "ReceiveMessageWaitTimeSeconds": "0"}, tags={"team": "core", "env": "test"})["QueueUrl"]
    fifo = sqs.create_queue(QueueName=name + ".fifo", Attributes={
        "FifoQueue": "true", "DeduplicationScope": "messageGroup",
        "FifoThroughputLimit": "perMessageGroupId"}, tags={"kind": "fifo"})["QueueUrl"]
    standard_attrs = attributes_of(sqs, standard)
    fifo_attrs = attributes_of(sqs, fifo)

    attributes = {"s": {"DataType": "String", "StringValue": "value"},
                  "n": {"DataType": "Number", "StringValue": "42"},
                  "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xfe\xff"}}
    sent = {}
    plain = sqs.send_message(QueueUrl=standard, MessageBody="plain")
    sent[plain["MessageId"]] = ("plain", plain, None)
    with_attrs = sqs.send_message(QueueUrl=standard, MessageBody="with attributes",
                                  MessageAttributes=attributes)
    sent[with_attrs["MessageId"]] = ("with attributes", with_attrs, attributes)
    delayed_at = time.time()
    delayed = sqs.send_message(QueueUrl=standard, MessageBody="delayed", DelaySeconds=3)
    sent[delayed["MessageId"]] = ("delayed", delayed, None)

    in_flight = sqs.receive_message(QueueUrl=standard, VisibilityTimeout=2)["Messages"][0]
    received_at = time.time()
    assert in_flight["Body"] in ("plain", "with attributes")

    fifo_sent = [sqs.send_message(QueueUrl=fifo, MessageBody=f"f{i}", MessageGroupId="g",
                                  MessageDeduplicationId=f"dedup-{i}") for i in range(3)]

    assert server.stop(signal.SIGKILL) == -signal.SIGKILL
    server = persistent(start_server, tmp_path)
    sqs = server.client("sqs")

    urls = sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", [])
    assert sorted(urls) == sorted([standard, fifo])
    assert attributes_of(sqs, standard) == standard_attrs
    assert attributes_of(sqs, fifo) == fifo_attrs
    assert sqs.list_queue_tags(QueueUrl=standard)["Tags"] == {"team": "core", "env": "test"}
    assert sqs.list_queue_tags(QueueUrl=fifo)["Tags"] == {"kind": "fifo"}
    counts = sqs.get_queue_attributes(QueueUrl=standard, AttributeNames=["All"])["Attributes"]
    assert int(counts["ApproximateNumberOfMessages"]) + \
        int(counts["ApproximateNumberOfMessagesNotVisible"]) + \
        int(counts["ApproximateNumberOfMessagesDelayed"]) == 3

    # FIFO: same messages, same order, same sequence numbers; dedup ids still deduplicate
    fifo_got = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10,
                                   MessageSystemAttributeNames=["All"])["Messages"]
    assert [m["Body"] for m in fifo_got] == ["f0", "f1", "f2"]
    assert [m["MessageId"] for m in fifo_got] == [s["MessageId"] for s in fifo_sent]
    assert [m["Attributes"]["SequenceNumber"] for m in fifo_got] == \
        [s["SequenceNumber"] for s in fifo_sent]
    duplicate = sqs.send_message(QueueUrl=fifo, MessageBody="again", MessageGroupId="g",
                                 MessageDeduplicationId="dedup-1")
    assert duplicate["MessageId"] == fifo_sent[1]["MessageId"]
    fresh = sqs.send_message(QueueUrl=fifo, MessageBody="fresh", MessageGroupId="g",
                             MessageDeduplicationId="dedup-new")
    assert int(fresh["SequenceNumber"]) > int(fifo_sent[-1]["SequenceNumber"])
    for m in fifo_got:
        sqs.delete_message(QueueUrl=fifo, ReceiptHandle=m["ReceiptHandle"])
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)[
        "Messages"]] == ["fresh"]

    # the in-flight message stays invisible until its timeout, then comes back
    if time.time() - received_at < 1.5:
        visible = sqs.receive_message(QueueUrl=standard, MaxNumberOfMessages=10,
                                      VisibilityTimeout=30).get("Messages", [])
        assert in_flight["MessageId"] not in [m["MessageId"] for m in visible]
        for m in visible:  # give them back
            sqs.change_message_visibility(QueueUrl=standard, ReceiptHandle=m["ReceiptHandle"],
                                          VisibilityTimeout=0)
    got = receive_all(sqs, standard, 3)
    assert set(got) == set(sent)
    for message_id, (body, result, attrs) in sent.items():
        m = got[message_id]
        assert m["Body"] == body
        assert m["MD5OfBody"] == result["MD5OfMessageBody"]
        if attrs:
            assert m["MessageAttributes"] == attrs
            assert m["MD5OfMessageAttributes"] == result["MD5OfMessageAttributes"]
        else:
            assert "MessageAttributes" not in m
    assert got[in_flight["MessageId"]]["Attributes"]["ApproximateReceiveCount"] == "2"
    assert got[in_flight["MessageId"]]["received_at"] >= received_at + 2 - 0.2
    assert got[delayed["MessageId"]]["received_at"] >= delayed_at + 3 - 0.2
    assert got[delayed["MessageId"]]["Attributes"]["ApproximateReceiveCount"] == "1"


def test_every_acknowledged_message_survives_a_crash_under_load(start_server, tmp_path):
    """Writes are group-committed behind the answers' backs: many senders at once share
    transactions. Whatever was acknowledged before `kill -9` (mid-load, with sends in flight)
    must be there after the restart."""
    server = persistent(start_server, tmp_path)
    name = f"e2e-persist-load-{uuid.uuid4().hex[:10]}"
    url = server.client("sqs").create_queue(QueueName=name)["QueueUrl"]
    acknowledged, lock, stop = set(), threading.Lock(), threading.Event()

    def sender(n):
        client = server.client("sqs")
        i = 0
        while not stop.is_set():
            try:
                if n % 2:
                    ids = [client.send_message(QueueUrl=url, MessageBody=f"{n}-{i}")["MessageId"]]
                else:
                    ids = [r["MessageId"] for r in client.send_message_batch(QueueUrl=url, Entries=[
                        {"Id": str(k), "MessageBody": f"{n}-{i}-{k}"} for k in range(10)])["Successful"]]
            except Exception:  # the server is gone
                return
            with lock:
                acknowledged.update(ids)
            i += 1

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    assert server.stop(signal.SIGKILL) == -signal.SIGKILL
    stop.set()
    for t in threads:
        t.join()
    assert len(acknowledged) > 100

    sqs = persistent(start_server, tmp_path).client("sqs")
    stored = set()
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=600)
        if not got.get("Messages"):
            break
        stored.update(m["MessageId"] for m in got["Messages"])
    missing = acknowledged - stored
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged messages lost"


def test_state_survives_a_graceful_stop(start_server, tmp_path):
    server = persistent(start_server, tmp_path)
    sqs = server.client("sqs")
    name = f"e2e-persist-{uuid.uuid4().hex[:10]}"
    url = sqs.create_queue(QueueName=name, Attributes={"DelaySeconds": "0",
                                                       "VisibilityTimeout": "7"})["QueueUrl"]
    sqs.tag_queue(QueueUrl=url, Tags={"a": "1"})
    sent = sqs.send_message(QueueUrl=url, MessageBody="kept",
                            MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}})
    gone = sqs.send_message(QueueUrl=url, MessageBody="deleted")
    for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)[
            "Messages"]:
        if m["MessageId"] == gone["MessageId"]:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "9"})

    assert server.stop(signal.SIGTERM) == 0
    server = persistent(start_server, tmp_path)
    sqs = server.client("sqs")

    assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "9"
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"a": "1"}
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                              MessageAttributeNames=["All"],
                              MessageSystemAttributeNames=["All"])["Messages"]
    assert [m["MessageId"] for m in got] == [sent["MessageId"]]
    assert got[0]["Body"] == "kept"
    assert got[0]["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert got[0]["Attributes"]["ApproximateReceiveCount"] == "2"


def test_deleted_queue_stays_deleted(start_server, tmp_path):
    server = persistent(start_server, tmp_path)
    sqs = server.client("sqs")
    name = f"e2e-persist-{uuid.uuid4().hex[:10]}"
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    sqs.delete_queue(QueueUrl=url)
    server.stop(signal.SIGKILL)
    sqs = persistent(start_server, tmp_path).client("sqs")
    with pytest.raises(ClientError) as info:
        sqs.get_queue_url(QueueName=name)
    assert info.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"


def test_nothing_survives_without_persistence(start_server, tmp_path):
    server = start_server({"DATA_DIR": str(tmp_path)})
    sqs = server.client("sqs")
    name = f"e2e-persist-{uuid.uuid4().hex[:10]}"
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="ephemeral")
    assert server.stop(signal.SIGTERM) == 0

    sqs = start_server({"DATA_DIR": str(tmp_path)}).client("sqs")
    assert sqs.list_queues().get("QueueUrls", []) == []
    with pytest.raises(ClientError) as info:
        sqs.get_queue_url(QueueName=name)
    assert info.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
