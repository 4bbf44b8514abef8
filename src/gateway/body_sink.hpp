#pragma once
// Collects a request body as it streams in: in memory up to a threshold, then spooled to a
// temporary file (a body is never required to fit in memory). Removes its spool file when
// destroyed.
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "awsemu/core/http.hpp"

namespace awsemu::gateway {

class BodySink {
 public:
  BodySink(RequestBody& body, std::uint64_t memory_limit, std::filesystem::path spool_dir);
  ~BodySink();
  BodySink(const BodySink&) = delete;
  BodySink& operator=(const BodySink&) = delete;

  void write(std::string_view bytes);  // throws AwsError (InternalFailure) when the spool fails
  void close();                        // flushes the spool file

 private:
  RequestBody& body_;
  std::uint64_t memory_limit_;
  std::filesystem::path spool_dir_;
  std::FILE* file_ = nullptr;
};

}  // namespace awsemu::gateway
