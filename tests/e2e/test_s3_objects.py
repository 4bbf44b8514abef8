"""S3 objects as boto3 and the aws CLI use them: Put/Get/Head/Delete/Copy, ranges and conditional
requests, metadata and the standard headers, storage classes, checksums, DeleteObjects,
GetObjectAttributes, tagging, ACLs and RestoreObject, with S3's errors for each.
Written to pass against AWS as well (bucket names are random)."""
import base64
import datetime
import hashlib
import os
import uuid
import zlib

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def md5_etag(data):
    return '"%s"' % hashlib.md5(data).hexdigest()


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def code(exc):
    return exc.value.response["Error"]["Code"]


def status(exc):
    return exc.value.response["ResponseMetadata"]["HTTPStatusCode"]


def headers(response):
    return response["ResponseMetadata"]["HTTPHeaders"]


@pytest.fixture(scope="module")
def s3(server):
    return server.client("s3", config=Config(region_name="us-east-1",
                                             retries={"max_attempts": 1},
                                             s3={"addressing_style": "path"}))


def empty_bucket(s3, bucket):
    versions = s3.list_object_versions(Bucket=bucket)
    for entry in versions.get("Versions", []) + versions.get("DeleteMarkers", []):
        s3.delete_object(Bucket=bucket, Key=entry["Key"], VersionId=entry["VersionId"])
    s3.delete_bucket(Bucket=bucket)


@pytest.fixture
def bucket(s3):
    name = f"obj-{uuid.uuid4().hex[:20]}"
    s3.create_bucket(Bucket=name)
    yield name
    empty_bucket(s3, name)


@pytest.fixture
def acl_bucket(s3):
    name = f"acl-{uuid.uuid4().hex[:20]}"
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    # New buckets block public ACLs; these tests set some.
    s3.delete_public_access_block(Bucket=name)
    yield name
    empty_bucket(s3, name)


# ---- PutObject / GetObject / HeadObject ---------------------------------------------------------

def test_put_get_head_with_metadata_and_headers(s3, bucket):
    body = b"hello, object"
    expires = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    put = s3.put_object(Bucket=bucket, Key="dir/a key+é.txt", Body=body,
                        Metadata={"Color": "blue", "shape": "round"}, ContentType="text/plain",
                        ContentEncoding="identity", ContentDisposition="attachment",
                        ContentLanguage="en", CacheControl="max-age=60", Expires=expires)
    assert put["ETag"] == md5_etag(body)
    got = s3.get_object(Bucket=bucket, Key="dir/a key+é.txt")
    assert got["Body"].read() == body
    assert got["ETag"] == md5_etag(body)
    assert got["ContentLength"] == len(body)
    assert got["Metadata"] == {"color": "blue", "shape": "round"}
    assert got["ContentType"] == "text/plain"
    assert got["ContentEncoding"] == "identity"
    assert got["ContentDisposition"] == "attachment"
    assert got["ContentLanguage"] == "en"
    assert got["CacheControl"] == "max-age=60"
    assert headers(got)["expires"] == "Wed, 02 Jan 2030 03:04:05 GMT"
    assert got["AcceptRanges"] == "bytes"
    assert "StorageClass" not in got  # S3 leaves STANDARD out
    head = s3.head_object(Bucket=bucket, Key="dir/a key+é.txt")
    assert head["ContentLength"] == len(body)
    assert head["ETag"] == md5_etag(body)
    assert head["Metadata"] == {"color": "blue", "shape": "round"}
    assert head["LastModified"] == got["LastModified"]


def test_default_content_type_and_empty_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b""
    assert got["ContentType"] == "binary/octet-stream"
    assert got["ETag"] == md5_etag(b"")
    assert got["ContentLength"] == 0


def test_missing_key_and_bucket(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="nope")
    assert code(exc) == "NoSuchKey" and status(exc) == 404
    assert exc.value.response["Error"]["Key"] == "nope"
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="nope")
    assert code(exc) == "404"
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=f"{bucket}-missing", Key="k")
    assert code(exc) == "NoSuchBucket"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=f"{bucket}-missing", Key="k", Body=b"x")
    assert code(exc) == "NoSuchBucket" and status(exc) == 404


def test_key_too_long(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k" * 1025, Body=b"x")
    assert code(exc) == "KeyTooLongError"
    s3.put_object(Bucket=bucket, Key="é" * 512, Body=b"x")  # 1024 bytes of UTF-8
    assert s3.get_object(Bucket=bucket, Key="é" * 512)["Body"].read() == b"x"


def test_metadata_too_large(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Metadata={"big": "v" * 2100})
    assert code(exc) == "MetadataTooLarge" and status(exc) == 400
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Metadata={"ok": "v" * 2000})


def test_website_redirect_location(s3, bucket):
    s3.put_object(Bucket=bucket, Key="r", Body=b"x", WebsiteRedirectLocation="/elsewhere")
    assert s3.head_object(Bucket=bucket, Key="r")["WebsiteRedirectLocation"] == "/elsewhere"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="r", Body=b"x", WebsiteRedirectLocation="elsewhere")
    assert code(exc) == "InvalidArgument"


def test_storage_class(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ia", Body=b"x", StorageClass="STANDARD_IA")
    assert s3.head_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="bad", Body=b"x", StorageClass="PLATINUM")
    assert code(exc) == "InvalidStorageClass"


def test_sse_headers_are_stored_and_echoed(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    assert put["ServerSideEncryption"] == "AES256"
    put = s3.put_object(Bucket=bucket, Key="kms", Body=b"x", ServerSideEncryption="aws:kms",
                        SSEKMSKeyId="alias/my-key", BucketKeyEnabled=True)
    assert put["ServerSideEncryption"] == "aws:kms"
    assert put["SSEKMSKeyId"] == "alias/my-key"
    head = s3.head_object(Bucket=bucket, Key="kms")
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == "alias/my-key"
    assert head["BucketKeyEnabled"] is True


def test_bucket_default_encryption_applies_to_writes(s3, bucket):
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                                               "KMSMasterKeyID": "alias/bucket-key"},
        "BucketKeyEnabled": True}]})
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"] == "alias/bucket-key"
    head = s3.head_object(Bucket=bucket, Key="k")
    assert head["ServerSideEncryption"] == "aws:kms" and head["BucketKeyEnabled"] is True
    put = s3.put_object(Bucket=bucket, Key="own", Body=b"x", ServerSideEncryption="AES256")
    assert put["ServerSideEncryption"] == "AES256" and "SSEKMSKeyId" not in put
    s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/own")
    assert s3.head_object(Bucket=bucket, Key="copy")["ServerSideEncryption"] == "aws:kms"


def test_checksums_stored_and_returned(s3, bucket):
    data = os.urandom(5000)
    put = s3.put_object(Bucket=bucket, Key="c", Body=data, ChecksumAlgorithm="SHA256")
    sha = base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert put["ChecksumSHA256"] == sha
    got = s3.get_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert got["ChecksumSHA256"] == sha and got["Body"].read() == data
    head = s3.head_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == sha and head["ChecksumType"] == "FULL_OBJECT"
    # No checksum declared: S3 computes a CRC64NVME.
    s3_plain = boto3.client("s3", endpoint_url=s3.meta.endpoint_url, region_name="us-east-1",
                            config=Config(request_checksum_calculation="when_required",
                                          response_checksum_validation="when_required",
                                          retries={"max_attempts": 1}))
    # Checksums come back only with ChecksumMode=ENABLED (boto3 sends it by default).
    assert "ChecksumSHA256" not in s3_plain.get_object(Bucket=bucket, Key="c")
    s3_plain.put_object(Bucket=bucket, Key="n", Body=b"no checksum")
    assert s3.head_object(Bucket=bucket, Key="n", ChecksumMode="ENABLED")["ChecksumCRC64NVME"]


def test_bad_checksum_and_bad_content_md5(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"data", ChecksumCRC32=crc32_b64(b"other"))
    assert code(exc) == "BadDigest"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"data",
                      ContentMD5=base64.b64encode(hashlib.md5(b"other").digest()).decode())
    assert code(exc) == "BadDigest"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"data", ContentMD5="not-md5")
    assert code(exc) == "InvalidDigest"
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="k")


# ---- ranges, parts, conditions ------------------------------------------------------------------

DATA = bytes(range(256)) * 4  # 1024 bytes


@pytest.mark.parametrize("spec, first, last", [
    ("bytes=0-9", 0, 9), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023),
    ("bytes=1020-5000", 1020, 1023), ("bytes=-5000", 0, 1023), ("bytes=0-0", 0, 0)])
def test_ranges(s3, bucket, spec, first, last):
    s3.put_object(Bucket=bucket, Key="r", Body=DATA)
    got = s3.get_object(Bucket=bucket, Key="r", Range=spec)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == DATA[first:last + 1]
    assert got["ContentRange"] == f"bytes {first}-{last}/1024"
    assert got["ContentLength"] == last - first + 1


@pytest.mark.parametrize("spec", ["bytes=0-1,5-6", "bytes=9-2", "items=0-1", "bytes=x-y"])
def test_ranges_s3_ignores(s3, bucket, spec):
    s3.put_object(Bucket=bucket, Key="r", Body=DATA)
    got = s3.get_object(Bucket=bucket, Key="r", Range=spec)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert got["Body"].read() == DATA


@pytest.mark.parametrize("spec", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_range(s3, bucket, spec):
    s3.put_object(Bucket=bucket, Key="r", Body=DATA)
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="r", Range=spec)
    assert code(exc) == "InvalidRange" and status(exc) == 416
    assert exc.value.response["Error"]["ActualObjectSize"] == "1024"


def test_part_number_of_simple_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=DATA)
    got = s3.get_object(Bucket=bucket, Key="p", PartNumber=1)
    assert got["Body"].read() == DATA
    # A part is a range, even when it is the whole object.
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == "bytes 0-1023/1024"
    assert "PartsCount" not in got
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="p", PartNumber=2)
    assert code(exc) == "InvalidPartNumber" and status(exc) == 416
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="p", PartNumber=1, Range="bytes=0-1")
    assert code(exc) == "InvalidRequest"


def test_part_number_and_parts_count_of_multipart_object(s3, bucket):
    part = b"a" * (5 * 1024 * 1024)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")
    etags = [s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload["UploadId"], PartNumber=n,
                            Body=body)["ETag"] for n, body in ((1, part), (2, b"tail"))]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e}
                                                            for n, e in zip((1, 2), etags)]})
    got = s3.get_object(Bucket=bucket, Key="mp", PartNumber=2)
    assert got["Body"].read() == b"tail"
    assert got["PartsCount"] == 2
    assert got["ContentRange"] == f"bytes {len(part)}-{len(part) + 3}/{len(part) + 4}"
    head = s3.head_object(Bucket=bucket, Key="mp", PartNumber=1)
    assert head["ContentLength"] == len(part) and head["PartsCount"] == 2
    attributes = s3.get_object_attributes(Bucket=bucket, Key="mp",
                                          ObjectAttributes=["ObjectParts", "ETag", "ObjectSize"])
    assert attributes["ObjectParts"]["TotalPartsCount"] == 2
    assert attributes["ETag"].endswith("-2")
    assert attributes["ObjectSize"] == len(part) + 4


def test_read_conditions(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="c", Body=b"v1")
    etag = put["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="c")["LastModified"]
    before = modified - datetime.timedelta(hours=1)
    after = modified + datetime.timedelta(hours=1)
    ok = s3.get_object(Bucket=bucket, Key="c", IfMatch=etag, IfUnmodifiedSince=before)
    assert ok["Body"].read() == b"v1"  # If-Match holds: If-Unmodified-Since is not consulted
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="c", IfMatch='"0000"')
    assert code(exc) == "PreconditionFailed" and status(exc) == 412
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=before)
    assert status(exc) == 412
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="c", IfNoneMatch=etag)
    assert status(exc) == 304
    assert exc.value.response["ResponseMetadata"]["HTTPHeaders"]["etag"] == etag
    with pytest.raises(ClientError) as exc:  # If-None-Match fails: 304 whatever the date says
        s3.get_object(Bucket=bucket, Key="c", IfNoneMatch=etag, IfModifiedSince=before)
    assert status(exc) == 304
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=after)
    assert status(exc) == 304
    assert s3.get_object(Bucket=bucket, Key="c", IfNoneMatch='"other"',
                         IfModifiedSince=after)["Body"].read() == b"v1"
    assert s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=before)["Body"].read() == b"v1"
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="c", IfMatch='"0000"')
    assert status(exc) == 412


def test_conditional_writes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="once", Body=b"first", IfNoneMatch="*")
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="once", Body=b"second", IfNoneMatch="*")
    assert code(exc) == "PreconditionFailed" and status(exc) == 412
    etag = s3.head_object(Bucket=bucket, Key="once")["ETag"]
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="once", Body=b"second", IfMatch='"0000"')
    assert code(exc) == "PreconditionFailed"
    s3.put_object(Bucket=bucket, Key="once", Body=b"second", IfMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="once")["Body"].read() == b"second"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="never", Body=b"x", IfMatch=etag)
    assert code(exc) == "NoSuchKey"


def test_response_overrides(s3, bucket):
    s3.put_object(Bucket=bucket, Key="o", Body=b"x", ContentType="text/plain")
    got = s3.get_object(Bucket=bucket, Key="o", ResponseContentType="application/json",
                        ResponseContentDisposition="inline", ResponseCacheControl="no-cache",
                        ResponseContentLanguage="de", ResponseContentEncoding="gzip",
                        ResponseExpires=datetime.datetime(2031, 1, 1,
                                                          tzinfo=datetime.timezone.utc))
    assert got["ContentType"] == "application/json"
    assert got["ContentDisposition"] == "inline"
    assert got["CacheControl"] == "no-cache"
    assert got["ContentLanguage"] == "de"
    assert got["ContentEncoding"] == "gzip"
    assert headers(got)["expires"] == "Wed, 01 Jan 2031 00:00:00 GMT"


# ---- delete, versions, DeleteObjects -----------------------------------------------------------

def test_delete_object_and_delete_markers(s3, bucket):
    s3.put_object(Bucket=bucket, Key="d", Body=b"x")
    deleted = s3.delete_object(Bucket=bucket, Key="d")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "DeleteMarker" not in deleted
    assert s3.delete_object(Bucket=bucket, Key="d")["ResponseMetadata"]["HTTPStatusCode"] == 204
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="d", Body=b"one")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="d")
    assert marker["DeleteMarker"] is True and marker["VersionId"]
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="d")
    assert code(exc) == "NoSuchKey"
    assert exc.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="d", VersionId=marker["VersionId"])
    assert status(exc) == 405
    assert s3.get_object(Bucket=bucket, Key="d", VersionId=v1)["Body"].read() == b"one"
    s3.delete_object(Bucket=bucket, Key="d", VersionId=marker["VersionId"])
    got = s3.get_object(Bucket=bucket, Key="d")
    assert got["Body"].read() == b"one" and got["VersionId"] == v1
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="d", VersionId="not-a-version")
    assert code(exc) in ("InvalidArgument", "NoSuchVersion")


def test_delete_objects(s3, bucket):
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "a"}, {"Key": "b"}, {"Key": "missing"}, {"Key": "c", "VersionId": "bad id!"}]})
    assert sorted(d["Key"] for d in out["Deleted"]) == ["a", "b", "missing"]
    assert [(e["Key"], e["Code"]) for e in out["Errors"]] == [("c", "InvalidArgument")]
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "c"}], "Quiet": True})
    assert "Deleted" not in quiet and "Errors" not in quiet
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    with pytest.raises(ClientError) as exc:
        s3.delete_objects(Bucket=bucket,
                          Delete={"Objects": [{"Key": f"k{i}"} for i in range(1001)]})
    assert code(exc) == "MalformedXML"
    with pytest.raises(ClientError) as exc:
        s3.delete_objects(Bucket=f"{bucket}-missing", Delete={"Objects": [{"Key": "a"}]})
    assert code(exc) == "NoSuchBucket"


def test_delete_objects_versioned_reports_markers(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket=bucket, Key="v", Body=b"x")["VersionId"]
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "v"}]})
    assert out["Deleted"][0]["DeleteMarker"] is True
    assert out["Deleted"][0]["DeleteMarkerVersionId"]
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "v", "VersionId": version}]})
    assert out["Deleted"] == [{"Key": "v", "VersionId": version}]


def test_delete_objects_bad_xml_and_missing_digest(server, s3, bucket):
    import http.client
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    def post(body, extra):
        hdrs = {"x-amz-content-sha256": hashlib.sha256(body).hexdigest(), **extra}
        request = AWSRequest(method="POST", url=f"{server.url}/{bucket}?delete", data=body,
                             headers=hdrs)
        SigV4Auth(Credentials("test", "test"), "s3", "us-east-1").add_auth(request)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("POST", f"/{bucket}?delete", body=body, headers=dict(request.headers.items()))
        reply = conn.getresponse()
        return reply.status, reply.read().decode()

    good = b"<Delete><Object><Key>a</Key></Object></Delete>"
    md5 = base64.b64encode(hashlib.md5(good).digest()).decode()
    assert post(good, {"Content-MD5": md5})[0] == 200
    st, text = post(good, {})
    assert st == 400 and "<Code>InvalidRequest</Code>" in text
    bad = b"<Delete><Object><Key>a</Key>"
    st, text = post(bad, {"Content-MD5": base64.b64encode(hashlib.md5(bad).digest()).decode()})
    assert st == 400 and "<Code>MalformedXML</Code>" in text


# ---- CopyObject ---------------------------------------------------------------------------------

def test_copy_object_metadata_directive(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src key/ü", Body=b"copy me", ContentType="text/plain",
                  Metadata={"a": "1"}, Tagging="t=1")
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket,
                                                                  "Key": "src key/ü"})
    assert copied["CopyObjectResult"]["ETag"] == md5_etag(b"copy me")
    head = s3.head_object(Bucket=bucket, Key="dst")
    assert head["Metadata"] == {"a": "1"} and head["ContentType"] == "text/plain"
    assert s3.get_object_tagging(Bucket=bucket, Key="dst")["TagSet"] == [{"Key": "t",
                                                                         "Value": "1"}]
    s3.copy_object(Bucket=bucket, Key="dst2", CopySource=f"{bucket}/src key/ü",
                   MetadataDirective="REPLACE", Metadata={"b": "2"}, ContentType="app/x",
                   TaggingDirective="REPLACE", Tagging="u=2")
    head = s3.head_object(Bucket=bucket, Key="dst2")
    assert head["Metadata"] == {"b": "2"} and head["ContentType"] == "app/x"
    assert s3.get_object_tagging(Bucket=bucket, Key="dst2")["TagSet"] == [{"Key": "u",
                                                                          "Value": "2"}]
    assert s3.get_object(Bucket=bucket, Key="dst2")["Body"].read() == b"copy me"


def test_copy_object_to_itself(s3, bucket):
    s3.put_object(Bucket=bucket, Key="self", Body=b"x", Metadata={"a": "1"})
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="self", CopySource=f"{bucket}/self")
    assert code(exc) == "InvalidRequest"
    s3.copy_object(Bucket=bucket, Key="self", CopySource=f"{bucket}/self",
                   MetadataDirective="REPLACE", Metadata={"a": "2"})
    assert s3.head_object(Bucket=bucket, Key="self")["Metadata"] == {"a": "2"}
    s3.copy_object(Bucket=bucket, Key="self", CopySource=f"{bucket}/self",
                   StorageClass="STANDARD_IA")
    assert s3.head_object(Bucket=bucket, Key="self")["StorageClass"] == "STANDARD_IA"


def test_copy_source_conditions_and_errors(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="s", Body=b"x")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="s")["LastModified"]
    s3.copy_object(Bucket=bucket, Key="t", CopySource=f"{bucket}/s", CopySourceIfMatch=etag)
    for condition in ({"CopySourceIfMatch": '"0000"'}, {"CopySourceIfNoneMatch": etag},
                      {"CopySourceIfModifiedSince": modified + datetime.timedelta(hours=1)},
                      {"CopySourceIfUnmodifiedSince": modified - datetime.timedelta(hours=1)}):
        with pytest.raises(ClientError) as exc:
            s3.copy_object(Bucket=bucket, Key="t", CopySource=f"{bucket}/s", **condition)
        assert code(exc) == "PreconditionFailed" and status(exc) == 412, condition
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="t", CopySource=f"{bucket}/missing")
    assert code(exc) == "NoSuchKey"
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="t", CopySource=f"{bucket}-missing/s")
    assert code(exc) == "NoSuchBucket"


def test_copy_old_version_with_checksum(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="v", Body=b"one", ChecksumAlgorithm="CRC32")["VersionId"]
    s3.put_object(Bucket=bucket, Key="v", Body=b"two")
    copied = s3.copy_object(Bucket=bucket, Key="v", CopySource={"Bucket": bucket, "Key": "v",
                                                                "VersionId": v1})
    assert copied["CopySourceVersionId"] == v1 and copied["VersionId"] != v1
    assert copied["CopyObjectResult"]["ChecksumCRC32"] == crc32_b64(b"one")
    assert s3.get_object(Bucket=bucket, Key="v")["Body"].read() == b"one"
    copied = s3.copy_object(Bucket=bucket, Key="w", CopySource=f"{bucket}/v",
                            ChecksumAlgorithm="SHA1")
    assert copied["CopyObjectResult"]["ChecksumSHA1"] == \
        base64.b64encode(hashlib.sha1(b"one").digest()).decode()


# ---- attributes, tagging, ACLs, restore ---------------------------------------------------------

def test_get_object_attributes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"attrs", ChecksumAlgorithm="CRC32",
                  StorageClass="GLACIER_IR")
    out = s3.get_object_attributes(Bucket=bucket, Key="a", ObjectAttributes=[
        "ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"])
    assert out["ETag"] == hashlib.md5(b"attrs").hexdigest()  # no quotes here
    assert out["Checksum"]["ChecksumCRC32"] == crc32_b64(b"attrs")
    assert out["StorageClass"] == "GLACIER_IR"
    assert out["ObjectSize"] == 5
    assert "ObjectParts" not in out
    with pytest.raises(ClientError) as exc:
        s3.get_object_attributes(Bucket=bucket, Key="none", ObjectAttributes=["ETag"])
    assert code(exc) == "NoSuchKey"


def test_object_tagging(s3, bucket):
    s3.put_object(Bucket=bucket, Key="t", Body=b"x", Tagging="a=1&b=two%20words")
    assert s3.head_object(Bucket=bucket, Key="t")["ResponseMetadata"]["HTTPHeaders"][
        "x-amz-tagging-count"] == "2"
    tags = s3.get_object_tagging(Bucket=bucket, Key="t")["TagSet"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("a", "1"), ("b", "two words")]
    s3.put_object_tagging(Bucket=bucket, Key="t", Tagging={"TagSet": [{"Key": "k",
                                                                        "Value": "v"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="t")["TagSet"] == [{"Key": "k",
                                                                       "Value": "v"}]
    deleted = s3.delete_object_tagging(Bucket=bucket, Key="t")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="t")["TagSet"] == []
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(11)]
    for tag_set in (too_many, [{"Key": "k" * 129, "Value": "v"}],
                    [{"Key": "k", "Value": "v" * 257}],
                    [{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}],
                    [{"Key": "aws:reserved", "Value": "v"}]):
        with pytest.raises(ClientError) as exc:
            s3.put_object_tagging(Bucket=bucket, Key="t", Tagging={"TagSet": tag_set})
        assert code(exc) == "InvalidTag", tag_set
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="t2", Body=b"x",
                      Tagging="&".join(f"k{i}=v" for i in range(11)))
    assert code(exc) == "InvalidTag"
    with pytest.raises(ClientError) as exc:
        s3.get_object_tagging(Bucket=bucket, Key="missing")
    assert code(exc) == "NoSuchKey"


def test_object_acls(s3, acl_bucket):
    s3.put_object(Bucket=acl_bucket, Key="private", Body=b"x")
    acl = s3.get_object_acl(Bucket=acl_bucket, Key="private")
    owner = acl["Owner"]["ID"]
    assert len(owner) == 64
    assert acl["Grants"] == [{"Grantee": {"Type": "CanonicalUser", "ID": owner,
                                          "DisplayName": acl["Owner"]["DisplayName"]},
                              "Permission": "FULL_CONTROL"}]
    s3.put_object(Bucket=acl_bucket, Key="public", Body=b"x", ACL="public-read")
    grants = s3.get_object_acl(Bucket=acl_bucket, Key="public")["Grants"]
    assert {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
            "Permission": "READ"} in grants
    s3.put_object_acl(Bucket=acl_bucket, Key="private", ACL="authenticated-read")
    grants = s3.get_object_acl(Bucket=acl_bucket, Key="private")["Grants"]
    assert any(g["Grantee"].get("URI", "").endswith("AuthenticatedUsers") for g in grants)
    s3.put_object_acl(Bucket=acl_bucket, Key="private", AccessControlPolicy={
        "Owner": {"ID": owner},
        "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": owner},
                    "Permission": "FULL_CONTROL"}]})
    assert len(s3.get_object_acl(Bucket=acl_bucket, Key="private")["Grants"]) == 1
    s3.put_object_acl(Bucket=acl_bucket, Key="private",
                      GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"')
    grants = s3.get_object_acl(Bucket=acl_bucket, Key="private")["Grants"]
    assert [g["Permission"] for g in grants] == ["READ"]
    with pytest.raises(ClientError) as exc:
        s3.put_object_acl(Bucket=acl_bucket, Key="private", ACL="no-such-acl")
    assert code(exc) == "InvalidArgument"


def test_acls_refused_when_bucket_enforces_ownership(s3, bucket):
    other = "1" * 64
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", GrantRead=f'id="{other}"')
    assert code(exc) == "AccessControlListNotSupported"
    with pytest.raises(ClientError) as exc:
        s3.put_object_acl(Bucket=bucket, Key="k", GrantRead=f'id="{other}"')
    assert code(exc) in ("AccessControlListNotSupported", "NoSuchKey")
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    assert s3.get_object_acl(Bucket=bucket, Key="k")["Grants"][0]["Permission"] == "FULL_CONTROL"


def test_restore_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cold", Body=b"archived", StorageClass="GLACIER")
    s3.put_object(Bucket=bucket, Key="warm", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="cold")
    assert code(exc) == "InvalidObjectState" and status(exc) == 403
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="thawed", CopySource=f"{bucket}/cold")
    assert code(exc) == "InvalidObjectState"
    first = s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 2})
    assert first["ResponseMetadata"]["HTTPStatusCode"] == 202
    head = s3.head_object(Bucket=bucket, Key="cold")
    assert head["Restore"].startswith('ongoing-request="false", expiry-date=')
    assert head["StorageClass"] == "GLACIER"
    assert s3.get_object(Bucket=bucket, Key="cold")["Body"].read() == b"archived"
    s3.copy_object(Bucket=bucket, Key="thawed", CopySource=f"{bucket}/cold")
    assert s3.get_object(Bucket=bucket, Key="thawed")["Body"].read() == b"archived"
    again = s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 5})
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(ClientError) as exc:
        s3.restore_object(Bucket=bucket, Key="warm", RestoreRequest={"Days": 1})
    assert code(exc) == "InvalidObjectState"


# ---- the aws CLI and big transfers --------------------------------------------------------------

def test_cli_cp_mv_rm_ls(server, s3, bucket, tmp_path):
    local = tmp_path / "file.txt"
    local.write_bytes(b"cli bytes\n")
    run = server.cli("s3", "cp", str(local), f"s3://{bucket}/docs/file.txt", "--no-progress")
    assert run.returncode == 0, run.stderr
    assert "upload:" in run.stdout
    listed = server.cli("s3", "ls", f"s3://{bucket}/docs/")
    assert "file.txt" in listed.stdout
    run = server.cli("s3", "mv", f"s3://{bucket}/docs/file.txt", f"s3://{bucket}/moved.txt",
                     "--no-progress")
    assert run.returncode == 0, run.stderr
    back = tmp_path / "back.txt"
    run = server.cli("s3", "cp", f"s3://{bucket}/moved.txt", str(back), "--no-progress")
    assert run.returncode == 0, run.stderr
    assert back.read_bytes() == b"cli bytes\n"
    run = server.cli("s3", "rm", f"s3://{bucket}/moved.txt")
    assert run.returncode == 0 and "delete:" in run.stdout
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    run = server.cli("s3api", "get-object", "--bucket", bucket, "--key", "moved.txt",
                     str(tmp_path / "x"))
    assert run.returncode != 0 and "NoSuchKey" in run.stderr


def test_cli_100_mib_upload_and_download(server, bucket, tmp_path):
    big = tmp_path / "big.bin"
    chunk = os.urandom(1 << 20)
    with open(big, "wb") as f:
        for i in range(100):
            f.write(chunk[i:] + chunk[:i])
    run = server.cli("s3", "cp", str(big), f"s3://{bucket}/big.bin", "--no-progress")
    assert run.returncode == 0, run.stderr
    out = tmp_path / "big.out"
    run = server.cli("s3", "cp", f"s3://{bucket}/big.bin", str(out), "--no-progress")
    assert run.returncode == 0, run.stderr
    assert out.stat().st_size == 100 << 20
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert digest(out) == digest(big)


def test_boto3_upload_file_download_file(s3, bucket, tmp_path):
    src = tmp_path / "photo.jpg"
    src.write_bytes(os.urandom(3 * 1024 * 1024 + 7))
    s3.upload_file(str(src), bucket, "photos/p.jpg")
    dst = tmp_path / "p.out"
    s3.download_file(bucket, "photos/p.jpg", str(dst))
    assert dst.read_bytes() == src.read_bytes()
    assert s3.head_object(Bucket=bucket, Key="photos/p.jpg")["ContentType"] == "binary/octet-stream"


# ---- Object Lock on writes and deletes ----------------------------------------------------------

@pytest.fixture
def lock_bucket(s3):
    name = f"lock-{uuid.uuid4().hex[:20]}"
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    yield name
    versions = s3.list_object_versions(Bucket=name)
    for entry in versions.get("Versions", []) + versions.get("DeleteMarkers", []):
        try:  # a legal hold must be lifted first (PutObjectLegalHold)
            s3.put_object_legal_hold(Bucket=name, Key=entry["Key"], VersionId=entry["VersionId"],
                                     LegalHold={"Status": "OFF"})
        except ClientError:
            pass
        try:
            s3.delete_object(Bucket=name, Key=entry["Key"], VersionId=entry["VersionId"],
                             BypassGovernanceRetention=True)
        except ClientError:
            pass
    try:
        s3.delete_bucket(Bucket=name)
    except ClientError:
        pass


def test_object_lock_retention_and_legal_hold(s3, lock_bucket, bucket):
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    version = s3.put_object(Bucket=lock_bucket, Key="locked", Body=b"x",
                            ObjectLockMode="GOVERNANCE",
                            ObjectLockRetainUntilDate=until)["VersionId"]
    head = s3.head_object(Bucket=lock_bucket, Key="locked")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    assert abs((head["ObjectLockRetainUntilDate"] - until).total_seconds()) < 2
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=lock_bucket, Key="locked", VersionId=version)
    assert code(exc) == "AccessDenied" and status(exc) == 403
    out = s3.delete_objects(Bucket=lock_bucket,
                            Delete={"Objects": [{"Key": "locked", "VersionId": version}]})
    assert out["Errors"][0]["Code"] == "AccessDenied"
    # Without a version id the delete only adds a marker.
    assert s3.delete_object(Bucket=lock_bucket, Key="locked")["DeleteMarker"] is True
    s3.delete_object(Bucket=lock_bucket, Key="locked", VersionId=version,
                     BypassGovernanceRetention=True)

    held = s3.put_object(Bucket=lock_bucket, Key="held", Body=b"x",
                         ObjectLockLegalHoldStatus="ON")["VersionId"]
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=lock_bucket, Key="held", VersionId=held,
                         BypassGovernanceRetention=True)
    assert code(exc) == "AccessDenied"

    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=lock_bucket, Key="half", Body=b"x", ObjectLockMode="GOVERNANCE")
    assert code(exc) == "InvalidArgument"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=lock_bucket, Key="past", Body=b"x", ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=until - datetime.timedelta(days=2))
    assert code(exc) == "InvalidArgument"
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=until)
    assert code(exc) == "InvalidRequest"


def test_object_lock_default_retention(s3, lock_bucket):
    s3.put_object_lock_configuration(Bucket=lock_bucket, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled",
        "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}})
    s3.put_object(Bucket=lock_bucket, Key="d", Body=b"x")
    head = s3.head_object(Bucket=lock_bucket, Key="d")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    left = head["ObjectLockRetainUntilDate"] - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(hours=23) < left <= datetime.timedelta(days=1, minutes=1)
