// Point-in-time recovery history (pitr_history.hpp): writes through writeItem are recorded only
// while PITR is enabled, itemsAt undoes the writes after a time, old entries are trimmed.
#include <gtest/gtest.h>

#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/pitr_history.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

TableSchema schema(bool pitr) {
  TableSchema out;
  out.name = "t";
  out.key = {{"pk", 'S'}, std::nullopt};
  out.pitr_enabled = pitr;
  return out;
}

Json item(const std::string& pk, const std::string& v) {
  return {{"pk", {{"S", pk}}}, {"v", {{"S", v}}}};
}

SystemTime at(std::int64_t ms) { return SystemTime(std::chrono::milliseconds(ms)); }

// Writes `next` (nullopt: deletes) at `ms` through writeItem, as the handlers do.
void write(Table& table, const std::string& pk, std::optional<Json> next, std::int64_t ms) {
  auto store = TableStore::detached();
  auto session = store.session();
  WriteContext context{session, nullptr, at(ms)};
  auto key = table.keyOf(Json{{"pk", {{"S", pk}}}}, KeyUse::Key);
  writeItem(table, key, table.find(key), std::move(next), context);
}

std::vector<Json> sorted(std::vector<Json> items) {
  std::sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    return a["pk"]["S"].get<std::string>() < b["pk"]["S"].get<std::string>();
  });
  return items;
}

TEST(DynamoDbPitr, NothingRecordedWhilePitrIsDisabled) {
  Table table(schema(false), 1);
  write(table, "a", item("a", "1"), 1000);
  EXPECT_TRUE(table.history.entries.empty());
}

TEST(DynamoDbPitr, ItemsAtUndoesTheWritesAfterTheTime) {
  Table table(schema(true), 1);
  write(table, "a", item("a", "1"), 1000);
  write(table, "b", item("b", "1"), 1000);
  write(table, "a", item("a", "2"), 2000);
  write(table, "b", std::nullopt, 2000);
  write(table, "c", item("c", "1"), 3000);
  write(table, "a", item("a", "3"), 3000);
  write(table, "zz", std::nullopt, 3000);  // deleting nothing changes nothing
  EXPECT_EQ(table.history.entries.size(), 6u);
  EXPECT_EQ(sorted(itemsAt(table, 999)), std::vector<Json>{});
  EXPECT_EQ(sorted(itemsAt(table, 1000)), (std::vector<Json>{item("a", "1"), item("b", "1")}));
  EXPECT_EQ(sorted(itemsAt(table, 2500)), (std::vector<Json>{item("a", "2")}));
  EXPECT_EQ(sorted(itemsAt(table, 3000)), (std::vector<Json>{item("a", "3"), item("c", "1")}));
}

TEST(DynamoDbPitr, EntriesOlderThanTheWindowAreTrimmedAndTimesStayOrdered) {
  Table table(schema(true), 1);
  write(table, "a", item("a", "1"), 1000);
  write(table, "a", item("a", "2"), 1000 + kRecoveryPeriodMs + 1);
  ASSERT_EQ(table.history.entries.size(), 1u);
  EXPECT_EQ(table.history.entries.front().seq, 2);
  write(table, "a", item("a", "3"), 500);  // a request that took its time earlier
  EXPECT_EQ(table.history.entries.back().at_ms, 1000 + kRecoveryPeriodMs + 1);
  auto store = TableStore::detached();
  auto session = store.session();
  dropHistory(table, session);
  EXPECT_TRUE(table.history.entries.empty());
}

}  // namespace
}  // namespace awsemu::dynamodb
