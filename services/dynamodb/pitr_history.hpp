#pragma once
// Point-in-time recovery. While PITR is enabled on a table, every item write (writeItem, the one
// place items change) appends the item's previous image to the table's history (Table::history),
// in memory and, with PERSISTENCE, in the same store commit as the write itself, so history and
// items never diverge. A restore to time T copies the current items and undoes, newest first,
// every write made after T. Entries older than the 35-day recovery window are trimmed on write;
// disabling PITR drops the history.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html
#include <cstdint>
#include <vector>

#include "awsemu/core/time.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/table_store.hpp"

namespace awsemu::dynamodb {

inline constexpr std::int64_t kRecoveryPeriodDays = 35;
inline constexpr std::int64_t kRecoveryPeriodMs = kRecoveryPeriodDays * 24 * 3600 * 1000;

std::int64_t epochMillis(SystemTime time);

// Records a write of the item at `key` whose previous version was `old` (null: absent); no-op
// unless PITR is enabled. Caller holds the table's exclusive lock.
void recordHistory(Table& table, const ItemKey& key, const ItemPtr& old, SystemTime now,
                   TableStore::Session& session);

// Forgets the history (PITR disabled). Caller holds the table's exclusive lock.
void dropHistory(Table& table, TableStore::Session& session);

// The table's items as they were at `at_ms` (epoch milliseconds): the current items with every
// write made after `at_ms` undone. Caller holds the table's lock (shared is enough).
std::vector<Json> itemsAt(const Table& table, std::int64_t at_ms);

}  // namespace awsemu::dynamodb
