#pragma once
// One HTTP or HTTPS POST to a subscriber, asynchronously on the executor it is given (the shared
// background thread: nothing here blocks it — resolve, connect, TLS handshake, write and read are
// all awaited, with one deadline for the whole exchange).
//
// HTTPS: TLS over OpenSSL with SNI. Certificates are not verified by default: test endpoints
// usually present self-signed certificates, and LocalStack does not verify either.
// SNS_HTTPS_VERIFY=1 verifies the chain against the system trust store and the host name.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace awsemu::sns {

struct HttpPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::seconds timeout{15};
};

struct HttpOutcome {
  int status = 0;     // 0: no answer (connection, TLS, timeout, URL)
  std::string error;  // why, when status is 0
};

class HttpClient {
 public:
  explicit HttpClient(bool verify_certificates);
  ~HttpClient();

  boost::asio::awaitable<HttpOutcome> post(HttpPost post) const;

 private:
  // Made on the first https POST (loading the trust store takes milliseconds) and shared by all
  // connections.
  boost::asio::ssl::context& tls() const;

  bool verify_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<boost::asio::ssl::context> tls_;
};

}  // namespace awsemu::sns
