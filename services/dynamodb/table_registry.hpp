#pragma once
// Every table of every account and region (the same name in two accounts or regions is two
// tables), the backups, and the store they persist to.
//
// Locking: the registry's own lock guards only the name → table map and is held for look-ups;
// each table has its own lock (table.hpp), so requests on different tables, and reads on one
// table, run in parallel. Writers that need several tables (transactions) lock them in the order
// of lockOrder(), so two transactions never wait on each other in a cycle. A table's lock may be
// held while taking the registry's (DeleteTable), never the other way round.
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "services/dynamodb/item_change.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/table_store.hpp"

namespace awsemu::dynamodb {

struct TableAddress {
  std::string account, region, name;
};

struct Backup {
  Json description;  // BackupDetails + source table details, as DescribeBackup reports them
  TableSchema schema;
  Json items = Json::array();
};

class TableRegistry {
 public:
  explicit TableRegistry(TableStore store) : store_(std::move(store)) {}

  void load();   // start-up: tables, items and backups from the store
  void clear();  // reset
  TableStore& store() { return store_; }

  std::shared_ptr<Table> find(const TableAddress& address) const;
  // Adds a table (ResourceInUseException when the name is taken); records it in the store.
  std::shared_ptr<Table> create(TableSchema schema);
  // Removes a table from the registry (the caller holds its lock and records the deletion).
  void remove(const TableAddress& address);
  std::vector<std::string> names(const std::string& account, const std::string& region) const;
  std::size_t count(const std::string& account, const std::string& region) const;
  std::vector<std::shared_ptr<Table>> all() const;  // every table of every account and region

  // Backups (guarded by the registry's lock).
  void putBackup(const std::string& arn, Backup backup);
  std::optional<Backup> backup(const std::string& arn) const;
  void removeBackup(const std::string& arn);
  std::vector<Backup> backups(const std::string& account, const std::string& region) const;

  void setChangeSink(ChangeSink* sink) { sink_ = sink; }
  ChangeSink* changeSink() const { return sink_; }

 private:
  static std::string keyOf(const TableAddress& address);
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<Table>> tables_;  // account \0 region \0 name
  std::map<std::string, Backup> backups_;                 // by ARN
  std::int64_t next_id_ = 1;
  TableStore store_;
  ChangeSink* sink_ = nullptr;
};

// Tables to lock for a multi-table write, in the one order every such writer uses.
std::vector<std::shared_ptr<Table>> lockOrder(std::vector<std::shared_ptr<Table>> tables);

}  // namespace awsemu::dynamodb
