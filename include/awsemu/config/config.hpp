#pragma once
// Start-up configuration: LocalStack-compatible environment variables, each also a command-line
// flag
// (`GATEWAY_LISTEN` <-> `--gateway-listen`). Flags win over the environment. See
// docs/configuration.md.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace awsemu::config {

enum class SigV4Mode { Off, Known, Strict };

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
};

struct Config {
  std::vector<ListenAddress> listen{ListenAddress{}};               // GATEWAY_LISTEN
  std::vector<std::string> services;                                // SERVICES (empty: all)
  bool persistence = false;                                         // PERSISTENCE
  std::string data_dir;                                             // DATA_DIR
  bool enforce_iam = false;                                         // ENFORCE_IAM (1 or soft)
  bool enforce_iam_soft = false;  // ENFORCE_IAM=soft: decisions logged, nothing denied
  std::string log_level = "info";                                   // LOG_LEVEL (DEBUG=1 -> debug)
  std::string localstack_host = "localhost.localstack.cloud:4566";  // LOCALSTACK_HOST
  std::string default_region = "us-east-1";                         // DEFAULT_REGION
  std::string sqs_endpoint_strategy = "standard";                   // SQS_ENDPOINT_STRATEGY
  SigV4Mode sigv4_verify = SigV4Mode::Known;                        // SIGV4_VERIFY
  bool s3_skip_signature_validation = false;        // S3_SKIP_SIGNATURE_VALIDATION (presigned URLs)
  unsigned s3_lifecycle_interval_seconds = 60;      // S3_LIFECYCLE_INTERVAL (lifecycle sweep)
  unsigned dynamodb_ttl_interval_seconds = 60;      // DYNAMODB_TTL_INTERVAL (0: no TTL sweep)
  bool sns_https_verify = false;                    // SNS_HTTPS_VERIFY (https certificates)
  unsigned threads = 0;                             // THREADS (0: one per core)
  std::uint64_t max_body_bytes = 5ull << 30;        // MAX_BODY_SIZE: caps each service's own limit
  std::uint64_t memory_body_bytes = 8ull << 20;     // one body above this is spooled to disk
  std::uint64_t body_memory_budget = 256ull << 20;  // BODY_MEMORY_BUDGET: all in-memory bodies
  unsigned max_connections = 4096;                  // MAX_CONNECTIONS
  std::uint32_t max_header_bytes = 64 * 1024;       // MAX_HEADER_SIZE
  unsigned idle_timeout_seconds = 75;               // IDLE_TIMEOUT
  std::string init_dir = "/etc/localstack/init";  // INIT_DIR (boot.d, start.d, ready.d, shutdown.d)

  bool serviceEnabled(const std::string& name) const;
};

// A configuration value that cannot be used; what() names the variable and says why.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads the environment (through `getenv`, injectable for tests) and argv.
// Throws ConfigError for unknown flags and invalid values.
Config load(int argc, const char* const* argv,
            const std::function<const char*(const char*)>& getenv_fn);

// Help text listing every variable/flag with its default.
std::string usage();

// The names of all services awsemu knows (SERVICES is validated against it).
const std::vector<std::string>& knownServices();

}  // namespace awsemu::config
