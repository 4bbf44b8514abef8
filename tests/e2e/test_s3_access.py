"""S3 access control as S3 decides it: the bucket owner may do anything; anonymous callers and
other accounts only what the bucket policy (Allow/Deny, wildcards, aws:SecureTransport) or the
ACLs grant, as public access block lets them count. Browser POST uploads (policy conditions,
signature, success answers) run through the same checks.
Written to pass against AWS as well (bucket names are random; the second account is a 12-digit
access key id, which awsemu treats as that account)."""
import http.client
import json
import uuid
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

OTHER_ACCOUNT = "111111111111"
OPEN_BLOCK = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
              "RestrictPublicBuckets": False}


def name(prefix="acc"):
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


def client(server, access_key="test"):
    return boto3.client("s3", endpoint_url=server.url, region_name="us-east-1",
                        config=Config(retries={"max_attempts": 1}),
                        aws_access_key_id=access_key, aws_secret_access_key="test")


def code(exc):
    return exc.value.response["Error"]["Code"]


def raw(server, method, path, body=None, headers=None):
    """Unsigned HTTP: (status, headers, body)."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def post_form(server, url, fields, content, filename="upload.bin"):
    boundary = "----e2e" + uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append((f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                  f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n')
                 .encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return raw(server, "POST", urlsplit(url).path, b"".join(parts),
               {"Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.fixture
def s3(server):
    return client(server)


@pytest.fixture
def bucket(s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="doc.txt", Body=b"secret")
    return bucket


# ---- anonymous callers and bucket policies -----------------------------------------------------

def test_new_bucket_is_private_to_anonymous_callers(server, bucket):
    status, _, body = raw(server, "GET", f"/{bucket}/doc.txt")
    assert status == 403 and b"<Code>AccessDenied</Code>" in body and b"secret" not in body
    status, _, body = raw(server, "GET", f"/{bucket}")
    assert status == 403 and b"AccessDenied" in body
    status, _, _ = raw(server, "PUT", f"/{bucket}/new.txt", b"x")
    assert status == 403


def test_anonymous_request_for_a_missing_bucket_is_no_such_bucket(server):
    status, _, body = raw(server, "GET", f"/{name()}/doc.txt")
    assert status == 404 and b"NoSuchBucket" in body


def test_public_access_block_is_on_by_default_and_blocks_public_policies(s3, bucket):
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == {k: True for k in OPEN_BLOCK}
    public = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public))
    assert code(exc) == "AccessDenied"


def test_public_read_policy_opens_objects_only(server, s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=OPEN_BLOCK)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is True
    status, _, body = raw(server, "GET", f"/{bucket}/doc.txt")
    assert (status, body) == (200, b"secret")
    assert raw(server, "GET", f"/{bucket}")[0] == 403  # listing is s3:ListBucket
    assert raw(server, "DELETE", f"/{bucket}/doc.txt")[0] == 403


def test_restrict_public_buckets_ignores_a_public_policy(server, s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=OPEN_BLOCK)
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    assert raw(server, "GET", f"/{bucket}/doc.txt")[0] == 200
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        **OPEN_BLOCK, "RestrictPublicBuckets": True})
    assert raw(server, "GET", f"/{bucket}/doc.txt")[0] == 403


def test_deny_statement_wins_over_allow(server, s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=OPEN_BLOCK)
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:Get*",
         "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/private/*"}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    s3.put_object(Bucket=bucket, Key="private/x", Body=b"p")
    assert raw(server, "GET", f"/{bucket}/doc.txt")[0] == 200
    assert raw(server, "GET", f"/{bucket}/private/x")[0] == 403


def test_https_only_policy_denies_plain_http_to_other_principals(server, s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=OPEN_BLOCK)
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Sid": "DenyNonHTTPS", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    assert raw(server, "GET", f"/{bucket}/doc.txt")[0] == 403  # http: denied
    # the owner can still read and remove the policy
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == policy
    s3.delete_bucket_policy(Bucket=bucket)


# ---- other accounts --------------------------------------------------------------------------

def test_other_account_needs_a_grant(server, s3, bucket):
    other = client(server, OTHER_ACCOUNT)
    with pytest.raises(ClientError) as exc:
        other.get_object(Bucket=bucket, Key="doc.txt")
    assert code(exc) == "AccessDenied"
    with pytest.raises(ClientError) as exc:
        other.get_bucket_policy(Bucket=bucket)
    assert code(exc) == "AccessDenied"
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
        "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is False
    assert other.get_object(Bucket=bucket, Key="doc.txt")["Body"].read() == b"secret"
    assert [o["Key"] for o in other.list_objects_v2(Bucket=bucket)["Contents"]] == ["doc.txt"]
    with pytest.raises(ClientError) as exc:
        other.put_object(Bucket=bucket, Key="x", Body=b"x")
    assert code(exc) == "AccessDenied"


def test_bucket_acl_grants_to_another_account(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket, ObjectOwnership="ObjectWriter")
    other = client(server, OTHER_ACCOUNT)
    other_id = other.list_buckets()["Owner"]["ID"]
    owner_id = s3.get_bucket_acl(Bucket=bucket)["Owner"]["ID"]
    assert owner_id != other_id and len(owner_id) == 64
    with pytest.raises(ClientError):
        other.list_objects_v2(Bucket=bucket)
    s3.put_bucket_acl(Bucket=bucket, GrantRead=f'id="{other_id}"',
                      GrantFullControl=f'id="{owner_id}"')
    grants = s3.get_bucket_acl(Bucket=bucket)["Grants"]
    assert {(g["Grantee"]["ID"], g["Permission"]) for g in grants} == {
        (other_id, "READ"), (owner_id, "FULL_CONTROL")}
    assert other.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_public_acls_blocked_then_allowed(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket, ObjectOwnership="ObjectWriter")
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    assert code(exc) == "AccessDenied"
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=OPEN_BLOCK)
    s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    grants = s3.get_bucket_acl(Bucket=bucket)["Grants"]
    assert any(g["Grantee"].get("URI") == "http://acs.amazonaws.com/groups/global/AllUsers"
               and g["Permission"] == "READ" for g in grants)
    assert raw(server, "GET", f"/{bucket}")[0] == 200  # anonymous listing through the ACL


def test_acls_disabled_bucket_refuses_grants(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_acl(Bucket=bucket, GrantRead='uri="http://acs.amazonaws.com/groups/s3/LogDelivery"')
    assert code(exc) == "AccessControlListNotSupported"
    s3.put_bucket_acl(Bucket=bucket, ACL="private")  # owner-only ACLs are accepted


def test_canned_acl_and_grant_headers_together_are_refused(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_acl(Bucket=bucket, ACL="private", GrantRead='id="abc"')
    assert code(exc) == "InvalidRequest"


@pytest.mark.parametrize("policy, message", [
    ("not json", "Policies must be valid JSON"),
    ('{"Version": "2012-10-17"}', "Missing required field Statement"),
    ('{"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject", '
     '"Resource": "arn:aws:s3:::BUCKET/*"}]}', "Invalid effect"),
    ('{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", '
     '"Resource": "arn:aws:s3:::BUCKET/*"}]}', "invalid action"),
    ('{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", '
     '"Resource": "arn:aws:s3:::some-other-bucket/*"}]}', "invalid resource"),
])
def test_malformed_policies(s3, bucket, policy, message):
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_policy(Bucket=bucket, Policy=policy.replace("BUCKET", bucket))
    assert code(exc) == "MalformedPolicy"
    assert message in exc.value.response["Error"]["Message"]


def test_policy_on_missing_bucket(s3):
    with pytest.raises(ClientError) as exc:
        s3.get_bucket_policy(Bucket=name())
    assert code(exc) == "NoSuchBucket"


# ---- browser POST uploads -------------------------------------------------------------------

def test_presigned_post_uploads_with_204(server, s3, bucket):
    post = s3.generate_presigned_post(bucket, "uploads/${filename}",
                                      Conditions=[["starts-with", "$key", "uploads/"],
                                                  ["content-length-range", 1, 1024]])
    status, headers, body = post_form(server, post["url"], post["fields"], b"avatar", "a.jpg")
    assert status == 204, body
    assert headers["etag"] == '"%s"' % __import__("hashlib").md5(b"avatar").hexdigest()
    assert s3.get_object(Bucket=bucket, Key="uploads/a.jpg")["Body"].read() == b"avatar"


def test_presigned_post_201_answers_post_response(server, s3, bucket):
    post = s3.generate_presigned_post(bucket, "k201", Fields={"success_action_status": "201"},
                                      Conditions=[{"success_action_status": "201"}])
    status, _, body = post_form(server, post["url"], post["fields"], b"data")
    assert status == 201
    assert b"<PostResponse>" in body and b"<Key>k201</Key>" in body
    assert f"<Bucket>{bucket}</Bucket>".encode() in body


def test_presigned_post_redirects_with_303(server, s3, bucket):
    post = s3.generate_presigned_post(
        bucket, "k303", Fields={"success_action_redirect": "http://example.com/done"},
        Conditions=[{"success_action_redirect": "http://example.com/done"}])
    status, headers, _ = post_form(server, post["url"], post["fields"], b"data")
    assert status == 303
    assert headers["location"].startswith("http://example.com/done?bucket=")
    assert "key=k303" in headers["location"]


@pytest.mark.parametrize("size, error", [(2048, b"EntityTooLarge"), (0, b"EntityTooSmall")])
def test_presigned_post_content_length_range(server, s3, bucket, size, error):
    post = s3.generate_presigned_post(bucket, "sized", Conditions=[["content-length-range", 1, 1024]])
    status, _, body = post_form(server, post["url"], post["fields"], b"x" * size)
    assert status == 400 and error in body
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="sized")


def test_presigned_post_policy_violations(server, s3, bucket):
    post = s3.generate_presigned_post(bucket, "fixed")
    fields = dict(post["fields"], key="other")
    status, _, body = post_form(server, post["url"], fields, b"x")
    assert status == 403 and b"Policy Condition failed" in body
    fields = dict(post["fields"], extra="1")
    status, _, body = post_form(server, post["url"], fields, b"x")
    assert status == 403 and b"Extra input fields: extra" in body


def test_presigned_post_expired_policy(server, s3, bucket):
    post = s3.generate_presigned_post(bucket, "late", ExpiresIn=-10)
    status, _, body = post_form(server, post["url"], post["fields"], b"x")
    assert status == 403 and b"Policy expired" in body


def test_post_without_key_or_policy(server, s3, bucket):
    status, _, body = post_form(server, f"{server.url}/{bucket}", {"acl": "private"}, b"x")
    assert status == 400 and b"InvalidArgument" in body
    # no policy: an anonymous upload, which a private bucket refuses
    status, _, body = post_form(server, f"{server.url}/{bucket}", {"key": "anon"}, b"x")
    assert status == 403 and b"AccessDenied" in body


def test_post_with_a_forged_signature_is_refused_in_strict_mode(start_server):
    strict = start_server({"SIGV4_VERIFY": "strict"})
    s3 = client(strict, "AKIDUNKNOWN000000000")
    post = s3.generate_presigned_post("any-bucket", "k")
    status, _, body = post_form(strict, post["url"], post["fields"], b"x")
    assert status in (403, 404)


def test_large_presigned_post_is_stored_whole(server, s3, bucket):
    data = bytes(range(256)) * (9 * 4096)  # 9 MiB: spooled to disk on the way in
    post = s3.generate_presigned_post(bucket, "big.bin",
                                      Conditions=[["content-length-range", 0, 10 << 20]])
    status, _, body = post_form(server, post["url"], post["fields"], data)
    assert status == 204, body
    assert s3.get_object(Bucket=bucket, Key="big.bin")["Body"].read() == data


def test_expected_bucket_owner_mismatch_is_denied(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="doc.txt", ExpectedBucketOwner=OTHER_ACCOUNT)
    assert code(exc) == "AccessDenied"
    owner = boto3.client("sts", endpoint_url=s3.meta.endpoint_url, region_name="us-east-1"
                         ).get_caller_identity()["Account"]
    assert s3.get_object(Bucket=bucket, Key="doc.txt", ExpectedBucketOwner=owner)["Body"].read() == b"secret"


def sigv2_post_fields(access_key, secret, bucket, key):
    """A browser form signed the legacy way: AWSAccessKeyId + base64(HMAC-SHA1(secret, policy))."""
    import base64
    import datetime
    import hashlib
    import hmac
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5))
    policy = base64.b64encode(json.dumps({
        "expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "conditions": [{"bucket": bucket}, {"key": key}]}).encode()).decode()
    signature = base64.b64encode(
        hmac.new(secret.encode(), policy.encode(), hashlib.sha1).digest()).decode()
    return {"key": key, "AWSAccessKeyId": access_key, "policy": policy, "signature": signature}


def test_post_signed_with_sigv2_is_verified(server, s3, bucket):
    iam = server.client("iam")
    user = name("v2user")
    iam.create_user(UserName=user)
    issued = iam.create_access_key(UserName=user)["AccessKey"]
    url = f"{server.url}/{bucket}"
    fields = sigv2_post_fields(issued["AccessKeyId"], issued["SecretAccessKey"], bucket, "v2.txt")
    status, _, _ = post_form(server, url, fields, b"legacy form")
    assert status == 204
    assert s3.get_object(Bucket=bucket, Key="v2.txt")["Body"].read() == b"legacy form"
    forged = sigv2_post_fields(issued["AccessKeyId"], "wrong-secret", bucket, "v2-forged.txt")
    status, _, body = post_form(server, url, forged, b"x")
    assert status == 403 and b"SignatureDoesNotMatch" in body
    unsigned = dict(fields)
    del unsigned["signature"]
    status, _, body = post_form(server, url, unsigned, b"x")
    assert status == 400 and b"InvalidArgument" in body
