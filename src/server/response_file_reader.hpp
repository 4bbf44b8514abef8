#pragma once
// Reads the file a response streams (HttpResponse::body_file) through one descriptor opened when
// the response starts, with checked positional reads: a short or failed read ends the response
// instead of sending garbage.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>

namespace awsemu::server {

class ResponseFileReader {
 public:
  ResponseFileReader(const std::filesystem::path& path, std::uint64_t offset)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)), offset_(offset) {}
  ~ResponseFileReader() {
    if (fd_ >= 0) ::close(fd_);
  }
  ResponseFileReader(const ResponseFileReader&) = delete;
  ResponseFileReader& operator=(const ResponseFileReader&) = delete;

  // Up to `size` bytes from the current position; 0 at the end of the file or on an error.
  std::size_t read(char* out, std::size_t size) {
    if (fd_ < 0) return 0;
    for (;;) {
      ssize_t got = ::pread(fd_, out, size, static_cast<off_t>(offset_));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return 0;
      offset_ += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
  }

 private:
  int fd_;
  std::uint64_t offset_;
};

}  // namespace awsemu::server
