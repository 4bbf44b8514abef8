"""DynamoDB GSIs with multi-attribute (composite) keys: up to four HASH and four RANGE attributes.
The partition attributes are hashed together; items sort by the RANGE attributes compared left to
right; an item lacking any key attribute is not in the index; a Query names every partition
attribute with equality and a prefix of the sort attributes (equalities, then at most one condition
of any kind on the last one named); LastEvaluatedKey carries the table key and every index key
attribute. Tables' own keys and LSIs stay single-attribute.
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.DesignPattern.MultiAttributeKeys.html
"""
import signal
import uuid

import pytest
from boto3.dynamodb.conditions import Key

from dynamodb_support import ddb, ddb_error, ddb_resource, make_table, unique_name  # noqa: F401

S = "S"
N = "N"


def definitions(**types):
    return [{"AttributeName": name, "AttributeType": t} for name, t in types.items()]


def key(*elements):
    """key(("h", "HASH"), ("a", "RANGE"), ...) -> KeySchema."""
    return [{"AttributeName": name, "KeyType": kind} for name, kind in elements]


def gsi(name, *elements, projection=None):
    return {"IndexName": name, "KeySchema": key(*elements),
            "Projection": projection or {"ProjectionType": "ALL"}}


# The index of the AWS-verified example: one HASH attribute and four RANGE attributes.
ITEMS = [
    {"pk": "p1", "a": "T", "b": "live", "c": "b", "d": "r1"},
    {"pk": "p2", "a": "T", "b": "live", "c": "a", "d": "r2"},
    {"pk": "p3", "a": "T", "b": "live", "c": "a", "d": "r1"},
    {"pk": "p4", "a": "T", "b": "draft", "c": "c", "d": "r1"},
    {"pk": "p5", "a": "F", "b": "live", "c": "a", "d": "r0"},
    {"pk": "p6", "a": "T", "b": "live", "d": "r1"},  # no c: not in the index
]
VALUES = {":h": {"S": "o1"}, ":a": {"S": "T"}, ":b": {"S": "live"}, ":c": {"S": "a"},
          ":d": {"S": "r"}, ":x": {"S": "r1"}, ":y": {"S": "r1"}}


@pytest.fixture
def four_range(ddb, make_table):
    name = make_table(ExtraAttributes=definitions(h=S, a=S, b=S, c=S, d=S),
                      GlobalSecondaryIndexes=[gsi("gsi", ("h", "HASH"), ("a", "RANGE"),
                                                  ("b", "RANGE"), ("c", "RANGE"),
                                                  ("d", "RANGE"))])
    for item in ITEMS:
        ddb.put_item(TableName=name, Item={"h": {"S": "o1"},
                                           **{k: {"S": v} for k, v in item.items()}})
    return name


def query(ddb, table, condition, **extra):
    used = {k: v for k, v in VALUES.items() if k in condition}
    response = ddb.query(TableName=table, IndexName="gsi", KeyConditionExpression=condition,
                         ExpressionAttributeValues=used, **extra)
    return [i["pk"]["S"] for i in response["Items"]], response.get("LastEvaluatedKey")


@pytest.mark.parametrize("condition,expected", [
    ("h = :h", ["p5", "p4", "p3", "p2", "p1"]),
    ("h = :h AND a = :a", ["p4", "p3", "p2", "p1"]),
    ("h = :h AND a = :a AND b = :b", ["p3", "p2", "p1"]),
    ("h = :h AND a = :a AND b = :b AND c = :c", ["p3", "p2"]),
    ("h = :h AND a = :a AND b = :b AND c > :c", ["p1"]),
    ("h = :h AND a = :a AND b = :b AND c >= :c", ["p3", "p2", "p1"]),
    ("h = :h AND a = :a AND b = :b AND c <= :c", ["p3", "p2"]),
    ("h = :h AND a = :a AND b = :b AND c = :c AND begins_with(d, :d)", ["p3", "p2"]),
    ("h = :h AND a = :a AND b = :b AND c = :c AND d BETWEEN :x AND :y", ["p3"]),
    ("h = :h AND a = :a AND b = :b AND c = :c AND d = :x", ["p3"]),
    ("h = :h AND a = :a AND b < :b", ["p4"]),
    ("h = :h AND a < :a", ["p5"]),
    ("h = :h AND a > :a", []),
    ("b = :b AND h = :h AND a = :a", ["p3", "p2", "p1"]),  # any order of the clauses
])
def test_query_prefixes_of_the_sort_attributes(ddb, four_range, condition, expected):
    assert query(ddb, four_range, condition)[0] == expected
    reverse = query(ddb, four_range, condition, ScanIndexForward=False)[0]
    assert reverse == list(reversed(expected))


def test_describe_table_lists_every_key_attribute_in_order(ddb, four_range):
    index = ddb.describe_table(TableName=four_range)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["KeySchema"] == key(("h", "HASH"), ("a", "RANGE"), ("b", "RANGE"),
                                     ("c", "RANGE"), ("d", "RANGE"))
    assert index["ItemCount"] == 5  # p6 lacks c


def test_pages_carry_every_index_key_attribute(ddb, four_range):
    pks, last = query(ddb, four_range, "h = :h AND a = :a", Limit=2)
    assert pks == ["p4", "p3"]
    assert sorted(last) == ["a", "b", "c", "d", "h", "pk"]
    assert last["pk"] == {"S": "p3"} and last["d"] == {"S": "r1"}
    rest, last = query(ddb, four_range, "h = :h AND a = :a", ExclusiveStartKey=last)
    assert rest == ["p2", "p1"] and last is None
    back, _ = query(ddb, four_range, "h = :h AND a = :a", ScanIndexForward=False,
                    ExclusiveStartKey={"pk": {"S": "p2"}, "h": {"S": "o1"}, "a": {"S": "T"},
                                       "b": {"S": "live"}, "c": {"S": "a"}, "d": {"S": "r2"}})
    assert back == ["p3", "p4"]


def test_a_start_key_outside_the_condition_is_refused(ddb, four_range):
    outside = {"pk": {"S": "p5"}, "h": {"S": "o1"}, "a": {"S": "F"}, "b": {"S": "live"},
               "c": {"S": "a"}, "d": {"S": "r0"}}
    with ddb_error("ValidationException", "The provided starting key is outside query "
                                          "boundaries based on provided conditions"):
        query(ddb, four_range, "h = :h AND a = :a", ExclusiveStartKey=outside)


@pytest.mark.parametrize("condition,message", [
    ("h = :h AND a = :a AND c = :c",
     "RANGE key attributes b must have equality conditions specified in the query because a "
     "condition is present on key attribute c"),
    ("h = :h AND a = :a AND b > :b AND c = :c",
     "RANGE key attributes b must have equality conditions specified in the query because a "
     "condition is present on key attribute c"),
    ("h = :h AND b = :b",
     "RANGE key attributes a must have equality conditions specified in the query because a "
     "condition is present on key attribute b"),
    ("a = :a", "Query condition missed key schema element: h"),
    ("h > :h", "Query key condition not supported"),
    ("h = :h AND a = :a AND a = :b", "KeyConditionExpressions must only contain one condition "
                                     "per key"),
])
def test_key_condition_errors(ddb, four_range, condition, message):
    with ddb_error("ValidationException", message):
        query(ddb, four_range, condition)


def test_filter_and_projection_still_apply(ddb, four_range):
    response = ddb.query(TableName=four_range, IndexName="gsi",
                         KeyConditionExpression="h = :h AND a = :a",
                         FilterExpression="d = :x", ProjectionExpression="pk",
                         ExpressionAttributeValues={":h": {"S": "o1"}, ":a": {"S": "T"},
                                                    ":x": {"S": "r1"}})
    assert response["Items"] == [{"pk": {"S": "p4"}}, {"pk": {"S": "p3"}}, {"pk": {"S": "p1"}}]
    assert response["ScannedCount"] == 4


@pytest.fixture
def tournaments(ddb, make_table):
    """Two HASH attributes (S and N) and two RANGE attributes (N and S), INCLUDE projection."""
    name = make_table(
        ExtraAttributes=definitions(tournament=S, season=N, round=N, match=S),
        GlobalSecondaryIndexes=[gsi("byTournament", ("tournament", "HASH"), ("season", "HASH"),
                                    ("round", "RANGE"), ("match", "RANGE"),
                                    projection={"ProjectionType": "INCLUDE",
                                                "NonKeyAttributes": ["winner"]})])
    rows = [("m1", "cup", 2024, 1, "a"), ("m2", "cup", 2024, 10, "a"), ("m3", "cup", 2024, 2, "b"),
            ("m4", "cup", 2024, 2, "a"), ("m5", "cup", 2025, 1, "a"), ("m6", "league", 2024, 1, "a"),
            ("m7", "cup", 2024, -3, "z")]
    for pk, tournament, season, round_, match in rows:
        ddb.put_item(TableName=name, Item={
            "pk": {"S": pk}, "tournament": {"S": tournament}, "season": {"N": str(season)},
            "round": {"N": str(round_)}, "match": {"S": match}, "winner": {"S": "w" + pk},
            "other": {"S": "not projected"}})
    # Sparse: lacking season, or with season of another type, the item is not indexed.
    ddb.put_item(TableName=name, Item={"pk": {"S": "m8"}, "tournament": {"S": "cup"},
                                       "round": {"N": "1"}, "match": {"S": "a"}})
    return name


def test_every_partition_attribute_is_part_of_the_partition(ddb_resource, tournaments):
    table = ddb_resource.Table(tournaments)
    items = table.query(IndexName="byTournament",
                        KeyConditionExpression=Key("tournament").eq("cup") & Key("season").eq(2024)
                        )["Items"]
    # Numbers sort numerically, then the second RANGE attribute breaks ties.
    assert [i["pk"] for i in items] == ["m7", "m1", "m4", "m3", "m2"]
    assert set(items[0]) == {"pk", "tournament", "season", "round", "match", "winner"}
    items = table.query(IndexName="byTournament",
                        KeyConditionExpression=Key("season").eq(2024) & Key("tournament").eq("cup")
                        & Key("round").between(1, 2))["Items"]
    assert [i["pk"] for i in items] == ["m1", "m4", "m3"]
    items = table.query(IndexName="byTournament",
                        KeyConditionExpression=Key("tournament").eq("cup") & Key("season").eq(2024)
                        & Key("round").eq(2) & Key("match").begins_with("b"))["Items"]
    assert [i["pk"] for i in items] == ["m3"]
    assert table.query(IndexName="byTournament",
                       KeyConditionExpression=Key("tournament").eq("cup") & Key("season").eq(2025)
                       )["Count"] == 1


def test_all_partition_attributes_are_required(ddb, tournaments):
    with ddb_error("ValidationException", "Query condition missed key schema element: season"):
        ddb.query(TableName=tournaments, IndexName="byTournament",
                  KeyConditionExpression="tournament = :t",
                  ExpressionAttributeValues={":t": {"S": "cup"}})
    with ddb_error("ValidationException", "One or more parameter values were invalid: Condition "
                                          "parameter type does not match schema type"):
        ddb.query(TableName=tournaments, IndexName="byTournament",
                  KeyConditionExpression="tournament = :t AND season = :s",
                  ExpressionAttributeValues={":t": {"S": "cup"}, ":s": {"S": "2024"}})


def test_legacy_key_conditions(ddb, tournaments):
    items = ddb.query(TableName=tournaments, IndexName="byTournament", KeyConditions={
        "tournament": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "cup"}]},
        "season": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "2024"}]},
        "round": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]}})["Items"]
    assert [i["pk"]["S"] for i in items] == ["m4", "m3", "m2"]


def test_index_key_type_mismatch_is_refused_on_write(ddb, tournaments):
    with ddb_error("ValidationException", "One or more parameter values were invalid: Type "
                   "mismatch for Index Key season Expected: N Actual: S IndexName: byTournament"):
        ddb.put_item(TableName=tournaments, Item={"pk": {"S": "x"}, "season": {"S": "2024"}})


def test_updates_move_items_between_partitions_and_out_of_the_index(ddb, tournaments):
    def count(season):
        return ddb.query(TableName=tournaments, IndexName="byTournament",
                         KeyConditionExpression="tournament = :t AND season = :s",
                         ExpressionAttributeValues={":t": {"S": "cup"}, ":s": {"N": season}},
                         Select="COUNT")["Count"]
    ddb.update_item(TableName=tournaments, Key={"pk": {"S": "m1"}},
                    UpdateExpression="SET season = :s", ExpressionAttributeValues={":s": {"N": "2025"}})
    assert (count("2024"), count("2025")) == (4, 2)
    ddb.update_item(TableName=tournaments, Key={"pk": {"S": "m5"}}, UpdateExpression="REMOVE #r",
                    ExpressionAttributeNames={"#r": "round"})
    assert count("2025") == 1
    ddb.delete_item(TableName=tournaments, Key={"pk": {"S": "m1"}})
    assert count("2025") == 0
    index = ddb.describe_table(TableName=tournaments)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["ItemCount"] == 5  # m1..m7 less m5 (no round) and m1 (deleted)


def test_scan_of_the_index_skips_sparse_items(ddb, tournaments):
    items = ddb.scan(TableName=tournaments, IndexName="byTournament")["Items"]
    assert sorted(i["pk"]["S"] for i in items) == ["m1", "m2", "m3", "m4", "m5", "m6", "m7"]


HASH4 = [("h1", "HASH"), ("h2", "HASH"), ("h3", "HASH"), ("h4", "HASH")]
RANGE4 = [("r1", "RANGE"), ("r2", "RANGE"), ("r3", "RANGE"), ("r4", "RANGE")]
ALL8 = definitions(pk=S, h1=S, h2=S, h3=S, h4=S, h5=S, r1=S, r2=S, r3=S, r4=S, r5=S)


def test_four_hash_and_four_range_attributes(ddb, make_table):
    name = make_table(ExtraAttributes=ALL8[1:5] + ALL8[6:10],
                      GlobalSecondaryIndexes=[gsi("gsi8", *HASH4, *RANGE4)])
    ddb.put_item(TableName=name, Item={n: {"S": n + "v"} for n in
                                       ["pk", "h1", "h2", "h3", "h4", "r1", "r2", "r3", "r4"]})
    response = ddb.query(
        TableName=name, IndexName="gsi8",
        KeyConditionExpression="h1 = :h1 AND h2 = :h2 AND h3 = :h3 AND h4 = :h4 AND r1 = :r1 "
                               "AND r2 = :r2 AND r3 = :r3 AND r4 >= :r4",
        ExpressionAttributeValues={f":{n}": {"S": n + "v"}
                                   for n in ["h1", "h2", "h3", "h4", "r1", "r2", "r3", "r4"]})
    assert response["Count"] == 1
    index = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["KeySchema"] == key(*HASH4, *RANGE4)


@pytest.mark.parametrize("index_key,message", [
    (HASH4 + [("h5", "HASH")], "One or more parameter values were invalid: The KeySchema exceeds "
                               "the maximum allowed number of HASH key attributes"),
    ([("h1", "HASH")] + RANGE4 + [("r5", "RANGE")],
     "One or more parameter values were invalid: The KeySchema exceeds the maximum allowed "
     "number of RANGE key attributes"),
    ([("h1", "HASH"), ("r1", "RANGE"), ("h2", "HASH")],
     "One or more parameter values were invalid: All HASH key attributes must precede RANGE key "
     "attributes in the KeySchema"),
    ([("r1", "RANGE"), ("h1", "HASH")],
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    ([("h1", "HASH"), ("r1", "RANGE"), ("h1", "RANGE")],
     "The KeySchema contains multiple key attributes with the same name"),
])
def test_gsi_key_schema_errors(ddb, index_key, message):
    used = {name for name, _ in index_key} | {"pk"}
    with ddb_error("ValidationException", message):
        ddb.create_table(TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[d for d in ALL8 if d["AttributeName"] in used],
                         KeySchema=key(("pk", "HASH")),
                         GlobalSecondaryIndexes=[gsi("bad", *index_key)])


def test_tables_and_lsis_keep_single_attribute_keys(ddb):
    table_key = key(("pk", "HASH"), ("r1", "RANGE"), ("r2", "RANGE"))
    with ddb_error("ValidationException") as caught:
        ddb.create_table(TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=definitions(pk=S, r1=S, r2=S), KeySchema=table_key)
    assert "Member must have length less than or equal to 2" in caught.error["Message"]
    with ddb_error("ValidationException", "Invalid KeySchema: The second KeySchemaElement is not a "
                                          "RANGE key type"):
        ddb.create_table(TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=definitions(pk=S, h2=S),
                         KeySchema=key(("pk", "HASH"), ("h2", "HASH")))
    with ddb_error("ValidationException") as caught:
        ddb.create_table(TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=definitions(pk=S, sk=S, r1=S, r2=S),
                         KeySchema=key(("pk", "HASH"), ("sk", "RANGE")),
                         LocalSecondaryIndexes=[{"IndexName": "lsi", "KeySchema": key(
                             ("pk", "HASH"), ("r1", "RANGE"), ("r2", "RANGE")),
                             "Projection": {"ProjectionType": "ALL"}}])
    assert "Member must have length less than or equal to 2" in caught.error["Message"]


def test_update_table_adds_a_composite_gsi_to_a_populated_table(ddb, make_table):
    name = make_table()
    for n in range(40):
        item = {"pk": {"S": f"p{n:02}"}, "org": {"S": f"o{n % 2}"}, "n": {"N": str(n)}}
        if n % 5:
            item["team"] = {"S": f"t{n % 3}"}  # every fifth item lacks it: not indexed
        ddb.put_item(TableName=name, Item=item)
    ddb.update_table(TableName=name, AttributeDefinitions=definitions(org=S, team=S, n=N),
                     GlobalSecondaryIndexUpdates=[{"Create": gsi(
                         "byTeam", ("org", "HASH"), ("team", "HASH"), ("n", "RANGE"))}])
    index = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["KeySchema"] == key(("org", "HASH"), ("team", "HASH"), ("n", "RANGE"))
    expected = [n for n in range(40) if n % 5 and n % 2 == 0 and n % 3 == 1]
    items, start = [], None
    while True:
        kwargs = {"ExclusiveStartKey": start} if start else {}
        page = ddb.query(TableName=name, IndexName="byTeam", Limit=2,
                         KeyConditionExpression="org = :o AND team = :t AND n >= :z",
                         ExpressionAttributeValues={":o": {"S": "o0"}, ":t": {"S": "t1"},
                                                    ":z": {"N": "0"}}, **kwargs)
        items += [int(i["n"]["N"]) for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
        assert sorted(start) == ["n", "org", "pk", "team"]
    assert items == expected


def test_partiql_select_on_a_composite_index(ddb, tournaments):
    items = ddb.execute_statement(
        Statement=f'SELECT pk FROM "{tournaments}"."byTournament" WHERE tournament = ? '
                  f'AND season = ? AND "round" = ?',
        Parameters=[{"S": "cup"}, {"N": "2024"}, {"N": "2"}])["Items"]
    assert sorted(i["pk"]["S"] for i in items) == ["m3", "m4"]


def test_composite_index_survives_a_restart(start_server, tmp_path):
    def start():
        return start_server({"PERSISTENCE": "1", "DATA_DIR": str(tmp_path)})
    server = start()
    ddb = server.client("dynamodb")
    name = f"composite-{uuid.uuid4().hex[:10]}"
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=definitions(pk=S, a=S, b=N, c=S),
                     KeySchema=key(("pk", "HASH")),
                     GlobalSecondaryIndexes=[gsi("gab", ("a", "HASH"), ("b", "HASH"),
                                                 ("c", "RANGE"))])
    for n in range(6):
        ddb.put_item(TableName=name, Item={"pk": {"S": f"p{n}"}, "a": {"S": "x"},
                                           "b": {"N": str(n % 2)}, "c": {"S": f"c{5 - n}"}})
    before = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"]
    server.stop(signal.SIGKILL)

    ddb = start().client("dynamodb")
    assert ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"] == before
    items = ddb.query(TableName=name, IndexName="gab",
                      KeyConditionExpression="a = :a AND b = :b",
                      ExpressionAttributeValues={":a": {"S": "x"}, ":b": {"N": "1"}})["Items"]
    assert [i["pk"]["S"] for i in items] == ["p5", "p3", "p1"]
