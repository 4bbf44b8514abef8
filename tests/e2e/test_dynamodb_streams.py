"""DynamoDB Streams end to end: records of every view type in item order, the four iterator types,
shards closed when a stream is disabled, ListStreams paging, the API's errors, TTL deletions as
service removals, and records that survive a crash with PERSISTENCE=1."""
import signal
import time
import uuid

import pytest
from botocore.exceptions import ClientError


def make_table(ddb, view_type="NEW_AND_OLD_IMAGES", name=None):
    name = name or f"streams-{uuid.uuid4().hex[:10]}"
    table = ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type})
    return name, table["TableDescription"]["LatestStreamArn"]


def shard_of(streams, arn):
    return streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]


def read_all(streams, arn, iterator_type="TRIM_HORIZON", **position):
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_of(streams, arn),
                                          ShardIteratorType=iterator_type,
                                          **position)["ShardIterator"]
    page = streams.get_records(ShardIterator=iterator)
    return page["Records"], page.get("NextShardIterator")


def write_history(ddb, name):
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "v": {"N": "1"}, "b": {"B": b"\x00\xff"}})
    ddb.update_item(TableName=name, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = v + :one",
                    ExpressionAttributeValues={":one": {"N": "1"}})
    ddb.delete_item(TableName=name, Key={"pk": {"S": "a"}})


@pytest.fixture
def clients(server):
    return server.client("dynamodb"), server.client("dynamodbstreams")


def test_describe_table_and_stream(clients):
    ddb, streams = clients
    name, arn = make_table(ddb)
    described = ddb.describe_table(TableName=name)["Table"]
    assert described["LatestStreamArn"] == arn
    assert arn.startswith(described["TableArn"] + "/stream/")
    assert described["StreamSpecification"] == {"StreamEnabled": True,
                                                "StreamViewType": "NEW_AND_OLD_IMAGES"}
    stream = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert stream["StreamStatus"] == "ENABLED"
    assert stream["TableName"] == name
    assert stream["StreamLabel"] == described["LatestStreamLabel"]
    assert stream["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    (shard,) = stream["Shards"]
    assert shard["ShardId"].startswith("shardId-")
    assert "EndingSequenceNumber" not in shard["SequenceNumberRange"]


def test_records_follow_the_item_history(clients):
    ddb, streams = clients
    name, arn = make_table(ddb)
    write_history(ddb, name)
    records, next_iterator = read_all(streams, arn)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    assert next_iterator  # the shard is open: more may come
    insert, modify, remove = (r["dynamodb"] for r in records)
    assert records[0]["eventSource"] == "aws:dynamodb"
    assert records[0]["awsRegion"] == "us-east-1"
    assert insert["Keys"] == {"pk": {"S": "a"}}
    assert "OldImage" not in insert and insert["NewImage"]["b"] == {"B": b"\x00\xff"}
    assert modify["OldImage"]["v"] == {"N": "1"} and modify["NewImage"]["v"] == {"N": "2"}
    assert "NewImage" not in remove and remove["OldImage"]["v"] == {"N": "2"}
    sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequence == sorted(sequence) and len(set(sequence)) == 3
    assert all(r["dynamodb"]["SizeBytes"] > 0 for r in records)
    assert "userIdentity" not in records[2]


@pytest.mark.parametrize("view_type,old,new", [
    ("KEYS_ONLY", False, False), ("NEW_IMAGE", False, True), ("OLD_IMAGE", True, False)])
def test_view_types_keep_what_they_name(clients, view_type, old, new):
    ddb, streams = clients
    name, arn = make_table(ddb, view_type)
    write_history(ddb, name)
    records, _ = read_all(streams, arn)
    modify = records[1]["dynamodb"]
    assert modify["StreamViewType"] == view_type
    assert ("OldImage" in modify) == old and ("NewImage" in modify) == new
    assert modify["Keys"] == {"pk": {"S": "a"}}


def test_iterator_types(clients):
    ddb, streams = clients
    name, arn = make_table(ddb)
    write_history(ddb, name)
    records, _ = read_all(streams, arn)
    second = records[1]["dynamodb"]["SequenceNumber"]
    at, _ = read_all(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=second)
    assert [r["eventName"] for r in at] == ["MODIFY", "REMOVE"]
    after, _ = read_all(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=second)
    assert [r["eventName"] for r in after] == ["REMOVE"]
    latest, latest_next = read_all(streams, arn, "LATEST")
    assert latest == []
    ddb.put_item(TableName=name, Item={"pk": {"S": "later"}})
    page = streams.get_records(ShardIterator=latest_next)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]] == ["later"]


def test_limit_and_next_iterator_page_through_records(clients):
    ddb, streams = clients
    name, arn = make_table(ddb, "KEYS_ONLY")
    for n in range(7):
        ddb.put_item(TableName=name, Item={"pk": {"S": f"k{n}"}})
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_of(streams, arn),
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    seen = []
    for _ in range(4):
        page = streams.get_records(ShardIterator=iterator, Limit=3)
        seen += [r["dynamodb"]["Keys"]["pk"]["S"] for r in page["Records"]]
        iterator = page["NextShardIterator"]
    assert seen == [f"k{n}" for n in range(7)]


def test_disabling_closes_the_shard(clients):
    ddb, streams = clients
    name, arn = make_table(ddb)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}})
    ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    stream = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert stream["StreamStatus"] == "DISABLED"
    assert "EndingSequenceNumber" in stream["Shards"][0]["SequenceNumberRange"]
    ddb.put_item(TableName=name, Item={"pk": {"S": "not recorded"}})
    records, next_iterator = read_all(streams, arn)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == ["a"]
    assert next_iterator is None  # the closed shard is read to its end
    # Re-enabling makes a new stream with its own label.
    ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": True,
                                                          "StreamViewType": "KEYS_ONLY"})
    new_arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    assert new_arn != arn
    listed = streams.list_streams(TableName=name)["Streams"]
    assert {s["StreamArn"] for s in listed} == {arn, new_arn}


def test_list_streams_pages_and_filters(clients):
    ddb, streams = clients
    names = [make_table(ddb, "KEYS_ONLY", f"list-{uuid.uuid4().hex[:8]}")[0] for _ in range(3)]
    arns, start = [], {}
    while True:
        page = streams.list_streams(Limit=2, **start)
        arns += [s["StreamArn"] for s in page["Streams"]]
        if "LastEvaluatedStreamArn" not in page:
            break
        assert len(page["Streams"]) == 2
        start = {"ExclusiveStartStreamArn": page["LastEvaluatedStreamArn"]}
    assert len(arns) == len(set(arns))
    for name in names:
        assert any(f":table/{name}/stream/" in arn for arn in arns)
    only = streams.list_streams(TableName=names[0])["Streams"]
    assert [s["TableName"] for s in only] == [names[0]]


def test_errors(clients):
    ddb, streams = clients
    name, arn = make_table(ddb)
    missing = arn.replace(f"table/{name}/", "table/nope/")
    with pytest.raises(ClientError) as caught:
        streams.describe_stream(StreamArn=missing)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as caught:
        streams.get_records(ShardIterator="not-an-iterator")
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as caught:
        streams.get_shard_iterator(StreamArn=arn, ShardId="shardId-00000000000000000000-deadbeef",
                                   ShardIteratorType="TRIM_HORIZON")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as caught:
        streams.get_shard_iterator(StreamArn=arn, ShardId=shard_of(streams, arn),
                                   ShardIteratorType="AT_SEQUENCE_NUMBER")
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_other_accounts_do_not_see_the_stream(server, clients):
    ddb, streams = clients
    _, arn = make_table(ddb)
    stranger = server.client("dynamodbstreams", aws_access_key_id="111111111111",
                             aws_secret_access_key="test")
    with pytest.raises(ClientError) as caught:
        stranger.describe_stream(StreamArn=arn)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert all(s["StreamArn"] != arn for s in stranger.list_streams()["Streams"])


def test_ttl_sweep_removes_expired_items_as_the_service(start_server):
    server = start_server({"DYNAMODB_TTL_INTERVAL": "1"})
    ddb, streams = server.client("dynamodb"), server.client("dynamodbstreams")
    name, arn = make_table(ddb)
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    now = int(time.time())
    ddb.put_item(TableName=name, Item={"pk": {"S": "old"}, "expires": {"N": str(now - 60)}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "future"}, "expires": {"N": str(now + 3600)}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "text"}, "expires": {"S": str(now - 60)}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "ancient"},
                                       "expires": {"N": str(now - 6 * 366 * 86400)}})
    deadline = time.time() + 10
    while time.time() < deadline and "Item" in ddb.get_item(TableName=name,
                                                            Key={"pk": {"S": "old"}}):
        time.sleep(0.1)
    left = {i["pk"]["S"] for i in ddb.scan(TableName=name)["Items"]}
    assert left == {"future", "text", "ancient"}
    records, _ = read_all(streams, arn)
    removal = [r for r in records if r["eventName"] == "REMOVE"]
    assert len(removal) == 1
    assert removal[0]["dynamodb"]["Keys"] == {"pk": {"S": "old"}}
    assert removal[0]["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com",
                                          "Type": "Service"}


def test_records_survive_a_crash(start_server, tmp_path):
    env = {"PERSISTENCE": "1", "DATA_DIR": str(tmp_path)}
    first = start_server(env)
    ddb = first.client("dynamodb")
    name, arn = make_table(ddb)
    write_history(ddb, name)
    before, _ = read_all(first.client("dynamodbstreams"), arn)
    first.stop(signal.SIGKILL)
    second = start_server(env)
    streams = second.client("dynamodbstreams")
    after, _ = read_all(streams, arn)
    assert [r["dynamodb"]["SequenceNumber"] for r in after] == \
        [r["dynamodb"]["SequenceNumber"] for r in before]
    assert after[0]["dynamodb"]["NewImage"]["b"] == {"B": b"\x00\xff"}
    second.client("dynamodb").put_item(TableName=name, Item={"pk": {"S": "new"}})
    latest, _ = read_all(streams, arn)
    assert int(latest[-1]["dynamodb"]["SequenceNumber"]) > \
        int(before[-1]["dynamodb"]["SequenceNumber"])
