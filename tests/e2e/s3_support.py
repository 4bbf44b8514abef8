"""Helpers shared by the S3 e2e tests (test_s3_*.py): a boto3 client as the tests use it and
buckets with names no other test (or earlier run against AWS) uses."""
import uuid

from botocore.config import Config


def path_style_client(server, **config):
    """An S3 client on path-style addresses that does not retry (an error is the answer)."""
    return server.client("s3", config=Config(region_name="us-east-1", retries={"max_attempts": 1},
                                             s3={"addressing_style": "path"}, **config))


def new_bucket(s3, prefix):
    name = f"{prefix}-{uuid.uuid4().hex[:16]}"
    s3.create_bucket(Bucket=name)
    return name
