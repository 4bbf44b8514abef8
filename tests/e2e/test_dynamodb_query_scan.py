"""DynamoDB Query and Scan: key conditions (=, <, <=, >, >=, BETWEEN, begins_with), filters,
projections, Limit and ExclusiveStartKey/LastEvaluatedKey paging, the 1 MB page, direction,
Select (COUNT, SPECIFIC_ATTRIBUTES), ConsistentRead (refused on GSIs), parallel Scan, local and
sparse global indexes, with the resource API's Key/Attr conditions."""
import pytest
from boto3.dynamodb.conditions import Attr, Key

from dynamodb_support import ddb, ddb_error, ddb_resource, make_table  # noqa: F401


@pytest.fixture
def numbers(ddb, make_table):
    """pk "p" with sk 0..19 (N), v = sk % 3; pk "q" with sk 0..4."""
    name = make_table("sk", range_type="N")
    with_batches = [{"PutRequest": {"Item": {"pk": {"S": "p"}, "sk": {"N": str(i)},
                                             "v": {"N": str(i % 3)}}}} for i in range(20)]
    with_batches += [{"PutRequest": {"Item": {"pk": {"S": "q"}, "sk": {"N": str(i)}}}}
                     for i in range(5)]
    for start in range(0, len(with_batches), 25):
        ddb.batch_write_item(RequestItems={name: with_batches[start:start + 25]})
    return name


def sks(items):
    return [int(i["sk"]["N"]) for i in items]


@pytest.mark.parametrize("condition,values,expected", [
    ("pk = :p", {}, list(range(20))),
    ("pk = :p AND sk = :a", {":a": "7"}, [7]),
    ("pk = :p AND sk < :a", {":a": "3"}, [0, 1, 2]),
    ("pk = :p AND sk <= :a", {":a": "3"}, [0, 1, 2, 3]),
    ("pk = :p AND sk > :a", {":a": "16"}, [17, 18, 19]),
    ("pk = :p AND sk >= :a", {":a": "16"}, [16, 17, 18, 19]),
    ("pk = :p AND sk BETWEEN :a AND :b", {":a": "5", ":b": "8"}, [5, 6, 7, 8]),
])
def test_query_key_conditions(ddb, numbers, condition, values, expected):
    attribute_values = {":p": {"S": "p"}, **{k: {"N": v} for k, v in values.items()}}
    result = ddb.query(TableName=numbers, KeyConditionExpression=condition,
                       ExpressionAttributeValues=attribute_values)
    assert sks(result["Items"]) == expected
    assert result["Count"] == len(expected)


def test_query_numbers_order_numerically(ddb, make_table):
    name = make_table("sk", range_type="N")
    for n in ["-10", "-1.5", "0", "2", "10", "1e2"]:
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": n}})
    items = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
    assert [i["sk"]["N"] for i in items] == ["-10", "-1.5", "0", "2", "10", "100"]


def test_query_begins_with_and_backwards(ddb, make_table):
    name = make_table("sk")
    for sk in ["a#1", "a#2", "b#1", "a#3", "ab"]:
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": sk}})
    forward = ddb.query(TableName=name,
                        KeyConditionExpression="pk = :p AND begins_with(sk, :pre)",
                        ExpressionAttributeValues={":p": {"S": "p"}, ":pre": {"S": "a#"}})
    assert [i["sk"]["S"] for i in forward["Items"]] == ["a#1", "a#2", "a#3"]
    backward = ddb.query(TableName=name, ScanIndexForward=False,
                         KeyConditionExpression="pk = :p AND begins_with(sk, :pre)",
                         ExpressionAttributeValues={":p": {"S": "p"}, ":pre": {"S": "a#"}})
    assert [i["sk"]["S"] for i in backward["Items"]] == ["a#3", "a#2", "a#1"]


def test_query_paging_forward_and_backward(ddb, numbers):
    for forward in (True, False):
        seen, kwargs = [], {}
        while True:
            page = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p", Limit=6,
                             ScanIndexForward=forward,
                             ExpressionAttributeValues={":p": {"S": "p"}}, **kwargs)
            seen += sks(page["Items"])
            if "LastEvaluatedKey" not in page:
                break
            assert set(page["LastEvaluatedKey"]) == {"pk", "sk"}
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        assert seen == (list(range(20)) if forward else list(range(19, -1, -1)))


def test_query_filter_counts_and_limit(ddb, numbers):
    result = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p",
                       FilterExpression="v = :zero", Limit=10,
                       ExpressionAttributeValues={":p": {"S": "p"}, ":zero": {"N": "0"}})
    assert sks(result["Items"]) == [0, 3, 6, 9]
    assert result["Count"] == 4 and result["ScannedCount"] == 10
    assert result["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "9"}}


def test_query_select_count_and_projection(ddb, numbers):
    counted = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p", Select="COUNT",
                        ExpressionAttributeValues={":p": {"S": "p"}})
    assert counted["Count"] == 20 and "Items" not in counted
    projected = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p AND sk = :s",
                          ProjectionExpression="v",
                          ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"N": "4"}})
    assert projected["Items"] == [{"v": {"N": "1"}}]


def test_query_validation(ddb, numbers):
    with ddb_error("ValidationException", "Query condition missed key schema element: pk"):
        ddb.query(TableName=numbers, KeyConditionExpression="sk = :s",
                  ExpressionAttributeValues={":s": {"N": "1"}})
    with ddb_error("ValidationException",
                   "Either the KeyConditions or KeyConditionExpression parameter must be "
                   "specified in the request."):
        ddb.query(TableName=numbers)
    with ddb_error("ValidationException", "The table does not have the specified index: nope"):
        ddb.query(TableName=numbers, IndexName="nope", KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "p"}})
    with ddb_error("ResourceNotFoundException", "Requested resource not found"):
        ddb.query(TableName="no-such-table", KeyConditionExpression="pk = :p",
                  ExpressionAttributeValues={":p": {"S": "p"}})


def test_one_megabyte_pages(ddb, make_table):
    name = make_table("sk", range_type="N")
    blob = "x" * (100 * 1024)
    for start in range(0, 15, 5):
        ddb.batch_write_item(RequestItems={name: [
            {"PutRequest": {"Item": {"pk": {"S": "p"}, "sk": {"N": str(i)}, "v": {"S": blob}}}}
            for i in range(start, start + 5)]})
    first = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "p"}})
    assert 9 <= first["Count"] < 15 and "LastEvaluatedKey" in first
    rest = ddb.query(TableName=name, KeyConditionExpression="pk = :p",
                     ExclusiveStartKey=first["LastEvaluatedKey"],
                     ExpressionAttributeValues={":p": {"S": "p"}})
    assert first["Count"] + rest["Count"] == 15
    scanned = ddb.scan(TableName=name, Select="COUNT")
    assert scanned["ScannedCount"] < 15 and "LastEvaluatedKey" in scanned


def test_scan_paging_filter_and_segments(ddb, numbers):
    everything, kwargs = [], {}
    while True:
        page = ddb.scan(TableName=numbers, Limit=7, **kwargs)
        everything += page["Items"]
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    assert len(everything) == 25
    assert len({(i["pk"]["S"], i["sk"]["N"]) for i in everything}) == 25
    filtered = ddb.scan(TableName=numbers, FilterExpression="v = :two",
                        ExpressionAttributeValues={":two": {"N": "2"}})
    assert sorted(sks(filtered["Items"])) == [2, 5, 8, 11, 14, 17]
    segments = [ddb.scan(TableName=numbers, Segment=s, TotalSegments=4)["Items"]
                for s in range(4)]
    keys = [(i["pk"]["S"], i["sk"]["N"]) for segment in segments for i in segment]
    assert len(keys) == 25 and len(set(keys)) == 25
    with ddb_error("ValidationException",
                   "The Segment parameter is zero-based and must be less than parameter "
                   "TotalSegments: Segment: 4 is not less than TotalSegments: 4"):
        ddb.scan(TableName=numbers, Segment=4, TotalSegments=4)


def test_sparse_global_index(ddb, make_table):
    name = make_table(ExtraAttributes=[{"AttributeName": "status", "AttributeType": "S"},
                                       {"AttributeName": "at", "AttributeType": "N"}],
                      GlobalSecondaryIndexes=[{
                          "IndexName": "byStatus",
                          "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                        {"AttributeName": "at", "KeyType": "RANGE"}],
                          "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    ddb.put_item(TableName=name, Item={"pk": {"S": "1"}, "status": {"S": "open"},
                                       "at": {"N": "3"}, "x": {"S": "hidden"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "2"}, "status": {"S": "open"},
                                       "at": {"N": "1"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "3"}})  # not in the index
    ddb.put_item(TableName=name, Item={"pk": {"S": "4"}, "status": {"S": "open"}})  # no sort key
    items = ddb.query(TableName=name, IndexName="byStatus",
                      KeyConditionExpression="#s = :o", ExpressionAttributeNames={"#s": "status"},
                      ExpressionAttributeValues={":o": {"S": "open"}})["Items"]
    assert items == [{"pk": {"S": "2"}, "status": {"S": "open"}, "at": {"N": "1"}},
                     {"pk": {"S": "1"}, "status": {"S": "open"}, "at": {"N": "3"}}]
    assert ddb.scan(TableName=name, IndexName="byStatus")["Count"] == 2
    with ddb_error("ValidationException",
                   "Consistent reads are not supported on global secondary indexes"):
        ddb.query(TableName=name, IndexName="byStatus", ConsistentRead=True,
                  KeyConditionExpression="#s = :o", ExpressionAttributeNames={"#s": "status"},
                  ExpressionAttributeValues={":o": {"S": "open"}})
    # Index pages resume from the index key plus the table key.
    page = ddb.query(TableName=name, IndexName="byStatus", Limit=1,
                     KeyConditionExpression="#s = :o", ExpressionAttributeNames={"#s": "status"},
                     ExpressionAttributeValues={":o": {"S": "open"}})
    assert page["LastEvaluatedKey"] == {"pk": {"S": "2"}, "status": {"S": "open"},
                                        "at": {"N": "1"}}
    rest = ddb.query(TableName=name, IndexName="byStatus", ExclusiveStartKey=page["LastEvaluatedKey"],
                     KeyConditionExpression="#s = :o", ExpressionAttributeNames={"#s": "status"},
                     ExpressionAttributeValues={":o": {"S": "open"}})
    assert [i["pk"]["S"] for i in rest["Items"]] == ["1"]


def test_local_index_query_returns_whole_items(ddb, make_table):
    name = make_table("sk", ExtraAttributes=[{"AttributeName": "l", "AttributeType": "N"}],
                      LocalSecondaryIndexes=[{
                          "IndexName": "byL",
                          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                        {"AttributeName": "l", "KeyType": "RANGE"}],
                          "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    for sk, l in [("a", 3), ("b", 1), ("c", 2)]:
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": sk}, "l": {"N": str(l)},
                                           "x": {"S": sk}})
    keys_only = ddb.query(TableName=name, IndexName="byL", KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
    assert [i["sk"]["S"] for i in keys_only] == ["b", "c", "a"]
    assert "x" not in keys_only[0]
    whole = ddb.query(TableName=name, IndexName="byL", KeyConditionExpression="pk = :p",
                      Select="ALL_ATTRIBUTES", ConsistentRead=True,
                      ExpressionAttributeValues={":p": {"S": "p"}})["Items"]
    assert whole[0]["x"] == {"S": "b"}


def test_resource_api_key_and_attr(ddb_resource, numbers):
    table = ddb_resource.Table(numbers)
    result = table.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").between(3, 6),
                         FilterExpression=Attr("v").ne(0))
    assert [int(i["sk"]) for i in result["Items"]] == [4, 5]
    scanned = table.scan(FilterExpression=Attr("pk").eq("q") & Attr("sk").gte(3))
    assert sorted(int(i["sk"]) for i in scanned["Items"]) == [3, 4]


def test_cli_query_and_scan(server, numbers):
    result = server.cli("dynamodb", "query", "--table-name", numbers,
                        "--key-condition-expression", "pk = :p AND sk > :s",
                        "--expression-attribute-values", '{":p": {"S": "q"}, ":s": {"N": "2"}}',
                        "--query", "Items[].sk.N", "--output", "text")
    assert result.stdout.split() == ["3", "4"], result.stderr
    # The CLI pages through Scan by itself.
    scanned = server.cli("dynamodb", "scan", "--table-name", numbers, "--page-size", "4",
                         "--select", "COUNT", "--output", "json")
    assert '"Count": 25' in scanned.stdout, scanned.stdout + scanned.stderr


def test_legacy_key_conditions_and_filters(ddb, numbers):
    result = ddb.query(TableName=numbers, KeyConditions={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
        "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "3"}, {"N": "9"}]}},
        QueryFilter={"v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "0"}]}})
    assert sks(result["Items"]) == [3, 6, 9]
    scanned = ddb.scan(TableName=numbers, ScanFilter={
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "q"}]}},
        AttributesToGet=["sk"])
    assert sorted(sks(scanned["Items"])) == [0, 1, 2, 3, 4]
    assert all(set(i) == {"sk"} for i in scanned["Items"])


def test_query_start_key_outside_the_condition(ddb, numbers):
    with ddb_error("ValidationException",
                   "The provided starting key is outside query boundaries based on provided "
                   "conditions"):
        ddb.query(TableName=numbers, KeyConditionExpression="pk = :p AND sk > :s",
                  ExclusiveStartKey={"pk": {"S": "p"}, "sk": {"N": "1"}},
                  ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"N": "5"}})
    with ddb_error("ValidationException",
                   "The provided starting key is outside query boundaries based on provided "
                   "conditions"):
        ddb.query(TableName=numbers, KeyConditionExpression="pk = :p",
                  ExclusiveStartKey={"pk": {"S": "q"}, "sk": {"N": "1"}},
                  ExpressionAttributeValues={":p": {"S": "p"}})
