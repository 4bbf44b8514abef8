#pragma once
// Collects a request body as it streams in: in memory while it is under the per-request threshold
// and the server-wide budget allows, else spooled to a temporary file (a body is never required to
// fit in memory). Removes its spool file and returns its memory to the budget when destroyed.
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "awsemu/core/http.hpp"
#include "src/gateway/body_memory_budget.hpp"

namespace awsemu::gateway {

class BodySink {
 public:
  BodySink(RequestBody& body, std::uint64_t memory_limit, BodyMemoryBudget& budget,
           std::filesystem::path spool_dir);
  ~BodySink();
  BodySink(const BodySink&) = delete;
  BodySink& operator=(const BodySink&) = delete;

  // The body is announced larger than the in-memory threshold: it goes to disk from its first
  // byte, instead of filling memory first (many concurrent uploads would hold 8 MiB each).
  void spoolFromStart() { spool_from_start_ = true; }
  // True when writing `bytes` touches the disk (the caller may do it off the I/O thread).
  bool writesToDisk(std::size_t bytes) const;
  void write(std::string_view bytes);  // throws AwsError (InternalFailure) when the spool fails
  void close();                        // flushes the spool file; throws like write()

 private:
  void startSpool();

  RequestBody& body_;
  std::uint64_t memory_limit_;
  BodyMemoryBudget& budget_;
  std::uint64_t reserved_ = 0;  // bytes of this body counted in the budget
  std::filesystem::path spool_dir_;
  std::FILE* file_ = nullptr;
  bool spool_from_start_ = false;
};

}  // namespace awsemu::gateway
