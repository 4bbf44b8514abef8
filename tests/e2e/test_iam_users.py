"""IAM users, groups, access keys and login profiles end to end (boto3 and the aws CLI)."""
import json
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import CLIENT_CONFIG


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


def test_user_lifecycle_and_errors(iam):
    name = unique("alice")
    user = iam.create_user(UserName=name, Path="/eng/", Tags=[{"Key": "team", "Value": "core"}])["User"]
    assert user["Arn"] == f"arn:aws:iam::000000000000:user/eng/{name}"
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 20
    got = iam.get_user(UserName=name.upper())["User"]  # names ignore case
    assert got["UserName"] == name and got["Tags"] == [{"Key": "team", "Value": "core"}]

    with pytest.raises(ClientError) as exc:
        iam.create_user(UserName=name)
    assert error_of(exc.value) == ("EntityAlreadyExists", 409)
    assert exc.value.response["Error"]["Message"] == f"User with name {name} already exists."

    listed = [u["UserName"] for u in iam.list_users(PathPrefix="/eng/")["Users"]]
    assert name in listed
    assert "Tags" not in iam.list_users(PathPrefix="/eng/")["Users"][0]

    iam.update_user(UserName=name, NewUserName=name + "-2", NewPath="/ops/")
    assert iam.get_user(UserName=name + "-2")["User"]["Arn"].endswith(f":user/ops/{name}-2")
    iam.delete_user(UserName=name + "-2")
    with pytest.raises(ClientError) as exc:
        iam.get_user(UserName=name + "-2")
    assert error_of(exc.value) == ("NoSuchEntity", 404)
    assert exc.value.response["Error"]["Message"] == f"The user with name {name}-2 cannot be found."


def test_invalid_name_is_a_validation_error(iam):
    with pytest.raises(ClientError) as exc:
        iam.create_user(UserName="bad name!")
    assert error_of(exc.value) == ("ValidationError", 400)


def test_pagination_with_marker(iam):
    prefix = f"/page{uuid.uuid4().hex[:6]}/"
    names = sorted(unique("p") for _ in range(5))
    for n in names:
        iam.create_user(UserName=n, Path=prefix)
    first = iam.list_users(PathPrefix=prefix, MaxItems=2)
    assert first["IsTruncated"] and len(first["Users"]) == 2
    pages = iam.get_paginator("list_users").paginate(PathPrefix=prefix, PaginationConfig={"PageSize": 2})
    assert [u["UserName"] for page in pages for u in page["Users"]] == names
    for n in names:
        iam.delete_user(UserName=n)


def test_groups_and_membership(iam):
    group, user = unique("devs"), unique("bob")
    iam.create_group(GroupName=group)
    iam.create_user(UserName=user)
    iam.add_user_to_group(GroupName=group, UserName=user)
    assert [u["UserName"] for u in iam.get_group(GroupName=group)["Users"]] == [user]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=user)["Groups"]] == [group]

    with pytest.raises(ClientError) as exc:
        iam.delete_group(GroupName=group)
    assert error_of(exc.value) == ("DeleteConflict", 409)
    with pytest.raises(ClientError) as exc:
        iam.delete_user(UserName=user)
    assert error_of(exc.value) == ("DeleteConflict", 409)

    iam.remove_user_from_group(GroupName=group, UserName=user)
    iam.delete_group(GroupName=group)
    iam.delete_user(UserName=user)


def test_access_keys_authenticate_as_the_user(server, iam):
    name = unique("ci")
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    key = iam.create_access_key(UserName=name)["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20
    assert len(key["SecretAccessKey"]) == 40

    as_user = server.client("sts", aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"])
    ident = as_user.get_caller_identity()
    assert ident["Arn"] == arn and ident["Account"] == "000000000000"
    # GetUser without a name answers the caller
    me = server.client("iam", aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"]).get_user()["User"]
    assert me["UserName"] == name

    wrong = server.client("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key="x" * 40)
    with pytest.raises(ClientError) as exc:
        wrong.get_caller_identity()
    assert error_of(exc.value)[0] == "SignatureDoesNotMatch"

    iam.update_access_key(UserName=name, AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with pytest.raises(ClientError) as exc:
        as_user.get_caller_identity()
    assert error_of(exc.value) == ("InvalidClientTokenId", 403)

    iam.create_access_key(UserName=name)
    with pytest.raises(ClientError) as exc:
        iam.create_access_key(UserName=name)
    assert error_of(exc.value) == ("LimitExceeded", 409)
    assert exc.value.response["Error"]["Message"] == "Cannot exceed quota for AccessKeysPerUser: 2"

    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert used["UserName"] == name
    for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]:
        iam.delete_access_key(UserName=name, AccessKeyId=k["AccessKeyId"])
    iam.delete_user(UserName=name)


def test_access_key_last_used_records_the_last_request(server, iam):
    name = unique("lu")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    # Never used: "N/A" and no date, as IAM answers.
    fresh = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert fresh["UserName"] == name
    assert fresh["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}

    regional(server, "sqs", "eu-west-1", aws_access_key_id=key["AccessKeyId"],
             aws_secret_access_key=key["SecretAccessKey"]).list_queues()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "sqs" and used["Region"] == "eu-west-1"
    first = used["LastUsedDate"]
    server.client("s3", aws_access_key_id=key["AccessKeyId"],
             aws_secret_access_key=key["SecretAccessKey"]).list_buckets()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "s3" and used["Region"] == "us-east-1"
    assert used["LastUsedDate"] >= first
    # The credential report shows it too.
    iam.generate_credential_report()
    report = iam.get_credential_report()["Content"].decode()
    row = next(line for line in report.splitlines() if line.startswith(name + ","))
    assert ",us-east-1,s3," in row
    iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    iam.delete_user(UserName=name)


def test_login_profile_and_password_policy(iam):
    name = unique("carol")
    iam.create_user(UserName=name)
    iam.update_account_password_policy(MinimumPasswordLength=12, RequireNumbers=True)
    try:
        with pytest.raises(ClientError) as exc:
            iam.create_login_profile(UserName=name, Password="short")
        assert error_of(exc.value) == ("PasswordPolicyViolation", 400)
        profile = iam.create_login_profile(UserName=name, Password="long-enough-1",
                                           PasswordResetRequired=True)["LoginProfile"]
        assert profile["PasswordResetRequired"] is True
        assert iam.get_login_profile(UserName=name)["LoginProfile"]["UserName"] == name
        with pytest.raises(ClientError) as exc:
            iam.delete_user(UserName=name)
        assert error_of(exc.value) == ("DeleteConflict", 409)
        iam.delete_login_profile(UserName=name)
        assert iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 12
    finally:
        iam.delete_account_password_policy()
    iam.delete_user(UserName=name)


def test_cli_user_and_tags(server):
    name = unique("cli")
    out = server.cli("iam", "create-user", "--user-name", name, "--output", "json", check=True)
    assert json.loads(out.stdout)["User"]["UserName"] == name
    server.cli("iam", "tag-user", "--user-name", name, "--tags", "Key=env,Value=dev", check=True)
    tags = json.loads(server.cli("iam", "list-user-tags", "--user-name", name, "--output", "json",
                                 check=True).stdout)["Tags"]
    assert tags == [{"Key": "env", "Value": "dev"}]
    server.cli("iam", "untag-user", "--user-name", name, "--tag-keys", "env", check=True)
    server.cli("iam", "delete-user", "--user-name", name, check=True)


def test_fifty_tags_at_most(iam):
    name = unique("tagged")
    iam.create_user(UserName=name, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as exc:
        iam.tag_user(UserName=name, Tags=[{"Key": "one-more", "Value": "v"}])
    assert error_of(exc.value) == ("LimitExceeded", 409)
    iam.delete_user(UserName=name)


def totp(seed, step):
    import base64, hashlib, hmac, struct
    key = base64.b32decode(seed + b"=" * (-len(seed) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def test_virtual_mfa_device(iam):
    import time
    user, device = unique("mfa-user"), unique("phone")
    iam.create_user(UserName=user)
    created = iam.create_virtual_mfa_device(VirtualMFADeviceName=device,
                                            Tags=[{"Key": "k", "Value": "v"}])["VirtualMFADevice"]
    serial = created["SerialNumber"]
    assert serial == f"arn:aws:iam::000000000000:mfa/{device}"
    with pytest.raises(ClientError) as exc:
        iam.enable_mfa_device(UserName=user, SerialNumber=serial, AuthenticationCode1="123456",
                              AuthenticationCode2="654321")
    assert error_of(exc.value)[0] == "InvalidAuthenticationCode"
    step = int(time.time() // 30)
    seed = created["Base32StringSeed"]
    iam.enable_mfa_device(UserName=user, SerialNumber=serial, AuthenticationCode1=totp(seed, step - 1),
                          AuthenticationCode2=totp(seed, step))
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=user)["MFADevices"]] == [serial]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert any(d["SerialNumber"] == serial and d["User"]["UserName"] == user for d in assigned)
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [{"Key": "k", "Value": "v"}]
    with pytest.raises(ClientError) as exc:
        iam.delete_user(UserName=user)
    assert error_of(exc.value) == ("DeleteConflict", 409)
    iam.deactivate_mfa_device(UserName=user, SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    iam.delete_user(UserName=user)


def test_ssh_keys_signing_certificates_and_service_credentials(iam, tmp_path):
    import subprocess
    user = unique("git")
    iam.create_user(UserName=user)
    key_file = tmp_path / "id"
    subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", str(key_file)], check=True)
    body = (tmp_path / "id.pub").read_text().strip()
    ssh = iam.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=body)["SSHPublicKey"]
    assert ssh["SSHPublicKeyId"].startswith("APKA") and ssh["Fingerprint"].count(":") == 15
    with pytest.raises(ClientError) as exc:
        iam.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=body)
    assert error_of(exc.value)[0] == "DuplicateSSHPublicKey"
    assert [k["SSHPublicKeyId"] for k in iam.list_ssh_public_keys(UserName=user)["SSHPublicKeys"]] == [ssh["SSHPublicKeyId"]]

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "k"),
                    "-out", str(tmp_path / "c"), "-days", "5", "-subj", "/CN=signer"], check=True, capture_output=True)
    cert = iam.upload_signing_certificate(UserName=user, CertificateBody=(tmp_path / "c").read_text())["Certificate"]
    assert cert["Status"] == "Active"

    cred = iam.create_service_specific_credential(UserName=user, ServiceName="codecommit.amazonaws.com")
    cred = cred["ServiceSpecificCredential"]
    assert cred["ServiceUserName"] == f"{user}-at-000000000000" and cred["ServicePassword"]

    with pytest.raises(ClientError) as exc:
        iam.delete_user(UserName=user)
    assert error_of(exc.value) == ("DeleteConflict", 409)
    iam.delete_ssh_public_key(UserName=user, SSHPublicKeyId=ssh["SSHPublicKeyId"])
    iam.delete_signing_certificate(UserName=user, CertificateId=cert["CertificateId"])
    iam.delete_service_specific_credential(UserName=user, ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"])
    iam.delete_user(UserName=user)


def test_aws_prefix_is_reserved_in_tag_keys(iam):
    """Tag keys starting with aws: (any case) can be neither added nor removed, at creation or
    later, on any taggable IAM resource."""
    name = unique("reserved")
    with pytest.raises(ClientError) as exc:
        iam.create_user(UserName=name, Tags=[{"Key": "aws:team", "Value": "v"}])
    assert error_of(exc.value) == ("InvalidInput", 400)
    assert "reserved prefix aws:" in exc.value.response["Error"]["Message"]
    with pytest.raises(ClientError):
        iam.get_user(UserName=name)  # nothing was created
    iam.create_user(UserName=name)
    for call in (lambda: iam.tag_user(UserName=name, Tags=[{"Key": "AWS:Team", "Value": "v"}]),
                 lambda: iam.untag_user(UserName=name, TagKeys=["Aws:team"]),
                 lambda: iam.create_policy(PolicyName=name, PolicyDocument=json.dumps({
                     "Version": "2012-10-17", "Statement": [
                         {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
                     Tags=[{"Key": "aws:x", "Value": ""}])):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_of(exc.value) == ("InvalidInput", 400)
    iam.tag_user(UserName=name, Tags=[{"Key": "awsteam", "Value": "v"}])  # no colon: fine
    assert iam.list_user_tags(UserName=name)["Tags"] == [{"Key": "awsteam", "Value": "v"}]
    iam.delete_user(UserName=name)
