#pragma once
// Time to Live: items whose TTL attribute (a Number of epoch seconds) has passed are deleted by a
// sweep on a thread of its own, every DYNAMODB_TTL_INTERVAL seconds, and reported to the table's
// stream as deletions by the service (userIdentity dynamodb.amazonaws.com), as DynamoDB does
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html).
//
// Rules kept from DynamoDB: only Number values count (other types and missing attributes never
// expire); items whose expiry lies more than five years in the past are not deleted. DynamoDB
// deletes within days of expiry; the sweep does it within one interval.
//
// Locking: candidates are found under the table's shared lock; each batch is deleted under its
// exclusive lock after checking the item is still the expired one, so a request that rewrote the
// item in between wins.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

#include "awsemu/core/time.hpp"
#include "services/dynamodb/item_change.hpp"
#include "services/dynamodb/table_registry.hpp"

namespace awsemu::dynamodb {

class TtlSweeper {
 public:
  // interval zero: no thread; sweepOnce() still works.
  TtlSweeper(TableRegistry& registry, ChangeSink* sink, std::chrono::seconds interval,
             const Clock& clock = systemClock());
  ~TtlSweeper();  // stop()
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  void stop();
  // One pass over every table with TTL enabled; returns the number of items deleted.
  std::size_t sweepOnce();

 private:
  void run();
  std::size_t sweepTable(Table& table, double now);

  TableRegistry& registry_;
  ChangeSink* sink_;
  const std::chrono::seconds interval_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace awsemu::dynamodb
