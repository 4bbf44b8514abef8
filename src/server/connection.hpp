#pragma once
// One client connection: the HTTP/1.1 keep-alive loop of a coroutine (read header, stream the body
// into the pipeline's Exchange, write the response).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <atomic>

#include "awsemu/server/exchange.hpp"
#include "awsemu/server/server.hpp"

namespace awsemu::server {

class Connection {
 public:
  Connection(boost::asio::ip::tcp::socket socket, const ServerOptions& options, Pipeline& pipeline,
             const std::atomic<bool>& stopping);
  boost::asio::awaitable<void> serve();
  // Graceful shutdown: an idle connection closes now; a busy one after its current response.
  void closeIfIdle();

 private:
  boost::asio::awaitable<bool> serveOne();  // false: close the connection
  struct ClientGone {};                     // thrown by readBody: no one left to answer
  boost::asio::awaitable<bool> readBody(
      boost::beast::http::request_parser<boost::beast::http::buffer_body>& parser,
      Exchange& exchange);
  boost::asio::awaitable<void> write(HttpResponse& response, bool keep_alive, bool head_request);
  boost::asio::awaitable<void> writeFile(HttpResponse& response, bool keep_alive);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  const ServerOptions& options_;
  Pipeline& pipeline_;
  const std::atomic<bool>& stopping_;
  bool busy_ = false;
  std::string remote_address_;  // the peer's IP address, for every request of the connection
};

}  // namespace awsemu::server
