"""IAM managed and inline policies, versions, attachments and AWS managed policies."""
import json
import uuid
import urllib.parse

import pytest
from botocore.exceptions import ClientError

S3_READ = {"Version": "2012-10-17",
           "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}


def error_of(exc):
    return exc.response["Error"]["Code"], exc.response["ResponseMetadata"]["HTTPStatusCode"]


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def iam(server):
    return server.client("iam")


def test_managed_policy_versions(iam):
    arn = iam.create_policy(PolicyName=unique("read"), PolicyDocument=json.dumps(S3_READ))["Policy"]["Arn"]
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(S3_READ))
    with pytest.raises(ClientError) as exc:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(S3_READ))
    assert error_of(exc.value) == ("LimitExceeded", 409)
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in versions] == ["v5", "v4", "v3", "v2", "v1"]
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v3")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    with pytest.raises(ClientError) as exc:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
    assert error_of(exc.value) == ("DeleteConflict", 409)
    got = iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]
    assert got["Document"] == S3_READ and got["IsDefaultVersion"] is False
    with pytest.raises(ClientError) as exc:
        iam.delete_policy(PolicyArn=arn)
    assert error_of(exc.value) == ("DeleteConflict", 409)
    for v in ("v1", "v2", "v4", "v5"):
        iam.delete_policy_version(PolicyArn=arn, VersionId=v)
    iam.delete_policy(PolicyArn=arn)
    with pytest.raises(ClientError) as exc:
        iam.get_policy(PolicyArn=arn)
    assert error_of(exc.value) == ("NoSuchEntity", 404)


def test_malformed_documents_are_refused(iam):
    with pytest.raises(ClientError) as exc:
        iam.create_policy(PolicyName=unique("bad"), PolicyDocument="{not json")
    assert error_of(exc.value) == ("MalformedPolicyDocument", 400)
    with pytest.raises(ClientError) as exc:
        iam.create_policy(PolicyName=unique("bad"), PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}))
    assert error_of(exc.value) == ("MalformedPolicyDocument", 400)
    name = unique("u")
    iam.create_user(UserName=name)
    with pytest.raises(ClientError) as exc:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}]}))
    assert error_of(exc.value) == ("MalformedPolicyDocument", 400)
    iam.delete_user(UserName=name)


def test_aws_managed_policies_attach_by_arn(iam):
    role = unique("lambda")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}]}))
    basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    iam.attach_role_policy(RoleName=role, PolicyArn=basic)
    iam.attach_role_policy(RoleName=role, PolicyArn=admin)
    attached = iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    assert attached == [{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyArn": basic},
                        {"PolicyName": "AdministratorAccess", "PolicyArn": admin}]
    doc = iam.get_policy_version(PolicyArn=admin, VersionId="v1")["PolicyVersion"]["Document"]
    assert doc["Statement"] == [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    entities = iam.list_entities_for_policy(PolicyArn=basic)
    assert role in [r["RoleName"] for r in entities["PolicyRoles"]]
    aws_scope = [p["PolicyName"] for p in iam.list_policies(Scope="AWS", OnlyAttached=True)["Policies"]]
    assert "AWSLambdaBasicExecutionRole" in aws_scope
    with pytest.raises(ClientError) as exc:
        iam.attach_role_policy(RoleName=role, PolicyArn="arn:aws:iam::aws:policy/NoSuchPolicy")
    assert error_of(exc.value) == ("NoSuchEntity", 404)
    with pytest.raises(ClientError) as exc:
        iam.delete_role(RoleName=role)
    assert error_of(exc.value) == ("DeleteConflict", 409)
    iam.detach_role_policy(RoleName=role, PolicyArn=basic)
    iam.detach_role_policy(RoleName=role, PolicyArn=admin)
    iam.delete_role(RoleName=role)


def test_inline_policies_round_trip(iam):
    group = unique("g")
    iam.create_group(GroupName=group)
    iam.put_group_policy(GroupName=group, PolicyName="read", PolicyDocument=json.dumps(S3_READ))
    assert iam.list_group_policies(GroupName=group)["PolicyNames"] == ["read"]
    got = iam.get_group_policy(GroupName=group, PolicyName="read")
    assert got["PolicyDocument"] == S3_READ and got["GroupName"] == group
    with pytest.raises(ClientError) as exc:
        iam.get_group_policy(GroupName=group, PolicyName="nope")
    assert error_of(exc.value) == ("NoSuchEntity", 404)
    iam.delete_group_policy(GroupName=group, PolicyName="read")
    iam.delete_group(GroupName=group)


def test_documents_travel_url_encoded(server):
    """The raw query answer carries the document percent-encoded, as IAM does."""
    name = unique("raw")
    iam = server.client("iam")
    arn = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(S3_READ))["Policy"]["Arn"]
    out = server.cli("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1",
                     "--output", "json", "--debug")
    assert urllib.parse.quote(json.dumps(S3_READ), safe="")[:20] in out.stderr
    iam.delete_policy(PolicyArn=arn)


def test_simulate_principal_policy(iam):
    user = unique("sim")
    arn = iam.create_user(UserName=user)["User"]["Arn"]
    iam.put_user_policy(UserName=user, PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                       "Resource": "arn:aws:s3:::b/${aws:username}/*"},
                      {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}))
    results = iam.simulate_principal_policy(
        PolicySourceArn=arn, ActionNames=["s3:GetObject", "s3:DeleteObject", "s3:PutObject"],
        ResourceArns=[f"arn:aws:s3:::b/{user}/x"])["EvaluationResults"]
    assert {r["EvalActionName"]: r["EvalDecision"] for r in results} == {
        "s3:GetObject": "allowed", "s3:DeleteObject": "explicitDeny", "s3:PutObject": "implicitDeny"}
    allowed = next(r for r in results if r["EvalActionName"] == "s3:GetObject")
    assert allowed["MatchedStatements"][0]["SourcePolicyId"] == "p"
    custom = iam.simulate_custom_policy(PolicyInputList=[json.dumps(S3_READ)],
                                        ActionNames=["s3:GetObject"], ResourceArns=["arn:aws:s3:::b/k"])
    assert custom["EvaluationResults"][0]["EvalDecision"] == "allowed"
    iam.delete_user_policy(UserName=user, PolicyName="p")
    iam.delete_user(UserName=user)


def test_service_access_reports(iam):
    role = unique("reader")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName=role, PolicyName="sqs", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}))
    arn = f"arn:aws:iam::000000000000:role/{role}"
    job = iam.generate_service_last_accessed_details(Arn=arn)["JobId"]
    report = iam.get_service_last_accessed_details(JobId=job)
    assert report["JobStatus"] == "COMPLETED"
    assert [s["ServiceNamespace"] for s in report["ServicesLastAccessed"]] == ["sqs"]
    granting = iam.list_policies_granting_service_access(Arn=arn, ServiceNamespaces=["sqs", "s3"])
    by_service = {g["ServiceNamespace"]: g["Policies"] for g in granting["PoliciesGrantingServiceAccess"]}
    assert by_service["s3"] == []
    assert by_service["sqs"] == [{"PolicyName": "sqs", "PolicyType": "INLINE", "EntityType": "ROLE",
                                  "EntityName": role}]
    iam.delete_role_policy(RoleName=role, PolicyName="sqs")
    iam.delete_role(RoleName=role)
