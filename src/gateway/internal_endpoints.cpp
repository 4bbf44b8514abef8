#include "src/gateway/internal_endpoints.hpp"

#include <spdlog/spdlog.h>

#include "awsemu/core/strings.hpp"
#include "awsemu/core/ids.hpp"
#include "awsemu/core/time.hpp"

#ifndef AWSEMU_VERSION
#define AWSEMU_VERSION "0.1.0"
#endif

namespace awsemu::gateway {
namespace {
constexpr std::string_view kPrefix = "/_localstack";

HttpResponse json(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.setHeader("Content-Type", "application/json");
  response.body = body.dump();
  return response;
}

HttpResponse notFound() { return json(404, {{"error", "not found"}}); }
HttpResponse methodNotAllowed() { return json(405, {{"error", "method not allowed"}}); }
}  // namespace

InternalEndpoints::InternalEndpoints(service::ServiceRegistry& registry, const InitHooks& hooks)
    : registry_(registry), hooks_(hooks), session_id_(ids::uuid4()) {}

bool InternalEndpoints::matches(const HttpRequest& request) {
  std::string_view path = request.path;
  return path.starts_with(kPrefix) &&
         (path.size() == kPrefix.size() || path[kPrefix.size()] == '/');
}

HttpResponse InternalEndpoints::handle(const HttpRequest& request) {
  std::string_view path = std::string_view(request.path).substr(kPrefix.size());
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const auto& method = request.method;
  bool get = method == "GET" || method == "HEAD";
  if (path == "/health") return get ? health() : methodNotAllowed();
  if (path == "/info") return get ? info() : methodNotAllowed();
  if (path == "/init") return get ? json(200, hooks_.status()) : methodNotAllowed();
  if (path.starts_with("/init/")) {
    if (!get) return methodNotAllowed();
    auto stage = path.substr(6);
    for (auto s : {InitStage::Boot, InitStage::Start, InitStage::Ready, InitStage::Shutdown}) {
      std::string name = InitHooks::stageName(s);
      if (stage == name || stage == strings::toLower(name)) return json(200, hooks_.status(s));
    }
    return notFound();
  }
  if (path == "/state/reset") return method == "POST" ? reset("") : methodNotAllowed();
  if (path.starts_with("/state/") && path.ends_with("/reset")) {
    if (method != "POST") return methodNotAllowed();
    return reset(path.substr(7, path.size() - 7 - 6));
  }
  return notFound();
}

HttpResponse InternalEndpoints::health() const {
  // LocalStack's states: "running" (started and serving), "available" (routable; here: a service
  // whose operations all answer not-implemented), "disabled" (not in SERVICES).
  Json services = Json::object();
  for (auto* service : registry_.all()) {
    std::string state = !registry_.enabled(service->name()) ? "disabled"
                        : service->handlers().empty()       ? "available"
                                                            : "running";
    services[service->name()] = state;
  }
  return json(200, {{"services", services}, {"edition", "community"}, {"version", AWSEMU_VERSION}});
}

HttpResponse InternalEndpoints::info() const {
  auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_)
          .count();
  return json(200, {{"version", AWSEMU_VERSION},
                    {"edition", "community"},
                    {"is_license_activated", false},
                    {"session_id", session_id_},
                    {"machine_id", "awsemu"},
                    {"system", "linux"},
                    {"is_docker", std::getenv("AWSEMU_IN_DOCKER") != nullptr},
                    {"server_time_utc", timefmt::iso8601(toEpochSeconds(systemClock().now()))},
                    {"uptime", uptime}});
}

HttpResponse InternalEndpoints::reset(std::string_view name) {
  if (name.empty()) {
    for (auto* service : registry_.all())
      if (registry_.enabled(service->name())) service->reset();
    spdlog::info("state reset: all services");
    return json(200, Json::object());
  }
  auto* service = registry_.find(name);
  if (!service) return json(404, {{"error", "unknown or disabled service: " + std::string(name)}});
  service->reset();
  spdlog::info("state reset: {}", name);
  return json(200, Json::object());
}

}  // namespace awsemu::gateway
