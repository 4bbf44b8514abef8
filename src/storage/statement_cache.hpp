#pragma once
// Internal: the per-connection cache of prepared statements behind Database::statement().
//
// Entries are never removed while the connection is open (so a CacheEntry* held by a Statement
// stays valid); an entry lent to a Statement is marked in_use, and asking for the same SQL again
// meanwhile (a nested query) prepares a second, uncached statement instead of resetting the first.
#include <sqlite3.h>

#include <cstddef>
#include <functional>
#include <map>
#include <string>

namespace awsemu::storage::detail {

struct CacheEntry {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
};

struct StatementCache {
  std::map<std::string, CacheEntry, std::less<>> entries;
  std::size_t capacity = 0;

  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  // Finalizes every idle statement; lent ones are finalized by their Statement, which finds the
  // cache gone (its weak_ptr expired).
  ~StatementCache() {
    for (auto& [sql, entry] : entries)
      if (!entry.in_use) sqlite3_finalize(entry.stmt);
  }
};

}  // namespace awsemu::storage::detail
