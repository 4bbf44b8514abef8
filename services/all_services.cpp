// The services of this build. A service with an implementation registers its handlers; the others
// are routable through their models and answer the not-implemented error for every operation.
#include "awsemu/service/registry.hpp"
#include "services/common/model_only_service.hpp"
#include "services/sqs/sqs_service.hpp"
#include "services/sts/sts_service.hpp"

namespace awsemu::service {

ServiceRegistry makeRegistry(const config::Config& config) {
  ServiceRegistry registry;
  for (const auto& name : config::knownServices()) {
    std::unique_ptr<Service> service;
    if (name == "sts")
      service = std::make_unique<sts::StsService>();
    else if (name == "sqs")
      service = std::make_unique<sqs::SqsService>();
    else
      service = std::make_unique<ModelOnlyService>(name);
    registry.add(std::move(service), config.serviceEnabled(name));
  }
  return registry;
}

}  // namespace awsemu::service
