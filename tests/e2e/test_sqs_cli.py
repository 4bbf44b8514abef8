"""SQS through the aws CLI (`aws --endpoint-url URL sqs ...`, JSON protocol): the queue and message
lifecycle a user types, and an error path."""
import json

from sqs_support import ACCOUNT, REGION, md5_hex, unique_name


def cli_json(server, *args):
    done = server.cli("sqs", *args, "--output", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else {}


def test_queue_and_message_lifecycle(server):
    name = unique_name("cli")
    created = cli_json(server, "create-queue", "--queue-name", name,
                       "--attributes", "VisibilityTimeout=40,DelaySeconds=0")
    url = created["QueueUrl"]
    assert url == f"http://sqs.{REGION}.localhost.localstack.cloud:4566/{ACCOUNT}/{name}"
    try:
        assert cli_json(server, "list-queues", "--queue-name-prefix", name)["QueueUrls"] == [url]

        sent = cli_json(server, "send-message", "--queue-url", url, "--message-body", "hello cli",
                        "--message-attributes",
                        '{"kind": {"DataType": "String", "StringValue": "greeting"}}')
        assert sent["MD5OfMessageBody"] == md5_hex("hello cli")
        assert sent["MessageId"]

        attributes = cli_json(server, "get-queue-attributes", "--queue-url", url,
                              "--attribute-names", "All")["Attributes"]
        assert attributes["QueueArn"] == f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
        assert attributes["VisibilityTimeout"] == "40"
        assert attributes["ApproximateNumberOfMessages"] == "1"

        received = cli_json(server, "receive-message", "--queue-url", url, "--wait-time-seconds", "1",
                            "--attribute-names", "All", "--message-attribute-names", "All")
        (message,) = received["Messages"]
        assert message["Body"] == "hello cli"
        assert message["MessageId"] == sent["MessageId"]
        assert message["MessageAttributes"] == {"kind": {"DataType": "String", "StringValue": "greeting"}}
        assert message["Attributes"]["ApproximateReceiveCount"] == "1"

        deleted = server.cli("sqs", "delete-message", "--queue-url", url,
                             "--receipt-handle", message["ReceiptHandle"])
        assert deleted.returncode == 0, deleted.stderr
        counts = cli_json(server, "get-queue-attributes", "--queue-url", url, "--attribute-names",
                          "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
        assert counts["Attributes"] == {"ApproximateNumberOfMessages": "0",
                                        "ApproximateNumberOfMessagesNotVisible": "0"}

        cli_json(server, "send-message", "--queue-url", url, "--message-body", "to be purged")
        purged = server.cli("sqs", "purge-queue", "--queue-url", url)
        assert purged.returncode == 0, purged.stderr
        assert cli_json(server, "receive-message", "--queue-url", url).get("Messages", []) == []
    finally:
        removed = server.cli("sqs", "delete-queue", "--queue-url", url)
    assert removed.returncode == 0, removed.stderr
    assert cli_json(server, "list-queues", "--queue-name-prefix", name).get("QueueUrls", []) == []


def test_get_queue_url_of_missing_queue_fails(server):
    done = server.cli("sqs", "get-queue-url", "--queue-name", unique_name("cli-missing"))
    assert done.returncode != 0
    assert "AWS.SimpleQueueService.NonExistentQueue" in done.stderr
    assert "The specified queue does not exist." in done.stderr
