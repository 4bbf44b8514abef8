"""SNS deliveries to https subscribers: a small HTTPS server the test runs (self-signed certificate
made here) confirms the subscription and receives signed notifications; failing https deliveries
go to the dead-letter queue; SNS_HTTPS_VERIFY=1 checks the certificate chain and host name.

SubscribeURL confirmation by an unsigned GET is also checked with SIGV4_VERIFY=strict, where AWS
and awsemu refuse other unsigned calls."""
import datetime
import ipaddress
import json
import ssl
import urllib.error
import urllib.request

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sns_support import Subscriber, queue_arn, receive, unique_name, verify_signature, wait_for


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for the name `localhost` only (no IP address), and its key."""
    folder = tmp_path_factory.mktemp("tls")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def server_context(certificate, sni_names=None):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    if sni_names is not None:
        context.sni_callback = lambda sock, name, ctx: sni_names.append(name)
    return context


def make_queue(sqs):
    name = unique_name("dlq")
    return sqs.create_queue(QueueName=name)["QueueUrl"], queue_arn(name)


def developer_token(server, arn):
    return json.load(urllib.request.urlopen(
        f"{server.url}/_aws/sns/subscription-tokens/{arn}"))["subscription_token"]


def subscribe_with_dlq(sns, sqs, topic, endpoint, retries):
    dlq_url, dlq = make_queue(sqs)
    arn = sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=endpoint,
                        ReturnSubscriptionArn=True, Attributes={
                            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq}),
                            "DeliveryPolicy": json.dumps({"healthyRetryPolicy": {
                                "numRetries": retries, "minDelayTarget": 1, "maxDelayTarget": 1}}),
                        })["SubscriptionArn"]
    return arn, dlq_url


def confirmed_subscription(sns, topic):
    def confirmed():
        subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        return subs and subs[0]["SubscriptionArn"] != "PendingConfirmation" and subs[0]
    return wait_for(confirmed, desc="subscription confirmed through SubscribeURL")


def test_https_subscriber_confirms_and_receives_signed_notifications(server, certificate):
    sns = server.client("sns")
    sni = []
    subscriber = Subscriber(tls=server_context(certificate, sni), host="localhost")
    try:
        topic = sns.create_topic(Name=unique_name("https"))["TopicArn"]
        assert sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=subscriber.url)[
            "SubscriptionArn"] == "pending confirmation"
        request = wait_for(lambda: subscriber.of_type("SubscriptionConfirmation"),
                           desc="SubscriptionConfirmation")[0]
        assert request["headers"]["x-amz-sns-topic-arn"] == topic
        assert request["headers"]["user-agent"] == "Amazon Simple Notification Service Agent"
        confirmation = json.loads(request["body"])
        assert confirmation["Type"] == "SubscriptionConfirmation"
        verify_signature(confirmation)
        assert "localhost" in sni  # the host name went out as SNI
        subscription = confirmed_subscription(sns, topic)
        assert subscription["Protocol"] == "https" and subscription["Endpoint"] == subscriber.url

        message_id = sns.publish(TopicArn=topic, Message="over tls", Subject="s", MessageAttributes={
            "a": {"DataType": "String", "StringValue": "1"}})["MessageId"]
        (notification,) = wait_for(lambda: subscriber.of_type("Notification"), desc="notification")
        headers = notification["headers"]
        assert headers["x-amz-sns-message-id"] == message_id
        assert headers["x-amz-sns-subscription-arn"] == subscription["SubscriptionArn"]
        assert headers["x-amz-sns-rawdelivery"] == "false"
        body = json.loads(notification["body"])
        assert (body["Message"], body["Subject"]) == ("over tls", "s")
        assert body["MessageAttributes"] == {"a": {"Type": "String", "Value": "1"}}
        verify_signature(body)

        sns.set_subscription_attributes(SubscriptionArn=subscription["SubscriptionArn"],
                                        AttributeName="RawMessageDelivery", AttributeValue="true")
        sns.publish(TopicArn=topic, Message="raw over tls")
        raw = wait_for(lambda: len(subscriber.of_type("Notification")) == 2 and
                       subscriber.of_type("Notification")[1], desc="raw notification")
        assert raw["body"] == "raw over tls" and raw["headers"]["x-amz-sns-rawdelivery"] == "true"
    finally:
        subscriber.close()


def test_failing_https_deliveries_go_to_the_dead_letter_queue(server, certificate):
    sns, sqs = server.client("sns"), server.client("sqs")
    subscriber = Subscriber(status=500, confirm=False, tls=server_context(certificate))
    try:
        topic = sns.create_topic(Name=unique_name("https-failing"))["TopicArn"]
        arn, dlq_url = subscribe_with_dlq(sns, sqs, topic, subscriber.url, retries=2)
        sns.confirm_subscription(TopicArn=topic, Token=developer_token(server, arn))
        message_id = sns.publish(TopicArn=topic, Message="will fail")["MessageId"]
        (dead,) = receive(sqs, dlq_url, 1, timeout=15)
        assert json.loads(dead["Body"])["MessageId"] == message_id
        assert len(subscriber.of_type("Notification")) == 3  # the first attempt and two retries
    finally:
        subscriber.close()


def test_an_endpoint_that_does_not_speak_tls_is_a_failed_delivery(server):
    sns, sqs = server.client("sns"), server.client("sqs")
    plain = Subscriber(confirm=False)  # plain HTTP behind an https URL: the handshake fails
    try:
        topic = sns.create_topic(Name=unique_name("not-tls"))["TopicArn"]
        arn, dlq_url = subscribe_with_dlq(sns, sqs, topic, plain.url.replace("http:", "https:"), 0)
        sns.confirm_subscription(TopicArn=topic, Token=developer_token(server, arn))
        message_id = sns.publish(TopicArn=topic, Message="no tls")["MessageId"]
        (dead,) = receive(sqs, dlq_url, 1, timeout=15)
        assert json.loads(dead["Body"])["MessageId"] == message_id
        assert plain.of_type("Notification") == []
    finally:
        plain.close()


def test_verification_checks_the_chain_and_the_host_name(start_server, certificate):
    # SSL_CERT_FILE: OpenSSL's default trust store is then the test's certificate alone.
    verifying = start_server({"SNS_HTTPS_VERIFY": "1", "SSL_CERT_FILE": certificate[0]})
    sns, sqs = verifying.client("sns"), verifying.client("sqs")
    trusted = Subscriber(tls=server_context(certificate), host="localhost")
    # The certificate names localhost, not 127.0.0.1: refused, nothing arrives.
    wrong_name = Subscriber(tls=server_context(certificate), host="127.0.0.1")
    try:
        topic = sns.create_topic(Name=unique_name("verified"))["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=trusted.url)
        confirmed_subscription(sns, topic)
        arn, dlq_url = subscribe_with_dlq(sns, sqs, topic, wrong_name.url, retries=0)
        sns.confirm_subscription(TopicArn=topic, Token=developer_token(verifying, arn))
        message_id = sns.publish(TopicArn=topic, Message="verified")["MessageId"]
        (dead,) = receive(sqs, dlq_url, 1, timeout=15)
        assert json.loads(dead["Body"])["MessageId"] == message_id
        wait_for(lambda: trusted.of_type("Notification"), desc="notification to the trusted endpoint")
        assert wrong_name.requests == []
        assert verifying.wait_for_line(r"certificate verify failed")
    finally:
        trusted.close()
        wrong_name.close()


def strict_server(start_server, tmp_path):
    """A strict server and credentials it knows: a session issued before a restart in strict mode
    (SIGV4_VERIFY=strict refuses the default test keys)."""
    env = {"PERSISTENCE": "1", "DATA_DIR": str(tmp_path / "state")}
    first = start_server(env)
    issued = first.client("sts").get_session_token()["Credentials"]
    first.stop()
    strict = start_server({**env, "SIGV4_VERIFY": "strict"})
    keys = {"aws_access_key_id": issued["AccessKeyId"],
            "aws_secret_access_key": issued["SecretAccessKey"],
            "aws_session_token": issued["SessionToken"]}
    return strict, keys


def test_subscribe_and_unsubscribe_urls_work_unsigned_in_strict_mode(start_server, tmp_path):
    strict, keys = strict_server(start_server, tmp_path)
    sns = strict.client("sns", **keys)
    subscriber = Subscriber()  # confirms by a plain GET of SubscribeURL
    try:
        topic = sns.create_topic(Name=unique_name("strict"))["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=subscriber.url)
        confirmation = json.loads(wait_for(lambda: subscriber.of_type("SubscriptionConfirmation"),
                                           desc="SubscriptionConfirmation")[0]["body"])
        verify_signature(confirmation)  # SigningCertURL: an unsigned GET as well
        subscription = confirmed_subscription(sns, topic)
        sns.publish(TopicArn=topic, Message="strict")
        (notification,) = wait_for(lambda: subscriber.of_type("Notification"), desc="notification")
        body = json.loads(notification["body"])
        verify_signature(body)
        urllib.request.urlopen(body["UnsubscribeURL"], timeout=5).read()
        assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
        assert subscription["SubscriptionArn"].startswith(topic)
    finally:
        subscriber.close()


def test_strict_mode_opens_only_the_sns_routes(start_server, tmp_path):
    strict, _ = strict_server(start_server, tmp_path)
    port = strict.port

    def status(path, host=None):
        request = urllib.request.Request(strict.url + path)
        if host:
            request.add_header("Host", host)
        try:
            return urllib.request.urlopen(request, timeout=5).status
        except urllib.error.HTTPError as error:
            return error.code

    # SubscribeURLs also name the host the client used (sns.<region>.localhost.localstack.cloud).
    sns_host = f"sns.us-east-1.localhost.localstack.cloud:{port}"
    confirm = "/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:000000000000:none&Token=x"
    assert status(confirm) == 404  # reached SNS: NotFound, not MissingAuthenticationToken
    assert status(confirm, sns_host) == 404
    assert status("/_aws/sns/sms-messages") == 200
    assert status("/_aws/sns/SimpleNotificationService-0.pem") == 404  # not this certificate
    # Other unsigned calls stay refused.
    assert status("/?Action=ListTopics", sns_host) == 403
    assert status("/_aws/sns/unknown?Action=ListTopics") == 403
    assert status("/_aws/sqs/messages") == 403
