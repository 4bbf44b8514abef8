"""S3 multipart uploads: Create/UploadPart/UploadPartCopy/Complete/Abort, ListParts,
ListMultipartUploads; ETags and checksums (COMPOSITE and FULL_OBJECT) as S3 computes them; the
part order, size and identity rules and their errors; boto3's managed transfers and `aws s3 cp`
of large files, with boto3 1.43's default checksums."""
import base64
import filecmp
import hashlib
import os
import zlib

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

from s3_support import new_bucket, path_style_client

MIB = 1 << 20


@pytest.fixture
def s3(server):
    return path_style_client(server)


@pytest.fixture
def bucket(s3):
    return new_bucket(s3, "mpu")


def error_of(exc):
    return exc.value.response["Error"]["Code"], exc.value.response["ResponseMetadata"]["HTTPStatusCode"]


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def _crc64nvme_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x9A6C9329AC4BC9B5 if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC64_TABLE = _crc64nvme_table()


def crc64nvme_b64(data):
    crc = 0xFFFFFFFFFFFFFFFF
    table = CRC64_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return base64.b64encode((crc ^ 0xFFFFFFFFFFFFFFFF).to_bytes(8, "big")).decode()


def multipart_etag(parts):
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


def upload_parts(s3, bucket, key, upload_id, parts, **kwargs):
    listed = []
    for number, data in enumerate(parts, start=1):
        answer = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                                Body=data, **kwargs)
        entry = {"PartNumber": number, "ETag": answer["ETag"]}
        for name in ("ChecksumCRC32", "ChecksumCRC32C", "ChecksumSHA1", "ChecksumSHA256",
                     "ChecksumCRC64NVME"):
            if name in answer:
                entry[name] = answer[name]
        listed.append(entry)
    return listed


def test_upload_and_complete_gives_the_multipart_etag(s3, bucket):
    parts = [os.urandom(5 * MIB), b"tail bytes"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="obj", ContentType="text/plain",
                                        Metadata={"Color": "blue"}, StorageClass="STANDARD_IA",
                                        Tagging="team=core&env=test")
    assert upload["Bucket"] == bucket and upload["Key"] == "obj" and upload["UploadId"]
    listed = upload_parts(s3, bucket, "obj", upload["UploadId"], parts)
    assert listed[0]["ETag"] == '"%s"' % hashlib.md5(parts[0]).hexdigest()
    done = s3.complete_multipart_upload(Bucket=bucket, Key="obj", UploadId=upload["UploadId"],
                                        MultipartUpload={"Parts": listed})
    assert done["ETag"] == multipart_etag(parts)
    assert done["Bucket"] == bucket and done["Key"] == "obj" and done["Location"].endswith("/obj")
    head = s3.head_object(Bucket=bucket, Key="obj")
    assert head["ContentLength"] == sum(map(len, parts))
    assert head["ETag"] == multipart_etag(parts)
    assert head["ContentType"] == "text/plain" and head["Metadata"] == {"color": "blue"}
    assert head["StorageClass"] == "STANDARD_IA"
    tags = s3.get_object_tagging(Bucket=bucket, Key="obj")["TagSet"]
    assert sorted((t["Key"], t["Value"]) for t in tags) == [("env", "test"), ("team", "core")]
    assert s3.get_object(Bucket=bucket, Key="obj")["Body"].read() == b"".join(parts)
    with pytest.raises(ClientError) as exc:  # the upload is gone
        s3.list_parts(Bucket=bucket, Key="obj", UploadId=upload["UploadId"])
    assert error_of(exc) == ("NoSuchUpload", 404)


def test_composite_crc32_checksum(s3, bucket):
    parts = [os.urandom(5 * MIB), os.urandom(1000)]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="c", ChecksumAlgorithm="CRC32")
    assert upload["ChecksumAlgorithm"] == "CRC32" and upload["ChecksumType"] == "COMPOSITE"
    listed = upload_parts(s3, bucket, "c", upload["UploadId"], parts, ChecksumAlgorithm="CRC32")
    assert [p["ChecksumCRC32"] for p in listed] == [crc32_b64(p) for p in parts]
    listing = s3.list_parts(Bucket=bucket, Key="c", UploadId=upload["UploadId"])
    assert listing["ChecksumAlgorithm"] == "CRC32"
    assert [p["ChecksumCRC32"] for p in listing["Parts"]] == [crc32_b64(p) for p in parts]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="c", UploadId=upload["UploadId"],
                                        MultipartUpload={"Parts": listed})
    raw = b"".join(zlib.crc32(p).to_bytes(4, "big") for p in parts)
    assert done["ChecksumCRC32"] == crc32_b64(raw) + "-2"
    assert done["ChecksumType"] == "COMPOSITE"
    head = s3.head_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == crc32_b64(raw) + "-2"
    assert head["ChecksumType"] == "COMPOSITE"


def test_composite_upload_needs_every_part_checksum_in_complete(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="c", ChecksumAlgorithm="CRC32")
    listed = upload_parts(s3, bucket, "c", upload["UploadId"], [b"only part"],
                          ChecksumAlgorithm="CRC32")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="c", UploadId=upload["UploadId"],
                                     MultipartUpload={"Parts": [
                                         {"PartNumber": 1, "ETag": listed[0]["ETag"]}]})
    assert error_of(exc) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="c", UploadId=upload["UploadId"],
                                     MultipartUpload={"Parts": [
                                         {"PartNumber": 1, "ETag": listed[0]["ETag"],
                                          "ChecksumCRC32": crc32_b64(b"other")}]})
    assert error_of(exc) == ("InvalidPart", 400)


def test_full_object_crc32_is_the_crc_of_the_whole_object(s3, bucket):
    parts = [os.urandom(5 * MIB), os.urandom(5 * MIB), os.urandom(12345)]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="f", ChecksumAlgorithm="CRC32",
                                        ChecksumType="FULL_OBJECT")
    assert upload["ChecksumType"] == "FULL_OBJECT"
    listed = upload_parts(s3, bucket, "f", upload["UploadId"], parts, ChecksumAlgorithm="CRC32")
    whole = crc32_b64(b"".join(parts))
    done = s3.complete_multipart_upload(Bucket=bucket, Key="f", UploadId=upload["UploadId"],
                                        ChecksumType="FULL_OBJECT",
                                        MultipartUpload={"Parts": listed})
    assert done["ChecksumCRC32"] == whole and done["ChecksumType"] == "FULL_OBJECT"


def test_complete_accepts_the_full_object_checksum_it_asserts(s3, bucket):
    parts = [os.urandom(5 * MIB), b"end"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="f", ChecksumAlgorithm="CRC32",
                                        ChecksumType="FULL_OBJECT")
    listed = upload_parts(s3, bucket, "f", upload["UploadId"], parts, ChecksumAlgorithm="CRC32")
    whole = crc32_b64(b"".join(parts))
    done = s3.complete_multipart_upload(Bucket=bucket, Key="f", UploadId=upload["UploadId"],
                                        ChecksumCRC32=whole, ChecksumType="FULL_OBJECT",
                                        MultipartUpload={"Parts": listed})
    assert done["ChecksumCRC32"] == whole


def test_full_object_checksum_mismatch_is_bad_digest(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="f", ChecksumAlgorithm="CRC32",
                                        ChecksumType="FULL_OBJECT")
    listed = upload_parts(s3, bucket, "f", upload["UploadId"], [b"data"],
                          ChecksumAlgorithm="CRC32")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="f", UploadId=upload["UploadId"],
                                     ChecksumCRC32=crc32_b64(b"not the data"),
                                     ChecksumType="FULL_OBJECT", MultipartUpload={"Parts": listed})
    assert error_of(exc) == ("BadDigest", 400)


def test_default_upload_gets_a_full_object_crc64nvme(s3, bucket):
    parts = [os.urandom(5 * MIB), os.urandom(777)]
    assert crc64nvme_b64(b"123456789") == base64.b64encode(
        (0xAE8B14860A799888).to_bytes(8, "big")).decode()
    upload = s3.create_multipart_upload(Bucket=bucket, Key="d")
    listed = upload_parts(s3, bucket, "d", upload["UploadId"], parts)
    done = s3.complete_multipart_upload(Bucket=bucket, Key="d", UploadId=upload["UploadId"],
                                        MultipartUpload={"Parts": listed})
    assert done["ChecksumType"] == "FULL_OBJECT"
    assert done["ChecksumCRC64NVME"] == crc64nvme_b64(b"".join(parts))


@pytest.mark.parametrize("algorithm,kind", [("SHA256", "FULL_OBJECT"), ("CRC64NVME", "COMPOSITE")])
def test_checksum_type_the_algorithm_cannot_have(s3, bucket, algorithm, kind):
    with pytest.raises(ClientError) as exc:
        s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm=algorithm,
                                   ChecksumType=kind)
    assert error_of(exc) == ("InvalidRequest", 400)


def test_part_checksum_of_another_algorithm_is_refused(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="CRC32")
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload["UploadId"], PartNumber=1,
                       Body=b"data", ChecksumAlgorithm="SHA256")
    assert error_of(exc) == ("InvalidRequest", 400)


def test_parts_out_of_order_is_invalid_part_order(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    listed = upload_parts(s3, bucket, "k", upload["UploadId"], [os.urandom(5 * MIB), b"end"])
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                                     MultipartUpload={"Parts": list(reversed(listed))})
    assert error_of(exc) == ("InvalidPartOrder", 400)


def test_small_part_is_entity_too_small(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    listed = upload_parts(s3, bucket, "k", upload["UploadId"], [b"small", b"end"])
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                                     MultipartUpload={"Parts": listed})
    assert error_of(exc) == ("EntityTooSmall", 400)


def test_unknown_part_or_wrong_etag_is_invalid_part(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    listed = upload_parts(s3, bucket, "k", upload["UploadId"], [b"only"])
    for parts in ([{"PartNumber": 2, "ETag": listed[0]["ETag"]}],
                  [{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]):
        with pytest.raises(ClientError) as exc:
            s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                                         MultipartUpload={"Parts": parts})
        assert error_of(exc) == ("InvalidPart", 400)


def test_no_parts_is_malformed_xml(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                                     MultipartUpload={"Parts": []})
    assert error_of(exc) == ("MalformedXML", 400)


def test_bad_xml_is_malformed_xml(server, bucket):
    client = path_style_client(server)
    upload = client.create_multipart_upload(Bucket=bucket, Key="k")

    def corrupt(request, **_):
        request.data = b"<CompleteMultipartUpload><Part><PartNumber>1</Part>"

    client.meta.events.register("before-sign.s3.CompleteMultipartUpload", corrupt)
    with pytest.raises(ClientError) as exc:
        client.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                                         MultipartUpload={"Parts": [{"PartNumber": 1,
                                                                     "ETag": '"x"'}]})
    assert error_of(exc) == ("MalformedXML", 400)


def test_unknown_upload_is_no_such_upload(s3, bucket):
    bogus = "bogus-upload-id"
    calls = [
        lambda: s3.upload_part(Bucket=bucket, Key="k", UploadId=bogus, PartNumber=1, Body=b"x"),
        lambda: s3.list_parts(Bucket=bucket, Key="k", UploadId=bogus),
        lambda: s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=bogus),
        lambda: s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=bogus,
                                             MultipartUpload={"Parts": [
                                                 {"PartNumber": 1, "ETag": '"x"'}]}),
    ]
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call()
        assert error_of(exc) == ("NoSuchUpload", 404)


def test_upload_id_of_another_key_is_no_such_upload(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="one")
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="two", UploadId=upload["UploadId"], PartNumber=1,
                       Body=b"x")
    assert error_of(exc) == ("NoSuchUpload", 404)


@pytest.mark.parametrize("number", [0, 10001])
def test_part_number_out_of_range_is_invalid_argument(s3, bucket, number):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as exc:
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload["UploadId"], PartNumber=number,
                       Body=b"x")
    assert error_of(exc) == ("InvalidArgument", 400)


def test_abort_removes_the_upload(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    upload_parts(s3, bucket, "k", upload["UploadId"], [b"part"])
    answer = s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"])
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.list_parts(Bucket=bucket, Key="k", UploadId=upload["UploadId"])
    assert error_of(exc) == ("NoSuchUpload", 404)


def test_list_parts_pages(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    upload_parts(s3, bucket, "k", upload["UploadId"], [b"1", b"22", b"333"])
    first = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload["UploadId"], MaxParts=2)
    assert [p["PartNumber"] for p in first["Parts"]] == [1, 2]
    assert [p["Size"] for p in first["Parts"]] == [1, 2]
    assert first["IsTruncated"] is True and first["NextPartNumberMarker"] == 2
    assert first["MaxParts"] == 2 and first["StorageClass"] == "STANDARD"
    assert len(first["Owner"]["ID"]) == 64 and first["Initiator"]["ID"]
    rest = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                         PartNumberMarker=first["NextPartNumberMarker"])
    assert [p["PartNumber"] for p in rest["Parts"]] == [3]
    assert rest["IsTruncated"] is False and rest["PartNumberMarker"] == 2


def test_list_multipart_uploads(s3, bucket):
    ids = {}
    for key in ("a/1", "a/2", "b", "b", "c"):
        ids.setdefault(key, []).append(
            s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"])
    everything = s3.list_multipart_uploads(Bucket=bucket)
    assert [u["Key"] for u in everything["Uploads"]] == ["a/1", "a/2", "b", "b", "c"]
    assert [u["UploadId"] for u in everything["Uploads"] if u["Key"] == "b"] == ids["b"]
    assert everything["IsTruncated"] is False
    assert len(everything["Uploads"][0]["Owner"]["ID"]) == 64
    grouped = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["a/"]
    assert [u["Key"] for u in grouped["Uploads"]] == ["b", "b", "c"]
    prefixed = s3.list_multipart_uploads(Bucket=bucket, Prefix="a/")
    assert [u["Key"] for u in prefixed["Uploads"]] == ["a/1", "a/2"]
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=3)
    assert page["IsTruncated"] is True
    assert page["NextKeyMarker"] == "b" and page["NextUploadIdMarker"] == ids["b"][0]
    rest = s3.list_multipart_uploads(Bucket=bucket, KeyMarker=page["NextKeyMarker"],
                                     UploadIdMarker=page["NextUploadIdMarker"])
    assert [(u["Key"], u["UploadId"]) for u in rest["Uploads"]] == [("b", ids["b"][1]),
                                                                      ("c", ids["c"][0])]
    after_b = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="b")
    assert [u["Key"] for u in after_b["Uploads"]] == ["c"]


def test_upload_part_copy_with_a_range(s3, bucket):
    source = os.urandom(6 * MIB)
    s3.put_object(Bucket=bucket, Key="source", Body=source)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="copy")
    first = s3.upload_part_copy(Bucket=bucket, Key="copy", UploadId=upload["UploadId"],
                                PartNumber=1, CopySource={"Bucket": bucket, "Key": "source"},
                                CopySourceRange=f"bytes=0-{5 * MIB - 1}")
    result = first["CopyPartResult"]
    assert result["ETag"] == '"%s"' % hashlib.md5(source[:5 * MIB]).hexdigest()
    assert result["LastModified"].year >= 2024
    second = s3.upload_part_copy(Bucket=bucket, Key="copy", UploadId=upload["UploadId"],
                                 PartNumber=2, CopySource=f"{bucket}/source")
    parts = [{"PartNumber": 1, "ETag": result["ETag"]},
             {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}]
    s3.complete_multipart_upload(Bucket=bucket, Key="copy", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": parts})
    body = s3.get_object(Bucket=bucket, Key="copy")["Body"].read()
    assert body == source[:5 * MIB] + source


@pytest.mark.parametrize("spec", ["bytes=5-2", "0-10", "bytes=a-b", "bytes=0-100"])
def test_upload_part_copy_bad_range_is_invalid_argument(s3, bucket, spec):
    s3.put_object(Bucket=bucket, Key="source", Body=b"0123456789")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="copy")
    with pytest.raises(ClientError) as exc:
        s3.upload_part_copy(Bucket=bucket, Key="copy", UploadId=upload["UploadId"], PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "source"}, CopySourceRange=spec)
    assert error_of(exc) == ("InvalidArgument", 400)


def test_upload_part_copy_conditions(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="source", Body=b"data")["ETag"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="copy")
    common = dict(Bucket=bucket, Key="copy", UploadId=upload["UploadId"], PartNumber=1,
                  CopySource={"Bucket": bucket, "Key": "source"})
    assert s3.upload_part_copy(CopySourceIfMatch=etag, **common)["CopyPartResult"]["ETag"] == etag
    for condition in ({"CopySourceIfMatch": '"0000"'}, {"CopySourceIfNoneMatch": etag}):
        with pytest.raises(ClientError) as exc:
            s3.upload_part_copy(**condition, **common)
        assert error_of(exc) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as exc:
        s3.upload_part_copy(Bucket=bucket, Key="copy", UploadId=upload["UploadId"], PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "missing"})
    assert error_of(exc) == ("NoSuchKey", 404)


def test_complete_with_if_none_match_refuses_an_existing_key(s3, bucket):
    s3.put_object(Bucket=bucket, Key="taken", Body=b"first")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="taken")
    listed = upload_parts(s3, bucket, "taken", upload["UploadId"], [b"second"])
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="taken", UploadId=upload["UploadId"],
                                     IfNoneMatch="*", MultipartUpload={"Parts": listed})
    assert error_of(exc) == ("PreconditionFailed", 412)
    fresh = s3.create_multipart_upload(Bucket=bucket, Key="free")
    listed = upload_parts(s3, bucket, "free", fresh["UploadId"], [b"third"])
    s3.complete_multipart_upload(Bucket=bucket, Key="free", UploadId=fresh["UploadId"],
                                 IfNoneMatch="*", MultipartUpload={"Parts": listed})


def test_upload_file_and_download_file_with_multipart_thresholds(s3, bucket, tmp_path):
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(13 * MIB))
    config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB)
    s3.upload_file(str(source), bucket, "big.bin", Config=config)
    head = s3.head_object(Bucket=bucket, Key="big.bin")
    assert head["ContentLength"] == 13 * MIB and head["ETag"].endswith('-3"')
    target = tmp_path / "back.bin"
    s3.download_file(bucket, "big.bin", str(target), Config=config)
    assert filecmp.cmp(source, target, shallow=False)


def test_cli_cp_of_a_large_file(server, bucket, tmp_path):
    source = tmp_path / "cli.bin"
    source.write_bytes(os.urandom(9 * MIB))
    up = server.cli("s3", "cp", str(source), f"s3://{bucket}/cli.bin")
    assert up.returncode == 0, up.stderr
    target = tmp_path / "cli-back.bin"
    down = server.cli("s3", "cp", f"s3://{bucket}/cli.bin", str(target))
    assert down.returncode == 0, down.stderr
    assert filecmp.cmp(source, target, shallow=False)
    head = server.cli("s3api", "head-object", "--bucket", bucket, "--key", "cli.bin")
    assert '-2\\"' in head.stdout or "-2" in head.stdout


def test_upload_part_copy_of_a_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    old = s3.put_object(Bucket=bucket, Key="source", Body=b"old data")["VersionId"]
    s3.put_object(Bucket=bucket, Key="source", Body=b"new data")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="copy")
    part = s3.upload_part_copy(Bucket=bucket, Key="copy", UploadId=upload["UploadId"],
                               PartNumber=1,
                               CopySource={"Bucket": bucket, "Key": "source", "VersionId": old})
    assert part["CopySourceVersionId"] == old
    done = s3.complete_multipart_upload(
        Bucket=bucket, Key="copy", UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["CopyPartResult"]["ETag"]}]})
    assert done["VersionId"]  # a versioned bucket reports the new version
    assert s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == b"old data"


def test_complete_with_if_match_of_another_etag_is_precondition_failed(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"current")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    listed = upload_parts(s3, bucket, "k", upload["UploadId"], [b"next"])
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                                     IfMatch='"00000000000000000000000000000000"',
                                     MultipartUpload={"Parts": listed})
    assert error_of(exc) == ("PreconditionFailed", 412)


def test_list_multipart_uploads_with_url_encoding(s3, bucket):
    s3.create_multipart_upload(Bucket=bucket, Key="dir one/a+b")
    raw = s3.list_multipart_uploads(Bucket=bucket, EncodingType="url")
    assert [u["Key"] for u in raw["Uploads"]] == ["dir+one/a%2Bb"]
    grouped = s3.list_multipart_uploads(Bucket=bucket, EncodingType="url", Delimiter="/")
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["dir+one/"]


def test_max_uploads_and_max_parts_must_not_be_negative(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as exc:
        s3.list_multipart_uploads(Bucket=bucket, MaxUploads=-1)
    assert error_of(exc) == ("InvalidArgument", 400)
    with pytest.raises(ClientError) as exc:
        s3.list_parts(Bucket=bucket, Key="k", UploadId=upload["UploadId"], MaxParts=-1)
    assert error_of(exc) == ("InvalidArgument", 400)
