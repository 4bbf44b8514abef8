#pragma once
// LocalStack-style init hooks: executable scripts in INIT_DIR/{boot,start,ready,shutdown}.d run at
// those lifecycle stages, in name order (.sh with bash, .py with python3; others are skipped).
// https://docs.localstack.cloud/references/init-hooks/
// Scripts run on the calling thread, never on a server thread; their state is served by
// GET /_localstack/init.
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"

namespace awsemu::gateway {

enum class InitStage { Boot, Start, Ready, Shutdown };

class InitHooks {
 public:
  // `environment` is added to each script's environment (e.g. AWS_ENDPOINT_URL).
  InitHooks(std::filesystem::path dir, std::vector<std::string> environment = {});
  void setEnvironment(std::vector<std::string> environment);
  // Runs the stage's scripts; returns false when one failed (the rest still run).
  bool run(InitStage stage);
  Json status() const;                            // {"completed": {...}, "scripts": [...]}
  Json status(InitStage stage) const;             // {"completed": bool, "scripts": [...]}
  static const char* stageName(InitStage stage);  // "BOOT", ...

 private:
  struct Script {
    InitStage stage;
    std::string name;
    std::filesystem::path path;
    std::string state = "UNKNOWN";  // UNKNOWN, RUNNING, SUCCESSFUL, ERROR
  };
  int execute(const Script& script) const;

  std::filesystem::path dir_;
  std::vector<std::string> environment_;
  mutable std::mutex mutex_;
  std::vector<Script> scripts_;
  bool completed_[4] = {false, false, false, false};
};

}  // namespace awsemu::gateway
