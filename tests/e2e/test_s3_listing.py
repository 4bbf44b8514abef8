"""S3 listings: ListObjectsV2 (prefix, delimiter, start-after, continuation tokens, max-keys,
fetch-owner, encoding-type=url), ListObjects (v1: marker, NextMarker) and their errors, through
boto3 and the aws CLI. Each test works in a bucket of its own."""
import json
import uuid

import pytest
from botocore.exceptions import ClientError

from s3_support import new_bucket, path_style_client


@pytest.fixture
def s3(server):
    return path_style_client(server)


@pytest.fixture
def bucket(s3):
    return new_bucket(s3, "list")


def put(s3, bucket, *keys, body=b"x"):
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=body)


def error_of(exc):
    return exc.value.response["Error"]["Code"], exc.value.response["ResponseMetadata"]["HTTPStatusCode"]


def keys_of(page):
    return [item["Key"] for item in page.get("Contents", [])]


def prefixes_of(page):
    return [item["Prefix"] for item in page.get("CommonPrefixes", [])]


def test_v2_lists_objects_with_their_attributes(s3, bucket):
    put(s3, bucket, "b", "a", "c/d", body=b"hello")
    page = s3.list_objects_v2(Bucket=bucket)
    assert keys_of(page) == ["a", "b", "c/d"]
    assert page["KeyCount"] == 3 and page["IsTruncated"] is False and page["Name"] == bucket
    assert page["MaxKeys"] == 1000 and page["Prefix"] == ""
    entry = page["Contents"][0]
    assert entry["Size"] == 5
    assert entry["ETag"] == '"5d41402abc4b2a76b9719d911017c592"'
    assert entry["StorageClass"] == "STANDARD"
    assert entry["LastModified"].year >= 2024
    assert "Owner" not in entry  # v2 shows owners only with fetch-owner


def test_v2_fetch_owner(s3, bucket):
    put(s3, bucket, "k")
    entry = s3.list_objects_v2(Bucket=bucket, FetchOwner=True)["Contents"][0]
    owner = entry["Owner"]
    assert len(owner["ID"]) == 64
    assert owner["ID"] == s3.list_buckets()["Owner"]["ID"]


def test_v2_prefix_and_delimiter_give_common_prefixes(s3, bucket):
    put(s3, bucket, "photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg",
        "photos/top.jpg", "videos/v.mp4", "readme")
    root = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert keys_of(root) == ["readme"]
    assert prefixes_of(root) == ["photos/", "videos/"]
    assert root["KeyCount"] == 3 and root["Delimiter"] == "/"
    photos = s3.list_objects_v2(Bucket=bucket, Prefix="photos/", Delimiter="/")
    assert keys_of(photos) == ["photos/top.jpg"]
    assert prefixes_of(photos) == ["photos/2024/", "photos/2025/"]
    assert photos["Prefix"] == "photos/"
    deep = s3.list_objects_v2(Bucket=bucket, Prefix="photos/2024/")
    assert keys_of(deep) == ["photos/2024/a.jpg", "photos/2024/b.jpg"]
    assert s3.list_objects_v2(Bucket=bucket, Prefix="nothing")["KeyCount"] == 0


def test_v2_continuation_tokens_page_through_everything(s3, bucket):
    keys = [f"k{i:02d}" for i in range(7)]
    put(s3, bucket, *keys)
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"ContinuationToken": token} if token else {}
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=3, **kwargs)
        pages += 1
        seen += keys_of(page)
        assert page["MaxKeys"] == 3
        if token:
            assert page["ContinuationToken"] == token
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        assert page["KeyCount"] == 3
        token = page["NextContinuationToken"]
    assert seen == keys and pages == 3
    paginated = [key for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 2}) for key in keys_of(page)]
    assert paginated == keys


def test_v2_pages_with_common_prefixes(s3, bucket):
    put(s3, bucket, "a/1", "a/2", "b", "c/1", "d")
    first = s3.list_objects_v2(Bucket=bucket, Delimiter="/", MaxKeys=2)
    assert prefixes_of(first) == ["a/"] and keys_of(first) == ["b"] and first["IsTruncated"]
    second = s3.list_objects_v2(Bucket=bucket, Delimiter="/", MaxKeys=2,
                                ContinuationToken=first["NextContinuationToken"])
    assert prefixes_of(second) == ["c/"] and keys_of(second) == ["d"]
    assert second["IsTruncated"] is False


def test_v2_start_after(s3, bucket):
    put(s3, bucket, "a", "b", "c", "d")
    page = s3.list_objects_v2(Bucket=bucket, StartAfter="b")
    assert keys_of(page) == ["c", "d"] and page["StartAfter"] == "b"
    assert keys_of(s3.list_objects_v2(Bucket=bucket, StartAfter="bb")) == ["c", "d"]
    assert s3.list_objects_v2(Bucket=bucket, StartAfter="z")["KeyCount"] == 0


def test_v2_max_keys_zero_is_an_empty_untruncated_page(s3, bucket):
    put(s3, bucket, "a", "b")
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)
    assert page["KeyCount"] == 0 and page["IsTruncated"] is False and "Contents" not in page


def test_v2_at_most_1000_keys_per_page(s3, bucket):
    # A thousand small objects, created in one multipart-free loop.
    for i in range(1001):
        s3.put_object(Bucket=bucket, Key=f"key-{i:04d}", Body=b"")
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=5000)
    assert page["KeyCount"] == 1000 and page["IsTruncated"] is True
    rest = s3.list_objects_v2(Bucket=bucket, ContinuationToken=page["NextContinuationToken"])
    assert keys_of(rest) == ["key-1000"]


def test_v2_bad_continuation_token_is_invalid_argument(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.list_objects_v2(Bucket=bucket, ContinuationToken="not-a-token")
    assert error_of(exc) == ("InvalidArgument", 400)


def test_negative_max_keys_is_invalid_argument(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.list_objects_v2(Bucket=bucket, MaxKeys=-1)
    assert error_of(exc) == ("InvalidArgument", 400)


def test_listing_a_missing_bucket_is_no_such_bucket(s3):
    for call in (s3.list_objects_v2, s3.list_objects, s3.list_object_versions):
        with pytest.raises(ClientError) as exc:
            call(Bucket="missing-" + uuid.uuid4().hex[:12])
        assert error_of(exc) == ("NoSuchBucket", 404)


WEIRD_KEYS = ["a b.txt", "a+b.txt", "100%.csv", "\u00e9t\u00e9/x.txt", "q?&=#.txt", "tab\tkey"]


def test_encoding_type_url_encodes_keys_as_s3_does(s3, bucket):
    put(s3, bucket, *WEIRD_KEYS)
    # Asked for explicitly, boto3 hands back the values as S3 sent them.
    page = s3.list_objects_v2(Bucket=bucket, EncodingType="url")
    assert page["EncodingType"] == "url"
    encoded = keys_of(page)
    assert "a+b.txt" in encoded  # the space
    assert "a%2Bb.txt" in encoded
    assert "100%25.csv" in encoded
    assert "%C3%A9t%C3%A9/x.txt" in encoded  # '/' stays
    assert "tab%09key" in encoded
    grouped = s3.list_objects_v2(Bucket=bucket, EncodingType="url", Delimiter="/",
                                 Prefix="\u00e9")
    assert prefixes_of(grouped) == ["%C3%A9t%C3%A9/"]
    assert grouped["Prefix"] == "%C3%A9"


def test_boto3_decodes_the_url_encoding_it_asks_for(s3, bucket):
    put(s3, bucket, *WEIRD_KEYS)
    assert sorted(keys_of(s3.list_objects_v2(Bucket=bucket))) == sorted(WEIRD_KEYS)
    assert sorted(keys_of(s3.list_objects(Bucket=bucket))) == sorted(WEIRD_KEYS)
    grouped = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert prefixes_of(grouped) == ["\u00e9t\u00e9/"]


def test_unknown_encoding_type_is_invalid_argument(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.list_objects_v2(Bucket=bucket, EncodingType="base64")
    assert error_of(exc) == ("InvalidArgument", 400)


def test_v1_marker_and_owner(s3, bucket):
    put(s3, bucket, "a", "b", "c")
    page = s3.list_objects(Bucket=bucket, MaxKeys=2)
    assert keys_of(page) == ["a", "b"] and page["IsTruncated"] is True
    assert page["Marker"] == ""
    assert "NextMarker" not in page  # only with a delimiter
    assert len(page["Contents"][0]["Owner"]["ID"]) == 64
    rest = s3.list_objects(Bucket=bucket, Marker="b")
    assert keys_of(rest) == ["c"] and rest["Marker"] == "b" and rest["IsTruncated"] is False


def test_v1_next_marker_with_a_delimiter(s3, bucket):
    put(s3, bucket, "a/1", "a/2", "b", "c/1")
    page = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=2)
    assert prefixes_of(page) == ["a/"] and keys_of(page) == ["b"]
    assert page["IsTruncated"] is True and page["NextMarker"] == "b"
    rest = s3.list_objects(Bucket=bucket, Delimiter="/", Marker=page["NextMarker"])
    assert prefixes_of(rest) == ["c/"] and rest["IsTruncated"] is False
    paginated = list(s3.get_paginator("list_objects").paginate(
        Bucket=bucket, Delimiter="/", PaginationConfig={"PageSize": 1}))
    assert [p for page in paginated for p in prefixes_of(page)] == ["a/", "c/"]


def test_cli_ls_and_list_objects_v2(server, s3, bucket):
    put(s3, bucket, "dir/one.txt", "dir/two.txt", "root.txt")
    listed = server.cli("s3", "ls", f"s3://{bucket}/")
    assert listed.returncode == 0, listed.stderr
    assert "PRE dir/" in listed.stdout and "root.txt" in listed.stdout
    recursive = server.cli("s3", "ls", "--recursive", f"s3://{bucket}/dir/")
    assert recursive.returncode == 0, recursive.stderr
    assert "dir/one.txt" in recursive.stdout and "dir/two.txt" in recursive.stdout
    api = server.cli("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "dir/",
                     "--max-items", "1", "--output", "json")
    assert api.returncode == 0, api.stderr
    document = json.loads(api.stdout)
    assert [item["Key"] for item in document["Contents"]] == ["dir/one.txt"]
    assert "NextToken" in document
