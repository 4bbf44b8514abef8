"""DynamoDB state across restarts: with PERSISTENCE=1 tables (with indexes, settings, tags),
items and backups survive a crash (SIGKILL right after the acknowledged writes) and a graceful
stop; concurrent writers lose nothing; without PERSISTENCE nothing survives."""
import signal
import threading
import uuid

from botocore.exceptions import ClientError


def persistent(start_server, data_dir):
    return start_server({"PERSISTENCE": "1", "DATA_DIR": str(data_dir)})


def create(ddb, name):
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{"IndexName": "byG",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        Tags=[{"Key": "team", "Value": "core"}])


def test_state_survives_a_crash(start_server, tmp_path):
    server = persistent(start_server, tmp_path)
    ddb = server.client("dynamodb")
    name = f"persist-{uuid.uuid4().hex[:10]}"
    create(ddb, name)
    ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "expires"})
    for n in range(30):
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": str(n)},
                                           "g": {"S": f"g{n % 3}"}, "b": {"B": bytes([n, 0, 255])}})
    ddb.update_item(TableName=name, Key={"pk": {"S": "p"}, "sk": {"N": "1"}},
                    UpdateExpression="SET c = :c", ExpressionAttributeValues={":c": {"N": "7"}})
    ddb.delete_item(TableName=name, Key={"pk": {"S": "p"}, "sk": {"N": "2"}})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": {"pk": {"S": "t"}, "sk": {"N": "0"}}}}])
    backup = ddb.create_backup(TableName=name, BackupName="before-crash")["BackupDetails"]
    before = ddb.describe_table(TableName=name)["Table"]
    server.stop(signal.SIGKILL)

    server = persistent(start_server, tmp_path)
    ddb = server.client("dynamodb")
    after = ddb.describe_table(TableName=name)["Table"]
    for field in ("TableArn", "TableId", "KeySchema", "GlobalSecondaryIndexes", "ItemCount",
                  "CreationDateTime"):
        assert after[field] == before[field], field
    assert after["ItemCount"] == 30
    items = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
    assert [int(i["sk"]["N"]) for i in items] == [n for n in range(30) if n != 2]
    assert items[1]["c"] == {"N": "7"}
    assert items[5]["b"] == {"B": bytes([6, 0, 255])}
    by_index = ddb.query(TableName=name, IndexName="byG", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": {"S": "g0"}})["Items"]
    assert len(by_index) == 10
    assert ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"][
        "AttributeName"] == "expires"
    assert ddb.list_tags_of_resource(ResourceArn=after["TableArn"])["Tags"] == [
        {"Key": "team", "Value": "core"}]
    assert ddb.describe_backup(BackupArn=backup["BackupArn"])["BackupDescription"][
        "BackupDetails"]["BackupName"] == "before-crash"
    ddb.delete_table(TableName=name)
    server.stop(signal.SIGTERM)

    server = persistent(start_server, tmp_path)
    try:
        server.client("dynamodb").describe_table(TableName=name)
        raise AssertionError("the deleted table came back")
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ResourceNotFoundException"


def test_concurrent_writers_then_crash(start_server, tmp_path):
    server = persistent(start_server, tmp_path)
    name = f"persist-{uuid.uuid4().hex[:10]}"
    create(server.client("dynamodb"), name)

    def writer(worker):
        ddb = server.client("dynamodb")
        for n in range(50):
            ddb.put_item(TableName=name, Item={"pk": {"S": f"w{worker}"}, "sk": {"N": str(n)}})
            ddb.update_item(TableName=name, Key={"pk": {"S": "counter"}, "sk": {"N": "0"}},
                            UpdateExpression="ADD n :one",
                            ExpressionAttributeValues={":one": {"N": "1"}})

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    server.stop(signal.SIGKILL)

    ddb = persistent(start_server, tmp_path).client("dynamodb")
    assert ddb.scan(TableName=name, Select="COUNT", ConsistentRead=True)["Count"] == 201
    counter = ddb.get_item(TableName=name, Key={"pk": {"S": "counter"}, "sk": {"N": "0"}})
    assert counter["Item"]["n"] == {"N": "200"}


def test_nothing_survives_without_persistence(start_server, tmp_path):
    server = start_server({"DATA_DIR": str(tmp_path)})
    ddb = server.client("dynamodb")
    name = f"temp-{uuid.uuid4().hex[:10]}"
    create(ddb, name)
    server.stop(signal.SIGTERM)
    ddb = start_server({"DATA_DIR": str(tmp_path)}).client("dynamodb")
    assert name not in ddb.list_tables()["TableNames"]
