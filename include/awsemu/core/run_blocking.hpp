#pragma once
// Runs blocking work (SQLite, file I/O, process start) on a thread pool and resumes the awaiting
// coroutine on its own executor: the I/O threads only ever wait for such work, never do it.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>
#include <utility>

#include "awsemu/core/no_wait.hpp"

namespace awsemu {

template <class Fn>
auto runBlocking(boost::asio::thread_pool& pool, Fn&& fn)
    -> boost::asio::awaitable<std::invoke_result_t<Fn&>> {
  using Result = std::invoke_result_t<Fn&>;
  // Exceptions thrown by `fn` travel back through co_spawn's completion to the awaiting coroutine.
  co_return co_await boost::asio::co_spawn(
      pool, [&fn]() -> boost::asio::awaitable<Result> { co_return fn(); },
      boost::asio::use_awaitable);
}

// Runs `fn` on this thread inside a NoWaitScope (no_wait.hpp); when it throws WouldBlock, calls
// `undo` (to drop what the attempt left behind) and runs `fn` again on `pool`.
template <class Fn, class Undo>
auto runInlineFirst(boost::asio::thread_pool& pool, Fn&& fn, Undo&& undo)
    -> boost::asio::awaitable<std::invoke_result_t<Fn&>> {
  try {
    NoWaitScope no_wait;
    co_return fn();
  } catch (const WouldBlock&) {
  }
  undo();  // (no co_await inside a handler)
  co_return co_await runBlocking(pool, fn);
}

}  // namespace awsemu
