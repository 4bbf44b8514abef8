#pragma once
// Where items sit in a collection's maps: partitions in the order of a stable hash of their
// encoded partition key (values/attribute_value.hpp's keyBytes), so that a Scan walks them in an
// order that survives restarts and resumes from any key, and parallel-scan segments are
// contiguous ranges of that order.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/dynamodb/expressions/key_condition.hpp"

namespace awsemu::dynamodb {

// 64-bit FNV-1a of the encoded partition key.
std::uint64_t partitionHash(std::string_view encoded_partition_key);

// The map key of a partition: its hash (big-endian, so maps order partitions by hash) then the
// encoded key.
std::string partitionSlot(const std::string& encoded_partition_key);

// The smallest partition slot of parallel-scan segment `segment` of `total` (empty for 0).
std::string segmentStart(int segment, int total);

// A key's encoding: its attributes' key bytes one after another (one attribute: its key bytes).
// Each value's encoding is self-delimiting and sorts as the value, so a multi-attribute key's
// bytes sort as its values compared left to right, as a GSI with multi-attribute keys orders
// its items.
std::string encodeKey(const std::vector<const Json*>& values);

// The smallest byte string above every string that starts with `prefix`; nullopt if none (empty
// prefix, or only 0xFF bytes).
std::optional<std::string> prefixSuccessor(std::string prefix);

// The entries of a partition a key condition selects, as a range of encoded sort keys
// [low, high) (no high: to the end): the equalities on the leading sort attributes fix a prefix,
// the condition on the next attribute bounds what follows it.
struct SortKeyRange {
  std::string low;
  std::optional<std::string> high;
  bool contains(std::string_view sort) const { return sort >= low && (!high || sort < *high); }
};
SortKeyRange sortKeyRange(const KeyCondition& condition);

}  // namespace awsemu::dynamodb
