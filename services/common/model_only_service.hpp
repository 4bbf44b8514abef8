#pragma once
// A service whose model is routable but none of whose operations is implemented yet: every
// operation answers the not-implemented error (HTTP 501) naming service and operation.
#include "awsemu/service/service.hpp"

namespace awsemu::service {

class ModelOnlyService : public Service {
 public:
  explicit ModelOnlyService(std::string name) : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  void start(ServiceEnvironment&) override {}
  void reset() override {}

 private:
  std::string name_;
};

}  // namespace awsemu::service
