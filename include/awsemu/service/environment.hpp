#pragma once
// What a service gets at start-up: configuration, where its database lives, and the shared
// registries it may publish to (issued credentials, the event bus) and the background executor for
// its timers (one thread shared by all services; handlers never run there).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "awsemu/config/config.hpp"
#include "awsemu/events/event_bus.hpp"
#include "awsemu/storage/storage_location.hpp"

namespace awsemu::service {

class CredentialRegistry;

struct ServiceEnvironment {
  const config::Config& config;
  const storage::StorageLocation& storage;
  CredentialRegistry& credentials;
  events::EventBus& events;
  boost::asio::any_io_executor background;
  // The gateway's blocking pool, for async handlers that do blocking work before or after an
  // await (S3 PutObject: SQLite reads, then a wait for its group commit). Null in unit tests.
  boost::asio::thread_pool* blocking_pool = nullptr;
};

}  // namespace awsemu::service
