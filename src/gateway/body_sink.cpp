#include "src/gateway/body_sink.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::gateway {

BodySink::BodySink(RequestBody& body, std::uint64_t memory_limit, BodyMemoryBudget& budget,
                   std::filesystem::path spool_dir)
    : body_(body), memory_limit_(memory_limit), budget_(budget), spool_dir_(std::move(spool_dir)) {}

BodySink::~BodySink() {
  if (file_) std::fclose(file_);
  if (body_.file) {
    std::error_code ignored;
    std::filesystem::remove(*body_.file, ignored);
  }
  budget_.release(reserved_);
}

bool BodySink::writesToDisk(std::size_t bytes) const {
  return file_ || spool_from_start_ || body_.memory.size() + bytes > memory_limit_ ||
         !budget_.wouldFit(bytes);
}

void BodySink::write(std::string_view bytes) {
  if (!file_ && !spool_from_start_ && body_.memory.size() + bytes.size() <= memory_limit_ &&
      budget_.tryReserve(bytes.size())) {
    reserved_ += bytes.size();
    body_.memory.append(bytes);
    body_.size += bytes.size();
    return;
  }
  if (!file_) startSpool();
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    throw errors::internalFailure("cannot write the request body spool file");
  body_.size += bytes.size();
}

// Moves what is in memory to a new spool file and gives its memory back to the budget.
void BodySink::startSpool() {
  std::error_code error;
  std::filesystem::create_directories(spool_dir_, error);
  std::string templ = (spool_dir_ / "body-XXXXXX").string();
  // Close-on-exec: init hooks and function runtimes started later must not inherit it.
  int fd = ::mkostemp(templ.data(), O_CLOEXEC);
  if (fd < 0) throw errors::internalFailure("cannot create a spool file for the request body");
  body_.file = templ;
  file_ = ::fdopen(fd, "w+b");
  if (!file_) {
    ::close(fd);
    throw errors::internalFailure("cannot open the request body spool file");
  }
  if (!body_.memory.empty() &&
      std::fwrite(body_.memory.data(), 1, body_.memory.size(), file_) != body_.memory.size())
    throw errors::internalFailure("cannot write the request body spool file");
  body_.memory.clear();
  body_.memory.shrink_to_fit();
  budget_.release(reserved_);
  reserved_ = 0;
}

void BodySink::close() {
  if (!file_) return;
  bool ok = std::fflush(file_) == 0;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  if (!ok) throw errors::internalFailure("cannot write the request body spool file");
}

}  // namespace awsemu::gateway
