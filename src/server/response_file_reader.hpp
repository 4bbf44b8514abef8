#pragma once
// Reads the file a response streams (HttpResponse::body_file) with checked positional reads from
// the descriptor the handler opened: a short or failed read ends the response instead of sending
// garbage, and several responses may read one descriptor at once.
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>

#include "awsemu/core/http.hpp"

namespace awsemu::server {

class ResponseFileReader {
 public:
  ResponseFileReader(std::shared_ptr<const ResponseFile> file, std::uint64_t offset)
      : file_(std::move(file)), offset_(offset) {}

  // Up to `size` bytes from the current position; 0 at the end of the file or on an error.
  std::size_t read(char* out, std::size_t size) {
    if (!file_ || file_->fd() < 0) return 0;
    for (;;) {
      ssize_t got = ::pread(file_->fd(), out, size, static_cast<off_t>(offset_));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return 0;
      offset_ += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
  }

 private:
  std::shared_ptr<const ResponseFile> file_;
  std::uint64_t offset_;
};

}  // namespace awsemu::server
