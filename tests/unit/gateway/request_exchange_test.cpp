// RequestExchange through the Gateway (Pipeline::begin -> Exchange): limits from the service's
// RequestPolicy, gzip inflation, aws-chunked decoding with trailer checksums, spooling, early
// answers. The services are fakes with the real models ("s3" rest-xml, "logs" awsJson, "sts"
// query) whose handlers record the body they saw.
#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <optional>

#include "awsemu/core/json.hpp"
#include "awsemu/gateway/gateway.hpp"
#include "awsemu/service/registry.hpp"
#include "tests/unit/auth/auth_test_support.hpp"
#include "tests/unit/gateway/gateway_test_support.hpp"

namespace awsemu::gateway {
namespace {

namespace asio = boost::asio;
using testing::crc32Base64;
using testing::gzipCompress;
using testing::runCoroutine;
using testing::TempDir;
using testing::unsignedTrailerBody;

constexpr std::uint64_t kLogsLimit = 4096;
constexpr std::uint64_t kS3Limit = 64 * 1024;

// What a handler saw of its request.
struct Seen {
  int calls = 0;
  std::string operation, body;
  bool spooled = false;
  std::optional<std::filesystem::path> spool_file;
  Json input;
  CallerIdentity caller;
};

class RecordingService : public service::Service {
 public:
  RecordingService(std::string name, Seen& seen, std::vector<std::string> operations,
                   service::RequestPolicy policy)
      : name_(std::move(name)) {
    setRequestPolicy(std::move(policy));
    for (const auto& operation : operations)
      on(
          operation,
          [&seen](RequestContext& ctx, const Json& input) {
            ++seen.calls;
            seen.operation = ctx.operation;
            seen.body = ctx.http->body.readAll();
            seen.spooled = !ctx.http->body.inMemory();
            seen.spool_file = ctx.http->body.file;
            seen.input = input;
            seen.caller = ctx.caller;
            return Json::object();
          },
          /*blocking=*/false);
  }
  std::string name() const override { return name_; }
  void start(service::ServiceEnvironment&) override {}
  void reset() override {}
  // The fakes accept any input the codec can decode (the model's required members are not the
  // subject here).
  std::optional<AwsError> validationError(std::string) const override { return std::nullopt; }

 private:
  std::string name_;
};

// A service's own answer to a body over its limit, to tell it from any generic one.
service::RequestPolicy logsPolicy() {
  service::RequestPolicy policy;
  policy.max_body_bytes = kLogsLimit;
  policy.too_large_code = "TestBodyTooLarge";
  policy.too_large_status = 422;
  return policy;
}

service::RequestPolicy s3Policy() {
  service::RequestPolicy policy;
  policy.max_body_bytes = kS3Limit;
  policy.too_large_code = "EntityTooLarge";
  policy.too_large_status = 400;
  policy.inflate_gzip = false;
  policy.s3_signing = true;
  policy.s3_request_ids = true;
  return policy;
}

service::RequestPolicy stsPolicy() {
  service::RequestPolicy policy;
  policy.serves_query = true;
  return policy;
}

struct Outcome {
  bool early = false;    // answered from the header, no byte fed
  std::size_t fed = 0;   // pieces feed() accepted
  bool stopped = false;  // feed() said "read no further"
  HttpResponse response;
};

// The error code of a JSON or XML error response ("" when none).
std::string errorCode(const HttpResponse& response) {
  auto open = response.body.find("<Code>");
  if (open != std::string::npos) {
    auto close = response.body.find("</Code>", open);
    return response.body.substr(open + 6, close - open - 6);
  }
  auto json = Json::parse(response.body, nullptr, false);
  if (json.is_object() && json.contains("__type")) {
    std::string type = json["__type"];
    return type.substr(type.find('#') + 1);
  }
  return {};
}

std::string pattern(std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 31 + 7) % 251);
  return out;
}

// {"logGroupName":"<padding>"} of exactly `size` bytes.
std::string jsonOfSize(std::size_t size) {
  std::string head = R"({"logGroupName":")", tail = R"("})";
  return head + std::string(size - head.size() - tail.size(), 'g') + tail;
}

std::vector<std::string> split(std::string_view bytes, std::size_t piece) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < bytes.size(); i += piece) out.emplace_back(bytes.substr(i, piece));
  return out;
}

class RequestExchangeTest : public ::testing::Test {
 protected:
  RequestExchangeTest() {
    registry_.add(
        std::make_unique<RecordingService>(
            "s3", s3_, std::vector<std::string>{"PutObject", "PutBucketVersioning"}, s3Policy()),
        true);
    registry_.add(std::make_unique<RecordingService>(
                      "logs", logs_, std::vector<std::string>{"PutLogEvents"}, logsPolicy()),
                  true);
    registry_.add(
        std::make_unique<RecordingService>(
            "sts", sts_, std::vector<std::string>{"GetCallerIdentity", "AssumeRoleWithWebIdentity"},
            stsPolicy()),
        true);
  }

  Gateway& gateway() {
    if (!gateway_)
      gateway_ =
          std::make_unique<Gateway>(config_, registry_, credentials_, hooks_, spool_dir_, pool_);
    return *gateway_;
  }

  // One request through the stages, the body in `pieces`; `complete` false: the client vanished.
  Outcome exchange(HttpRequest head, const std::vector<std::string>& pieces, bool complete = true) {
    Outcome out;
    auto& pipeline = gateway();
    runCoroutine([&]() -> asio::awaitable<void> {
      auto exchange = pipeline.begin(std::move(head));
      if (auto early = exchange->earlyResponse()) {
        out.early = true;
        out.response = std::move(*early);
        co_return;
      }
      for (const auto& piece : pieces) {
        if (!co_await exchange->feed(piece)) {
          out.stopped = true;
          break;
        }
        ++out.fed;
      }
      exchange->end(complete && !out.stopped);
      out.response = co_await exchange->respond();
    });
    return out;
  }

  Outcome exchange(HttpRequest head, const std::string& body) {
    return exchange(std::move(head), std::vector<std::string>{body});
  }

  static HttpRequest logsRequest(std::optional<std::size_t> content_length,
                                 const std::string& operation = "PutLogEvents",
                                 HeaderList extra = {}) {
    HeaderList headers = {{"host", "localhost"},
                          {"x-amz-target", "Logs_20140328." + operation},
                          {"content-type", "application/x-amz-json-1.1"}};
    if (content_length)
      headers.emplace_back("content-length", std::to_string(*content_length));
    else
      headers.emplace_back("transfer-encoding", "chunked");
    for (auto& header : extra) headers.push_back(header);
    return auth::testing::makeRequest("POST", "/", headers);
  }

  static HttpRequest s3Put(std::string target, HeaderList extra) {
    HeaderList headers = {{"host", "localhost"}};
    for (auto& header : extra) headers.push_back(header);
    return auth::testing::makeRequest("PUT", std::move(target), headers);
  }

  // An unsigned aws-chunked upload with a CRC32 trailer, as current SDKs send over HTTP.
  static HttpRequest s3ChunkedPut(std::size_t decoded_length, std::size_t wire_length) {
    return s3Put("/bucket/key",
                 {{"content-encoding", "aws-chunked"},
                  {"x-amz-decoded-content-length", std::to_string(decoded_length)},
                  {"x-amz-content-sha256", std::string(auth::kStreamingUnsignedTrailer)},
                  {"x-amz-trailer", "x-amz-checksum-crc32"},
                  {"content-length", std::to_string(wire_length)}});
  }

  std::size_t spoolFiles() const { return TempDir::fileCount(spool_dir_); }

  TempDir dir_;
  std::filesystem::path spool_dir_ = dir_.path() / "spool";
  config::Config config_;
  service::ServiceRegistry registry_;
  service::CredentialRegistry credentials_;
  InitHooks hooks_{dir_.path() / "init"};
  asio::thread_pool pool_{2};
  Seen s3_, logs_, sts_;
  std::unique_ptr<Gateway> gateway_;
};

// ---- JSON service: limits from its policy --------------------------------------------------

TEST_F(RequestExchangeTest, JsonBodyReachesTheHandler) {
  std::string body = R"({"logGroupName":"group","logStreamName":"stream","logEvents":[]})";
  auto out = exchange(logsRequest(body.size()), split(body, 7));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  ASSERT_EQ(logs_.calls, 1);
  EXPECT_EQ(logs_.operation, "PutLogEvents");
  EXPECT_EQ(logs_.body, body);
  EXPECT_EQ(logs_.input["logGroupName"], "group");
  EXPECT_FALSE(logs_.spooled);
  EXPECT_TRUE(findHeader(out.response.headers, "x-amzn-RequestId"));
}

TEST_F(RequestExchangeTest, ContentLengthOverTheLimitIsRefusedFromTheHeader) {
  auto out = exchange(logsRequest(kLogsLimit + 1), jsonOfSize(kLogsLimit + 1));
  EXPECT_TRUE(out.early) << "refused before a byte of the body is read";
  EXPECT_EQ(out.response.status, 422);
  EXPECT_EQ(errorCode(out.response), "TestBodyTooLarge") << out.response.body;
  EXPECT_EQ(logs_.calls, 0);
}

TEST_F(RequestExchangeTest, UnparsableHugeContentLengthIsTooLarge) {
  auto request = logsRequest(std::nullopt);
  request.headers.emplace_back("content-length", "99999999999999999999999999");
  auto out = exchange(request, "{}");
  EXPECT_TRUE(out.early);
  EXPECT_EQ(errorCode(out.response), "TestBodyTooLarge");
}

TEST_F(RequestExchangeTest, BodyExactlyAtTheLimitIsAccepted) {
  std::string body = jsonOfSize(kLogsLimit);
  auto out = exchange(logsRequest(body.size()), split(body, 1000));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(logs_.body, body);
}

TEST_F(RequestExchangeTest, UndeclaredBodyOverTheLimitStopsTheRead) {
  std::string body = jsonOfSize(10 * 1000);
  auto out = exchange(logsRequest(std::nullopt), split(body, 1000));
  EXPECT_FALSE(out.early);
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.fed, 4u) << "the fifth piece crosses 4096 bytes";
  EXPECT_EQ(out.response.status, 422);
  EXPECT_EQ(errorCode(out.response), "TestBodyTooLarge") << out.response.body;
  EXPECT_EQ(logs_.calls, 0);
}

TEST_F(RequestExchangeTest, ConfiguredMaxBodySizeCapsThePolicy) {
  config_.max_body_bytes = 100;  // MAX_BODY_SIZE below the service's own limit
  auto out = exchange(logsRequest(101), jsonOfSize(101));
  EXPECT_TRUE(out.early);
  EXPECT_EQ(errorCode(out.response), "TestBodyTooLarge");
  EXPECT_NE(out.response.body.find("100 bytes"), std::string::npos) << out.response.body;
}

TEST_F(RequestExchangeTest, GzipBodyIsInflatedForTheHandler) {
  std::string plain = jsonOfSize(3000);
  std::string compressed = gzipCompress(plain);
  auto out =
      exchange(logsRequest(compressed.size(), "PutLogEvents", {{"content-encoding", "gzip"}}),
               split(compressed, 50));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(logs_.body, plain);
  EXPECT_EQ(logs_.input["logGroupName"].get<std::string>().size(), 3000u - 19u);
}

TEST_F(RequestExchangeTest, GzipBodyInflatingPastTheLimitIsRefused) {
  std::string compressed = gzipCompress(jsonOfSize(1 << 20));  // 1 MiB in about 1 KiB
  ASSERT_LT(compressed.size(), kLogsLimit);
  auto out =
      exchange(logsRequest(compressed.size(), "PutLogEvents", {{"content-encoding", "gzip"}}),
               split(compressed, 256));
  EXPECT_FALSE(out.early) << "the compressed size is within the limit";
  EXPECT_TRUE(out.stopped);
  EXPECT_GE(out.response.status, 400);
  EXPECT_LT(out.response.status, 500);
  EXPECT_EQ(logs_.calls, 0);
  EXPECT_EQ(spoolFiles(), 0u);
}

// The policy's answer to a body over the limit is documented as the service's own, counted after
// gzip inflation; the inflater's internal limit answers its own RequestEntityTooLarge (413) first.
// (Invisible today: every service that inflates keeps the default code; see the report.)
TEST_F(RequestExchangeTest, GzipBodyInflatingPastTheLimitGetsThePolicyAnswer) {
  std::string compressed = gzipCompress(jsonOfSize(1 << 20));
  auto out =
      exchange(logsRequest(compressed.size(), "PutLogEvents", {{"content-encoding", "gzip"}}),
               split(compressed, 256));
  EXPECT_EQ(out.response.status, 422);
  EXPECT_EQ(errorCode(out.response), "TestBodyTooLarge") << out.response.body;
}

TEST_F(RequestExchangeTest, CorruptGzipBodyIsASerializationError) {
  std::string body = "definitely not gzip";
  auto out =
      exchange(logsRequest(body.size(), "PutLogEvents", {{"content-encoding", "gzip"}}), body);
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "SerializationException") << out.response.body;
}

TEST_F(RequestExchangeTest, TruncatedGzipBodyIsASerializationError) {
  std::string compressed = gzipCompress(jsonOfSize(2000));
  compressed.resize(compressed.size() - 4);
  auto out = exchange(
      logsRequest(compressed.size(), "PutLogEvents", {{"content-encoding", "gzip"}}), compressed);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "SerializationException") << out.response.body;
  EXPECT_EQ(logs_.calls, 0);
}

TEST_F(RequestExchangeTest, OperationWithoutHandlerIsNotImplementedFromTheHeader) {
  // The body is never looked at: it is neither valid JSON nor within the limit's reach.
  auto out = exchange(logsRequest(100, "CreateLogGroup"), "{not json");
  EXPECT_TRUE(out.early);
  EXPECT_EQ(out.response.status, 501);
  EXPECT_EQ(errorCode(out.response), "NotImplemented") << out.response.body;
  EXPECT_NE(out.response.body.find("CreateLogGroup"), std::string::npos) << out.response.body;
}

TEST_F(RequestExchangeTest, UnknownOperationIsRefusedFromTheHeader) {
  auto out = exchange(logsRequest(2, "NoSuchOperation"), "{}");
  EXPECT_TRUE(out.early);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "UnknownOperationException") << out.response.body;
}

TEST_F(RequestExchangeTest, SpooledJsonBodyIsDecodedFromTheFile) {
  config_.memory_body_bytes = 1024;
  std::string body = jsonOfSize(3000);
  auto out = exchange(logsRequest(body.size()), split(body, 512));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_TRUE(logs_.spooled);
  EXPECT_EQ(logs_.body, body);
  EXPECT_EQ(logs_.input["logGroupName"].get<std::string>(), std::string(3000 - 19, 'g'));
  ASSERT_TRUE(logs_.spool_file);
  EXPECT_FALSE(std::filesystem::exists(*logs_.spool_file)) << "removed with the exchange";
}

TEST_F(RequestExchangeTest, ExhaustedMemoryBudgetSpoolsASmallBody) {
  config_.body_memory_budget = 100;  // all in-memory bodies together
  std::string body = jsonOfSize(500);
  auto out = exchange(logsRequest(body.size()), body);
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_TRUE(logs_.spooled);
  EXPECT_EQ(logs_.body, body);
}

TEST_F(RequestExchangeTest, PayloadSignatureIsCheckedAfterTheBody) {
  auth::Credential credential;
  credential.access_key_id = "AKIDEXAMPLE";
  credential.secret_access_key = "secret";
  credential.account_id = "111122223333";
  credentials_.put(credential, "test");
  auto signedRequest = [](const std::string& signed_body, std::size_t length) {
    auto request = logsRequest(length);
    request.headers.emplace_back("x-amz-date", timefmt::amzDate(systemClock().now()));
    auth::testing::SignParams params;
    params.secret = "secret";
    params.service = "logs";
    params.amz_date = *request.header("x-amz-date");
    params.signed_headers = "content-type;host;x-amz-date;x-amz-target";
    request.body.memory = signed_body;
    auth::testing::signRequest(request, params);
    request.body.memory.clear();
    return request;
  };
  std::string body = R"({"logGroupName":"a"})", other = R"({"logGroupName":"b"})";
  auto good = exchange(signedRequest(body, body.size()), body);
  EXPECT_EQ(good.response.status, 200) << good.response.body;
  EXPECT_EQ(logs_.caller.account_id, "111122223333");

  auto bad = exchange(signedRequest(body, other.size()), other);
  EXPECT_EQ(bad.response.status, 403);
  EXPECT_EQ(errorCode(bad.response), "SignatureDoesNotMatch") << bad.response.body;
  EXPECT_EQ(logs_.calls, 1);
}

// ---- query service: the action of an unsigned form post is in its body ----------------------

TEST_F(RequestExchangeTest, UnsignedFormPostIsRoutedByTheActionInItsBody) {
  std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto request = auth::testing::makeRequest("POST", "/",
                                            {{"host", "localhost"},
                                             {"content-type", "application/x-www-form-urlencoded"},
                                             {"content-length", std::to_string(body.size())}});
  auto out = exchange(request, split(body, 5));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(sts_.calls, 1);
  EXPECT_EQ(sts_.body, body);
}

TEST_F(RequestExchangeTest, UnsignedFormPostWithoutHandlerIsNotImplementedAfterItsBody) {
  std::string body = "Action=AssumeRole&Version=2011-06-15";
  auto request = auth::testing::makeRequest("POST", "/",
                                            {{"host", "localhost"},
                                             {"content-type", "application/x-www-form-urlencoded"},
                                             {"content-length", std::to_string(body.size())}});
  auto out = exchange(request, body);
  EXPECT_FALSE(out.early) << "the action is only known from the body";
  EXPECT_EQ(out.response.status, 501);
  EXPECT_EQ(errorCode(out.response), "NotImplemented") << out.response.body;
}

// AssumeRoleWithWebIdentity (and ...WithSAML) need no AWS credentials: the web identity token is
// the authentication, so SIGV4_VERIFY=strict must not refuse them for being unsigned.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
// Bug: RequestAuthenticator refuses every unsigned non-S3 request in strict mode
// (MissingAuthenticationToken), before the action is known; ServiceRouting::unsigned_actions is
// only used to route them.
TEST_F(RequestExchangeTest, StrictModeLetsUnsignedWebIdentityCallsThrough) {
  config_.sigv4_verify = config::SigV4Mode::Strict;
  auto request = auth::testing::makeRequest(
      "GET",
      "/?Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
      "000000000000%3Arole%2Fr&RoleSessionName=s&WebIdentityToken=token",
      {{"host", "localhost"}});
  auto out = exchange(request, std::vector<std::string>{});
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(sts_.operation, "AssumeRoleWithWebIdentity");
}

TEST_F(RequestExchangeTest, StrictModeRefusesOtherUnsignedCallsFromTheHeader) {
  config_.sigv4_verify = config::SigV4Mode::Strict;
  std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
  auto request = auth::testing::makeRequest("POST", "/",
                                            {{"host", "localhost"},
                                             {"content-type", "application/x-www-form-urlencoded"},
                                             {"content-length", std::to_string(body.size())}});
  auto out = exchange(request, body);
  EXPECT_TRUE(out.early);
  EXPECT_EQ(out.response.status, 403);
  EXPECT_EQ(errorCode(out.response), "MissingAuthenticationToken") << out.response.body;
  EXPECT_EQ(sts_.calls, 0);
}

// ---- S3: checksums, aws-chunked, its own errors -----------------------------------------------

TEST_F(RequestExchangeTest, S3BodyWithTheRightChecksumHeaderReachesTheHandler) {
  auto out = exchange(s3Put("/bucket/key", {{"content-length", "11"},
                                            {"x-amz-checksum-crc32", crc32Base64("hello world")}}),
                      "hello world");
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(s3_.operation, "PutObject");
  EXPECT_EQ(s3_.body, "hello world");
  EXPECT_TRUE(findHeader(out.response.headers, "x-amz-request-id"));
  EXPECT_TRUE(findHeader(out.response.headers, "x-amz-id-2"));
}

// was tests/e2e/test_s3_transport.py::test_wrong_checksum_header_is_bad_digest
TEST_F(RequestExchangeTest, S3WrongChecksumHeaderIsBadDigest) {
  auto out = exchange(s3Put("/bucket/key", {{"content-length", "11"},
                                            {"x-amz-checksum-crc32", crc32Base64("other")}}),
                      "hello world");
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "BadDigest") << out.response.body;
  EXPECT_EQ(s3_.calls, 0);
}

// was tests/e2e/test_s3_transport.py::test_aws_chunked_body_with_trailing_checksum
TEST_F(RequestExchangeTest, S3AwsChunkedBodyIsDecodedAndItsTrailerVerified) {
  std::string data = pattern(20 * 1024);  // three chunks
  std::string wire = unsignedTrailerBody(data, crc32Base64(data));
  auto out = exchange(s3ChunkedPut(data.size(), wire.size()), split(wire, 3000));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(s3_.body, data);
  EXPECT_FALSE(s3_.spooled);

  std::string bad = unsignedTrailerBody(data, crc32Base64("not the data"));
  out = exchange(s3ChunkedPut(data.size(), bad.size()), split(bad, 3000));
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "BadDigest") << out.response.body;
  EXPECT_EQ(s3_.calls, 1);
}

// was tests/e2e/test_s3_transport.py::test_aws_chunked_small_chunks_are_refused_as_s3_does
TEST_F(RequestExchangeTest, S3AwsChunkedSmallChunksAreRefused) {
  std::string data(20000, '\0');
  std::string wire = unsignedTrailerBody(data, crc32Base64(data), 1000);
  auto out = exchange(s3ChunkedPut(data.size(), wire.size()), wire);
  EXPECT_EQ(out.response.status, 403);
  EXPECT_EQ(errorCode(out.response), "InvalidChunkSizeError") << out.response.body;
  EXPECT_EQ(s3_.calls, 0);
}

// was tests/e2e/test_server.py::test_truncated_aws_chunked_body
TEST_F(RequestExchangeTest, S3TruncatedAwsChunkedBodyIsIncomplete) {
  auto out = exchange(s3ChunkedPut(400, 500), {"190\r\nabc"}, /*complete=*/false);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "IncompleteBody") << out.response.body;
  EXPECT_EQ(s3_.calls, 0);
}

TEST_F(RequestExchangeTest, TruncatedPlainBodyIsIncomplete) {
  auto out = exchange(s3Put("/bucket/key", {{"content-length", "100"}}), {"only ten b"},
                      /*complete=*/false);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "IncompleteBody") << out.response.body;
  EXPECT_EQ(s3_.calls, 0);
}

// was tests/e2e/test_server.py::test_bad_xml_gets_malformed_xml
TEST_F(RequestExchangeTest, S3MalformedXmlBody) {
  std::string body = "<VersioningConfiguration><Status>";
  auto out = exchange(
      s3Put("/some-bucket?versioning",
            {{"content-type", "application/xml"}, {"content-length", std::to_string(body.size())}}),
      body);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "MalformedXML") << out.response.body;
  EXPECT_EQ(s3_.calls, 0);
}

TEST_F(RequestExchangeTest, S3WellFormedXmlBodyIsDecoded) {
  std::string body =
      "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Status>Enabled</Status></VersioningConfiguration>";
  auto out = exchange(
      s3Put("/some-bucket?versioning",
            {{"content-type", "application/xml"}, {"content-length", std::to_string(body.size())}}),
      body);
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(s3_.operation, "PutBucketVersioning");
  EXPECT_EQ(s3_.input["Bucket"], "some-bucket");
  EXPECT_EQ(s3_.input["VersioningConfiguration"]["Status"], "Enabled") << s3_.input.dump();
}

TEST_F(RequestExchangeTest, S3DecodedLengthOverTheLimitIsRefusedFromTheHeader) {
  auto out = exchange(s3ChunkedPut(kS3Limit + 1, 100), "irrelevant");
  EXPECT_TRUE(out.early);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "EntityTooLarge") << out.response.body;
  EXPECT_NE(out.response.body.find("Your proposed upload exceeds the maximum allowed size"),
            std::string::npos);
}

TEST_F(RequestExchangeTest, S3AwsChunkedFramingDoesNotCountAgainstTheLimit) {
  std::string data = pattern(kS3Limit);  // exactly the limit once decoded
  std::string wire = unsignedTrailerBody(data, crc32Base64(data));
  ASSERT_GT(wire.size(), kS3Limit);
  auto out = exchange(s3ChunkedPut(data.size(), wire.size()), split(wire, 8000));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(s3_.body, data);
}

TEST_F(RequestExchangeTest, S3UndeclaredBodyOverTheLimitStops) {
  auto request = s3Put("/bucket/key", {{"transfer-encoding", "chunked"}});
  auto out = exchange(request, split(pattern(kS3Limit + 10000), 10000));
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.fed, 6u);
  EXPECT_EQ(out.response.status, 400);
  EXPECT_EQ(errorCode(out.response), "EntityTooLarge") << out.response.body;
  EXPECT_EQ(s3_.calls, 0);
}

TEST_F(RequestExchangeTest, S3OperationWithoutHandlerIsNotImplementedFromTheHeader) {
  auto out = exchange(auth::testing::makeRequest("GET", "/bucket/key", {{"host", "localhost"}}),
                      std::vector<std::string>{});
  EXPECT_TRUE(out.early);
  EXPECT_EQ(out.response.status, 501);
  EXPECT_EQ(errorCode(out.response), "NotImplemented") << out.response.body;
  EXPECT_NE(out.response.body.find("GetObject"), std::string::npos) << out.response.body;
  EXPECT_TRUE(findHeader(out.response.headers, "x-amz-request-id"));
}

TEST_F(RequestExchangeTest, S3ContentEncodingGzipIsNotInflated) {
  std::string compressed = gzipCompress("object bytes");
  auto out = exchange(s3Put("/bucket/key", {{"content-encoding", "gzip"},
                                            {"content-length", std::to_string(compressed.size())}}),
                      compressed);
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_EQ(s3_.body, compressed) << "Content-Encoding is object metadata in S3";
}

TEST_F(RequestExchangeTest, S3SpooledAwsChunkedBodyIsDecodedCorrectly) {
  config_.memory_body_bytes = 1024;
  std::string data = pattern(40 * 1024);
  std::string wire = unsignedTrailerBody(data, crc32Base64(data));
  auto out = exchange(s3ChunkedPut(data.size(), wire.size()), split(wire, 4096));
  EXPECT_EQ(out.response.status, 200) << out.response.body;
  EXPECT_TRUE(s3_.spooled);
  EXPECT_EQ(s3_.body, data);
  ASSERT_TRUE(s3_.spool_file);
  EXPECT_EQ(s3_.spool_file->parent_path(), spool_dir_);
  EXPECT_EQ(spoolFiles(), 0u) << "the spool file goes with the exchange";
}

TEST_F(RequestExchangeTest, S3SpooledBodyWithBadTrailerLeavesNoFile) {
  config_.memory_body_bytes = 1024;
  std::string data = pattern(40 * 1024);
  std::string wire = unsignedTrailerBody(data, crc32Base64("wrong"));
  auto out = exchange(s3ChunkedPut(data.size(), wire.size()), split(wire, 4096));
  EXPECT_EQ(errorCode(out.response), "BadDigest") << out.response.body;
  EXPECT_EQ(spoolFiles(), 0u);
}

TEST_F(RequestExchangeTest, FeedAfterARefusalKeepsRefusing) {
  auto request = s3Put("/bucket/key", {{"transfer-encoding", "chunked"}});
  auto& pipeline = gateway();
  std::vector<bool> answers;
  runCoroutine([&]() -> asio::awaitable<void> {
    auto exchange = pipeline.begin(std::move(request));
    EXPECT_FALSE(exchange->earlyResponse());
    answers.push_back(co_await exchange->feed(pattern(kS3Limit + 1)));
    answers.push_back(co_await exchange->feed("more"));
    exchange->end(false);
    auto response = co_await exchange->respond();
    EXPECT_EQ(errorCode(response), "EntityTooLarge");
  });
  EXPECT_EQ(answers, (std::vector<bool>{false, false}));
}

}  // namespace
}  // namespace awsemu::gateway
