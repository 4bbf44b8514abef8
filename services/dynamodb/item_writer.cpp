#include "services/dynamodb/item_writer.hpp"

#include "services/dynamodb/pitr_history.hpp"
#include "services/dynamodb/stream_identity.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

Consumption writeConsumption(const Table& table, const ItemKey& key, const ItemPtr& old,
                             const ItemPtr& next) {
  Consumption out;
  out.read = false;
  out.table_name = table.schema.name;
  std::uint64_t old_size = old ? old->size : 0, new_size = next ? next->size : 0;
  out.table = writeUnits(std::max(old_size, new_size));
  for (std::size_t i = 0; i < table.schema.indexes.size(); ++i) {
    const auto& index = table.schema.indexes[i];
    auto before = old ? table.indexPosition(i, old->item, key) : std::nullopt;
    auto after = next ? table.indexPosition(i, next->item, key) : std::nullopt;
    double units = 0;
    if (before && after) {
      bool moved = before->slot != after->slot || before->entry != after->entry;
      units = moved ? writeUnits(old_size) + writeUnits(new_size)
                    : writeUnits(std::max(old_size, new_size));
    } else if (before) {
      units = writeUnits(old_size);
    } else if (after) {
      units = writeUnits(new_size);
    } else {
      continue;
    }
    (index.global ? out.global_indexes : out.local_indexes)[index.name] += units;
  }
  return out;
}

void reportChange(const Table& table, const ItemPtr& old, const ItemPtr& next,
                  WriteContext& context) {
  if (!context.sink || !table.schema.stream_enabled) return;
  ItemChange change;
  change.event_name = !old ? "INSERT" : next ? "MODIFY" : "REMOVE";
  change.keys = keyAttributes(table, next ? next->item : old->item);
  if (old) change.old_image = old->item;
  if (next) change.new_image = next->item;
  change.time = context.now;
  change.ttl_expiry = context.ttl_expiry;
  for (auto& write : context.sink->onChange(streamIdentity(table.schema), change))
    context.session.add(std::move(write));
}

}  // namespace

Json keyAttributes(const Table& table, const Json& item) {
  Json out = Json::object();
  const KeySchema& key = table.schema.key;
  if (auto it = item.find(key.hash.name); it != item.end()) out[key.hash.name] = *it;
  if (key.range)
    if (auto it = item.find(key.range->name); it != item.end()) out[key.range->name] = *it;
  return out;
}

Consumption writeItem(Table& table, const ItemKey& key, const ItemPtr& old,
                      std::optional<Json> next, WriteContext& context) {
  ItemPtr stored;
  if (next) {
    auto size = static_cast<std::uint32_t>(itemSize(*next));
    stored = std::make_shared<const StoredItem>(StoredItem{std::move(*next), size});
  }
  Consumption consumption = writeConsumption(table, key, old, stored);
  if (stored) {
    table.put(key, stored);
    context.session.putItem(table.store_id, key.slot, key.sort, stored->item);
  } else if (old) {
    table.erase(key);
    context.session.deleteItem(table.store_id, key.slot, key.sort);
  }
  if (!old && !stored) return consumption;
  if (table.schema.pitr_enabled) recordHistory(table, key, old, context.now, context.session);
  reportChange(table, old, stored, context);
  return consumption;
}

Consumption readConsumption(const Table& table, std::uint64_t bytes, bool consistent,
                            const std::string& index_name) {
  Consumption out;
  out.table_name = table.schema.name;
  double units = readUnits(bytes, consistent);
  if (index_name.empty()) {
    out.table = units;
  } else {
    const IndexSchema* index = table.schema.findIndex(index_name);
    (index && !index->global ? out.local_indexes : out.global_indexes)[index_name] = units;
  }
  return out;
}

}  // namespace awsemu::dynamodb
