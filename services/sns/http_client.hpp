#pragma once
// One HTTP POST to a subscriber, asynchronously on the executor it is given (the shared background
// thread: nothing here blocks it — resolve, connect, write and read are all awaited, with a
// deadline). https endpoints are not reachable yet: they answer as a connection failure.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace awsemu::sns {

struct HttpPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::seconds timeout{15};
};

struct HttpOutcome {
  int status = 0;     // 0: no answer (connection, timeout, URL)
  std::string error;  // why, when status is 0
};

boost::asio::awaitable<HttpOutcome> postOnce(HttpPost post);

}  // namespace awsemu::sns
