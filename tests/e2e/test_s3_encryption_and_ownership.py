"""S3 customer-provided-key encryption (SSE-C), bucket owner conditions
(x-amz-expected-bucket-owner, x-amz-source-expected-bucket-owner), conditional writes on
CompleteMultipartUpload, Object Lock retention and legal holds after the write, CORS headers on
errors, empty logging/notification documents and ListBuckets' BucketRegion filter.

Written to pass against AWS as well: bucket names are random, the account is the caller's, and
SSE-C is unblocked explicitly on each bucket (S3 blocks it by default on new buckets since April
2026). S3 requires HTTPS for SSE-C; awsemu, like LocalStack, also accepts it over plain HTTP."""
import base64
import datetime
import hashlib
import os
import time
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

SSE_C_MISSING = ("The object was stored using a form of Server Side Encryption. The correct "
                 "parameters must be provided to retrieve the object.")


def code(exc):
    return exc.value.response["Error"]["Code"]


def status(exc):
    return exc.value.response["ResponseMetadata"]["HTTPStatusCode"]


def message(exc):
    return exc.value.response["Error"].get("Message")


def key_md5(key):
    return base64.b64encode(hashlib.md5(key).digest()).decode()


def sse_c(key):
    return {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": key}


def copy_source_sse_c(key):
    return {"CopySourceSSECustomerAlgorithm": "AES256", "CopySourceSSECustomerKey": key}


def name(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


@pytest.fixture(scope="module")
def s3(server):
    return server.client("s3", config=Config(region_name="us-east-1",
                                             retries={"max_attempts": 1},
                                             s3={"addressing_style": "path"}))


@pytest.fixture(scope="module")
def account(server):
    return server.client("sts").get_caller_identity()["Account"]


def empty_bucket(s3, bucket, bypass=False):
    versions = s3.list_object_versions(Bucket=bucket)
    for entry in versions.get("Versions", []) + versions.get("DeleteMarkers", []):
        extra = {"BypassGovernanceRetention": True} if bypass else {}
        s3.delete_object(Bucket=bucket, Key=entry["Key"], VersionId=entry["VersionId"], **extra)
    for upload in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
        s3.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    s3.delete_bucket(Bucket=bucket)


@pytest.fixture
def bucket(s3):
    bucket = name("enc")
    s3.create_bucket(Bucket=bucket)
    # New buckets block SSE-C on AWS; these tests use it.
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
        "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]}}]})
    yield bucket
    empty_bucket(s3, bucket)


@pytest.fixture
def key():
    return os.urandom(32)


# ---- SSE-C: PutObject / GetObject / HeadObject --------------------------------------------------

def test_put_get_head_with_a_customer_key(s3, bucket, key):
    put = s3.put_object(Bucket=bucket, Key="secret", Body=b"classified", **sse_c(key))
    assert put["SSECustomerAlgorithm"] == "AES256"
    assert put["SSECustomerKeyMD5"] == key_md5(key)
    assert "ServerSideEncryption" not in put
    got = s3.get_object(Bucket=bucket, Key="secret", **sse_c(key))
    assert got["Body"].read() == b"classified"
    assert got["SSECustomerAlgorithm"] == "AES256"
    assert got["SSECustomerKeyMD5"] == key_md5(key)
    head = s3.head_object(Bucket=bucket, Key="secret", **sse_c(key))
    assert head["ContentLength"] == 10
    assert head["SSECustomerKeyMD5"] == key_md5(key)
    ranged = s3.get_object(Bucket=bucket, Key="secret", Range="bytes=0-4", **sse_c(key))
    assert ranged["Body"].read() == b"class"


def test_reading_without_the_key_is_invalid_request(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key="secret", Body=b"x", **sse_c(key))
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="secret")
    assert (code(exc), status(exc), message(exc)) == ("InvalidRequest", 400, SSE_C_MISSING)
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="secret")
    assert status(exc) == 400


def test_reading_with_another_key_is_access_denied(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key="secret", Body=b"x", **sse_c(key))
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="secret", **sse_c(os.urandom(32)))
    assert (code(exc), status(exc)) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="secret", **sse_c(os.urandom(32)))
    assert status(exc) == 403


def test_a_key_for_an_object_without_one_is_refused(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="plain", **sse_c(key))
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)


def test_invalid_algorithm(s3, bucket, key):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", SSECustomerAlgorithm="AES128",
                      SSECustomerKey=key)
    assert (code(exc), status(exc)) == ("InvalidEncryptionAlgorithmError", 400)


def test_key_of_the_wrong_length(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", **sse_c(os.urandom(16)))
    assert (code(exc), status(exc)) == ("InvalidArgument", 400)
    assert message(exc) == "The secret key was invalid for the specified algorithm."


def test_key_md5_that_does_not_match(s3, bucket, key):
    with pytest.raises(ClientError) as exc:
        # With the MD5 given, botocore sends the key as it is: base64 text.
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", SSECustomerAlgorithm="AES256",
                      SSECustomerKey=base64.b64encode(key).decode(),
                      SSECustomerKeyMD5=key_md5(b"other"))
    assert (code(exc), status(exc)) == ("InvalidArgument", 400)
    assert message(exc) == ("The calculated MD5 hash of the key did not match the hash that was "
                            "provided.")


def test_customer_key_with_another_encryption_is_refused(s3, bucket, key):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="AES256",
                      **sse_c(key))
    assert (code(exc), status(exc)) == ("InvalidArgument", 400)


def test_object_attributes_of_an_sse_c_object_need_the_key(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key="attrs", Body=b"12345", **sse_c(key))
    with pytest.raises(ClientError) as exc:
        s3.get_object_attributes(Bucket=bucket, Key="attrs", ObjectAttributes=["ObjectSize"])
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    # botocore encodes the key and adds its MD5 for GetObject, not for GetObjectAttributes.
    got = s3.get_object_attributes(Bucket=bucket, Key="attrs", ObjectAttributes=["ObjectSize"],
                                   SSECustomerAlgorithm="AES256",
                                   SSECustomerKey=base64.b64encode(key).decode(),
                                   SSECustomerKeyMD5=key_md5(key))
    assert got["ObjectSize"] == 5


def test_a_bucket_can_block_sse_c_writes(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key="before", Body=b"x", **sse_c(key))
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
        "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]}}]})
    writes = [
        lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"x", **sse_c(key)),
        lambda: s3.create_multipart_upload(Bucket=bucket, Key="k", **sse_c(key)),
        lambda: s3.copy_object(Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "before"},
                               **copy_source_sse_c(key), **sse_c(key)),
    ]
    for write in writes:
        with pytest.raises(ClientError) as exc:
            write()
        assert (code(exc), status(exc)) == ("AccessDenied", 403)
    # Existing SSE-C objects stay readable; other writes go on.
    assert s3.get_object(Bucket=bucket, Key="before", **sse_c(key))["Body"].read() == b"x"
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")


# ---- SSE-C: copies ------------------------------------------------------------------------------

def test_copy_needs_the_source_key(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key="src", Body=b"source data", **sse_c(key))
    source = {"Bucket": bucket, "Key": "src"}
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource=source)
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource=source,
                       **copy_source_sse_c(os.urandom(32)))
    assert (code(exc), status(exc)) == ("AccessDenied", 403)
    # Decrypted into a plain copy.
    s3.copy_object(Bucket=bucket, Key="plain", CopySource=source, **copy_source_sse_c(key))
    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b"source data"


def test_copy_re_encrypts_with_a_new_key(s3, bucket, key):
    new_key = os.urandom(32)
    s3.put_object(Bucket=bucket, Key="src", Body=b"rotate me", **sse_c(key))
    copied = s3.copy_object(Bucket=bucket, Key="rotated", CopySource={"Bucket": bucket, "Key": "src"},
                            **copy_source_sse_c(key), **sse_c(new_key))
    assert copied["SSECustomerKeyMD5"] == key_md5(new_key)
    assert s3.get_object(Bucket=bucket, Key="rotated", **sse_c(new_key))["Body"].read() == \
        b"rotate me"
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="rotated", **sse_c(key))
    assert status(exc) == 403
    # A plain object encrypted by copying it.
    s3.put_object(Bucket=bucket, Key="clear", Body=b"clear")
    s3.copy_object(Bucket=bucket, Key="sealed", CopySource={"Bucket": bucket, "Key": "clear"},
                   **sse_c(new_key))
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="sealed")
    assert status(exc) == 400


# ---- SSE-C: multipart uploads -------------------------------------------------------------------

def test_multipart_upload_with_a_customer_key(s3, bucket, key):
    created = s3.create_multipart_upload(Bucket=bucket, Key="big", **sse_c(key))
    assert created["SSECustomerKeyMD5"] == key_md5(key)
    upload_id = created["UploadId"]
    part1 = b"a" * (5 << 20)
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1, Body=part1)
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1, Body=part1,
                       **sse_c(os.urandom(32)))
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    first = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1, Body=part1,
                           **sse_c(key))
    assert first["SSECustomerKeyMD5"] == key_md5(key)
    # The second part copied from another SSE-C object, with both keys.
    source_key = os.urandom(32)
    s3.put_object(Bucket=bucket, Key="tail-src", Body=b"the tail", **sse_c(source_key))
    with pytest.raises(ClientError) as exc:
        s3.upload_part_copy(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2,
                            CopySource={"Bucket": bucket, "Key": "tail-src"}, **sse_c(key))
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    second = s3.upload_part_copy(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=2,
                                 CopySource={"Bucket": bucket, "Key": "tail-src"},
                                 **copy_source_sse_c(source_key), **sse_c(key))
    parts = [{"PartNumber": 1, "ETag": first["ETag"]},
             {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}]
    s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload_id,
                                 MultipartUpload={"Parts": parts})
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="big")
    assert status(exc) == 400
    got = s3.get_object(Bucket=bucket, Key="big", Range="bytes=5242880-", **sse_c(key))
    assert got["Body"].read() == b"the tail"


def test_aws_cli_sse_c_round_trip(server, s3, bucket, tmp_path):
    secret = "0123456789abcdef0123456789abcdef"  # the CLI takes the 32-byte key as text
    source = tmp_path / "in.txt"
    source.write_bytes(b"cli secret")
    up = server.cli("s3", "cp", str(source), f"s3://{bucket}/cli.txt", "--sse-c", "AES256",
                    "--sse-c-key", secret)
    assert up.returncode == 0, up.stderr
    head = s3.head_object(Bucket=bucket, Key="cli.txt", **sse_c(secret.encode()))
    assert head["SSECustomerKeyMD5"] == key_md5(secret.encode())
    target = tmp_path / "out.txt"
    down = server.cli("s3", "cp", f"s3://{bucket}/cli.txt", str(target), "--sse-c", "AES256",
                      "--sse-c-key", secret)
    assert down.returncode == 0, down.stderr
    assert target.read_bytes() == b"cli secret"
    refused = server.cli("s3", "cp", f"s3://{bucket}/cli.txt", str(tmp_path / "no.txt"))
    assert refused.returncode != 0


# ---- ETags of encrypted objects ------------------------------------------------------------------
# S3: objects written by PutObject / CopyObject and encrypted with SSE-C or SSE-KMS "have ETags
# that are not an MD5 digest of their object data"; plaintext and SSE-S3 objects have MD5 ETags.

def md5_etag(data):
    return f'"{hashlib.md5(data).hexdigest()}"'


def test_sse_c_etag_is_not_the_md5_of_the_data(s3, bucket, key):
    data = b"customer encrypted"
    put = s3.put_object(Bucket=bucket, Key="c", Body=data, **sse_c(key))
    etag = put["ETag"]
    assert etag != md5_etag(data) and len(etag) == 34
    # The same ETag everywhere the object is described, and stable for the object.
    assert s3.head_object(Bucket=bucket, Key="c", **sse_c(key))["ETag"] == etag
    assert s3.get_object(Bucket=bucket, Key="c", **sse_c(key))["ETag"] == etag
    assert s3.list_objects_v2(Bucket=bucket, Prefix="c")["Contents"][0]["ETag"] == etag
    # Conditions compare against it.
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag, **sse_c(key))["Body"].read() == data
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="c", IfMatch=md5_etag(data), **sse_c(key))
    assert status(exc) == 412
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=bucket, Key="c", IfNoneMatch=etag, **sse_c(key))
    assert status(exc) == 304
    # Another key gives another ETag; a plaintext copy has the MD5 again.
    other = s3.put_object(Bucket=bucket, Key="c2", Body=data, **sse_c(os.urandom(32)))["ETag"]
    assert other not in (etag, md5_etag(data))
    copied = s3.copy_object(Bucket=bucket, Key="plain", CopySource={"Bucket": bucket, "Key": "c"},
                            **copy_source_sse_c(key))
    assert copied["CopyObjectResult"]["ETag"] == md5_etag(data)
    recopied = s3.copy_object(Bucket=bucket, Key="c3", CopySource={"Bucket": bucket, "Key": "plain"},
                              **sse_c(key))
    assert recopied["CopyObjectResult"]["ETag"] == etag


def test_sse_kms_etag_is_not_the_md5_but_sse_s3_is(s3, bucket):
    data = b"kms encrypted"
    kms = s3.put_object(Bucket=bucket, Key="kms", Body=data, ServerSideEncryption="aws:kms")
    assert kms["ETag"] != md5_etag(data)
    assert s3.head_object(Bucket=bucket, Key="kms")["ETag"] == kms["ETag"]
    sse_s3 = s3.put_object(Bucket=bucket, Key="s3", Body=data, ServerSideEncryption="AES256")
    assert sse_s3["ETag"] == md5_etag(data)


def test_content_md5_is_still_checked_against_the_data(s3, bucket, key):
    data = b"checked"
    good = base64.b64encode(hashlib.md5(data).digest()).decode()
    s3.put_object(Bucket=bucket, Key="m", Body=data, ContentMD5=good, **sse_c(key))
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="m", Body=data,
                      ContentMD5=base64.b64encode(hashlib.md5(b"other").digest()).decode(),
                      **sse_c(key))
    assert code(exc) == "BadDigest"


# ---- SSE-C: ListParts and CompleteMultipartUpload -----------------------------------------------
# The upload's key is needed again when the upload declared a checksum algorithm (its parts'
# checksums are kept encrypted); a key that is sent must be the upload's.

def sse_c_strings(key):
    """ListParts takes the key as botocore sends it on the wire (no automatic encoding)."""
    return {"SSECustomerAlgorithm": "AES256",
            "SSECustomerKey": base64.b64encode(key).decode(), "SSECustomerKeyMD5": key_md5(key)}


def test_multipart_with_checksum_needs_the_key_to_list_and_complete(s3, bucket, key):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="ck", ChecksumAlgorithm="CRC32",
                                           **sse_c(key))["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="ck", UploadId=upload_id, PartNumber=1,
                          Body=b"only part", ChecksumAlgorithm="CRC32", **sse_c(key))
    parts = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"],
                        "ChecksumCRC32": part["ChecksumCRC32"]}]}
    with pytest.raises(ClientError) as exc:
        s3.list_parts(Bucket=bucket, Key="ck", UploadId=upload_id)
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    listed = s3.list_parts(Bucket=bucket, Key="ck", UploadId=upload_id, **sse_c_strings(key))
    assert [p["PartNumber"] for p in listed["Parts"]] == [1]
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="ck", UploadId=upload_id,
                                     MultipartUpload=parts)
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="ck", UploadId=upload_id,
                                     MultipartUpload=parts, **sse_c(os.urandom(32)))
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    s3.complete_multipart_upload(Bucket=bucket, Key="ck", UploadId=upload_id,
                                 MultipartUpload=parts, **sse_c(key))
    got = s3.get_object(Bucket=bucket, Key="ck", **sse_c(key))
    assert got["Body"].read() == b"only part"
    assert got["SSECustomerKeyMD5"] == key_md5(key)


def test_complete_refuses_a_key_for_an_upload_without_one(s3, bucket, key):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="nokey")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="nokey", UploadId=upload_id, PartNumber=1,
                          Body=b"x")["ETag"]
    parts = {"Parts": [{"PartNumber": 1, "ETag": etag}]}
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="nokey", UploadId=upload_id,
                                     MultipartUpload=parts, **sse_c(key))
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    s3.complete_multipart_upload(Bucket=bucket, Key="nokey", UploadId=upload_id,
                                 MultipartUpload=parts)


def test_aws_cli_multipart_sse_c_round_trip(server, s3, bucket, tmp_path):
    secret = "fedcba9876543210fedcba9876543210"
    source = tmp_path / "big.bin"
    data = os.urandom(9 << 20)  # above the CLI's 8 MiB multipart threshold
    source.write_bytes(data)
    up = server.cli("s3", "cp", str(source), f"s3://{bucket}/big.bin", "--sse-c", "AES256",
                    "--sse-c-key", secret)
    assert up.returncode == 0, up.stderr
    head = s3.head_object(Bucket=bucket, Key="big.bin", **sse_c(secret.encode()))
    assert head["SSECustomerKeyMD5"] == key_md5(secret.encode())
    assert head["ETag"].endswith('-2"')
    target = tmp_path / "back.bin"
    down = server.cli("s3", "cp", f"s3://{bucket}/big.bin", str(target), "--sse-c", "AES256",
                      "--sse-c-key", secret)
    assert down.returncode == 0, down.stderr
    assert target.read_bytes() == data


# ---- bucket owner conditions --------------------------------------------------------------------

OTHER_ACCOUNT = "111122223333"


def test_expected_bucket_owner(s3, bucket, account):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ExpectedBucketOwner=account)
    assert s3.get_object(Bucket=bucket, Key="k", ExpectedBucketOwner=account)["Body"].read() == b"x"
    calls = [
        lambda owner: s3.put_object(Bucket=bucket, Key="k", Body=b"y", ExpectedBucketOwner=owner),
        lambda owner: s3.get_object(Bucket=bucket, Key="k", ExpectedBucketOwner=owner),
        lambda owner: s3.delete_object(Bucket=bucket, Key="k", ExpectedBucketOwner=owner),
        lambda owner: s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner=owner),
        lambda owner: s3.get_bucket_encryption(Bucket=bucket, ExpectedBucketOwner=owner),
        lambda owner: s3.put_bucket_tagging(Bucket=bucket, ExpectedBucketOwner=owner,
                                            Tagging={"TagSet": [{"Key": "a", "Value": "b"}]}),
    ]
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call(OTHER_ACCOUNT)
        assert (code(exc), status(exc)) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as exc:
        s3.head_bucket(Bucket=bucket, ExpectedBucketOwner=OTHER_ACCOUNT)
    assert status(exc) == 403
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"  # nothing changed


def test_expected_source_bucket_owner_on_copies(s3, bucket, account):
    s3.put_object(Bucket=bucket, Key="src", Body=b"copy me")
    source = {"Bucket": bucket, "Key": "src"}
    with pytest.raises(ClientError) as exc:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource=source,
                       ExpectedSourceBucketOwner=OTHER_ACCOUNT)
    assert (code(exc), status(exc)) == ("AccessDenied", 403)
    s3.copy_object(Bucket=bucket, Key="dst", CopySource=source, ExpectedSourceBucketOwner=account,
                   ExpectedBucketOwner=account)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    with pytest.raises(ClientError) as exc:
        s3.upload_part_copy(Bucket=bucket, Key="mp", UploadId=upload_id, PartNumber=1,
                            CopySource=source, ExpectedSourceBucketOwner=OTHER_ACCOUNT)
    assert status(exc) == 403
    s3.abort_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload_id)


def test_aws_cli_expected_bucket_owner(server, bucket, account):
    denied = server.cli("s3api", "list-objects-v2", "--bucket", bucket,
                        "--expected-bucket-owner", OTHER_ACCOUNT)
    assert denied.returncode != 0 and "AccessDenied" in denied.stderr
    allowed = server.cli("s3api", "list-objects-v2", "--bucket", bucket,
                         "--expected-bucket-owner", account)
    assert allowed.returncode == 0, allowed.stderr


# ---- conditional writes on CompleteMultipartUpload ----------------------------------------------

def multipart(s3, bucket, key_name, body):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key_name)["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key=key_name, UploadId=upload_id, PartNumber=1,
                          Body=body)["ETag"]
    return upload_id, {"Parts": [{"PartNumber": 1, "ETag": etag}]}


def test_complete_multipart_upload_if_none_match(s3, bucket):
    upload_id, parts = multipart(s3, bucket, "once", b"first")
    s3.put_object(Bucket=bucket, Key="once", Body=b"already there")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="once", UploadId=upload_id,
                                     MultipartUpload=parts, IfNoneMatch="*")
    assert (code(exc), status(exc)) == ("PreconditionFailed", 412)
    upload_id, parts = multipart(s3, bucket, "fresh", b"new")
    s3.complete_multipart_upload(Bucket=bucket, Key="fresh", UploadId=upload_id,
                                 MultipartUpload=parts, IfNoneMatch="*")
    assert s3.get_object(Bucket=bucket, Key="fresh")["Body"].read() == b"new"


def test_complete_multipart_upload_if_match(s3, bucket):
    current = s3.put_object(Bucket=bucket, Key="swap", Body=b"v1")["ETag"]
    upload_id, parts = multipart(s3, bucket, "swap", b"v2")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="swap", UploadId=upload_id,
                                     MultipartUpload=parts, IfMatch='"0123456789abcdef"')
    assert (code(exc), status(exc)) == ("PreconditionFailed", 412)
    s3.complete_multipart_upload(Bucket=bucket, Key="swap", UploadId=upload_id,
                                 MultipartUpload=parts, IfMatch=current)
    assert s3.get_object(Bucket=bucket, Key="swap")["Body"].read() == b"v2"


# ---- Object Lock after the write ----------------------------------------------------------------

@pytest.fixture
def lock_bucket(s3):
    bucket = name("lock")
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    yield bucket
    empty_bucket(s3, bucket, bypass=True)


def in_seconds(seconds):
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)


def test_compliance_retention_is_never_shortened(s3, lock_bucket):
    version = s3.put_object(Bucket=lock_bucket, Key="c", Body=b"x")["VersionId"]
    with pytest.raises(ClientError) as exc:
        s3.get_object_retention(Bucket=lock_bucket, Key="c")
    assert (code(exc), status(exc)) == ("NoSuchObjectLockConfiguration", 404)
    until = in_seconds(8)
    s3.put_object_retention(Bucket=lock_bucket, Key="c", VersionId=version,
                            Retention={"Mode": "COMPLIANCE", "RetainUntilDate": until})
    got = s3.get_object_retention(Bucket=lock_bucket, Key="c", VersionId=version)["Retention"]
    assert got["Mode"] == "COMPLIANCE"
    assert abs((got["RetainUntilDate"] - until).total_seconds()) < 1
    for change in ({"Mode": "COMPLIANCE", "RetainUntilDate": in_seconds(4)},
                   {"Mode": "GOVERNANCE", "RetainUntilDate": in_seconds(20)}):
        with pytest.raises(ClientError) as exc:
            s3.put_object_retention(Bucket=lock_bucket, Key="c", VersionId=version,
                                    Retention=change, BypassGovernanceRetention=True)
        assert (code(exc), status(exc)) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=lock_bucket, Key="c", VersionId=version,
                         BypassGovernanceRetention=True)
    assert (code(exc), status(exc)) == ("AccessDenied", 403)
    # Extending is always allowed.
    s3.put_object_retention(Bucket=lock_bucket, Key="c", VersionId=version,
                            Retention={"Mode": "COMPLIANCE", "RetainUntilDate": in_seconds(10)})
    time.sleep(11)  # let it lapse, so the bucket can be emptied
    s3.delete_object(Bucket=lock_bucket, Key="c", VersionId=version)


def test_governance_retention_needs_the_bypass(s3, lock_bucket):
    version = s3.put_object(Bucket=lock_bucket, Key="g", Body=b"x")["VersionId"]
    s3.put_object_retention(Bucket=lock_bucket, Key="g", VersionId=version,
                            Retention={"Mode": "GOVERNANCE", "RetainUntilDate": in_seconds(3600)})
    head = s3.head_object(Bucket=lock_bucket, Key="g", VersionId=version)
    assert head["ObjectLockMode"] == "GOVERNANCE"
    with pytest.raises(ClientError) as exc:
        s3.put_object_retention(Bucket=lock_bucket, Key="g", VersionId=version,
                                Retention={"Mode": "GOVERNANCE",
                                           "RetainUntilDate": in_seconds(60)})
    assert (code(exc), status(exc)) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=lock_bucket, Key="g", VersionId=version)
    assert (code(exc), status(exc)) == ("AccessDenied", 403)
    s3.put_object_retention(Bucket=lock_bucket, Key="g", VersionId=version,
                            Retention={"Mode": "GOVERNANCE", "RetainUntilDate": in_seconds(60)},
                            BypassGovernanceRetention=True)
    s3.delete_object(Bucket=lock_bucket, Key="g", VersionId=version,
                     BypassGovernanceRetention=True)


def test_legal_hold(s3, lock_bucket):
    version = s3.put_object(Bucket=lock_bucket, Key="h", Body=b"x")["VersionId"]
    with pytest.raises(ClientError) as exc:
        s3.get_object_legal_hold(Bucket=lock_bucket, Key="h")
    assert (code(exc), status(exc)) == ("NoSuchObjectLockConfiguration", 404)
    s3.put_object_legal_hold(Bucket=lock_bucket, Key="h", LegalHold={"Status": "ON"})
    assert s3.get_object_legal_hold(Bucket=lock_bucket, Key="h")["LegalHold"]["Status"] == "ON"
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=lock_bucket, Key="h", VersionId=version,
                         BypassGovernanceRetention=True)
    assert (code(exc), status(exc)) == ("AccessDenied", 403)
    s3.put_object_legal_hold(Bucket=lock_bucket, Key="h", LegalHold={"Status": "OFF"})
    s3.delete_object(Bucket=lock_bucket, Key="h", VersionId=version)


def test_retention_past_dates_and_buckets_without_object_lock(s3, lock_bucket, bucket):
    s3.put_object(Bucket=lock_bucket, Key="p", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.put_object_retention(Bucket=lock_bucket, Key="p",
                                Retention={"Mode": "GOVERNANCE", "RetainUntilDate": in_seconds(-60)})
    assert (code(exc), status(exc)) == ("InvalidArgument", 400)
    s3.put_object(Bucket=bucket, Key="p", Body=b"x")
    with pytest.raises(ClientError) as exc:
        s3.put_object_legal_hold(Bucket=bucket, Key="p", LegalHold={"Status": "ON"})
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as exc:
        s3.get_object_retention(Bucket=bucket, Key="p")
    assert (code(exc), status(exc)) == ("InvalidRequest", 400)


# ---- CORS headers on errors, empty documents, ListBuckets by region ------------------------------

def test_cors_headers_on_error_responses(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"],
        "ExposeHeaders": ["ETag"]}]})

    def add_origin(request, **_):
        request.headers["Origin"] = "https://app.example.com"

    s3.meta.events.register("before-sign.s3.GetObject", add_origin)
    try:
        with pytest.raises(ClientError) as exc:
            s3.get_object(Bucket=bucket, Key="missing")
        assert status(exc) == 404
        headers = exc.value.response["ResponseMetadata"]["HTTPHeaders"]
        assert headers["access-control-allow-origin"] == "https://app.example.com"
        s3.put_object(Bucket=bucket, Key="there", Body=b"x")
        ok = s3.get_object(Bucket=bucket, Key="there")["ResponseMetadata"]["HTTPHeaders"]
        assert ok["access-control-allow-origin"] == "https://app.example.com"
    finally:
        s3.meta.events.unregister("before-sign.s3.GetObject", add_origin)


def test_unset_logging_and_notifications_answer_empty_documents(s3, bucket):
    bodies = {}

    def capture(response_dict, operation_model, **_):
        bodies[operation_model.name] = response_dict["body"]

    s3.meta.events.register("before-parse.s3.GetBucketLogging", capture)
    s3.meta.events.register("before-parse.s3.GetBucketNotificationConfiguration", capture)
    try:
        logging = s3.get_bucket_logging(Bucket=bucket)
        notifications = s3.get_bucket_notification_configuration(Bucket=bucket)
    finally:
        s3.meta.events.unregister("before-parse.s3.GetBucketLogging", capture)
        s3.meta.events.unregister("before-parse.s3.GetBucketNotificationConfiguration", capture)
    assert "LoggingEnabled" not in logging
    assert not any(k.endswith("Configurations") for k in notifications)
    assert b"<BucketLoggingStatus" in bodies["GetBucketLogging"]
    assert b"<NotificationConfiguration" in bodies["GetBucketNotificationConfiguration"]


def test_list_buckets_filters_by_region_before_paging(server, s3):
    prefix = f"rgn-{uuid.uuid4().hex[:12]}"
    eu = boto3.client("s3", endpoint_url=server.url, region_name="eu-west-1",
                      config=Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}))
    east = [f"{prefix}-a{i}" for i in range(3)]
    west = [f"{prefix}-b{i}" for i in range(3)]
    created = []
    try:
        # Interleaved names, so pages of the unfiltered order would split the region's buckets.
        for a, b in zip(east, west):
            s3.create_bucket(Bucket=a)
            created.append((s3, a))
            eu.create_bucket(Bucket=b, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
            created.append((eu, b))
        seen, token, pages = [], None, 0
        while True:
            kwargs = {"ContinuationToken": token} if token else {}
            page = s3.list_buckets(Prefix=prefix, BucketRegion="eu-west-1", MaxBuckets=2, **kwargs)
            pages += 1
            assert len(page["Buckets"]) <= 2
            seen += [b["Name"] for b in page["Buckets"]]
            assert all(b["BucketRegion"] == "eu-west-1" for b in page["Buckets"])
            token = page.get("ContinuationToken")
            if not token:
                break
        assert seen == west
        assert pages <= 3
        first = s3.list_buckets(Prefix=prefix, BucketRegion="eu-west-1", MaxBuckets=2)
        assert [b["Name"] for b in first["Buckets"]] == west[:2]
    finally:
        for client, bucket_name in created:
            client.delete_bucket(Bucket=bucket_name)
