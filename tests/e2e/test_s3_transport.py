"""S3 request bodies as current SDKs send them: plain x-amz-checksum-* headers (over HTTP) and
aws-chunked bodies with trailing checksums. A well-formed upload is stored with its checksum; a
corrupt one is refused with S3's error before anything is stored."""
import base64
import hashlib
import http.client
import zlib

import pytest
from botocore.config import Config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError


def s3(server, **config):
    return server.client("s3", config=Config(region_name="us-east-1", retries={"max_attempts": 1},
                                             s3={"addressing_style": "path"}, **config))


BUCKET = "transport-bucket"


@pytest.fixture(scope="module", autouse=True)
def bucket(server):
    s3(server).create_bucket(Bucket=BUCKET)


def test_put_object_with_checksum_header_is_decoded(server):
    client = s3(server)
    client.put_object(Bucket=BUCKET, Key="k", Body=b"hello world", ChecksumAlgorithm="CRC32")
    got = client.get_object(Bucket=BUCKET, Key="k", ChecksumMode="ENABLED")
    assert got["Body"].read() == b"hello world"
    assert got["ChecksumCRC32"] == crc32_b64(b"hello world")


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def raw_put(server, body, headers, key="key"):
    """A PUT signed as the SDKs sign it (the payload hash declared in x-amz-content-sha256)."""
    headers = dict(headers)
    headers.setdefault("x-amz-content-sha256", hashlib.sha256(body).hexdigest())
    request = AWSRequest(method="PUT", url=f"{server.url}/{BUCKET}/{key}", data=body,
                         headers=headers)
    SigV4Auth(Credentials("test", "test"), "s3", "us-east-1").add_auth(request)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("PUT", f"/{BUCKET}/{key}", body=body, headers=dict(request.headers.items()))
    response = conn.getresponse()
    return response.status, response.read().decode()


def test_wrong_checksum_header_is_bad_digest(server):
    status, body = raw_put(server, b"hello world", {"x-amz-checksum-crc32": crc32_b64(b"other")},
                           key="bad-digest")
    assert status == 400, body
    assert "<Code>BadDigest</Code>" in body
    with pytest.raises(ClientError) as exc:
        s3(server).head_object(Bucket=BUCKET, Key="bad-digest")
    assert exc.value.response["Error"]["Code"] == "404"


def unsigned_trailer_body(data, trailer_value, chunk=8192):  # S3: 8 KiB minimum but the last
    out = b""
    for i in range(0, len(data), chunk):
        piece = data[i:i + chunk]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    out += b"0\r\n" + f"x-amz-checksum-crc32:{trailer_value}\r\n".encode() + b"\r\n"
    return out


def chunked_headers(data, body):
    return {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
            "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "x-amz-trailer": "x-amz-checksum-crc32", "Content-Length": str(len(body))}


def test_aws_chunked_body_with_trailing_checksum(server):
    data = bytes(range(256)) * 80  # 20 KiB: three chunks
    body = unsigned_trailer_body(data, crc32_b64(data))
    status, text = raw_put(server, body, chunked_headers(data, body), key="chunked")
    assert status == 200, text
    got = s3(server).get_object(Bucket=BUCKET, Key="chunked", ChecksumMode="ENABLED")
    assert got["Body"].read() == data
    assert got["ChecksumCRC32"] == crc32_b64(data)
    assert got["ETag"] == '"%s"' % hashlib.md5(data).hexdigest()

    bad = unsigned_trailer_body(data, crc32_b64(b"not the data"))
    status, text = raw_put(server, bad, chunked_headers(data, bad), key="chunked-bad")
    assert status == 400, text
    assert "<Code>BadDigest</Code>" in text


def test_aws_chunked_small_chunks_are_refused_as_s3_does(server):
    data = bytes(20000)
    body = unsigned_trailer_body(data, crc32_b64(data), chunk=1000)
    status, text = raw_put(server, body, chunked_headers(data, body))
    assert status == 403, text
    assert "<Code>InvalidChunkSizeError</Code>" in text
