"""S3 buckets as boto3 and the aws CLI use them: CreateBucket (location constraints, name rules,
buckets owned by you or by another account), HeadBucket, ListBuckets (owner, prefix, pages,
region), DeleteBucket and GetBucketLocation, path-style and virtual-host addressing.
Written to pass against AWS as well (bucket names are random)."""
import http.client
import io
import json
import uuid
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

OTHER_ACCOUNT = "111111111111"  # a 12-digit access key id signs as that account


def name(prefix="bkt"):
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def client(server, region="us-east-1", access_key="test", **s3_config):
    config = Config(region_name=region, retries={"max_attempts": 1}, s3=s3_config or None)
    return boto3.client("s3", endpoint_url=server.url, region_name=region, config=config,
                        aws_access_key_id=access_key, aws_secret_access_key="test")


def code(exc):
    return exc.value.response["Error"]["Code"]


def status(exc):
    return exc.value.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def s3(server):
    return client(server)


def test_create_in_us_east_1_head_location_delete(s3):
    bucket = name()
    created = s3.create_bucket(Bucket=bucket)
    assert created["Location"] == f"/{bucket}"
    head = s3.head_bucket(Bucket=bucket)
    assert head["BucketRegion"] == "us-east-1"
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "us-east-1"
    assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] is None
    deleted = s3.delete_bucket(Bucket=bucket)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as exc:
        s3.head_bucket(Bucket=bucket)
    assert code(exc) == "404" and status(exc) == 404


def test_create_in_another_region_needs_its_constraint(server):
    eu = client(server, "eu-west-1")
    bucket = name()
    with pytest.raises(ClientError) as exc:
        eu.create_bucket(Bucket=bucket)
    assert code(exc) == "IllegalLocationConstraintException"
    with pytest.raises(ClientError) as exc:
        eu.create_bucket(Bucket=bucket,
                         CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    assert code(exc) == "IllegalLocationConstraintException"
    eu.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    try:
        assert eu.get_bucket_location(Bucket=bucket)["LocationConstraint"] == "eu-west-1"
        assert eu.head_bucket(Bucket=bucket)["BucketRegion"] == "eu-west-1"
        listed = {b["Name"]: b for b in eu.list_buckets()["Buckets"]}
        assert listed[bucket]["BucketRegion"] == "eu-west-1"
        # Outside us-east-1 re-creating your own bucket is an error.
        with pytest.raises(ClientError) as exc:
            eu.create_bucket(Bucket=bucket,
                             CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        assert code(exc) == "BucketAlreadyOwnedByYou" and status(exc) == 409
    finally:
        eu.delete_bucket(Bucket=bucket)


def test_us_east_1_refuses_its_own_name_as_constraint(s3):
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket=name(),
                         CreateBucketConfiguration={"LocationConstraint": "us-east-1"})
    assert code(exc) == "InvalidLocationConstraint" and status(exc) == 400


def test_us_east_1_recreate_of_own_bucket_succeeds(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    try:
        assert s3.create_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200
    finally:
        s3.delete_bucket(Bucket=bucket)


def test_bucket_of_another_account_already_exists(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    try:
        other = client(server, access_key=OTHER_ACCOUNT)
        with pytest.raises(ClientError) as exc:
            other.create_bucket(Bucket=bucket)
        assert code(exc) == "BucketAlreadyExists" and status(exc) == 409
        assert bucket not in [b["Name"] for b in other.list_buckets()["Buckets"]]
    finally:
        s3.delete_bucket(Bucket=bucket)


@pytest.mark.parametrize("bad", ["ab", "UpperCase-bucket", "two..dots", "192.168.1.20",
                                 "-leading-hyphen", "xn--punycode-prefix", "ends-with-s3alias",
                                 "a" * 64])
def test_invalid_bucket_names(s3, bad):
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket=bad)
    assert code(exc) == "InvalidBucketName" and status(exc) == 400


def test_list_buckets_owner_prefix_and_pages(server):
    # A fresh account, so that the listing holds only this test's buckets.
    s3 = client(server, access_key="222222222222")
    prefix = name("lst")
    buckets = sorted(f"{prefix}-{i}" for i in range(5))
    for bucket in buckets:
        s3.create_bucket(Bucket=bucket)
    try:
        listed = s3.list_buckets()
        assert [b["Name"] for b in listed["Buckets"]] == buckets
        assert len(listed["Owner"]["ID"]) == 64 and listed["Owner"]["DisplayName"]
        assert all(b["CreationDate"] and b["BucketRegion"] == "us-east-1"
                   for b in listed["Buckets"])
        # The owner is the same canonical user ACLs name.
        first = s3.list_buckets(Prefix=f"{prefix}-0")
        assert [b["Name"] for b in first["Buckets"]] == [f"{prefix}-0"]
        assert first["Prefix"] == f"{prefix}-0"
        page = s3.list_buckets(MaxBuckets=2)
        names = [b["Name"] for b in page["Buckets"]]
        while "ContinuationToken" in page:
            page = s3.list_buckets(MaxBuckets=2, ContinuationToken=page["ContinuationToken"])
            names += [b["Name"] for b in page["Buckets"]]
        assert names == buckets
        assert s3.list_buckets(BucketRegion="eu-west-1")["Buckets"] == []
    finally:
        for bucket in buckets:
            s3.delete_bucket(Bucket=bucket)


def test_list_buckets_bad_max_buckets(s3):
    with pytest.raises(ClientError) as exc:
        s3.list_buckets(MaxBuckets=10001)
    assert code(exc) == "InvalidArgument"


def test_delete_bucket_not_empty_and_missing(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.delete_bucket(Bucket=bucket)
    assert code(exc) == "BucketNotEmpty" and status(exc) == 409
    s3.delete_object(Bucket=bucket, Key="k")
    s3.delete_bucket(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.delete_bucket(Bucket=bucket)
    assert code(exc) == "NoSuchBucket" and status(exc) == 404
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_location(Bucket=bucket)
    assert code(exc) == "NoSuchBucket"
    assert exc.value.response["Error"]["BucketName"] == bucket


def test_object_lock_and_ownership_on_create(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    try:
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    finally:
        s3.delete_bucket(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket=name(), ACL="public-read")  # ACLs are off by default
    assert code(exc) == "InvalidBucketAclWithObjectOwnership"


def signed(server, method, path, host, body=b""):
    """A raw SigV4 request with the Host header given (virtual-host addressing)."""
    import hashlib
    headers = {"Host": host, "x-amz-content-sha256": hashlib.sha256(body).hexdigest()}
    request = AWSRequest(method=method, url=f"http://{host}{path}", data=body, headers=headers)
    SigV4Auth(Credentials("test", "test"), "s3", "us-east-1").add_auth(request)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request(method, path, body=body, headers=dict(request.headers.items()))
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


class _Raw(io.BytesIO):
    def stream(self, **_):
        yield self.getvalue()


def local_sender(server):
    """A before-send hook: the request goes to the local server, its Host header kept."""
    def send(request, **_):
        url = urlsplit(request.url)
        headers = dict(request.headers.items())
        headers["Host"] = url.netloc
        body = request.body
        if hasattr(body, "read"):
            body = body.read()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request(request.method, url.path + (f"?{url.query}" if url.query else ""),
                     body=body, headers=headers)
        reply = conn.getresponse()
        return AWSResponse(request.url, reply.status, dict(reply.getheaders()),
                           _Raw(reply.read()))
    return send


def test_virtual_host_addressing(server, s3):
    bucket = name("vhost")
    s3.create_bucket(Bucket=bucket)
    try:
        host = f"{bucket}.s3.localhost.localstack.cloud"
        st, _, body = signed(server, "PUT", "/dir/file.txt", host, b"virtual bytes")
        assert st == 200, body
        assert s3.get_object(Bucket=bucket, Key="dir/file.txt")["Body"].read() == b"virtual bytes"
        st, _, body = signed(server, "GET", "/dir/file.txt", host)
        assert st == 200 and body == b"virtual bytes"
        st, headers, _ = signed(server, "HEAD", "/", host)
        assert st == 200 and headers.get("x-amz-bucket-region") == "us-east-1"
        st, _, body = signed(server, "GET", "/?location", host)
        assert st == 200 and b"LocationConstraint" in body
        st, _, body = signed(server, "GET", "/missing", host)
        assert st == 404 and b"<Code>NoSuchKey</Code>" in body
        # boto3's own virtual addressing: <bucket>.s3.localhost.localstack.cloud does not resolve
        # here, so the request is sent to the server with that Host header.
        virtual = boto3.client(
            "s3", endpoint_url=f"http://s3.localhost.localstack.cloud:{server.port}",
            region_name="us-east-1",
            config=Config(retries={"max_attempts": 1}, s3={"addressing_style": "virtual"}))
        virtual.meta.events.register("before-send.s3", local_sender(server))
        virtual.put_object(Bucket=bucket, Key="boto/v.txt", Body=b"via boto3")
        got = virtual.get_object(Bucket=bucket, Key="boto/v.txt")
        assert got["Body"].read() == b"via boto3"
        assert [o["Key"] for o in virtual.list_objects_v2(Bucket=bucket)["Contents"]] == \
            ["boto/v.txt", "dir/file.txt"]
        virtual.delete_object(Bucket=bucket, Key="boto/v.txt")
        s3.delete_object(Bucket=bucket, Key="dir/file.txt")
    finally:
        s3.delete_bucket(Bucket=bucket)


def test_cli_mb_ls_rb(server):
    bucket = name("cli")
    made = server.cli("s3", "mb", f"s3://{bucket}")
    assert made.returncode == 0, made.stderr
    assert f"make_bucket: {bucket}" in made.stdout
    listed = server.cli("s3", "ls")
    assert bucket in listed.stdout
    api = server.cli("s3api", "head-bucket", "--bucket", bucket, "--output", "json")
    assert api.returncode == 0, api.stderr
    assert json.loads(api.stdout)["BucketRegion"] == "us-east-1"
    removed = server.cli("s3", "rb", f"s3://{bucket}")
    assert removed.returncode == 0, removed.stderr
    assert f"remove_bucket: {bucket}" in removed.stdout
    missing = server.cli("s3api", "head-bucket", "--bucket", bucket)
    assert missing.returncode != 0 and "404" in missing.stderr


def test_create_bucket_bad_xml_and_bad_constraint(server, s3):
    host = f"127.0.0.1:{server.port}"
    bucket = name("xml")
    st, _, body = signed(server, "PUT", f"/{bucket}", host,
                         b"<CreateBucketConfiguration><LocationConstraint>")
    assert st == 400 and b"<Code>MalformedXML</Code>" in body, body
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket=bucket,
                         CreateBucketConfiguration={"LocationConstraint": "not a region"})
    assert code(exc) == "InvalidLocationConstraint"
    with pytest.raises(ClientError) as exc:
        s3.head_bucket(Bucket=bucket)
    assert code(exc) == "404"
