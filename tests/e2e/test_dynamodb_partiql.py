"""DynamoDB PartiQL: ExecuteStatement (SELECT as GetItem/Query/Scan with Limit and NextToken,
index reads, INSERT, UPDATE, DELETE, RETURNING, Parameters), BatchExecuteStatement with
per-statement errors, ExecuteTransaction (all or nothing, CancellationReasons, idempotency);
DynamoDB's messages; one case through the aws CLI."""
import json
import uuid

import pytest

from dynamodb_support import ddb, ddb_error, make_table  # noqa: F401


@pytest.fixture
def table(make_table):
    return make_table("sk")


def put(ddb, table, pk, sk, **attributes):
    item = {"pk": {"S": pk}, "sk": {"S": sk}}
    item.update({name: {"N": str(v)} if isinstance(v, int) else {"S": v}
                 for name, v in attributes.items()})
    ddb.put_item(TableName=table, Item=item)


def test_insert_select_and_duplicate(ddb, table):
    ddb.execute_statement(
        Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1', 'n': 5}}")
    got = ddb.execute_statement(Statement=f"SELECT * FROM \"{table}\" WHERE pk = 'a' AND sk = '1'",
                                ConsistentRead=True)
    assert got["Items"] == [{"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "5"}}]
    with ddb_error("DuplicateItemException", "Duplicate primary key exists in table"):
        ddb.execute_statement(Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': 'a', 'sk': '1'}}")


def test_parameters_and_projection(ddb, table):
    ddb.execute_statement(Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': ?, 'sk': ?, 'v': ?}}",
                          Parameters=[{"S": "p"}, {"S": "s"}, {"N": "1.50"}])
    got = ddb.execute_statement(Statement=f"SELECT v FROM \"{table}\" WHERE pk = ? AND sk = ?",
                                Parameters=[{"S": "p"}, {"S": "s"}], ConsistentRead=True)
    assert got["Items"] == [{"v": {"N": "1.5"}}]
    with ddb_error("ValidationException",
                   "Number of parameters in request and statement don't match."):
        ddb.execute_statement(Statement=f"SELECT * FROM \"{table}\" WHERE pk = ?")


def test_query_and_scan_paging(ddb, table):
    for i in range(5):
        put(ddb, table, "q", f"{i}", n=i)
    put(ddb, table, "other", "0")
    statement = f"SELECT * FROM \"{table}\" WHERE pk = 'q' AND sk >= '1'"
    seen, token = [], None
    while True:
        kwargs = {"NextToken": token} if token else {}
        page = ddb.execute_statement(Statement=statement, Limit=2, ConsistentRead=True, **kwargs)
        seen += [item["sk"]["S"] for item in page["Items"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == ["1", "2", "3", "4"]
    scanned = ddb.execute_statement(Statement=f"SELECT pk FROM \"{table}\" WHERE n > 2",
                                    ConsistentRead=True)
    assert sorted(i["pk"]["S"] for i in scanned["Items"]) == ["q", "q"]
    everything = ddb.execute_statement(Statement=f"SELECT * FROM \"{table}\"", ConsistentRead=True)
    assert len(everything["Items"]) == 6


def test_update_and_returning(ddb, table):
    put(ddb, table, "u", "1", n=1, gone="x")
    got = ddb.execute_statement(
        Statement=f"UPDATE \"{table}\" SET n = n + 1 SET m = 'new' REMOVE gone "
                  f"WHERE pk = 'u' AND sk = '1' RETURNING ALL NEW *")
    assert got["Items"] == [{"pk": {"S": "u"}, "sk": {"S": "1"}, "n": {"N": "2"},
                             "m": {"S": "new"}}]
    old = ddb.execute_statement(
        Statement=f"UPDATE \"{table}\" SET n = 7 WHERE pk = 'u' AND sk = '1' "
                  f"RETURNING MODIFIED OLD *")
    assert old["Items"] == [{"n": {"N": "2"}}]
    with ddb_error("ConditionalCheckFailedException", "The conditional request failed"):
        ddb.execute_statement(Statement=f"UPDATE \"{table}\" SET n = 1 WHERE pk = 'u' AND sk = '1' "
                                        f"AND n = 100")
    with ddb_error("ConditionalCheckFailedException", "The conditional request failed"):
        ddb.execute_statement(
            Statement=f"UPDATE \"{table}\" SET n = 1 WHERE pk = 'no' AND sk = '1'")
    with ddb_error("ValidationException",
                   "Where clause does not contain a mandatory equality on all key attributes"):
        ddb.execute_statement(Statement=f"UPDATE \"{table}\" SET n = 1 WHERE pk = 'u'")


def test_delete_with_returning(ddb, table):
    put(ddb, table, "d", "1", n=1)
    got = ddb.execute_statement(
        Statement=f"DELETE FROM \"{table}\" WHERE pk = 'd' AND sk = '1' RETURNING ALL OLD *")
    assert got["Items"] == [{"pk": {"S": "d"}, "sk": {"S": "1"}, "n": {"N": "1"}}]
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "d"}, "sk": {"S": "1"}},
                                      ConsistentRead=True)


def test_index_select_and_errors(ddb, make_table):
    name = make_table(
        "sk", ExtraAttributes=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "x"}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "b"}, "sk": {"S": "1"}})
    got = ddb.execute_statement(Statement=f"SELECT pk FROM \"{name}\".\"by-g\" WHERE g = 'x'")
    assert got["Items"] == [{"pk": {"S": "a"}}]
    with ddb_error("ValidationException", "The table does not have the specified index"):
        ddb.execute_statement(Statement=f"SELECT * FROM \"{name}\".\"nope\"")
    with ddb_error("ValidationException",
                   "Strongly consistent read is not supported on Global Secondary Indexes"):
        ddb.execute_statement(Statement=f"SELECT * FROM \"{name}\".\"by-g\"", ConsistentRead=True)


def test_missing_table_and_bad_statement(ddb):
    with ddb_error("ResourceNotFoundException"):
        ddb.execute_statement(Statement=f"SELECT * FROM \"missing-{uuid.uuid4().hex[:8]}\"")
    with ddb_error("ValidationException"):
        ddb.execute_statement(Statement="SELEKT * FROM t")


def test_batch_execute_statement(ddb, table):
    put(ddb, table, "b", "1")
    writes = ddb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b', 'sk': '2'}}"},
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'b', 'sk': '1'}}"},
        {"Statement": f"UPDATE \"{table}\" SET v = 1 WHERE pk = 'b' AND sk = '1'"},
    ])["Responses"]
    assert "Error" not in writes[0] and "Error" not in writes[2]
    assert writes[1]["Error"]["Code"] == "DuplicateItem"
    reads = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM \"{table}\" WHERE pk = 'b' AND sk = '1'",
         "ConsistentRead": True},
        {"Statement": f"SELECT * FROM \"{table}\" WHERE pk = 'b' AND sk = '9'"},
    ])["Responses"]
    assert reads[0]["Item"] == {"pk": {"S": "b"}, "sk": {"S": "1"}, "v": {"N": "1"}}
    assert reads[0]["TableName"] == table and "Item" not in reads[1]


def test_execute_transaction(ddb, table):
    put(ddb, table, "t", "1", n=1)
    statements = [
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 't', 'sk': '2'}}"},
        {"Statement": f"UPDATE \"{table}\" SET n = 5 WHERE pk = 't' AND sk = '1' AND n = 99"},
    ]
    with ddb_error("TransactionCanceledException") as caught:
        ddb.execute_transaction(TransactStatements=statements)
    reasons = caught.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "t"}, "sk": {"S": "2"}},
                                      ConsistentRead=True)
    statements[1]["Statement"] = f"UPDATE \"{table}\" SET n = n + 1 WHERE pk = 't' AND sk = '1'"
    token = uuid.uuid4().hex
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token)
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken=token)  # replay
    read = ddb.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT * FROM \"{table}\" WHERE pk = 't' AND sk = '1'"},
        {"Statement": f"SELECT * FROM \"{table}\" WHERE pk = 't' AND sk = '2'"},
    ])["Responses"]
    assert read[0]["Item"]["n"] == {"N": "2"} and read[1]["Item"]["sk"] == {"S": "2"}


def test_transaction_validation_messages(ddb, table):
    with ddb_error("ValidationException",
                   "Validation failed in TransactStatements[0]: RETURNING clause is not "
                   "supported in ExecuteTransaction."):
        ddb.execute_transaction(TransactStatements=[
            {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'x' AND sk = '1' "
                          f"RETURNING ALL OLD *"}])


def test_cli_execute_statement(server, table):
    inserted = server.cli("dynamodb", "execute-statement", "--statement",
                          f"INSERT INTO \"{table}\" VALUE {{'pk': 'cli', 'sk': '1'}}")
    assert inserted.returncode == 0, inserted.stderr
    selected = server.cli("dynamodb", "execute-statement", "--statement",
                          f"SELECT * FROM \"{table}\" WHERE pk = 'cli'", "--output", "json")
    assert selected.returncode == 0, selected.stderr
    assert json.loads(selected.stdout)["Items"] == [{"pk": {"S": "cli"}, "sk": {"S": "1"}}]


def test_condition_failure_returns_old_item(ddb, table):
    put(ddb, table, "r", "1", n=1)
    with ddb_error("ConditionalCheckFailedException") as caught:
        ddb.execute_statement(
            Statement=f"UPDATE \"{table}\" SET n = 2 WHERE pk = 'r' AND sk = '1' AND n = 5",
            ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert caught.response["Item"] == {"pk": {"S": "r"}, "sk": {"S": "1"}, "n": {"N": "1"}}


def test_transaction_duplicate_insert_reason(ddb, table):
    put(ddb, table, "x", "1")
    with ddb_error("TransactionCanceledException") as caught:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'x', 'sk': '1'}}"},
            {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'x' AND sk = '2'"},
        ])
    assert [r["Code"] for r in caught.response["CancellationReasons"]] == ["DuplicateItem", "None"]


def test_transaction_delete_of_missing_item_commits(ddb, table):
    ddb.execute_transaction(TransactStatements=[
        {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'm', 'sk': '1'}}"},
        {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'm' AND sk = '2'"},
    ])
    assert "Item" in ddb.get_item(TableName=table, Key={"pk": {"S": "m"}, "sk": {"S": "1"}},
                                  ConsistentRead=True)
