#include "src/auth/sigv2_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"

namespace awsemu::auth {
namespace {

// The sub-resources and response overrides that are part of the signed resource.
const std::set<std::string, std::less<>>& signedSubresources() {
  static const std::set<std::string, std::less<>> names = {"accelerate",
                                                           "acl",
                                                           "analytics",
                                                           "cors",
                                                           "defaultObjectAcl",
                                                           "delete",
                                                           "inventory",
                                                           "lifecycle",
                                                           "location",
                                                           "logging",
                                                           "metrics",
                                                           "notification",
                                                           "object-lock",
                                                           "partNumber",
                                                           "policy",
                                                           "replication",
                                                           "requestPayment",
                                                           "response-cache-control",
                                                           "response-content-disposition",
                                                           "response-content-encoding",
                                                           "response-content-language",
                                                           "response-content-type",
                                                           "response-expires",
                                                           "restore",
                                                           "select",
                                                           "select-type",
                                                           "storageClass",
                                                           "tagging",
                                                           "torrent",
                                                           "uploadId",
                                                           "uploads",
                                                           "versionId",
                                                           "versioning",
                                                           "versions",
                                                           "website"};
  return names;
}

struct QueryParam {
  std::string name, value;
  bool has_value;
};

std::vector<QueryParam> queryParams(std::string_view query) {
  std::vector<QueryParam> out;
  encoding::forEachFormParam(query, false, [&out](std::string name, std::string value, bool has) {
    out.push_back({std::move(name), std::move(value), has});
  });
  return out;
}

std::string headerOrQuery(const HttpRequest& request, const std::vector<QueryParam>& params,
                          std::string_view name, bool presigned) {
  if (const auto* value = request.header(name)) return std::string(strings::trim(*value));
  if (presigned)
    for (const auto& param : params)
      if (strings::iequals(param.name, name)) return param.value;
  return {};
}

// x-amz-* headers (and, for presigned URLs, x-amz-* query parameters, where botocore moves them):
// lower-case names, sorted, values trimmed and joined with commas.
std::string amzHeaders(const HttpRequest& request, const std::vector<QueryParam>& params,
                       bool presigned) {
  std::map<std::string, std::vector<std::string>> headers;
  for (const auto& [name, value] : request.headers)
    if (name.starts_with("x-amz-")) headers[name].emplace_back(strings::trim(value));
  if (presigned)
    for (const auto& param : params) {
      auto name = strings::toLower(param.name);
      if (name.starts_with("x-amz-") && !headers.count(name)) headers[name].push_back(param.value);
    }
  std::string out;
  for (const auto& [name, values] : headers) {
    out += name;
    out += ':';
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
    out += '\n';
  }
  return out;
}

std::string canonicalResource(const HttpRequest& request, const std::vector<QueryParam>& params,
                              const std::string& bucket_from_host) {
  std::string resource;
  if (!bucket_from_host.empty()) resource = "/" + bucket_from_host;
  resource += request.path.empty() ? "/" : request.path;
  std::vector<const QueryParam*> signed_params;
  for (const auto& param : params)
    if (signedSubresources().count(param.name)) signed_params.push_back(&param);
  std::stable_sort(signed_params.begin(), signed_params.end(),
                   [](const QueryParam* a, const QueryParam* b) { return a->name < b->name; });
  for (std::size_t i = 0; i < signed_params.size(); ++i) {
    resource += i == 0 ? '?' : '&';
    resource += signed_params[i]->name;
    if (signed_params[i]->has_value) resource += "=" + signed_params[i]->value;
  }
  return resource;
}

}  // namespace

std::string sigV2StringToSign(const HttpRequest& request, bool presigned,
                              const std::string& bucket_from_host) {
  auto params = queryParams(request.query);
  std::string date;
  if (presigned) {
    for (const auto& param : params)
      if (param.name == "Expires") date = param.value;
  } else if (!request.header("x-amz-date")) {
    // With x-amz-date (signed among the amz headers) the Date line stays empty.
    date = headerOr(request.headers, "date");
  }
  std::string out = request.method + "\n";
  out += headerOrQuery(request, params, "content-md5", presigned) + "\n";
  out += headerOrQuery(request, params, "content-type", presigned) + "\n";
  out += date + "\n";
  out += amzHeaders(request, params, presigned);
  out += canonicalResource(request, params, bucket_from_host);
  return out;
}

std::string sigV2Signature(const std::string& secret, const std::string& string_to_sign) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size(), digest,
       &length);
  return encoding::base64Encode(std::string_view(reinterpret_cast<char*>(digest), length));
}

}  // namespace awsemu::auth
