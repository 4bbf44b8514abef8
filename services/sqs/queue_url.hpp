#pragma once
// Queue URLs: the forms awsemu hands out (SQS_ENDPOINT_STRATEGY) and every form a request may
// address a queue by, including the URLs real AWS hands out, which stored configurations carry.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html
#include <optional>
#include <string>
#include <string_view>

namespace awsemu::sqs {

// Which queue a request means. region is empty when the URL does not say (the request's region
// then applies); account is empty for a bare queue name (the caller's account applies).
struct QueueAddress {
  std::string account;
  std::string region;
  std::string name;
};

// http(s)://host[:port]/ACCOUNT/NAME or .../queue/REGION/ACCOUNT/NAME, where the host may name the
// region: sqs.REGION.amazonaws.com, REGION.queue.amazonaws.com, queue.amazonaws.com (us-east-1),
// sqs.REGION.<any domain>, REGION.queue.<any domain>. Also a bare path "/ACCOUNT/NAME" (the target
// of query requests posted to the queue URL), and a bare queue name ("orders", no '/' or ':'),
// which AWS accepts as QueueUrl too. nullopt when the URL is none of these.
std::optional<QueueAddress> parseQueueUrl(std::string_view url);

struct QueueUrlStyle {
  std::string strategy = "standard";  // standard, domain, path, off
  std::string localstack_host;        // host[:port] for standard, domain and path
  std::string request_host;           // the request's Host header, for off
};

std::string formatQueueUrl(const QueueUrlStyle& style, const std::string& region,
                           const std::string& account, const std::string& name);

}  // namespace awsemu::sqs
