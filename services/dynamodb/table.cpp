#include "services/dynamodb/table.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/key_codec.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

char typeLetter(const Json& value) {
  auto type = typeOf(value);
  if (type == ValueType::S) return 'S';
  if (type == ValueType::N) return 'N';
  if (type == ValueType::B) return 'B';
  return 0;
}

// One key attribute of an item (PutItem's wording).
const Json& itemKeyValue(const Json& item, const KeyAttribute& attribute) {
  auto it = item.find(attribute.name);
  if (it == item.end())
    throw errors::invalidParameter("Missing the key " + attribute.name + " in the item");
  if (typeLetter(*it) != attribute.type)
    throw errors::invalidParameter("Type mismatch for key " + attribute.name +
                                   " expected: " + std::string(1, attribute.type) +
                                   " actual: " + std::string(typeName(typeOf(*it))));
  return *it;
}

// One key attribute of a Key (GetItem, DeleteItem, UpdateItem, BatchGetItem...).
const Json& keyValue(const Json& key, const KeyAttribute& attribute) {
  auto it = key.find(attribute.name);
  if (it == key.end() || typeLetter(*it) != attribute.type)
    throw errors::validation("The provided key element does not match the schema");
  return *it;
}

}  // namespace

ItemKey Table::keyOf(const Json& value, KeyUse use) const {
  const KeySchema& key = schema.key;
  if (!value.is_object())
    throw errors::validation("The provided key element does not match the schema");
  if (use == KeyUse::Key && value.size() != (key.range ? 2u : 1u))
    throw errors::validation("The provided key element does not match the schema");
  auto pick = [&](const KeyAttribute& a) -> const Json& {
    return use == KeyUse::Key ? keyValue(value, a) : itemKeyValue(value, a);
  };
  const Json& hash = pick(key.hash);
  validateKeyValue(hash, key.hash.name, true);
  ItemKey out{partitionSlot(keyBytes(hash)), {}};
  if (key.range) {
    const Json& range = pick(*key.range);
    validateKeyValue(range, key.range->name, false);
    out.sort = keyBytes(range);
  }
  return out;
}

std::optional<Table::IndexPosition> Table::indexPosition(std::size_t index, const Json& item,
                                                         const ItemKey& primary) const {
  // A multi-attribute key encodes as its attributes' key bytes one after another: each encoding
  // is self-delimiting and sorts as its value, so the bytes sort as the values compared left to
  // right (and a single attribute encodes as before). An item lacking any of them is not indexed.
  const KeySchema& key = schema.indexes[index].key;
  std::string partition;
  auto append = [&item](std::string& out, const KeyAttribute& attribute) {
    auto it = item.find(attribute.name);
    if (it == item.end() || typeLetter(*it) != attribute.type) return false;
    appendKeyBytes(out, *it);
    return true;
  };
  if (!append(partition, key.hash)) return std::nullopt;
  for (const auto& attribute : key.more_hash)
    if (!append(partition, attribute)) return std::nullopt;
  IndexPosition out{{}, EntryKey{{}, primary}};
  if (key.range && !append(out.entry.sort, *key.range)) return std::nullopt;
  for (const auto& attribute : key.more_range)
    if (!append(out.entry.sort, attribute)) return std::nullopt;
  out.slot = partitionSlot(partition);
  return out;
}

void Table::checkIndexKeys(const Json& item) const {
  for (const auto& index : schema.indexes) {
    auto check = [&](const KeyAttribute& attribute) {
      auto it = item.find(attribute.name);
      if (it == item.end()) return;
      if (typeLetter(*it) != attribute.type)
        throw errors::invalidParameter("Type mismatch for Index Key " + attribute.name +
                                       " Expected: " + std::string(1, attribute.type) +
                                       " Actual: " + std::string(typeName(typeOf(*it))) +
                                       " IndexName: " + index.name);
      auto type = typeOf(*it);
      bool empty =
          (type == ValueType::S && it->at("S").get_ref<const std::string&>().empty()) ||
          (type == ValueType::B && it->at("B").is_binary() && it->at("B").get_binary().empty());
      if (empty)
        throw errors::validation(
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an "
            "empty " +
            std::string(type == ValueType::S ? "string" : "binary") +
            " value. IndexName: " + index.name + ", IndexKey: " + attribute.name);
    };
    for (const auto* attribute : index.key.attributes()) check(*attribute);
  }
}

ItemPtr Table::find(const ItemKey& key) const {
  auto partition = items.partitions.find(key.slot);
  if (partition == items.partitions.end()) return nullptr;
  auto entry = partition->second.find(EntryKey{key.sort, {}});
  return entry == partition->second.end() ? nullptr : entry->second;
}

namespace {

void addEntry(Collection& collection, const std::string& slot, EntryKey key, const ItemPtr& item) {
  auto& partition = collection.partitions[slot];
  auto [it, inserted] = partition.insert_or_assign(std::move(key), item);
  (void)it;
  if (inserted) ++collection.count;
}

void removeEntry(Collection& collection, const std::string& slot, const EntryKey& key) {
  auto partition = collection.partitions.find(slot);
  if (partition == collection.partitions.end()) return;
  if (partition->second.erase(key) > 0) --collection.count;
  if (partition->second.empty()) collection.partitions.erase(partition);
}

}  // namespace

ItemPtr Table::put(const ItemKey& key, ItemPtr item) {
  ItemPtr old = erase(key);
  addEntry(items, key.slot, EntryKey{key.sort, {}}, item);
  items.bytes += item->size;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    auto position = indexPosition(i, item->item, key);
    if (!position) continue;
    addEntry(indexes[i], position->slot, std::move(position->entry), item);
    indexes[i].bytes += item->size;
  }
  return old;
}

ItemPtr Table::erase(const ItemKey& key) {
  ItemPtr old = find(key);
  if (!old) return nullptr;
  removeEntry(items, key.slot, EntryKey{key.sort, {}});
  items.bytes -= old->size;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    auto position = indexPosition(i, old->item, key);
    if (!position) continue;
    removeEntry(indexes[i], position->slot, position->entry);
    indexes[i].bytes -= old->size;
  }
  return old;
}

void Table::clear() {
  items = {};
  for (auto& index : indexes) index = {};
}

void Table::rebuildIndex(std::size_t index) {
  indexes.resize(schema.indexes.size());
  indexes[index] = {};
  for (const auto& [slot, partition] : items.partitions)
    for (const auto& [entry, item] : partition) {
      auto position = indexPosition(index, item->item, ItemKey{slot, entry.sort});
      if (!position) continue;
      addEntry(indexes[index], position->slot, std::move(position->entry), item);
      indexes[index].bytes += item->size;
    }
}

Json Table::describe() const {
  std::vector<std::pair<std::int64_t, std::int64_t>> stats;
  for (const auto& index : indexes) stats.emplace_back(index.count, index.bytes);
  return describeTable(schema, items.count, items.bytes, stats);
}

}  // namespace awsemu::dynamodb
