// awsemu: a local AWS emulator. Start-up order: configuration -> logging -> storage -> BOOT hooks
// -> services -> listeners -> "Ready." -> START/READY hooks; on SIGINT/SIGTERM the reverse.
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <openssl/crypto.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <thread>

#include "awsemu/config/config.hpp"
#include "awsemu/events/event_bus.hpp"
#include "src/app/buffered_stdout_sink.hpp"
#include "awsemu/gateway/gateway.hpp"
#include "awsemu/gateway/init_hooks.hpp"
#include "awsemu/server/server.hpp"
#include "awsemu/service/coverage.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/delivery_authorization.hpp"
#include "awsemu/service/environment.hpp"
#include "awsemu/service/registry.hpp"
#include "awsemu/storage/storage_location.hpp"

using namespace awsemu;

namespace {

// One line per request at 40,000 requests/s: the sink buffers lines in memory and writes them to
// stdout from spdlog's flusher thread once a second (at once for warnings and errors, or for every
// line at debug level); see buffered_stdout_sink.hpp.
std::shared_ptr<app::BufferedStdoutSink> setUpLogging(const config::Config& config) {
  auto sink = std::make_shared<app::BufferedStdoutSink>();
  auto logger = std::make_shared<spdlog::logger>("awsemu", sink);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->flush_on(config.log_level == "debug" || config.log_level == "trace"
                       ? spdlog::level::trace
                       : spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
  return sink;
}

unsigned threadCount(const config::Config& config) {
  if (config.threads) return config.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

// Service timers and event deliveries run on one background thread, never on an I/O thread.
class BackgroundThread {
 public:
  BackgroundThread() : thread_([this] { context_.run(); }) {}
  ~BackgroundThread() { stop(); }
  // Ends the thread after the task it is running; queued tasks are dropped (destroyed, not run).
  void stop() {
    if (!thread_.joinable()) return;
    work_.reset();
    context_.stop();
    thread_.join();
  }
  boost::asio::any_io_executor executor() { return context_.get_executor(); }

 private:
  boost::asio::io_context context_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(context_);
  std::thread thread_;
};

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::cout << config::usage();
      return 0;
    } else if (std::strcmp(argv[i], "--coverage") == 0) {
      config::Config all;
      std::cout << service::coverageMarkdown(service::makeRegistry(all));
      return 0;
    }
  config::Config config;
  try {
    config = config::load(argc, argv, [](const char* name) { return std::getenv(name); });
  } catch (const config::ConfigError& e) {
    std::cerr << "awsemu: " << e.what() << "\n";
    return 2;
  }
  // OpenSSL's defaults are all awsemu uses: skip reading openssl.cnf (milliseconds at start-up).
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
  // A closed stdout (the reader of a pipe gone) must not kill the server: writes then fail with
  // EPIPE instead. Sockets never raise it (Asio sends with MSG_NOSIGNAL).
  std::signal(SIGPIPE, SIG_IGN);
  auto log_sink = setUpLogging(config);
  if (config.enforce_iam)
    spdlog::warn(
        "ENFORCE_IAM={}: requests of IAM users and role sessions are checked against their "
        "policies{}; root credentials (test/test, 12-digit access keys, any account's root) and "
        "unknown keys accepted by SIGV4_VERIFY stay allowed everything in their account",
        config.enforce_iam_soft ? "soft" : "1",
        config.enforce_iam_soft ? " and denials only logged" : "");
  try {
    storage::StorageLocation storage(config.persistence, config.data_dir);
    spdlog::info("state in {} ({})", storage.directory().string(),
                 storage.isPersistent() ? "persistent" : "temporary");
    // Declared before the registry: services' timers must go before the context they run on.
    BackgroundThread background;
    auto registry = service::makeRegistry(config);
    service::CredentialRegistry credentials;
    events::EventBus events(background.executor());
    // S3 notifications and SNS fan-out need the target's resource policy, as on AWS.
    if (config.enforce_iam)
      events.setCheck(service::deliveryAuthorization(config.enforce_iam_soft));
    unsigned threads = threadCount(config);
    boost::asio::thread_pool blocking_pool(std::max(2u, threads));
    service::ServiceEnvironment environment{
        config, storage, credentials, events, background.executor(), &blocking_pool};
    gateway::InitHooks hooks(config.init_dir);
    hooks.run(gateway::InitStage::Boot);
    registry.startAll(environment);

    // Spooled request bodies of a previous run (killed mid-request) are garbage now.
    auto spool_dir = storage.directory() / "tmp";
    std::error_code ignored;
    std::filesystem::remove_all(spool_dir, ignored);
    gateway::Gateway gateway(config, registry, credentials, hooks, spool_dir, blocking_pool);
    server::Server server({.listen = config.listen,
                           .threads = threads,
                           .max_header_bytes = config.max_header_bytes,
                           .idle_timeout_seconds = config.idle_timeout_seconds,
                           .max_connections = config.max_connections,
                           .blocking_pool = &blocking_pool},
                          gateway);
    try {
      server.bind();
    } catch (const std::system_error& e) {
      std::cerr << "awsemu: cannot listen on " << config.listen.front().host << ":"
                << config.listen.front().port << ": " << e.code().message() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "awsemu: cannot listen on " << config.listen.front().host << ":"
                << config.listen.front().port << ": " << e.what() << "\n";
      return 1;
    }
    hooks.setEnvironment({"AWS_ENDPOINT_URL=http://localhost:" + std::to_string(server.boundPort()),
                          "AWS_DEFAULT_REGION=" + config.default_region});
    std::thread hook_runner;
    server.run(
        [&] {
          spdlog::info("listening on {}:{} with {} threads", config.listen.front().host,
                       server.boundPort(), threads);
          log_sink->writeRaw("Ready.\n");
          hook_runner = std::thread([&hooks] {
            hooks.run(gateway::InitStage::Start);
            hooks.run(gateway::InitStage::Ready);
          });
        },
        [&registry] { registry.drainAll(); });
    if (hook_runner.joinable()) hook_runner.join();
    hooks.run(gateway::InitStage::Shutdown);
    blocking_pool.join();
    // No delivery or timer may run into a stopped service: close the bus (waits for a delivery
    // in progress), end the background thread, then stop the services' storage.
    events.close();
    background.stop();
    registry.stopAll();
    spdlog::info("stopped");
  } catch (const std::exception& e) {
    spdlog::critical("awsemu failed: {}", e.what());
    spdlog::default_logger()->flush();
    spdlog::shutdown();
    return 1;
  }
  spdlog::default_logger()->flush();  // what the log buffer still holds
  spdlog::shutdown();
  return 0;
}
