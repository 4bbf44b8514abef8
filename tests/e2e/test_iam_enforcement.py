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


def test_soft_mode_allows_but_logs(start_server):
    soft = start_server({"ENFORCE_IAM": "soft"})
    assert soft.wait_for_line(r"ENFORCE_IAM=soft")
    soft.client("s3").create_bucket(Bucket="soft-b")
    key = make_user(soft, "soft-user")
    client_as(soft, "s3", key).put_object(Bucket="soft-b", Key="k", Body=b"x")
    assert soft.wait_for_line(r"soft mode, not denied.*user/soft-user.*s3:PutObject")


def test_startup_warns_that_roots_stay_allowed(enforced):
    assert enforced.wait_for_line(r"root credentials .* stay allowed")
