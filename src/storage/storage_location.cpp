#include "awsemu/storage/storage_location.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

#include "awsemu/storage/storage_error.hpp"
#include "sqlite_error.hpp"

namespace awsemu::storage {

namespace {
[[noreturn]] void fail(const std::string& message) {
  detail::throwError(SQLITE_CANTOPEN, message, "storage location");
}

std::filesystem::path makeTemporaryDirectory() {
  std::error_code error;
  auto base = std::filesystem::temp_directory_path(error);
  if (error) fail("no temporary directory: " + error.message());
  // mkdtemp creates a fresh directory with mode 0700 and a name no other process holds.
  std::string pattern = (base / "awsemu-XXXXXX").string();
  if (!mkdtemp(pattern.data())) fail("cannot create " + pattern + ": " + std::strerror(errno));
  return pattern;
}
}  // namespace

StorageLocation::StorageLocation(bool persistence, const std::filesystem::path& data_dir)
    : persistent_(persistence) {
  if (!persistence) {
    directory_ = makeTemporaryDirectory();
    return;
  }
  if (data_dir.empty()) fail("PERSISTENCE is on but DATA_DIR is empty");
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error || !std::filesystem::is_directory(data_dir))
    fail("cannot create DATA_DIR " + data_dir.string() + ": " + error.message());
  directory_ = data_dir;
}

StorageLocation::StorageLocation(StorageLocation&& other) noexcept
    : directory_(std::exchange(other.directory_, {})), persistent_(other.persistent_) {}

StorageLocation& StorageLocation::operator=(StorageLocation&& other) noexcept {
  if (this != &other) {
    removeTemporary();
    directory_ = std::exchange(other.directory_, {});
    persistent_ = other.persistent_;
  }
  return *this;
}

StorageLocation::~StorageLocation() { removeTemporary(); }

void StorageLocation::removeTemporary() noexcept {
  if (persistent_ || directory_.empty()) return;
  std::error_code ignored;  // best effort at shutdown; the directory is in the system's temp area
  std::filesystem::remove_all(directory_, ignored);
  directory_.clear();
}

std::filesystem::path StorageLocation::databasePath(std::string_view service) const {
  bool valid = !service.empty();
  for (char c : service)
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  if (!valid) fail("invalid service name for a database file: " + std::string(service));
  return directory_ / (std::string(service) + ".db");
}

}  // namespace awsemu::storage
