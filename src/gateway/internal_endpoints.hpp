#pragma once
// LocalStack's internal HTTP API, as its users' scripts and fixtures call it:
//   GET|HEAD /_localstack/health, GET /_localstack/info, GET /_localstack/init[/<stage>],
//   POST /_localstack/state/reset, POST /_localstack/state/<service>/reset
#include <chrono>
#include <optional>

#include "awsemu/core/http.hpp"
#include "awsemu/gateway/init_hooks.hpp"
#include "awsemu/service/registry.hpp"

namespace awsemu::gateway {

class InternalEndpoints {
 public:
  InternalEndpoints(service::ServiceRegistry& registry, const InitHooks& hooks);
  static bool matches(const HttpRequest& request);
  HttpResponse handle(const HttpRequest& request);

 private:
  HttpResponse health() const;
  HttpResponse info() const;
  HttpResponse reset(std::string_view service);

  service::ServiceRegistry& registry_;
  const InitHooks& hooks_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::string session_id_;
};

}  // namespace awsemu::gateway
