#pragma once
// What a table is, apart from its items: key schema, indexes, billing, stream, TTL, tags and the
// other settings DescribeTable reports. Round-trips through JSON for the store.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"

namespace awsemu::dynamodb {

struct KeyAttribute {
  std::string name;
  char type = 'S';  // 'S' | 'N' | 'B', from AttributeDefinitions
};

// A table's, an LSI's or a GSI's key. Tables and LSIs have one partition (HASH) attribute and at
// most one sort (RANGE) attribute; a GSI may have up to four of each (multi-attribute keys: the
// partition attributes are hashed together, items sort by the sort attributes compared left to
// right),
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.DesignPattern.MultiAttributeKeys.html
struct KeySchema {
  KeyAttribute hash;                                          // the first partition attribute
  std::optional<KeyAttribute> range;                          // the first sort attribute
  std::vector<KeyAttribute> more_hash = {}, more_range = {};  // the others, in schema order

  bool composite() const { return !more_hash.empty() || !more_range.empty(); }
  std::vector<const KeyAttribute*> hashAttributes() const;
  std::vector<const KeyAttribute*> rangeAttributes() const;
  std::vector<const KeyAttribute*> attributes() const;  // partition then sort attributes
  Json toJson() const;  // [{"AttributeName": .., "KeyType": "HASH"}, ...]
  bool isKeyAttribute(const std::string& name) const;
};

struct Projection {
  std::string type = "ALL";  // ALL | KEYS_ONLY | INCLUDE
  std::vector<std::string> non_key_attributes;
  Json toJson() const;
};

struct Throughput {
  std::int64_t read = 0, write = 0;
};

struct IndexSchema {
  std::string name;
  bool global = true;
  KeySchema key;
  Projection projection;
  Throughput throughput;
  std::string status = "ACTIVE";  // GSIs: CREATING briefly after UpdateTable, DELETING
};

struct TableSchema {
  std::string account, region, name;
  std::string arn, id;
  double created = 0;  // epoch seconds
  Json attribute_definitions = Json::array();
  KeySchema key;
  std::vector<IndexSchema> indexes;  // LSIs and GSIs, in creation order
  std::string billing_mode = "PROVISIONED";
  Throughput throughput;
  double billing_changed = 0;  // LastUpdateToPayPerRequestDateTime
  // Streams
  bool stream_enabled = false;
  std::string stream_view_type, stream_label;
  double stream_created = 0;
  // Settings
  Json sse = nullptr;  // SSEDescription, or null (AWS owned key: not reported)
  std::string table_class = "STANDARD";
  bool deletion_protection = false;
  std::string ttl_attribute;
  bool ttl_enabled = false;
  bool pitr_enabled = false;
  double pitr_changed = 0;
  Json tags = Json::array();  // [{"Key":..,"Value":..}] in the order they were added
  std::string status = "ACTIVE";

  const IndexSchema* findIndex(const std::string& index_name) const;
  std::string streamArn() const { return arn + "/stream/" + stream_label; }
  char attributeType(const std::string& attribute) const;  // 0: not defined

  Json toJson() const;  // for the store
  static TableSchema fromJson(const Json& json);
};

// DescribeTable's TableDescription (item count and size given by the caller).
Json describeTable(const TableSchema& schema, std::int64_t item_count, std::int64_t size_bytes,
                   const std::vector<std::pair<std::int64_t, std::int64_t>>& index_stats);

}  // namespace awsemu::dynamodb
