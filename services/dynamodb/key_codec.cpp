#include "services/dynamodb/key_codec.hpp"

#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

std::string bigEndian(std::uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

}  // namespace

std::uint64_t partitionHash(std::string_view key) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string partitionSlot(const std::string& encoded_partition_key) {
  return bigEndian(partitionHash(encoded_partition_key)) + encoded_partition_key;
}

std::string segmentStart(int segment, int total) {
  if (segment <= 0 || total <= 0) return std::string();
  // segment * 2^64 / total, without overflow.
  unsigned __int128 start = (static_cast<unsigned __int128>(segment) << 64) / total;
  return bigEndian(static_cast<std::uint64_t>(start));
}

std::string encodeKey(const std::vector<const Json*>& values) {
  std::string out;
  for (const Json* value : values) appendKeyBytes(out, *value);
  return out;
}

std::optional<std::string> prefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

SortKeyRange sortKeyRange(const KeyCondition& condition) {
  std::string prefix;
  for (const Json& value : condition.sort_prefix) appendKeyBytes(prefix, value);
  if (!condition.sort) return {prefix, prefixSuccessor(prefix)};
  const SortKeyCondition& sort = *condition.sort;
  std::string at = prefix;
  if (sort.op == KeyOperator::BeginsWith) {
    // The value's bytes without the 2-byte end mark: every S/B value with that prefix encodes
    // to bytes that start with them.
    appendKeyBytes(at, sort.value);
    at.resize(at.size() - 2);
    return {at, prefixSuccessor(at)};
  }
  appendKeyBytes(at, sort.value);
  switch (sort.op) {
    case KeyOperator::Eq:
      return {at, prefixSuccessor(at)};
    case KeyOperator::Lt:
      return {prefix, at};
    case KeyOperator::Le:
      return {prefix, prefixSuccessor(at)};
    case KeyOperator::Gt: {
      auto after = prefixSuccessor(at);
      if (!after) return {at, at};  // nothing
      return {*after, prefixSuccessor(prefix)};
    }
    case KeyOperator::Ge:
      return {at, prefixSuccessor(prefix)};
    case KeyOperator::Between: {
      std::string high = prefix;
      appendKeyBytes(high, sort.value2);
      if (high < at) return {at, at};
      return {at, prefixSuccessor(high)};
    }
    default:
      return {at, prefixSuccessor(at)};
  }
}

}  // namespace awsemu::dynamodb
