// The table engine's in-memory structures: keys, partitions in scan order, secondary indexes
// (sparse, kept in step with writes) and the registry's account/region isolation.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/key_codec.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/table_registry.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

TableSchema schemaWithIndex() {
  TableSchema schema;
  schema.account = "000000000000";
  schema.region = "us-east-1";
  schema.name = "t";
  schema.attribute_definitions = Json::parse(
      R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},
          {"AttributeName":"g","AttributeType":"S"}])");
  schema.key = {{"pk", 'S'}, KeyAttribute{"sk", 'N'}};
  IndexSchema index;
  index.name = "byG";
  index.key = {{"g", 'S'}, std::nullopt};
  schema.indexes.push_back(index);
  return schema;
}

Json item(const std::string& pk, const std::string& sk, const char* g = nullptr) {
  Json out = {{"pk", {{"S", pk}}}, {"sk", {{"N", sk}}}};
  if (g) out["g"] = {{"S", g}};
  return out;
}

ItemPtr stored(const Json& value) {
  return std::make_shared<const StoredItem>(
      StoredItem{value, static_cast<std::uint32_t>(itemSize(value))});
}

TEST(DynamoDbTable, PutFindEraseKeepCountsAndSizes) {
  Table table(schemaWithIndex(), 1);
  auto key = table.keyOf(item("a", "1"), KeyUse::Item);
  EXPECT_EQ(table.put(key, stored(item("a", "1", "x"))), nullptr);
  ASSERT_NE(table.find(key), nullptr);
  // 1 and 1.0 are the same number, so the same key.
  EXPECT_EQ(table.keyOf(item("a", "1.0"), KeyUse::Item), key);
  EXPECT_EQ(table.items.count, 1);
  EXPECT_EQ(table.indexes[0].count, 1);
  EXPECT_GT(table.items.bytes, 0);
  auto old = table.put(key, stored(item("a", "1")));  // leaves the sparse index
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(table.indexes[0].count, 0);
  EXPECT_TRUE(table.indexes[0].partitions.empty());
  EXPECT_NE(table.erase(key), nullptr);
  EXPECT_EQ(table.items.count, 0);
  EXPECT_EQ(table.items.bytes, 0);
  EXPECT_TRUE(table.items.partitions.empty());
}

TEST(DynamoDbTable, SortKeysOrderNumerically) {
  Table table(schemaWithIndex(), 1);
  for (const char* n : {"10", "-2", "3.5", "0", "-10.25", "1e3"}) {
    auto value = item("p", n);
    normalizeItem(value);
    table.put(table.keyOf(value, KeyUse::Item), stored(value));
  }
  std::vector<std::string> order;
  for (const auto& [entry, value] : table.items.partitions.begin()->second)
    order.push_back(value->item["sk"]["N"]);
  EXPECT_EQ(order, (std::vector<std::string>{"-10.25", "-2", "0", "3.5", "10", "1000"}));
}

TEST(DynamoDbTable, KeyMessages) {
  Table table(schemaWithIndex(), 1);
  auto message = [&](const Json& value, KeyUse use) {
    try {
      table.keyOf(value, use);
    } catch (const AwsError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(Json{{"pk", {{"S", "a"}}}}, KeyUse::Key),
            "The provided key element does not match the schema");
  EXPECT_EQ(message(Json{{"pk", {{"S", "a"}}}}, KeyUse::Item),
            "One or more parameter values were invalid: Missing the key sk in the item");
  EXPECT_EQ(message(Json{{"pk", {{"N", "1"}}}, {"sk", {{"N", "1"}}}}, KeyUse::Item),
            "One or more parameter values were invalid: Type mismatch for key pk expected: S "
            "actual: N");
}

TEST(DynamoDbTable, SegmentsSplitTheHashRange) {
  EXPECT_EQ(segmentStart(0, 4), "");
  std::string previous;
  for (int segment = 1; segment < 4; ++segment) {
    auto start = segmentStart(segment, 4);
    EXPECT_EQ(start.size(), 8u);
    EXPECT_LT(previous, start);
    previous = start;
  }
  auto slot = partitionSlot("abc");
  EXPECT_EQ(slot.substr(8), "abc");
}

TEST(DynamoDbTable, SortBoundsSeekWithinEqualIndexKeys) {
  Collection::Partition partition;
  partition[EntryKey{"b", ItemKey{"1", ""}}] = nullptr;
  partition[EntryKey{"b", ItemKey{"2", ""}}] = nullptr;
  partition[EntryKey{"c", ItemKey{"1", ""}}] = nullptr;
  EXPECT_EQ(partition.lower_bound(SortBound{"b", false})->first.primary.slot, "1");
  EXPECT_EQ(partition.lower_bound(SortBound{"b", true})->first.sort, "c");
  EXPECT_EQ(partition.lower_bound(SortBound{"c", true}), partition.end());
}

TEST(DynamoDbRegistry, AccountsAndRegionsAreSeparate) {
  TableRegistry registry(TableStore::detached());
  auto schema = schemaWithIndex();
  registry.create(schema);
  schema.region = "eu-west-1";
  registry.create(schema);
  schema.account = "111111111111";
  registry.create(schema);
  EXPECT_THROW(registry.create(schema), AwsError);
  EXPECT_EQ(registry.names("000000000000", "us-east-1"), std::vector<std::string>{"t"});
  EXPECT_EQ(registry.count("111111111111", "eu-west-1"), 1u);
  EXPECT_EQ(registry.find({"111111111111", "us-east-1", "t"}), nullptr);
  auto a = registry.find({"000000000000", "us-east-1", "t"});
  auto b = registry.find({"000000000000", "eu-west-1", "t"});
  ASSERT_TRUE(a && b);
  EXPECT_NE(a, b);
  auto ordered = lockOrder({b, a, b});
  EXPECT_EQ(ordered.size(), 2u);
  EXPECT_EQ(ordered, lockOrder({a, b}));
}

}  // namespace
}  // namespace awsemu::dynamodb
