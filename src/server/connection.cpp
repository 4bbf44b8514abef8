#include "src/server/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <array>
#include <memory>
#include <vector>

#include "awsemu/core/run_blocking.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/core/time.hpp"
#include "src/server/response_file_reader.hpp"

namespace awsemu::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kBodyChunk = 64 * 1024;

namespace {

HttpRequest toRequest(const http::request<http::buffer_body>& message) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.setTarget(std::string(message.target()));
  request.headers.reserve(16);
  for (const auto& field : message) {
    request.headers.emplace_back(strings::toLower(field.name_string()), std::string(field.value()));
  }
  return request;
}

// The Date header changes once a second: format it once a second per thread, not per response.
const std::string& currentHttpDate() {
  thread_local std::int64_t cached_second = -1;
  thread_local std::string cached;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  if (now != cached_second) {
    cached_second = now;
    cached = timefmt::httpDate(static_cast<double>(now));
  }
  return cached;
}

template <class Body>
void fillHeaders(http::response<Body>& res, const HttpResponse& response, bool keep_alive) {
  res.result(static_cast<unsigned>(response.status));
  for (const auto& [name, value] : response.headers) res.insert(name, value);
  if (res.find(http::field::date) == res.end()) res.set(http::field::date, currentHttpDate());
  if (res.find(http::field::server) == res.end()) res.set(http::field::server, "awsemu");
  res.keep_alive(keep_alive);
}

std::string_view errorCodeFor(const beast::error_code& ec, int& status) {
  if (ec == http::error::header_limit) {
    status = 400;
    return "RequestHeaderSectionTooLarge";
  }
  status = 400;
  return "BadRequest";
}
// What RFC 9112 requires a server to refuse with 400 that the parser lets through: an HTTP/1.1
// request without exactly one Host (3.2), and a Transfer-Encoding whose final coding is not
// chunked (6.3: its length cannot be known, and guessing would let a body pass as a request).
const char* malformedHead(const http::request_parser<http::buffer_body>& parser) {
  const auto& message = parser.get();
  auto hosts = message.count(http::field::host);
  if (message.version() >= 11 && hosts != 1)
    return hosts == 0 ? "HTTP/1.1 requests need a Host header" : "More than one Host header";
  if (message.count(http::field::transfer_encoding) && !parser.chunked())
    return "Transfer-Encoding must end with chunked";
  return nullptr;
}
// Body chunk buffers, reused per thread: a connection holds one only while it reads a body or
// streams a file (idle keep-alive connections hold none), and no request pays for a 64 KiB
// allocation (glibc would trim and regrow its heap around it, two system calls a request).
class ChunkBuffer {
 public:
  ChunkBuffer() {
    if (pool().empty()) {
      data_.reset(new char[kBodyChunk]);
    } else {
      data_ = std::move(pool().back());
      pool().pop_back();
    }
  }
  ~ChunkBuffer() {
    if (pool().size() < kPooled) pool().push_back(std::move(data_));
  }
  ChunkBuffer(const ChunkBuffer&) = delete;
  ChunkBuffer& operator=(const ChunkBuffer&) = delete;
  char* get() const { return data_.get(); }

 private:
  static constexpr std::size_t kPooled = 16;
  static std::vector<std::unique_ptr<char[]>>& pool() {
    thread_local std::vector<std::unique_ptr<char[]>> buffers;
    return buffers;
  }
  std::unique_ptr<char[]> data_;
};
}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, const ServerOptions& options,
                       Pipeline& pipeline, const std::atomic<bool>& stopping)
    : stream_(std::move(socket)),
      // Pipelined bytes beyond one header block wait in the kernel, not here.
      buffer_(options.max_header_bytes + kBodyChunk),
      options_(options),
      pipeline_(pipeline),
      stopping_(stopping) {
  boost::system::error_code ec;
  auto peer = stream_.socket().remote_endpoint(ec);
  if (ec) return;
  auto address = peer.address();
  // An IPv4 client of a dual-stack listener arrives as ::ffff:a.b.c.d; policies name a.b.c.d.
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  remote_address_ = address.to_string();
}

void Connection::closeIfIdle() {
  if (!busy_) {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }
}

asio::awaitable<void> Connection::serve() {
  while (!stopping_ && co_await serveOne()) {
  }
  // Lingering close: a response sent before its request body was read (an authentication error,
  // say) would be lost to a TCP reset if the socket closed with that body unread. Half-close, then
  // drain what the client still sends, for a bounded time and amount.
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::seconds(2));
  std::array<char, 4096> sink;
  std::size_t drained = 0;
  while (drained < (4u << 20)) {
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(sink), use_tuple);
    if (ec) break;
    drained += n;
  }
}

// Reads the body into the exchange, one bounded chunk at a time. Returns false when the connection
// cannot carry another request (the client went away, or the body was left unread).
asio::awaitable<bool> Connection::readBody(http::request_parser<http::buffer_body>& parser,
                                           Exchange& exchange) {
  // The chunk buffer exists only while a body is read: idle keep-alive connections hold none.
  ChunkBuffer chunk;
  auto& message = parser.get();
  bool complete = true, stopped = false;
  beast::error_code body_error;
  while (!parser.is_done()) {
    message.body().data = chunk.get();
    message.body().size = kBodyChunk;
    stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    auto [rec, rn] = co_await http::async_read(stream_, buffer_, parser, use_tuple);
    if (rec == http::error::need_buffer) rec = {};
    std::size_t got = kBodyChunk - message.body().size;
    if (got && !co_await exchange.feed(std::string_view(chunk.get(), got))) {
      stopped = true;  // over a limit or refused: answer now, leave the rest unread
      break;
    }
    if (rec) {
      complete = false;
      body_error = rec;
      break;
    }
  }
  exchange.end(complete && !stopped);
  if (stopped) co_return false;
  if (!complete) {
    // A malformed or truncated body still gets an answer; a vanished client does not.
    bool answerable =
        body_error == http::error::partial_message || body_error == http::error::bad_chunk ||
        body_error == http::error::bad_chunk_extension || body_error == http::error::body_limit;
    if (!answerable) throw ClientGone{};
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> Connection::serveOne() {
  http::request_parser<http::buffer_body> parser;
  parser.header_limit(options_.max_header_bytes);
  // The exchange applies the service's own body limit (it knows the service and the decoded size).
  parser.body_limit(boost::none);
  busy_ = false;
  stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
  [[maybe_unused]] auto [ec, header_bytes] =
      co_await http::async_read_header(stream_, buffer_, parser, use_tuple);
  if (ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::bad_descriptor)
      co_return false;
    int status = 400;
    auto code = errorCodeFor(ec, status);
    auto response = pipeline_.transportError(status, code, ec.message());
    co_await write(response, false, false);
    co_return false;
  }
  if (const char* problem = malformedHead(parser)) {
    auto response = pipeline_.malformedRequest(toRequest(parser.get()), problem);
    co_await write(response, false, false);
    co_return false;
  }
  busy_ = true;
  auto started = std::chrono::steady_clock::now();
  auto& message = parser.get();
  bool keep_alive = message.keep_alive();
  bool head_request = message.method() == http::verb::head;
  bool expects_continue = beast::iequals(message[http::field::expect], "100-continue");
  auto head = toRequest(message);
  head.remote_address = remote_address_;
  auto exchange = pipeline_.begin(std::move(head));

  HttpResponse response;
  if (auto early = exchange->earlyResponse()) {
    response = std::move(*early);
    if (!parser.is_done()) keep_alive = false;  // the body was not consumed
  } else {
    if (expects_continue && !parser.is_done()) {
      http::response<http::empty_body> proceed{http::status::continue_, 11};
      auto [wec, wn] = co_await http::async_write(stream_, proceed, use_tuple);
      if (wec) co_return false;
    }
    try {
      if (!co_await readBody(parser, *exchange)) keep_alive = false;
    } catch (const ClientGone&) {
      co_return false;  // nobody to answer
    }
    response = co_await exchange->respond();
  }
  if (stopping_) keep_alive = false;
  co_await write(response, keep_alive, head_request);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
  spdlog::info("{} {} {:.2f}ms {}", exchange->logName(), response.status, micros / 1000.0,
               exchange->requestId());
  co_return keep_alive;
}

asio::awaitable<void> Connection::write(HttpResponse& response, bool keep_alive,
                                        bool head_request) {
  stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
  if (response.body_file && !head_request) {
    co_await writeFile(response, keep_alive);
    co_return;
  }
  if (head_request || response.status == 204 || response.status == 304) {
    // HEAD keeps the Content-Length the handler computed; no body follows.
    http::response<http::empty_body> res;
    fillHeaders(res, response, keep_alive);
    http::response_serializer<http::empty_body> serializer(res);
    co_await http::async_write_header(stream_, serializer, use_tuple);  // errors end the loop later
    co_return;
  }
  http::response<http::string_body> res;
  fillHeaders(res, response, keep_alive);
  res.body() = std::move(response.body);
  res.prepare_payload();
  co_await http::async_write(stream_, res, use_tuple);  // a failed write shows on the next read
}

asio::awaitable<void> Connection::writeFile(HttpResponse& response, bool keep_alive) {
  ResponseFileReader reader(response.body_file, response.file_offset);
  http::response<http::buffer_body> res;
  fillHeaders(res, response, keep_alive);
  res.content_length(response.file_length);
  res.body().data = nullptr;
  res.body().more = true;
  http::response_serializer<http::buffer_body> serializer(res);
  auto [hec, hn] = co_await http::async_write_header(stream_, serializer, use_tuple);
  if (hec) co_return;
  ChunkBuffer chunk;
  std::uint64_t remaining = response.file_length;
  while (remaining > 0) {
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, kBodyChunk));
    // Disk reads wait on the blocking pool, never on this I/O thread.
    std::size_t got = 0;
    if (options_.blocking_pool)
      got = co_await runBlocking(*options_.blocking_pool,
                                 [&] { return reader.read(chunk.get(), want); });
    else
      got = reader.read(chunk.get(), want);
    if (got == 0) break;
    remaining -= got;
    res.body().data = chunk.get();
    res.body().size = got;
    res.body().more = remaining > 0;
    auto [ec, n] = co_await http::async_write(stream_, serializer, use_tuple);
    if (ec == http::error::need_buffer) continue;
    if (ec) co_return;
  }
  if (remaining > 0) {  // the file shrank under us: the framing is broken, close
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }
}

}  // namespace awsemu::server
