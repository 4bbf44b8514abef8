"""SNS deliveries end to end: fan-out to SQS with attribute and body filter policies, raw delivery,
FIFO order, an HTTP subscriber that confirms and receives signed notifications, dead-lettering of
failing HTTP deliveries, the developer endpoints, and state surviving a restart."""
import json
import os
import tempfile
import urllib.request

import pytest

from sns_support import (Subscriber, assert_empty, queue_arn, receive, unique_name, verify_signature,
                         wait_for)


@pytest.fixture(scope="module")
def sns(server):
    return server.client("sns")


@pytest.fixture(scope="module")
def sqs(server):
    return server.client("sqs")


def make_queue(sqs, fifo=False, **attributes):
    name = unique_name("q") + (".fifo" if fifo else "")
    if fifo:
        attributes["FifoQueue"] = "true"
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return url, queue_arn(name)


def subscribe_queue(sns, topic, arn, **attributes):
    return sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes=attributes,
                         ReturnSubscriptionArn=True)["SubscriptionArn"]


def test_fan_out_with_attribute_and_body_filter_policies(sns, sqs):
    topic = sns.create_topic(Name=unique_name("orders"))["TopicArn"]
    everything_url, everything = make_queue(sqs)
    big_url, big = make_queue(sqs)
    paid_url, paid = make_queue(sqs)
    subscribe_queue(sns, topic, everything)
    subscribe_queue(sns, topic, big, FilterPolicy=json.dumps(
        {"total": [{"numeric": [">=", 100]}], "region": [{"prefix": "eu-"}]}))
    subscribe_queue(sns, topic, paid, FilterPolicyScope="MessageBody", FilterPolicy=json.dumps(
        {"order": {"status": ["paid"], "items": {"sku": [{"anything-but": ["free"]}]}}}))

    def publish(body, total, region):
        sns.publish(TopicArn=topic, Message=json.dumps(body), MessageAttributes={
            "total": {"DataType": "Number", "StringValue": str(total)},
            "region": {"DataType": "String", "StringValue": region}})

    publish({"order": {"status": "paid", "items": [{"sku": "a1"}]}}, 150, "eu-west-1")
    publish({"order": {"status": "new", "items": [{"sku": "a2"}]}}, 50, "eu-west-1")
    publish({"order": {"status": "paid", "items": [{"sku": "free"}]}}, 500, "us-east-1")

    assert len(receive(sqs, everything_url, 3)) == 3
    (big_message,) = receive(sqs, big_url, 1)
    envelope = json.loads(big_message["Body"])
    assert envelope["MessageAttributes"]["total"] == {"Type": "Number", "Value": "150"}
    (paid_message,) = receive(sqs, paid_url, 1)
    assert json.loads(json.loads(paid_message["Body"])["Message"])["order"]["items"] == [{"sku": "a1"}]
    assert_empty(sqs, big_url)
    assert_empty(sqs, paid_url)


def test_raw_delivery_sends_the_message_and_its_attributes(sns, sqs):
    topic = sns.create_topic(Name=unique_name("raw"))["TopicArn"]
    url, arn = make_queue(sqs)
    subscribe_queue(sns, topic, arn, RawMessageDelivery="true")
    sns.publish(TopicArn=topic, Message="plain body", MessageAttributes={
        "kind": {"DataType": "String", "StringValue": "x"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}})
    (message,) = receive(sqs, url, 1)
    assert message["Body"] == "plain body"
    assert message["MessageAttributes"]["kind"] == {"DataType": "String", "StringValue": "x"}
    assert message["MessageAttributes"]["blob"]["BinaryValue"] == b"\x00\x01"


def test_message_structure_json_gives_each_protocol_its_text(sns, sqs):
    topic = sns.create_topic(Name=unique_name("structured"))["TopicArn"]
    url, arn = make_queue(sqs)
    subscribe_queue(sns, topic, arn)
    sns.publish(TopicArn=topic, MessageStructure="json",
                Message=json.dumps({"default": "for everyone", "sqs": "for queues"}))
    (message,) = receive(sqs, url, 1)
    assert json.loads(message["Body"])["Message"] == "for queues"


def test_fifo_topic_keeps_order_into_a_fifo_queue(sns, sqs):
    topic = sns.create_topic(Name=unique_name("fifo") + ".fifo", Attributes={
        "FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
    url, arn = make_queue(sqs, fifo=True)
    subscribe_queue(sns, topic, arn, RawMessageDelivery="true")
    sequence = []
    for n in range(10):
        response = sns.publish(TopicArn=topic, Message=f"m{n}", MessageGroupId="g")
        sequence.append(int(response["SequenceNumber"]))
    sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": f"e{n}", "Message": f"m{n}", "MessageGroupId": "g"} for n in range(10, 20)])
    # a duplicate (content-based) within five minutes is accepted and not delivered again
    sns.publish(TopicArn=topic, Message="m0", MessageGroupId="g")
    assert sequence == sorted(sequence) and len(set(sequence)) == 10
    bodies = [m["Body"] for m in receive(sqs, url, 20)]
    assert bodies == [f"m{n}" for n in range(20)]
    assert_empty(sqs, url)


def test_http_subscriber_confirms_and_receives_signed_notifications(server, sns):
    subscriber = Subscriber()
    try:
        topic = sns.create_topic(Name=unique_name("http"))["TopicArn"]
        response = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=subscriber.url)
        assert response["SubscriptionArn"] == "pending confirmation"
        confirmation = json.loads(wait_for(lambda: subscriber.of_type("SubscriptionConfirmation"),
                                           desc="SubscriptionConfirmation")[0]["body"])
        verify_signature(confirmation)

        def confirmed():
            subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
            return subs and subs[0]["SubscriptionArn"] != "PendingConfirmation" and subs[0]
        subscription = wait_for(confirmed, desc="subscription confirmed through SubscribeURL")
        attributes = sns.get_subscription_attributes(
            SubscriptionArn=subscription["SubscriptionArn"])["Attributes"]
        assert attributes["PendingConfirmation"] == "false"

        message_id = sns.publish(TopicArn=topic, Message="hello", Subject="greeting", MessageAttributes={
            "a": {"DataType": "String", "StringValue": "1"}})["MessageId"]
        (notification,) = wait_for(lambda: subscriber.of_type("Notification"), desc="notification")
        headers = notification["headers"]
        assert headers["x-amz-sns-message-id"] == message_id
        assert headers["x-amz-sns-topic-arn"] == topic
        assert headers["x-amz-sns-subscription-arn"] == subscription["SubscriptionArn"]
        assert headers["content-type"] == "text/plain; charset=UTF-8"
        body = json.loads(notification["body"])
        assert list(body)[:6] == ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp"]
        assert body["MessageAttributes"] == {"a": {"Type": "String", "Value": "1"}}
        assert body["SignatureVersion"] == "1"
        verify_signature(body)

        sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="2")
        sns.publish(TopicArn=topic, Message="second")
        second = json.loads(wait_for(lambda: len(subscriber.of_type("Notification")) == 2 and
                                     subscriber.of_type("Notification")[1], desc="second")["body"])
        assert second["SignatureVersion"] == "2" and "Subject" not in second
        verify_signature(second)
        tampered = dict(second, Message="changed")
        with pytest.raises(Exception):
            verify_signature(tampered)

        sns.unsubscribe(SubscriptionArn=subscription["SubscriptionArn"])
        wait_for(lambda: subscriber.of_type("UnsubscribeConfirmation"), desc="UnsubscribeConfirmation")
    finally:
        subscriber.close()


def test_failing_http_deliveries_go_to_the_dead_letter_queue(server, sns, sqs):
    subscriber = Subscriber(status=500, confirm=False)
    try:
        topic = sns.create_topic(Name=unique_name("failing"))["TopicArn"]
        dlq_url, dlq = make_queue(sqs)
        arn = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=subscriber.url,
                            ReturnSubscriptionArn=True, Attributes={
                                "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq}),
                                "DeliveryPolicy": json.dumps({"healthyRetryPolicy": {
                                    "numRetries": 2, "minDelayTarget": 1, "maxDelayTarget": 1}}),
                            })["SubscriptionArn"]
        # The endpoint cannot confirm (it answers 500): confirm with the token, as LocalStack allows.
        token = json.load(urllib.request.urlopen(
            f"{server.url}/_aws/sns/subscription-tokens/{arn}"))["subscription_token"]
        sns.confirm_subscription(TopicArn=topic, Token=token)
        message_id = sns.publish(TopicArn=topic, Message="will fail")["MessageId"]
        (dead,) = receive(sqs, dlq_url, 1, timeout=15)
        assert json.loads(dead["Body"])["MessageId"] == message_id
        assert len(subscriber.of_type("Notification")) == 3  # the first attempt and two retries
    finally:
        subscriber.close()


def test_developer_endpoints_show_sms_and_push_messages(server, sns):
    sns.publish(PhoneNumber="+15551230001", Message="your code is 1234")
    sms = json.load(urllib.request.urlopen(f"{server.url}/_aws/sns/sms-messages?phoneNumber=%2B15551230001"))
    assert sms["region"] == "us-east-1"
    (record,) = sms["sms_messages"]["+15551230001"]
    assert record["Message"] == "your code is 1234" and record["PhoneNumber"] == "+15551230001"

    app = sns.create_platform_application(Name=unique_name("app"), Platform="GCM",
                                          Attributes={"PlatformCredential": "key"})["PlatformApplicationArn"]
    endpoint = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-token")["EndpointArn"]
    assert sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device-token")["EndpointArn"] == endpoint
    sns.publish(TargetArn=endpoint, Message=json.dumps({"GCM": json.dumps({"data": {"x": 1}})}),
                MessageStructure="json")
    pushed = json.load(urllib.request.urlopen(f"{server.url}/_aws/sns/platform-endpoint-messages"))
    (record,) = pushed["platform_endpoint_messages"][endpoint]
    assert record["TargetArn"] == endpoint and record["MessageStructure"] == "json"
    request = urllib.request.Request(f"{server.url}/_aws/sns/platform-endpoint-messages", method="DELETE")
    urllib.request.urlopen(request)
    pushed = json.load(urllib.request.urlopen(f"{server.url}/_aws/sns/platform-endpoint-messages"))
    assert pushed["platform_endpoint_messages"] == {}


def test_email_subscription_is_confirmed_with_the_developer_token(server, sns):
    topic = sns.create_topic(Name=unique_name("mail"))["TopicArn"]
    arn = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="someone@example.com",
                        ReturnSubscriptionArn=True)["SubscriptionArn"]
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert (attributes["SubscriptionsPending"], attributes["SubscriptionsConfirmed"]) == ("1", "0")
    token = json.load(urllib.request.urlopen(
        f"{server.url}/_aws/sns/subscription-tokens/{arn}"))["subscription_token"]
    assert sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"] == arn
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["PendingConfirmation"] == "false"


def test_topics_subscriptions_and_deliveries_survive_a_restart(start_server):
    data = tempfile.TemporaryDirectory(prefix="awsemu-sns-")
    env = {"PERSISTENCE": "1", "DATA_DIR": os.path.join(data.name, "data")}
    first = start_server(env)
    sns, sqs = first.client("sns"), first.client("sqs")
    topic = sns.create_topic(Name="kept", Tags=[{"Key": "team", "Value": "a"}])["TopicArn"]
    url, arn = make_queue(sqs)
    subscription = subscribe_queue(sns, topic, arn, FilterPolicy=json.dumps({"k": ["yes"]}))
    sns.publish(TopicArn=topic, Message="before", MessageAttributes={"k": {"DataType": "String", "StringValue": "yes"}})
    (before,) = receive(sqs, url, 1)
    certificate_url = json.loads(before["Body"])["SigningCertURL"].split("/_aws/")[1]
    first.stop()

    second = start_server(env)
    sns, sqs = second.client("sns"), second.client("sqs")
    assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == [{"Key": "team", "Value": "a"}]
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert json.loads(attributes["FilterPolicy"]) == {"k": ["yes"]}
    sns.publish(TopicArn=topic, Message="filtered out")
    sns.publish(TopicArn=topic, Message="after", MessageAttributes={"k": {"DataType": "String", "StringValue": "yes"}})
    (after,) = receive(sqs, url, 1)
    body = json.loads(after["Body"])
    assert body["Message"] == "after"
    assert body["SigningCertURL"].split("/_aws/")[1] == certificate_url  # same key and certificate
    verify_signature(body)
    second.stop()
    data.cleanup()
