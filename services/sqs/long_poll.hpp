#pragma once
// Receivers waiting on a queue (ReceiveMessage with WaitTimeSeconds). A waiter is a timer on the
// waiting request's own I/O thread: the request's coroutine awaits it, and a send wakes it by
// cancelling it, posted to that thread. No thread ever sleeps, so a thousand idle long polls cost
// a thousand timers.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <list>
#include <memory>

namespace awsemu::sqs {

struct LongPollWaiter {
  explicit LongPollWaiter(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
  boost::asio::steady_timer timer;
  std::atomic<bool> woken{false};
};

// The waiters of one queue, oldest first. Used under the engine's lock.
class LongPollWaiters {
 public:
  void add(std::shared_ptr<LongPollWaiter> waiter);
  void remove(const std::shared_ptr<LongPollWaiter>& waiter);
  // Wakes the `count` longest-waiting receivers (each takes one message at least).
  void wake(std::size_t count);
  void wakeAll();
  std::size_t size() const { return waiters_.size(); }

 private:
  static void wakeOne(const std::shared_ptr<LongPollWaiter>& waiter);
  std::list<std::shared_ptr<LongPollWaiter>> waiters_;
};

}  // namespace awsemu::sqs
