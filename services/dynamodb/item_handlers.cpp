// PutItem, GetItem, UpdateItem, DeleteItem.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
#include <mutex>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/expressions/request_expressions.hpp"
#include "services/dynamodb/item_checks.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {

void DynamoDbService::registerItemHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("PutItem", bind(&DynamoDbService::putItem));
  handle("GetItem", bind(&DynamoDbService::getItem));
  handle("UpdateItem", bind(&DynamoDbService::updateItem));
  handle("DeleteItem", bind(&DynamoDbService::deleteItem));
}

Json DynamoDbService::putItem(RequestContext& ctx, const Json& input) {
  std::string return_values = returnValues(input, {"NONE", "ALL_OLD"});
  Json item = input.at("Item");
  normalizeItem(item);
  checkItemSize(item);
  auto expressions = parseRequestExpressions(input);
  auto table = this->table(ctx, input);
  Json output = Json::object();
  std::unique_lock lock(table->mutex);
  if (table->deleted) throw errors::resourceNotFound();
  ItemKey key = table->keyOf(item, KeyUse::Item);
  table->checkIndexKeys(item);
  ItemPtr old = table->find(key);
  checkCondition(expressions.condition, old, input);
  auto session = registry_->store().session();
  WriteContext context{session, sink_, ctx.now()};
  auto consumption = writeItem(*table, key, old, std::move(item), context);
  session.submit();
  if (return_values == "ALL_OLD" && old) output["Attributes"] = old->item;
  addItemCollectionMetrics(output, input, *table, key);
  lock.unlock();
  reportCapacity(output, input, consumption);
  return output;
}

Json DynamoDbService::getItem(RequestContext& ctx, const Json& input) {
  Json key_value = input.at("Key");
  normalizeItem(key_value);
  auto expressions = parseRequestExpressions(input);
  bool consistent = input.value("ConsistentRead", false);
  auto table = this->table(ctx, input);
  Json output = Json::object();
  ItemPtr item;
  {
    std::shared_lock lock(table->mutex);
    item = table->find(table->keyOf(key_value, KeyUse::Key));
  }
  if (item)
    output["Item"] =
        expressions.projection ? project(item->item, *expressions.projection) : item->item;
  reportCapacity(output, input, readConsumption(*table, item ? item->size : 0, consistent));
  return output;
}

Json DynamoDbService::updateItem(RequestContext& ctx, const Json& input) {
  std::string return_values =
      returnValues(input, {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"});
  Json key_value = input.at("Key");
  normalizeItem(key_value);
  auto expressions = parseRequestExpressions(input);
  auto table = this->table(ctx, input);
  Json output = Json::object();
  std::unique_lock lock(table->mutex);
  if (table->deleted) throw errors::resourceNotFound();
  ItemKey key = table->keyOf(key_value, KeyUse::Key);
  if (expressions.update) checkKeyNotUpdated(*table, *expressions.update);
  ItemPtr old = table->find(key);
  checkCondition(expressions.condition, old, input);
  Json next = old ? old->item : key_value;
  if (expressions.update) applyUpdate(*expressions.update, next);
  checkItemSize(next, /*update=*/true);
  table->checkIndexKeys(next);
  auto session = registry_->store().session();
  WriteContext context{session, sink_, ctx.now()};
  Json updated_new;
  if (return_values == "ALL_NEW") output["Attributes"] = next;
  if (return_values == "UPDATED_NEW" && expressions.update)
    updated_new = project(next, expressions.update->updatedPaths());
  auto consumption = writeItem(*table, key, old, std::move(next), context);
  session.submit();
  if (return_values == "ALL_OLD" && old) output["Attributes"] = old->item;
  if (return_values == "UPDATED_OLD" && old && expressions.update)
    output["Attributes"] = project(old->item, expressions.update->updatedPaths());
  if (return_values == "UPDATED_NEW" && updated_new.is_object()) output["Attributes"] = updated_new;
  if (output.contains("Attributes") && output["Attributes"].empty()) output.erase("Attributes");
  addItemCollectionMetrics(output, input, *table, key);
  lock.unlock();
  reportCapacity(output, input, consumption);
  return output;
}

Json DynamoDbService::deleteItem(RequestContext& ctx, const Json& input) {
  std::string return_values = returnValues(input, {"NONE", "ALL_OLD"});
  Json key_value = input.at("Key");
  normalizeItem(key_value);
  auto expressions = parseRequestExpressions(input);
  auto table = this->table(ctx, input);
  Json output = Json::object();
  std::unique_lock lock(table->mutex);
  if (table->deleted) throw errors::resourceNotFound();
  ItemKey key = table->keyOf(key_value, KeyUse::Key);
  ItemPtr old = table->find(key);
  checkCondition(expressions.condition, old, input);
  auto session = registry_->store().session();
  WriteContext context{session, sink_, ctx.now()};
  auto consumption = writeItem(*table, key, old, std::nullopt, context);
  session.submit();
  if (return_values == "ALL_OLD" && old) output["Attributes"] = old->item;
  addItemCollectionMetrics(output, input, *table, key);
  lock.unlock();
  reportCapacity(output, input, consumption);
  return output;
}

}  // namespace awsemu::dynamodb
