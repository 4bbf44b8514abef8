#pragma once
// Shared by the S3 engine tests: a private directory, a clock the test moves, and an engine over
// a database file and objects directory in that directory (reopened to test persistence).
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/time.hpp"
#include "awsemu/storage/database.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "s3-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ManualClock : public Clock {
 public:
  SystemTime now() const override { return now_; }
  void setMs(std::int64_t ms) { now_ = SystemTime(std::chrono::milliseconds(ms)); }
  void advanceMs(std::int64_t ms) { now_ += std::chrono::milliseconds(ms); }

 private:
  SystemTime now_ = SystemTime(std::chrono::milliseconds(1'700'000'000'000));
};

constexpr std::string_view kAccount = "000000000000";

class EngineHarness {
 public:
  explicit EngineHarness(std::uint64_t min_part_size = 5ull << 20) {
    options_.clock = &clock_;
    options_.min_part_size = min_part_size;
    open();
  }
  S3Engine& engine() { return *engine_; }
  S3Engine* operator->() { return engine_.get(); }
  ManualClock& clock() { return clock_; }
  const std::filesystem::path& directory() const { return dir_.path(); }
  std::filesystem::path objectsDirectory() const { return dir_.path() / "objects"; }

  void open() {
    engine_ = std::make_unique<S3Engine>(storage::Database::open(dir_.path() / "s3.db"),
                                         objectsDirectory(), /*durable=*/true, options_);
  }
  void reopen() {
    engine_.reset();
    open();
  }

  void createBucket(const std::string& name, std::string account = std::string(kAccount),
                    std::string region = "us-east-1") {
    engine_->createBucket({name, std::move(account), std::move(region)});
  }
  WriteResult put(const std::string& bucket, const std::string& key, std::string_view bytes) {
    PutObjectRequest request;
    request.bucket = bucket;
    request.key = key;
    request.attributes.owner = std::string(kAccount);
    return engine_->putObject(request, bytes);
  }
  std::string read(const std::string& bucket, const std::string& key,
                   std::optional<std::string> version = std::nullopt) {
    return engine_->getObject({bucket, key, std::move(version)}).data.readAll();
  }
  DeleteResult remove(const std::string& bucket, const std::string& key,
                      std::optional<std::string> version = std::nullopt) {
    return engine_->deleteObject({bucket, key, std::move(version), std::string(kAccount)});
  }
  // Data files in place (not counting incoming/).
  std::size_t fileCount() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(objectsDirectory()))
      if (entry.is_regular_file() && entry.path().parent_path().filename() != "incoming") ++count;
    return count;
  }

 private:
  TempDir dir_;
  ManualClock clock_;
  EngineOptions options_;
  std::unique_ptr<S3Engine> engine_;
};

// Runs `action` and returns the AwsError it threw (a failed expectation when it threw none).
template <class F>
AwsError errorOf(F&& action) {
  try {
    action();
  } catch (const AwsError& error) {
    return error;
  }
  return AwsError{"<no error>", "", 0};
}

}  // namespace awsemu::s3::testing
