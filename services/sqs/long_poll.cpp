#include "services/sqs/long_poll.hpp"

#include <boost/asio/post.hpp>

namespace awsemu::sqs {

void LongPollWaiters::add(std::shared_ptr<LongPollWaiter> waiter) {
  waiters_.push_back(std::move(waiter));
}

void LongPollWaiters::remove(const std::shared_ptr<LongPollWaiter>& waiter) {
  waiters_.remove(waiter);
}

void LongPollWaiters::wakeOne(const std::shared_ptr<LongPollWaiter>& waiter) {
  waiter->woken = true;
  // The timer belongs to the waiter's I/O thread: cancel it there.
  boost::asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
}

void LongPollWaiters::wake(std::size_t count) {
  while (count-- > 0 && !waiters_.empty()) {
    wakeOne(waiters_.front());
    waiters_.pop_front();
  }
}

void LongPollWaiters::wakeAll() { wake(waiters_.size()); }

}  // namespace awsemu::sqs
