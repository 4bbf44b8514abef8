"""Every operation of the ten models reaches a handler table; the ones not implemented yet answer
the not-implemented error (HTTP 501, code NotImplemented) in their protocol's own error format."""
import json
import re
import subprocess
import xml.etree.ElementTree as ElementTree

import boto3
import botocore.session
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from botocore.model import ServiceModel
from botocore.parsers import RpcV2CBORParser
from botocore.serialize import create_serializer
from botocore import xform_name

from conftest import BIN, REGION

SERVICES = ["s3", "sqs", "sns", "dynamodb", "dynamodbstreams", "lambda", "iam", "sts", "cloudwatch",
            "logs"]
IMPLEMENTED = {("sts", "GetCallerIdentity"), ("sts", "GetSessionToken"), ("sts", "GetAccessKeyInfo")}
ROUTING_ERRORS = {"UnknownOperationException", "InvalidAction", "MethodNotAllowed", "NotFound",
                  "UnrecognizedClientException"}

_session = botocore.session.get_session()
IMPLEMENTED |= {("sqs", op) for op in _session.get_service_data("sqs")["operations"]}


def _s3_implemented():
    """S3's operations with handlers, as the binary's coverage table lists them (several S3
    areas land one after another; the table is their single source)."""
    if not BIN:
        return set()
    table = subprocess.run([BIN, "--coverage"], capture_output=True, text=True, timeout=30).stdout
    section = table.split("## s3", 1)[-1].split("\n## ", 1)[0]
    implemented = set(re.findall(r"^\| (\w+) \| implemented \|$", section, re.M))
    # A deprecated operation shares its route with its successor (GetBucketLifecycle and
    # GetBucketLifecycleConfiguration): the successor's handler answers it.
    model = _session.get_service_data("s3")["operations"]
    routes = {(op["http"]["method"], op["http"]["requestUri"]) for name, op in model.items()
              if name in implemented}
    implemented |= {name for name, op in model.items()
                    if op.get("deprecated") and (op["http"]["method"], op["http"]["requestUri"])
                    in routes}
    return {("s3", name) for name in implemented}


IMPLEMENTED |= _s3_implemented()


def _implemented_per_coverage(service):
    """A service's operations with handlers, as the binary's coverage table lists them."""
    if not BIN:
        return set()
    table = subprocess.run([BIN, "--coverage"], capture_output=True, text=True, timeout=30).stdout
    section = table.split(f"## {service}", 1)[-1].split("\n## ", 1)[0]
    return {(service, name) for name in re.findall(r"^\| (\w+) \| implemented \|$", section, re.M)}


IMPLEMENTED |= _implemented_per_coverage("iam") | _implemented_per_coverage("sts")
IMPLEMENTED |= _implemented_per_coverage("sns")
IMPLEMENTED |= _implemented_per_coverage("dynamodb") | _implemented_per_coverage("dynamodbstreams")


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


def xml_error_code(body, root_name):
    """The <Code> of an XML error whose document element is `root_name`: ErrorResponse (query,
    rest-xml) holds <Error>, a bare Error (S3: noErrorWrapping) is the error itself."""
    root = ElementTree.fromstring(body)
    local = lambda element: element.tag.rsplit("}", 1)[-1]
    assert local(root) == root_name, body[:300]
    error = root if root_name == "Error" else next(e for e in root if local(e) == "Error")
    return next((c.text for c in error if local(c) == "Code"), None)


def bare_type(code):
    """A JSON/CBOR __type without its "namespace#" prefix."""
    return (code or "").rsplit("#", 1)[-1]


def assert_not_implemented(protocol, service, operation, method, status, headers, body):
    """HTTP 501 with the code NotImplemented, rendered the way `protocol` renders errors."""
    headers = {name.lower(): value for name, value in headers.items()}
    media_type = headers.get("content-type", "").split(";")[0].strip()
    assert status == 501, (status, body[:300])
    if method == "HEAD":
        # A HEAD answer has no content (RFC 9110 9.3.2): the status is all of the error (S3's
        # HEAD errors carry no body either), so there is no error form to look at.
        assert body == b""
        return
    if protocol == "query":
        assert media_type == "text/xml", media_type
        assert xml_error_code(body, "ErrorResponse") == "NotImplemented", body[:300]
    elif protocol == "rest-xml":
        assert media_type == "application/xml", media_type
        root = "Error" if service == "s3" else "ErrorResponse"
        assert xml_error_code(body, root) == "NotImplemented", body[:300]
    elif protocol == "json":
        assert media_type.startswith("application/x-amz-json-1."), media_type
        assert bare_type(json.loads(body)["__type"]) == "NotImplemented", body[:300]
    elif protocol == "rest-json":  # the type travels in X-Amzn-Errortype, the body is JSON
        assert media_type == "application/json", media_type
        assert bare_type(headers.get("x-amzn-errortype", "").split(":")[0]) == "NotImplemented"
        assert isinstance(json.loads(body), dict)
    elif protocol == "smithy-rpc-v2-cbor":
        assert media_type == "application/cbor", media_type
        assert headers.get("smithy-protocol") == "rpc-v2-cbor", headers
        parser = RpcV2CBORParser()
        document = parser.parse_data_item(parser.get_peekable_stream_from_bytes(body))
        assert bare_type(document["__type"]) == "NotImplemented", document
    else:
        raise AssertionError(f"no error form known for {protocol}")
    message = body.decode("utf-8", "replace")
    assert operation in message and service in message, message[:300]


@pytest.fixture(scope="module")
def clients(server):
    # inject_host_prefix=False: operations with a host prefix ("stream-", "{RequestRoute}.") would
    # otherwise prepend it to 127.0.0.1 (as with LocalStack, users turn it off for local endpoints)
    config = Config(region_name=REGION, parameter_validation=False, retries={"max_attempts": 1},
                    s3={"addressing_style": "path"}, read_timeout=10, inject_host_prefix=False)
    return {s: boto3.client(s, endpoint_url=server.url, config=config) for s in SERVICES}


def capture_answer(client, answers):
    """Registers a hook that appends each raw HTTP answer the client receives to `answers`."""
    client.meta.events.register("before-parse", lambda response_dict, **_: answers.append(
        dict(response_dict)), unique_id="routing-test-capture")


@pytest.mark.parametrize("service,operation", list(operations()))
def test_operation_is_routed(clients, service, operation):
    client = clients[service]
    model = client.meta.service_model.operation_model(operation)
    params = skeleton(model.input_shape) if model.input_shape is not None else {}
    answers = []
    capture_answer(client, answers)
    try:
        getattr(client, xform_name(operation))(**params)
        assert (service, operation) in IMPLEMENTED
        return
    except ClientError as exc:
        error = exc.response["Error"]
        status = exc.response["ResponseMetadata"]["HTTPStatusCode"]
    except Exception as exc:  # event streams etc: the client could not parse; look at nothing more
        pytest.fail(f"{service}.{operation}: client failed: {exc!r}")
    finally:
        client.meta.events.unregister("before-parse", unique_id="routing-test-capture")
    # SNS's own code for a missing topic, subscription or endpoint is NotFound (a 404 from its handler).
    routing_errors = ROUTING_ERRORS - {"NotFound"} if service == "sns" else ROUTING_ERRORS
    assert error.get("Code") not in routing_errors, (error, status)
    if (service, operation) not in IMPLEMENTED:
        answer = answers[-1]  # botocore hands error answers over with their body read
        assert_not_implemented(model.service_model.resolved_protocol, service, operation,
                               model.http.get("method"), answer["status_code"],
                               answer["headers"], answer["body"])


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


def other_protocol_operations():
    """(service, protocol, operation) for every protocol a model lists besides the one botocore
    resolves (CloudWatch lists smithy-rpc-v2-cbor, json and query; boto3 speaks json): other SDKs
    and older ones speak the rest."""
    for service in SERVICES:
        model = _session.get_service_model(service)
        for protocol in model.metadata.get("protocols", []):
            if protocol == model.resolved_protocol:
                continue
            for op in model.operation_names:
                if (service, op) not in IMPLEMENTED:
                    yield service, protocol, op


@pytest.mark.parametrize("service,protocol,operation", list(other_protocol_operations()))
def test_operation_is_routed_in_every_protocol(server, service, protocol, operation):
    input_shape = _session.get_service_model(service).operation_model(operation).input_shape
    params = skeleton(input_shape) if input_shape is not None else {}
    status, headers, body = send(server, protocol, service, operation, params)
    assert_not_implemented(protocol, service, operation, "POST", status, headers, body)


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


def test_cli_not_implemented_message(server):
    out = server.cli("cloudwatch", "list-metrics")
    assert out.returncode != 0
    assert "NotImplemented" in out.stderr and "ListMetrics" in out.stderr


ROUTING_BUCKET = "routing-" + __import__("uuid").uuid4().hex[:16]


@pytest.fixture(scope="module")
def routing_bucket(server):
    s3 = boto3.client("s3", endpoint_url=server.url,
                      config=Config(region_name=REGION, s3={"addressing_style": "path"}))
    s3.create_bucket(Bucket=ROUTING_BUCKET)
    s3.put_object(Bucket=ROUTING_BUCKET, Key="some/key.txt", Body=b"some key")
    s3.put_object(Bucket=ROUTING_BUCKET, Key="key", Body=b"plain key")
    yield ROUTING_BUCKET
    for key in ("some/key.txt", "key"):
        s3.delete_object(Bucket=ROUTING_BUCKET, Key=key)
    s3.delete_bucket(Bucket=ROUTING_BUCKET)


# Each host/path pair must reach its operation: the answer shows which one ran.
@pytest.mark.parametrize("host,path,expected", [
    ("{b}.s3.localhost.localstack.cloud", "/", "<ListBucketResult"),
    ("{b}.s3.localhost.localstack.cloud", "/?list-type=2", "<KeyCount>2</KeyCount>"),
    ("{b}.localhost", "/some/key.txt", "some key"),
    ("{b}.s3.us-east-1.amazonaws.com", "/?versioning", "<VersioningConfiguration"),
    ("s3.localhost.localstack.cloud", "/{b}/key", "plain key"),
    ("localhost", "/", "<ListAllMyBucketsResult"),
])
def test_s3_virtual_host_and_path_style_names(server, routing_bucket, host, path, expected):
    import hashlib
    import http.client
    host = f"{host.format(b=routing_bucket)}:{server.port}"
    path = path.format(b=routing_bucket)
    headers = {"Host": host, "x-amz-content-sha256": hashlib.sha256(b"").hexdigest()}
    request = signed(f"http://{host}{path}", "s3", b"", headers, method="GET")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path, headers=dict(request.headers.items()))
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 200, body
    assert expected in body
    assert response.getheader("x-amz-request-id")
