"""SNS API: topics, subscriptions and publishing checks, with the errors SNS answers (codes and
messages as AWS gives them), through boto3 and the aws CLI."""
import json

import pytest
from botocore.exceptions import ClientError

from sns_support import queue_arn, unique_name


@pytest.fixture(scope="module")
def sns(server):
    return server.client("sns")


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"], caught.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_create_topic_is_idempotent_and_checks_attributes(sns):
    name = unique_name()
    arn = sns.create_topic(Name=name, Attributes={"DisplayName": "d"})["TopicArn"]
    assert arn == f"arn:aws:sns:us-east-1:000000000000:{name}"
    assert sns.create_topic(Name=name, Attributes={"DisplayName": "d"})["TopicArn"] == arn
    assert sns.create_topic(Name=name)["TopicArn"] == arn
    error, status = error_of(sns.create_topic, Name=name, Attributes={"DisplayName": "other"})
    assert (error["Code"], status) == ("InvalidParameter", 400)
    assert error["Message"] == "Invalid parameter: Attributes Reason: Topic already exists with different attributes"
    error, _ = error_of(sns.create_topic, Name="bad name")
    assert error["Message"] == "Invalid parameter: Topic Name"
    error, _ = error_of(sns.create_topic, Name=unique_name(), Attributes={"ContentBasedDeduplication": "true"})
    assert error["Message"] == ("Invalid parameter: ContentBasedDeduplication Reason: Content based "
                                "deduplication can only be set for FIFO topics")
    error, _ = error_of(sns.create_topic, Name=unique_name(), Attributes={"FifoTopic": "true"})
    assert error["Message"].startswith("Invalid parameter: Fifo Topic names must end with .fifo")


def test_topic_attributes(sns):
    arn = sns.create_topic(Name=unique_name() + ".fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attributes["FifoTopic"] == "true" and attributes["ContentBasedDeduplication"] == "false"
    assert attributes["SubscriptionsConfirmed"] == "0" and attributes["Owner"] == "000000000000"
    assert json.loads(attributes["Policy"])["Statement"][0]["Resource"] == arn
    assert "http" in json.loads(attributes["EffectiveDeliveryPolicy"])
    sns.set_topic_attributes(TopicArn=arn, AttributeName="ContentBasedDeduplication", AttributeValue="true")
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="shown")
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attributes["ContentBasedDeduplication"] == "true" and attributes["DisplayName"] == "shown"
    error, _ = error_of(sns.set_topic_attributes, TopicArn=arn, AttributeName="Nope", AttributeValue="x")
    assert error["Message"] == "Invalid parameter: AttributeName"
    missing = arn.replace(".fifo", "-missing")
    error, status = error_of(sns.get_topic_attributes, TopicArn=missing)
    assert (error["Code"], error["Message"], status) == ("NotFound", "Topic does not exist", 404)


def test_list_topics_pages_with_next_token(sns):
    prefix = unique_name("page")
    created = {sns.create_topic(Name=f"{prefix}-{n:03d}")["TopicArn"] for n in range(105)}
    seen, token, pages = set(), None, 0
    while True:
        response = sns.list_topics(**({"NextToken": token} if token else {}))
        pages += 1
        assert len(response["Topics"]) <= 100
        seen |= {t["TopicArn"] for t in response["Topics"]}
        token = response.get("NextToken")
        if not token:
            break
    assert created <= seen and pages >= 2
    for arn in created:
        sns.delete_topic(TopicArn=arn)


def test_tags_and_permissions(sns):
    arn = sns.create_topic(Name=unique_name(), Tags=[{"Key": "a", "Value": "1"}])["TopicArn"]
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "b", "Value": "2"}])
    sns.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    sns.add_permission(TopicArn=arn, Label="pub", AWSAccountId=["111122223333"], ActionName=["Publish"])
    statements = json.loads(sns.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])["Statement"]
    assert statements[-1]["Sid"] == "pub" and statements[-1]["Action"] == "SNS:Publish"
    assert statements[-1]["Principal"] == {"AWS": "arn:aws:iam::111122223333:root"}
    error, _ = error_of(sns.add_permission, TopicArn=arn, Label="pub", AWSAccountId=["1"], ActionName=["Publish"])
    assert error["Code"] == "InvalidParameter"
    sns.remove_permission(TopicArn=arn, Label="pub")
    statements = json.loads(sns.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])["Statement"]
    assert [s["Sid"] for s in statements] == ["__default_statement_ID"]
    error, status = error_of(sns.list_tags_for_resource, ResourceArn=arn + "-missing")
    assert (error["Code"], status) == ("ResourceNotFound", 404)


def test_subscriptions_protocols_and_counts(sns):
    topic = sns.create_topic(Name=unique_name())["TopicArn"]
    email = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="customer@example.com")
    sms = sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+1234567890")
    lam = sns.subscribe(TopicArn=topic, Protocol="lambda",
                        Endpoint="arn:aws:lambda:us-east-1:000000000000:function:process-order")
    assert email["SubscriptionArn"] == "pending confirmation"
    assert sms["SubscriptionArn"].startswith(topic + ":") and lam["SubscriptionArn"].startswith(topic + ":")
    subs = {s["Protocol"]: s for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]}
    assert sorted(subs) == ["email", "lambda", "sms"]
    assert subs["email"]["SubscriptionArn"] == "PendingConfirmation"
    attributes = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]) == ("2", "1")
    # the same subscription again is the same subscription
    again = sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+1234567890")
    assert again["SubscriptionArn"] == sms["SubscriptionArn"]
    for sub in (sms, lam):
        sns.unsubscribe(SubscriptionArn=sub["SubscriptionArn"])
    assert [s["Protocol"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]] == ["email"]
    sns.delete_topic(TopicArn=topic)
    error, _ = error_of(sns.list_subscriptions_by_topic, TopicArn=topic)
    assert error["Code"] == "NotFound"


def test_subscription_attributes_and_their_checks(sns):
    topic = sns.create_topic(Name=unique_name())["TopicArn"]
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(unique_name()),
                        ReturnSubscriptionArn=True)["SubscriptionArn"]
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="true")
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy",
                                    AttributeValue=json.dumps({"a": [{"prefix": "x"}]}))
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["RawMessageDelivery"] == "true"
    assert attributes["FilterPolicyScope"] == "MessageAttributes"
    assert attributes["Protocol"] == "sqs" and attributes["TopicArn"] == topic
    cases = [
        ("FilterPolicy", json.dumps({"a": [{"bogus": 1}]}), "Invalid parameter: FilterPolicy: Unrecognized match type bogus"),
        ("FilterPolicy", json.dumps({k: ["v"] for k in "abcdef"}),
         "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys"),
        ("FilterPolicy", json.dumps({"a": {"b": ["c"]}}),
         "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy"),
        ("RedrivePolicy", "{", "Invalid parameter: RedrivePolicy: failed to parse JSON."),
        ("Unknown", "x", "Invalid parameter: AttributeName"),
    ]
    for name, value, message in cases:
        error, _ = error_of(sns.set_subscription_attributes, SubscriptionArn=arn, AttributeName=name,
                            AttributeValue=value)
        assert (error["Code"], error["Message"]) == ("InvalidParameter", message), name
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicyScope", AttributeValue="MessageBody")
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy",
                                    AttributeValue=json.dumps({"a": {"b": ["c"]}}))
    lam = sns.subscribe(TopicArn=topic, Protocol="lambda", ReturnSubscriptionArn=True,
                        Endpoint="arn:aws:lambda:us-east-1:000000000000:function:f")["SubscriptionArn"]
    error, _ = error_of(sns.set_subscription_attributes, SubscriptionArn=lam,
                        AttributeName="RawMessageDelivery", AttributeValue="true")
    assert error["Message"] == "Invalid parameter: Delivery protocol [lambda] does not support raw message delivery."
    error, _ = error_of(sns.subscribe, TopicArn=topic, Protocol="carrier-pigeon", Endpoint="x")
    assert error["Message"] == "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon"
    error, status = error_of(sns.get_subscription_attributes, SubscriptionArn=arn + "x")
    assert (error["Code"], status) == ("NotFound", 404)


def test_publish_checks(sns):
    topic = sns.create_topic(Name=unique_name())["TopicArn"]
    fifo = sns.create_topic(Name=unique_name() + ".fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    cases = [
        (dict(TopicArn=topic, Message=""), "Invalid parameter: Empty message"),
        (dict(TopicArn=topic, Message="x" * (256 * 1024 + 1)), "Invalid parameter: Message too long"),
        (dict(TopicArn=topic, Message="{", MessageStructure="json"),
         "Invalid parameter: Message Structure - JSON message body failed to parse"),
        (dict(TopicArn=topic, Message='{"sqs": "x"}', MessageStructure="json"),
         "Invalid parameter: Message Structure - No default entry in JSON message body"),
        (dict(TopicArn=topic, Message="x", Subject="line\nbreak"), "Invalid parameter: Subject"),
        (dict(TopicArn=fifo, Message="x"),
         "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"),
        (dict(TopicArn=fifo, Message="x", MessageGroupId="g"),
         "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or "
         "MessageDeduplicationId provided explicitly"),
        (dict(TopicArn=topic, Message="x", MessageDeduplicationId="d"),
         "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId "
         "parameter that is not valid for this topic type"),
    ]
    for kwargs, message in cases:
        error, status = error_of(sns.publish, **kwargs)
        assert (error["Code"], error["Message"], status) == ("InvalidParameter", message, 400)
    error, _ = error_of(sns.publish, TopicArn=topic, Message="x", MessageAttributes={
        "n": {"DataType": "Number", "StringValue": "abc"}})
    assert error["Code"] == "ParameterValueInvalid"
    assert sns.publish(TopicArn=topic, Message="x" * (256 * 1024))["MessageId"]


def test_publish_batch(sns):
    topic = sns.create_topic(Name=unique_name())["TopicArn"]
    response = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": "ok", "Message": "fine"}, {"Id": "bad", "Message": ""}])
    assert [s["Id"] for s in response["Successful"]] == ["ok"]
    assert response["Failed"] == [{"Id": "bad", "Code": "InvalidParameter",
                                   "Message": "Invalid parameter: Empty message", "SenderFault": True}]
    for entries, code in [
        ([], "EmptyBatchRequest"),
        ([{"Id": str(n), "Message": "m"} for n in range(11)], "TooManyEntriesInBatchRequest"),
        ([{"Id": "a", "Message": "m"}, {"Id": "a", "Message": "m"}], "BatchEntryIdsNotDistinct"),
        ([{"Id": "a b", "Message": "m"}], "InvalidBatchEntryId"),
        ([{"Id": str(n), "Message": "x" * 30000} for n in range(10)], "BatchRequestTooLong"),
    ]:
        error, _ = error_of(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=entries)
        assert error["Code"] == code


def test_aws_cli(server):
    name = unique_name("cli")
    created = server.cli("sns", "create-topic", "--name", name, check=True)
    arn = json.loads(created.stdout)["TopicArn"]
    listed = server.cli("sns", "list-topics", "--query", "Topics[].TopicArn", "--output", "json", check=True)
    assert arn in json.loads(listed.stdout)
    published = server.cli("sns", "publish", "--topic-arn", arn, "--message", "hi", "--subject", "s", check=True)
    assert json.loads(published.stdout)["MessageId"]
    missing = server.cli("sns", "get-topic-attributes", "--topic-arn", arn + "-missing")
    assert missing.returncode != 0 and "NotFound" in missing.stderr
