"""DynamoDB tables: CreateTable validation, DescribeTable, ListTables paging, UpdateTable
(billing, throughput, GSIs, streams, deletion protection), DeleteTable, TTL settings, tags,
DescribeLimits, DescribeEndpoints, backups and point-in-time recovery settings; account and
region isolation. Messages are DynamoDB's."""
import boto3
import pytest

from conftest import CLIENT_CONFIG
from dynamodb_support import (ddb, ddb_error, ddb_resource, key_schema, make_table,  # noqa: F401
                              unique_name)

NOT_FOUND = "Requested resource not found: Table: {} not found"


def test_create_describe_and_delete(ddb):
    name = unique_name()
    definitions, schema = key_schema("pk", "S", "sk", "N")
    created = ddb.create_table(TableName=name, AttributeDefinitions=definitions, KeySchema=schema,
                               ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                      "WriteCapacityUnits": 3})
    assert created["TableDescription"]["TableName"] == name
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    table = ddb.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["KeySchema"] == schema
    assert sorted(table["AttributeDefinitions"], key=lambda d: d["AttributeName"]) == definitions
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    assert table["TableArn"].endswith(f":table/{name}")
    assert table["TableArn"].startswith("arn:aws:dynamodb:us-east-1:")
    assert table["ItemCount"] == 0 and table["TableSizeBytes"] == 0
    assert table["DeletionProtectionEnabled"] is False
    deleted = ddb.delete_table(TableName=name)["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    ddb.get_waiter("table_not_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    with ddb_error("ResourceNotFoundException", NOT_FOUND.format(name)):
        ddb.describe_table(TableName=name)
    with ddb_error("ResourceNotFoundException", NOT_FOUND.format(name)):
        ddb.delete_table(TableName=name)


def test_resource_api_create_and_wait(ddb_resource, ddb):
    name = unique_name()
    table = ddb_resource.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    table.wait_until_exists()
    assert table.table_status == "ACTIVE"
    assert table.billing_mode_summary["BillingMode"] == "PAY_PER_REQUEST"
    table.delete()
    table.wait_until_not_exists()


def test_create_existing_table_is_in_use(ddb, make_table):
    name = make_table()
    definitions, schema = key_schema()
    with ddb_error("ResourceInUseException", f"Table already exists: {name}"):
        ddb.create_table(TableName=name, AttributeDefinitions=definitions, KeySchema=schema,
                         BillingMode="PAY_PER_REQUEST")


@pytest.mark.parametrize("definitions,schema,message", [
    ([{"AttributeName": "pk", "AttributeType": "S"}],
     [{"AttributeName": "pk", "KeyType": "RANGE"}],
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    ([{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
     [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "HASH"}],
     "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
    ([{"AttributeName": "pk", "AttributeType": "S"}],
     [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "pk", "KeyType": "RANGE"}],
     "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    ([{"AttributeName": "other", "AttributeType": "S"}],
     [{"AttributeName": "pk", "KeyType": "HASH"}],
     "One or more parameter values were invalid: Some index key attributes are not defined in "
     "AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]"),
    ([{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "extra", "AttributeType": "S"}],
     [{"AttributeName": "pk", "KeyType": "HASH"}],
     "One or more parameter values were invalid: Number of attributes in KeySchema does not "
     "exactly match number of attributes defined in AttributeDefinitions"),
])
def test_create_key_schema_validation(ddb, definitions, schema, message):
    with ddb_error("ValidationException", message):
        ddb.create_table(TableName=unique_name(), AttributeDefinitions=definitions,
                         KeySchema=schema, BillingMode="PAY_PER_REQUEST")


def test_create_billing_validation(ddb):
    definitions, schema = key_schema()
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: ReadCapacityUnits and "
                   "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"):
        ddb.create_table(TableName=unique_name(), AttributeDefinitions=definitions,
                         KeySchema=schema)
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                   "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"):
        ddb.create_table(TableName=unique_name(), AttributeDefinitions=definitions,
                         KeySchema=schema, BillingMode="PAY_PER_REQUEST",
                         ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})


def test_create_with_indexes_stream_sse_tags(ddb, make_table):
    name = make_table(
        "sk", ExtraAttributes=[{"AttributeName": "g", "AttributeType": "S"},
                               {"AttributeName": "l", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{"IndexName": "byG",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "INCLUDE",
                                                "NonKeyAttributes": ["a", "b"]}}],
        LocalSecondaryIndexes=[{"IndexName": "byL",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True},
        Tags=[{"Key": "team", "Value": "blue"}],
        TableClass="STANDARD_INFREQUENT_ACCESS")
    table = ddb.describe_table(TableName=name)["Table"]
    (gsi,) = table["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == "byG" and gsi["IndexStatus"] == "ACTIVE"
    assert gsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "b"]}
    assert gsi["IndexArn"] == table["TableArn"] + "/index/byG"
    (lsi,) = table["LocalSecondaryIndexes"]
    assert lsi["IndexName"] == "byL" and lsi["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert table["StreamSpecification"] == {"StreamEnabled": True,
                                            "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert table["LatestStreamArn"] == table["TableArn"] + "/stream/" + table["LatestStreamLabel"]
    assert table["SSEDescription"]["Status"] == "ENABLED"
    assert table["SSEDescription"]["SSEType"] == "KMS"
    assert table["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    tags = ddb.list_tags_of_resource(ResourceArn=table["TableArn"])["Tags"]
    assert tags == [{"Key": "team", "Value": "blue"}]


def test_local_index_needs_range_key_on_table(ddb):
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: Table KeySchema does not have a "
                   "range key, which is required when specifying a LocalSecondaryIndex"):
        ddb.create_table(
            TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "l", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            LocalSecondaryIndexes=[{"IndexName": "lsi",
                                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                  {"AttributeName": "l", "KeyType": "RANGE"}],
                                    "Projection": {"ProjectionType": "ALL"}}])


def test_list_tables_pages(ddb, make_table):
    names = sorted(make_table() for _ in range(3))
    listed = []
    kwargs = {"Limit": 1}
    while True:
        page = ddb.list_tables(**kwargs)
        assert len(page["TableNames"]) <= 1
        listed += page["TableNames"]
        if "LastEvaluatedTableName" not in page:
            break
        kwargs["ExclusiveStartTableName"] = page["LastEvaluatedTableName"]
    assert [n for n in listed if n in names] == names
    assert listed == sorted(listed)
    paginated = [n for page in ddb.get_paginator("list_tables").paginate()
                 for n in page["TableNames"]]
    assert set(names) <= set(paginated)


def test_update_billing_and_throughput(ddb, make_table):
    name = make_table(ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    table = ddb.update_table(TableName=name, ProvisionedThroughput={
        "ReadCapacityUnits": 7, "WriteCapacityUnits": 9})["TableDescription"]
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 7
    table = ddb.update_table(TableName=name, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert ddb.describe_table(TableName=name)["Table"]["ProvisionedThroughput"][
        "ReadCapacityUnits"] == 0


def test_update_adds_and_deletes_a_global_index(ddb, make_table):
    name = make_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"S": "x"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "b"}})
    ddb.update_table(TableName=name,
                     AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                     GlobalSecondaryIndexUpdates=[{"Create": {
                         "IndexName": "byG",
                         "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                         "Projection": {"ProjectionType": "ALL"}}}])
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    items = ddb.query(TableName=name, IndexName="byG", KeyConditionExpression="g = :g",
                      ExpressionAttributeValues={":g": {"S": "x"}})["Items"]
    assert [i["pk"]["S"] for i in items] == ["a"]
    ddb.update_table(TableName=name,
                     GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byG"}}])
    assert "GlobalSecondaryIndexes" not in ddb.describe_table(TableName=name)["Table"]


def test_update_stream_on_and_off(ddb, make_table):
    name = make_table()
    table = ddb.update_table(TableName=name, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    assert table["StreamSpecification"]["StreamViewType"] == "KEYS_ONLY"
    assert table["LatestStreamArn"].startswith(table["TableArn"] + "/stream/")
    table = ddb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
    assert "StreamSpecification" not in ddb.describe_table(TableName=name)["Table"]


def test_deletion_protection(ddb, make_table):
    name = make_table(DeletionProtectionEnabled=True)
    assert ddb.describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"] is True
    with ddb_error("ValidationException",
                   "Resource cannot be deleted as it is currently protected against deletion. "
                   "Disable deletion protection first."):
        ddb.delete_table(TableName=name)
    ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    ddb.delete_table(TableName=name)


def test_time_to_live_settings(ddb, make_table):
    name = make_table()
    assert ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"}
    spec = {"Enabled": True, "AttributeName": "expires"}
    assert ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=spec)[
        "TimeToLiveSpecification"] == spec
    description = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert description["AttributeName"] == "expires"
    assert description["TimeToLiveStatus"] in ("ENABLED", "ENABLING")
    with ddb_error("ValidationException", "TimeToLive is already enabled"):
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=spec)
    with ddb_error("ResourceNotFoundException", NOT_FOUND.format("missing-table")):
        ddb.describe_time_to_live(TableName="missing-table")


def test_tags(ddb, make_table):
    name = make_table()
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "3"}])
    tags = {t["Key"]: t["Value"] for t in ddb.list_tags_of_resource(ResourceArn=arn)["Tags"]}
    assert tags == {"a": "3", "b": "2"}
    ddb.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    with ddb_error("ValidationException"):
        ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "aws:x", "Value": "1"}])
    missing = arn.rsplit("/", 1)[0] + "/no-such-table"
    with ddb_error("ResourceNotFoundException"):
        ddb.list_tags_of_resource(ResourceArn=missing)


def test_describe_limits_and_endpoints(ddb, server):
    limits = ddb.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert limits["AccountMaxWriteCapacityUnits"] == 80000
    (endpoint,) = ddb.describe_endpoints()["Endpoints"]
    assert endpoint["Address"] == f"127.0.0.1:{server.port}"
    assert endpoint["CachePeriodInMinutes"] == 1440


def test_backups_and_restore(ddb, make_table):
    name = make_table()
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    details = ddb.create_backup(TableName=name, BackupName="backup-1")["BackupDetails"]
    assert details["BackupStatus"] == "AVAILABLE" and details["BackupName"] == "backup-1"
    arn = details["BackupArn"]
    assert arn.startswith(ddb.describe_table(TableName=name)["Table"]["TableArn"] + "/backup/")
    described = ddb.describe_backup(BackupArn=arn)["BackupDescription"]
    assert described["SourceTableDetails"]["TableName"] == name
    summaries = ddb.list_backups(TableName=name)["BackupSummaries"]
    assert [s["BackupArn"] for s in summaries] == [arn]
    target = unique_name("restored")
    ddb.restore_table_from_backup(TargetTableName=target, BackupArn=arn)
    ddb.get_waiter("table_exists").wait(TableName=target, WaiterConfig={"Delay": 1})
    try:
        item = ddb.get_item(TableName=target, Key={"pk": {"S": "a"}})["Item"]
        assert item["v"] == {"N": "1"}
    finally:
        ddb.delete_table(TableName=target)
    ddb.delete_backup(BackupArn=arn)
    with ddb_error("BackupNotFoundException"):
        ddb.describe_backup(BackupArn=arn)


def test_point_in_time_recovery_settings(ddb, make_table):
    name = make_table()
    status = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    assert status["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    updated = ddb.update_continuous_backups(
        TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    assert updated["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "PointInTimeRecoveryStatus"] == "ENABLED"


def test_accounts_and_regions_are_isolated(server, make_table, ddb):
    name = make_table()
    other_region = boto3.client("dynamodb", endpoint_url=server.url, region_name="eu-west-1",
                                config=CLIENT_CONFIG)
    with ddb_error("ResourceNotFoundException", NOT_FOUND.format(name)):
        other_region.describe_table(TableName=name)
    definitions, schema = key_schema()
    other_region.create_table(TableName=name, AttributeDefinitions=definitions, KeySchema=schema,
                              BillingMode="PAY_PER_REQUEST")
    try:
        other_region.put_item(TableName=name, Item={"pk": {"S": "only-in-eu"}})
        assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "only-in-eu"}})
        arn = other_region.describe_table(TableName=name)["Table"]["TableArn"]
        assert ":eu-west-1:" in arn
    finally:
        other_region.delete_table(TableName=name)


def test_cli_create_describe_delete(server):
    name = unique_name("cli")
    created = server.cli("dynamodb", "create-table", "--table-name", name,
                         "--attribute-definitions", "AttributeName=id,AttributeType=S",
                         "--key-schema", "AttributeName=id,KeyType=HASH",
                         "--billing-mode", "PAY_PER_REQUEST", "--query",
                         "TableDescription.TableName", "--output", "text")
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == name
    waited = server.cli("dynamodb", "wait", "table-exists", "--table-name", name)
    assert waited.returncode == 0, waited.stderr
    listed = server.cli("dynamodb", "list-tables", "--output", "json")
    assert name in listed.stdout
    deleted = server.cli("dynamodb", "delete-table", "--table-name", name)
    assert deleted.returncode == 0, deleted.stderr
    missing = server.cli("dynamodb", "describe-table", "--table-name", name)
    assert missing.returncode != 0
    assert f"Requested resource not found: Table: {name} not found" in missing.stderr


def test_accounts_are_isolated_and_arns_name_tables(server, make_table, ddb):
    name = make_table()
    # LocalStack's convention, which awsemu follows: a 12-digit access key id is the account.
    other_account = boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1",
                                 aws_access_key_id="111111111111", aws_secret_access_key="test",
                                 config=CLIENT_CONFIG)
    with ddb_error("ResourceNotFoundException", NOT_FOUND.format(name)):
        other_account.describe_table(TableName=name)
    assert name not in other_account.list_tables()["TableNames"]
    arn = ddb.describe_table(TableName=name)["Table"]["TableArn"]
    assert ddb.describe_table(TableName=arn)["Table"]["TableName"] == name
    ddb.put_item(TableName=arn, Item={"pk": {"S": "via-arn"}})
    assert "Item" in ddb.get_item(TableName=name, Key={"pk": {"S": "via-arn"}})


def test_update_table_checks(ddb, make_table):
    name = make_table(ExtraAttributes=[{"AttributeName": "g", "AttributeType": "S"}],
                      GlobalSecondaryIndexes=[{
                          "IndexName": "byG",
                          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                          "Projection": {"ProjectionType": "ALL"}}])
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: ProvisionedThroughput must be "
                   "specified for index: byG"):
        ddb.update_table(TableName=name, BillingMode="PROVISIONED", ProvisionedThroughput={
            "ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    throughput = {"ReadCapacityUnits": 2, "WriteCapacityUnits": 3}
    table = ddb.update_table(
        TableName=name, BillingMode="PROVISIONED", ProvisionedThroughput=throughput,
        GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "byG",
                                                 "ProvisionedThroughput": throughput}}])
    index = table["TableDescription"]["GlobalSecondaryIndexes"][0]
    assert index["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    with ddb_error("ValidationException"):
        ddb.update_table(TableName=name)
