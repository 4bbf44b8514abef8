#include "services/dynamodb/transaction_tokens.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"

namespace awsemu::dynamodb {

std::optional<Json> TransactionTokens::find(const std::string& scope, const std::string& token,
                                            const std::string& digest,
                                            std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();)  // drop expired tokens as we go
    it = it->second.expires <= now ? entries_.erase(it) : std::next(it);
  auto it = entries_.find(scope + '\0' + token);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.digest != digest) throw errors::idempotentParameterMismatch();
  return it->second.output;
}

void TransactionTokens::remember(const std::string& scope, const std::string& token,
                                 const std::string& digest, Json output,
                                 std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  entries_[scope + '\0' + token] = {digest, std::move(output), now + kLifetime};
}

void TransactionTokens::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace awsemu::dynamodb
