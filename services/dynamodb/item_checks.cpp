#include "services/dynamodb/item_checks.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {

std::string returnValues(const Json& input, std::initializer_list<const char*> allowed) {
  std::string value = input.value("ReturnValues", "NONE");
  for (const char* name : allowed)
    if (value == name) return value;
  if (allowed.size() == 2) throw errors::validation("ReturnValues can only be ALL_OLD or NONE");
  throw errors::validation("1 validation error detected: Value '" + value +
                           "' at 'returnValues' failed to satisfy constraint: Member must satisfy "
                           "enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
}

void checkCondition(const std::optional<Condition>& condition, const ItemPtr& old,
                    const Json& input) {
  if (!condition || evaluate(*condition, old ? &old->item : nullptr)) return;
  AwsError error = errors::conditionalCheckFailed();
  if (old && input.value("ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD")
    error.with("Item", old->item);
  throw error;
}

void checkKeyNotUpdated(const Table& table, const UpdatePlan& plan) {
  const KeySchema& key = table.schema.key;
  for (const auto* attribute : {&key.hash, key.range ? &*key.range : nullptr})
    if (attribute && plan.touchesAttribute(attribute->name))
      throw errors::invalidParameter("Cannot update attribute " + attribute->name +
                                     ". This attribute is part of the key");
}

void checkItemSize(const Json& item, bool update) {
  if (!update) {
    dynamodb::checkItemSize(item);
    return;
  }
  if (itemSize(item) > kMaxItemBytes)
    throw errors::validation("Item size to update has exceeded the maximum allowed size");
}

void addItemCollectionMetrics(Json& output, const Json& input, const Table& table,
                              const ItemKey& key) {
  if (input.value("ReturnItemCollectionMetrics", "NONE") != "SIZE") return;
  bool has_local = false;
  for (const auto& index : table.schema.indexes) has_local = has_local || !index.global;
  if (!has_local) return;
  Json collection_key = Json::object();
  std::uint64_t bytes = 0;
  auto partition = table.items.partitions.find(key.slot);
  if (partition != table.items.partitions.end()) {
    for (const auto& [entry, item] : partition->second) bytes += item->size;
    const auto& first = partition->second.begin()->second->item;
    collection_key[table.schema.key.hash.name] = first.at(table.schema.key.hash.name);
  }
  if (collection_key.empty()) return;
  double gb = static_cast<double>(bytes) / (1024.0 * 1024 * 1024);
  output["ItemCollectionMetrics"] = {{"ItemCollectionKey", collection_key},
                                     {"SizeEstimateRangeGB", {gb, gb + 1}}};
}

}  // namespace awsemu::dynamodb
