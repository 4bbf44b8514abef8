#pragma once
// The bytes of request bodies held in memory by all requests at once. A body that does not fit
// the budget is spooled to disk instead, so many concurrent uploads cannot exhaust memory, whatever
// each one's size.
#include <atomic>
#include <cstdint>

namespace awsemu::gateway {

class BodyMemoryBudget {
 public:
  explicit BodyMemoryBudget(std::uint64_t limit) : limit_(limit) {}
  bool tryReserve(std::uint64_t bytes) {
    auto used = used_.load(std::memory_order_relaxed);
    do {
      if (used + bytes > limit_) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
  }
  void release(std::uint64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }
  bool wouldFit(std::uint64_t bytes) const { return used() + bytes <= limit_; }
  std::uint64_t used() const { return used_.load(std::memory_order_relaxed); }

 private:
  const std::uint64_t limit_;
  std::atomic<std::uint64_t> used_{0};
};

}  // namespace awsemu::gateway
