#pragma once
// The contract between the HTTP server and the request pipeline (the gateway). The server knows
// sockets and HTTP framing; the pipeline knows AWS. One Exchange per request:
//   begin(head)            -> after the header block (body not read yet)
//   co_await feed(bytes)... end()
//                          -> the body as it streams in (after HTTP/1.1 de-chunking); feed
//                             answers false to stop reading (a limit or an error: respond() says)
//   co_await respond()     -> the response
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string_view>

#include "awsemu/core/http.hpp"

namespace awsemu::server {

class Exchange {
 public:
  virtual ~Exchange() = default;
  // A response decided from the header alone (auth failure, unknown service, internal endpoint...).
  // When set, the server writes it without reading the body (and closes the connection if a body
  // was announced and not read).
  virtual std::optional<HttpResponse> earlyResponse() = 0;
  // Raw body bytes in arrival order. Errors are remembered and answered by respond(); false means
  // "read no further" (the body is over the service's limit, or already refused), and the server
  // then answers and closes the connection. `bytes` stays valid until the awaitable completes.
  virtual boost::asio::awaitable<bool> feed(std::string_view bytes) = 0;
  // The body ended (complete or not: `complete` is false when the client went away / was
  // truncated).
  virtual void end(bool complete) = 0;
  virtual boost::asio::awaitable<HttpResponse> respond() = 0;
  // For the access log: "sts.GetCallerIdentity" (or "-" when unknown) and the request id.
  virtual std::string logName() const = 0;
  virtual std::string requestId() const = 0;
};

class Pipeline {
 public:
  virtual ~Pipeline() = default;
  virtual std::unique_ptr<Exchange> begin(HttpRequest head) = 0;
  // Renders a transport-level failure (bad HTTP, header too large) as an AWS-style error.
  virtual HttpResponse transportError(int status, std::string_view code,
                                      std::string_view message) = 0;
  // A header block HTTP forbids (RFC 9112: no Host, a Transfer-Encoding not ending in chunked):
  // a 400 in the error form of the protocol the request would have spoken, when it tells.
  virtual HttpResponse malformedRequest(const HttpRequest& head, std::string_view message) {
    return transportError(400, "BadRequest", message);
  }
};

}  // namespace awsemu::server
