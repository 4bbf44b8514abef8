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


# ---- role sessions (IAM roles, trust policies) ---------------------------------------------------

import base64  # noqa: E402
import uuid  # noqa: E402

ACCOUNT = "000000000000"


def trust(statement_extra=None, principal=None):
    statement = {"Effect": "Allow", "Principal": principal or {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                 "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]}
    statement.update(statement_extra or {})
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def make_role(server, document, **kwargs):
    name = f"role-{uuid.uuid4().hex[:8]}"
    return server.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=document,
                                            **kwargs)["Role"]


def session_client(server, service, creds):
    return server.client(service, aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"])


def test_assume_role_identity_and_last_used(server):
    role = make_role(server, trust(), MaxSessionDuration=7200)
    resp = server.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="deploy",
                                            DurationSeconds=7200, SourceIdentity="alice")
    creds = resp["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assumed = resp["AssumedRoleUser"]
    assert assumed["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/{role['RoleName']}/deploy"
    assert assumed["AssumedRoleId"] == f"{role['RoleId']}:deploy"
    assert resp["SourceIdentity"] == "alice"
    ident = session_client(server, "sts", creds).get_caller_identity()
    assert ident["Arn"] == assumed["Arn"] and ident["UserId"] == assumed["AssumedRoleId"]
    last = server.client("iam").get_role(RoleName=role["RoleName"])["Role"]["RoleLastUsed"]
    assert last["Region"] == REGION and "LastUsedDate" in last


def test_assume_role_errors_in_aws_words(server):
    sts = server.client("sts", config=CLIENT_CONFIG.merge(botocore.config.Config(parameter_validation=False)))
    missing = f"arn:aws:iam::{ACCOUNT}:role/no-such-role-{uuid.uuid4().hex[:6]}"
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=missing, RoleSessionName="s1")
    assert error_code(exc.value) == "AccessDenied"
    assert exc.value.response["Error"]["Message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform: sts:AssumeRole on "
        f"resource: {missing}")
    role = make_role(server, trust())
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", DurationSeconds=7200)
    assert error_code(exc.value) == "ValidationError"
    assert exc.value.response["Error"]["Message"] == (
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", DurationSeconds=899)
    assert error_code(exc.value) == "ValidationError"
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", Policy="{nope")
    assert error_code(exc.value) == "MalformedPolicyDocument"


def test_trust_policy_conditions(server):
    role = make_role(server, trust({"Condition": {"StringEquals": {"sts:ExternalId": "secret-1"}}}))
    sts = server.client("sts")
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
    assert error_code(exc.value) == "AccessDenied"
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1", ExternalId="secret-1")["Credentials"]

    service_only = make_role(server, trust(principal={"Service": "ec2.amazonaws.com"}))
    with pytest.raises(ClientError) as exc:
        sts.assume_role(RoleArn=service_only["Arn"], RoleSessionName="s1")
    assert error_code(exc.value) == "AccessDenied"


def test_principal_tag_condition_with_a_user(server):
    iam = server.client("iam")
    name = f"tagged-{uuid.uuid4().hex[:6]}"
    user_arn = iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "blue"}])["User"]["Arn"]
    iam.put_user_policy(UserName=name, PolicyName="assume", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    as_user = server.client("sts", aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"])
    blue = make_role(server, trust({"Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}))
    red = make_role(server, trust({"Condition": {"StringEquals": {"aws:PrincipalTag/team": "red"}}}))
    assert as_user.assume_role(RoleArn=blue["Arn"], RoleSessionName="b1")["Credentials"]
    with pytest.raises(ClientError) as exc:
        as_user.assume_role(RoleArn=red["Arn"], RoleSessionName="r1")
    assert error_code(exc.value) == "AccessDenied"
    assert user_arn in exc.value.response["Error"]["Message"]
    # the user ARN named in the trust policy allows it on its own
    direct = make_role(server, trust(principal={"AWS": user_arn}))
    assert as_user.assume_role(RoleArn=direct["Arn"], RoleSessionName="d1")["Credentials"]


def test_session_tags_policies_and_chaining(server):
    role = make_role(server, trust(), MaxSessionDuration=43200)
    sts = server.client("sts")
    narrowed = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="narrowed",
                               PolicyArns=[{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
                               Policy=json.dumps({"Version": "2012-10-17", "Statement": [
                                   {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
    assert 0 < narrowed["PackedPolicySize"] <= 100
    resp = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="first",
                           Tags=[{"Key": "project", "Value": "x"}], TransitiveTagKeys=["project"])
    chained_role = make_role(server, trust({"Condition": {"StringEquals": {"aws:PrincipalTag/project": "x"}}},
                                           principal={"AWS": role["Arn"]}))
    # the first session needs an identity policy for sts:AssumeRole: give the role one
    server.client("iam").put_role_policy(RoleName=role["RoleName"], PolicyName="chain", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:*", "Resource": "*"}]}))
    chained = session_client(server, "sts", resp["Credentials"])
    with pytest.raises(ClientError) as exc:
        chained.assume_role(RoleArn=chained_role["Arn"], RoleSessionName="second", DurationSeconds=7200)
    assert exc.value.response["Error"]["Message"] == (
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
    second = chained.assume_role(RoleArn=chained_role["Arn"], RoleSessionName="second")
    assert second["AssumedRoleUser"]["Arn"].endswith(f"{chained_role['RoleName']}/second")


def test_get_federation_token(server):
    resp = server.client("sts").get_federation_token(Name="bob", DurationSeconds=900)
    assert resp["FederatedUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:federated-user/bob"
    assert resp["FederatedUser"]["FederatedUserId"] == f"{ACCOUNT}:bob"
    session = session_client(server, "sts", resp["Credentials"])
    assert session.get_caller_identity()["Arn"] == resp["FederatedUser"]["Arn"]
    with pytest.raises(ClientError) as exc:
        session.get_federation_token(Name="again")
    assert error_code(exc.value) == "AccessDenied"


def fake_jwt(claims):
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2ln"


def test_assume_role_with_web_identity(server):
    issuer = f"oidc-{uuid.uuid4().hex[:6]}.example.com"
    provider = server.client("iam").create_open_id_connect_provider(
        Url=f"https://{issuer}", ClientIDList=["my-app"], ThumbprintList=["a" * 40])["OpenIDConnectProviderArn"]
    role = make_role(server, json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{issuer}:aud": "my-app"}}}]}))
    unsigned = boto3.client("sts", endpoint_url=server.url, region_name=REGION, config=CLIENT_CONFIG)
    now = int(time.time())
    token = fake_jwt({"iss": f"https://{issuer}", "sub": "user-1", "aud": "my-app", "exp": now + 600})
    resp = unsigned.assume_role_with_web_identity(RoleArn=role["Arn"], RoleSessionName="web",
                                                  WebIdentityToken=token)
    assert resp["SubjectFromWebIdentityToken"] == "user-1" and resp["Audience"] == "my-app"
    assert resp["AssumedRoleUser"]["Arn"].endswith(f"{role['RoleName']}/web")
    with pytest.raises(ClientError) as exc:
        unsigned.assume_role_with_web_identity(
            RoleArn=role["Arn"], RoleSessionName="web",
            WebIdentityToken=fake_jwt({"iss": f"https://{issuer}", "sub": "u", "aud": "other", "exp": now + 600}))
    assert error_code(exc.value) == "AccessDenied"
    with pytest.raises(ClientError) as exc:
        unsigned.assume_role_with_web_identity(
            RoleArn=role["Arn"], RoleSessionName="web",
            WebIdentityToken=fake_jwt({"iss": f"https://{issuer}", "sub": "u", "aud": "my-app", "exp": now - 60}))
    assert error_code(exc.value) == "ExpiredTokenException"
    with pytest.raises(ClientError) as exc:
        unsigned.assume_role_with_web_identity(RoleArn=role["Arn"], RoleSessionName="web",
                                               WebIdentityToken="not-a-jwt")
    assert error_code(exc.value) == "InvalidIdentityToken"


def saml_assertion(role_arn, provider_arn, session="saml-user"):
    xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
 xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Issuer>https://idp.example.com</saml:Issuer>
<saml:Assertion><saml:Issuer>https://idp.example.com</saml:Issuer><saml:Subject>
<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">jdoe</saml:NameID>
</saml:Subject><saml:Conditions><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience>
</saml:AudienceRestriction></saml:Conditions><saml:AttributeStatement>
<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>{role_arn},{provider_arn}</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>{session}</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement></saml:Assertion></samlp:Response>"""
    return base64.b64encode(xml.encode()).decode()


def test_assume_role_with_saml(server):
    metadata = ('<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">'
                + "<!--" + "x" * 1000 + "--></EntityDescriptor>")
    provider = server.client("iam").create_saml_provider(
        Name=f"idp-{uuid.uuid4().hex[:6]}", SAMLMetadataDocument=metadata)["SAMLProviderArn"]
    role = make_role(server, json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithSAML",
        "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}))
    unsigned = boto3.client("sts", endpoint_url=server.url, region_name=REGION, config=CLIENT_CONFIG)
    resp = unsigned.assume_role_with_saml(RoleArn=role["Arn"], PrincipalArn=provider,
                                          SAMLAssertion=saml_assertion(role["Arn"], provider))
    assert resp["Subject"] == "jdoe" and resp["SubjectType"] == "persistent"
    assert resp["Issuer"] == "https://idp.example.com" and resp["NameQualifier"]
    assert resp["AssumedRoleUser"]["Arn"].endswith(f"{role['RoleName']}/saml-user")
    with pytest.raises(ClientError) as exc:
        unsigned.assume_role_with_saml(RoleArn=role["Arn"], PrincipalArn=provider,
                                       SAMLAssertion=base64.b64encode(b"<not-saml/>").decode())
    assert error_code(exc.value) == "InvalidIdentityToken"


def test_decode_authorization_message(server):
    sts = server.client("sts")
    encoded = base64.b64encode(json.dumps({"allowed": False}).encode()).decode()
    assert json.loads(sts.decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"]) == {
        "allowed": False}
    with pytest.raises(ClientError) as exc:
        sts.decode_authorization_message(EncodedMessage="!!!")
    assert error_code(exc.value) == "InvalidAuthorizationMessageException"


def test_role_sessions_survive_a_restart(start_server, tmp_path):
    env = {"PERSISTENCE": "1", "DATA_DIR": str(tmp_path / "state")}
    first = start_server(env)
    role = make_role(first, trust())
    creds = first.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="kept")["Credentials"]
    assert first.stop() == 0
    second = start_server(env)
    ident = session_client(second, "sts", creds).get_caller_identity()
    assert ident["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/{role['RoleName']}/kept"


def test_cross_account_trust(server):
    role = make_role(server, trust(principal={"AWS": "111111111111"}))
    other = server.client("sts", aws_access_key_id="111111111111", aws_secret_access_key="x")
    resp = other.assume_role(RoleArn=role["Arn"], RoleSessionName="xacct")
    assert resp["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/{role['RoleName']}/xacct"
    stranger = server.client("sts", aws_access_key_id="222222222222", aws_secret_access_key="x")
    with pytest.raises(ClientError) as exc:
        stranger.assume_role(RoleArn=role["Arn"], RoleSessionName="xacct")
    assert error_code(exc.value) == "AccessDenied"


def test_session_tag_keys_with_the_aws_prefix_are_refused(server):
    role = make_role(server, trust())
    with pytest.raises(ClientError) as exc:
        server.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="reserved",
                                         Tags=[{"Key": "AWS:team", "Value": "x"}])
    assert error_code(exc.value) == "InvalidParameterValue"
    assert "reserved prefix aws:" in exc.value.response["Error"]["Message"]
