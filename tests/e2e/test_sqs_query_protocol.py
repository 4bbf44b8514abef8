"""SQS over the query protocol, as older SDKs speak it: form-encoded Action=... requests signed with
SigV4, sent to "/" with QueueUrl or to the queue's own path, answered in XML.
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
"""
import base64
import hashlib
import json
import struct
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urlencode, urlsplit

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import REGION

NS = {"sqs": "http://queue.amazonaws.com/doc/2012-11-05/"}
VERSION = "2012-11-05"


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.root = ET.fromstring(body)

    def find(self, path):
        return self.root.find(path, NS)

    def findall(self, path):
        return self.root.findall(path, NS)

    def text(self, path):
        element = self.find(path)
        assert element is not None, (path, self.body)
        return element.text or ""

    @property
    def result(self):
        """The <XResult> element of a <XResponse>."""
        name = self.root.tag.split("}")[1].replace("Response", "Result")
        return self.root.find(f"sqs:{name}", NS)

    def error(self):
        return (self.status, self.text("sqs:Error/sqs:Type"), self.text("sqs:Error/sqs:Code"))


def query(server, action, params=None, path="/", method="POST"):
    """Signs and sends Action=`action` with `params` the way a query-protocol SDK does."""
    fields = {"Action": action, **(params or {}), "Version": VERSION}
    body = urlencode(fields)
    if method == "GET":
        request = AWSRequest(method="GET", url=f"{server.url}{path}?{body}")
    else:
        request = AWSRequest(method="POST", url=server.url + path, data=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(Credentials("test", "test"), "sqs", REGION).add_auth(request)
    prepared = request.prepare()
    data = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
    req = urllib.request.Request(prepared.url, data=data or None, headers=dict(prepared.headers),
                                 method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


def ok(answer):
    assert answer.status == 200, answer.body
    assert answer.text("sqs:ResponseMetadata/sqs:RequestId")
    return answer


def path_of(url):
    return urlsplit(url).path


def md5_of_attributes(attributes):
    """MD5OfMessageAttributes as SQS computes it.
    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html"""
    def encoded(data):
        return struct.pack(">I", len(data)) + data

    digest = hashlib.md5()
    for name in sorted(attributes):
        data_type, value = attributes[name]
        digest.update(encoded(name.encode()) + encoded(data_type.encode()))
        if isinstance(value, bytes):
            digest.update(b"\x02" + encoded(value))
        else:
            digest.update(b"\x01" + encoded(value.encode()))
    return digest.hexdigest()


@pytest.fixture
def queue(server):
    """A new standard queue created over the query protocol: (name, url); deleted at the end."""
    name = f"e2e-query-{uuid.uuid4().hex[:12]}"
    answer = ok(query(server, "CreateQueue", {"QueueName": name}))
    url = answer.text("sqs:CreateQueueResult/sqs:QueueUrl")
    yield name, url
    query(server, "DeleteQueue", {"QueueUrl": url})


def receive(server, url, **params):
    answer = ok(query(server, "ReceiveMessage", {"MaxNumberOfMessages": "10", **params},
                      path=path_of(url)))
    return answer.findall("sqs:ReceiveMessageResult/sqs:Message")


# --- queues ----------------------------------------------------------------------------------

def test_create_get_list_and_delete_queue(server):
    name = f"e2e-query-{uuid.uuid4().hex[:12]}"
    created = ok(query(server, "CreateQueue", {
        "QueueName": name, "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "40",
        "Attribute.2.Name": "DelaySeconds", "Attribute.2.Value": "2"}))
    assert created.root.tag == "{%s}CreateQueueResponse" % NS["sqs"]
    assert created.headers["Content-Type"].startswith("text/xml")
    url = created.text("sqs:CreateQueueResult/sqs:QueueUrl")
    assert url.endswith("/" + name)

    got = ok(query(server, "GetQueueUrl", {"QueueName": name}))
    assert got.text("sqs:GetQueueUrlResult/sqs:QueueUrl") == url

    listed = ok(query(server, "ListQueues", {"QueueNamePrefix": name}))
    assert [e.text for e in listed.findall("sqs:ListQueuesResult/sqs:QueueUrl")] == [url]

    attrs = ok(query(server, "GetQueueAttributes", {"QueueUrl": url,
                                                   "AttributeName.1": "VisibilityTimeout",
                                                   "AttributeName.2": "DelaySeconds"}))
    pairs = {a.find("sqs:Name", NS).text: a.find("sqs:Value", NS).text
             for a in attrs.findall("sqs:GetQueueAttributesResult/sqs:Attribute")}
    assert pairs == {"VisibilityTimeout": "40", "DelaySeconds": "2"}

    deleted = ok(query(server, "DeleteQueue", {}, path=path_of(url)))
    assert deleted.root.tag == "{%s}DeleteQueueResponse" % NS["sqs"]
    gone = query(server, "GetQueueUrl", {"QueueName": name})
    assert gone.error() == (400, "Sender", "AWS.SimpleQueueService.NonExistentQueue")


def test_error_response_format(server):
    answer = query(server, "GetQueueUrl", {"QueueName": f"e2e-query-missing-{uuid.uuid4().hex}"})
    assert answer.status == 400
    assert answer.headers["Content-Type"].startswith("text/xml")
    assert answer.root.tag == "{%s}ErrorResponse" % NS["sqs"]
    assert answer.error() == (400, "Sender", "AWS.SimpleQueueService.NonExistentQueue")
    assert answer.text("sqs:Error/sqs:Message")
    assert answer.text("sqs:RequestId")  # directly under ErrorResponse, not in ResponseMetadata

    # operations addressed by queue path answer the same way
    missing = query(server, "SendMessage", {"MessageBody": "x"},
                    path=f"/000000000000/e2e-query-missing-{uuid.uuid4().hex}")
    assert missing.error() == (400, "Sender", "AWS.SimpleQueueService.NonExistentQueue")

    invalid = query(server, "CreateQueue", {"QueueName": "bad name!"})
    assert invalid.error() == (400, "Sender", "InvalidParameterValue")


def test_get_request(server, queue):
    name, url = queue
    answer = ok(query(server, "ListQueues", {"QueueNamePrefix": name}, method="GET"))
    assert answer.root.tag == "{%s}ListQueuesResponse" % NS["sqs"]
    assert [e.text for e in answer.findall("sqs:ListQueuesResult/sqs:QueueUrl")] == [url]
    got = ok(query(server, "GetQueueUrl", {"QueueName": name}, method="GET"))
    assert got.text("sqs:GetQueueUrlResult/sqs:QueueUrl") == url


# --- messages --------------------------------------------------------------------------------

def test_send_and_receive_with_message_attributes(server, queue):
    _, url = queue
    binary = b"\x00\x01\x02\xfe\xff"
    sent = ok(query(server, "SendMessage", {
        "MessageBody": "hello <query> & friends",
        "MessageAttribute.1.Name": "color",
        "MessageAttribute.1.Value.DataType": "String",
        "MessageAttribute.1.Value.StringValue": "blue",
        "MessageAttribute.2.Name": "blob",
        "MessageAttribute.2.Value.DataType": "Binary",
        "MessageAttribute.2.Value.BinaryValue": base64.b64encode(binary).decode(),
        "MessageAttribute.3.Name": "count",
        "MessageAttribute.3.Value.DataType": "Number",
        "MessageAttribute.3.Value.StringValue": "7",
    }, path=path_of(url)))
    result = "sqs:SendMessageResult/"
    assert sent.text(result + "sqs:MD5OfMessageBody") == \
        hashlib.md5(b"hello <query> & friends").hexdigest()
    assert sent.text(result + "sqs:MD5OfMessageAttributes") == md5_of_attributes(
        {"color": ("String", "blue"), "blob": ("Binary", binary), "count": ("Number", "7")})
    message_id = sent.text(result + "sqs:MessageId")
    assert uuid.UUID(message_id)

    messages = receive(server, url, **{"AttributeName.1": "All", "MessageAttributeName.1": "All"})
    assert len(messages) == 1
    m = messages[0]
    assert m.find("sqs:MessageId", NS).text == message_id
    assert m.find("sqs:Body", NS).text == "hello <query> & friends"
    assert m.find("sqs:MD5OfBody", NS).text == sent.text(result + "sqs:MD5OfMessageBody")
    assert m.find("sqs:MD5OfMessageAttributes", NS).text == \
        sent.text(result + "sqs:MD5OfMessageAttributes")
    assert m.find("sqs:ReceiptHandle", NS).text
    system = {a.find("sqs:Name", NS).text: a.find("sqs:Value", NS).text
              for a in m.findall("sqs:Attribute", NS)}
    assert system["ApproximateReceiveCount"] == "1"
    assert {"SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"} <= set(system)
    user = {}
    for a in m.findall("sqs:MessageAttribute", NS):
        value = a.find("sqs:Value", NS)
        data_type = value.find("sqs:DataType", NS).text
        if value.find("sqs:BinaryValue", NS) is not None:
            user[a.find("sqs:Name", NS).text] = (data_type, base64.b64decode(
                value.find("sqs:BinaryValue", NS).text))
        else:
            user[a.find("sqs:Name", NS).text] = (data_type, value.find("sqs:StringValue", NS).text)
    assert user == {"color": ("String", "blue"), "blob": ("Binary", binary),
                    "count": ("Number", "7")}

    ok(query(server, "DeleteMessage", {"QueueUrl": url,
                                      "ReceiptHandle": m.find("sqs:ReceiptHandle", NS).text}))
    assert receive(server, url, VisibilityTimeout="0") == []


def test_batch_operations(server, queue):
    _, url = queue
    sent = ok(query(server, "SendMessageBatch", {
        "QueueUrl": url,
        "SendMessageBatchRequestEntry.1.Id": "first",
        "SendMessageBatchRequestEntry.1.MessageBody": "one",
        "SendMessageBatchRequestEntry.2.Id": "second",
        "SendMessageBatchRequestEntry.2.MessageBody": "two",
        "SendMessageBatchRequestEntry.2.DelaySeconds": "0",
        "SendMessageBatchRequestEntry.3.Id": "bad",
        # U+0001 is outside the allowed characters: InvalidMessageContents for this entry only
        # (SendMessageBatch: "If a message contains characters outside the allowed set, Amazon
        # SQS rejects the message and returns an InvalidMessageContents error.")
        "SendMessageBatchRequestEntry.3.MessageBody": "bad \x01",
    }))
    entries = sent.findall("sqs:SendMessageBatchResult/sqs:SendMessageBatchResultEntry")
    by_id = {e.find("sqs:Id", NS).text: e for e in entries}
    assert set(by_id) == {"first", "second"}
    assert by_id["first"].find("sqs:MD5OfMessageBody", NS).text == hashlib.md5(b"one").hexdigest()
    assert by_id["first"].find("sqs:MessageId", NS).text
    errors = sent.findall("sqs:SendMessageBatchResult/sqs:BatchResultErrorEntry")
    assert [(e.find("sqs:Id", NS).text, e.find("sqs:Code", NS).text,
             e.find("sqs:SenderFault", NS).text) for e in errors] == \
        [("bad", "InvalidMessageContents", "true")]

    messages = receive(server, url, VisibilityTimeout="30")
    assert sorted(m.find("sqs:Body", NS).text for m in messages) == ["one", "two"]
    handles = {m.find("sqs:Body", NS).text: m.find("sqs:ReceiptHandle", NS).text
               for m in messages}

    # ChangeMessageVisibility: "one" visible again right away
    ok(query(server, "ChangeMessageVisibility", {"ReceiptHandle": handles["one"],
                                                "VisibilityTimeout": "0"}, path=path_of(url)))
    again = receive(server, url, VisibilityTimeout="30")
    assert [m.find("sqs:Body", NS).text for m in again] == ["one"]
    handles["one"] = again[0].find("sqs:ReceiptHandle", NS).text

    changed = ok(query(server, "ChangeMessageVisibilityBatch", {
        "QueueUrl": url,
        "ChangeMessageVisibilityBatchRequestEntry.1.Id": "c1",
        "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle": handles["one"],
        "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout": "0",
        "ChangeMessageVisibilityBatchRequestEntry.2.Id": "c2",
        "ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle": handles["two"],
        "ChangeMessageVisibilityBatchRequestEntry.2.VisibilityTimeout": "0",
    }))
    assert sorted(e.find("sqs:Id", NS).text for e in changed.findall(
        "sqs:ChangeMessageVisibilityBatchResult/sqs:ChangeMessageVisibilityBatchResultEntry")) == \
        ["c1", "c2"]

    messages = receive(server, url, VisibilityTimeout="30")
    assert sorted(m.find("sqs:Body", NS).text for m in messages) == ["one", "two"]
    deleted = ok(query(server, "DeleteMessageBatch", {
        **{f"DeleteMessageBatchRequestEntry.{i}.Id": f"d{i}" for i in (1, 2)},
        **{f"DeleteMessageBatchRequestEntry.{i}.ReceiptHandle":
           m.find("sqs:ReceiptHandle", NS).text for i, m in zip((1, 2), messages)},
        "DeleteMessageBatchRequestEntry.3.Id": "d3",
        "DeleteMessageBatchRequestEntry.3.ReceiptHandle": "not-a-receipt-handle",
    }, path=path_of(url)))
    assert sorted(e.find("sqs:Id", NS).text for e in deleted.findall(
        "sqs:DeleteMessageBatchResult/sqs:DeleteMessageBatchResultEntry")) == ["d1", "d2"]
    errors = deleted.findall("sqs:DeleteMessageBatchResult/sqs:BatchResultErrorEntry")
    assert [(e.find("sqs:Id", NS).text, e.find("sqs:Code", NS).text) for e in errors] == \
        [("d3", "ReceiptHandleIsInvalid")]
    assert receive(server, url, VisibilityTimeout="0") == []


def test_attributes_tags_permissions_and_purge(server, queue):
    _, url = queue
    path = path_of(url)
    ok(query(server, "SetQueueAttributes", {"Attribute.1.Name": "DelaySeconds",
                                           "Attribute.1.Value": "3",
                                           "Attribute.2.Name": "MaximumMessageSize",
                                           "Attribute.2.Value": "2048"}, path=path))
    attrs = ok(query(server, "GetQueueAttributes", {"AttributeName.1": "All"}, path=path))
    pairs = {a.find("sqs:Name", NS).text: a.find("sqs:Value", NS).text
             for a in attrs.findall("sqs:GetQueueAttributesResult/sqs:Attribute")}
    assert pairs["DelaySeconds"] == "3" and pairs["MaximumMessageSize"] == "2048"
    assert pairs["QueueArn"].endswith(":" + url.rsplit("/", 1)[1])
    assert {"VisibilityTimeout", "CreatedTimestamp", "ApproximateNumberOfMessages"} <= set(pairs)

    ok(query(server, "TagQueue", {"QueueUrl": url, "Tag.1.Key": "team", "Tag.1.Value": "core",
                                 "Tag.2.Key": "env", "Tag.2.Value": "test"}))
    tags = ok(query(server, "ListQueueTags", {}, path=path))
    assert {t.find("sqs:Key", NS).text: t.find("sqs:Value", NS).text
            for t in tags.findall("sqs:ListQueueTagsResult/sqs:Tag")} == \
        {"team": "core", "env": "test"}
    ok(query(server, "UntagQueue", {"QueueUrl": url, "TagKey.1": "env"}))
    tags = ok(query(server, "ListQueueTags", {"QueueUrl": url}))
    assert {t.find("sqs:Key", NS).text: t.find("sqs:Value", NS).text
            for t in tags.findall("sqs:ListQueueTagsResult/sqs:Tag")} == {"team": "core"}

    ok(query(server, "AddPermission", {"Label": "let-them-send",
                                      "AWSAccountId.1": "111122223333",
                                      "ActionName.1": "SendMessage",
                                      "ActionName.2": "ReceiveMessage"}, path=path))
    attrs = ok(query(server, "GetQueueAttributes", {"AttributeName.1": "Policy"}, path=path))
    policy = json.loads(attrs.text("sqs:GetQueueAttributesResult/sqs:Attribute/sqs:Value"))
    statement = [s for s in policy["Statement"] if s["Sid"] == "let-them-send"]
    assert len(statement) == 1
    assert sorted(statement[0]["Action"] if isinstance(statement[0]["Action"], list)
                  else [statement[0]["Action"]]) == ["SQS:ReceiveMessage", "SQS:SendMessage"]
    ok(query(server, "RemovePermission", {"Label": "let-them-send"}, path=path))

    for i in range(3):
        ok(query(server, "SendMessage", {"MessageBody": f"m{i}", "DelaySeconds": "0"}, path=path))
    purged = ok(query(server, "PurgeQueue", {"QueueUrl": url}))
    assert purged.root.tag == "{%s}PurgeQueueResponse" % NS["sqs"]
    assert receive(server, url) == []


def test_query_and_json_clients_share_queues(server):
    sqs = server.client("sqs")
    via_query = f"e2e-query-{uuid.uuid4().hex[:12]}"
    url = ok(query(server, "CreateQueue", {"QueueName": via_query})).text(
        "sqs:CreateQueueResult/sqs:QueueUrl")
    via_json = sqs.create_queue(QueueName=f"e2e-query-{uuid.uuid4().hex[:12]}")["QueueUrl"]
    try:
        assert sqs.get_queue_url(QueueName=via_query)["QueueUrl"] == url
        listed = ok(query(server, "ListQueues", {"QueueNamePrefix": "e2e-query-"}))
        assert {url, via_json} <= {e.text for e in listed.findall(
            "sqs:ListQueuesResult/sqs:QueueUrl")}

        sqs.send_message(QueueUrl=url, MessageBody="from json")
        messages = receive(server, url)
        assert [m.find("sqs:Body", NS).text for m in messages] == ["from json"]
        ok(query(server, "SendMessage", {"QueueUrl": via_json, "MessageBody": "from query"}))
        got = sqs.receive_message(QueueUrl=via_json)["Messages"]
        assert [m["Body"] for m in got] == ["from query"]
    finally:
        sqs.delete_queue(QueueUrl=url)
        sqs.delete_queue(QueueUrl=via_json)
