#include "services/dynamodb/ttl_sweeper.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <shared_mutex>
#include <vector>

#include "services/dynamodb/item_writer.hpp"

namespace awsemu::dynamodb {
namespace {

constexpr double kFiveYears = 5 * 365.25 * 24 * 3600;
constexpr std::size_t kBatch = 256;  // deletions per exclusive lock, so writers are not starved

// The item's expiry (epoch seconds) when it has expired at `now`.
bool expired(const Json& item, const std::string& attribute, double now) {
  auto it = item.find(attribute);
  if (it == item.end() || !it->is_object()) return false;
  auto number = it->find("N");
  if (number == it->end() || !number->is_string()) return false;
  const std::string& text = number->get_ref<const std::string&>();
  char* end = nullptr;
  double expiry = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return false;
  return expiry <= now && expiry >= now - kFiveYears;
}

}  // namespace

TtlSweeper::TtlSweeper(TableRegistry& registry, ChangeSink* sink, std::chrono::seconds interval,
                       const Clock& clock)
    : registry_(registry), sink_(sink), interval_(interval), clock_(clock) {
  if (interval_.count() > 0) thread_ = std::thread([this] { run(); });
}

TtlSweeper::~TtlSweeper() { stop(); }

void TtlSweeper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TtlSweeper::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      if (auto deleted = sweepOnce()) spdlog::info("dynamodb: TTL sweep deleted {} items", deleted);
    } catch (const std::exception& failure) {
      spdlog::error("dynamodb: TTL sweep failed: {}", failure.what());
    }
    lock.lock();
  }
}

std::size_t TtlSweeper::sweepOnce() {
  double now = toEpochSeconds(clock_.now());
  std::size_t deleted = 0;
  for (const auto& table : registry_.all()) deleted += sweepTable(*table, now);
  return deleted;
}

std::size_t TtlSweeper::sweepTable(Table& table, double now) {
  std::vector<std::pair<ItemKey, ItemPtr>> candidates;
  std::string attribute;
  {
    std::shared_lock lock(table.mutex);
    if (table.deleted || !table.schema.ttl_enabled || table.schema.ttl_attribute.empty()) return 0;
    attribute = table.schema.ttl_attribute;
    for (const auto& [slot, partition] : table.items.partitions)
      for (const auto& [entry, item] : partition)
        // The table's own collection keys entries by sort key alone (table.hpp).
        if (expired(item->item, attribute, now))
          candidates.emplace_back(ItemKey{slot, entry.sort}, item);
  }
  std::size_t deleted = 0;
  for (std::size_t first = 0; first < candidates.size(); first += kBatch) {
    std::unique_lock lock(table.mutex);
    if (table.deleted || !table.schema.ttl_enabled) break;
    auto session = registry_.store().session();
    WriteContext context{session, sink_, fromEpochSeconds(now)};
    context.ttl_expiry = true;
    for (std::size_t i = first; i < std::min(candidates.size(), first + kBatch); ++i) {
      const auto& [key, seen] = candidates[i];
      ItemPtr current = table.find(key);
      if (current != seen) continue;  // rewritten or deleted since: the request wins
      writeItem(table, key, current, std::nullopt, context);
      ++deleted;
    }
    session.submit();
  }
  return deleted;
}

}  // namespace awsemu::dynamodb
