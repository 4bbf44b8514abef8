#include "services/sns/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <optional>

namespace awsemu::sns {
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using Request = http::request<http::string_body>;

namespace {

struct Target {
  bool tls = false;
  std::string host;  // for the resolver, SNI and the certificate check
  std::string port;
  bool host_is_name = false;  // not an IP literal: SNI carries names only (RFC 6066)
  std::string host_header;
  std::string path;
};

std::optional<Target> parseTarget(const std::string& text, std::string& error) {
  auto url = boost::urls::parse_uri(text);
  if (!url) {
    error = "not a URL: " + text;
    return std::nullopt;
  }
  Target target;
  if (url->scheme() == "https") {
    target.tls = true;
  } else if (url->scheme() != "http") {
    error = "scheme " + std::string(url->scheme()) + " is not supported";
    return std::nullopt;
  }
  target.host = std::string(url->host_address());
  target.host_is_name = url->host_type() == boost::urls::host_type::name;
  target.port = url->has_port() ? std::string(url->port()) : target.tls ? "443" : "80";
  target.host_header = url->has_port() ? std::string(url->encoded_host_and_port())
                                       : std::string(url->encoded_host());
  target.path = std::string(url->encoded_target());
  if (target.path.empty()) target.path = "/";
  return target;
}

// Write the request, read the answer's status. A peer that closes the connection right after the
// status line and headers (HTTP/1.0 servers, TLS peers without close_notify) has still answered.
template <class Stream>
asio::awaitable<int> exchange(Stream& stream, Request& request) {
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 20);
  beast::error_code ec;
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec && !parser.is_header_done()) throw boost::system::system_error(ec);
  co_return static_cast<int>(parser.get().result_int());
}

// The resolver is no stream: its own timer cancels it at the deadline.
asio::awaitable<asio::ip::tcp::resolver::results_type> resolve(
    const Target& target, std::chrono::steady_clock::time_point deadline) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  asio::steady_timer timer(executor, deadline);
  timer.async_wait([&resolver](beast::error_code ec) {
    if (!ec) resolver.cancel();
  });
  auto endpoints = co_await resolver.async_resolve(target.host, target.port, asio::use_awaitable);
  timer.cancel();
  co_return endpoints;
}

}  // namespace

HttpClient::HttpClient(bool verify_certificates) : verify_(verify_certificates) {}
HttpClient::~HttpClient() = default;

ssl::context& HttpClient::tls() const {
  std::call_once(once_, [this] {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3);
    if (verify_) {
      context->set_default_verify_paths();
      context->set_verify_mode(ssl::verify_peer);
    } else {
      context->set_verify_mode(ssl::verify_none);
    }
    tls_ = std::move(context);
  });
  return *tls_;
}

asio::awaitable<HttpOutcome> HttpClient::post(HttpPost post) const {
  HttpOutcome outcome;
  auto target = parseTarget(post.url, outcome.error);
  if (!target) co_return outcome;
  Request request{http::verb::post, target->path, 11};
  request.set(http::field::host, target->host_header);
  for (auto& [name, value] : post.headers) request.set(name, value);
  request.body() = std::move(post.body);
  request.prepare_payload();
  auto deadline = std::chrono::steady_clock::now() + post.timeout;
  try {
    auto executor = co_await asio::this_coro::executor;
    auto endpoints = co_await resolve(*target, deadline);
    if (!target->tls) {
      beast::tcp_stream stream(executor);
      stream.expires_at(deadline);
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      outcome.status = co_await exchange(stream, request);
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      co_return outcome;
    }
    beast::ssl_stream<beast::tcp_stream> stream(executor, tls());
    if (target->host_is_name &&
        !SSL_set_tlsext_host_name(stream.native_handle(), target->host.c_str()))
      throw boost::system::system_error(
          beast::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    if (verify_) stream.set_verify_callback(ssl::host_name_verification(target->host));
    beast::get_lowest_layer(stream).expires_at(deadline);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
    outcome.status = co_await exchange(stream, request);
    // close_notify, briefly: the answer is in, and many peers just close the connection.
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    beast::error_code ignored;
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ignored));
  } catch (const boost::system::system_error& e) {
    outcome.error = e.code().message();
  }
  co_return outcome;
}

}  // namespace awsemu::sns
