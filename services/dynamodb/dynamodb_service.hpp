#pragma once
// Amazon DynamoDB: tables, items, queries and scans, batches, transactions, tags, TTL settings,
// backups, over awsJson 1.0.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/Welcome.html
//
// Handlers touch memory only (the tables in table_registry.hpp) and run on the I/O thread. With
// PERSISTENCE=1 each answer then waits, without blocking its thread, until the writes it made or
// saw have committed (table_store.hpp), so acknowledged means durable.
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "awsemu/service/service.hpp"
#include "services/dynamodb/item_change.hpp"
#include "services/dynamodb/table_registry.hpp"

namespace awsemu::service {
class CommitWaiters;
}

namespace awsemu::dynamodb {

class TtlSweeper;
class TransactionTokens;

class DynamoDbService : public service::Service {
 public:
  DynamoDbService();
  ~DynamoDbService() override;
  std::string name() const override { return "dynamodb"; }
  void start(service::ServiceEnvironment& env) override;
  void stop() override;
  void reset() override;
  std::optional<AwsError> validationError(std::string message) const override;

  // The stream log (services/dynamodbstreams), shared with the Streams service, hears of item
  // changes of tables with a stream.
  void setChangeSink(std::shared_ptr<ChangeSink> sink);
  TableRegistry* registry() { return registry_.get(); }

 private:
  void handle(const std::string& operation, service::SyncHandler handler);
  boost::asio::awaitable<void> committed();

  // The table a request names (a name or an ARN): item operations answer "Requested resource not
  // found", table operations name the table.
  TableAddress address(RequestContext& ctx, const std::string& table_name) const;
  std::shared_ptr<Table> table(RequestContext& ctx, const Json& input,
                               const char* member = "TableName") const;
  std::shared_ptr<Table> tableForAdmin(RequestContext& ctx, const std::string& table_name) const;
  std::string endpointAddress(RequestContext& ctx) const;

  // table_handlers.cpp
  void registerTableHandlers();
  Json createTable(RequestContext& ctx, const Json& input);
  Json describeTable(RequestContext& ctx, const Json& input);
  Json listTables(RequestContext& ctx, const Json& input);
  Json updateTable(RequestContext& ctx, const Json& input);
  Json deleteTable(RequestContext& ctx, const Json& input);
  Json updateTimeToLive(RequestContext& ctx, const Json& input);
  Json describeTimeToLive(RequestContext& ctx, const Json& input);
  Json describeLimits(RequestContext& ctx, const Json& input);
  Json describeEndpoints(RequestContext& ctx, const Json& input);
  // Stream lifecycle: the sink hears of it; returns the writes to commit with the change.
  void enableStream(TableSchema& schema, const std::string& view_type, double now,
                    TableStore::Session& session);
  void disableStream(TableSchema& schema, TableStore::Session& session);

  // tag_handlers.cpp
  void registerTagHandlers();
  Json tagResource(RequestContext& ctx, const Json& input);
  Json untagResource(RequestContext& ctx, const Json& input);
  Json listTagsOfResource(RequestContext& ctx, const Json& input);
  std::shared_ptr<Table> tableByArn(RequestContext& ctx, const std::string& arn) const;

  // backup_handlers.cpp
  void registerBackupHandlers();
  Json createBackup(RequestContext& ctx, const Json& input);
  Json describeBackup(RequestContext& ctx, const Json& input);
  Json listBackups(RequestContext& ctx, const Json& input);
  Json deleteBackup(RequestContext& ctx, const Json& input);
  Json restoreTableFromBackup(RequestContext& ctx, const Json& input);
  Json updateContinuousBackups(RequestContext& ctx, const Json& input);
  Json describeContinuousBackups(RequestContext& ctx, const Json& input);
  Json restoreTableToPointInTime(RequestContext& ctx, const Json& input);

  // item_handlers.cpp
  void registerItemHandlers();
  Json putItem(RequestContext& ctx, const Json& input);
  Json getItem(RequestContext& ctx, const Json& input);
  Json updateItem(RequestContext& ctx, const Json& input);
  Json deleteItem(RequestContext& ctx, const Json& input);

  // query_handlers.cpp
  void registerQueryHandlers();
  Json query(RequestContext& ctx, const Json& input);
  Json scan(RequestContext& ctx, const Json& input);

  // batch_handlers.cpp
  void registerBatchHandlers();
  Json batchGetItem(RequestContext& ctx, const Json& input);
  Json batchWriteItem(RequestContext& ctx, const Json& input);

  // transaction_handlers.cpp
  void registerTransactionHandlers();
  Json transactWriteItems(RequestContext& ctx, const Json& input);
  Json transactGetItems(RequestContext& ctx, const Json& input);

  // partiql_handlers.cpp
  void registerPartiqlHandlers();
  Json executeStatement(RequestContext& ctx, const Json& input);
  Json batchExecuteStatement(RequestContext& ctx, const Json& input);
  Json executeTransaction(RequestContext& ctx, const Json& input);

  std::vector<std::pair<std::string, service::SyncHandler>> sync_handlers_;
  std::unique_ptr<TableRegistry> registry_;
  std::unique_ptr<service::CommitWaiters> commit_waiters_;
  std::unique_ptr<TransactionTokens> tokens_;
  std::unique_ptr<TtlSweeper> ttl_sweeper_;  // deletes expired items (ttl_sweeper.hpp)
  std::shared_ptr<ChangeSink> sink_owner_;
  ChangeSink* sink_ = nullptr;
  std::string listen_address_;  // host:port the gateway serves, for DescribeEndpoints
};

}  // namespace awsemu::dynamodb
