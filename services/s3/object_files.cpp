#include "services/s3/object_files.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "awsemu/core/encoding.hpp"

namespace awsemu::s3 {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::string randomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return encoding::hexEncode(raw);
}

bool isHex(std::string_view text) {
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// "ab/<30 hex>": what this class names files; anything else is refused rather than resolved, so
// a damaged row can never point outside the objects directory.
bool isFileName(std::string_view name) {
  return name.size() == 33 && name[2] == '/' && isHex(name.substr(0, 2)) && isHex(name.substr(3));
}

void writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) fail("writing object data");
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

// Copies with copy_file_range (reflinks or in-kernel copies where the file system can), falling
// back to read/write where it is not supported.
void copyData(int from, std::uint64_t offset, std::uint64_t length, int to) {
  off_t in = static_cast<off_t>(offset);
  bool kernel_copy = true;
  std::string buffer;
  while (length > 0) {
    std::size_t chunk = length > (1u << 30) ? (1u << 30) : static_cast<std::size_t>(length);
    ssize_t copied = -1;
    if (kernel_copy) {
      copied = ::copy_file_range(from, &in, to, nullptr, chunk, 0);
      if (copied < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
                         errno == EOPNOTSUPP || errno == EBADF)) {
        kernel_copy = false;
        continue;
      }
    } else {
      if (buffer.empty()) buffer.resize(1 << 20);
      std::size_t want = chunk < buffer.size() ? chunk : buffer.size();
      copied = ::pread(from, buffer.data(), want, in);
      if (copied > 0) {
        writeAll(to, std::string_view(buffer.data(), static_cast<std::size_t>(copied)));
        in += copied;
      }
    }
    if (copied < 0 && errno == EINTR) continue;
    if (copied < 0) fail("copying object data");
    if (copied == 0) throw std::system_error(EIO, std::generic_category(), "source file too short");
    length -= static_cast<std::uint64_t>(copied);
  }
}

int openReadOnly(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("opening " + path.string());
  return fd;
}

}  // namespace

// ---- FileHandle ---------------------------------------------------------------------------------

FileHandle::FileHandle(FileHandle&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_), bytes_(std::move(other.bytes_)) {}

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
    bytes_ = std::move(other.bytes_);
  }
  return *this;
}

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

FileHandle FileHandle::fromBytes(std::string bytes) {
  FileHandle handle;
  handle.size_ = bytes.size();
  handle.bytes_ = std::make_shared<const std::string>(std::move(bytes));
  return handle;
}

int FileHandle::fd() const {
  if (fd_ >= 0 || !bytes_) return fd_;
  int fd = ::memfd_create("awsemu-s3-object", MFD_CLOEXEC);
  if (fd < 0) fail("creating a memory file for object data");
  std::size_t done = 0;
  while (done < bytes_->size()) {
    ssize_t wrote = ::write(fd, bytes_->data() + done, bytes_->size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) {
      const int error = errno;
      ::close(fd);
      errno = error;
      fail("writing a memory file for object data");
    }
    done += static_cast<std::size_t>(wrote);
  }
  fd_ = fd;
  return fd_;
}

int FileHandle::release() {
  fd();
  bytes_.reset();
  return std::exchange(fd_, -1);
}

std::string FileHandle::read(std::uint64_t offset, std::uint64_t length) const {
  std::string out;
  if (offset >= size_) return out;
  if (length > size_ - offset) length = size_ - offset;
  if (bytes_)
    return bytes_->substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
  out.resize(static_cast<std::size_t>(length));
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t got =
        ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail("reading object data");
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  out.resize(done);
  return out;
}

// ---- ObjectFiles --------------------------------------------------------------------------------

// A file being written in incoming/ (removed unless placed).
struct ObjectFiles::Incoming {
  std::filesystem::path path;
  int fd = -1;
  ~Incoming() {
    if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
};

ObjectFiles::ObjectFiles(std::filesystem::path root, bool durable)
    : root_(std::move(root)), incoming_(root_ / "incoming"), durable_(durable) {
  std::filesystem::create_directories(incoming_);
}

// "ab/<30 hex>": a fresh name for a file in place.
std::string ObjectFiles::newName() {
  std::string name = randomHex(16);
  name.insert(2, "/");
  return name;
}

// The temporary file is written beside its final name ("ab/.<30 hex>.tmp"), so that placing it is
// a rename within one directory, and concurrent writers spread over the fan-out directories
// instead of all creating files in one (whose directory lock they contended for).
ObjectFiles::Incoming ObjectFiles::createIncoming(std::string_view name) const {
  Incoming file;
  auto directory = root_ / std::string(name.substr(0, 2));
  makeFanOutDirectory(directory);
  file.path = directory / ("." + std::string(name.substr(3)) + ".tmp");
  file.fd = ::open(file.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (file.fd < 0) {
    file.path.clear();
    fail("creating a file in " + directory.string());
  }
  return file;
}

void ObjectFiles::syncDirectory(const std::filesystem::path& directory) const {
  if (!durable_) return;
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("opening " + directory.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail("syncing " + directory.string());
}

// A new <2 hex> directory must itself be durable before a file in it can be (its entry in root).
void ObjectFiles::makeFanOutDirectory(const std::filesystem::path& directory) const {
  if (std::filesystem::create_directory(directory)) syncDirectory(root_);
}

// Renames an already synced file into place under a fresh name.
std::string ObjectFiles::placePath(const std::filesystem::path& file) const {
  std::string name = newName();
  auto target = root_ / name;
  makeFanOutDirectory(target.parent_path());
  if (::rename(file.c_str(), target.c_str()) != 0) fail("renaming into " + target.string());
  syncDirectory(target.parent_path());
  return name;
}

std::string ObjectFiles::place(Incoming& file, std::string name) const {
  if (durable_ && ::fsync(file.fd) != 0) fail("syncing " + file.path.string());
  ::close(std::exchange(file.fd, -1));
  auto target = root_ / name;
  if (::rename(file.path.c_str(), target.c_str()) != 0) fail("renaming into " + target.string());
  file.path.clear();  // it is in place now: nothing to clean up
  syncDirectory(target.parent_path());
  return name;
}

std::string ObjectFiles::adopt(const std::filesystem::path& spooled_file) {
  int fd = openReadOnly(spooled_file);
  if (durable_ && ::fsync(fd) != 0) {
    ::close(fd);
    fail("syncing " + spooled_file.string());
  }
  std::string name = newName();
  auto target = root_ / name;
  makeFanOutDirectory(target.parent_path());
  if (::rename(spooled_file.c_str(), target.c_str()) == 0) {
    ::close(fd);
    syncDirectory(target.parent_path());
    return name;
  }
  if (errno != EXDEV) {
    ::close(fd);
    fail("renaming " + spooled_file.string());
  }
  // The spool directory is on another file system: copy, then drop the spool file.
  try {
    auto copy = copyRange(fd, 0, std::filesystem::file_size(spooled_file));
    ::close(fd);
    ::unlink(spooled_file.c_str());
    return copy;
  } catch (...) {
    ::close(fd);
    throw;
  }
}

std::string ObjectFiles::write(std::string_view bytes) {
  std::string name = newName();
  Incoming file = createIncoming(name);
  writeAll(file.fd, bytes);
  return place(file, std::move(name));
}

std::string ObjectFiles::concatenate(const std::vector<FileHandle>& parts) {
  std::string name = newName();
  Incoming file = createIncoming(name);
  for (const auto& part : parts) copyData(part.fd(), 0, part.size(), file.fd);
  return place(file, std::move(name));
}

std::string ObjectFiles::copyRange(int fd, std::uint64_t offset, std::uint64_t length) {
  std::string name = newName();
  Incoming file = createIncoming(name);
  copyData(fd, offset, length, file.fd);
  return place(file, std::move(name));
}

std::filesystem::path ObjectFiles::pathOf(std::string_view name) const {
  if (!isFileName(name))
    throw std::invalid_argument("not an object file name: " + std::string(name));
  return root_ / std::string(name);
}

std::uint64_t ObjectFiles::sizeOf(std::string_view name) const {
  return std::filesystem::file_size(pathOf(name));
}

FileHandle ObjectFiles::openForRead(std::string_view name) const {
  int fd = openReadOnly(pathOf(name));
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    ::close(fd);
    fail("examining object data");
  }
  return FileHandle(fd, static_cast<std::uint64_t>(status.st_size));
}

void ObjectFiles::remove(std::string_view name) const noexcept {
  if (!isFileName(name)) return;
  ::unlink((root_ / std::string(name)).c_str());
}

std::size_t ObjectFiles::removeOrphans(const std::unordered_set<std::string>& referenced) const {
  std::size_t removed = 0;
  std::error_code ignored;
  for (const auto& directory : std::filesystem::directory_iterator(root_)) {
    auto sub = directory.path().filename().string();
    if (!directory.is_directory()) continue;
    bool incoming = directory.path() == incoming_;
    if (!incoming && !(sub.size() == 2 && isHex(sub))) continue;
    for (const auto& file : std::filesystem::directory_iterator(directory.path())) {
      if (!incoming && referenced.count(sub + "/" + file.path().filename().string())) continue;
      if (std::filesystem::remove(file.path(), ignored)) ++removed;
    }
  }
  return removed;
}

void ObjectFiles::removeAll() const {
  for (const auto& entry : std::filesystem::directory_iterator(root_)) {
    if (entry.path() == incoming_) continue;
    std::filesystem::remove_all(entry.path());
  }
}

// ---- StagedFile ---------------------------------------------------------------------------------

StagedFile::StagedFile(StagedFile&& other) noexcept
    : files_(other.files_),
      name_(std::move(other.name_)),
      bytes_(std::move(other.bytes_)),
      kept_(other.kept_) {
  other.kept_ = true;
}

StagedFile::~StagedFile() {
  if (!kept_ && !name_.empty()) files_->remove(name_);
}

}  // namespace awsemu::s3
