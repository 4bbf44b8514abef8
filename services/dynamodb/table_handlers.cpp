// Table operations: Create/Describe/List/Update/Delete, TTL settings, limits and endpoints.
#include <mutex>

#include "awsemu/core/ids.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/stream_identity.hpp"
#include "services/dynamodb/table_definition.hpp"

namespace awsemu::dynamodb {

void DynamoDbService::registerTableHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("CreateTable", bind(&DynamoDbService::createTable));
  handle("DescribeTable", bind(&DynamoDbService::describeTable));
  handle("ListTables", bind(&DynamoDbService::listTables));
  handle("UpdateTable", bind(&DynamoDbService::updateTable));
  handle("DeleteTable", bind(&DynamoDbService::deleteTable));
  handle("UpdateTimeToLive", bind(&DynamoDbService::updateTimeToLive));
  handle("DescribeTimeToLive", bind(&DynamoDbService::describeTimeToLive));
  handle("DescribeLimits", bind(&DynamoDbService::describeLimits));
  handle("DescribeEndpoints", bind(&DynamoDbService::describeEndpoints));
}

void DynamoDbService::enableStream(TableSchema& schema, const std::string& view_type, double now,
                                   TableStore::Session& session) {
  schema.stream_enabled = true;
  schema.stream_view_type = view_type;
  // The label is the stream's creation time: "2026-12-03T07:15:02.123".
  std::string label = timefmt::iso8601(now, 3, true);
  if (!label.empty() && label.back() == 'Z') label.pop_back();
  schema.stream_label = label;
  schema.stream_created = now;
  if (!sink_) return;
  for (auto& write : sink_->onStreamEnabled(streamIdentity(schema))) session.add(std::move(write));
}

void DynamoDbService::disableStream(TableSchema& schema, TableStore::Session& session) {
  bool had_stream = schema.stream_enabled;
  schema.stream_enabled = false;
  if (!sink_ || !had_stream) return;
  for (auto& write : sink_->onStreamDisabled(schema.streamArn())) session.add(std::move(write));
}

Json DynamoDbService::createTable(RequestContext& ctx, const Json& input) {
  TableSchema schema = tableSchemaFromRequest(input);
  auto where = address(ctx, schema.name);
  schema.account = where.account;
  schema.region = where.region;
  schema.name = where.name;
  schema.arn = "arn:aws:dynamodb:" + schema.region + ":" + schema.account + ":table/" + schema.name;
  schema.id = ids::uuid4();
  schema.created = toEpochSeconds(ctx.now());
  if (auto sse = input.find("SSESpecification"); sse != input.end())
    schema.sse = sseFromRequest(*sse, schema.region, schema.account);
  // DynamoDB's default quota: 2,500 tables per account and region.
  if (registry_->count(schema.account, schema.region) >= 2500)
    throw errors::limitExceeded(
        "Subscriber limit exceeded: There is a limit of 2500 tables per "
        "account per region");
  bool stream = schema.stream_enabled;
  std::string view_type = schema.stream_view_type;
  schema.stream_enabled = false;
  auto table = registry_->create(std::move(schema));
  std::unique_lock lock(table->mutex);
  auto session = registry_->store().session();
  if (stream) {
    enableStream(table->schema, view_type, table->schema.created, session);
    session.putTable(table->store_id, table->schema.toJson());
  }
  return {{"TableDescription", table->describe()}};
}

Json DynamoDbService::describeTable(RequestContext& ctx, const Json& input) {
  auto table = tableForAdmin(ctx, input.value("TableName", ""));
  std::shared_lock lock(table->mutex);
  return {{"Table", table->describe()}};
}

Json DynamoDbService::listTables(RequestContext& ctx, const Json& input) {
  auto names = registry_->names(ctx.accountId(), ctx.region);
  std::size_t limit = input.value("Limit", 100);
  std::string start = input.value("ExclusiveStartTableName", "");
  Json out = {{"TableNames", Json::array()}};
  auto it = start.empty() ? names.begin() : std::upper_bound(names.begin(), names.end(), start);
  for (; it != names.end() && out["TableNames"].size() < limit; ++it)
    out["TableNames"].push_back(*it);
  if (it != names.end() && !out["TableNames"].empty())
    out["LastEvaluatedTableName"] = out["TableNames"].back();
  return out;
}

namespace {

void applyBilling(TableSchema& schema, const Json& input, double now) {
  std::string billing = input.value("BillingMode", schema.billing_mode);
  auto throughput = input.find("ProvisionedThroughput");
  if (billing != schema.billing_mode && billing == "PAY_PER_REQUEST") schema.billing_changed = now;
  if (billing == "PAY_PER_REQUEST") {
    throughputFromRequest(throughput == input.end() ? nullptr : &*throughput, billing, "");
    schema.throughput = {};
    for (auto& index : schema.indexes) index.throughput = {};
  } else if (throughput != input.end() || billing != schema.billing_mode) {
    schema.throughput =
        throughputFromRequest(throughput == input.end() ? nullptr : &*throughput, billing, "");
  }
  schema.billing_mode = billing;
}

// GlobalSecondaryIndexUpdates: Create (with new AttributeDefinitions), Update (throughput), Delete.
// Returns the positions of created indexes, to be filled from the table's items.
std::vector<std::size_t> applyIndexUpdates(TableSchema& schema, const Json& input) {
  std::vector<std::size_t> created;
  for (const auto& d : input.value("AttributeDefinitions", Json::array())) {
    char existing = schema.attributeType(d.value("AttributeName", ""));
    if (!existing) schema.attribute_definitions.push_back(d);
  }
  for (const auto& update : input.value("GlobalSecondaryIndexUpdates", Json::array())) {
    if (update.contains("Create")) {
      auto index = globalIndexFromRequest(update["Create"], schema.attribute_definitions,
                                          schema.billing_mode);
      if (schema.findIndex(index.name))
        throw errors::invalidParameter("Index with name: " + index.name + " already exists");
      schema.indexes.push_back(std::move(index));
      created.push_back(schema.indexes.size() - 1);
    } else if (update.contains("Update")) {
      std::string name = update["Update"].value("IndexName", "");
      auto* index = const_cast<IndexSchema*>(schema.findIndex(name));
      if (!index) throw errors::resourceNotFound("Requested resource not found: Index: " + name);
      auto throughput = update["Update"].find("ProvisionedThroughput");
      index->throughput = throughputFromRequest(
          throughput == update["Update"].end() ? nullptr : &*throughput, schema.billing_mode, name);
    } else if (update.contains("Delete")) {
      std::string name = update["Delete"].value("IndexName", "");
      if (!schema.findIndex(name))
        throw errors::resourceNotFound("Requested resource not found: Index: " + name);
    }
  }
  return created;
}

// A table that becomes PROVISIONED needs throughput for each of its global indexes (given in the
// same request's GlobalSecondaryIndexUpdates).
void checkIndexThroughput(const TableSchema& schema) {
  if (schema.billing_mode != "PROVISIONED") return;
  std::string missing;
  for (const auto& index : schema.indexes)
    if (index.global && index.throughput.read == 0)
      missing += (missing.empty() ? "" : ",") + index.name;
  if (!missing.empty())
    throw errors::invalidParameter("ProvisionedThroughput must be specified for index: " + missing);
}

// UpdateTable must change something.
void checkSomethingToUpdate(const Json& input) {
  for (const char* member : {"ProvisionedThroughput", "BillingMode", "StreamSpecification",
                             "GlobalSecondaryIndexUpdates", "SSESpecification", "ReplicaUpdates",
                             "DeletionProtectionEnabled", "TableClass", "OnDemandThroughput",
                             "WarmThroughput", "AttributeDefinitions"})
    if (input.contains(member)) return;
  throw errors::validation(
      "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
      "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
}

}  // namespace

Json DynamoDbService::updateTable(RequestContext& ctx, const Json& input) {
  auto table = tableForAdmin(ctx, input.value("TableName", ""));
  checkSomethingToUpdate(input);
  std::unique_lock lock(table->mutex);
  TableSchema schema = table->schema;  // changed as a whole or not at all
  double now = toEpochSeconds(ctx.now());
  auto session = registry_->store().session();
  applyBilling(schema, input, now);
  auto created = applyIndexUpdates(schema, input);
  checkIndexThroughput(schema);
  if (auto stream = input.find("StreamSpecification"); stream != input.end()) {
    auto [enabled, view_type] = streamFromRequest(*stream);
    if (enabled && schema.stream_enabled)
      throw errors::validation("Table already has an enabled stream: TableName: " + schema.name);
    if (!enabled && !schema.stream_enabled)
      throw errors::validation("Table already has no stream enabled: TableName: " + schema.name);
    if (enabled)
      enableStream(schema, view_type, now, session);
    else
      disableStream(schema, session);
  }
  if (input.contains("DeletionProtectionEnabled"))
    schema.deletion_protection = input["DeletionProtectionEnabled"].get<bool>();
  if (input.contains("TableClass")) schema.table_class = input["TableClass"];
  if (auto sse = input.find("SSESpecification"); sse != input.end())
    schema.sse = sseFromRequest(*sse, schema.region, schema.account);
  // Deleted indexes leave the schema last, so created ones keep their positions above.
  std::vector<std::string> deleted;
  for (const auto& update : input.value("GlobalSecondaryIndexUpdates", Json::array()))
    if (update.contains("Delete")) deleted.push_back(update["Delete"].value("IndexName", ""));
  table->schema = std::move(schema);
  for (std::size_t position : created) table->rebuildIndex(position);
  for (const auto& name : deleted)
    for (std::size_t i = 0; i < table->schema.indexes.size(); ++i)
      if (table->schema.indexes[i].name == name) {
        table->schema.indexes.erase(table->schema.indexes.begin() + i);
        table->indexes.erase(table->indexes.begin() + i);
        break;
      }
  session.putTable(table->store_id, table->schema.toJson());
  return {{"TableDescription", table->describe()}};
}

Json DynamoDbService::deleteTable(RequestContext& ctx, const Json& input) {
  std::string name = input.value("TableName", "");
  auto table = tableForAdmin(ctx, name);
  std::unique_lock lock(table->mutex);
  if (table->deleted) throw errors::tableNotFound(name);
  if (table->schema.deletion_protection)
    throw errors::validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
  Json description = table->describe();
  description["TableStatus"] = "DELETING";
  auto session = registry_->store().session();
  disableStream(table->schema, session);
  registry_->remove({table->schema.account, table->schema.region, table->schema.name});
  table->deleted = true;
  session.deleteTable(table->store_id);
  return {{"TableDescription", description}};
}

Json DynamoDbService::updateTimeToLive(RequestContext& ctx, const Json& input) {
  auto table = tableForAdmin(ctx, input.value("TableName", ""));
  const Json& specification = input.at("TimeToLiveSpecification");
  bool enabled = specification.value("Enabled", false);
  std::string attribute = specification.value("AttributeName", "");
  std::unique_lock lock(table->mutex);
  if (enabled && table->schema.ttl_enabled)
    throw errors::validation("TimeToLive is already enabled");
  if (!enabled && !table->schema.ttl_enabled)
    throw errors::validation("TimeToLive is already disabled");
  if (!enabled && attribute != table->schema.ttl_attribute)
    throw errors::validation("TimeToLive attribute name does not match the enabled one: " +
                             table->schema.ttl_attribute);
  table->schema.ttl_enabled = enabled;
  table->schema.ttl_attribute = enabled ? attribute : "";
  auto session = registry_->store().session();
  session.putTable(table->store_id, table->schema.toJson());
  return {{"TimeToLiveSpecification", specification}};
}

Json DynamoDbService::describeTimeToLive(RequestContext& ctx, const Json& input) {
  auto table = tableForAdmin(ctx, input.value("TableName", ""));
  std::shared_lock lock(table->mutex);
  Json description = {{"TimeToLiveStatus", table->schema.ttl_enabled ? "ENABLED" : "DISABLED"}};
  if (table->schema.ttl_enabled) description["AttributeName"] = table->schema.ttl_attribute;
  return {{"TimeToLiveDescription", description}};
}

// DynamoDB's default quotas:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
Json DynamoDbService::describeLimits(RequestContext&, const Json&) {
  return {{"AccountMaxReadCapacityUnits", 80000},
          {"AccountMaxWriteCapacityUnits", 80000},
          {"TableMaxReadCapacityUnits", 40000},
          {"TableMaxWriteCapacityUnits", 40000}};
}

// The address that reached this emulator (not AWS's host name), cached for a day as AWS says.
Json DynamoDbService::describeEndpoints(RequestContext& ctx, const Json&) {
  return {{"Endpoints",
           Json::array({{{"Address", endpointAddress(ctx)}, {"CachePeriodInMinutes", 1440}}})}};
}

}  // namespace awsemu::dynamodb
