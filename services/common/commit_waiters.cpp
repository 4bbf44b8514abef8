#include "services/common/commit_waiters.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <iterator>

namespace awsemu::service {
namespace asio = boost::asio;

asio::awaitable<void> CommitWaiters::wait() {
  if (!commits_) co_return;  // without PERSISTENCE nothing is ever pending
  auto ticket = commits_->submitted();
  if (commits_->isCommitted(ticket)) co_return;
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
      [this, ticket](auto handler) {
        // Tracked work keeps the I/O thread's run() going while the request waits (shutdown).
        auto executor = asio::prefer(asio::get_associated_executor(handler),
                                     asio::execution::outstanding_work.tracked);
        using Erased = Handler::element_type;
        add(ticket, std::move(executor), std::make_unique<Erased>(std::move(handler)));
      },
      asio::use_awaitable);
}

AsyncHandler answerAfterCommit(SyncHandler handler,
                               std::function<asio::awaitable<void>()> committed) {
  return [handler = std::move(handler), committed = std::move(committed)](
             RequestContext& ctx, const Json& input) -> asio::awaitable<Json> {
    Json output;
    std::exception_ptr failure;
    try {
      output = handler(ctx, input);
    } catch (...) {
      failure = std::current_exception();
    }
    co_await committed();
    if (failure) std::rethrow_exception(failure);
    co_return output;
  };
}

void CommitWaiters::add(storage::GroupCommit::Ticket ticket, asio::any_io_executor executor,
                        Handler handler) {
  bool waiting = false, register_callback = false;
  {
    std::lock_guard lock(mutex_);
    // Committed since wait() looked: the callback that covered it may have run already.
    waiting = !commits_->isCommitted(ticket);
    if (waiting) {
      waiting_.push_back({ticket, std::move(executor), std::move(handler)});
      // A callback registered for a higher ticket has not run yet (it runs only once that
      // ticket, and so this one, has committed): it will resume this waiter too.
      register_callback = ticket > registered_;
      if (register_callback) registered_ = ticket;
    }
  }
  if (register_callback)
    commits_->whenCommitted(ticket, [this](std::exception_ptr) { resumeCommitted(); });
  if (!waiting)
    asio::post(executor,
               [handler = std::move(handler), failure = commits_->failure(ticket)]() mutable {
                 std::move (*handler)(failure);
               });
}

void CommitWaiters::resumeCommitted() {
  std::vector<Waiter> ready;
  {
    std::lock_guard lock(mutex_);
    auto still_waiting = std::partition(waiting_.begin(), waiting_.end(), [&](const Waiter& w) {
      return !commits_->isCommitted(w.ticket);
    });
    std::move(still_waiting, waiting_.end(), std::back_inserter(ready));
    waiting_.erase(still_waiting, waiting_.end());
  }
  // One post per I/O thread, resuming all of its waiters.
  using Resumption = std::pair<Handler, std::exception_ptr>;
  while (!ready.empty()) {
    auto executor = ready.front().executor;
    std::vector<Resumption> batch;
    auto others = std::partition(ready.begin(), ready.end(),
                                 [&](const Waiter& w) { return w.executor != executor; });
    for (auto it = others; it != ready.end(); ++it)
      batch.emplace_back(std::move(it->handler), commits_->failure(it->ticket));
    ready.erase(others, ready.end());
    asio::post(executor, [batch = std::move(batch)]() mutable {
      for (auto& [handler, failure] : batch) std::move (*handler)(failure);
    });
  }
}

}  // namespace awsemu::service
