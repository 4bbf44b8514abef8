#pragma once
// The one place an item changes: memory (table and indexes), the store, and the stream. Callers
// hold the table's exclusive lock and submit the session before releasing it, so the store and the
// stream see each item's changes in the order memory did.
#include <optional>

#include "awsemu/core/time.hpp"
#include "services/dynamodb/capacity.hpp"
#include "services/dynamodb/item_change.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/table_store.hpp"

namespace awsemu::dynamodb {

struct WriteContext {
  TableStore::Session& session;
  ChangeSink* sink = nullptr;
  SystemTime now{};
  bool ttl_expiry = false;  // a TTL sweep deletion: the stream record names DynamoDB as the remover
};

// Replaces the item at `key` (old: what find() returned) with `next`, or deletes it when `next` is
// nullopt. Returns the write units the change consumed on the table and its indexes.
Consumption writeItem(Table& table, const ItemKey& key, const ItemPtr& old,
                      std::optional<Json> next, WriteContext& context);

// The key attributes of an item ({pk: .., sk: ..}).
Json keyAttributes(const Table& table, const Json& item);

// The units reading `bytes` costs on the table (or index `index_name`).
Consumption readConsumption(const Table& table, std::uint64_t bytes, bool consistent,
                            const std::string& index_name = "");

}  // namespace awsemu::dynamodb
