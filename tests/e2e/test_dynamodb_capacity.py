"""DynamoDB ReturnConsumedCapacity on the multi-item operations (BatchGetItem, BatchWriteItem,
TransactGetItems, TransactWriteItems, ExecuteStatement, BatchExecuteStatement,
ExecuteTransaction) and BatchGetItem's 16 MB response limit (the keys past it come back in
UnprocessedKeys).
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
"""
import pytest

from dynamodb_support import ddb, make_table  # noqa: F401


@pytest.fixture
def tables(ddb, make_table):
    """Two tables; the first with a GSI on g. Items of ~2.5 KB (3 write units, 1 read unit)."""
    first = make_table(ExtraAttributes=[{"AttributeName": "g", "AttributeType": "S"}],
                       GlobalSecondaryIndexes=[{
                           "IndexName": "byG", "KeySchema": [{"AttributeName": "g",
                                                              "KeyType": "HASH"}],
                           "Projection": {"ProjectionType": "ALL"}}])
    second = make_table()
    for name in (first, second):
        for n in range(3):
            ddb.put_item(TableName=name, Item={"pk": {"S": f"k{n}"}, "g": {"S": "x"},
                                               "data": {"S": "d" * 2500}})
    return first, second


def by_table(response):
    return {c["TableName"]: c for c in response["ConsumedCapacity"]}


def test_batch_and_transaction_capacity(ddb, tables):
    first, second = tables
    keys = [{"pk": {"S": f"k{n}"}} for n in range(3)]
    got = ddb.batch_get_item(RequestItems={first: {"Keys": keys},
                                           second: {"Keys": keys[:1], "ConsistentRead": True}},
                             ReturnConsumedCapacity="TOTAL")
    units = by_table(got)
    assert units[first]["CapacityUnits"] == 1.5 and units[second]["CapacityUnits"] == 1.0
    got = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": first, "Key": k}}
                                                for k in keys], ReturnConsumedCapacity="TOTAL")
    assert by_table(got)[first]["CapacityUnits"] == 6.0  # 3 strong reads, twice as much
    item = {"pk": {"S": "new"}, "g": {"S": "y"}, "data": {"S": "d" * 2500}}
    wrote = ddb.transact_write_items(TransactItems=[{"Put": {"TableName": first, "Item": item}}],
                                     ReturnConsumedCapacity="INDEXES")
    capacity = by_table(wrote)[first]
    assert capacity["CapacityUnits"] == 12.0  # (3 table + 3 index) units, twice as much
    assert capacity["GlobalSecondaryIndexes"]["byG"]["CapacityUnits"] == 6.0
    wrote = ddb.batch_write_item(RequestItems={second: [{"DeleteRequest": {"Key": keys[0]}}]},
                                 ReturnConsumedCapacity="TOTAL")
    assert by_table(wrote)[second]["CapacityUnits"] == 3.0


def test_partiql_capacity(ddb, tables):
    first, second = tables
    got = ddb.execute_statement(Statement=f'SELECT * FROM "{first}" WHERE pk = ?',
                                Parameters=[{"S": "k0"}], ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"] == {"TableName": first, "CapacityUnits": 0.5,
                                       "ReadCapacityUnits": 0.5}
    missing = ddb.execute_statement(Statement=f'DELETE FROM "{second}" WHERE pk = ?',
                                    Parameters=[{"S": "nothing"}], ReturnConsumedCapacity="TOTAL")
    assert missing["ConsumedCapacity"]["TableName"] == second
    assert missing["ConsumedCapacity"]["CapacityUnits"] == 1.0

    batch = ddb.batch_execute_statement(Statements=[
        {"Statement": f'SELECT * FROM "{first}" WHERE pk = ?', "Parameters": [{"S": "k1"}]},
        {"Statement": f'SELECT * FROM "{first}" WHERE pk = ?', "Parameters": [{"S": "k2"}],
         "ConsistentRead": True},
        {"Statement": f'SELECT * FROM "{second}" WHERE pk = ?', "Parameters": [{"S": "k1"}]},
    ], ReturnConsumedCapacity="TOTAL")
    units = by_table(batch)
    assert units[first]["CapacityUnits"] == 1.5 and units[second]["CapacityUnits"] == 0.5
    assert "ConsumedCapacity" not in ddb.batch_execute_statement(Statements=[
        {"Statement": f'SELECT * FROM "{first}" WHERE pk = ?', "Parameters": [{"S": "k1"}]}])

    writes = ddb.batch_execute_statement(Statements=[
        {"Statement": f"UPDATE \"{first}\" SET n = 1 WHERE pk = 'k1'"},
        {"Statement": f"INSERT INTO \"{second}\" VALUE {{'pk': 'fresh'}}"},
    ], ReturnConsumedCapacity="INDEXES")
    units = by_table(writes)
    assert units[first]["CapacityUnits"] == 6.0  # the table and its GSI, 3 units each
    assert units[first]["GlobalSecondaryIndexes"]["byG"]["CapacityUnits"] == 3.0
    assert units[second]["CapacityUnits"] == 1.0

    read = ddb.execute_transaction(TransactStatements=[
        {"Statement": f'SELECT * FROM "{first}" WHERE pk = ?', "Parameters": [{"S": "k1"}]},
        {"Statement": f'SELECT * FROM "{second}" WHERE pk = ?', "Parameters": [{"S": "k2"}]},
    ], ReturnConsumedCapacity="TOTAL")
    units = by_table(read)
    assert units[first]["CapacityUnits"] == 2.0 and units[second]["CapacityUnits"] == 2.0
    wrote = ddb.execute_transaction(TransactStatements=[
        {"Statement": f"UPDATE \"{second}\" SET n = 2 WHERE pk = 'k2'"},
        {"Statement": f"DELETE FROM \"{second}\" WHERE pk = 'fresh'"},
    ], ReturnConsumedCapacity="TOTAL")
    assert by_table(wrote)[second]["CapacityUnits"] == 8.0  # (3 + 1) units, twice as much


def test_batch_get_stops_at_16_mb(ddb, make_table):
    table = make_table()
    blob = "x" * (350 * 1024)
    keys = [{"pk": {"S": f"big{n:02}"}} for n in range(60)]  # 60 x 350 KB = 20.5 MB
    for key in keys:
        ddb.put_item(TableName=table, Item={**key, "data": {"S": blob}})
    got = ddb.batch_get_item(RequestItems={table: {"Keys": keys, "ProjectionExpression": "pk, #d",
                                                   "ExpressionAttributeNames": {"#d": "data"}}},
                             ReturnConsumedCapacity="TOTAL")
    returned = got["Responses"][table]
    unprocessed = got["UnprocessedKeys"][table]
    assert 0 < len(returned) < 60
    assert len(returned) + len(unprocessed["Keys"]) == 60
    assert sum(len(i["data"]["S"]) for i in returned) <= 16 * 1024 * 1024
    # The unprocessed entry carries the request's read parameters, ready to be sent again.
    assert unprocessed["ProjectionExpression"] == "pk, #d"
    assert unprocessed["ExpressionAttributeNames"] == {"#d": "data"}
    again = ddb.batch_get_item(RequestItems=got["UnprocessedKeys"])
    assert not again["UnprocessedKeys"]
    names = {i["pk"]["S"] for i in returned} | {i["pk"]["S"] for i in again["Responses"][table]}
    assert names == {k["pk"]["S"] for k in keys}
