"""Authentication errors in each service's own words: JSON-protocol services (DynamoDB, CloudWatch
Logs, Lambda) say UnrecognizedClientException / InvalidSignatureException where query services say
InvalidClientTokenId / SignatureDoesNotMatch."""
import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG, REGION, Server


def client(server, service, key, secret="test"):
    return boto3.client(service, endpoint_url=server.url, region_name=REGION,
                        aws_access_key_id=key, aws_secret_access_key=secret, config=CLIENT_CONFIG)


@pytest.fixture(scope="module")
def strict():
    s = Server({"SIGV4_VERIFY": "strict"})
    yield s
    s.stop()
    s.tmp.cleanup()


def refused(call):
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response
    return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.parametrize("service,call,status", [
    ("dynamodb", lambda c: c.list_tables(), 400),
    ("logs", lambda c: c.describe_log_groups(), 400),
    ("lambda", lambda c: c.list_functions(), 403),
])
def test_unknown_key_in_json_service_words(strict, service, call, status):
    code, got = refused(lambda: call(client(strict, service, "AKIDUNKNOWNKEY000000")))
    assert (code, got) == ("UnrecognizedClientException", status)


def session_with_wrong_secret(server, service):
    """A client signing with a key the server issued (so it verifies the signature) and a wrong
    secret."""
    issued = client(server, "sts", "test").get_session_token()["Credentials"]
    return boto3.client(service, endpoint_url=server.url, region_name=REGION,
                        aws_access_key_id=issued["AccessKeyId"],
                        aws_secret_access_key="wrong" + issued["SecretAccessKey"],
                        aws_session_token=issued["SessionToken"], config=CLIENT_CONFIG)


def test_bad_signature_in_json_service_words(server):
    code, status = refused(lambda: session_with_wrong_secret(server, "dynamodb").list_tables())
    assert (code, status) == ("InvalidSignatureException", 400)


def test_query_services_keep_the_common_names(server, strict):
    code, status = refused(
        lambda: client(strict, "sts", "AKIDUNKNOWNKEY000000").get_caller_identity())
    assert (code, status) == ("InvalidClientTokenId", 403)
    code, status = refused(
        lambda: session_with_wrong_secret(server, "sts").get_caller_identity())
    assert (code, status) == ("SignatureDoesNotMatch", 403)
