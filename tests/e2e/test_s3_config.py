"""Bucket configuration as boto3 and the aws CLI use it: every Put/Get/Delete round trip with
S3's validation and its "not found" errors, S3's defaults (SSE-S3 encryption, public access
block, ownership controls), and CORS (the OPTIONS preflight and headers on actual requests).
Written to pass against AWS as well (bucket names are random)."""
import http.client
import json
import uuid
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def name(prefix="cfg"):
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def code(exc):
    return exc.value.response["Error"]["Code"]


@pytest.fixture
def s3(server):
    return boto3.client("s3", endpoint_url=server.url, region_name="us-east-1",
                        config=Config(retries={"max_attempts": 1}))


@pytest.fixture
def bucket(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    return bucket


def raw(server, method, path, headers=None):
    conn = http.client.HTTPConnection(urlsplit(server.url).netloc, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.mark.parametrize("getter, error", [
    ("get_bucket_policy", "NoSuchBucketPolicy"),
    ("get_bucket_policy_status", "NoSuchBucketPolicy"),
    ("get_bucket_cors", "NoSuchCORSConfiguration"),
    ("get_bucket_tagging", "NoSuchTagSet"),
    ("get_bucket_lifecycle_configuration", "NoSuchLifecycleConfiguration"),
    ("get_bucket_website", "NoSuchWebsiteConfiguration"),
    ("get_object_lock_configuration", "ObjectLockConfigurationNotFoundError"),
])
def test_unset_configuration_is_not_found(s3, bucket, getter, error):
    with pytest.raises(ClientError) as exc:
        getattr(s3, getter)(Bucket=bucket)
    assert code(exc) == error
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_defaults_of_a_new_bucket(s3, bucket):
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "BucketOwnerEnforced"}]
    assert all(s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"].values())
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
    assert "Status" not in s3.get_bucket_accelerate_configuration(Bucket=bucket)
    notification = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert not notification.get("QueueConfigurations")


def test_policy_roundtrip_and_delete(s3, bucket):
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyNonHTTPS", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == policy
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is False
    s3.delete_bucket_policy(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_policy(Bucket=bucket)
    assert code(exc) == "NoSuchBucketPolicy"


def test_tagging_roundtrip_and_errors(s3, bucket):
    tags = [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": ""}]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
    assert sorted(s3.get_bucket_tagging(Bucket=bucket)["TagSet"], key=lambda t: t["Key"]) == tags
    for bad in ([{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}],
                [{"Key": "aws:x", "Value": "1"}], [{"Key": "k" * 129, "Value": "1"}]):
        with pytest.raises(ClientError) as exc:
            s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": bad})
        assert code(exc) == "InvalidTag"
    s3.delete_bucket_tagging(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_tagging(Bucket=bucket)
    assert code(exc) == "NoSuchTagSet"


def test_encryption_roundtrip(s3, bucket):
    config = {"Rules": [{"ApplyServerSideEncryptionByDefault": {
        "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/my-key"}, "BucketKeyEnabled": True}]}
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=config)
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == config
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256",
                                                    "KMSMasterKeyID": "k"}}]})
    assert code(exc) == "InvalidArgument"
    s3.delete_bucket_encryption(Bucket=bucket)
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}


def test_lifecycle_roundtrip(s3, bucket):
    rules = [{"ID": "archive", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
              "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"},
                              {"Days": 90, "StorageClass": "GLACIER"}],
              "Expiration": {"Days": 365},
              "NoncurrentVersionExpiration": {"NoncurrentDays": 30}},
             {"ID": "uploads", "Status": "Disabled", "Filter": {"Prefix": ""},
              "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    got = {r["ID"]: r for r in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]}
    assert got["archive"] == rules[0]
    assert got["uploads"]["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 7}
    s3.delete_bucket_lifecycle(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert code(exc) == "NoSuchLifecycleConfiguration"


@pytest.mark.parametrize("rule, error", [
    ({"ID": "a", "Status": "Enabled", "Filter": {"Prefix": ""}}, "InvalidRequest"),
    ({"ID": "a", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 0}},
     "InvalidArgument"),
    ({"ID": "a", "Status": "Enabled", "Filter": {"Prefix": ""},
      "Transitions": [{"Days": 10, "StorageClass": "STANDARD_IA"}]}, "InvalidArgument"),
])
def test_lifecycle_validation(s3, bucket, rule, error):
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket,
                                              LifecycleConfiguration={"Rules": [rule]})
    assert code(exc) == error


def test_lifecycle_duplicate_ids(s3, bucket):
    rule = {"ID": "same", "Status": "Enabled", "Filter": {"Prefix": ""},
            "Expiration": {"Days": 1}}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket,
                                              LifecycleConfiguration={"Rules": [rule, rule]})
    assert code(exc) == "InvalidArgument"


def test_website_with_the_cli(server, bucket, s3):
    done = server.cli("s3", "website", f"s3://{bucket}", "--index-document", "index.html",
                      "--error-document", "404.html")
    assert done.returncode == 0, done.stderr
    site = s3.get_bucket_website(Bucket=bucket)
    assert site["IndexDocument"] == {"Suffix": "index.html"}
    assert site["ErrorDocument"] == {"Key": "404.html"}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={"ErrorDocument": {"Key": "e"}})
    assert code(exc) == "InvalidArgument"
    s3.delete_bucket_website(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_website(Bucket=bucket)
    assert code(exc) == "NoSuchWebsiteConfiguration"


def test_public_access_block_put_get_delete(s3, bucket):
    config = {"BlockPublicAcls": True, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
              "RestrictPublicBuckets": False}
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=config)
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == config
    s3.delete_public_access_block(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_public_access_block(Bucket=bucket)
    assert code(exc) == "NoSuchPublicAccessBlockConfiguration"


def test_ownership_controls(s3, bucket):
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={
        "Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "BucketOwnerPreferred"}]
    s3.delete_bucket_ownership_controls(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_ownership_controls(Bucket=bucket)
    assert code(exc) == "OwnershipControlsNotFoundError"


def test_object_lock_configuration(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    config = {"ObjectLockEnabled": "Enabled",
              "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}}
    with pytest.raises(ClientError) as exc:
        s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=config)
    assert code(exc) == "InvalidBucketState"
    locked = name()
    s3.create_bucket(Bucket=locked, ObjectLockEnabledForBucket=True)
    assert s3.get_object_lock_configuration(Bucket=locked)["ObjectLockConfiguration"] == {
        "ObjectLockEnabled": "Enabled"}
    s3.put_object_lock_configuration(Bucket=locked, ObjectLockConfiguration=config)
    assert s3.get_object_lock_configuration(Bucket=locked)["ObjectLockConfiguration"] == config


def test_logging_accelerate_request_payment(s3, bucket):
    target = name()
    s3.create_bucket(Bucket=target)
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "logs/"}})
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"] == {
        "TargetBucket": target, "TargetPrefix": "logs/"}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": name(), "TargetPrefix": "x"}})
    assert code(exc) == "InvalidTargetBucketForLogging"
    s3.put_bucket_accelerate_configuration(Bucket=bucket,
                                           AccelerateConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_accelerate_configuration(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_request_payment(Bucket=bucket,
                                  RequestPaymentConfiguration={"Payer": "Requester"})
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "Requester"


def test_configuration_of_a_missing_bucket(s3):
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_tagging(Bucket=name(), Tagging={"TagSet": []})
    assert code(exc) == "NoSuchBucket"


# ---- CORS ------------------------------------------------------------------------------------

CORS = {"CORSRules": [{"AllowedOrigins": ["https://*.example.com"],
                       "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["*"],
                       "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 300}]}


def test_cors_roundtrip_and_validation(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=CORS)
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == CORS["CORSRules"]
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
            {"AllowedOrigins": ["*"], "AllowedMethods": ["PATCH"]}]})
    assert code(exc) == "InvalidRequest"
    s3.delete_bucket_cors(Bucket=bucket)
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_cors(Bucket=bucket)
    assert code(exc) == "NoSuchCORSConfiguration"


def test_cors_preflight(server, s3, bucket):
    preflight = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "PUT",
                 "Access-Control-Request-Headers": "Content-Type"}
    status, _, body = raw(server, "OPTIONS", f"/{bucket}/file.txt", preflight)
    assert status == 403 and b"CORSResponse" in body  # no configuration yet
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=CORS)
    status, headers, _ = raw(server, "OPTIONS", f"/{bucket}/file.txt", preflight)
    assert status == 200
    assert headers["access-control-allow-origin"] == "https://app.example.com"
    assert headers["access-control-allow-methods"] == "GET, PUT"
    assert headers["access-control-allow-headers"].lower() == "content-type"
    assert headers["access-control-max-age"] == "300"
    status, _, body = raw(server, "OPTIONS", f"/{bucket}/file.txt",
                          dict(preflight, Origin="https://evil.test"))
    assert status == 403 and b"CORSResponse" in body
    status, _, _ = raw(server, "OPTIONS", f"/{bucket}/file.txt",
                       dict(preflight, **{"Access-Control-Request-Method": "DELETE"}))
    assert status == 403
    status, _, _ = raw(server, "OPTIONS", f"/{bucket}/file.txt")
    assert status == 400  # no Origin


def test_cors_headers_on_actual_requests(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=CORS)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")

    def add_origin(request, **kwargs):
        request.headers["Origin"] = "https://app.example.com"

    s3.meta.events.register("before-sign.s3.GetObject", add_origin)
    got = s3.get_object(Bucket=bucket, Key="k")
    headers = got["ResponseMetadata"]["HTTPHeaders"]
    assert headers["access-control-allow-origin"] == "https://app.example.com"
    assert headers["access-control-expose-headers"] == "ETag"


def test_policy_and_public_access_block_with_the_cli(server, s3, bucket, tmp_path):
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "PublicReadGetObject", "Effect": "Allow", "Principal": "*",
        "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy))
    refused = server.cli("s3api", "put-bucket-policy", "--bucket", bucket,
                         "--policy", f"file://{path}")
    assert refused.returncode != 0 and "AccessDenied" in refused.stderr
    done = server.cli("s3api", "put-public-access-block", "--bucket", bucket,
                      "--public-access-block-configuration",
                      "BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,"
                      "RestrictPublicBuckets=false")
    assert done.returncode == 0, done.stderr
    done = server.cli("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", f"file://{path}")
    assert done.returncode == 0, done.stderr
    got = server.cli("s3api", "get-bucket-policy", "--bucket", bucket, "--query", "Policy",
                     "--output", "text")
    assert json.loads(got.stdout) == policy
    status = server.cli("s3api", "get-bucket-policy-status", "--bucket", bucket, "--query",
                        "PolicyStatus.IsPublic", "--output", "text")
    assert status.stdout.strip() == "True"
    missing = server.cli("s3api", "get-bucket-cors", "--bucket", bucket)
    assert missing.returncode != 0 and "NoSuchCORSConfiguration" in missing.stderr


def test_lifecycle_and_tagging_with_the_cli(server, bucket, tmp_path):
    path = tmp_path / "lifecycle.json"
    path.write_text(json.dumps({"Rules": [{
        "ID": "archive-and-expire", "Status": "Enabled", "Filter": {"Prefix": "logs/"},
        "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}],
        "Expiration": {"Days": 365}}]}))
    done = server.cli("s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket,
                      "--lifecycle-configuration", f"file://{path}")
    assert done.returncode == 0, done.stderr
    got = server.cli("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket,
                     "--output", "text", "--query",
                     "Rules[0].[ID, Filter.Prefix, Transitions[0].StorageClass, Expiration.Days]")
    assert got.stdout.split() == ["archive-and-expire", "logs/", "STANDARD_IA", "365"]
    done = server.cli("s3api", "put-bucket-tagging", "--bucket", bucket, "--tagging",
                      "TagSet=[{Key=env,Value=prod}]")
    assert done.returncode == 0, done.stderr
    got = server.cli("s3api", "get-bucket-tagging", "--bucket", bucket, "--output", "text",
                     "--query", "TagSet[0].[Key,Value]")
    assert got.stdout.split() == ["env", "prod"]
