"""Every operation of the ten models reaches a handler table; the ones not implemented yet answer
the not-implemented error (HTTP 501) in their protocol's own error format."""
import json

import boto3
import botocore.session
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from botocore.model import ServiceModel
from botocore.serialize import create_serializer
from botocore import xform_name

from conftest import REGION

SERVICES = ["s3", "sqs", "sns", "dynamodb", "dynamodbstreams", "lambda", "iam", "sts", "cloudwatch",
            "logs"]
IMPLEMENTED = {("sts", "GetCallerIdentity"), ("sts", "GetSessionToken"), ("sts", "GetAccessKeyInfo")}
ROUTING_ERRORS = {"UnknownOperationException", "InvalidAction", "MethodNotAllowed", "NotFound",
                  "UnrecognizedClientException"}

_session = botocore.session.get_session()
IMPLEMENTED |= {("sqs", op) for op in _session.get_service_data("sqs")["operations"]}


def operations():
    for service in SERVICES:
        model = _session.get_service_model(service)
        for op in model.operation_names:
            yield service, op


def skeleton(shape, depth=0):
    """Input with every required member set to a value the model's constraints accept."""
    kind = shape.type_name
    if kind == "structure":
        if depth > 4:
            return {}
        names = shape.required_members or ([] if depth else [])
        return {name: skeleton(shape.members[name], depth + 1) for name in names}
    if kind == "list":
        count = shape.metadata.get("min", 1) or 1
        return [skeleton(shape.member, depth + 1) for _ in range(count)]
    if kind == "map":
        return {"k": skeleton(shape.value, depth + 1)}
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        return "x" * max(1, int(shape.metadata.get("min", 1)))
    if kind in ("integer", "long"):
        return int(shape.metadata.get("min", 1))
    if kind in ("float", "double"):
        return float(shape.metadata.get("min", 1))
    if kind == "boolean":
        return True
    if kind == "blob":
        return b"x"
    if kind == "timestamp":
        return 1700000000
    return {}


@pytest.fixture(scope="module")
def clients(server):
    # inject_host_prefix=False: operations with a host prefix ("stream-", "{RequestRoute}.") would
    # otherwise prepend it to 127.0.0.1 (as with LocalStack, users turn it off for local endpoints)
    config = Config(region_name=REGION, parameter_validation=False, retries={"max_attempts": 1},
                    s3={"addressing_style": "path"}, read_timeout=10, inject_host_prefix=False)
    return {s: boto3.client(s, endpoint_url=server.url, config=config) for s in SERVICES}


@pytest.mark.parametrize("service,operation", list(operations()))
def test_operation_is_routed(clients, service, operation):
    client = clients[service]
    model = client.meta.service_model.operation_model(operation)
    params = skeleton(model.input_shape) if model.input_shape is not None else {}
    try:
        getattr(client, xform_name(operation))(**params)
        assert (service, operation) in IMPLEMENTED
        return
    except ClientError as exc:
        error = exc.response["Error"]
        status = exc.response["ResponseMetadata"]["HTTPStatusCode"]
    except Exception as exc:  # event streams etc: the client could not parse; look at nothing more
        pytest.fail(f"{service}.{operation}: client failed: {exc!r}")
    assert error.get("Code") not in ROUTING_ERRORS, (error, status)
    if (service, operation) not in IMPLEMENTED:
        if status == 501 and model.http.get("method") == "HEAD":
            assert error["Code"] == "501"  # HEAD answers carry no body, so no code
        elif status == 501:
            assert error["Code"] == "NotImplemented"
            assert operation in error["Message"] and service in error["Message"]
        else:  # the codec or the model's constraints rejected the generated input first
            assert 400 <= status < 500, (error, status)


def signed(url, service_signing_name, body, headers, method="POST"):
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(Credentials("test", "test"), service_signing_name, REGION).add_auth(request)
    return request


def send(server, protocol, service, operation, params):
    """Serialises like an SDK speaking `protocol` (botocore's own serializers) and sends it."""
    model_data = _session.get_service_data(service)
    model_data = dict(model_data, metadata=dict(model_data["metadata"], protocol=protocol,
                                                 protocols=[protocol]))
    model = ServiceModel(model_data, service_name=service)
    op = model.operation_model(operation)
    serialized = create_serializer(protocol, include_validation=False).serialize_to_request(params, op)
    url = server.url + serialized["url_path"]
    if serialized.get("query_string"):
        from urllib.parse import urlencode
        url += "?" + urlencode(serialized["query_string"], doseq=True)
    body = serialized["body"]
    if isinstance(body, dict):
        from urllib.parse import urlencode
        body = urlencode(body, doseq=True)
        serialized["headers"].setdefault("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
    request = signed(url, model.signing_name, body, dict(serialized["headers"]),
                     serialized["method"]).prepare()
    import urllib.request, urllib.error
    data = request.body.encode() if isinstance(request.body, str) else request.body
    req = urllib.request.Request(request.url, data=data or None,
                                 headers=dict(request.headers), method=request.method)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_cloudwatch_speaks_query_json_and_cbor(server):
    status, headers, body = send(server, "query", "cloudwatch", "ListMetrics", {})
    assert status == 501 and b"<Code>NotImplemented</Code>" in body and b"<ErrorResponse" in body

    status, headers, body = send(server, "json", "cloudwatch", "ListMetrics", {})
    assert status == 501
    assert json.loads(body)["__type"].endswith("NotImplemented")
    assert headers.get("x-amzn-query-error", "").startswith("NotImplemented;")

    status, headers, body = send(server, "smithy-rpc-v2-cbor", "cloudwatch", "ListMetrics", {})
    assert status == 501
    assert headers.get("smithy-protocol") == "rpc-v2-cbor"
    assert body[:1] and (body[0] >> 5) == 5  # a CBOR map


def test_sns_not_implemented_over_query(server):
    status, headers, body = send(server, "query", "sns", "ListTopics", {})
    assert status == 501 and b"<Code>NotImplemented</Code>" in body


def test_cli_not_implemented_message(server):
    out = server.cli("sns", "list-topics")
    assert out.returncode != 0
    assert "NotImplemented" in out.stderr and "ListTopics" in out.stderr


@pytest.mark.parametrize("host,path,operation", [
    ("my-bucket.s3.localhost.localstack.cloud", "/", "ListObjects"),
    ("my-bucket.s3.localhost.localstack.cloud", "/?list-type=2", "ListObjectsV2"),
    ("my-bucket.localhost", "/some/key.txt", "GetObject"),
    ("my-bucket.s3.us-east-1.amazonaws.com", "/?versioning", "GetBucketVersioning"),
    ("s3.localhost.localstack.cloud", "/my-bucket/key", "GetObject"),
    ("localhost", "/", "ListBuckets"),
])
def test_s3_virtual_host_and_path_style_names(server, host, path, operation):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path, headers={"Host": f"{host}:{server.port}"})
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 501, body
    assert f"The operation {operation} of service s3" in body
    assert response.getheader("x-amz-request-id")
