"""Fine-grained access under ENFORCE_IAM: DynamoDB's dynamodb:LeadingKeys / Attributes /
ReturnValues condition keys (items of one partition per user, some attributes only), and
aws:SourceIp from the connection (X-Forwarded-For only through a local proxy).
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html"""
import json

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG, REGION, Server

TABLE = "fgac-scores"
TABLE_ARN = f"arn:aws:dynamodb:{REGION}:000000000000:table/{TABLE}"


@pytest.fixture(scope="module")
def enforced():
    s = Server({"ENFORCE_IAM": "1"})
    ddb = s.client("dynamodb")
    ddb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "owner", "AttributeType": "S"},
                                           {"AttributeName": "game", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "owner", "KeyType": "HASH"},
                                {"AttributeName": "game", "KeyType": "RANGE"}])
    for owner in ("alice", "bob"):
        ddb.put_item(TableName=TABLE, Item={"owner": {"S": owner}, "game": {"S": "chess"},
                                            "score": {"N": "1"}, "secret": {"S": owner}})
    yield s
    s.stop()
    s.tmp.cleanup()


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def user_client(server, name, service, *statements):
    iam = server.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(service, endpoint_url=server.url, region_name=REGION, config=CLIENT_CONFIG,
                        aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])


def denied(call):
    with pytest.raises(ClientError) as info:
        call()
    error = info.value.response["Error"]
    assert error["Code"] == "AccessDeniedException", error
    return error["Message"]


def key(owner, game="chess"):
    return {"owner": {"S": owner}, "game": {"S": game}}


ITEM_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem"]


def test_leading_keys_keep_a_user_in_their_own_partition(enforced):
    # The documented pattern: the partition key is the caller's user name.
    ddb = user_client(enforced, "alice", "dynamodb", {
        "Effect": "Allow", "Action": ITEM_ACTIONS, "Resource": TABLE_ARN,
        "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"]}}})
    assert ddb.get_item(TableName=TABLE, Key=key("alice"))["Item"]["secret"]["S"] == "alice"
    message = denied(lambda: ddb.get_item(TableName=TABLE, Key=key("bob")))
    assert "dynamodb:GetItem" in message and TABLE_ARN in message
    ddb.put_item(TableName=TABLE, Item={**key("alice", "go"), "score": {"N": "5"}})
    denied(lambda: ddb.put_item(TableName=TABLE, Item={**key("bob", "go"), "score": {"N": "5"}}))
    ddb.update_item(TableName=TABLE, Key=key("alice", "go"), UpdateExpression="SET score = :s",
                    ExpressionAttributeValues={":s": {"N": "6"}})
    denied(lambda: ddb.delete_item(TableName=TABLE, Key=key("bob")))

    found = ddb.query(TableName=TABLE, KeyConditionExpression="#o = :o",
                      ExpressionAttributeNames={"#o": "owner"},
                      ExpressionAttributeValues={":o": {"S": "alice"}})
    assert {item["game"]["S"] for item in found["Items"]} == {"chess", "go"}
    denied(lambda: ddb.query(TableName=TABLE, KeyConditionExpression="#o = :o",
                             ExpressionAttributeNames={"#o": "owner"},
                             ExpressionAttributeValues={":o": {"S": "bob"}}))

    # A batch is allowed only when every key of the table is the caller's.
    got = ddb.batch_get_item(RequestItems={TABLE: {"Keys": [key("alice"), key("alice", "go")]}})
    assert len(got["Responses"][TABLE]) == 2
    denied(lambda: ddb.batch_get_item(RequestItems={TABLE: {"Keys": [key("alice"), key("bob")]}}))
    denied(lambda: ddb.batch_write_item(RequestItems={TABLE: [
        {"PutRequest": {"Item": key("alice", "poker")}},
        {"DeleteRequest": {"Key": key("bob")}}]}))
    # Bob's item is untouched.
    root = enforced.client("dynamodb")
    assert root.get_item(TableName=TABLE, Key=key("bob"))["Item"]["secret"]["S"] == "bob"


def test_attributes_and_select_limit_what_is_read(enforced):
    allowed = ["owner", "game", "score"]
    ddb = user_client(enforced, "scorer", "dynamodb", {
        "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
        "Resource": TABLE_ARN,
        "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": allowed},
                      "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}})
    item = ddb.get_item(TableName=TABLE, Key=key("alice"), ProjectionExpression="score")["Item"]
    assert item == {"score": {"N": "1"}}
    denied(lambda: ddb.get_item(TableName=TABLE, Key=key("alice"),
                                ProjectionExpression="score, secret"))
    ddb.query(TableName=TABLE, KeyConditionExpression="#o = :o", Select="SPECIFIC_ATTRIBUTES",
              ProjectionExpression="score", ExpressionAttributeNames={"#o": "owner"},
              ExpressionAttributeValues={":o": {"S": "alice"}})
    denied(lambda: ddb.query(TableName=TABLE, KeyConditionExpression="#o = :o",
                             Select="ALL_ATTRIBUTES", ExpressionAttributeNames={"#o": "owner"},
                             ExpressionAttributeValues={":o": {"S": "alice"}}))
    ddb.put_item(TableName=TABLE, Item={**key("carol"), "score": {"N": "2"}})
    denied(lambda: ddb.put_item(TableName=TABLE,
                                Item={**key("carol"), "score": {"N": "2"}, "secret": {"S": "x"}}))


def test_return_values_can_be_restricted(enforced):
    ddb = user_client(enforced, "updater", "dynamodb", {
        "Effect": "Allow", "Action": "dynamodb:UpdateItem", "Resource": TABLE_ARN,
        "Condition": {"StringEqualsIfExists": {
            "dynamodb:ReturnValues": ["NONE", "UPDATED_OLD"]}}})
    update = dict(TableName=TABLE, Key=key("alice"), UpdateExpression="SET score = :s",
                  ExpressionAttributeValues={":s": {"N": "3"}})
    ddb.update_item(**update)
    ddb.update_item(ReturnValues="UPDATED_OLD", **update)
    denied(lambda: ddb.update_item(ReturnValues="ALL_NEW", **update))


def add_header(client, name, value):
    def hook(request, **_):
        request.headers[name] = value
    client.meta.events.register("before-sign.*.*", hook)


def test_source_ip_is_the_connection_address(enforced):
    sqs = user_client(enforced, "lan-only", "sqs", {
        "Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}})
    sqs.list_queues()  # the test connects over loopback

    # Through a proxy on this host, X-Forwarded-For names the client (the entry the proxy added).
    proxied = user_client(enforced, "office-only", "sqs", {
        "Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*",
        "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}})
    with pytest.raises(ClientError) as info:
        proxied.list_queues()
    assert info.value.response["Error"]["Code"] in ("AccessDenied", "AccessDeniedException")
    add_header(proxied, "X-Forwarded-For", "203.0.113.9, 198.51.100.20")
    proxied.list_queues()


PARTIQL_ACTIONS = ["dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate",
                   "dynamodb:PartiQLDelete"]


def test_partiql_statements_carry_their_partition_key_as_leading_keys(enforced):
    ddb = user_client(enforced, "carol", "dynamodb", {
        "Effect": "Allow", "Action": PARTIQL_ACTIONS, "Resource": TABLE_ARN,
        "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:username}"]}}})
    ddb.execute_statement(
        Statement=f"INSERT INTO \"{TABLE}\" VALUE {{'owner': 'carol', 'game': 'go', 'score': 1}}")
    message = denied(lambda: ddb.execute_statement(
        Statement=f"INSERT INTO \"{TABLE}\" VALUE {{'owner': 'bob', 'game': 'go', 'score': 1}}"))
    assert "dynamodb:PartiQLInsert" in message
    rows = ddb.execute_statement(Statement=f"SELECT * FROM \"{TABLE}\" WHERE owner = ?",
                                 Parameters=[{"S": "carol"}])["Items"]
    assert "go" in [r["game"]["S"] for r in rows]
    assert {r["owner"]["S"] for r in rows} == {"carol"}
    denied(lambda: ddb.execute_statement(
        Statement=f"SELECT * FROM \"{TABLE}\" WHERE owner = 'bob' AND game = 'chess'"))
    ddb.execute_statement(
        Statement=f"UPDATE \"{TABLE}\" SET score = 2 WHERE owner = 'carol' AND game = 'go'")
    denied(lambda: ddb.execute_statement(
        Statement=f"UPDATE \"{TABLE}\" SET score = 2 WHERE owner = 'bob' AND game = 'chess'"))
    denied(lambda: ddb.execute_statement(
        Statement=f"DELETE FROM \"{TABLE}\" WHERE owner = 'alice' AND game = 'chess'"))
    # A batch's statements are decided with their own keys.
    results = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM \"{TABLE}\" WHERE owner = 'carol' AND game = 'go'"}])
    assert results["Responses"][0]["Item"]["score"]["N"] == "2"
    ddb.execute_statement(Statement=f"DELETE FROM \"{TABLE}\" WHERE owner = 'carol' AND game = 'go'")
