#include "awsemu/core/strings.hpp"
#include "awsemu/config/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <sstream>

namespace awsemu::config {
namespace {

struct Option {
  const char* env;  // environment variable name
  const char* help;
  std::function<void(Config&, const std::string&)> apply;  // throws ConfigError on a bad value
};

[[noreturn]] void invalid(const char* name, const std::string& value, const std::string& why) {
  throw ConfigError("invalid value '" + value + "' for " + name + ": " + why);
}

bool parseBool(const char* name, const std::string& value) {
  std::string v = strings::toLower(value);
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off" || v.empty()) return false;
  invalid(name, value, "expected 1/0, true/false, yes/no or on/off");
}

std::uint64_t parseUnsigned(const char* name, const std::string& value, std::uint64_t min,
                            std::uint64_t max) {
  std::uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size())
    invalid(name, value, "expected a whole number");
  if (n < min || n > max)
    invalid(name, value,
            "expected a number from " + std::to_string(min) + " to " + std::to_string(max));
  return n;
}

std::vector<std::string> splitList(const std::string& value) {
  std::vector<std::string> out;
  std::stringstream in(value);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

ListenAddress parseListen(const std::string& item) {
  // "host:port", ":port" or "[v6]:port"
  auto colon = item.rfind(':');
  if (colon == std::string::npos) invalid("GATEWAY_LISTEN", item, "expected HOST:PORT");
  ListenAddress address;
  address.host = item.substr(0, colon);
  if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']')
    address.host = address.host.substr(1, address.host.size() - 2);
  if (address.host.empty()) address.host = "0.0.0.0";
  address.port =
      static_cast<std::uint16_t>(parseUnsigned("GATEWAY_LISTEN", item.substr(colon + 1), 0, 65535));
  return address;
}

const std::vector<Option>& options() {
  static const std::vector<Option> all = {
      {"GATEWAY_LISTEN", "address(es) to listen on, HOST:PORT[,HOST:PORT] (default 127.0.0.1:4566)",
       [](Config& c, const std::string& v) {
         auto items = splitList(v);
         if (items.empty()) invalid("GATEWAY_LISTEN", v, "expected HOST:PORT");
         c.listen.clear();
         for (const auto& item : items) c.listen.push_back(parseListen(item));
       }},
      {"SERVICES", "comma-separated services to enable (default: all)",
       [](Config& c, const std::string& v) {
         c.services.clear();
         for (auto name : splitList(v)) {
           strings::lowerInPlace(name);
           if (name == "cloudwatchlogs") name = "logs";
           const auto& known = knownServices();
           if (std::find(known.begin(), known.end(), name) == known.end())
             invalid("SERVICES", v, "unknown service '" + name + "'");
           c.services.push_back(name);
         }
       }},
      {"PERSISTENCE", "keep state in DATA_DIR across restarts (default 0)",
       [](Config& c, const std::string& v) { c.persistence = parseBool("PERSISTENCE", v); }},
      {"DATA_DIR", "directory for persistent state (default ~/.local/share/awsemu)",
       [](Config& c, const std::string& v) {
         if (v.empty()) invalid("DATA_DIR", v, "must not be empty");
         c.data_dir = v;
       }},
      {"ENFORCE_IAM",
       "evaluate IAM policies for every request: 1 denies, soft only logs what it would deny "
       "(default 0)",
       [](Config& c, const std::string& v) {
         c.enforce_iam_soft = strings::iequals(v, "soft");
         c.enforce_iam = c.enforce_iam_soft || parseBool("ENFORCE_IAM", v);
       }},
      {"DEBUG", "1 sets LOG_LEVEL=debug",
       [](Config& c, const std::string& v) {
         if (parseBool("DEBUG", v)) c.log_level = "debug";
       }},
      {"LOG_LEVEL", "trace, debug, info, warn or error (default info)",
       [](Config& c, const std::string& v) {
         static const char* levels[] = {"trace", "debug", "info", "warn", "warning", "error"};
         if (std::find(std::begin(levels), std::end(levels), v) == std::end(levels))
           invalid("LOG_LEVEL", v, "expected trace, debug, info, warn or error");
         c.log_level = v == "warning" ? "warn" : v;
       }},
      {"LOCALSTACK_HOST",
       "HOST[:PORT] used in URLs awsemu returns (default localhost.localstack.cloud:4566)",
       [](Config& c, const std::string& v) {
         if (v.empty() || v.find_first_of("/ ") != std::string::npos)
           invalid("LOCALSTACK_HOST", v, "expected HOST[:PORT]");
         c.localstack_host = v.find(':') == std::string::npos ? v + ":4566" : v;
       }},
      {"SQS_ENDPOINT_STRATEGY",
       "queue URL form: standard (sqs.REGION.LOCALSTACK_HOST/ACCOUNT/NAME, default), domain "
       "(REGION.queue.LOCALSTACK_HOST/...), path (LOCALSTACK_HOST/queue/REGION/ACCOUNT/NAME) or "
       "off (the request's Host/ACCOUNT/NAME)",
       [](Config& c, const std::string& v) {
         if (v != "standard" && v != "domain" && v != "path" && v != "off" && v != "dynamic")
           invalid("SQS_ENDPOINT_STRATEGY", v, "expected standard, domain, path or off");
         c.sqs_endpoint_strategy = v == "dynamic" ? "off" : v;
       }},
      {"DEFAULT_REGION", "region for requests that name none (default us-east-1)",
       [](Config& c, const std::string& v) {
         bool ok = !v.empty() && std::all_of(v.begin(), v.end(), [](char ch) {
           return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
         });
         if (!ok) invalid("DEFAULT_REGION", v, "expected a region name like us-east-1");
         c.default_region = v;
       }},
      {"SIGV4_VERIFY",
       "off, known (verify keys awsemu issued; default) or strict (reject unknown keys)",
       [](Config& c, const std::string& v) {
         if (v == "off")
           c.sigv4_verify = SigV4Mode::Off;
         else if (v == "known")
           c.sigv4_verify = SigV4Mode::Known;
         else if (v == "strict")
           c.sigv4_verify = SigV4Mode::Strict;
         else
           invalid("SIGV4_VERIFY", v, "expected off, known or strict");
       }},
      {"S3_SKIP_SIGNATURE_VALIDATION",
       "1: S3 presigned URLs signed with unknown keys are not verified (default 0: verified with "
       "the secret 'test', as LocalStack does)",
       [](Config& c, const std::string& v) {
         c.s3_skip_signature_validation = parseBool("S3_SKIP_SIGNATURE_VALIDATION", v);
       }},
      {"SNS_HTTPS_VERIFY",
       "1: SNS verifies the certificates of https subscribers against the system trust store "
       "(default 0: self-signed test endpoints are accepted, as LocalStack does)",
       [](Config& c, const std::string& v) {
         c.sns_https_verify = parseBool("SNS_HTTPS_VERIFY", v);
       }},
      {"S3_LIFECYCLE_INTERVAL",
       "seconds between two sweeps that apply S3 bucket lifecycle rules (default 60)",
       [](Config& c, const std::string& v) {
         c.s3_lifecycle_interval_seconds =
             static_cast<unsigned>(parseUnsigned("S3_LIFECYCLE_INTERVAL", v, 1, 86400));
       }},
      {"DYNAMODB_TTL_INTERVAL",
       "seconds between two sweeps that delete DynamoDB items whose TTL has passed (default 60; "
       "0: expired items stay)",
       [](Config& c, const std::string& v) {
         c.dynamodb_ttl_interval_seconds =
             static_cast<unsigned>(parseUnsigned("DYNAMODB_TTL_INTERVAL", v, 0, 86400));
       }},
      {"THREADS", "server threads (default: one per core)",
       [](Config& c, const std::string& v) {
         c.threads = static_cast<unsigned>(parseUnsigned("THREADS", v, 1, 256));
       }},
      {"MAX_BODY_SIZE",
       "caps every service's request body limit, in bytes (default: each service's own AWS limit)",
       [](Config& c, const std::string& v) {
         c.max_body_bytes = parseUnsigned("MAX_BODY_SIZE", v, 1024, 1ull << 42);
       }},
      {"MAX_CONNECTIONS",
       "open client connections at most; more wait in the backlog (default 4096)",
       [](Config& c, const std::string& v) {
         c.max_connections =
             static_cast<unsigned>(parseUnsigned("MAX_CONNECTIONS", v, 1, 1u << 20));
       }},
      {"BODY_MEMORY_BUDGET",
       "bytes of request bodies held in memory across all requests; beyond it bodies are spooled "
       "to DATA_DIR/tmp (default 268435456)",
       [](Config& c, const std::string& v) {
         c.body_memory_budget = parseUnsigned("BODY_MEMORY_BUDGET", v, 0, 1ull << 42);
       }},
      {"MAX_HEADER_SIZE", "largest request header block in bytes (default 65536)",
       [](Config& c, const std::string& v) {
         c.max_header_bytes =
             static_cast<std::uint32_t>(parseUnsigned("MAX_HEADER_SIZE", v, 1024, 1u << 24));
       }},
      {"IDLE_TIMEOUT", "seconds an idle keep-alive connection stays open (default 75)",
       [](Config& c, const std::string& v) {
         c.idle_timeout_seconds = static_cast<unsigned>(parseUnsigned("IDLE_TIMEOUT", v, 1, 86400));
       }},
      {"INIT_DIR",
       "folder of init hooks: boot.d start.d ready.d shutdown.d (default /etc/localstack/init)",
       [](Config& c, const std::string& v) { c.init_dir = v; }},
  };
  return all;
}

std::string flagName(const char* env) {
  std::string flag = "--";
  for (const char* p = env; *p; ++p) flag += *p == '_' ? '-' : strings::lowerChar(*p);
  return flag;
}

std::string defaultDataDir(const std::function<const char*(const char*)>& getenv_fn) {
  if (const char* xdg = getenv_fn("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/awsemu";
  if (const char* home = getenv_fn("HOME"); home && *home)
    return std::string(home) + "/.local/share/awsemu";
  return "./awsemu-data";
}
}  // namespace

const std::vector<std::string>& knownServices() {
  static const std::vector<std::string> names = {
      "s3",     "sqs", "sns", "dynamodb",   "dynamodbstreams",
      "lambda", "iam", "sts", "cloudwatch", "logs"};
  return names;
}

bool Config::serviceEnabled(const std::string& name) const {
  return services.empty() || std::find(services.begin(), services.end(), name) != services.end();
}

Config load(int argc, const char* const* argv,
            const std::function<const char*(const char*)>& getenv_fn) {
  Config config;
  config.data_dir = defaultDataDir(getenv_fn);
  for (const auto& option : options())
    if (const char* value = getenv_fn(option.env)) {
      try {
        option.apply(config, value);
      } catch (const ConfigError& e) {
        throw ConfigError(std::string(e.what()) + " (environment variable " + option.env + ")");
      }
    }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    std::string name = arg.substr(0, eq);
    const Option* match = nullptr;
    for (const auto& option : options())
      if (flagName(option.env) == name) match = &option;
    if (!match) throw ConfigError("unknown option '" + name + "' (see --help)");
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      throw ConfigError("option " + name + " needs a value");
    }
    try {
      match->apply(config, value);
    } catch (const ConfigError& e) {
      throw ConfigError(std::string(e.what()) + " (flag " + name + ")");
    }
  }
  return config;
}

std::string usage() {
  std::string out =
      "usage: awsemu [--flag=value ...]\n\nEvery flag is also an environment variable:\n";
  for (const auto& option : options()) {
    std::string flag = flagName(option.env);
    out += "  " + flag + std::string(flag.size() < 20 ? 20 - flag.size() : 1, ' ') + option.env +
           "\n      " + option.help + "\n";
  }
  return out;
}

}  // namespace awsemu::config
