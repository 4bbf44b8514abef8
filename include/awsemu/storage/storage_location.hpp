#pragma once
// Where the service databases live. With PERSISTENCE on: DATA_DIR (created if missing), kept across
// restarts. With it off: a fresh private temporary directory, removed with everything in it when
// this object is destroyed. Services open files under directory() the same way in both cases, so
// the persistent code path is the one every test exercises.
#include <filesystem>
#include <string_view>

#include "awsemu/storage/database.hpp"

namespace awsemu::storage {

class StorageLocation {
 public:
  // Throws StorageError when the directory cannot be created, or when persistence is on and
  // data_dir is empty.
  StorageLocation(bool persistence, const std::filesystem::path& data_dir);
  StorageLocation(StorageLocation&& other) noexcept;
  StorageLocation& operator=(StorageLocation&& other) noexcept;
  StorageLocation(const StorageLocation&) = delete;
  StorageLocation& operator=(const StorageLocation&) = delete;
  ~StorageLocation();  // removes the temporary directory (never the persistent one)

  const std::filesystem::path& directory() const noexcept { return directory_; }
  bool isPersistent() const noexcept { return persistent_; }
  // "<directory>/<service>.db". `service` is an awsemu service name ([a-z0-9_-]+); anything else
  // throws StorageError rather than leaving the directory.
  std::filesystem::path databasePath(std::string_view service) const;
  // Options for the databases here: durable only when persistent.
  DatabaseOptions databaseOptions() const {
    DatabaseOptions options;
    options.durable = persistent_;
    return options;
  }

 private:
  void removeTemporary() noexcept;

  std::filesystem::path directory_;
  bool persistent_ = false;
};

}  // namespace awsemu::storage
