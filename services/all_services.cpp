// The services of this build, one row each: how to make it and the request policy the gateway
// applies to it. A service with an implementation registers its handlers; the others are routable
// through their models and answer the not-implemented error for every operation.
#include <functional>

#include "awsemu/service/registry.hpp"
#include "awsemu/service/service_routing.hpp"
#include "services/common/model_only_service.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodbstreams/streams_service.hpp"
#include "services/iam/iam_service.hpp"
#include "services/s3/s3_service.hpp"
#include "services/sns/sns_service.hpp"
#include "services/sqs/sqs_service.hpp"
#include "services/sts/sts_service.hpp"

namespace awsemu::service {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;

// Body limits follow the service's own request limits, with room for the wire encoding: a query
// request percent-encodes every byte of a message at worst (x3), JSON escapes at most double it.
RequestPolicy limit(std::uint64_t bytes, bool serves_query = false) {
  RequestPolicy policy;
  policy.max_body_bytes = bytes;
  policy.serves_query = serves_query;
  return policy;
}

// A JSON-protocol service that names authentication errors its own way (UnrecognizedClientException
// ...): DynamoDB and CloudWatch Logs answer them with 400, Lambda with 403.
RequestPolicy jsonLimit(std::uint64_t bytes, int auth_error_status) {
  RequestPolicy policy = limit(bytes);
  policy.json_auth_error_status = auth_error_status;
  return policy;
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html: 5 GiB in one PUT,
// counted on the object (decoded) bytes; S3 answers EntityTooLarge with 400.
RequestPolicy s3Policy() {
  RequestPolicy policy;
  policy.max_body_bytes = 5ull << 30;
  policy.too_large_code = "EntityTooLarge";
  policy.too_large_status = 400;
  policy.inflate_gzip = false;  // Content-Encoding is object metadata in S3
  policy.s3_signing = true;
  policy.s3_request_ids = true;
  policy.body_digests = true;
  policy.memory_body_bytes = 1ull << 20;  // larger bodies go to disk, where the object ends up
  return policy;
}

struct ServiceDefinition {
  const char* name;
  std::function<std::unique_ptr<Service>()> make;  // empty: model only
  RequestPolicy policy;
};

std::vector<ServiceDefinition> definitions() {
  auto make = [](auto tag) -> std::function<std::unique_ptr<Service>()> {
    using ServiceType = typename decltype(tag)::type;
    return [] { return std::make_unique<ServiceType>(); };
  };
  // DynamoDB and DynamoDB Streams share the stream log: the table engine writes it (and persists
  // it with the items), Streams reads it.
  auto stream_log = std::make_shared<dynamodbstreams::StreamLog>();
  return {
      {"s3", make(std::type_identity<s3::S3Service>{}), s3Policy()},
      // 1 MiB messages and batches (SendMessageBatch), query-encoded at worst.
      {"sqs", make(std::type_identity<sqs::SqsService>{}), limit(3 * kMiB + 64 * 1024, true)},
      // 256 KiB messages and PublishBatch totals.
      {"sns", make(std::type_identity<sns::SnsService>{}), limit(kMiB, true)},
      // 16 MB BatchWriteItem / TransactWriteItems requests.
      {"dynamodb",
       [stream_log]() -> std::unique_ptr<Service> {
         auto service = std::make_unique<dynamodb::DynamoDbService>();
         service->setChangeSink(stream_log);
         return service;
       },
       jsonLimit(16 * kMiB, 400)},
      {"dynamodbstreams",
       [stream_log]() -> std::unique_ptr<Service> {
         return std::make_unique<dynamodbstreams::StreamsService>(stream_log);
       },
       jsonLimit(kMiB, 400)},
      // A 50 MB zip uploaded inline (CreateFunction/UpdateFunctionCode), base64 in JSON.
      {"lambda", {}, jsonLimit(70 * kMiB, 403)},
      {"iam", make(std::type_identity<iam_service::IamService>{}), limit(kMiB, true)},
      {"sts", make(std::type_identity<sts::StsService>{}), limit(kMiB, true)},
      // 1 MB PutMetricData (JSON, CBOR or query) and PutLogEvents batches. The order of the query
      // services is the order an unsigned form post's Action is looked up in.
      {"cloudwatch", {}, limit(3 * kMiB, true)},
      {"logs", {}, jsonLimit(3 * kMiB, 400)},
  };
}

}  // namespace

const std::vector<ServiceRouting>& routingTable() {
  using protocol::Protocol;
  static const std::vector<ServiceRouting> table = {
      {.name = "s3",
       .signing_name = "s3",
       .extra_signing_names = {"s3express", "s3-object-lambda"},
       .endpoint_prefix = "s3",
       .plain_protocol = Protocol::RestXml,
       .virtual_host_buckets = true,
       // REST endpoints, then website endpoints (<bucket>.s3-website-<region>.amazonaws.com,
       // <bucket>.s3-website.<region>.amazonaws.com, LocalStack's
       // <bucket>.s3-website.localhost.localstack.cloud), which S3 serves as websites.
       .bucket_host_markers = {".s3.", ".s3-website.", ".s3-website-"},
       .default_for_anonymous = true},
      {.name = "sqs",
       .signing_name = "sqs",
       .target_prefix = "AmazonSQS",
       .endpoint_prefix = "sqs",
       .host_aliases = {"queue"}},  // https://queue.amazonaws.com/<account>/<name>
      // SubscribeURL and UnsubscribeURL are visited by subscribers with a plain GET, and so is
      // SigningCertURL (/_aws/sns/<certificate>.pem), beside LocalStack's developer endpoints.
      {.name = "sns",
       .signing_name = "sns",
       .endpoint_prefix = "sns",
       .unsigned_actions = {"ConfirmSubscription", "Unsubscribe"},
       .unsigned_paths = {"/_aws/sns/"}},
      {.name = "dynamodb",
       .signing_name = "dynamodb",
       .target_prefix = "DynamoDB_20120810",
       .endpoint_prefix = "dynamodb",
       .plain_protocol = Protocol::Json},
      {.name = "dynamodbstreams",
       .signing_name = "dynamodb",
       .target_prefix = "DynamoDBStreams_20120810",
       .endpoint_prefix = "streams.dynamodb",
       .plain_protocol = Protocol::Json},
      {.name = "lambda",
       .signing_name = "lambda",
       .endpoint_prefix = "lambda",
       .plain_protocol = Protocol::RestJson},
      {.name = "iam", .signing_name = "iam", .endpoint_prefix = "iam"},
      {.name = "sts",
       .signing_name = "sts",
       .endpoint_prefix = "sts",
       .unsigned_actions = {"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"}},
      {.name = "cloudwatch",
       .signing_name = "monitoring",
       .target_prefix = "GraniteServiceVersion20100801",
       .endpoint_prefix = "monitoring",
       .cbor_service = "GraniteServiceVersion20100801"},
      {.name = "logs",
       .signing_name = "logs",
       .target_prefix = "Logs_20140328",
       .endpoint_prefix = "logs",
       .plain_protocol = Protocol::Json},
  };
  return table;
}

const ServiceRouting* routingFor(std::string_view name) {
  for (const auto& routing : routingTable())
    if (routing.name == name) return &routing;
  return nullptr;
}

ServiceRegistry makeRegistry(const config::Config& config) {
  ServiceRegistry registry;
  auto table = definitions();
  for (const auto& name : config::knownServices()) {
    std::unique_ptr<Service> service;
    RequestPolicy policy;
    for (auto& definition : table)
      if (name == definition.name) {
        if (definition.make) service = definition.make();
        policy = definition.policy;
      }
    if (!service) service = std::make_unique<ModelOnlyService>(name);
    service->setRequestPolicy(std::move(policy));
    registry.add(std::move(service), config.serviceEnabled(name));
  }
  return registry;
}

}  // namespace awsemu::service
