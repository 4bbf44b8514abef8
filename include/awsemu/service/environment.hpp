#pragma once
// What a service gets at start-up: configuration, where its database lives, and the shared
// registries it may publish to (issued credentials).
#include "awsemu/config/config.hpp"
#include "awsemu/storage/storage_location.hpp"

namespace awsemu::service {

class CredentialRegistry;

struct ServiceEnvironment {
  const config::Config& config;
  const storage::StorageLocation& storage;
  CredentialRegistry& credentials;
};

}  // namespace awsemu::service
