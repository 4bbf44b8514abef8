#include "services/dynamodb/dynamodb_service.hpp"

#include <spdlog/spdlog.h>

#include "awsemu/service/environment.hpp"
#include "services/common/commit_waiters.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/transaction_tokens.hpp"
#include "services/dynamodb/ttl_sweeper.hpp"

namespace awsemu::dynamodb {
namespace asio = boost::asio;

DynamoDbService::DynamoDbService() : tokens_(std::make_unique<TransactionTokens>()) {
  registerTableHandlers();
  registerTagHandlers();
  registerBackupHandlers();
  registerItemHandlers();
  registerQueryHandlers();
  registerBatchHandlers();
  registerTransactionHandlers();
  registerPartiqlHandlers();
}

// Commits what is queued while the waiters its callbacks resume still exist.
DynamoDbService::~DynamoDbService() {
  if (ttl_sweeper_) ttl_sweeper_->stop();
  if (registry_) registry_->store().close();
}

void DynamoDbService::start(service::ServiceEnvironment& env) {
  if (env.storage.isPersistent()) {
    auto options = env.storage.databaseOptions();
    registry_ = std::make_unique<TableRegistry>(
        TableStore(storage::Database::open(env.storage.databasePath("dynamodb"), options)));
  } else {
    registry_ = std::make_unique<TableRegistry>(TableStore::detached());
  }
  registry_->load();
  registry_->setChangeSink(sink_);
  if (sink_) registry_->store().startup([this](storage::Database& db) { sink_->load(db); });
  ttl_sweeper_ = std::make_unique<TtlSweeper>(
      *registry_, sink_, std::chrono::seconds(env.config.dynamodb_ttl_interval_seconds));
  commit_waiters_ = std::make_unique<service::CommitWaiters>(registry_->store().commits());
  if (!registry_->store().attached()) return;
  // Persistent: every answer waits for the commit of what it wrote or saw.
  for (const auto& [operation, handler] : sync_handlers_)
    onAsync(operation, service::answerAfterCommit(handler, [this] { return committed(); }));
}

void DynamoDbService::stop() {
  if (!registry_) return;
  if (ttl_sweeper_) ttl_sweeper_->stop();
  registry_->store().close();
  if (registry_->store().attached())
    spdlog::info("dynamodb: {} changes committed in {} transactions",
                 registry_->store().submitted(), registry_->store().transactions());
}

void DynamoDbService::reset() {
  tokens_->clear();
  if (!registry_) return;
  registry_->clear();
  if (sink_) {
    auto session = registry_->store().session();
    for (auto& write : sink_->onReset()) session.add(std::move(write));
  }
  registry_->store().flush();
}

std::optional<AwsError> DynamoDbService::validationError(std::string message) const {
  return errors::validation(std::move(message));
}

void DynamoDbService::setChangeSink(std::shared_ptr<ChangeSink> sink) {
  sink_owner_ = std::move(sink);
  sink_ = sink_owner_.get();
  if (registry_) registry_->setChangeSink(sink_);
}

// Without PERSISTENCE the handler runs inline on the I/O thread (memory only); start() wraps it
// in a commit wait when the store is attached.
void DynamoDbService::handle(const std::string& operation, service::SyncHandler handler) {
  on(operation, handler, /*blocking=*/false);
  sync_handlers_.emplace_back(operation, std::move(handler));
}

asio::awaitable<void> DynamoDbService::committed() { return commit_waiters_->wait(); }

TableAddress DynamoDbService::address(RequestContext& ctx, const std::string& table_name) const {
  // TableName may be the table's ARN: arn:aws:dynamodb:<region>:<account>:table/<name>.
  if (table_name.rfind("arn:", 0) == 0) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (int i = 0; i < 5; ++i) {
      auto colon = table_name.find(':', start);
      if (colon == std::string::npos) break;
      parts.push_back(table_name.substr(start, colon - start));
      start = colon + 1;
    }
    std::string resource = table_name.substr(start);
    if (parts.size() == 5 && resource.rfind("table/", 0) == 0) {
      std::string name = resource.substr(6);
      if (auto slash = name.find('/'); slash != std::string::npos) name.resize(slash);
      return {parts[4], parts[3], name};
    }
  }
  return {ctx.accountId(), ctx.region, table_name};
}

std::shared_ptr<Table> DynamoDbService::table(RequestContext& ctx, const Json& input,
                                              const char* member) const {
  auto it = input.find(member);
  if (it == input.end() || !it->is_string())
    throw errors::validation(
        "1 validation error detected: Value null at 'tableName' failed to "
        "satisfy constraint: Member must not be null");
  auto found = registry_->find(address(ctx, it->get<std::string>()));
  if (!found) throw errors::resourceNotFound();
  return found;
}

std::shared_ptr<Table> DynamoDbService::tableForAdmin(RequestContext& ctx,
                                                      const std::string& table_name) const {
  auto found = registry_->find(address(ctx, table_name));
  if (!found) throw errors::tableNotFound(table_name);
  return found;
}

std::string DynamoDbService::endpointAddress(RequestContext& ctx) const {
  if (ctx.http) {
    std::string host = ctx.http->host();
    if (!host.empty()) return host;
  }
  return listen_address_.empty() ? "localhost.localstack.cloud:4566" : listen_address_;
}

}  // namespace awsemu::dynamodb
