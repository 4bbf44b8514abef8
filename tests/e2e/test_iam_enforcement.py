"""ENFORCE_IAM: every request of an IAM user or role session goes through the policy engine,
denials in each service's own error format; roots stay allowed; soft mode only logs."""
import json
import subprocess

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG, REGION, Server

OTHER_ACCOUNT = "222222222222"


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource):
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def deny(action, resource):
    return {"Effect": "Deny", "Action": action, "Resource": resource}


@pytest.fixture(scope="module")
def enforced():
    s = Server({"ENFORCE_IAM": "1", "LOG_LEVEL": "debug"})
    yield s
    s.stop()
    s.tmp.cleanup()


def client_as(server, service, key):
    return boto3.client(service, endpoint_url=server.url, region_name=REGION, config=CLIENT_CONFIG,
                        aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"],
                        aws_session_token=key.get("SessionToken"))


def make_user(server, name, *statements, account_key=None):
    iam = server.client("iam") if account_key is None else client_as(server, "iam", account_key)
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    return iam.create_access_key(UserName=name)["AccessKey"]


def error_of(call):
    with pytest.raises(ClientError) as info:
        call()
    return info.value.response


def test_prefix_reader_reads_there_and_nowhere_else(enforced):
    s3 = enforced.client("s3")
    s3.create_bucket(Bucket="enf-data")
    s3.put_object(Bucket="enf-data", Key="public/a.txt", Body=b"yes")
    s3.put_object(Bucket="enf-data", Key="private/b.txt", Body=b"no")
    key = make_user(enforced, "reader", allow("s3:GetObject", "arn:aws:s3:::enf-data/public/*"))
    user_s3 = client_as(enforced, "s3", key)
    assert user_s3.get_object(Bucket="enf-data", Key="public/a.txt")["Body"].read() == b"yes"
    user_s3.head_object(Bucket="enf-data", Key="public/a.txt")  # HeadObject is s3:GetObject
    err = error_of(lambda: user_s3.get_object(Bucket="enf-data", Key="private/b.txt"))
    assert err["Error"]["Code"] == "AccessDenied"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert err["Error"]["Message"] == (
        "User: arn:aws:iam::000000000000:user/reader is not authorized to perform: s3:GetObject"
        " on resource: \"arn:aws:s3:::enf-data/private/b.txt\" because no identity-based policy"
        " allows the s3:GetObject action") or "not authorized to perform: s3:GetObject" in \
        err["Error"]["Message"]
    err = error_of(lambda: user_s3.put_object(Bucket="enf-data", Key="public/c.txt", Body=b"x"))
    assert err["Error"]["Code"] == "AccessDenied"
    assert "s3:PutObject" in err["Error"]["Message"]
    assert error_of(lambda: user_s3.list_objects_v2(Bucket="enf-data"))["Error"]["Code"] == \
        "AccessDenied"
    # Root keeps every right.
    assert s3.get_object(Bucket="enf-data", Key="private/b.txt")["Body"].read() == b"no"
    assert enforced.wait_for_line(r"iam: GetObject s3:GetObject on arn:aws:s3:::enf-data/public")


def test_list_bucket_with_prefix_condition(enforced):
    s3 = enforced.client("s3")
    s3.create_bucket(Bucket="enf-list")
    s3.put_object(Bucket="enf-list", Key="home/alice/x", Body=b"1")
    key = make_user(enforced, "lister", {
        "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::enf-list",
        "Condition": {"StringLike": {"s3:prefix": "home/alice/*"}}})
    user_s3 = client_as(enforced, "s3", key)
    listed = user_s3.list_objects_v2(Bucket="enf-list", Prefix="home/alice/")
    assert [o["Key"] for o in listed["Contents"]] == ["home/alice/x"]
    assert error_of(lambda: user_s3.list_objects_v2(Bucket="enf-list"))["Error"]["Code"] == \
        "AccessDenied"


def test_copy_needs_source_read_and_destination_write(enforced):
    s3 = enforced.client("s3")
    s3.create_bucket(Bucket="enf-copy")
    s3.put_object(Bucket="enf-copy", Key="src/a", Body=b"a")
    key = make_user(enforced, "copier", allow("s3:PutObject", "arn:aws:s3:::enf-copy/dst/*"))
    user_s3 = client_as(enforced, "s3", key)
    err = error_of(lambda: user_s3.copy_object(Bucket="enf-copy", Key="dst/a",
                                               CopySource="enf-copy/src/a"))
    assert "s3:GetObject" in err["Error"]["Message"]
    enforced.client("iam").put_user_policy(UserName="copier", PolicyName="read", PolicyDocument=doc(
        allow("s3:GetObject", "arn:aws:s3:::enf-copy/src/*")))
    user_s3.copy_object(Bucket="enf-copy", Key="dst/a", CopySource="enf-copy/src/a")


def test_explicit_deny_wins(enforced):
    s3 = enforced.client("s3")
    s3.create_bucket(Bucket="enf-deny")
    s3.put_object(Bucket="enf-deny", Key="secret", Body=b"s")
    s3.put_object(Bucket="enf-deny", Key="open", Body=b"o")
    key = make_user(enforced, "denied", allow("s3:*", "*"),
                    deny("s3:GetObject", "arn:aws:s3:::enf-deny/secret"))
    user_s3 = client_as(enforced, "s3", key)
    user_s3.get_object(Bucket="enf-deny", Key="open")
    err = error_of(lambda: user_s3.get_object(Bucket="enf-deny", Key="secret"))
    assert "with an explicit deny in an identity-based policy" in err["Error"]["Message"]
    # A bucket policy's Deny wins over the user's Allow too.
    s3.put_bucket_policy(Bucket="enf-deny", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::000000000000:user/denied"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::enf-deny/open"}]}))
    err = error_of(lambda: user_s3.get_object(Bucket="enf-deny", Key="open"))
    assert "explicit deny in a resource-based policy" in err["Error"]["Message"]


def test_policy_changes_apply_to_the_next_request(enforced):
    """Callers are cached per access key; every IAM write that changes what they may do (inline
    and managed policies, group membership, boundaries, tags) applies to the very next request."""
    enforced.client("sqs").create_queue(QueueName="enf-live")
    url = enforced.client("sqs").get_queue_url(QueueName="enf-live")["QueueUrl"]
    iam = enforced.client("iam")
    key = make_user(enforced, "live", allow("sqs:SendMessage", "*"))
    sqs = client_as(enforced, "sqs", key)
    sqs.send_message(QueueUrl=url, MessageBody="1")
    iam.delete_user_policy(UserName="live", PolicyName="p")
    assert error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="2"))["Error"]["Code"] \
        in ("AccessDenied", "AWS.SimpleQueueService.AccessDenied")
    iam.create_group(GroupName="live-senders")
    iam.put_group_policy(GroupName="live-senders", PolicyName="g",
                         PolicyDocument=doc(allow("sqs:SendMessage", "*")))
    iam.add_user_to_group(GroupName="live-senders", UserName="live")
    sqs.send_message(QueueUrl=url, MessageBody="3")
    arn = iam.create_policy(PolicyName="live-deny", PolicyDocument=doc(
        {"Effect": "Deny", "Action": "sqs:*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blocked"}}}))["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="live-senders", PolicyArn=arn)
    sqs.send_message(QueueUrl=url, MessageBody="4")  # not tagged yet
    iam.tag_user(UserName="live", Tags=[{"Key": "team", "Value": "blocked"}])
    assert error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="5"))["Error"]["Code"] \
        in ("AccessDenied", "AWS.SimpleQueueService.AccessDenied")
    iam.untag_user(UserName="live", TagKeys=["team"])
    sqs.send_message(QueueUrl=url, MessageBody="6")
    iam.remove_user_from_group(GroupName="live-senders", UserName="live")
    assert error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="7"))["Error"]["Code"] \
        in ("AccessDenied", "AWS.SimpleQueueService.AccessDenied")


def test_bucket_policy_changes_apply_to_the_next_request(enforced):
    s3 = enforced.client("s3")
    s3.create_bucket(Bucket="enf-live-policy")
    s3.put_object(Bucket="enf-live-policy", Key="k", Body=b"v")
    key = make_user(enforced, "policy-reader", allow("s3:GetObject", "*"))
    user_s3 = client_as(enforced, "s3", key)
    assert user_s3.get_object(Bucket="enf-live-policy", Key="k")["Body"].read() == b"v"
    s3.put_bucket_policy(Bucket="enf-live-policy", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::000000000000:user/policy-reader"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::enf-live-policy/*"}]}))
    err = error_of(lambda: user_s3.get_object(Bucket="enf-live-policy", Key="k"))
    assert err["Error"]["Code"] == "AccessDenied"
    s3.delete_bucket_policy(Bucket="enf-live-policy")
    assert user_s3.get_object(Bucket="enf-live-policy", Key="k")["Body"].read() == b"v"


def test_bucket_policy_grants_a_second_account(enforced):
    s3 = enforced.client("s3")
    s3.create_bucket(Bucket="enf-shared")
    s3.put_object(Bucket="enf-shared", Key="k", Body=b"shared")
    root_b = {"AccessKeyId": OTHER_ACCOUNT, "SecretAccessKey": "test"}
    key = make_user(enforced, "partner", allow("s3:GetObject", "*"), account_key=root_b)
    partner = client_as(enforced, "s3", key)
    # Cross-account: the user's own allow is not enough without the bucket policy.
    assert error_of(lambda: partner.get_object(Bucket="enf-shared", Key="k"))["Error"]["Code"] \
        == "AccessDenied"
    s3.put_bucket_policy(Bucket="enf-shared", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::enf-shared/*"}]}))
    assert partner.get_object(Bucket="enf-shared", Key="k")["Body"].read() == b"shared"
    # A user of that account without an identity allow stays out.
    other = client_as(enforced, "s3", make_user(enforced, "partner2", account_key=root_b))
    assert error_of(lambda: other.get_object(Bucket="enf-shared", Key="k"))["Error"]["Code"] \
        == "AccessDenied"


def trust(account="000000000000"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "sts:AssumeRole"}]})


def test_permissions_boundary_caps_a_role(enforced):
    iam, s3 = enforced.client("iam"), enforced.client("s3")
    s3.create_bucket(Bucket="enf-boundary")
    s3.put_object(Bucket="enf-boundary", Key="k", Body=b"b")
    boundary = iam.create_policy(PolicyName="only-list", PolicyDocument=doc(
        allow("s3:ListBucket", "*")))["Policy"]["Arn"]
    iam.create_role(RoleName="capped", AssumeRolePolicyDocument=trust(),
                    PermissionsBoundary=boundary)
    iam.put_role_policy(RoleName="capped", PolicyName="all", PolicyDocument=doc(allow("s3:*", "*")))
    creds = enforced.client("sts").assume_role(
        RoleArn="arn:aws:iam::000000000000:role/capped", RoleSessionName="sess")["Credentials"]
    role_s3 = client_as(enforced, "s3", creds)
    role_s3.list_objects_v2(Bucket="enf-boundary")
    err = error_of(lambda: role_s3.get_object(Bucket="enf-boundary", Key="k"))
    assert err["Error"]["Code"] == "AccessDenied"
    assert "assumed-role/capped/sess" in err["Error"]["Message"]
    assert "permissions boundary" in err["Error"]["Message"]


def test_session_policy_narrows_an_assumed_role(enforced):
    iam, s3 = enforced.client("iam"), enforced.client("s3")
    s3.create_bucket(Bucket="enf-session")
    s3.put_object(Bucket="enf-session", Key="a", Body=b"a")
    iam.create_role(RoleName="wide", AssumeRolePolicyDocument=trust())
    iam.put_role_policy(RoleName="wide", PolicyName="all", PolicyDocument=doc(allow("s3:*", "*")))
    sts = enforced.client("sts")
    wide = client_as(enforced, "s3", sts.assume_role(
        RoleArn="arn:aws:iam::000000000000:role/wide", RoleSessionName="ws")["Credentials"])
    wide.put_object(Bucket="enf-session", Key="b", Body=b"b")
    narrow = client_as(enforced, "s3", sts.assume_role(
        RoleArn="arn:aws:iam::000000000000:role/wide", RoleSessionName="ns",
        Policy=doc(allow("s3:GetObject", "*")))["Credentials"])
    assert narrow.get_object(Bucket="enf-session", Key="a")["Body"].read() == b"a"
    err = error_of(lambda: narrow.put_object(Bucket="enf-session", Key="c", Body=b"c"))
    assert "session policy" in err["Error"]["Message"]


def test_sqs_denial_and_queue_policy_grants(enforced):
    sqs = enforced.client("sqs")
    url = sqs.create_queue(QueueName="enf-q")["QueueUrl"]
    arn = "arn:aws:sqs:us-east-1:000000000000:enf-q"
    key = make_user(enforced, "sender", allow("sqs:SendMessage", arn))
    user_sqs = client_as(enforced, "sqs", key)
    user_sqs.send_message(QueueUrl=url, MessageBody="hi")
    err = error_of(lambda: user_sqs.receive_message(QueueUrl=url))
    assert err["Error"]["Code"] in ("AccessDenied", "AccessDeniedException")
    assert "sqs:ReceiveMessage" in err["Error"]["Message"]
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    # Another account's root: denied until AddPermission grants it.
    other = client_as(enforced, "sqs", {"AccessKeyId": OTHER_ACCOUNT, "SecretAccessKey": "t"})
    assert error_of(lambda: other.send_message(QueueUrl=url, MessageBody="x"))[
        "ResponseMetadata"]["HTTPStatusCode"] == 403
    sqs.add_permission(QueueUrl=url, Label="b", AWSAccountIds=[OTHER_ACCOUNT],
                       Actions=["SendMessage"])
    other.send_message(QueueUrl=url, MessageBody="x")
    # Every change of the queue's policy applies to the next request (the policy index).
    sqs.remove_permission(QueueUrl=url, Label="b")
    assert error_of(lambda: other.send_message(QueueUrl=url, MessageBody="x"))[
        "ResponseMetadata"]["HTTPStatusCode"] == 403
    deny_user = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::000000000000:user/sender"},
        "Action": "sqs:SendMessage", "Resource": arn}]})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": deny_user})
    assert "explicit deny" in error_of(
        lambda: user_sqs.send_message(QueueUrl=url, MessageBody="x"))["Error"]["Message"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
    user_sqs.send_message(QueueUrl=url, MessageBody="x")
    # A deleted queue's policy goes with it: a new queue of the same name starts without one.
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": deny_user})
    sqs.delete_queue(QueueUrl=url)
    assert error_of(lambda: user_sqs.send_message(QueueUrl=url, MessageBody="x"))[
        "Error"]["Code"] in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")


def test_dynamodb_denial_is_access_denied_exception_400(enforced):
    ddb = enforced.client("dynamodb")
    ddb.create_table(TableName="enf-t", AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    key = make_user(enforced, "ddb-reader", allow(
        "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/enf-t"))
    user_ddb = client_as(enforced, "dynamodb", key)
    user_ddb.get_item(TableName="enf-t", Key={"pk": {"S": "a"}})
    err = error_of(lambda: user_ddb.put_item(TableName="enf-t", Item={"pk": {"S": "a"}}))
    assert err["Error"]["Code"] == "AccessDeniedException"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/enf-t" \
        in err["Error"]["Message"]


def test_partiql_and_stream_reads_use_their_own_actions(enforced):
    ddb = enforced.client("dynamodb")
    table = ddb.create_table(
        TableName="enf-pq", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    stream_arn = table["TableDescription"]["LatestStreamArn"]
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/enf-pq"
    key = make_user(enforced, "pq-reader", allow("dynamodb:PartiQLSelect", arn),
                    allow(["dynamodb:DescribeStream", "dynamodb:GetShardIterator"], stream_arn))
    user_ddb = client_as(enforced, "dynamodb", key)
    user_ddb.execute_statement(Statement='SELECT * FROM "enf-pq"')
    err = error_of(lambda: user_ddb.execute_statement(
        Statement="INSERT INTO \"enf-pq\" VALUE {'pk': 'a'}"))
    assert err["Error"]["Code"] == "AccessDeniedException"
    assert "dynamodb:PartiQLInsert on resource: " + arn in err["Error"]["Message"]
    streams = client_as(enforced, "dynamodbstreams", key)
    shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]
    iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard["ShardId"],
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    err = error_of(lambda: streams.get_records(ShardIterator=iterator))
    assert "dynamodb:GetRecords on resource: " + stream_arn in err["Error"]["Message"]


def test_sns_denial_is_authorization_error(enforced):
    sns = enforced.client("sns")
    topic = sns.create_topic(Name="enf-topic")["TopicArn"]
    key = make_user(enforced, "publisher", allow("sns:Publish", topic))
    user_sns = client_as(enforced, "sns", key)
    user_sns.publish(TopicArn=topic, Message="m")
    err = error_of(lambda: user_sns.delete_topic(TopicArn=topic))
    assert err["Error"]["Code"] == "AuthorizationError"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_iam_and_sts(enforced):
    key = make_user(enforced, "iam-reader", allow("iam:GetUser", "*"))
    user_iam = client_as(enforced, "iam", key)
    assert user_iam.get_user(UserName="iam-reader")["User"]["UserName"] == "iam-reader"
    err = error_of(lambda: user_iam.create_user(UserName="sneaky"))
    assert err["Error"]["Code"] == "AccessDenied"
    assert "iam:CreateUser on resource: arn:aws:iam::000000000000:user/sneaky" in \
        err["Error"]["Message"]
    # GetCallerIdentity is never denied.
    nobody = client_as(enforced, "sts", make_user(enforced, "nobody"))
    assert nobody.get_caller_identity()["Arn"].endswith(":user/nobody")


def test_cli_sees_s3_access_denied(enforced):
    enforced.client("s3").create_bucket(Bucket="enf-cli")
    key = make_user(enforced, "cli-user")
    env = {"AWS_ACCESS_KEY_ID": key["AccessKeyId"],
           "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"]}
    result = enforced.cli("s3api", "list-objects-v2", "--bucket", "enf-cli", env=env)
    assert result.returncode != 0
    assert "AccessDenied" in result.stderr


def service_may_send(service, action, target_arn, source_arn, account="000000000000"):
    """The resource policy AWS's documentation gives a queue or topic for a service's deliveries."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service}, "Action": action,
        "Resource": target_arn,
        "Condition": {"ArnEquals": {"aws:SourceArn": source_arn},
                      "StringEquals": {"aws:SourceAccount": account}}}]})


def queue_config(arn):
    return {"QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]}


def receive_bodies(sqs, url, wait=5):
    messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=wait,
                                   MaxNumberOfMessages=10).get("Messages", [])
    return [m["Body"] for m in messages]


def test_s3_notifications_need_the_queue_policy(enforced):
    s3, sqs = enforced.client("s3"), enforced.client("sqs")
    s3.create_bucket(Bucket="enf-notify")
    url = sqs.create_queue(QueueName="enf-notify-q")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"]
    # Same account, no queue policy: S3's test event is refused, as on AWS.
    err = error_of(lambda: s3.put_bucket_notification_configuration(
        Bucket="enf-notify", NotificationConfiguration=queue_config(arn)))
    assert err["Error"]["Code"] == "InvalidArgument"
    assert err["Error"]["Message"] == "Unable to validate the following destination configurations"
    # A policy for another bucket does not do either.
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": service_may_send(
        "s3.amazonaws.com", "sqs:SendMessage", arn, "arn:aws:s3:::other-bucket")})
    assert error_of(lambda: s3.put_bucket_notification_configuration(
        Bucket="enf-notify", NotificationConfiguration=queue_config(arn)))["Error"]["Code"] == \
        "InvalidArgument"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": service_may_send(
        "s3.amazonaws.com", "sqs:SendMessage", arn, "arn:aws:s3:::enf-notify")})
    s3.put_bucket_notification_configuration(Bucket="enf-notify",
                                             NotificationConfiguration=queue_config(arn))
    s3.put_object(Bucket="enf-notify", Key="k", Body=b"x")
    bodies = []
    for _ in range(3):
        bodies += receive_bodies(sqs, url)
        if any("ObjectCreated:Put" in b for b in bodies):
            break
    assert any("ObjectCreated:Put" in b for b in bodies)


def test_s3_notifications_to_a_topic_need_the_topic_policy(enforced):
    s3, sns = enforced.client("s3"), enforced.client("sns")
    s3.create_bucket(Bucket="enf-notify-topic")
    topic = sns.create_topic(Name="enf-notify-t")["TopicArn"]
    config = {"TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}]}
    # The default topic policy (AWS:SourceOwner) does not let S3 publish.
    assert error_of(lambda: s3.put_bucket_notification_configuration(
        Bucket="enf-notify-topic", NotificationConfiguration=config))["Error"]["Code"] == \
        "InvalidArgument"
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=(
        service_may_send("s3.amazonaws.com", "sns:Publish", topic,
                         "arn:aws:s3:::enf-notify-topic")))
    s3.put_bucket_notification_configuration(Bucket="enf-notify-topic",
                                             NotificationConfiguration=config)


def test_sns_to_sqs_needs_the_queue_policy(enforced):
    sns, sqs = enforced.client("sns"), enforced.client("sqs")
    topic = sns.create_topic(Name="enf-fanout")["TopicArn"]

    def subscribed_queue(name):
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn,
                      Attributes={"RawMessageDelivery": "true"})
        return url, arn

    closed_url, closed_arn = subscribed_queue("enf-fanout-closed")
    open_url, open_arn = subscribed_queue("enf-fanout-open")
    sqs.set_queue_attributes(QueueUrl=open_url, Attributes={"Policy": service_may_send(
        "sns.amazonaws.com", "sqs:SendMessage", open_arn, topic)})
    sns.publish(TopicArn=topic, Message="hello")
    assert receive_bodies(sqs, open_url) == ["hello"]
    assert enforced.wait_for_line(
        r"iam: delivery .* refused: .*sns.amazonaws.com.* sqs:SendMessage on resource: "
        + closed_arn)
    assert receive_bodies(sqs, closed_url, wait=1) == []


def browser_post(url, fields, content):
    """A browser form upload (multipart/form-data) to the bucket URL; returns (status, body)."""
    import urllib.error
    import urllib.request
    import uuid
    boundary = "----enf" + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append((f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                  'filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n').encode()
                 + content + b"\r\n--" + boundary.encode() + b"--\r\n")
    request = urllib.request.Request(url, data=b"".join(parts), method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_browser_post_is_authorised_as_put_object_by_the_form_signer(enforced):
    enforced.client("s3").create_bucket(Bucket="enf-post")
    key = make_user(enforced, "poster", allow("s3:PutObject", "arn:aws:s3:::enf-post/ok/*"))
    user_s3 = client_as(enforced, "s3", key)
    post = user_s3.generate_presigned_post("enf-post", "ok/a.txt")
    status, body = browser_post(post["url"], post["fields"], b"allowed")
    assert status == 204, body
    post = user_s3.generate_presigned_post("enf-post", "other/b.txt")
    status, body = browser_post(post["url"], post["fields"], b"denied")
    assert status == 403 and b"<Code>AccessDenied</Code>" in body, body
    assert b"s3:PutObject" in body
    root = enforced.client("s3")
    assert root.get_object(Bucket="enf-post", Key="ok/a.txt")["Body"].read() == b"allowed"
    assert "Contents" not in root.list_objects_v2(Bucket="enf-post", Prefix="other/")


def test_soft_mode_allows_but_logs(start_server):
    soft = start_server({"ENFORCE_IAM": "soft"})
    assert soft.wait_for_line(r"ENFORCE_IAM=soft")
    soft.client("s3").create_bucket(Bucket="soft-b")
    key = make_user(soft, "soft-user")
    client_as(soft, "s3", key).put_object(Bucket="soft-b", Key="k", Body=b"x")
    assert soft.wait_for_line(r"soft mode, not denied.*user/soft-user.*s3:PutObject")


def test_startup_warns_that_roots_stay_allowed(enforced):
    assert enforced.wait_for_line(r"root credentials .* stay allowed")


def sqs_denied(call):
    assert error_of(call)["Error"]["Code"] in ("AccessDenied", "AWS.SimpleQueueService.AccessDenied")


def test_role_boundary_changes_apply_to_live_sessions(enforced):
    """A role's permissions boundary is read at each request (like its policies): putting one on
    the role caps sessions issued before, deleting it lifts the cap."""
    sqs, iam = enforced.client("sqs"), enforced.client("iam")
    url = sqs.create_queue(QueueName="enf-live-boundary")["QueueUrl"]
    iam.create_role(RoleName="live-boundary", AssumeRolePolicyDocument=trust())
    iam.put_role_policy(RoleName="live-boundary", PolicyName="send",
                        PolicyDocument=doc(allow("sqs:SendMessage", "*")))
    boundary = iam.create_policy(PolicyName="live-boundary-cap", PolicyDocument=doc(
        allow("sqs:ReceiveMessage", "*")))["Policy"]["Arn"]
    creds = enforced.client("sts").assume_role(
        RoleArn="arn:aws:iam::000000000000:role/live-boundary",
        RoleSessionName="live")["Credentials"]
    role_sqs = client_as(enforced, "sqs", creds)
    role_sqs.send_message(QueueUrl=url, MessageBody="1")
    iam.put_role_permissions_boundary(RoleName="live-boundary", PermissionsBoundary=boundary)
    sqs_denied(lambda: role_sqs.send_message(QueueUrl=url, MessageBody="2"))
    iam.delete_role_permissions_boundary(RoleName="live-boundary")
    role_sqs.send_message(QueueUrl=url, MessageBody="3")


def test_role_tags_apply_to_live_sessions_and_session_tags_override_them(enforced):
    """aws:PrincipalTag of a role session: its session tags, then the role's current tags."""
    sqs, iam = enforced.client("sqs"), enforced.client("iam")
    url = sqs.create_queue(QueueName="enf-live-role-tags")["QueueUrl"]
    tag_trust = json.loads(trust())
    tag_trust["Statement"][0]["Action"] = ["sts:AssumeRole", "sts:TagSession"]
    iam.create_role(RoleName="live-tags", AssumeRolePolicyDocument=json.dumps(tag_trust),
                    Tags=[{"Key": "team", "Value": "blue"}])
    iam.put_role_policy(RoleName="live-tags", PolicyName="p", PolicyDocument=doc(
        allow("sqs:SendMessage", "*"),
        {"Effect": "Deny", "Action": "sqs:*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blocked"}}}))
    sts = enforced.client("sts")
    arn = "arn:aws:iam::000000000000:role/live-tags"
    plain = client_as(enforced, "sqs", sts.assume_role(
        RoleArn=arn, RoleSessionName="plain")["Credentials"])
    tagged = client_as(enforced, "sqs", sts.assume_role(
        RoleArn=arn, RoleSessionName="tagged",
        Tags=[{"Key": "Team", "Value": "green"}])["Credentials"])
    plain.send_message(QueueUrl=url, MessageBody="1")
    iam.tag_role(RoleName="live-tags", Tags=[{"Key": "team", "Value": "blocked"}])
    sqs_denied(lambda: plain.send_message(QueueUrl=url, MessageBody="2"))
    tagged.send_message(QueueUrl=url, MessageBody="3")  # its session tag wins
    iam.untag_role(RoleName="live-tags", TagKeys=["team"])
    plain.send_message(QueueUrl=url, MessageBody="4")
