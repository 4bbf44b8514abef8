"""S3 Lifecycle applied: the x-amz-expiration header of GetObject/HeadObject, and the background
sweep (S3_LIFECYCLE_INTERVAL=1 here) expiring objects, creating delete markers on versioned
buckets, removing expired object delete markers, with s3:LifecycleExpiration:* events.

Rules whose Date lies in the past are due at once, so the sweep's effect is awaited by polling
with a deadline, never by a fixed sleep. Against AWS the header tests pass as they are; AWS runs
its lifecycle asynchronously (up to a day or two), so the sweep tests would need that long.
Rules that count Days (noncurrent versions, incomplete uploads) are covered by the unit tests
with a manual clock (tests/unit/services/s3_lifecycle_test.cpp)."""
import datetime
import email.utils
import json
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import Server

PAST = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)  # midnight UTC, as S3 asks


def name(prefix="lc"):
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


@pytest.fixture(scope="module")
def server():
    s = Server({"S3_LIFECYCLE_INTERVAL": "1"})
    yield s
    s.stop()
    s.tmp.cleanup()


@pytest.fixture
def s3(server):
    return server.client("s3")


@pytest.fixture
def sqs(server):
    return server.client("sqs")


@pytest.fixture
def bucket(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    return bucket


def versioned(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return bucket


def lifecycle(s3, bucket, *rules):
    s3.put_bucket_lifecycle_configuration(Bucket=bucket,
                                          LifecycleConfiguration={"Rules": list(rules)})


def wait_until(predicate, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def keys(s3, bucket):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def expiration_parts(header):
    """'expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="r"' -> (datetime, rule id)"""
    date_part, rule_part = header.split('", rule-id="')
    date = email.utils.parsedate_to_datetime(date_part.split('expiry-date="')[1])
    return date, rule_part.rstrip('"')


# ---- x-amz-expiration --------------------------------------------------------------------------

def test_expiration_header_rounds_to_the_next_midnight_utc(s3, bucket):
    lifecycle(s3, bucket, {"ID": "tmp rule", "Status": "Enabled", "Filter": {"Prefix": "tmp/"},
                           "Expiration": {"Days": 3}})
    s3.put_object(Bucket=bucket, Key="tmp/a", Body=b"x")
    head = s3.head_object(Bucket=bucket, Key="tmp/a")
    date, rule = expiration_parts(head["Expiration"])
    modified = head["LastModified"].astimezone(datetime.timezone.utc)
    expected = (modified + datetime.timedelta(days=4)).replace(hour=0, minute=0, second=0,
                                                               microsecond=0)
    assert date == expected
    assert rule == "tmp%20rule"  # URL-encoded, as S3 sends it
    got = s3.get_object(Bucket=bucket, Key="tmp/a")
    assert got["Expiration"] == head["Expiration"]


def test_uploads_report_when_a_rule_will_abort_them(s3, bucket):
    # https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html
    lifecycle(s3, bucket,
              {"ID": "slow", "Status": "Enabled", "Filter": {"Prefix": "tmp/"},
               "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}},
              {"ID": "fast", "Status": "Enabled", "Filter": {"Prefix": "tmp/quick/"},
               "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 2}})
    created = s3.create_multipart_upload(Bucket=bucket, Key="tmp/big")
    assert created["AbortRuleId"] == "slow"
    initiated = next(u["Initiated"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
                     if u["UploadId"] == created["UploadId"]).astimezone(datetime.timezone.utc)
    expected = (initiated + datetime.timedelta(days=8)).replace(hour=0, minute=0, second=0,
                                                                microsecond=0)
    assert created["AbortDate"] == expected
    parts = s3.list_parts(Bucket=bucket, Key="tmp/big", UploadId=created["UploadId"])
    assert (parts["AbortDate"], parts["AbortRuleId"]) == (expected, "slow")
    # The earliest of the rules that select the key.
    quick = s3.create_multipart_upload(Bucket=bucket, Key="tmp/quick/x")
    assert quick["AbortRuleId"] == "fast"
    assert quick["AbortDate"] == expected - datetime.timedelta(days=5)
    # No rule selects it: no date.
    other = s3.create_multipart_upload(Bucket=bucket, Key="other/x")
    assert "AbortDate" not in other and "AbortRuleId" not in other
    assert "AbortDate" not in s3.list_parts(Bucket=bucket, Key="other/x",
                                            UploadId=other["UploadId"])


def test_expiration_header_only_for_objects_a_rule_selects(s3, bucket):
    lifecycle(s3, bucket,
              {"ID": "logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
               "Expiration": {"Days": 10}},
              {"ID": "tagged", "Status": "Enabled",
               "Filter": {"And": {"Prefix": "t/", "Tags": [{"Key": "temp", "Value": "yes"}]}},
               "Expiration": {"Days": 1}},
              {"ID": "off", "Status": "Disabled", "Filter": {"Prefix": "off/"},
               "Expiration": {"Days": 1}})
    s3.put_object(Bucket=bucket, Key="other", Body=b"x")
    s3.put_object(Bucket=bucket, Key="off/x", Body=b"x")
    s3.put_object(Bucket=bucket, Key="t/untagged", Body=b"x")
    s3.put_object(Bucket=bucket, Key="t/tagged", Body=b"x", Tagging="temp=yes")
    for key in ("other", "off/x", "t/untagged"):
        assert "Expiration" not in s3.head_object(Bucket=bucket, Key=key)
    assert expiration_parts(s3.head_object(Bucket=bucket, Key="t/tagged")["Expiration"])[1] == \
        "tagged"


def test_writes_report_the_expiration_of_what_they_wrote(s3, bucket):
    lifecycle(s3, bucket, {"ID": "w", "Status": "Enabled", "Filter": {"Prefix": "w/"},
                           "Expiration": {"Days": 2}})
    put = s3.put_object(Bucket=bucket, Key="w/put", Body=b"x")
    assert expiration_parts(put["Expiration"])[1] == "w"
    copied = s3.copy_object(Bucket=bucket, Key="w/copy", CopySource=f"{bucket}/w/put")
    assert expiration_parts(copied["Expiration"])[1] == "w"
    upload = s3.create_multipart_upload(Bucket=bucket, Key="w/mpu")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="w/mpu", UploadId=upload, PartNumber=1,
                          Body=b"x")["ETag"]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="w/mpu", UploadId=upload,
                                        MultipartUpload={"Parts": [{"PartNumber": 1,
                                                                    "ETag": etag}]})
    assert expiration_parts(done["Expiration"])[1] == "w"
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="elsewhere", Body=b"x")


def test_expiration_header_with_a_date_rule(s3, bucket):
    future = datetime.datetime(2099, 1, 1, tzinfo=datetime.timezone.utc)
    lifecycle(s3, bucket, {"ID": "by-date", "Status": "Enabled", "Filter": {},
                           "Expiration": {"Date": future}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    date, rule = expiration_parts(s3.head_object(Bucket=bucket, Key="k")["Expiration"])
    assert (date, rule) == (future, "by-date")


# ---- the sweep ---------------------------------------------------------------------------------

def test_expiration_deletes_selected_objects_of_an_unversioned_bucket(s3, bucket):
    for key in ("old/a", "old/b", "keep/c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"data")
    s3.put_object(Bucket=bucket, Key="big/large", Body=b"x" * 2048)
    s3.put_object(Bucket=bucket, Key="big/small", Body=b"x" * 10)
    lifecycle(s3, bucket,
              {"ID": "old", "Status": "Enabled", "Filter": {"Prefix": "old/"},
               "Expiration": {"Date": PAST}},
              {"ID": "big", "Status": "Enabled",
               "Filter": {"And": {"Prefix": "big/", "ObjectSizeGreaterThan": 1024}},
               "Expiration": {"Date": PAST}})
    assert wait_until(lambda: keys(s3, bucket) == ["big/small", "keep/c"])


def test_expiration_of_a_versioned_bucket_adds_a_delete_marker(s3, bucket):
    versioned(s3, bucket)
    version = s3.put_object(Bucket=bucket, Key="doc", Body=b"v1")["VersionId"]
    lifecycle(s3, bucket, {"ID": "all", "Status": "Enabled", "Filter": {"Prefix": ""},
                           "Expiration": {"Date": PAST}})

    def marked():
        return bool(s3.list_object_versions(Bucket=bucket).get("DeleteMarkers"))
    assert wait_until(marked)
    listed = s3.list_object_versions(Bucket=bucket)
    assert [m["IsLatest"] for m in listed["DeleteMarkers"]] == [True]
    assert [(v["VersionId"], v["IsLatest"]) for v in listed["Versions"]] == [(version, False)]
    # Only one marker, however often the sweep runs: the current entry is a marker already.
    time.sleep(2.5)
    assert len(s3.list_object_versions(Bucket=bucket)["DeleteMarkers"]) == 1


def test_expired_object_delete_markers_are_removed(s3, bucket):
    versioned(s3, bucket)
    version = s3.put_object(Bucket=bucket, Key="gone", Body=b"x")["VersionId"]
    s3.delete_object(Bucket=bucket, Key="gone")               # a marker above the version
    s3.put_object(Bucket=bucket, Key="kept", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="kept")               # a marker with a version below
    s3.delete_object(Bucket=bucket, Key="gone", VersionId=version)  # the marker alone now
    lifecycle(s3, bucket, {"ID": "markers", "Status": "Enabled", "Filter": {"Prefix": ""},
                           "Expiration": {"ExpiredObjectDeleteMarker": True}})

    def marker_keys():
        return sorted(m["Key"] for m in
                      s3.list_object_versions(Bucket=bucket).get("DeleteMarkers", []))
    assert wait_until(lambda: marker_keys() == ["kept"])


def notify_queue(s3, sqs, bucket, event):
    """A queue whose policy lets S3 send to it, named in the bucket's notifications for event."""
    url = sqs.create_queue(QueueName=name("q"))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": arn}]})})
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": arn, "Events": [event]}]})
    return url


def test_lifecycle_events_reach_the_queue(s3, sqs, bucket):
    url = notify_queue(s3, sqs, bucket, "s3:LifecycleExpiration:*")
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"]
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    other = name()
    s3.create_bucket(Bucket=other)
    versioned(s3, other)
    s3.put_bucket_notification_configuration(Bucket=other, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:LifecycleExpiration:*"]}]})
    s3.put_object(Bucket=other, Key="kept", Body=b"x")
    for target in (bucket, other):
        lifecycle(s3, target, {"ID": "now", "Status": "Enabled", "Filter": {"Prefix": ""},
                               "Expiration": {"Date": PAST}})

    records = []
    deadline = time.time() + 20
    while len(records) < 2 and time.time() < deadline:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                           WaitTimeSeconds=1).get("Messages", []):
            body = json.loads(message["Body"])
            records += body.get("Records", [])  # skips the s3:TestEvent
    by_bucket = {r["s3"]["bucket"]["name"]: r for r in records}
    assert by_bucket[bucket]["eventName"] == "LifecycleExpiration:Delete"
    assert by_bucket[bucket]["s3"]["object"]["key"] == "plain"
    assert by_bucket[other]["eventName"] == "LifecycleExpiration:DeleteMarkerCreated"
    assert by_bucket[other]["s3"]["object"]["versionId"]
    for record in records:
        assert record["userIdentity"]["principalId"] == "s3.amazonaws.com"
        assert record["requestParameters"]["sourceIPAddress"] == "s3.amazonaws.com"
    sqs.delete_queue(QueueUrl=url)


def test_rules_that_are_disabled_or_not_due_leave_objects_alone(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"x")
    s3.put_object(Bucket=bucket, Key="b", Body=b"x")
    lifecycle(s3, bucket,
              {"ID": "off", "Status": "Disabled", "Filter": {"Prefix": "a"},
               "Expiration": {"Date": PAST}},
              {"ID": "later", "Status": "Enabled", "Filter": {"Prefix": "b"},
               "Expiration": {"Days": 1}})
    marker = name()
    s3.create_bucket(Bucket=marker)  # a sweep that expires something in another bucket ...
    s3.put_object(Bucket=marker, Key="x", Body=b"x")
    lifecycle(s3, marker, {"ID": "now", "Status": "Enabled", "Filter": {},
                           "Expiration": {"Date": PAST}})
    assert wait_until(lambda: keys(s3, marker) == [])  # ... has run over this one as well
    time.sleep(1.5)
    assert keys(s3, bucket) == ["a", "b"]


# ---- transitions -------------------------------------------------------------------------------
# Transition and NoncurrentVersionTransition change the stored storage class of the versions they
# select (HeadObject, listings); GLACIER and DEEP_ARCHIVE versions then need RestoreObject. Objects
# under 128 KiB stay where they are unless TransitionDefaultMinimumObjectSize or a size filter
# says otherwise. Rules that count Days are covered by the unit tests with a manual clock.

BIG = b"b" * (200 * 1024)


def storage_class(s3, bucket, key):
    return s3.head_object(Bucket=bucket, Key=key).get("StorageClass", "STANDARD")


def listed_classes(s3, bucket):
    return {o["Key"]: o["StorageClass"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}


def test_transition_by_date_changes_the_storage_class(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ia/big", Body=BIG)
    s3.put_object(Bucket=bucket, Key="ia/small", Body=b"tiny")
    s3.put_object(Bucket=bucket, Key="other", Body=BIG)
    lifecycle(s3, bucket, {"ID": "ia", "Status": "Enabled", "Filter": {"Prefix": "ia/"},
                           "Transitions": [{"Date": PAST, "StorageClass": "STANDARD_IA"}]})
    assert wait_until(lambda: storage_class(s3, bucket, "ia/big") == "STANDARD_IA")
    assert listed_classes(s3, bucket) == {"ia/big": "STANDARD_IA", "ia/small": "STANDARD",
                                          "other": "STANDARD"}
    assert s3.get_object(Bucket=bucket, Key="ia/big")["Body"].read() == BIG  # still readable


def test_transition_to_glacier_needs_a_restore(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cold", Body=BIG)
    lifecycle(s3, bucket, {"ID": "cold", "Status": "Enabled", "Filter": {},
                           "Transitions": [{"Date": PAST, "StorageClass": "GLACIER"}]})
    assert wait_until(lambda: storage_class(s3, bucket, "cold") == "GLACIER")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="cold")
    assert exc.value.response["Error"]["Code"] == "InvalidObjectState"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 1})
    assert wait_until(lambda: 'ongoing-request="false"' in
                      s3.head_object(Bucket=bucket, Key="cold").get("Restore", ""))
    assert s3.get_object(Bucket=bucket, Key="cold")["Body"].read() == BIG


def test_small_objects_and_the_default_minimum_size(s3, bucket):
    for key in ("gl/small", "ia/small", "sized/small"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"small")
    put = s3.put_bucket_lifecycle_configuration(
        Bucket=bucket, TransitionDefaultMinimumObjectSize="varies_by_storage_class",
        LifecycleConfiguration={"Rules": [
            {"ID": "gl", "Status": "Enabled", "Filter": {"Prefix": "gl/"},
             "Transitions": [{"Date": PAST, "StorageClass": "GLACIER"}]},
            {"ID": "ia", "Status": "Enabled", "Filter": {"Prefix": "ia/"},
             "Transitions": [{"Date": PAST, "StorageClass": "STANDARD_IA"}]},
            {"ID": "sized", "Status": "Enabled",
             "Filter": {"And": {"Prefix": "sized/", "ObjectSizeGreaterThan": 1}},
             "Transitions": [{"Date": PAST, "StorageClass": "ONEZONE_IA"}]}]})
    assert put["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert got["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"
    # Small objects go to the archive classes, and wherever a size filter sends them.
    assert wait_until(lambda: listed_classes(s3, bucket) == {
        "gl/small": "GLACIER", "ia/small": "STANDARD", "sized/small": "ONEZONE_IA"})


def test_the_default_minimum_size_is_reported(s3, bucket):
    put = s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "r", "Status": "Enabled", "Filter": {},
         "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}]}]})
    assert "TransitionDefaultMinimumObjectSize" not in put  # not asked for
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert got["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"
    assert got["Rules"][0]["Transitions"] == [{"Days": 30, "StorageClass": "STANDARD_IA"}]


def test_noncurrent_versions_are_left_until_their_days_come(s3, bucket):
    versioned(s3, bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=BIG)
    s3.put_object(Bucket=bucket, Key="k", Body=BIG)
    lifecycle(s3, bucket, {"ID": "nc", "Status": "Enabled", "Filter": {},
                           "NoncurrentVersionTransitions": [
                               {"NoncurrentDays": 30, "StorageClass": "GLACIER"}]},
              {"ID": "now", "Status": "Enabled", "Filter": {"Prefix": "marker"},
               "Expiration": {"Date": PAST}})
    s3.put_object(Bucket=bucket, Key="marker", Body=b"x")
    assert wait_until(lambda: keys(s3, bucket) == ["k"])  # a sweep has run
    versions = s3.list_object_versions(Bucket=bucket, Prefix="k")["Versions"]
    assert [v["StorageClass"] for v in versions] == ["STANDARD", "STANDARD"]


def test_transition_events_reach_the_queue(s3, sqs, bucket):
    url = notify_queue(s3, sqs, bucket, "s3:LifecycleTransition")
    s3.put_object(Bucket=bucket, Key="moved", Body=BIG)
    lifecycle(s3, bucket, {"ID": "deep", "Status": "Enabled", "Filter": {},
                           "Transitions": [{"Date": PAST, "StorageClass": "DEEP_ARCHIVE"}]})
    records = []
    deadline = time.time() + 20
    while not records and time.time() < deadline:
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                           WaitTimeSeconds=1).get("Messages", []):
            records += json.loads(message["Body"]).get("Records", [])
    assert [r["eventName"] for r in records] == ["LifecycleTransition"]
    assert records[0]["s3"]["object"]["key"] == "moved"
    assert records[0]["s3"]["object"]["size"] == len(BIG)
    sqs.delete_queue(QueueUrl=url)


@pytest.mark.parametrize("rule,message", [
    ({"Transitions": [{"Days": 10, "StorageClass": "STANDARD_IA"}]},
     "'Days' in Transition action must be greater than or equal to 30 for storageClass "
     "'STANDARD_IA'"),
    ({"NoncurrentVersionTransitions": [{"NoncurrentDays": 5, "StorageClass": "ONEZONE_IA"}]},
     "'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 "
     "for storageClass 'ONEZONE_IA'"),
    ({"Transitions": [{"Days": -1, "StorageClass": "GLACIER"}]},
     "'Days' in Transition action must be nonnegative"),
    ({"Transitions": [{"Days": 30, "StorageClass": "GLACIER"},
                      {"Days": 60, "StorageClass": "GLACIER"}]}, None),
    ({"Transitions": [{"Days": 30, "StorageClass": "GLACIER"},
                      {"Days": 90, "StorageClass": "STANDARD_IA"}]}, None),
    ({"Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"},
                      {"Days": 40, "StorageClass": "GLACIER"}]}, None),
    ({"Transitions": [{"Days": 60, "StorageClass": "GLACIER"}], "Expiration": {"Days": 30}},
     None),
    ({"Transitions": [{"Date": datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.timezone.utc),
                       "StorageClass": "GLACIER"}]}, "'Date' must be at midnight GMT"),
])
def test_transition_rules_are_validated(s3, bucket, rule, message):
    with pytest.raises(ClientError) as exc:
        lifecycle(s3, bucket, {"ID": "r", "Status": "Enabled", "Filter": {}, **rule})
    assert exc.value.response["Error"]["Code"] == "InvalidArgument"
    if message:
        assert exc.value.response["Error"]["Message"] == message


def test_aws_cli_transition(server, s3, bucket, tmp_path):
    s3.put_object(Bucket=bucket, Key="cli/big", Body=BIG)
    document = tmp_path / "lifecycle.json"
    document.write_text(json.dumps({"Rules": [{
        "ID": "cli", "Status": "Enabled", "Filter": {"Prefix": "cli/"},
        "Transitions": [{"Date": "2020-01-01T00:00:00Z", "StorageClass": "GLACIER_IR"}]}]}))
    put = server.cli("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket,
                     "--lifecycle-configuration", f"file://{document}",
                     "--transition-default-minimum-object-size", "varies_by_storage_class")
    assert put.returncode == 0, put.stderr
    assert json.loads(put.stdout)["TransitionDefaultMinimumObjectSize"] == \
        "varies_by_storage_class"
    assert wait_until(lambda: storage_class(s3, bucket, "cli/big") == "GLACIER_IR")
    head = server.cli("s3api", "head-object", "--bucket", bucket, "--key", "cli/big")
    assert json.loads(head.stdout)["StorageClass"] == "GLACIER_IR"
    listing = server.cli("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "cli/")
    assert json.loads(listing.stdout)["Contents"][0]["StorageClass"] == "GLACIER_IR"
