#pragma once
// The services of this process, by name. Built once at start-up; read-only afterwards.
#include <memory>
#include <string_view>
#include <vector>

#include "awsemu/config/config.hpp"
#include "awsemu/service/service.hpp"

namespace awsemu::service {

class ServiceRegistry {
 public:
  void add(std::unique_ptr<Service> service, bool enabled);
  Service* find(std::string_view name) const;  // nullptr when unknown or disabled
  bool enabled(std::string_view name) const;
  // Every known service (enabled or not), in registration order.
  std::vector<Service*> all() const;
  void startAll(ServiceEnvironment& env);
  void drainAll();
  void stopAll();

 private:
  struct Entry {
    std::unique_ptr<Service> service;
    bool enabled;
  };
  std::vector<Entry> entries_;
};

// All services awsemu knows, enabled according to config.services.
ServiceRegistry makeRegistry(const config::Config& config);

}  // namespace awsemu::service
