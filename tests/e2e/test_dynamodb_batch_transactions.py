"""DynamoDB batches and transactions: BatchGetItem (100 keys), BatchWriteItem (25 requests,
duplicates), Table.batch_writer(); TransactWriteItems (all or nothing, CancellationReasons in
order, ConditionCheck, ClientRequestToken idempotency), TransactGetItems."""
import pytest

from dynamodb_support import ddb, ddb_error, ddb_resource, make_table  # noqa: F401


@pytest.fixture
def table(make_table):
    return make_table()


def key(n):
    return {"pk": {"S": f"k{n}"}}


def test_batch_write_and_get(ddb, table, make_table):
    other = make_table()
    ddb.batch_write_item(RequestItems={
        table: [{"PutRequest": {"Item": dict(key(n), v={"N": str(n)})}} for n in range(20)],
        other: [{"PutRequest": {"Item": key(1)}}]})
    got = ddb.batch_get_item(RequestItems={
        table: {"Keys": [key(n) for n in (1, 5, 99)], "ProjectionExpression": "v"},
        other: {"Keys": [key(1)], "ConsistentRead": True}},
        ReturnConsumedCapacity="TOTAL")
    assert sorted(i["v"]["N"] for i in got["Responses"][table]) == ["1", "5"]
    assert got["Responses"][other] == [key(1)]
    assert got["UnprocessedKeys"] == {}
    assert {c["TableName"] for c in got["ConsumedCapacity"]} == {table, other}
    written = ddb.batch_write_item(RequestItems={table: [
        {"DeleteRequest": {"Key": key(n)}} for n in range(10)]})
    assert written["UnprocessedItems"] == {}
    assert ddb.scan(TableName=table, Select="COUNT")["Count"] == 10


def test_batch_limits_and_duplicates(ddb, table, make_table):
    other = make_table()
    with ddb_error("ValidationException",
                   "Too many items requested for the BatchGetItem call"):
        ddb.batch_get_item(RequestItems={table: {"Keys": [key(n) for n in range(60)]},
                                         other: {"Keys": [key(n) for n in range(41)]}})
    with ddb_error("ValidationException"):
        ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": key(n)}}
                                                   for n in range(26)]})
    with ddb_error("ValidationException", "Provided list of item keys contains duplicates"):
        ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": key(1)}},
                                                   {"DeleteRequest": {"Key": key(1)}}]})
    with ddb_error("ValidationException", "Provided list of item keys contains duplicates"):
        ddb.batch_get_item(RequestItems={table: {"Keys": [key(1), key(1)]}})
    with ddb_error("ResourceNotFoundException", "Requested resource not found"):
        ddb.batch_write_item(RequestItems={"no-such-table": [{"PutRequest": {"Item": key(1)}}]})
    # A failed validation writes nothing.
    with ddb_error("ValidationException"):
        ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": key(2)}},
                                                   {"PutRequest": {"Item": {"pk": {"N": "1"}}}}]})
    assert "Item" not in ddb.get_item(TableName=table, Key=key(2))


def test_batch_writer(ddb_resource, table):
    t = ddb_resource.Table(table)
    with t.batch_writer(overwrite_by_pkeys=["pk"]) as batch:
        for n in range(60):
            batch.put_item(Item={"pk": f"k{n}", "n": n})
        batch.delete_item(Key={"pk": "k0"})
    assert t.scan(Select="COUNT")["Count"] == 59


def test_transact_write_all_or_nothing(ddb, table):
    ddb.put_item(TableName=table, Item=dict(key(1), n={"N": "1"}))
    with ddb_error("TransactionCanceledException") as e:
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": key(2)}},
            {"Update": {"TableName": table, "Key": key(1), "UpdateExpression": "SET n = :two",
                        "ConditionExpression": "n = :zero",
                        "ExpressionAttributeValues": {":two": {"N": "2"}, ":zero": {"N": "0"}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
            {"Delete": {"TableName": table, "Key": key(3)}},
        ])
    assert e.error["Message"] == ("Transaction cancelled, please refer cancellation reasons for "
                                  "specific reasons [None, ConditionalCheckFailed, None]")
    reasons = e.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed", "None"]
    assert reasons[1]["Item"] == dict(key(1), n={"N": "1"})
    assert "Item" not in ddb.get_item(TableName=table, Key=key(2))
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": key(2)}},
        {"Update": {"TableName": table, "Key": key(1), "UpdateExpression": "SET n = n + :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"ConditionCheck": {"TableName": table, "Key": key(1),
                            "ConditionExpression": "attribute_exists(pk)"}},
    ][:2])
    assert ddb.get_item(TableName=table, Key=key(1))["Item"]["n"] == {"N": "2"}
    assert "Item" in ddb.get_item(TableName=table, Key=key(2))


def test_transact_condition_check_and_same_item_twice(ddb, table):
    with ddb_error("TransactionCanceledException") as e:
        ddb.transact_write_items(TransactItems=[
            {"ConditionCheck": {"TableName": table, "Key": key(9),
                                "ConditionExpression": "attribute_exists(pk)"}},
            {"Put": {"TableName": table, "Item": key(8)}},
        ])
    assert [r["Code"] for r in e.response["CancellationReasons"]] == [
        "ConditionalCheckFailed", "None"]
    with ddb_error("ValidationException",
                   "Transaction request cannot include multiple operations on one item"):
        ddb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": key(1)}},
            {"Delete": {"TableName": table, "Key": key(1)}},
        ])


def test_transact_client_request_token(ddb, table):
    items = [{"Update": {"TableName": table, "Key": key(1), "UpdateExpression": "ADD n :one",
                         "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="token-1")
    ddb.transact_write_items(TransactItems=items, ClientRequestToken="token-1")
    assert ddb.get_item(TableName=table, Key=key(1))["Item"]["n"] == {"N": "1"}
    with ddb_error("IdempotentParameterMismatchException"):
        ddb.transact_write_items(TransactItems=items + [
            {"Put": {"TableName": table, "Item": key(2)}}], ClientRequestToken="token-1")


def test_transact_get(ddb, table, make_table):
    other = make_table()
    ddb.put_item(TableName=table, Item=dict(key(1), v={"S": "x"}, w={"S": "y"}))
    ddb.put_item(TableName=other, Item=key(2))
    got = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": key(1), "ProjectionExpression": "v"}},
        {"Get": {"TableName": other, "Key": key(3)}},
        {"Get": {"TableName": other, "Key": key(2)}},
    ], ReturnConsumedCapacity="TOTAL")
    assert got["Responses"] == [{"Item": {"v": {"S": "x"}}}, {}, {"Item": key(2)}]
    by_table = {c["TableName"]: c["CapacityUnits"] for c in got["ConsumedCapacity"]}
    assert by_table == {table: 2.0, other: 4.0}
    with ddb_error("ResourceNotFoundException", "Requested resource not found"):
        ddb.transact_get_items(TransactItems=[{"Get": {"TableName": "no-such-table",
                                                       "Key": key(1)}}])


def test_resource_api_transaction_via_client(ddb_resource, table):
    client = ddb_resource.meta.client
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {"pk": "a", "n": 1}}},
        {"Put": {"TableName": table, "Item": {"pk": "b", "n": 2}}},
    ])
    assert ddb_resource.Table(table).get_item(Key={"pk": "b"})["Item"]["n"] == 2
