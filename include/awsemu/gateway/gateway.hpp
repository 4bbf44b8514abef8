#pragma once
// The request pipeline behind the HTTP server, as a named sequence of stages:
//   detect service -> authenticate (header) -> read body (aws-chunked decode, spool) ->
//   authenticate (payload) -> find operation -> decode (codec) -> validate (model constraints) ->
//   execute (handler; blocking ones on the blocking pool) -> encode (codec)
#include <boost/asio/thread_pool.hpp>

#include <filesystem>
#include <memory>

#include "awsemu/config/config.hpp"
#include "awsemu/gateway/init_hooks.hpp"
#include "awsemu/server/exchange.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/registry.hpp"

namespace awsemu::gateway {

class Gateway : public server::Pipeline {
 public:
  Gateway(const config::Config& config, service::ServiceRegistry& registry,
          service::CredentialRegistry& credentials, const InitHooks& hooks,
          std::filesystem::path spool_dir, boost::asio::thread_pool& blocking_pool);
  ~Gateway() override;
  std::unique_ptr<server::Exchange> begin(HttpRequest head) override;
  HttpResponse transportError(int status, std::string_view code, std::string_view message) override;
  HttpResponse malformedRequest(const HttpRequest& head, std::string_view message) override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsemu::gateway
