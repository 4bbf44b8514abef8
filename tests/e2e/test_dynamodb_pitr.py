"""DynamoDB point-in-time recovery: RestoreTableToPointInTime restores the table as it was at
RestoreDateTime (writes made after it undone, whichever API made them), UseLatestRestorableTime
restores the current state, the recovery window's errors, and the history surviving a crash
with PERSISTENCE=1.

botocore sends timestamps in whole seconds, so the tests leave more than a second between the
writes and the restore time."""
import datetime
import signal
import time

from dynamodb_support import (ddb, ddb_error, make_table, unique_name,  # noqa: F401
                              key_schema)

GAP = 1.1


def enable_pitr(ddb, name, enabled=True):
    return ddb.update_continuous_backups(
        TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": enabled})


def item(pk, sk, **attributes):
    out = {"pk": {"S": pk}, "sk": {"N": str(sk)}}
    out.update({k: {"S": v} for k, v in attributes.items()})
    return out


def all_items(ddb, name):
    items = ddb.scan(TableName=name, ConsistentRead=True)["Items"]
    return sorted(items, key=lambda i: (i["pk"]["S"], int(i["sk"]["N"])))


def moment():
    """A restore time with the writes before and after it more than a second away."""
    time.sleep(GAP)
    at = datetime.datetime.now(datetime.timezone.utc)
    time.sleep(GAP)
    return at


def make_pitr_table(ddb, make_table):
    name = make_table(range_name="sk", range_type="N",
                      ExtraAttributes=[{"AttributeName": "g", "AttributeType": "S"}],
                      GlobalSecondaryIndexes=[{
                          "IndexName": "byG",
                          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                          "Projection": {"ProjectionType": "ALL"}}])
    enable_pitr(ddb, name)
    time.sleep(GAP)
    return name


def test_restore_to_a_point_in_time_undoes_later_writes(ddb, make_table):
    name = make_pitr_table(ddb, make_table)
    for n, g in enumerate(["x", "y", "x"]):
        ddb.put_item(TableName=name, Item=item("p", n, g=g, v="orig"))
    at = moment()
    before = all_items(ddb, name)
    ddb.update_item(TableName=name, Key={"pk": {"S": "p"}, "sk": {"N": "0"}},
                    UpdateExpression="SET v = :v, g = :g",
                    ExpressionAttributeValues={":v": {"S": "new"}, ":g": {"S": "z"}})
    ddb.delete_item(TableName=name, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})
    ddb.put_item(TableName=name, Item=item("q", 9, g="x"))
    ddb.batch_write_item(RequestItems={name: [
        {"PutRequest": {"Item": item("b", 1)}},
        {"DeleteRequest": {"Key": {"pk": {"S": "p"}, "sk": {"N": "2"}}}}]})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": item("t", 1)}},
        {"Update": {"TableName": name, "Key": {"pk": {"S": "q"}, "sk": {"N": "9"}},
                    "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"S": "tx"}}}}])
    ddb.execute_statement(Statement=f"INSERT INTO \"{name}\" VALUE {{'pk': 'e', 'sk': 5}}")
    current = all_items(ddb, name)
    assert current != before

    target = unique_name("pitr")
    restored = ddb.restore_table_to_point_in_time(
        SourceTableName=name, TargetTableName=target, RestoreDateTime=at)["TableDescription"]
    try:
        summary = restored["RestoreSummary"]
        assert summary["SourceTableArn"].endswith(f":table/{name}")
        assert abs(summary["RestoreDateTime"].timestamp() - int(at.timestamp())) < 1
        assert restored["ItemCount"] == 3
        assert all_items(ddb, target) == before
        by_g = ddb.query(TableName=target, IndexName="byG", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": {"S": "x"}})["Items"]
        assert sorted(int(i["sk"]["N"]) for i in by_g) == [0, 2]
        # The source is unchanged.
        assert all_items(ddb, name) == current
    finally:
        ddb.delete_table(TableName=target)

    latest = unique_name("pitr")
    ddb.restore_table_to_point_in_time(SourceTableName=name, TargetTableName=latest,
                                       UseLatestRestorableTime=True)
    try:
        assert all_items(ddb, latest) == current
    finally:
        ddb.delete_table(TableName=latest)


def test_restore_before_any_later_write_and_the_window(ddb, make_table):
    name = make_pitr_table(ddb, make_table)
    window = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]
    assert window["PointInTimeRecoveryStatus"] == "ENABLED"
    assert window["RecoveryPeriodInDays"] == 35
    assert window["EarliestRestorableDateTime"] <= window["LatestRestorableDateTime"]
    # The earliest time (as described) restores the table as PITR found it: empty.
    ddb.put_item(TableName=name, Item=item("p", 1))
    target = unique_name("pitr")
    ddb.restore_table_to_point_in_time(SourceTableName=name, TargetTableName=target,
                                       RestoreDateTime=window["EarliestRestorableDateTime"])
    try:
        assert all_items(ddb, target) == []
    finally:
        ddb.delete_table(TableName=target)

    message = ("An invalid restore time was specified. RestoreDateTime must be between "
               "EarliestRestorableDateTime and LatestRestorableDateTime.")
    now = datetime.datetime.now(datetime.timezone.utc)
    for bad in (now + datetime.timedelta(hours=1),
                window["EarliestRestorableDateTime"] - datetime.timedelta(seconds=5)):
        with ddb_error("InvalidRestoreTimeException", message):
            ddb.restore_table_to_point_in_time(SourceTableName=name,
                                               TargetTableName=unique_name("pitr"),
                                               RestoreDateTime=bad)


def test_disabling_drops_the_history(ddb, make_table):
    name = make_pitr_table(ddb, make_table)
    ddb.put_item(TableName=name, Item=item("p", 1))
    at = moment()
    ddb.put_item(TableName=name, Item=item("p", 2))
    enable_pitr(ddb, name, False)
    with ddb_error("PointInTimeRecoveryUnavailableException",
                   f"Point in time recovery is not enabled for table '{name}'"):
        ddb.restore_table_to_point_in_time(SourceTableName=name,
                                           TargetTableName=unique_name("pitr"),
                                           RestoreDateTime=at)
    enable_pitr(ddb, name)
    # The new window starts now: the old restore time is out of it.
    with ddb_error("InvalidRestoreTimeException"):
        ddb.restore_table_to_point_in_time(SourceTableName=name,
                                           TargetTableName=unique_name("pitr"),
                                           RestoreDateTime=at)


def test_unknown_source_table(ddb):
    name = unique_name("missing")
    with ddb_error("TableNotFoundException", f"Table not found: {name}"):
        ddb.restore_table_to_point_in_time(SourceTableName=name,
                                           TargetTableName=unique_name("pitr"),
                                           UseLatestRestorableTime=True)


def test_history_survives_a_crash(start_server, tmp_path):
    env = {"PERSISTENCE": "1", "DATA_DIR": str(tmp_path)}
    server = start_server(env)
    ddb = server.client("dynamodb")
    name = unique_name("pitr")
    definitions, schema = key_schema("pk", "S", "sk", "N")
    ddb.create_table(TableName=name, AttributeDefinitions=definitions, KeySchema=schema,
                     BillingMode="PAY_PER_REQUEST")
    enable_pitr(ddb, name)
    time.sleep(GAP)
    for n in range(3):
        ddb.put_item(TableName=name, Item=item("p", n, v="orig"))
    at = moment()
    before = all_items(ddb, name)
    ddb.put_item(TableName=name, Item=item("p", 0, v="new"))
    ddb.delete_item(TableName=name, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})
    ddb.put_item(TableName=name, Item=item("p", 7))
    current = all_items(ddb, name)
    server.stop(signal.SIGKILL)

    server = start_server(env)
    ddb = server.client("dynamodb")
    assert all_items(ddb, name) == current
    target = unique_name("pitr")
    ddb.restore_table_to_point_in_time(SourceTableName=name, TargetTableName=target,
                                       RestoreDateTime=at)
    assert all_items(ddb, target) == before
    # Writes after the restart are recorded too.
    ddb.put_item(TableName=name, Item=item("p", 8))
    latest = unique_name("pitr")
    ddb.restore_table_to_point_in_time(SourceTableName=name, TargetTableName=latest,
                                       UseLatestRestorableTime=True)
    assert all_items(ddb, latest) == all_items(ddb, name)
    server.stop(signal.SIGTERM)
