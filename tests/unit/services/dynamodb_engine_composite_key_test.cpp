// GSIs with multi-attribute keys: the key encoding (values compared left to right), the sort key
// ranges a key condition selects, the index entries of a table, and the key condition rules
// (every partition attribute with equality; sort attributes left to right, equalities then one
// condition).
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"
#include "services/dynamodb/key_codec.hpp"
#include "services/dynamodb/table.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

using namespace std::string_literals;

Json S(const std::string& value) { return {{"S", value}}; }
Json N(const std::string& value) { return {{"N", value}}; }

std::string encoded(const std::vector<Json>& values) {
  std::vector<const Json*> pointers;
  for (const Json& value : values) pointers.push_back(&value);
  return encodeKey(pointers);
}

TEST(DynamoCompositeKey, EncodingSortsValuesLeftToRight) {
  // Ordered as tuples: a shorter first string sorts first whatever follows it.
  std::vector<std::vector<Json>> ordered = {
      {N("-10"), S("z")}, {N("-3"), S("a")}, {N("1"), S("z")},     {N("1.01"), S("\x01")},
      {N("10"), S("")},   {N("10"), S("a")}, {N("10"), S("a\0"s)}, {N("10"), S("ab")},
  };
  for (std::size_t i = 1; i < ordered.size(); ++i)
    EXPECT_LT(encoded(ordered[i - 1]), encoded(ordered[i])) << i;
  EXPECT_LT(encoded({S("a"), S("z")}), encoded({S("ab"), S("a")}));
  // A single attribute encodes as its key bytes (indexes created before keep their order).
  EXPECT_EQ(encoded({S("x")}), keyBytes(S("x")));
}

TEST(DynamoCompositeKey, PrefixSuccessor) {
  EXPECT_EQ(prefixSuccessor("ab"), "ac");
  EXPECT_EQ(prefixSuccessor("a\xff\xff"), "b");
  EXPECT_EQ(prefixSuccessor("\xff"), std::nullopt);
  EXPECT_EQ(prefixSuccessor(""), std::nullopt);
}

KeyCondition condition(std::vector<Json> prefix, std::optional<SortKeyCondition> sort) {
  KeyCondition out;
  out.partition_value = S("h");
  out.sort_prefix = std::move(prefix);
  out.sort = std::move(sort);
  return out;
}

TEST(DynamoCompositeKey, SortKeyRangeOfAPrefixAndACondition) {
  auto inside = [](const KeyCondition& c, const std::vector<Json>& key) {
    return sortKeyRange(c).contains(encoded(key));
  };
  auto eq_a = condition({S("a")}, std::nullopt);
  EXPECT_TRUE(inside(eq_a, {S("a"), N("5")}));
  EXPECT_FALSE(inside(eq_a, {S("ab"), N("5")}));
  EXPECT_FALSE(inside(eq_a, {S("b"), N("5")}));

  auto lt = condition({S("a")}, SortKeyCondition{KeyOperator::Lt, N("5"), {}});
  EXPECT_TRUE(inside(lt, {S("a"), N("-5")}));
  EXPECT_FALSE(inside(lt, {S("a"), N("5")}));
  EXPECT_FALSE(inside(lt, {S("\x01"), N("1")}));

  auto gt = condition({S("a")}, SortKeyCondition{KeyOperator::Gt, N("-5"), {}});
  EXPECT_TRUE(inside(gt, {S("a"), N("-4.9")}));
  EXPECT_FALSE(inside(gt, {S("a"), N("-5")}));
  EXPECT_FALSE(inside(gt, {S("b"), N("1")}));

  auto between = condition({}, SortKeyCondition{KeyOperator::Between, S("b"), S("c")});
  EXPECT_TRUE(inside(between, {S("b"), N("1")}));
  EXPECT_TRUE(inside(between, {S("c"), N("9")}));  // later attributes do not narrow it
  EXPECT_FALSE(inside(between, {S("ca"), N("1")}));

  auto prefix = condition({S("x")}, SortKeyCondition{KeyOperator::BeginsWith, S("ab"), {}});
  EXPECT_TRUE(inside(prefix, {S("x"), S("ab")}));
  EXPECT_TRUE(inside(prefix, {S("x"), S("abz"), S("q")}));
  EXPECT_FALSE(inside(prefix, {S("x"), S("a")}));
  EXPECT_FALSE(inside(prefix, {S("x"), S("ac")}));
}

TableSchema compositeSchema() {
  TableSchema schema;
  schema.name = "t";
  schema.key.hash = {"pk", 'S'};
  IndexSchema index;
  index.name = "gsi";
  index.key.hash = {"h1", 'S'};
  index.key.more_hash = {{"h2", 'N'}};
  index.key.range = KeyAttribute{"r1", 'N'};
  index.key.more_range = {{"r2", 'S'}};
  schema.indexes.push_back(index);
  return schema;
}

ItemPtr stored(const Json& value) {
  return std::make_shared<const StoredItem>(
      StoredItem{value, static_cast<std::uint32_t>(itemSize(value))});
}

TEST(DynamoCompositeKey, IndexEntriesAreSparseAndOrdered) {
  Table table(compositeSchema(), 1);
  auto put = [&](const std::string& pk, Json attributes) {
    attributes["pk"] = S(pk);
    table.put(table.keyOf(attributes, KeyUse::Item), stored(attributes));
  };
  put("a", {{"h1", S("x")}, {"h2", N("1")}, {"r1", N("10")}, {"r2", S("a")}});
  put("b", {{"h1", S("x")}, {"h2", N("1")}, {"r1", N("2")}, {"r2", S("b")}});
  put("c", {{"h1", S("x")}, {"h2", N("1")}, {"r1", N("2")}, {"r2", S("a")}});
  put("d", {{"h1", S("x")}, {"h2", N("2")}, {"r1", N("2")}, {"r2", S("a")}});
  put("e", {{"h1", S("x")}, {"h2", N("1")}, {"r1", N("2")}});                  // no r2
  put("f", {{"h1", S("x")}, {"h2", S("1")}, {"r1", N("2")}, {"r2", S("a")}});  // h2 not N
  const Collection& index = table.collection(0);
  EXPECT_EQ(index.count, 4);
  ASSERT_EQ(index.partitions.size(), 2u);
  Json h1 = S("x"), h2 = N("1");
  auto partition = index.partitions.find(partitionSlot(encodeKey({&h1, &h2})));
  ASSERT_NE(partition, index.partitions.end());
  std::vector<std::string> order;
  for (const auto& [entry, item] : partition->second) order.push_back(item->item["pk"]["S"]);
  EXPECT_EQ(order, (std::vector<std::string>{"c", "b", "a"}));
}

KeySchemaView compositeView() {
  KeySchemaView view{"h1", ValueType::S, "r1", ValueType::N};
  view.more_partition = {{"h2", ValueType::N}};
  view.more_sort = {{"r2", ValueType::S}, {"r3", ValueType::S}};
  return view;
}

KeyConditionSpec spec(std::vector<std::pair<std::string, KeyOperator>> terms) {
  KeyConditionSpec out;
  for (auto& [name, op] : terms) {
    KeyConditionTerm term;
    term.attribute = name;
    term.op = op;
    term.value =
        name[0] == 'h' ? (name == "h2" ? N("1") : S("v")) : (name == "r1" ? N("1") : S("v"));
    out.terms.push_back(term);
  }
  return out;
}

std::string bindError(const KeyConditionSpec& terms) {
  try {
    bindKeyCondition(terms, compositeView());
  } catch (const AwsError& error) {
    return error.message;
  }
  return "";
}

TEST(DynamoCompositeKey, KeyConditionNamesEveryPartitionAttributeAndASortPrefix) {
  using K = KeyOperator;
  auto bound = bindKeyCondition(spec({{"r2", K::Ge}, {"h2", K::Eq}, {"r1", K::Eq}, {"h1", K::Eq}}),
                                compositeView());
  EXPECT_EQ(bound.partition_value, S("v"));
  EXPECT_EQ(bound.more_partition_values, std::vector<Json>{N("1")});
  EXPECT_EQ(bound.sort_prefix, std::vector<Json>{N("1")});
  ASSERT_TRUE(bound.sort);
  EXPECT_EQ(bound.sort->op, K::Ge);

  EXPECT_EQ(bindError(spec({{"h1", K::Eq}, {"r1", K::Eq}})),
            "Query condition missed key schema element: h2");
  EXPECT_EQ(bindError(spec({{"h1", K::Eq}, {"h2", K::Lt}})), "Query key condition not supported");
  EXPECT_EQ(bindError(spec({{"h1", K::Eq}, {"h2", K::Eq}, {"x", K::Eq}})),
            "Query key condition not supported");
  EXPECT_EQ(bindError(spec({{"h1", K::Eq}, {"h2", K::Eq}, {"r2", K::Eq}})),
            "RANGE key attributes r1 must have equality conditions specified in the query because "
            "a condition is present on key attribute r2");
  EXPECT_EQ(
      bindError(spec({{"h1", K::Eq}, {"h2", K::Eq}, {"r1", K::Eq}, {"r2", K::Gt}, {"r3", K::Eq}})),
      "RANGE key attributes r2 must have equality conditions specified in the query because "
      "a condition is present on key attribute r3");
}

TEST(DynamoCompositeKey, SingleAttributeKeysKeepTheirLimits) {
  KeySchemaView view{"pk", ValueType::S, "sk", ValueType::S};
  auto terms = spec({{"pk", KeyOperator::Eq}, {"sk", KeyOperator::Eq}, {"x", KeyOperator::Eq}});
  EXPECT_THROW(bindKeyCondition(terms, view), AwsError);
  terms.from_legacy = true;
  try {
    bindKeyCondition(terms, view);
    FAIL();
  } catch (const AwsError& error) {
    EXPECT_EQ(error.message, "Conditions can be of length 1 or 2 only");
  }
}

}  // namespace
}  // namespace awsemu::dynamodb
