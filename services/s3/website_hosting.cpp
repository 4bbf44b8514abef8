#include "services/s3/website_hosting.hpp"

#include <spdlog/spdlog.h>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/core/time.hpp"
#include "services/s3/config_handlers.hpp"
#include "services/s3/object_reads.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace website {
namespace {

std::string html(std::string_view text) {
  std::string out;
  for (char c : text) switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  return out;
}

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 412:
      return "Precondition Failed";
    case 416:
      return "Requested Range Not Satisfiable";
    default:
      return status >= 500 ? "Internal Server Error" : "Error";
  }
}

void errorItems(std::string& out, const AwsError& error) {
  out += "<li>Code: " + html(error.code) + "</li>\n";
  out += "<li>Message: " + html(error.message) + "</li>\n";
  for (const auto& [name, value] : error.fields.items())
    if (value.is_string())
      out += "<li>" + html(name) + ": " + html(value.get<std::string>()) + "</li>\n";
}

bool conditionHolds(const Json& condition, std::string_view key, std::optional<int> error_status) {
  if (auto prefix = condition.find("KeyPrefixEquals"); prefix != condition.end())
    if (!key.starts_with(prefix->get<std::string>())) return false;
  auto code = condition.find("HttpErrorCodeReturnedEquals");
  if (code == condition.end()) return !error_status;  // prefix rules act before the look-up
  return error_status && code->get<std::string>() == std::to_string(*error_status);
}

Redirect redirectOf(const Json& redirect, const Json& condition, std::string_view key,
                    std::string_view host, std::string_view protocol) {
  std::string path;
  if (auto with = redirect.find("ReplaceKeyWith"); with != redirect.end()) {
    path = with->get<std::string>();
  } else if (auto prefix = redirect.find("ReplaceKeyPrefixWith"); prefix != redirect.end()) {
    std::string matched = condition.value("KeyPrefixEquals", "");
    path = prefix->get<std::string>() + std::string(key.substr(matched.size()));
  } else {
    path = std::string(key);
  }
  Redirect out;
  out.location = redirect.value("Protocol", std::string(protocol)) + "://" +
                 redirect.value("HostName", std::string(host)) + "/" +
                 encoding::uriEncode(path, false);
  if (auto code = redirect.find("HttpRedirectCode"); code != redirect.end() && code->is_string())
    out.status = std::stoi(code->get<std::string>());
  return out;
}

}  // namespace

bool isWebsiteHost(std::string_view host) {
  std::string lower = strings::toLower(host);
  auto pos = lower.find(".s3-website");
  if (pos == std::string::npos || pos == 0) return false;
  char next = pos + 11 < lower.size() ? lower[pos + 11] : '\0';
  return next == '.' || next == '-';
}

std::optional<Redirect> redirectFor(const Json& configuration, std::string_view key,
                                    std::optional<int> error_status, std::string_view host,
                                    std::string_view protocol) {
  if (auto all = configuration.find("RedirectAllRequestsTo"); all != configuration.end()) {
    Redirect out;
    out.location = all->value("Protocol", std::string(protocol)) + "://" +
                   all->value("HostName", "") + "/" + encoding::uriEncode(key, false);
    return out;
  }
  for (const auto& rule : configuration.value("RoutingRules", Json::array())) {
    const Json& condition = rule.value("Condition", Json::object());
    if (!conditionHolds(condition, key, error_status)) continue;
    return redirectOf(rule.value("Redirect", Json::object()), condition, key, host, protocol);
  }
  return std::nullopt;
}

std::string errorPage(const AwsError& error, std::string_view request_id,
                      const AwsError* document_error) {
  std::string title = std::to_string(error.http_status) + " " + reason(error.http_status);
  std::string out =
      "<html>\n<head><title>" + title + "</title></head>\n<body>\n<h1>" + title + "</h1>\n<ul>\n";
  errorItems(out, error);
  out += "<li>RequestId: " + html(request_id) + "</li>\n";
  out += "<li>HostId: " + html(ids::s3HostId()) + "</li>\n</ul>\n";
  if (document_error) {
    out +=
        "<h3>An Error Occurred While Attempting to Retrieve a Custom Error Document</h3>\n<ul>\n";
    errorItems(out, *document_error);
    out += "</ul>\n";
  }
  out += "<hr/>\n</body>\n</html>\n";
  return out;
}

}  // namespace website

namespace {

AwsError noSuchWebsiteConfiguration(std::string_view bucket) {
  return AwsError("NoSuchWebsiteConfiguration",
                  "The specified bucket does not have a website configuration", 404)
      .with("BucketName", std::string(bucket));
}

// The members of GetObject's output a browser needs, as headers.
void addObjectHeaders(HttpResponse& response, const Json& out) {
  static const std::pair<const char*, const char*> kHeaders[] = {
      {"ContentType", "Content-Type"},
      {"ETag", "ETag"},
      {"CacheControl", "Cache-Control"},
      {"ContentEncoding", "Content-Encoding"},
      {"ContentDisposition", "Content-Disposition"},
      {"ContentLanguage", "Content-Language"},
      {"ContentRange", "Content-Range"},
      {"AcceptRanges", "Accept-Ranges"},
      {"VersionId", "x-amz-version-id"},
      {"ServerSideEncryption", "x-amz-server-side-encryption"},
  };
  for (const auto& [member, header] : kHeaders)
    if (auto it = out.find(member); it != out.end() && it->is_string())
      response.headers.emplace_back(header, it->get<std::string>());
  if (auto it = out.find("LastModified"); it != out.end() && it->is_number())
    response.headers.emplace_back("Last-Modified", timefmt::httpDate(it->get<double>()));
  if (auto it = out.find("Expires"); it != out.end())
    response.headers.emplace_back(
        "Expires", it->is_number() ? timefmt::httpDate(it->get<double>()) : it->get<std::string>());
  if (auto it = out.find("Metadata"); it != out.end() && it->is_object())
    for (const auto& [name, value] : it->items())
      if (value.is_string())
        response.headers.emplace_back("x-amz-meta-" + name, value.get<std::string>());
}

// One website request: what it asks for and how to answer it.
class WebsiteRequest {
 public:
  WebsiteRequest(const ConfigRegistrar& r, RequestContext& ctx)
      : r_(r), ctx_(ctx), http_(*ctx.http) {
    // Website endpoints serve anonymous requests only: a signature is neither needed nor used.
    ctx_.caller = CallerIdentity{};
    ctx_.caller.anonymous = true;
    head_ = http_.method == "HEAD";
    bucket_ = http_.host_bucket;
    std::string_view path = http_.path;  // "/bucket" or "/bucket/key" (the gateway's path style)
    auto rest = path.substr(std::min(path.size(), bucket_.size() + 1));
    key_ = encoding::uriDecode(rest.empty() ? rest : rest.substr(1));
    protocol_ = headerOr(http_.headers, "x-forwarded-proto", "http");
  }

  HttpResponse serve() {
    try {
      if (http_.method != "GET" && !head_) throw errors::methodNotAllowed(http_.method, "OBJECT");
      r_.engine().bucket(bucket_);
      auto stored = r_.engine().bucketConfig(bucket_, website::kConfig);
      if (!stored) throw noSuchWebsiteConfiguration(bucket_);
      configuration_ = std::move(*stored);
      if (auto redirect =
              website::redirectFor(configuration_, key_, std::nullopt, http_.host(), protocol_))
        return redirectResponse(*redirect);
      return object(withIndex(key_), 200);
    } catch (const AwsError& error) {
      return failed(error);
    }
  }

 private:
  std::string withIndex(const std::string& key) const {
    if (!key.empty() && key.back() != '/') return key;
    return key + configuration_.value("IndexDocument", Json::object()).value("Suffix", "");
  }

  // GET/HEAD of `key` (access checked as an anonymous GetObject), answered with `status`.
  HttpResponse object(const std::string& key, int status) {
    Json input{{"Bucket", bucket_}, {"Key", key}};
    static const std::pair<const char*, const char*> kConditions[] = {
        {"if-match", "IfMatch"}, {"if-none-match", "IfNoneMatch"}, {"range", "Range"}};
    if (status == 200) {
      for (const auto& [header, member] : kConditions)
        if (const auto* value = http_.header(header)) input[member] = *value;
      for (const auto& [header, member] : {std::pair{"if-modified-since", "IfModifiedSince"},
                                           std::pair{"if-unmodified-since", "IfUnmodifiedSince"}})
        if (const auto* value = http_.header(header))
          if (auto seconds = timefmt::parseHttpDate(*value)) input[member] = *seconds;
    }
    ctx_.response = ResponseOverrides{};
    r_.authorize(ctx_, "GetObject", input);  // also adds the bucket's CORS headers
    Json out = readObject(r_.engine(), ctx_, input, head_);
    if (auto redirect = out.find("WebsiteRedirectLocation");
        redirect != out.end() && redirect->is_string())
      return redirectResponse({301, redirect->get<std::string>()});
    HttpResponse response;
    response.status = ctx_.response.status.value_or(status);
    addObjectHeaders(response, out);
    for (auto& header : ctx_.response.headers) response.headers.push_back(std::move(header));
    if (head_)
      response.headers.emplace_back("Content-Length",
                                    std::to_string(out.value("ContentLength", 0)));
    // Small objects come back in the document (Body, a blob), larger ones as an open file.
    if (auto body = out.find("Body"); body != out.end() && body->is_binary())
      response.body.assign(body->get_binary().begin(), body->get_binary().end());
    response.body_file = ctx_.response.file;
    response.file_offset = ctx_.response.file_offset;
    response.file_length = ctx_.response.file_length;
    return response;
  }

  HttpResponse failed(const AwsError& error) {
    if (error.http_status == 304) {
      HttpResponse response;
      response.status = 304;
      response.headers = error.headers;
      return response;
    }
    if (configuration_.is_object() && !configuration_.empty()) {
      if (auto redirect = website::redirectFor(configuration_, key_, error.http_status,
                                               http_.host(), protocol_))
        return redirectResponse(*redirect);
      if (error.code == "NoSuchKey" || error.code == "AccessDenied")
        if (auto folder = folderRedirect()) return *folder;
      if (error.http_status >= 400 && error.http_status < 500)
        if (auto document = configuration_.find("ErrorDocument");
            document != configuration_.end()) {
          try {
            return object(document->value("Key", ""), error.http_status);
          } catch (const AwsError& document_error) {
            return htmlError(error, &document_error);
          }
        }
    }
    return htmlError(error, nullptr);
  }

  // "/docs" with no object "docs" but an index document "docs/index.html": 302 to "/docs/".
  std::optional<HttpResponse> folderRedirect() {
    if (key_.empty() || key_.back() == '/') return std::nullopt;
    try {
      r_.engine().headObject({bucket_, withIndex(key_ + "/"), std::nullopt});
    } catch (const AwsError&) {
      return std::nullopt;
    }
    return redirectResponse({302, "/" + encoding::uriEncode(key_, false) + "/"});
  }

  HttpResponse redirectResponse(const website::Redirect& redirect) const {
    HttpResponse response;
    response.status = redirect.status;
    response.headers.emplace_back("Location", redirect.location);
    response.headers.emplace_back("Content-Length", "0");
    return response;
  }

  HttpResponse htmlError(const AwsError& error, const AwsError* document_error) const {
    HttpResponse response;
    response.status = error.http_status;
    response.body = website::errorPage(error, ctx_.request_id, document_error);
    response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    if (head_)
      response.headers.emplace_back("Content-Length", std::to_string(response.body.size()));
    return response;
  }

  const ConfigRegistrar& r_;
  RequestContext& ctx_;
  const HttpRequest& http_;
  bool head_ = false;
  std::string bucket_, key_, protocol_;
  Json configuration_ = Json::object();
};

}  // namespace

void registerWebsiteRoute(const ConfigRegistrar& registrar) {
  registrar.raw(service::RawRoute{
      "WebsiteRequest",
      [](const HttpRequest& request) {
        return !request.host_bucket.empty() && website::isWebsiteHost(request.host());
      },
      [registrar](RequestContext& ctx) {
        try {
          return WebsiteRequest(registrar, ctx).serve();
        } catch (const std::exception& failure) {
          spdlog::error("s3 website {} failed: {}", ctx.request_id, failure.what());
          HttpResponse response;
          response.status = 500;
          response.body = website::errorPage(
              AwsError("InternalError", "We encountered an internal error. Please try again.", 500),
              ctx.request_id);
          response.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
          return response;
        }
      }});
}

}  // namespace awsemu::s3
