// On-demand backups (Create/Describe/List/Delete, RestoreTableFromBackup) and point-in-time
// recovery settings. A backup is a copy of the table's schema and items taken under the table's
// lock; restores create a new table from it. Point-in-time restores undo the writes made after
// the restore time, from the history kept while PITR is enabled (pitr_history.hpp).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Backup-and-Restore.html
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>

#include "awsemu/core/ids.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/pitr_history.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

Json sourceTableDetails(const TableSchema& s, std::int64_t count, std::int64_t bytes) {
  return {{"TableName", s.name},
          {"TableId", s.id},
          {"TableArn", s.arn},
          {"TableSizeBytes", bytes},
          {"KeySchema", s.key.toJson()},
          {"TableCreationDateTime", s.created},
          {"ProvisionedThroughput",
           {{"ReadCapacityUnits", s.throughput.read}, {"WriteCapacityUnits", s.throughput.write}}},
          {"ItemCount", count},
          {"BillingMode", s.billing_mode}};
}

Json backupSummary(const Backup& backup) {
  const Json& details = backup.description["BackupDetails"];
  const Json& source = backup.description["SourceTableDetails"];
  return {{"TableName", source["TableName"]},
          {"TableId", source["TableId"]},
          {"TableArn", source["TableArn"]},
          {"BackupArn", details["BackupArn"]},
          {"BackupName", details["BackupName"]},
          {"BackupCreationDateTime", details["BackupCreationDateTime"]},
          {"BackupStatus", details["BackupStatus"]},
          {"BackupType", details["BackupType"]},
          {"BackupSizeBytes", details["BackupSizeBytes"]}};
}

}  // namespace

void DynamoDbService::registerBackupHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("CreateBackup", bind(&DynamoDbService::createBackup));
  handle("DescribeBackup", bind(&DynamoDbService::describeBackup));
  handle("ListBackups", bind(&DynamoDbService::listBackups));
  handle("DeleteBackup", bind(&DynamoDbService::deleteBackup));
  handle("RestoreTableFromBackup", bind(&DynamoDbService::restoreTableFromBackup));
  handle("UpdateContinuousBackups", bind(&DynamoDbService::updateContinuousBackups));
  handle("DescribeContinuousBackups", bind(&DynamoDbService::describeContinuousBackups));
  handle("RestoreTableToPointInTime", bind(&DynamoDbService::restoreTableToPointInTime));
}

Json DynamoDbService::createBackup(RequestContext& ctx, const Json& input) {
  auto table = tableForAdmin(ctx, input.value("TableName", ""));
  double now = toEpochSeconds(ctx.now());
  Backup backup;
  {
    std::shared_lock lock(table->mutex);
    backup.schema = table->schema;
    for (const auto& [slot, partition] : table->items.partitions)
      for (const auto& [entry, item] : partition) backup.items.push_back(item->item);
    char id[32];
    std::snprintf(id, sizeof id, "%014lld", static_cast<long long>(now * 1000));
    std::string arn = table->schema.arn + "/backup/" + id + "-" + ids::randomAlnum(8).substr(0, 8);
    backup.description = {
        {"BackupDetails",
         {{"BackupArn", arn},
          {"BackupName", input.value("BackupName", "")},
          {"BackupSizeBytes", table->items.bytes},
          {"BackupStatus", "AVAILABLE"},
          {"BackupType", "USER"},
          {"BackupCreationDateTime", now}}},
        {"SourceTableDetails",
         sourceTableDetails(table->schema, table->items.count, table->items.bytes)},
        {"SourceTableFeatureDetails", Json::object()}};
  }
  std::string arn = backup.description["BackupDetails"]["BackupArn"];
  Json details = backup.description["BackupDetails"];
  registry_->putBackup(arn, std::move(backup));
  return {{"BackupDetails", details}};
}

Json DynamoDbService::describeBackup(RequestContext&, const Json& input) {
  std::string arn = input.value("BackupArn", "");
  auto backup = registry_->backup(arn);
  if (!backup) throw errors::backupNotFound(arn);
  return {{"BackupDescription", backup->description}};
}

Json DynamoDbService::listBackups(RequestContext& ctx, const Json& input) {
  std::string table_name = input.value("TableName", "");
  Json summaries = Json::array();
  for (const auto& backup : registry_->backups(ctx.accountId(), ctx.region))
    if (table_name.empty() || backup.schema.name == table_name)
      summaries.push_back(backupSummary(backup));
  return {{"BackupSummaries", summaries}};
}

Json DynamoDbService::deleteBackup(RequestContext&, const Json& input) {
  std::string arn = input.value("BackupArn", "");
  auto backup = registry_->backup(arn);
  if (!backup) throw errors::backupNotFound(arn);
  registry_->removeBackup(arn);
  Json description = backup->description;
  description["BackupDetails"]["BackupStatus"] = "DELETED";
  return {{"BackupDescription", description}};
}

namespace {

// A new table named `target` with `source`'s schema and `items`.
template <typename Items>
std::shared_ptr<Table> restoreInto(TableRegistry& registry, TableSchema schema,
                                   const std::string& target, const Items& items,
                                   RequestContext& ctx, const Json& input) {
  schema.name = target;
  schema.arn = "arn:aws:dynamodb:" + schema.region + ":" + schema.account + ":table/" + target;
  schema.id = ids::uuid4();
  schema.created = toEpochSeconds(ctx.now());
  schema.stream_enabled = false;
  schema.stream_label.clear();
  schema.ttl_enabled = false;
  schema.pitr_enabled = false;
  schema.deletion_protection = false;
  schema.tags = Json::array();
  if (input.contains("BillingModeOverride")) schema.billing_mode = input["BillingModeOverride"];
  if (auto* throughput = input.contains("ProvisionedThroughputOverride")
                             ? &input["ProvisionedThroughputOverride"]
                             : nullptr)
    schema.throughput = {(*throughput).value("ReadCapacityUnits", 0),
                         (*throughput).value("WriteCapacityUnits", 0)};
  if (registry.find({schema.account, schema.region, target}))
    throw errors::tableAlreadyExistsForRestore(target);
  auto table = registry.create(std::move(schema));
  std::unique_lock lock(table->mutex);
  auto session = registry.store().session();
  for (const auto& item : items) {
    auto key = table->keyOf(item, KeyUse::Item);
    auto size = static_cast<std::uint32_t>(itemSize(item));
    table->put(key, std::make_shared<const StoredItem>(StoredItem{item, size}));
    session.putItem(table->store_id, key.slot, key.sort, item);
  }
  return table;
}

}  // namespace

Json DynamoDbService::restoreTableFromBackup(RequestContext& ctx, const Json& input) {
  std::string arn = input.value("BackupArn", "");
  auto backup = registry_->backup(arn);
  if (!backup) throw errors::backupNotFound(arn);
  auto table = restoreInto(*registry_, backup->schema, input.value("TargetTableName", ""),
                           backup->items, ctx, input);
  std::shared_lock lock(table->mutex);
  Json description = table->describe();
  description["RestoreSummary"] = {{"SourceBackupArn", arn},
                                   {"SourceTableArn", backup->schema.arn},
                                   {"RestoreDateTime", table->schema.created},
                                   {"RestoreInProgress", false}};
  return {{"TableDescription", description}};
}

namespace {

// The recovery window starts when PITR was enabled, at most 35 days back. It ends now: AWS
// reports about five minutes ago, a local emulator has no replication lag to hide.
double earliestRestorable(const TableSchema& schema, double now) {
  return std::max(schema.pitr_changed, now - kRecoveryPeriodDays * 24 * 3600.0);
}

Json continuousBackups(const TableSchema& schema, double now) {
  Json pitr = {{"PointInTimeRecoveryStatus", schema.pitr_enabled ? "ENABLED" : "DISABLED"}};
  if (schema.pitr_enabled) {
    pitr["EarliestRestorableDateTime"] = earliestRestorable(schema, now);
    pitr["LatestRestorableDateTime"] = now;
    pitr["RecoveryPeriodInDays"] = kRecoveryPeriodDays;
  }
  return {{"ContinuousBackupsStatus", "ENABLED"}, {"PointInTimeRecoveryDescription", pitr}};
}

}  // namespace

Json DynamoDbService::updateContinuousBackups(RequestContext& ctx, const Json& input) {
  auto table = tableForAdmin(ctx, input.value("TableName", ""));
  bool enabled =
      input.at("PointInTimeRecoverySpecification").value("PointInTimeRecoveryEnabled", false);
  double now = toEpochSeconds(ctx.now());
  std::unique_lock lock(table->mutex);
  if (enabled != table->schema.pitr_enabled) table->schema.pitr_changed = now;
  table->schema.pitr_enabled = enabled;
  auto session = registry_->store().session();
  if (!enabled) dropHistory(*table, session);  // a new recovery window starts at the next enable
  session.putTable(table->store_id, table->schema.toJson());
  return {{"ContinuousBackupsDescription", continuousBackups(table->schema, now)}};
}

Json DynamoDbService::describeContinuousBackups(RequestContext& ctx, const Json& input) {
  auto table = tableForAdmin(ctx, input.value("TableName", ""));
  std::shared_lock lock(table->mutex);
  return {{"ContinuousBackupsDescription",
           continuousBackups(table->schema, toEpochSeconds(ctx.now()))}};
}

namespace {

// The restore time (epoch seconds) a request asks for, checked against the recovery window.
double restoreTime(const Json& input, const TableSchema& schema, double now) {
  if (input.value("UseLatestRestorableTime", false)) return now;
  if (!input.contains("RestoreDateTime")) return now;  // neither given: the latest time
  double time = input["RestoreDateTime"].get<double>();
  // Clients send whole seconds (botocore truncates), so the window's start is compared in
  // whole seconds too; a restore to that second restores the state PITR was enabled with.
  if (std::floor(time) < std::floor(earliestRestorable(schema, now)) || time > now)
    throw errors::invalidRestoreTime();
  return std::max(time, earliestRestorable(schema, now));
}

}  // namespace

Json DynamoDbService::restoreTableToPointInTime(RequestContext& ctx, const Json& input) {
  std::string source_name = input.value("SourceTableName", input.value("SourceTableArn", ""));
  auto source = registry_->find(address(ctx, source_name));
  if (!source) throw errors::tableNotFoundForRestore(source_name);
  double now = toEpochSeconds(ctx.now());
  TableSchema schema;
  std::vector<Json> items;
  double time = now;
  {
    std::shared_lock lock(source->mutex);
    if (!source->schema.pitr_enabled)
      throw errors::pointInTimeRecoveryUnavailable(source->schema.name);
    schema = source->schema;
    time = restoreTime(input, schema, now);
    items = itemsAt(*source, static_cast<std::int64_t>(std::floor(time * 1000)));
  }
  auto table =
      restoreInto(*registry_, schema, input.value("TargetTableName", ""), items, ctx, input);
  std::shared_lock lock(table->mutex);
  Json description = table->describe();
  description["RestoreSummary"] = {
      {"SourceTableArn", schema.arn}, {"RestoreDateTime", time}, {"RestoreInProgress", false}};
  return {{"TableDescription", description}};
}

}  // namespace awsemu::dynamodb
