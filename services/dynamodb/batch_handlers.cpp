// BatchGetItem (up to 100 keys) and BatchWriteItem (up to 25 puts and deletes). Every request of
// a batch is validated before any is carried out; each item write is atomic on its own, as in
// DynamoDB. Nothing is throttled here, so UnprocessedItems is always empty; UnprocessedKeys holds
// the keys past BatchGetItem's 16 MB response limit.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
#include <mutex>
#include <set>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/expressions/request_expressions.hpp"
#include "services/dynamodb/item_checks.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

constexpr std::size_t kMaxBatchGetKeys = 100;
constexpr std::size_t kMaxBatchWriteRequests = 25;
// "A single operation can retrieve up to 16 MB of data": the keys past it are returned unread.
constexpr std::uint64_t kMaxBatchGetBytes = 16 * 1024 * 1024;

// A table's entry in UnprocessedKeys: the keys not read, with the request's read parameters.
void addUnprocessed(Json& output, const std::string& table_name, const Json& request,
                    const Json& key) {
  Json& entry = output["UnprocessedKeys"][table_name];
  if (entry.is_null()) {
    entry = request;
    entry["Keys"] = Json::array();
  }
  entry["Keys"].push_back(key);
}

void addCapacity(Json& output, const Json& input, const Consumption& consumption) {
  Json document = consumption.toJson(input.value("ReturnConsumedCapacity", "NONE"));
  if (document.is_null()) return;
  if (!output.contains("ConsumedCapacity")) output["ConsumedCapacity"] = Json::array();
  output["ConsumedCapacity"].push_back(std::move(document));
}

}  // namespace

void DynamoDbService::registerBatchHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("BatchGetItem", bind(&DynamoDbService::batchGetItem));
  handle("BatchWriteItem", bind(&DynamoDbService::batchWriteItem));
}

Json DynamoDbService::batchGetItem(RequestContext& ctx, const Json& input) {
  const Json& request_items = input.at("RequestItems");
  std::size_t total = 0;
  for (const auto& [name, request] : request_items.items())
    total += request.value("Keys", Json::array()).size();
  if (total > kMaxBatchGetKeys)
    throw errors::validation("Too many items requested for the BatchGetItem call");
  Json output = {{"Responses", Json::object()}, {"UnprocessedKeys", Json::object()}};
  std::uint64_t response_bytes = 0;
  bool full = false;
  for (const auto& [name, request] : request_items.items()) {
    auto expressions = parseRequestExpressions(request);
    auto table = this->table(ctx, Json{{"TableName", name}});
    bool consistent = request.value("ConsistentRead", false);
    Json items = Json::array();
    Consumption consumption = readConsumption(*table, 0, consistent);
    consumption.table = 0;
    std::shared_lock lock(table->mutex);
    std::set<ItemKey> seen;
    std::vector<ItemKey> keys;
    for (Json key : request.at("Keys")) {
      normalizeItem(key);
      keys.push_back(table->keyOf(key, KeyUse::Key));
      if (!seen.insert(keys.back()).second)
        throw errors::validation("Provided list of item keys contains duplicates");
    }
    bool read_any = false;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      ItemPtr item = full ? nullptr : table->find(keys[i]);
      full = full || (item && response_bytes + item->size > kMaxBatchGetBytes);
      if (full) {  // this key and every later one, in this table and the next
        addUnprocessed(output, table->schema.name, request, request.at("Keys")[i]);
        continue;
      }
      read_any = true;
      consumption.table += readUnits(item ? item->size : 0, consistent);
      if (!item) continue;
      response_bytes += item->size;
      items.push_back(expressions.projection ? project(item->item, *expressions.projection)
                                             : item->item);
    }
    output["Responses"][table->schema.name] = std::move(items);
    if (read_any) addCapacity(output, input, consumption);
  }
  return output;
}

namespace {

struct BatchWrite {
  std::shared_ptr<Table> table;
  ItemKey key;
  std::optional<Json> item;  // put; nullopt: delete
};

}  // namespace

Json DynamoDbService::batchWriteItem(RequestContext& ctx, const Json& input) {
  const Json& request_items = input.at("RequestItems");
  std::size_t total = 0;
  for (const auto& [name, requests] : request_items.items()) total += requests.size();
  if (total > kMaxBatchWriteRequests)
    throw errors::validation("Too many items requested for the BatchWriteItem call");
  std::vector<BatchWrite> writes;
  std::vector<std::shared_ptr<Table>> tables;
  for (const auto& [name, requests] : request_items.items()) {
    auto table = this->table(ctx, Json{{"TableName", name}});
    tables.push_back(table);
    std::shared_lock lock(table->mutex);  // the schema, for the keys
    std::set<ItemKey> seen;
    for (const auto& request : requests) {
      BatchWrite write{table, {}, std::nullopt};
      if (auto put = request.find("PutRequest"); put != request.end()) {
        Json item = put->at("Item");
        normalizeItem(item);
        checkItemSize(item, false);
        write.key = table->keyOf(item, KeyUse::Item);
        table->checkIndexKeys(item);
        write.item = std::move(item);
      } else if (auto del = request.find("DeleteRequest"); del != request.end()) {
        Json key = del->at("Key");
        normalizeItem(key);
        write.key = table->keyOf(key, KeyUse::Key);
      } else {
        throw errors::validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
            "of the supported datatypes");
      }
      if (!seen.insert(write.key).second)
        throw errors::validation("Provided list of item keys contains duplicates");
      writes.push_back(std::move(write));
    }
  }
  auto ordered = lockOrder(tables);
  std::vector<std::unique_lock<std::shared_mutex>> locks;
  for (const auto& table : ordered) locks.emplace_back(table->mutex);
  for (const auto& table : ordered)
    if (table->deleted) throw errors::resourceNotFound();
  auto session = registry_->store().session();
  WriteContext context{session, sink_, ctx.now()};
  std::map<Table*, Consumption> consumed;
  for (auto& write : writes) {
    ItemPtr old = write.table->find(write.key);
    auto consumption = writeItem(*write.table, write.key, old, std::move(write.item), context);
    auto [it, inserted] = consumed.try_emplace(write.table.get(), consumption);
    if (!inserted) it->second.add(consumption);
  }
  session.submit();
  locks.clear();
  Json output = {{"UnprocessedItems", Json::object()}};
  for (const auto& [table, consumption] : consumed) addCapacity(output, input, consumption);
  return output;
}

}  // namespace awsemu::dynamodb
