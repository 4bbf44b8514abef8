#include "services/sns/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

namespace awsemu::sns {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

asio::awaitable<HttpOutcome> postOnce(HttpPost post) {
  HttpOutcome outcome;
  auto url = boost::urls::parse_uri(post.url);
  if (!url) {
    outcome.error = "not a URL: " + post.url;
    co_return outcome;
  }
  if (url->scheme() != "http") {
    outcome.error = "scheme " + std::string(url->scheme()) + " is not supported yet";
    co_return outcome;
  }
  std::string host(url->host_address());
  std::string port = url->has_port() ? std::string(url->port()) : "80";
  std::string target(url->encoded_target());
  if (target.empty()) target = "/";
  try {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    beast::tcp_stream stream(executor);
    stream.expires_after(post.timeout);
    auto endpoints = co_await resolver.async_resolve(host, port, asio::use_awaitable);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, url->has_port() ? host + ":" + port : host);
    for (auto& [name, value] : post.headers) request.set(name, value);
    request.body() = std::move(post.body);
    request.prepare_payload();
    co_await http::async_write(stream, request, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    outcome.status = static_cast<int>(parser.get().result_int());
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  } catch (const boost::system::system_error& e) {
    outcome.error = e.code().message();
  }
  co_return outcome;
}

}  // namespace awsemu::sns
