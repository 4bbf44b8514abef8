"""DynamoDB items: PutItem/GetItem/UpdateItem/DeleteItem with conditions, every ReturnValues mode,
ReturnValuesOnConditionCheckFailure, consumed capacity and item collection metrics, key
validation with DynamoDB's messages; the resource API (boto3.dynamodb.conditions, Decimal)."""
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr

from dynamodb_support import ddb, ddb_error, ddb_resource, make_table  # noqa: F401

KEY_MISMATCH = "The provided key element does not match the schema"


@pytest.fixture
def table(make_table):
    return make_table("sk")


def test_put_get_round_trip_all_types(ddb, table):
    item = {"pk": {"S": "a"}, "sk": {"S": "1"}, "s": {"S": "text"}, "n": {"N": "1.50"},
            "b": {"B": b"\x00\x01"}, "ss": {"SS": ["x", "y"]}, "ns": {"NS": ["1", "2"]},
            "bs": {"BS": [b"a"]}, "l": {"L": [{"S": "x"}, {"N": "2"}]},
            "m": {"M": {"k": {"BOOL": True}}}, "t": {"BOOL": False}, "z": {"NULL": True}}
    assert ddb.put_item(TableName=table, Item=item).get("Attributes") is None
    got = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                       ConsistentRead=True)["Item"]
    expected = dict(item, n={"N": "1.5"})  # numbers come back normalised
    assert {k: v for k, v in got.items() if k not in ("ss", "ns")} == \
        {k: v for k, v in expected.items() if k not in ("ss", "ns")}
    assert sorted(got["ss"]["SS"]) == ["x", "y"] and sorted(got["ns"]["NS"]) == ["1", "2"]


def test_get_missing_item_and_projection(ddb, table):
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "x"}, "sk": {"S": "y"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "a": {"S": "1"},
                                        "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}})
    got = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                       ProjectionExpression="#a, m.y", ExpressionAttributeNames={"#a": "a"})
    assert got["Item"] == {"a": {"S": "1"}, "m": {"M": {"y": {"N": "2"}}}}


def test_key_validation_messages(ddb, table):
    with ddb_error("ValidationException", KEY_MISMATCH):
        ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
    with ddb_error("ValidationException", KEY_MISMATCH):
        ddb.get_item(TableName=table, Key={"pk": {"N": "1"}, "sk": {"S": "1"}})
    with ddb_error("ValidationException", KEY_MISMATCH):
        ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}, "x": {"S": "1"}})
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: Missing the key sk in the item"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}})
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: Type mismatch for key pk "
                   "expected: S actual: N"):
        ddb.put_item(TableName=table, Item={"pk": {"N": "1"}, "sk": {"S": "1"}})
    with ddb_error("ValidationException",
                   "One or more parameter values are not valid. The AttributeValue for a key "
                   "attribute cannot contain an empty string value. Key: pk"):
        ddb.put_item(TableName=table, Item={"pk": {"S": ""}, "sk": {"S": "1"}})


def test_missing_table(ddb):
    with ddb_error("ResourceNotFoundException", "Requested resource not found"):
        ddb.put_item(TableName="no-such-table", Item={"pk": {"S": "a"}})
    with ddb_error("ResourceNotFoundException", "Requested resource not found"):
        ddb.get_item(TableName="no-such-table", Key={"pk": {"S": "a"}})


def test_put_condition_and_return_values(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table, Item=dict(key, v={"N": "1"}),
                 ConditionExpression="attribute_not_exists(pk)")
    with ddb_error("ConditionalCheckFailedException", "The conditional request failed") as e:
        ddb.put_item(TableName=table, Item=dict(key, v={"N": "2"}),
                     ConditionExpression="attribute_not_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert e.response["Item"] == dict(key, v={"N": "1"})
    old = ddb.put_item(TableName=table, Item=dict(key, v={"N": "3"}), ReturnValues="ALL_OLD")
    assert old["Attributes"] == dict(key, v={"N": "1"})
    with ddb_error("ValidationException", "ReturnValues can only be ALL_OLD or NONE"):
        ddb.put_item(TableName=table, Item=key, ReturnValues="ALL_NEW")


def test_update_item_return_values(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    created = ddb.update_item(TableName=table, Key=key, UpdateExpression="SET n = :one, s = :s",
                              ExpressionAttributeValues={":one": {"N": "1"}, ":s": {"S": "x"}},
                              ReturnValues="ALL_NEW")
    assert created["Attributes"] == dict(key, n={"N": "1"}, s={"S": "x"})
    updated_old = ddb.update_item(TableName=table, Key=key, UpdateExpression="SET n = n + :one",
                                  ExpressionAttributeValues={":one": {"N": "1"}},
                                  ReturnValues="UPDATED_OLD")
    assert updated_old["Attributes"] == {"n": {"N": "1"}}
    updated_new = ddb.update_item(TableName=table, Key=key, UpdateExpression="SET n = n + :one",
                                  ExpressionAttributeValues={":one": {"N": "1"}},
                                  ReturnValues="UPDATED_NEW")
    assert updated_new["Attributes"] == {"n": {"N": "3"}}
    all_old = ddb.update_item(TableName=table, Key=key, UpdateExpression="REMOVE s",
                              ReturnValues="ALL_OLD")
    assert all_old["Attributes"] == dict(key, n={"N": "3"}, s={"S": "x"})
    none = ddb.update_item(TableName=table, Key=key, UpdateExpression="ADD c :one",
                           ExpressionAttributeValues={":one": {"N": "1"}})
    assert "Attributes" not in none
    assert ddb.get_item(TableName=table, Key=key)["Item"] == dict(key, n={"N": "3"}, c={"N": "1"})


def test_update_condition_and_key_attributes(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    with ddb_error("ConditionalCheckFailedException", "The conditional request failed"):
        ddb.update_item(TableName=table, Key=key, UpdateExpression="SET v = :v",
                        ConditionExpression="attribute_exists(pk)",
                        ExpressionAttributeValues={":v": {"S": "x"}})
    assert "Item" not in ddb.get_item(TableName=table, Key=key)
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: Cannot update attribute sk. "
                   "This attribute is part of the key"):
        ddb.update_item(TableName=table, Key=key, UpdateExpression="SET sk = :v",
                        ExpressionAttributeValues={":v": {"S": "x"}})


def test_delete_item(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    assert "Attributes" not in ddb.delete_item(TableName=table, Key=key, ReturnValues="ALL_OLD")
    ddb.put_item(TableName=table, Item=dict(key, v={"S": "x"}))
    with ddb_error("ConditionalCheckFailedException", "The conditional request failed"):
        ddb.delete_item(TableName=table, Key=key, ConditionExpression="v = :y",
                        ExpressionAttributeValues={":y": {"S": "y"}})
    deleted = ddb.delete_item(TableName=table, Key=key, ConditionExpression="v = :x",
                              ExpressionAttributeValues={":x": {"S": "x"}},
                              ReturnValues="ALL_OLD")
    assert deleted["Attributes"] == dict(key, v={"S": "x"})
    assert "Item" not in ddb.get_item(TableName=table, Key=key)


def test_consumed_capacity(ddb, table):
    key = {"pk": {"S": "a"}, "sk": {"S": "1"}}
    big = "x" * 5000  # about 5 KB: 5 write units, 2 read units (1 eventually consistent)
    put = ddb.put_item(TableName=table, Item=dict(key, v={"S": big}),
                       ReturnConsumedCapacity="TOTAL")
    assert put["ConsumedCapacity"]["TableName"] == table
    assert put["ConsumedCapacity"]["CapacityUnits"] == 5.0
    strong = ddb.get_item(TableName=table, Key=key, ConsistentRead=True,
                          ReturnConsumedCapacity="TOTAL")
    assert strong["ConsumedCapacity"]["CapacityUnits"] == 2.0
    eventual = ddb.get_item(TableName=table, Key=key, ReturnConsumedCapacity="INDEXES")
    assert eventual["ConsumedCapacity"]["CapacityUnits"] == 1.0
    assert eventual["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0
    small = ddb.put_item(TableName=table, Item=key, ReturnConsumedCapacity="TOTAL")
    assert small["ConsumedCapacity"]["CapacityUnits"] == 5.0  # the larger of old and new
    assert "ConsumedCapacity" not in ddb.get_item(TableName=table, Key=key)


def test_consumed_capacity_counts_indexes(ddb, make_table):
    name = make_table(ExtraAttributes=[{"AttributeName": "g", "AttributeType": "S"}],
                      GlobalSecondaryIndexes=[{
                          "IndexName": "byG",
                          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                          "Projection": {"ProjectionType": "ALL"}}])
    put = ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"S": "x"}},
                       ReturnConsumedCapacity="INDEXES")
    capacity = put["ConsumedCapacity"]
    assert capacity["Table"]["CapacityUnits"] == 1.0
    assert capacity["GlobalSecondaryIndexes"]["byG"]["CapacityUnits"] == 1.0
    assert capacity["CapacityUnits"] == 2.0


def test_item_collection_metrics_with_local_index(ddb, make_table):
    name = make_table("sk", ExtraAttributes=[{"AttributeName": "l", "AttributeType": "S"}],
                      LocalSecondaryIndexes=[{
                          "IndexName": "byL",
                          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                        {"AttributeName": "l", "KeyType": "RANGE"}],
                          "Projection": {"ProjectionType": "ALL"}}])
    put = ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "1"}},
                       ReturnItemCollectionMetrics="SIZE")
    metrics = put["ItemCollectionMetrics"]
    assert metrics["ItemCollectionKey"] == {"pk": {"S": "a"}}
    assert len(metrics["SizeEstimateRangeGB"]) == 2


def test_index_key_type_mismatch(ddb, make_table):
    name = make_table(ExtraAttributes=[{"AttributeName": "g", "AttributeType": "S"}],
                      GlobalSecondaryIndexes=[{
                          "IndexName": "byG",
                          "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                          "Projection": {"ProjectionType": "ALL"}}])
    with ddb_error("ValidationException",
                   "One or more parameter values were invalid: Type mismatch for Index Key g "
                   "Expected: S Actual: N IndexName: byG"):
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "g": {"N": "1"}})


def test_item_size_limit(ddb, table):
    with ddb_error("ValidationException", "Item size has exceeded the maximum allowed size"):
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"},
                                            "v": {"S": "x" * (400 * 1024)}})


def test_resource_api_with_conditions(ddb_resource, table):
    t = ddb_resource.Table(table)
    t.put_item(Item={"pk": "a", "sk": "1", "price": Decimal("10.5"), "tags": {"x", "y"}})
    with pytest.raises(t.meta.client.exceptions.ConditionalCheckFailedException):
        t.put_item(Item={"pk": "a", "sk": "1"}, ConditionExpression=Attr("pk").not_exists())
    t.update_item(Key={"pk": "a", "sk": "1"}, UpdateExpression="SET price = price - :d",
                  ConditionExpression=Attr("price").gt(10), ExpressionAttributeValues={":d": 1})
    item = t.get_item(Key={"pk": "a", "sk": "1"})["Item"]
    assert item["price"] == Decimal("9.5") and item["tags"] == {"x", "y"}
    t.delete_item(Key={"pk": "a", "sk": "1"}, ConditionExpression=Attr("price").lt(10))
    assert "Item" not in t.get_item(Key={"pk": "a", "sk": "1"})


def test_cli_put_get_update(server, table):
    put = server.cli("dynamodb", "put-item", "--table-name", table, "--item",
                     '{"pk": {"S": "c"}, "sk": {"S": "1"}, "n": {"N": "5"}}')
    assert put.returncode == 0, put.stderr
    update = server.cli("dynamodb", "update-item", "--table-name", table, "--key",
                        '{"pk": {"S": "c"}, "sk": {"S": "1"}}', "--update-expression",
                        "SET n = n + :one", "--expression-attribute-values",
                        '{":one": {"N": "1"}}', "--return-values", "UPDATED_NEW",
                        "--query", "Attributes.n.N", "--output", "text")
    assert update.stdout.strip() == "6", update.stderr
    failed = server.cli("dynamodb", "put-item", "--table-name", table, "--item",
                        '{"pk": {"S": "c"}, "sk": {"S": "1"}}', "--condition-expression",
                        "attribute_not_exists(pk)")
    assert failed.returncode != 0
    assert "ConditionalCheckFailedException" in failed.stderr


def test_legacy_parameters(ddb, table):
    key = {"pk": {"S": "legacy"}, "sk": {"S": "1"}}
    ddb.put_item(TableName=table, Item=dict(key, n={"N": "1"}, s={"S": "x"}),
                 Expected={"pk": {"Exists": False}})
    with ddb_error("ConditionalCheckFailedException", "The conditional request failed"):
        ddb.put_item(TableName=table, Item=key, Expected={"pk": {"Exists": False}})
    updated = ddb.update_item(TableName=table, Key=key, AttributeUpdates={
        "n": {"Action": "ADD", "Value": {"N": "2"}}, "s": {"Action": "DELETE"}},
        Expected={"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
        ReturnValues="ALL_NEW")
    assert updated["Attributes"] == dict(key, n={"N": "3"})
    got = ddb.get_item(TableName=table, Key=key, AttributesToGet=["n"])
    assert got["Item"] == {"n": {"N": "3"}}
    with ddb_error("ValidationException"):
        ddb.get_item(TableName=table, Key=key, AttributesToGet=["n"], ProjectionExpression="n")
