#include "awsemu/core/http.hpp"

#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace awsemu {

const std::string* findHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
      return &value;
  return nullptr;
}

std::string headerOr(const HeaderList& headers, std::string_view name, std::string fallback) {
  const auto* value = findHeader(headers, name);
  return value ? *value : std::move(fallback);
}

std::string RequestBody::readAll() const {
  if (!file) return memory;
  int fd = ::open(file->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open the spooled request body");
  std::string out(size, '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t got = ::read(fd, out.data() + done, out.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<std::size_t>(got);
  }
  ::close(fd);
  // The spool file holds exactly `size` bytes; anything else means it was damaged on disk.
  if (done != out.size()) throw std::runtime_error("the spooled request body is truncated");
  return out;
}

ResponseFile::~ResponseFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::shared_ptr<const ResponseFile> ResponseFile::open(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  return std::make_shared<const ResponseFile>(fd);
}

void HttpRequest::setTarget(std::string t) {
  target = std::move(t);
  auto q = target.find('?');
  if (q == std::string::npos) {
    path = target;
    query.clear();
  } else {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
}

void HttpResponse::setHeader(std::string name, std::string value) {
  for (auto& [key, existing] : headers)
    if (strcasecmp(key.c_str(), name.c_str()) == 0) {
      existing = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace awsemu
