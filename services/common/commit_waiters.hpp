#pragma once
// Requests waiting for their writes to commit (PERSISTENCE=1: SQS, DynamoDB and every store
// committing through storage::GroupCommit). A waiting request is a suspended coroutine on its I/O
// thread; no thread blocks.
//
// Why not one GroupCommit::whenCommitted per request: a transaction carries the writes of dozens
// of requests, and a callback each would mean dozens of posts to the same two I/O threads per
// commit, each taking the io_context's lock and possibly waking it. Here one callback is
// registered per new highest ticket, and when it runs, the waiters it covers are resumed with one
// post per I/O thread.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "awsemu/service/service.hpp"
#include "awsemu/storage/group_commit.hpp"

namespace awsemu::service {

class CommitWaiters {
 public:
  // `commits` null: a store without persistence, where everything is committed at once.
  explicit CommitWaiters(storage::GroupCommit* commits) : commits_(commits) {}
  // Returns once everything submitted to the store so far has committed; rethrows a failure of
  // the transaction that held it.
  boost::asio::awaitable<void> wait();

 private:
  // Held by pointer: in Boost 1.81 any_completion_handler's converting constructor also takes
  // any_completion_handler lvalues, so containers that copy-or-move would nest it endlessly.
  using Handler = std::unique_ptr<boost::asio::any_completion_handler<void(std::exception_ptr)>>;
  struct Waiter {
    storage::GroupCommit::Ticket ticket;
    boost::asio::any_io_executor executor;  // the waiter's I/O thread, with tracked work
    Handler handler;
  };
  void add(storage::GroupCommit::Ticket ticket, boost::asio::any_io_executor executor,
           Handler handler);
  void resumeCommitted();  // on the committer thread

  storage::GroupCommit* commits_;
  std::mutex mutex_;
  std::vector<Waiter> waiting_;
  storage::GroupCommit::Ticket registered_ = 0;  // the highest ticket a callback is registered for
};

// `handler` as a request handler that answers only once `committed()` (a service's wait on its
// CommitWaiters) returns: after what the request wrote or saw has committed. An error answer
// waits too (it may report something the request saw).
AsyncHandler answerAfterCommit(SyncHandler handler,
                               std::function<boost::asio::awaitable<void>()> committed);

}  // namespace awsemu::service
