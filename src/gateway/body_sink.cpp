#include "src/gateway/body_sink.hpp"

#include <unistd.h>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::gateway {

BodySink::BodySink(RequestBody& body, std::uint64_t memory_limit, std::filesystem::path spool_dir)
    : body_(body), memory_limit_(memory_limit), spool_dir_(std::move(spool_dir)) {}

BodySink::~BodySink() {
  if (file_) std::fclose(file_);
  if (body_.file) {
    std::error_code ignored;
    std::filesystem::remove(*body_.file, ignored);
  }
}

void BodySink::write(std::string_view bytes) {
  body_.size += bytes.size();
  if (!file_ && body_.memory.size() + bytes.size() <= memory_limit_) {
    body_.memory.append(bytes);
    return;
  }
  if (!file_) {
    std::filesystem::create_directories(spool_dir_);
    std::string templ = (spool_dir_ / "body-XXXXXX").string();
    int fd = ::mkstemp(templ.data());
    if (fd < 0) throw errors::internalFailure("cannot create a spool file for the request body");
    file_ = ::fdopen(fd, "w+b");
    body_.file = templ;
    if (!body_.memory.empty()) std::fwrite(body_.memory.data(), 1, body_.memory.size(), file_);
    body_.memory.clear();
    body_.memory.shrink_to_fit();
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    throw errors::internalFailure("cannot write the request body spool file");
}

void BodySink::close() {
  if (file_) {
    std::fflush(file_);
    std::fclose(file_);
    file_ = nullptr;
  }
}

}  // namespace awsemu::gateway
