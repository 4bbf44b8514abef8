#include "services/dynamodb/table_registry.hpp"

#include <algorithm>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {

std::string TableRegistry::keyOf(const TableAddress& a) {
  std::string key = a.account;
  key += '\0';
  key += a.region;
  key += '\0';
  key += a.name;
  return key;
}

void TableRegistry::load() {
  std::map<std::int64_t, std::shared_ptr<Table>> by_id;
  store_.loadTables([&](std::int64_t id, Json json) {
    auto table = std::make_shared<Table>(TableSchema::fromJson(json), id);
    by_id[id] = table;
    tables_[keyOf({table->schema.account, table->schema.region, table->schema.name})] = table;
    next_id_ = std::max(next_id_, id + 1);
  });
  store_.loadItems([&](std::int64_t table_id, Json item) {
    auto it = by_id.find(table_id);
    if (it == by_id.end()) return;
    Table& table = *it->second;
    auto key = table.keyOf(item, KeyUse::Item);
    auto size = static_cast<std::uint32_t>(itemSize(item));
    table.put(key, std::make_shared<const StoredItem>(StoredItem{std::move(item), size}));
  });
  store_.loadHistory([&](std::int64_t table_id, HistoryEntry entry) {
    auto it = by_id.find(table_id);
    if (it == by_id.end()) return;
    auto& history = it->second->history;
    history.next_seq = std::max(history.next_seq, entry.seq + 1);
    history.entries.push_back(std::move(entry));
  });
  store_.loadBackups([&](Json description, Json items) {
    Backup backup;
    backup.schema = TableSchema::fromJson(description.at("Schema"));
    description.erase("Schema");
    backup.description = std::move(description);
    backup.items = std::move(items);
    std::string arn = backup.description["BackupDetails"].value("BackupArn", "");
    backups_[arn] = std::move(backup);
  });
}

void TableRegistry::clear() {
  std::map<std::string, std::shared_ptr<Table>> dropped;
  {
    std::unique_lock lock(mutex_);
    dropped.swap(tables_);
    backups_.clear();
    auto session = store_.session();
    session.clear();
  }
  // Outside the registry's lock: DeleteTable takes a table's lock, then the registry's.
  for (auto& [key, table] : dropped) {
    std::unique_lock table_lock(table->mutex);
    table->deleted = true;
  }
}

std::shared_ptr<Table> TableRegistry::find(const TableAddress& address) const {
  std::shared_lock lock(mutex_);
  auto it = tables_.find(keyOf(address));
  return it == tables_.end() ? nullptr : it->second;
}

std::shared_ptr<Table> TableRegistry::create(TableSchema schema) {
  std::unique_lock lock(mutex_);
  auto key = keyOf({schema.account, schema.region, schema.name});
  if (tables_.count(key)) throw errors::tableAlreadyExists(schema.name);
  auto table = std::make_shared<Table>(std::move(schema), next_id_++);
  tables_[key] = table;
  auto session = store_.session();
  session.putTable(table->store_id, table->schema.toJson());
  return table;
}

void TableRegistry::remove(const TableAddress& address) {
  std::unique_lock lock(mutex_);
  tables_.erase(keyOf(address));
}

std::vector<std::string> TableRegistry::names(const std::string& account,
                                              const std::string& region) const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  std::string prefix = keyOf({account, region, ""});
  for (auto it = tables_.lower_bound(prefix);
       it != tables_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    out.push_back(it->first.substr(prefix.size()));
  return out;  // in name order: the map's order
}

std::vector<std::shared_ptr<Table>> TableRegistry::all() const {
  std::shared_lock lock(mutex_);
  std::vector<std::shared_ptr<Table>> out;
  out.reserve(tables_.size());
  for (const auto& [key, table] : tables_) out.push_back(table);
  return out;
}

std::size_t TableRegistry::count(const std::string& account, const std::string& region) const {
  return names(account, region).size();
}

void TableRegistry::putBackup(const std::string& arn, Backup backup) {
  std::unique_lock lock(mutex_);
  Json stored = backup.description;
  stored["Schema"] = backup.schema.toJson();
  auto session = store_.session();
  session.putBackup(arn, stored, backup.items);
  backups_[arn] = std::move(backup);
}

std::optional<Backup> TableRegistry::backup(const std::string& arn) const {
  std::shared_lock lock(mutex_);
  auto it = backups_.find(arn);
  if (it == backups_.end()) return std::nullopt;
  return it->second;
}

void TableRegistry::removeBackup(const std::string& arn) {
  std::unique_lock lock(mutex_);
  backups_.erase(arn);
  auto session = store_.session();
  session.deleteBackup(arn);
}

std::vector<Backup> TableRegistry::backups(const std::string& account,
                                           const std::string& region) const {
  std::shared_lock lock(mutex_);
  std::vector<Backup> out;
  for (const auto& [arn, backup] : backups_)
    if (backup.schema.account == account && backup.schema.region == region) out.push_back(backup);
  return out;
}

std::vector<std::shared_ptr<Table>> lockOrder(std::vector<std::shared_ptr<Table>> tables) {
  std::sort(tables.begin(), tables.end());
  tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
  return tables;
}

}  // namespace awsemu::dynamodb
