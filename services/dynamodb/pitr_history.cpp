#include "services/dynamodb/pitr_history.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace awsemu::dynamodb {

std::int64_t epochMillis(SystemTime time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

void recordHistory(Table& table, const ItemKey& key, const ItemPtr& old, SystemTime now,
                   TableStore::Session& session) {
  if (!table.schema.pitr_enabled) return;
  auto& history = table.history;
  // Requests take their time before they wait for the lock: keep the history in time order.
  std::int64_t at_ms = epochMillis(now);
  if (!history.entries.empty()) at_ms = std::max(at_ms, history.entries.back().at_ms);
  // Lazy trim: entries older than the recovery window can no longer be restored past.
  std::int64_t trimmed_below = 0;
  while (!history.entries.empty() && history.entries.front().at_ms < at_ms - kRecoveryPeriodMs) {
    trimmed_below = history.entries.front().seq + 1;
    history.entries.pop_front();
  }
  if (trimmed_below > 0) session.trimHistory(table.store_id, trimmed_below);
  HistoryEntry entry{at_ms, history.next_seq++, key, std::nullopt};
  if (old) entry.old = old->item;
  session.putHistory(table.store_id, entry);
  history.entries.push_back(std::move(entry));
}

void dropHistory(Table& table, TableStore::Session& session) {
  if (!table.history.entries.empty()) session.trimHistory(table.store_id, table.history.next_seq);
  table.history.entries.clear();
}

std::vector<Json> itemsAt(const Table& table, std::int64_t at_ms) {
  std::map<ItemKey, const Json*> state;
  for (const auto& [slot, partition] : table.items.partitions)
    for (const auto& [entry, item] : partition) state[ItemKey{slot, entry.sort}] = &item->item;
  const auto& entries = table.history.entries;
  for (auto it = entries.rbegin(); it != entries.rend() && it->at_ms > at_ms; ++it) {
    if (it->old)
      state[it->key] = &*it->old;
    else
      state.erase(it->key);
  }
  std::vector<Json> out;
  out.reserve(state.size());
  for (const auto& [key, item] : state) out.push_back(*item);
  return out;
}

}  // namespace awsemu::dynamodb
