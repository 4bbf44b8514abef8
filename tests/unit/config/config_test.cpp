#include "awsemu/config/config.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using awsemu::config::Config;
using awsemu::config::ConfigError;
using awsemu::config::load;

namespace {

// Loads a configuration from a fake environment and argument list.
Config loadWith(const std::map<std::string, std::string>& env, std::vector<std::string> args = {}) {
  std::vector<const char*> argv{"awsemu"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  return load(static_cast<int>(argv.size()), argv.data(), [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

std::string errorOf(const std::map<std::string, std::string>& env,
                    std::vector<std::string> args = {}) {
  try {
    loadWith(env, std::move(args));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, Defaults) {
  auto config = loadWith({{"HOME", "/home/u"}});
  ASSERT_EQ(config.listen.size(), 1u);
  EXPECT_EQ(config.listen[0].host, "127.0.0.1");
  EXPECT_EQ(config.listen[0].port, 4566);
  EXPECT_FALSE(config.persistence);
  EXPECT_EQ(config.data_dir, "/home/u/.local/share/awsemu");
  EXPECT_EQ(config.sigv4_verify, awsemu::config::SigV4Mode::Known);
  EXPECT_EQ(config.localstack_host, "localhost.localstack.cloud:4566");
  EXPECT_TRUE(config.serviceEnabled("sqs"));
}

TEST(Config, EnvironmentValues) {
  auto config = loadWith({{"GATEWAY_LISTEN", "0.0.0.0:4566,[::1]:4567"},
                          {"SERVICES", "s3, SQS,cloudwatchlogs"},
                          {"PERSISTENCE", "true"},
                          {"DATA_DIR", "/var/lib/localstack"},
                          {"SIGV4_VERIFY", "strict"},
                          {"LOCALSTACK_HOST", "example.test"},
                          {"DEBUG", "1"}});
  ASSERT_EQ(config.listen.size(), 2u);
  EXPECT_EQ(config.listen[0].host, "0.0.0.0");
  EXPECT_EQ(config.listen[1].host, "::1");
  EXPECT_EQ(config.listen[1].port, 4567);
  EXPECT_TRUE(config.serviceEnabled("s3"));
  EXPECT_TRUE(config.serviceEnabled("sqs"));
  EXPECT_TRUE(config.serviceEnabled("logs"));
  EXPECT_FALSE(config.serviceEnabled("sns"));
  EXPECT_TRUE(config.persistence);
  EXPECT_EQ(config.data_dir, "/var/lib/localstack");
  EXPECT_EQ(config.sigv4_verify, awsemu::config::SigV4Mode::Strict);
  EXPECT_EQ(config.localstack_host, "example.test:4566");
  EXPECT_EQ(config.log_level, "debug");
}

TEST(Config, FlagsOverrideEnvironment) {
  auto config = loadWith({{"PERSISTENCE", "0"}, {"THREADS", "2"}},
                         {"--persistence", "1", "--threads=4", "--gateway-listen=:0"});
  EXPECT_TRUE(config.persistence);
  EXPECT_EQ(config.threads, 4u);
  EXPECT_EQ(config.listen[0].host, "0.0.0.0");
  EXPECT_EQ(config.listen[0].port, 0);
}

TEST(Config, BadValuesNameTheVariableAndTheReason) {
  auto message = errorOf({{"PERSISTENCE", "maybe"}});
  EXPECT_NE(message.find("PERSISTENCE"), std::string::npos) << message;
  EXPECT_NE(message.find("'maybe'"), std::string::npos) << message;
  EXPECT_NE(message.find("environment variable"), std::string::npos) << message;

  EXPECT_NE(errorOf({{"GATEWAY_LISTEN", "localhost"}}).find("HOST:PORT"), std::string::npos);
  EXPECT_NE(errorOf({{"GATEWAY_LISTEN", "localhost:99999"}}).find("65535"), std::string::npos);
  EXPECT_NE(errorOf({{"SERVICES", "s3,ec2"}}).find("unknown service 'ec2'"), std::string::npos);
  EXPECT_NE(errorOf({{"SIGV4_VERIFY", "sometimes"}}).find("off, known or strict"),
            std::string::npos);
  EXPECT_NE(errorOf({{"THREADS", "0"}}).find("THREADS"), std::string::npos);
  EXPECT_NE(errorOf({{"LOG_LEVEL", "loud"}}).find("LOG_LEVEL"), std::string::npos);
  EXPECT_NE(errorOf({{"DEFAULT_REGION", "US EAST"}}).find("DEFAULT_REGION"), std::string::npos);
  EXPECT_NE(errorOf({}, {"--nonsense=1"}).find("unknown option '--nonsense'"), std::string::npos);
  EXPECT_NE(errorOf({}, {"--persistence"}).find("needs a value"), std::string::npos);
  auto flag = errorOf({}, {"--threads", "many"});
  EXPECT_NE(flag.find("flag --threads"), std::string::npos) << flag;
}

TEST(Config, UsageListsEveryVariable) {
  auto text = awsemu::config::usage();
  for (const char* name : {"GATEWAY_LISTEN", "SERVICES", "PERSISTENCE", "DATA_DIR", "ENFORCE_IAM",
                           "LOCALSTACK_HOST", "SIGV4_VERIFY", "INIT_DIR"})
    EXPECT_NE(text.find(name), std::string::npos) << name;
}

}  // namespace
