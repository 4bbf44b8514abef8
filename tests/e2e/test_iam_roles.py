"""IAM roles, instance profiles, service-linked roles, identity providers, certificates and
account-level calls."""
import datetime
import json
import subprocess
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG

ACCOUNT_TRUST = {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow",
                                "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
                                "Action": "sts:AssumeRole"}]}
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                        "Action": "sts:AssumeRole"}]}


def regional(server, service, region, **kwargs):
    """A client of `server` in another region than the default one."""
    return boto3.client(service, endpoint_url=server.url, region_name=region,
                        config=CLIENT_CONFIG, **kwargs)


def error_of(exc):
    return exc.response["Error"]["Code"], exc.response["ResponseMetadata"]["HTTPStatusCode"]


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def iam(server):
    return server.client("iam")


def test_role_attributes(server, iam):
    name = unique("app")
    boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
    role = iam.create_role(RoleName=name, Path="/svc/", AssumeRolePolicyDocument=json.dumps(TRUST),
                           Description="app role", MaxSessionDuration=7200,
                           PermissionsBoundary=boundary, Tags=[{"Key": "a", "Value": "b"}])["Role"]
    assert role["Arn"] == f"arn:aws:iam::000000000000:role/svc/{name}"
    assert role["RoleId"].startswith("AROA")
    got = iam.get_role(RoleName=name)["Role"]
    assert got["AssumeRolePolicyDocument"] == TRUST
    assert got["MaxSessionDuration"] == 7200
    assert got["PermissionsBoundary"]["PermissionsBoundaryArn"] == boundary
    assert got["Tags"] == [{"Key": "a", "Value": "b"}]
    assert "RoleLastUsed" in got

    unchecked = server.client("iam", config=CLIENT_CONFIG.merge(Config(parameter_validation=False)))
    with pytest.raises(ClientError) as exc:
        unchecked.update_role(RoleName=name, MaxSessionDuration=100)
    assert error_of(exc.value) == ("ValidationError", 400)
    assert "greater than or equal to 3600" in exc.value.response["Error"]["Message"]
    iam.update_role(RoleName=name, MaxSessionDuration=43200, Description="new")
    assert iam.get_role(RoleName=name)["Role"]["Description"] == "new"
    iam.delete_role_permissions_boundary(RoleName=name)
    assert "PermissionsBoundary" not in iam.get_role(RoleName=name)["Role"]
    iam.delete_role(RoleName=name)


def test_role_last_used_follows_its_sessions(server, iam):
    name = unique("used")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(ACCOUNT_TRUST))
    assert iam.get_role(RoleName=name)["Role"]["RoleLastUsed"] == {}
    creds = server.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::000000000000:role/{name}", RoleSessionName="s1")["Credentials"]
    regional(server, "sqs", "ap-south-1", aws_access_key_id=creds["AccessKeyId"],
             aws_secret_access_key=creds["SecretAccessKey"],
             aws_session_token=creds["SessionToken"]).list_queues()
    last = iam.get_role(RoleName=name)["Role"]["RoleLastUsed"]
    assert last["Region"] == "ap-south-1" and "LastUsedDate" in last
    details = iam.get_account_authorization_details(Filter=["Role"])["RoleDetailList"]
    assert next(r for r in details if r["RoleName"] == name)["RoleLastUsed"]["Region"] == \
        "ap-south-1"
    iam.delete_role(RoleName=name)


def test_paths_are_in_every_arn(server, iam):
    user, group, role, profile = unique("pu"), unique("pg"), unique("pr"), unique("pi")
    iam.create_user(UserName=user, Path="/div/a/")
    iam.create_group(GroupName=group, Path="/div/")
    iam.create_role(RoleName=role, Path="/svc/",
                    AssumeRolePolicyDocument=json.dumps(ACCOUNT_TRUST))
    iam.create_instance_profile(InstanceProfileName=profile, Path="/ip/")
    iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
    iam.add_user_to_group(GroupName=group, UserName=user)
    user_arn = f"arn:aws:iam::000000000000:user/div/a/{user}"
    role_arn = f"arn:aws:iam::000000000000:role/svc/{role}"
    assert iam.get_user(UserName=user)["User"]["Arn"] == user_arn
    assert user_arn in [u["Arn"] for u in iam.list_users(PathPrefix="/div/")["Users"]]
    assert iam.get_group(GroupName=group)["Group"]["Arn"].endswith(f":group/div/{group}")
    assert iam.get_group(GroupName=group)["Users"][0]["Arn"] == user_arn
    assert iam.get_role(RoleName=role)["Role"]["Arn"] == role_arn
    got = iam.get_instance_profile(InstanceProfileName=profile)["InstanceProfile"]
    assert got["Arn"].endswith(f":instance-profile/ip/{profile}")
    assert got["Roles"][0]["Arn"] == role_arn
    details = iam.get_account_authorization_details()
    assert user_arn in [u["Arn"] for u in details["UserDetailList"]]
    assert role_arn in [r["Arn"] for r in details["RoleDetailList"]]
    # An assumed role's ARN has no path (AWS leaves it out), its caller identity neither.
    assumed = server.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="sess")
    assert assumed["AssumedRoleUser"]["Arn"] == \
        f"arn:aws:sts::000000000000:assumed-role/{role}/sess"
    iam.remove_role_from_instance_profile(InstanceProfileName=profile, RoleName=role)
    iam.delete_instance_profile(InstanceProfileName=profile)
    iam.delete_role(RoleName=role)
    iam.remove_user_from_group(GroupName=group, UserName=user)
    iam.delete_group(GroupName=group)
    iam.delete_user(UserName=user)


def test_trust_policy_must_be_a_trust_policy(iam):
    with pytest.raises(ClientError) as exc:
        iam.create_role(RoleName=unique("bad"), AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}))
    assert error_of(exc.value) == ("MalformedPolicyDocument", 400)
    with pytest.raises(ClientError) as exc:  # a user that does not exist
        iam.create_role(RoleName=unique("bad"), AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user/nobody-here"},
                "Action": "sts:AssumeRole"}]}))
    assert error_of(exc.value) == ("MalformedPolicyDocument", 400)


def test_instance_profiles(iam):
    role, profile = unique("ec2"), unique("profile")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.create_instance_profile(InstanceProfileName=profile, Tags=[{"Key": "k", "Value": "v"}])
    iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
    with pytest.raises(ClientError) as exc:
        iam.delete_role(RoleName=role)
    assert error_of(exc.value) == ("DeleteConflict", 409)
    assert iam.list_instance_profile_tags(InstanceProfileName=profile)["Tags"] == [{"Key": "k", "Value": "v"}]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles_for_role(RoleName=role)["InstanceProfiles"]] == [profile]
    iam.remove_role_from_instance_profile(InstanceProfileName=profile, RoleName=role)
    iam.delete_instance_profile(InstanceProfileName=profile)
    iam.delete_role(RoleName=role)
    with pytest.raises(ClientError) as exc:
        iam.get_instance_profile(InstanceProfileName=profile)
    assert error_of(exc.value) == ("NoSuchEntity", 404)


def test_service_linked_role(iam):
    role = iam.create_service_linked_role(AWSServiceName="elasticbeanstalk.amazonaws.com",
                                          CustomSuffix=uuid.uuid4().hex[:6])["Role"]
    assert role["Path"] == "/aws-service-role/elasticbeanstalk.amazonaws.com/"
    assert role["RoleName"].startswith("AWSServiceRoleForElasticBeanstalk_")
    with pytest.raises(ClientError) as exc:
        iam.delete_role(RoleName=role["RoleName"])
    assert error_of(exc.value)[0] == "UnmodifiableEntity"
    task = iam.delete_service_linked_role(RoleName=role["RoleName"])["DeletionTaskId"]
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "SUCCEEDED"


def test_oidc_and_saml_providers(iam):
    url = f"https://oidc-{uuid.uuid4().hex[:6]}.example.com"
    arn = iam.create_open_id_connect_provider(Url=url, ClientIDList=["sts.amazonaws.com"],
                                              ThumbprintList=["a" * 40])["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::000000000000:oidc-provider/{url[8:]}"
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="app")
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["ClientIDList"] == ["sts.amazonaws.com", "app"] and got["Url"] == url[8:]
    with pytest.raises(ClientError) as exc:
        iam.create_open_id_connect_provider(Url=url, ThumbprintList=["a" * 40])
    assert error_of(exc.value) == ("EntityAlreadyExists", 409)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)

    metadata = ('<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="idp">'
                + "<!--" + "x" * 1000 + "--></EntityDescriptor>")
    name = unique("idp")
    saml = iam.create_saml_provider(Name=name, SAMLMetadataDocument=metadata)["SAMLProviderArn"]
    assert saml == f"arn:aws:iam::000000000000:saml-provider/{name}"
    assert saml in [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]]
    iam.delete_saml_provider(SAMLProviderArn=saml)


def self_signed_certificate(tmp_path):
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "30", "-subj", "/CN=example.com"],
                   check=True, capture_output=True)
    return cert.read_text(), key.read_text()


def test_server_certificates(iam, tmp_path):
    body, key = self_signed_certificate(tmp_path)
    name = unique("cert")
    meta = iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=body,
                                         PrivateKey=key)["ServerCertificateMetadata"]
    days = (meta["Expiration"] - datetime.datetime.now(datetime.timezone.utc)).days
    assert 28 <= days <= 30
    assert iam.get_server_certificate(ServerCertificateName=name)["ServerCertificate"]["CertificateBody"] == body
    with pytest.raises(ClientError) as exc:
        iam.upload_server_certificate(ServerCertificateName=unique("bad"), CertificateBody="nope",
                                      PrivateKey=key)
    assert error_of(exc.value) == ("MalformedCertificate", 400)
    iam.delete_server_certificate(ServerCertificateName=name)


def test_account_calls(iam):
    alias = f"acct-{uuid.uuid4().hex[:8]}"
    iam.create_account_alias(AccountAlias=alias)
    assert iam.list_account_aliases()["AccountAliases"] == [alias]
    iam.delete_account_alias(AccountAlias=alias)
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["AccessKeysPerUserQuota"] == 2 and "Users" in summary

    user = unique("report")
    iam.create_user(UserName=user)
    iam.generate_credential_report()
    report = iam.get_credential_report()
    assert report["ReportFormat"] == "text/csv"
    lines = report["Content"].decode().splitlines()
    assert lines[0].startswith("user,arn,user_creation_time")
    assert any(line.startswith(user + ",") for line in lines)

    details = iam.get_account_authorization_details(Filter=["User"])
    assert user in [u["UserName"] for u in details["UserDetailList"]]
    assert details["RoleDetailList"] == []
    iam.delete_user(UserName=user)


def test_state_survives_a_restart(start_server, tmp_path):
    env = {"PERSISTENCE": "1", "DATA_DIR": str(tmp_path)}
    first = start_server(env)
    iam = first.client("iam")
    iam.create_user(UserName="kept")
    key = iam.create_access_key(UserName="kept")["AccessKey"]
    iam.create_role(RoleName="kept-role", AssumeRolePolicyDocument=json.dumps(TRUST))
    regional(first, "sqs", "eu-west-2", aws_access_key_id=key["AccessKeyId"],
             aws_secret_access_key=key["SecretAccessKey"]).list_queues()
    first.stop()  # last use is persisted lazily: at the latest when the server stops

    second = start_server(env)
    assert second.client("iam").get_role(RoleName="kept-role")["Role"]["RoleName"] == "kept-role"
    used = second.client("iam").get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert used["AccessKeyLastUsed"]["ServiceName"] == "sqs"
    assert used["AccessKeyLastUsed"]["Region"] == "eu-west-2"
    sts = second.client("sts", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:user/kept"
