#include "awsemu/service/registry.hpp"

#include <spdlog/spdlog.h>

namespace awsemu::service {

void ServiceRegistry::add(std::unique_ptr<Service> service, bool enabled) {
  entries_.push_back(Entry{std::move(service), enabled});
}

Service* ServiceRegistry::find(std::string_view name) const {
  for (const auto& entry : entries_)
    if (entry.enabled && entry.service->name() == name) return entry.service.get();
  return nullptr;
}

bool ServiceRegistry::enabled(std::string_view name) const { return find(name) != nullptr; }

std::vector<Service*> ServiceRegistry::all() const {
  std::vector<Service*> out;
  for (const auto& entry : entries_) out.push_back(entry.service.get());
  return out;
}

void ServiceRegistry::startAll(ServiceEnvironment& env) {
  for (auto& entry : entries_)
    if (entry.enabled) entry.service->start(env);
}

void ServiceRegistry::drainAll() {
  for (auto& entry : entries_)
    if (entry.enabled) entry.service->drain();
}

void ServiceRegistry::stopAll() {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (!it->enabled) continue;
    try {
      it->service->stop();
    } catch (const std::exception& e) {
      spdlog::error("stopping {} failed: {}", it->service->name(), e.what());
    }
  }
}

}  // namespace awsemu::service
