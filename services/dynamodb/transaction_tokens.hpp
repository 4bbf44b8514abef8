#pragma once
// TransactWriteItems' idempotency: a ClientRequestToken seen in the last 10 minutes with the same
// request answers as the first call did without writing again; with a different request it is
// IdempotentParameterMismatchException.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu::dynamodb {

class TransactionTokens {
 public:
  static constexpr std::chrono::minutes kLifetime{10};

  // The stored answer for `token` when the same request was made in the last 10 minutes;
  // throws IdempotentParameterMismatchException when the token came with another request.
  std::optional<Json> find(const std::string& scope, const std::string& token,
                           const std::string& request_digest,
                           std::chrono::system_clock::time_point now);
  void remember(const std::string& scope, const std::string& token,
                const std::string& request_digest, Json output,
                std::chrono::system_clock::time_point now);
  void clear();

 private:
  struct Entry {
    std::string digest;
    Json output;
    std::chrono::system_clock::time_point expires;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace awsemu::dynamodb
