"""STS end to end: caller identity, session tokens and their signatures, presigned URLs."""
import datetime
import json
import time
from unittest import mock
import urllib.request
import urllib.error

import boto3
import botocore
import pytest
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG, REGION


def error_code(exc):
    return exc.response["Error"]["Code"]


def test_cli_get_caller_identity_default_account(server):
    out = server.cli("sts", "get-caller-identity", "--output", "json", check=True)
    identity = json.loads(out.stdout)
    assert identity["Account"] == "000000000000"
    assert identity["Arn"] == "arn:aws:iam::000000000000:root"
    assert identity["UserId"] == "000000000000"


def test_cli_get_caller_identity_twelve_digit_key_names_the_account(server):
    out = server.cli("sts", "get-caller-identity", "--query", "Account", "--output", "text",
                     env={"AWS_ACCESS_KEY_ID": "123456789012"}, check=True)
    assert out.stdout.strip() == "123456789012"


def test_boto3_get_caller_identity(server):
    sts = server.client("sts")
    identity = sts.get_caller_identity()
    assert identity["Account"] == "000000000000"
    assert identity["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert identity["ResponseMetadata"]["RequestId"]

    other = server.client("sts", aws_access_key_id="111122223333", aws_secret_access_key="x")
    assert other.get_caller_identity()["Arn"] == "arn:aws:iam::111122223333:root"


def test_session_token_credentials_are_recognised_and_verified(server):
    creds = server.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40
    lifetime = (creds["Expiration"] - botocore.compat.datetime.datetime.now(
        botocore.compat.datetime.timezone.utc)).total_seconds()
    assert 840 < lifetime <= 960

    session = server.client("sts", aws_access_key_id=creds["AccessKeyId"],
                            aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"])
    identity = session.get_caller_identity()
    assert identity["Account"] == "000000000000"
    assert identity["Arn"] == "arn:aws:iam::000000000000:root"

    # the same key signed with the wrong secret
    wrong = server.client("sts", aws_access_key_id=creds["AccessKeyId"],
                          aws_secret_access_key="x" * 40, aws_session_token=creds["SessionToken"])
    with pytest.raises(ClientError) as exc:
        wrong.get_caller_identity()
    assert error_code(exc.value) == "SignatureDoesNotMatch"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403

    # session credentials cannot mint more session credentials
    with pytest.raises(ClientError) as exc:
        session.get_session_token()
    assert error_code(exc.value) == "AccessDenied"


def test_session_token_must_match(server):
    creds = server.client("sts").get_session_token()["Credentials"]
    forged = server.client("sts", aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"],
                           aws_session_token="not-the-token")
    with pytest.raises(ClientError) as exc:
        forged.get_caller_identity()
    assert error_code(exc.value) in ("InvalidClientTokenId", "SignatureDoesNotMatch")


def test_get_session_token_duration_validation(server):
    sts = server.client("sts", config=CLIENT_CONFIG.merge(
        botocore.config.Config(parameter_validation=False)))
    with pytest.raises(ClientError) as exc:
        sts.get_session_token(DurationSeconds=899)
    assert error_code(exc.value) == "ValidationError"
    assert "durationSeconds" in exc.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as exc:
        sts.get_session_token(DurationSeconds=129601)
    assert error_code(exc.value) == "ValidationError"


def test_get_access_key_info(server):
    sts = server.client("sts")
    creds = sts.get_session_token()["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"] == "000000000000"
    other = server.client("sts", aws_access_key_id="444455556666", aws_secret_access_key="x")
    issued = other.get_session_token()["Credentials"]["AccessKeyId"]
    assert sts.get_access_key_info(AccessKeyId=issued)["Account"] == "444455556666"
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == "000000000000"
    unvalidated = server.client("sts", config=CLIENT_CONFIG.merge(
        botocore.config.Config(parameter_validation=False)))
    with pytest.raises(ClientError) as exc:
        unvalidated.get_access_key_info(AccessKeyId="short")
    assert error_code(exc.value) == "ValidationError"


def presign_get_caller_identity(server, creds, expires, signed_at=None):
    request = AWSRequest(method="GET", url=server.url + "/",
                         params={"Action": "GetCallerIdentity", "Version": "2011-06-15"})
    if signed_at is None:
        SigV4QueryAuth(creds, "sts", REGION, expires=expires).add_auth(request)
    else:
        with mock.patch("botocore.auth.get_current_datetime", return_value=signed_at):
            SigV4QueryAuth(creds, "sts", REGION, expires=expires).add_auth(request)
    return request.prepare().url


def fetch(url, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_presigned_url_works_then_expires(server):
    """STS, like every service but S3, honours a presigned URL for 15 minutes after X-Amz-Date
    whatever X-Amz-Expires says (this is what EKS tokens rely on)."""
    issued = server.client("sts").get_session_token()["Credentials"]
    creds = Credentials(issued["AccessKeyId"], issued["SecretAccessKey"], issued["SessionToken"])
    status, body = fetch(presign_get_caller_identity(server, creds, 60))
    assert status == 200, body
    assert "<Account>000000000000</Account>" in body

    long_ago = datetime.datetime.utcnow() - datetime.timedelta(minutes=16)
    status, body = fetch(presign_get_caller_identity(server, creds, 60, signed_at=long_ago))
    assert status == 403, body
    assert "<Code>SignatureDoesNotMatch</Code>" in body and "Signature expired" in body


def test_s3_presigned_url_expires_after_x_amz_expires(server):
    s3 = server.client("s3", config=CLIENT_CONFIG.merge(
        botocore.config.Config(signature_version="s3v4", s3={"addressing_style": "path"})))
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}, ExpiresIn=1)
    time.sleep(2.2)
    status, body = fetch(url)
    assert status == 403, body
    assert "<Code>AccessDenied</Code>" in body and "Request has expired" in body


def test_tampered_presigned_url_is_rejected(server):
    issued = server.client("sts").get_session_token()["Credentials"]
    creds = Credentials(issued["AccessKeyId"], issued["SecretAccessKey"], issued["SessionToken"])
    url = presign_get_caller_identity(server, creds, 60)
    status, body = fetch(url.replace("Version=2011-06-15", "Version=2011-06-16"))
    assert status == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in body


def test_strict_mode_rejects_unknown_keys(start_server):
    strict = start_server({"SIGV4_VERIFY": "strict"})
    with pytest.raises(ClientError) as exc:
        strict.client("sts").get_caller_identity()
    assert error_code(exc.value) == "InvalidClientTokenId"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_sessions_survive_a_restart_with_persistence(start_server, tmp_path):
    env = {"PERSISTENCE": "1", "DATA_DIR": str(tmp_path / "state")}
    first = start_server(env)
    creds = first.client("sts").get_session_token()["Credentials"]
    assert first.stop() == 0
    second = start_server(env)
    wrong = second.client("sts", aws_access_key_id=creds["AccessKeyId"],
                          aws_secret_access_key="y" * 40, aws_session_token=creds["SessionToken"])
    with pytest.raises(ClientError) as exc:  # still known: verified, so a bad secret fails
        wrong.get_caller_identity()
    assert error_code(exc.value) == "SignatureDoesNotMatch"
    right = second.client("sts", aws_access_key_id=creds["AccessKeyId"],
                          aws_secret_access_key=creds["SecretAccessKey"],
                          aws_session_token=creds["SessionToken"])
    assert right.get_caller_identity()["Account"] == "000000000000"
