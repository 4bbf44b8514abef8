#include "awsemu/server/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>

#include <atomic>
#include <thread>
#include <unordered_set>

#include "src/server/connection.hpp"

namespace awsemu::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// One thread, one io_context, its own acceptors and connections: nothing here is shared between
// threads except `stopping`.
struct Worker {
  asio::io_context ioc{1};
  std::vector<tcp::acceptor> acceptors;
  std::unordered_set<Connection*> connections;
  unsigned max_connections = 1;
  // Acceptors at the connection cap wait on this timer; a closing connection cancels it.
  asio::steady_timer accept_gate{ioc, asio::steady_timer::time_point::max()};
};

// Listening and client sockets must not leak into child processes (init hooks, Lambda runtimes).
void closeOnExec(int fd) {
  int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

struct Server::Impl {
  ServerOptions options;
  Pipeline& pipeline;
  std::vector<std::unique_ptr<Worker>> workers;
  std::atomic<bool> stopping{false};
  std::uint16_t bound_port = 0;
  std::unique_ptr<asio::signal_set> signals;
  std::function<void()> on_stopping;

  Impl(ServerOptions o, Pipeline& p) : options(std::move(o)), pipeline(p) {}

  asio::awaitable<void> acceptLoop(Worker& worker, tcp::acceptor& acceptor) {
    while (!stopping) {
      if (worker.connections.size() >= worker.max_connections) {
        co_await worker.accept_gate.async_wait(use_tuple);  // until a connection closes
        continue;
      }
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (stopping || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // e.g. EMFILE: back off instead of spinning
        spdlog::warn("accept failed: {}", ec.message());
        asio::steady_timer timer(worker.ioc, std::chrono::milliseconds(50));
        co_await timer.async_wait(use_tuple);
        continue;
      }
      // One bad socket (reset before we got to it, say) must not end this loop: the worker would
      // silently stop accepting.
      try {
        startConnection(worker, std::move(socket));
      } catch (const std::exception& e) {
        spdlog::warn("dropping a new connection: {}", e.what());
      }
    }
  }

  void startConnection(Worker& worker, tcp::socket socket) {
    closeOnExec(socket.native_handle());
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto connection = std::make_shared<Connection>(std::move(socket), options, pipeline, stopping);
    worker.connections.insert(connection.get());
    asio::co_spawn(worker.ioc, connection->serve(),
                   [&worker, connection](std::exception_ptr error) {
                     worker.connections.erase(connection.get());
                     worker.accept_gate.cancel();
                     if (error) {
                       try {
                         std::rethrow_exception(error);
                       } catch (const std::exception& e) {
                         spdlog::error("connection failed: {}", e.what());
                       }
                     }
                   });
  }

  void bindAcceptor(Worker& worker, const config::ListenAddress& address, std::uint16_t port) {
    tcp::endpoint endpoint(asio::ip::make_address(address.host), port);
    tcp::acceptor acceptor(worker.ioc);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    int one = 1;  // SO_REUSEPORT: the kernel spreads connections over the workers' acceptors
    ::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    closeOnExec(acceptor.native_handle());
    worker.acceptors.push_back(std::move(acceptor));
  }

  void shutdownWorker(Worker& worker) {
    for (auto& acceptor : worker.acceptors) {
      boost::system::error_code ignored;
      acceptor.close(ignored);
    }
    for (auto* connection : worker.connections) connection->closeIfIdle();
    worker.accept_gate.cancel();
  }
};

Server::Server(ServerOptions options, Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline)) {
  if (impl_->options.threads == 0) impl_->options.threads = 1;
  unsigned per_worker =
      std::max(1u, impl_->options.max_connections / std::max(1u, impl_->options.threads));
  for (unsigned i = 0; i < impl_->options.threads; ++i) {
    impl_->workers.push_back(std::make_unique<Worker>());
    impl_->workers.back()->max_connections = per_worker;
  }
}

Server::~Server() = default;

// SO_REUSEPORT would let a second server share a port that is already served (the kernel then
// splits connections between the two): a plain bind first makes "address in use" an error.
void ensurePortIsFree(const config::ListenAddress& address) {
  if (address.port == 0) return;
  asio::io_context context;
  tcp::endpoint endpoint(asio::ip::make_address(address.host), address.port);
  tcp::acceptor probe(context);
  probe.open(endpoint.protocol());
  probe.set_option(asio::socket_base::reuse_address(true));
  probe.bind(endpoint);  // throws std::system_error (EADDRINUSE)
}

void Server::bind() {
  auto& impl = *impl_;
  for (std::size_t a = 0; a < impl.options.listen.size(); ++a) {
    const auto& address = impl.options.listen[a];
    ensurePortIsFree(address);
    std::uint16_t port = address.port;
    for (auto& worker : impl.workers) {
      impl.bindAcceptor(*worker, address, port);
      port =
          worker->acceptors.back().local_endpoint().port();  // port 0: the others follow the first
    }
    if (a == 0) impl.bound_port = port;
  }
}

std::uint16_t Server::boundPort() const { return impl_->bound_port; }

void Server::run(const std::function<void()>& on_ready, std::function<void()> on_stopping) {
  auto& impl = *impl_;
  impl.on_stopping = std::move(on_stopping);
  for (auto& worker : impl.workers)
    for (auto& acceptor : worker->acceptors)
      asio::co_spawn(worker->ioc, impl.acceptLoop(*worker, acceptor), asio::detached);
  auto& first = impl.workers.front()->ioc;
  impl.signals = std::make_unique<asio::signal_set>(first, SIGINT, SIGTERM);
  impl.signals->async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("received signal {}, shutting down", signal);
    stop();
  });
  if (on_ready) on_ready();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.workers.size(); ++i)
    threads.emplace_back([&ioc = impl.workers[i]->ioc] { ioc.run(); });
  first.run();
  for (auto& thread : threads) thread.join();
}

void Server::stop() {
  auto& impl = *impl_;
  if (impl.stopping.exchange(true)) return;
  if (impl.on_stopping) impl.on_stopping();
  // Posted, not done here: the signal set belongs to the first worker's thread (and does not exist
  // before run(); a stop before run() is then carried out as run() starts).
  asio::post(impl.workers.front()->ioc, [&impl] {
    boost::system::error_code ignored;
    if (impl.signals) impl.signals->cancel(ignored);
  });
  for (auto& worker : impl.workers)
    asio::post(worker->ioc, [&impl, w = worker.get()] { impl.shutdownWorker(*w); });
}

}  // namespace awsemu::server
