#pragma once
// Where items sit in a collection's maps: partitions in the order of a stable hash of their
// encoded partition key (values/attribute_value.hpp's keyBytes), so that a Scan walks them in an
// order that survives restarts and resumes from any key, and parallel-scan segments are
// contiguous ranges of that order.
#include <cstdint>
#include <string>
#include <string_view>

namespace awsemu::dynamodb {

// 64-bit FNV-1a of the encoded partition key.
std::uint64_t partitionHash(std::string_view encoded_partition_key);

// The map key of a partition: its hash (big-endian, so maps order partitions by hash) then the
// encoded key.
std::string partitionSlot(const std::string& encoded_partition_key);

// The smallest partition slot of parallel-scan segment `segment` of `total` (empty for 0).
std::string segmentStart(int segment, int total);

}  // namespace awsemu::dynamodb
