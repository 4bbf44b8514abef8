#pragma once
// Object data files: one file per object version and per uploaded part, under
// <storage dir>/s3/objects/<2 hex>/<30 hex>. A file is named by the string the metadata row keeps
// ("ab/cdef..."), never by its key, so keys of any length and any bytes are fine.
//
// Writes are atomic: data goes to a temporary file beside its final name (ab/.<30 hex>.tmp) or is
// the request's spool file, is fsynced (when durable), then renamed into place and the directory
// synced. The caller commits
// the metadata row only after that, so an acknowledged object always has its data. A crash between
// the rename and the commit leaves an orphan file, which removeOrphans() deletes at start-up.
//
// Reads go through an open descriptor (FileHandle): a file unlinked after an overwrite or a delete
// stays readable through descriptors opened before, so a concurrent GET finishes with the data it
// started with (POSIX unlink semantics).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace awsemu::s3 {

// An open, read-only object data file (RAII: closed on destruction), or the bytes of an object
// kept in its metadata row (fromBytes): those are read from memory, and only a caller that needs a
// descriptor (copy_file_range, sendfile) gets one, an anonymous memory file made on first use.
class FileHandle {
 public:
  FileHandle() = default;
  FileHandle(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  static FileHandle fromBytes(std::string bytes);
  FileHandle(FileHandle&& other) noexcept;
  FileHandle& operator=(FileHandle&& other) noexcept;
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle();

  bool valid() const noexcept { return fd_ >= 0 || bytes_ != nullptr; }
  // Throws std::system_error when the memory file for in-row bytes cannot be made.
  int fd() const;
  std::uint64_t size() const noexcept { return size_; }
  // Hands the descriptor to the caller (who closes it); the handle becomes invalid.
  int release();
  // Up to `length` bytes from `offset` (pread, so handles can be shared by readers). Throws
  // std::system_error on a read error.
  std::string read(std::uint64_t offset, std::uint64_t length) const;
  std::string readAll() const { return read(0, size_); }

 private:
  mutable int fd_ = -1;
  std::uint64_t size_ = 0;
  std::shared_ptr<const std::string> bytes_;  // in-row data (fromBytes)
};

class ObjectFiles {
 public:
  // Creates `root` and root/incoming when missing. `durable`: fsync data and directories (off for
  // a temporary storage location, which ends with the process anyway).
  ObjectFiles(std::filesystem::path root, bool durable);

  const std::filesystem::path& root() const noexcept { return root_; }

  // Each returns the name of a new file in place; throws std::system_error on I/O errors (leaving
  // nothing behind).
  // Moves a request body's spool file into place (rename; a copy when it is on another file
  // system). The spool file is gone afterwards.
  std::string adopt(const std::filesystem::path& spooled_file);
  std::string write(std::string_view bytes);
  // The open files one after the other (copy_file_range: no copy through user space where the
  // file system can avoid it): multipart completion. Handles, not names: the caller opens them
  // under its lock, so a part replaced meanwhile is still read as it was.
  std::string concatenate(const std::vector<FileHandle>& parts);
  // `length` bytes of an open file from `offset`: CopyObject, UploadPartCopy.
  std::string copyRange(int fd, std::uint64_t offset, std::uint64_t length);

  // Throws std::system_error when the file cannot be opened.
  FileHandle openForRead(std::string_view name) const;
  void remove(std::string_view name) const noexcept;  // best effort; missing is fine
  std::filesystem::path pathOf(std::string_view name) const;
  std::uint64_t sizeOf(std::string_view name) const;

  // Start-up: deletes every file no row references (`referenced` holds the names the rows
  // keep; temporary files are never referenced), and anything left in incoming/ (where earlier
  // versions wrote them). Returns the number of files removed.
  std::size_t removeOrphans(const std::unordered_set<std::string>& referenced) const;
  void removeAll() const;  // state reset

 private:
  struct Incoming;
  static std::string newName();
  Incoming createIncoming(std::string_view name) const;       // beside the file `name` will be
  std::string place(Incoming& file, std::string name) const;  // fsync, rename; returns name
  std::string placePath(const std::filesystem::path& file) const;
  void syncDirectory(const std::filesystem::path& directory) const;
  void makeFanOutDirectory(const std::filesystem::path& directory) const;

  std::filesystem::path root_;
  std::filesystem::path incoming_;
  bool durable_;
};

// A file placed by ObjectFiles whose metadata row has not committed yet: removed on destruction
// unless keep() was called after the commit.
// Or, for small objects, the bytes their row keeps instead of a file (inRow): nothing on disk.
class StagedFile {
 public:
  StagedFile(const ObjectFiles& files, std::string name) : files_(&files), name_(std::move(name)) {}
  static StagedFile inRow(const ObjectFiles& files, std::string bytes) {
    StagedFile staged(files, std::string());
    staged.bytes_ = std::move(bytes);
    return staged;
  }
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();

  const std::string& name() const noexcept { return name_; }  // empty for in-row bytes
  std::optional<std::string>& inRowBytes() noexcept { return bytes_; }
  void keep() noexcept { kept_ = true; }

 private:
  const ObjectFiles* files_;
  std::string name_;
  std::optional<std::string> bytes_;
  bool kept_ = false;
};

}  // namespace awsemu::s3
