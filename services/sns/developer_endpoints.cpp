// LocalStack's SNS developer endpoints, unsigned GETs under /_aws/sns/, and the signing
// certificate the notifications' SigningCertURL points to.
// https://docs.localstack.cloud/aws/services/sns/#developer-endpoints
#include "awsemu/core/encoding.hpp"
#include "services/sns/sns_service.hpp"

namespace awsemu::sns {
namespace {

constexpr std::string_view kPrefix = "/_aws/sns/";

HttpResponse jsonResponse(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.setHeader("Content-Type", "application/json");
  response.body = body.dump();
  return response;
}

std::string queryParam(const HttpRequest& request, std::string_view name) {
  std::string found;
  encoding::forEachFormParam(request.query, true, [&](std::string key, std::string value, bool) {
    if (key == name) found = std::move(value);
  });
  return found;
}

bool under(const HttpRequest& request, std::string_view rest) {
  std::string_view path = request.path;
  return path.starts_with(kPrefix) && path.substr(kPrefix.size()).starts_with(rest);
}

// GET: {"<records>": {target: [messages]}, "region": r}, filtered by account, region and target;
// DELETE: forgets the same selection.
HttpResponse recorded(const HttpRequest& request,
                      std::map<std::string, std::map<std::string, std::vector<Json>>>& records,
                      const char* name, const char* target_parameter) {
  std::string account = queryParam(request, "accountId");
  std::string region = queryParam(request, "region");
  std::string target = queryParam(request, target_parameter);
  if (account.empty()) account = "000000000000";
  if (region.empty()) region = "us-east-1";
  auto& selected = records[account + "/" + region];
  if (request.method == "DELETE") {
    if (target.empty())
      selected.clear();
    else
      selected.erase(target);
    HttpResponse response;
    response.status = 204;
    return response;
  }
  Json messages = Json::object();
  for (const auto& [key, list] : selected)
    if (target.empty() || key == target) messages[key] = list;
  return jsonResponse(200, {{name, messages}, {"region", region}});
}

}  // namespace

void SnsService::registerDeveloperEndpoints() {
  onRaw({"SigningCertificate",
         [](const HttpRequest& request) {
           return request.method == "GET" && under(request, "SimpleNotificationService-") &&
                  request.path.ends_with(".pem");
         },
         [this](RequestContext& ctx) {
           HttpResponse response;
           if (ctx.http->path.substr(kPrefix.size()) != signer_->certificateName()) {
             response.status = 404;
             return response;
           }
           response.setHeader("Content-Type", "application/x-x509-ca-cert");
           response.body = signer_->certificatePem();
           return response;
         }});
  onRaw({"SmsMessages",
         [](const HttpRequest& request) {
           return (request.method == "GET" || request.method == "DELETE") &&
                  under(request, "sms-messages");
         },
         [this](RequestContext& ctx) {
           std::unique_lock lock(state_.mutex);
           return recorded(*ctx.http, state_.sms_messages, "sms_messages", "phoneNumber");
         }});
  onRaw({"PlatformEndpointMessages",
         [](const HttpRequest& request) {
           return (request.method == "GET" || request.method == "DELETE") &&
                  under(request, "platform-endpoint-messages");
         },
         [this](RequestContext& ctx) {
           std::unique_lock lock(state_.mutex);
           return recorded(*ctx.http, state_.endpoint_messages, "platform_endpoint_messages",
                           "endpointArn");
         }});
  // The token that confirms a subscription (tokens are kept after confirmation: they may be
  // used again).
  onRaw({"SubscriptionTokens",
         [](const HttpRequest& request) {
           return request.method == "GET" && under(request, "subscription-tokens/");
         },
         [this](RequestContext& ctx) {
           std::string arn = encoding::uriDecode(ctx.http->path.substr(
               kPrefix.size() + std::string_view("subscription-tokens/").size()));
           std::shared_lock lock(state_.mutex);
           auto subscription = state_.subscription(arn);
           if (!subscription)
             return jsonResponse(
                 404, {{"error", "The SubscriptionArn was not found."}, {"subscription_arn", arn}});
           return jsonResponse(
               200, {{"subscription_token", subscription->token}, {"subscription_arn", arn}});
         }});
}

}  // namespace awsemu::sns
