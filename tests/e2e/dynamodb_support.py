"""Helpers shared by the DynamoDB e2e tests (test_dynamodb_*.py).

Written so that the tests would also pass against AWS: table names are random, tables are
deleted afterwards (waiting until they exist first, as AWS creates them asynchronously), and the
expected messages are DynamoDB's.
"""
import contextlib
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG, REGION


def unique_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def key_schema(hash_name="pk", hash_type="S", range_name=None, range_type="S"):
    """(AttributeDefinitions, KeySchema) for a simple or composite primary key."""
    definitions = [{"AttributeName": hash_name, "AttributeType": hash_type}]
    schema = [{"AttributeName": hash_name, "KeyType": "HASH"}]
    if range_name:
        definitions.append({"AttributeName": range_name, "AttributeType": range_type})
        schema.append({"AttributeName": range_name, "KeyType": "RANGE"})
    return definitions, schema


@contextlib.contextmanager
def ddb_error(code, message=None, status=400):
    """Asserts the block raises ClientError `code` (and, when given, exactly `message`)."""

    class Holder:
        error = None
        response = None

    holder = Holder()
    with pytest.raises(ClientError) as caught:
        yield holder
    holder.response = caught.value.response
    holder.error = caught.value.response["Error"]
    assert holder.error["Code"] == code, holder.error
    if message is not None:
        assert holder.error["Message"] == message, holder.error
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == status


@pytest.fixture
def ddb(server):
    return server.client("dynamodb")


@pytest.fixture
def ddb_resource(server):
    return boto3.resource("dynamodb", endpoint_url=server.url, region_name=REGION,
                          config=CLIENT_CONFIG)


@pytest.fixture
def make_table(ddb):
    """make_table(range_name=None, hash_type="S", range_type="S", **create_kwargs) -> name.
    PAY_PER_REQUEST unless the kwargs say otherwise; waits until the table exists."""
    created = []

    def make(range_name=None, hash_type="S", range_type="S", hash_name="pk", **kwargs):
        name = kwargs.pop("TableName", None) or unique_name()
        definitions, schema = key_schema(hash_name, hash_type, range_name, range_type)
        extra = kwargs.pop("ExtraAttributes", [])
        kwargs.setdefault("AttributeDefinitions", definitions + extra)
        kwargs.setdefault("KeySchema", schema)
        if "ProvisionedThroughput" not in kwargs:
            kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
        ddb.create_table(TableName=name, **kwargs)
        created.append(name)
        ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
        return name

    yield make
    for name in created:
        try:
            ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
            ddb.delete_table(TableName=name)
        except ClientError:
            pass
