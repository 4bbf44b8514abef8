#include "services/s3/cors.hpp"

#include <vector>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"
#include "services/s3/bucket_policy.hpp"
#include "services/s3/config_handlers.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace cors {
namespace {

std::vector<std::string> strings(const Json& rule, const char* member) {
  std::vector<std::string> out;
  for (const auto& item : rule.value(member, Json::array()))
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::vector<std::string> splitHeaders(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    auto item = strings::trim(text.substr(start, end - start));
    if (!item.empty()) out.push_back(strings::toLower(item));
    start = end + 1;
  }
  return out;
}

bool anyMatches(const std::vector<std::string>& patterns, std::string_view text, bool ignore_case) {
  for (const auto& pattern : patterns)
    if (policy::globMatch(pattern, text, ignore_case)) return true;
  return false;
}

}  // namespace

std::optional<HeaderList> match(const Json& configuration, std::string_view origin,
                                std::string_view method, std::string_view request_headers,
                                bool preflight) {
  auto requested = splitHeaders(request_headers);
  for (const auto& rule : configuration.value("CORSRules", Json::array())) {
    auto origins = strings(rule, "AllowedOrigins");
    auto methods = strings(rule, "AllowedMethods");
    auto headers = strings(rule, "AllowedHeaders");
    if (!anyMatches(origins, origin, false)) continue;
    bool method_ok = false;
    for (const auto& allowed : methods) method_ok |= allowed == method;
    if (!method_ok) continue;
    bool headers_ok = true;
    for (const auto& header : requested) headers_ok &= anyMatches(headers, header, true);
    if (!headers_ok) continue;
    HeaderList out;
    bool any_origin = origins.size() == 1 && origins[0] == "*";
    out.emplace_back("Access-Control-Allow-Origin", any_origin ? "*" : std::string(origin));
    out.emplace_back("Access-Control-Allow-Methods", join(methods));
    if (preflight && !requested.empty())
      out.emplace_back("Access-Control-Allow-Headers", join(requested));
    if (auto expose = strings(rule, "ExposeHeaders"); !expose.empty())
      out.emplace_back("Access-Control-Expose-Headers", join(expose));
    if (rule.contains("MaxAgeSeconds"))
      out.emplace_back("Access-Control-Max-Age", rule["MaxAgeSeconds"].dump());
    if (!any_origin) out.emplace_back("Access-Control-Allow-Credentials", "true");
    out.emplace_back("Vary",
                     "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    return out;
  }
  return std::nullopt;
}

}  // namespace cors

namespace {

AwsError corsForbidden(std::string message) {
  return AwsError("AccessForbidden", "CORSResponse: " + std::move(message), 403);
}

// The bucket of "/bucket" or "/bucket/key...".
std::optional<std::string> preflightBucket(const HttpRequest& request) {
  std::string_view path = request.path;
  if (path.size() < 2 || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  auto slash = path.find('/');
  return encoding::uriDecode(path.substr(0, slash));
}

// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html
HttpResponse preflight(const ConfigRegistrar& r, RequestContext& ctx) {
  const HttpRequest& request = *ctx.http;
  const std::string* origin = request.header("origin");
  if (!origin)
    throw AwsError("BadRequest", "Insufficient information. Origin request header needed.", 400);
  const std::string* method = request.header("access-control-request-method");
  if (!method) throw AwsError("BadRequest", "Invalid Access-Control-Request-Method: null", 400);
  std::string bucket = *preflightBucket(request);
  auto configuration = r.engine().bucketConfig(bucket, cors::kConfig);
  if (!configuration) throw corsForbidden("CORS is not enabled for this bucket.");
  auto headers = cors::match(*configuration, *origin, *method,
                             headerOr(request.headers, "access-control-request-headers"), true);
  if (!headers)
    throw corsForbidden(
        "This CORS request is not allowed. This is usually because the evalution of Origin, "
        "request method / Access-Control-Request-Method or Access-Control-Request-Headers are "
        "not whitelisted by the resource's CORS spec.");
  HttpResponse response;
  response.status = 200;
  response.headers = std::move(*headers);
  return response;
}

}  // namespace

void registerCorsRoutes(const ConfigRegistrar& registrar) {
  registrar.raw(service::RawRoute{
      "PreflightRequest",
      [](const HttpRequest& request) {
        return request.method == "OPTIONS" && preflightBucket(request).has_value();
      },
      [registrar](RequestContext& ctx) { return preflight(registrar, ctx); }});
}

}  // namespace awsemu::s3
