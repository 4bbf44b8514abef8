"""S3 versioning: Get/PutBucketVersioning (never versioned, Enabled, Suspended, MFADelete echoed),
version ids across PUT/GET/HEAD/DELETE, delete markers, "null" versions, and ListObjectVersions
(key-marker, version-id-marker, delete markers, IsLatest, encoding-type)."""
import base64
import uuid
import zlib

import pytest
from botocore.exceptions import ClientError

from s3_support import new_bucket, path_style_client


@pytest.fixture
def s3(server):
    return path_style_client(server)


@pytest.fixture
def bucket(s3):
    return new_bucket(s3, "ver")


@pytest.fixture
def versioned(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return bucket


def error_of(exc):
    return exc.value.response["Error"]["Code"], exc.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_never_versioned_bucket_has_no_status(s3, bucket):
    bodies = []
    s3.meta.events.register("after-call.s3.GetBucketVersioning",
                            lambda http_response, **_: bodies.append(http_response.content))
    answer = s3.get_bucket_versioning(Bucket=bucket)
    assert "Status" not in answer and "MFADelete" not in answer
    # S3 answers an empty document rather than an empty body.
    assert b"<VersioningConfiguration" in bodies[0] and b"Status" not in bodies[0]


def test_enable_then_suspend(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"


def test_versioning_of_a_missing_bucket(s3):
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_versioning(Bucket="missing-" + uuid.uuid4().hex[:12])
    assert error_of(exc) == ("NoSuchBucket", 404)


def replace_body(request, data):
    """Sends data instead of boto3's body, with a checksum true to it (so the body is what is
    wrong, not its checksum)."""
    request.data = data
    if "Content-MD5" in request.headers:
        del request.headers["Content-MD5"]
    if "x-amz-checksum-crc32" in request.headers:
        del request.headers["x-amz-checksum-crc32"]
    request.headers["x-amz-checksum-crc32"] = base64.b64encode(
        zlib.crc32(data).to_bytes(4, "big")).decode()


def test_missing_status_is_refused(server, bucket):
    client = path_style_client(server)

    def strip(request, **_):
        replace_body(request, b'<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                              b"</VersioningConfiguration>")

    client.meta.events.register("before-sign.s3.PutBucketVersioning", strip)
    with pytest.raises(ClientError) as exc:
        client.put_bucket_versioning(Bucket=bucket,
                                     VersioningConfiguration={"Status": "Enabled"})
    assert error_of(exc)[1] == 400


@pytest.mark.parametrize("configuration", [{"Status": "Bogus"},
                                           {"Status": "Enabled", "MFADelete": "Maybe"}])
def test_unknown_status_is_malformed_xml(s3, bucket, configuration):
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration=configuration)
    assert error_of(exc) == ("MalformedXML", 400)


def test_bad_xml_is_malformed_xml(server, bucket):
    client = path_style_client(server)

    def corrupt(request, **_):
        replace_body(request, b"<VersioningConfiguration><Status>Enabled</Sta")

    client.meta.events.register("before-sign.s3.PutBucketVersioning", corrupt)
    with pytest.raises(ClientError) as exc:
        client.put_bucket_versioning(Bucket=bucket,
                                     VersioningConfiguration={"Status": "Enabled"})
    assert error_of(exc) == ("MalformedXML", 400)


def test_versions_of_a_key(s3, versioned):
    first = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    second = s3.put_object(Bucket=versioned, Key="k", Body=b"two")["VersionId"]
    assert first != second and "null" not in (first, second)
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"two"
    old = s3.get_object(Bucket=versioned, Key="k", VersionId=first)
    assert old["Body"].read() == b"one" and old["VersionId"] == first
    assert s3.head_object(Bucket=versioned, Key="k", VersionId=first)["ContentLength"] == 3
    listing = s3.list_object_versions(Bucket=versioned)
    versions = listing["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [(second, True), (first, False)]
    assert versions[0]["Size"] == 3 and versions[0]["ETag"].startswith('"')
    assert len(versions[0]["Owner"]["ID"]) == 64
    assert listing["IsTruncated"] is False and "DeleteMarkers" not in listing


def test_delete_makes_a_delete_marker(s3, versioned):
    version = s3.put_object(Bucket=versioned, Key="k", Body=b"data")["VersionId"]
    deleted = s3.delete_object(Bucket=versioned, Key="k")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=versioned, Key="k")
    assert error_of(exc) == ("NoSuchKey", 404)
    listing = s3.list_object_versions(Bucket=versioned)
    assert [(m["VersionId"], m["IsLatest"]) for m in listing["DeleteMarkers"]] == [(marker, True)]
    assert [(v["VersionId"], v["IsLatest"]) for v in listing["Versions"]] == [(version, False)]
    assert "Contents" not in s3.list_objects_v2(Bucket=versioned)
    # Removing the marker by its id brings the object back.
    s3.delete_object(Bucket=versioned, Key="k", VersionId=marker)
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"data"
    # Deleting a version by id removes it for good.
    s3.delete_object(Bucket=versioned, Key="k", VersionId=version)
    assert "Versions" not in s3.list_object_versions(Bucket=versioned)


def test_unknown_version_id(s3, versioned):
    s3.put_object(Bucket=versioned, Key="k", Body=b"data")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=versioned, Key="k", VersionId="3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH")
    assert error_of(exc) == ("NoSuchVersion", 404)


def test_unversioned_objects_are_listed_as_null_versions(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in versions] == [("k", "null", True)]


def test_suspended_writes_replace_the_null_version(s3, versioned):
    kept = s3.put_object(Bucket=versioned, Key="k", Body=b"versioned")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Suspended"})
    s3.put_object(Bucket=versioned, Key="k", Body=b"null one")
    s3.put_object(Bucket=versioned, Key="k", Body=b"null two")
    versions = s3.list_object_versions(Bucket=versioned)["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True), (kept, False)]
    assert s3.get_object(Bucket=versioned, Key="k", VersionId="null")["Body"].read() == b"null two"


def test_version_listing_pages_with_markers(s3, versioned):
    ids = {}
    for key in ("a", "b"):
        for body in (b"1", b"2"):
            ids.setdefault(key, []).insert(
                0, s3.put_object(Bucket=versioned, Key=key, Body=body)["VersionId"])
    seen, kwargs = [], {}
    while True:
        page = s3.list_object_versions(Bucket=versioned, MaxKeys=1, **kwargs)
        seen += [(v["Key"], v["VersionId"]) for v in page.get("Versions", [])]
        if not page["IsTruncated"]:
            break
        kwargs = {"KeyMarker": page["NextKeyMarker"],
                  "VersionIdMarker": page["NextVersionIdMarker"]}
    assert seen == [("a", ids["a"][0]), ("a", ids["a"][1]), ("b", ids["b"][0]),
                    ("b", ids["b"][1])]
    after_a = s3.list_object_versions(Bucket=versioned, KeyMarker="a")
    assert [v["Key"] for v in after_a["Versions"]] == ["b", "b"]
    assert after_a["KeyMarker"] == "a"


def test_version_id_marker_needs_a_key_marker(s3, versioned):
    with pytest.raises(ClientError) as exc:
        s3.list_object_versions(Bucket=versioned, VersionIdMarker="null")
    assert error_of(exc) == ("InvalidArgument", 400)


def test_version_listing_with_prefix_delimiter_and_encoding(s3, versioned):
    s3.put_object(Bucket=versioned, Key="dir/a b", Body=b"1")
    s3.put_object(Bucket=versioned, Key="top", Body=b"2")
    grouped = s3.list_object_versions(Bucket=versioned, Delimiter="/")
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["dir/"]
    assert [v["Key"] for v in grouped["Versions"]] == ["top"]
    encoded = s3.list_object_versions(Bucket=versioned, Prefix="dir/", EncodingType="url")
    assert [v["Key"] for v in encoded["Versions"]] == ["dir/a+b"]
    assert s3.list_object_versions(Bucket=versioned, Prefix="dir/")["Versions"][0]["Key"] == "dir/a b"


def test_cli_versioning(server, bucket):
    put = server.cli("s3api", "put-bucket-versioning", "--bucket", bucket,
                     "--versioning-configuration", "Status=Enabled")
    assert put.returncode == 0, put.stderr
    got = server.cli("s3api", "get-bucket-versioning", "--bucket", bucket)
    assert got.returncode == 0 and '"Enabled"' in got.stdout
