#pragma once
// Runs blocking work (SQLite, file I/O, process start) on a thread pool and resumes the awaiting
// coroutine on its own executor: the I/O threads only ever wait for such work, never do it.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>
#include <utility>

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

}  // namespace awsemu
