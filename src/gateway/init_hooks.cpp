#include "awsemu/gateway/init_hooks.hpp"

#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>

#include <algorithm>

extern char** environ;

namespace awsemu::gateway {
namespace {
constexpr InitStage kStages[] = {InitStage::Boot, InitStage::Start, InitStage::Ready,
                                 InitStage::Shutdown};
const char* folderName(InitStage stage) {
  switch (stage) {
    case InitStage::Boot:
      return "boot.d";
    case InitStage::Start:
      return "start.d";
    case InitStage::Ready:
      return "ready.d";
    case InitStage::Shutdown:
      return "shutdown.d";
  }
  return "";
}
}  // namespace

const char* InitHooks::stageName(InitStage stage) {
  switch (stage) {
    case InitStage::Boot:
      return "BOOT";
    case InitStage::Start:
      return "START";
    case InitStage::Ready:
      return "READY";
    case InitStage::Shutdown:
      return "SHUTDOWN";
  }
  return "";
}

InitHooks::InitHooks(std::filesystem::path dir, std::vector<std::string> environment)
    : dir_(std::move(dir)), environment_(std::move(environment)) {
  for (auto stage : kStages) {
    std::error_code ec;
    auto folder = dir_ / folderName(stage);
    if (!std::filesystem::is_directory(folder, ec)) continue;
    std::vector<Script> found;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
      auto ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".sh" && ext != ".py")) continue;
      found.push_back(Script{stage, entry.path().filename().string(), entry.path()});
    }
    std::sort(found.begin(), found.end(),
              [](const Script& a, const Script& b) { return a.name < b.name; });
    scripts_.insert(scripts_.end(), found.begin(), found.end());
  }
}

void InitHooks::setEnvironment(std::vector<std::string> environment) {
  std::lock_guard lock(mutex_);
  environment_ = std::move(environment);
}

int InitHooks::execute(const Script& script) const {
  std::string interpreter = script.path.extension() == ".py" ? "python3" : "bash";
  std::string path = script.path.string();
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  {
    std::lock_guard lock(mutex_);
    env_storage.insert(env_storage.end(), environment_.begin(), environment_.end());
  }
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  char* argv[] = {interpreter.data(), path.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, interpreter.c_str(), nullptr, nullptr, argv, envp.data()) != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool InitHooks::run(InitStage stage) {
  bool ok = true;
  for (std::size_t i = 0; i < scripts_.size(); ++i) {
    Script copy;
    {
      std::lock_guard lock(mutex_);
      if (scripts_[i].stage != stage) continue;
      scripts_[i].state = "RUNNING";
      copy = scripts_[i];
    }
    spdlog::info("init: running {} script {}", stageName(stage), copy.name);
    int rc = execute(copy);
    if (rc != 0) {
      spdlog::error("init: {} script {} failed (exit code {})", stageName(stage), copy.name, rc);
      ok = false;
    }
    std::lock_guard lock(mutex_);
    scripts_[i].state = rc == 0 ? "SUCCESSFUL" : "ERROR";
  }
  std::lock_guard lock(mutex_);
  completed_[static_cast<int>(stage)] = true;
  return ok;
}

Json InitHooks::status() const {
  std::lock_guard lock(mutex_);
  Json completed = Json::object();
  for (auto stage : kStages) completed[stageName(stage)] = completed_[static_cast<int>(stage)];
  Json scripts = Json::array();
  for (const auto& s : scripts_)
    scripts.push_back({{"stage", stageName(s.stage)}, {"name", s.name}, {"state", s.state}});
  return {{"completed", completed}, {"scripts", scripts}};
}

Json InitHooks::status(InitStage stage) const {
  std::lock_guard lock(mutex_);
  Json scripts = Json::array();
  for (const auto& s : scripts_)
    if (s.stage == stage)
      scripts.push_back({{"stage", stageName(s.stage)}, {"name", s.name}, {"state", s.state}});
  return {{"completed", completed_[static_cast<int>(stage)]}, {"scripts", scripts}};
}

}  // namespace awsemu::gateway
