#pragma once
// The HTTP front end: Boost.Beast over Asio C++20 coroutines. One io_context per thread, each with
// its own SO_REUSEPORT acceptor, so connections never migrate between threads (no strands, no locks
// on the I/O path). Graceful shutdown on SIGINT/SIGTERM: acceptors close, idle connections close,
// in-flight requests finish and are answered with `Connection: close`.
#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <memory>

#include "awsemu/config/config.hpp"
#include "awsemu/server/exchange.hpp"

namespace awsemu::server {

struct ServerOptions {
  std::vector<config::ListenAddress> listen;
  unsigned threads = 1;
  std::uint32_t max_header_bytes = 64 * 1024;
  unsigned idle_timeout_seconds = 75;
  // Open connections at most (each thread takes its share); beyond it new connections wait in the
  // listen backlog until one closes.
  unsigned max_connections = 4096;
  // Where file reads of streamed responses wait (nullptr: on the I/O thread, for tests).
  boost::asio::thread_pool* blocking_pool = nullptr;
};

class Server {
 public:
  Server(ServerOptions options, Pipeline& pipeline);
  ~Server();
  // Binds the listeners (throws std::system_error when an address cannot be bound).
  void bind();
  // The port actually bound for the first listen address (for port 0).
  std::uint16_t boundPort() const;
  // Serves until stop() or SIGINT/SIGTERM; `on_ready` runs once requests are accepted,
  // `on_stopping` once the graceful shutdown begins (so that long waits can end early: the server
  // returns only after every request in progress has been answered).
  void run(const std::function<void()>& on_ready, std::function<void()> on_stopping = {});
  void stop();  // thread-safe; starts the graceful shutdown

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsemu::server
