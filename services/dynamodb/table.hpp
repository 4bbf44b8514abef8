#pragma once
// One table in memory: its schema and its items, kept in the primary key's order and in each
// secondary index's order. Every collection (the table itself and each index) is a map of
// partitions, a partition an ordered map of entries, so a Query touches only the partition it
// names and the entries it returns (its cost grows with its result, not with the table), and a
// Scan walks partitions in hash order, resumable from any key.
//
// Concurrency: `mutex` is the table's lock: shared for reads, exclusive for writes. Items are
// immutable once stored (shared by the table and its indexes); a write replaces the pointer, so a
// reader that copied a pointer keeps a consistent item.
#include <compare>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/table_schema.hpp"

namespace awsemu::dynamodb {

struct StoredItem {
  Json item;               // {name: AttributeValue}
  std::uint32_t size = 0;  // bytes as DynamoDB counts them
};
using ItemPtr = std::shared_ptr<const StoredItem>;

// An item's primary key, encoded (key_codec.hpp).
struct ItemKey {
  std::string slot;  // partitionSlot(encoded hash key)
  std::string sort;  // encoded range key; empty for hash-only tables
  auto operator<=>(const ItemKey&) const = default;
};

// An entry's order within a partition: the collection's sort key, then (for indexes, whose keys
// are not unique) the table's primary key.
struct EntryKey {
  std::string sort;
  ItemKey primary;
  auto operator<=>(const EntryKey&) const = default;
};

// A bound on the sort key alone, for seeking inside a partition: `after` places it after every
// entry whose sort key equals `sort`, else before them.
struct SortBound {
  std::string_view sort;
  bool after = false;
};

struct EntryLess {
  using is_transparent = void;
  bool operator()(const EntryKey& a, const EntryKey& b) const { return a < b; }
  bool operator()(const SortBound& bound, const EntryKey& entry) const {
    int c = bound.sort.compare(entry.sort);
    return c < 0 || (c == 0 && !bound.after);
  }
  bool operator()(const EntryKey& entry, const SortBound& bound) const {
    int c = std::string_view(entry.sort).compare(bound.sort);
    return c < 0 || (c == 0 && bound.after);
  }
};

struct Collection {
  using Partition = std::map<EntryKey, ItemPtr, EntryLess>;
  std::map<std::string, Partition> partitions;  // by partition slot
  std::int64_t count = 0, bytes = 0;
};

// One item write on a table with point-in-time recovery enabled: what the item was before it
// (nullopt: absent), so a restore can undo the writes made after its restore time
// (pitr_history.hpp).
struct HistoryEntry {
  std::int64_t at_ms = 0;  // epoch milliseconds of the write
  std::int64_t seq = 0;    // the table's write sequence, the order of writes within a millisecond
  ItemKey key;
  std::optional<Json> old;
};

struct PitrHistory {
  std::deque<HistoryEntry> entries;  // oldest first
  std::int64_t next_seq = 1;
};

// How a key is given: as a Key (exactly the key attributes) or inside an item.
enum class KeyUse { Key, Item };

class Table {
 public:
  Table(TableSchema schema, std::int64_t store_id) : schema(std::move(schema)), store_id(store_id) {
    indexes.resize(this->schema.indexes.size());
  }

  // The encoded key of a Key or an item; throws DynamoDB's validation errors.
  ItemKey keyOf(const Json& value, KeyUse use) const;
  // Where the item sits in an index: the partition slot and the entry key, or nullopt when the
  // item lacks an index key attribute (sparse index).
  struct IndexPosition {
    std::string slot;
    EntryKey entry;
  };
  std::optional<IndexPosition> indexPosition(std::size_t index, const Json& item,
                                             const ItemKey& primary) const;
  void checkIndexKeys(const Json& item) const;  // every index's key types (PutItem's checks)

  ItemPtr find(const ItemKey& key) const;
  // Stores `item` under `key`; returns the item it replaced (or null).
  ItemPtr put(const ItemKey& key, ItemPtr item);
  ItemPtr erase(const ItemKey& key);  // the removed item, or null
  void clear();
  // The collection a Query or Scan reads: the table (index < 0) or a secondary index.
  const Collection& collection(int index) const { return index < 0 ? items : indexes[index]; }
  void rebuildIndex(std::size_t index);  // after UpdateTable adds a GSI

  Json describe() const;  // DescribeTable's TableDescription

  mutable std::shared_mutex mutex;
  TableSchema schema;
  const std::int64_t store_id;  // the row id in the store
  Collection items;
  std::vector<Collection> indexes;  // parallel to schema.indexes
  PitrHistory history;              // only while schema.pitr_enabled
  bool deleted = false;             // removed from the registry while a request held it
};

}  // namespace awsemu::dynamodb
