"""S3 static website hosting on the website host names: index and error documents, redirects
(RedirectAllRequestsTo, routing rules, x-amz-website-redirect-location), S3's HTML error pages,
GET/HEAD only, and only publicly readable objects.

Requests go to the server with the website Host header (<bucket>.s3-website-<region>.amazonaws.com
and the other forms); against AWS the same requests go to the website endpoint itself (WEBSITE
below), and the buckets are made public the way AWS asks (public access block off, a public-read
policy)."""
import json
import uuid

import pytest
import requests

REGION = "us-east-1"
OPEN_BLOCK = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
              "RestrictPublicBuckets": False}


def name(prefix="web"):
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def website_host(bucket, form="dash"):
    return {
        "dash": f"{bucket}.s3-website-{REGION}.amazonaws.com",
        "dot": f"{bucket}.s3-website.{REGION}.amazonaws.com",
        "localstack": f"{bucket}.s3-website.localhost.localstack.cloud:4566",
        "localhost": f"{bucket}.s3-website.localhost",
    }[form]


def website(server, bucket, path="/", method="GET", form="dash", headers=None):
    all_headers = {"Host": website_host(bucket, form)}
    all_headers.update(headers or {})
    return requests.request(method, server.url + path, headers=all_headers,
                            allow_redirects=False, timeout=10)


@pytest.fixture
def s3(server):
    return server.client("s3")


def make_public(s3, bucket):
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=OPEN_BLOCK)
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/*"}]}))


@pytest.fixture
def site(s3):
    """A public bucket with index.html / error.html and a website configuration."""
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    make_public(s3, bucket)
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"<h1>home</h1>", ContentType="text/html")
    s3.put_object(Bucket=bucket, Key="error.html", Body=b"<h1>oops</h1>", ContentType="text/html")
    s3.put_object(Bucket=bucket, Key="docs/index.html", Body=b"docs home", ContentType="text/html")
    s3.put_object(Bucket=bucket, Key="style.css", Body=b"body{}", ContentType="text/css",
                  CacheControl="max-age=60", Metadata={"team": "web"})
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"}})
    return bucket


# ---- documents ---------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["dash", "dot", "localstack", "localhost"])
def test_root_serves_the_index_document_on_every_website_host_form(server, site, form):
    response = website(server, site, "/", form=form)
    assert response.status_code == 200
    assert response.text == "<h1>home</h1>"
    assert response.headers["Content-Type"] == "text/html"


def test_folder_with_trailing_slash_serves_its_index_document(server, site):
    assert website(server, site, "/docs/").text == "docs home"


def test_folder_without_trailing_slash_redirects_302(server, site):
    response = website(server, site, "/docs")
    assert response.status_code == 302
    assert response.headers["Location"] == "/docs/"


def test_objects_keep_their_headers(server, site):
    response = website(server, site, "/style.css")
    assert response.status_code == 200
    assert response.text == "body{}"
    assert response.headers["Content-Type"] == "text/css"
    assert response.headers["Cache-Control"] == "max-age=60"
    assert response.headers["x-amz-meta-team"] == "web"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]


def test_head_answers_headers_only(server, site):
    response = website(server, site, "/style.css", method="HEAD")
    assert response.status_code == 200
    assert response.headers["Content-Length"] == "6"
    assert response.content == b""


def test_conditional_get_answers_304(server, site):
    etag = website(server, site, "/style.css").headers["ETag"]
    response = website(server, site, "/style.css", headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_range_get_answers_206(server, site):
    response = website(server, site, "/style.css", headers={"Range": "bytes=0-3"})
    assert response.status_code == 206
    assert response.content == b"body"


def test_missing_key_serves_the_error_document_with_404(server, site):
    response = website(server, site, "/nope.html")
    assert response.status_code == 404
    assert response.text == "<h1>oops</h1>"


# ---- S3's HTML errors --------------------------------------------------------------------------

def test_missing_key_without_error_document_is_an_html_404(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    make_public(s3, bucket)
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}})
    response = website(server, bucket, "/missing")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<h1>404 Not Found</h1>" in response.text
    assert "<li>Code: NoSuchKey</li>" in response.text
    assert "<li>Key: missing</li>" in response.text


def test_bucket_without_website_configuration(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    response = website(server, bucket, "/")
    assert response.status_code == 404
    assert "<li>Code: NoSuchWebsiteConfiguration</li>" in response.text
    assert f"<li>BucketName: {bucket}</li>" in response.text


def test_missing_bucket(server):
    bucket = name()
    response = website(server, bucket, "/")
    assert response.status_code == 404
    assert "<li>Code: NoSuchBucket</li>" in response.text
    assert f"<li>BucketName: {bucket}</li>" in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_only_get_and_head(server, site, method):
    response = website(server, site, "/index.html", method=method)
    assert response.status_code == 405
    assert "<li>Code: MethodNotAllowed</li>" in response.text


def test_private_bucket_is_forbidden(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="index.html", Body=b"secret")
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}})
    response = website(server, bucket, "/")
    assert response.status_code == 403
    assert "<li>Code: AccessDenied</li>" in response.text
    assert "secret" not in response.text


def test_unreadable_error_document_is_reported_in_the_page(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=OPEN_BLOCK)
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{bucket}/public/*"}]}))
    s3.put_object(Bucket=bucket, Key="error.html", Body=b"private error page")
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"}})
    response = website(server, bucket, "/public/missing")
    assert response.status_code == 404
    assert "An Error Occurred While Attempting to Retrieve a Custom Error Document" in \
        response.text
    assert "private error page" not in response.text


# ---- redirects ---------------------------------------------------------------------------------

def test_redirect_all_requests(server, s3):
    bucket = name()
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={
        "RedirectAllRequestsTo": {"HostName": "example.com", "Protocol": "https"}})
    response = website(server, bucket, "/a/b.html")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://example.com/a/b.html"


def test_routing_rules(server, site, s3):
    s3.put_bucket_website(Bucket=site, WebsiteConfiguration={
        "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"},
        "RoutingRules": [
            {"Condition": {"KeyPrefixEquals": "old/"},
             "Redirect": {"ReplaceKeyPrefixWith": "new/", "HttpRedirectCode": "302"}},
            {"Condition": {"KeyPrefixEquals": "page"},
             "Redirect": {"HostName": "example.com", "Protocol": "https",
                          "ReplaceKeyWith": "landing.html"}},
            {"Condition": {"HttpErrorCodeReturnedEquals": "404"},
             "Redirect": {"HostName": "fallback.example.com"}},
        ]})
    moved = website(server, site, "/old/x.html")
    assert moved.status_code == 302
    assert moved.headers["Location"] == f"http://{website_host(site)}/new/x.html"
    page = website(server, site, "/page1")
    assert page.status_code == 301
    assert page.headers["Location"] == "https://example.com/landing.html"
    missing = website(server, site, "/missing.html")
    assert missing.status_code == 301
    assert missing.headers["Location"] == "http://fallback.example.com/missing.html"
    assert website(server, site, "/style.css").status_code == 200  # no rule applies


def test_object_website_redirect_location(server, site, s3):
    s3.put_object(Bucket=site, Key="moved.html", Body=b"",
                  WebsiteRedirectLocation="/docs/index.html")
    response = website(server, site, "/moved.html")
    assert response.status_code == 301
    assert response.headers["Location"] == "/docs/index.html"


def test_rest_endpoint_is_unchanged_for_the_same_bucket(server, site, s3):
    # The REST API answers XML as before; only website hosts get the website behaviour.
    assert s3.get_object(Bucket=site, Key="index.html")["Body"].read() == b"<h1>home</h1>"
    response = requests.get(f"{server.url}/{site}/missing", timeout=10)
    assert response.status_code == 404
    assert response.text.startswith("<?xml")
