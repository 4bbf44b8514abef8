#pragma once
// AttributeValues as they travel in requests ({"S":"x"}, {"N":"1.5"}, {"B":<Json binary>},
// {"SS":[..]}, {"NS":[..]}, {"BS":[..]}, {"M":{..}}, {"L":[..]}, {"BOOL":true}, {"NULL":true}):
// validation with DynamoDB's messages, number normalisation, equality, ordering, the
// order-preserving byte encoding of key values and the item size as DynamoDB counts it.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::dynamodb {

enum class ValueType : std::uint8_t { S, N, B, SS, NS, BS, M, L, Null, Bool, Invalid };

// The type of a well-formed AttributeValue (one key); Invalid for anything else.
ValueType typeOf(const Json& value);
// "S", "N", ..., "NULL", "BOOL" (the wire names); "" for Invalid.
std::string_view typeName(ValueType type);
// From a wire name; Invalid when unknown.
ValueType typeFromName(std::string_view name);
bool isSet(ValueType type);
bool isScalarKeyType(ValueType type);  // S, N, B

// Maximum nesting of L/M (DynamoDB: 32 levels).
inline constexpr int kMaxNestingDepth = 32;
// 400 KB item limit
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
inline constexpr std::size_t kMaxItemBytes = 400 * 1024;
inline constexpr std::size_t kMaxPartitionKeyBytes = 2048;
inline constexpr std::size_t kMaxSortKeyBytes = 1024;

// Validates one AttributeValue and rewrites its numbers (N, NS, nested) to canonical text.
// Answers "" when valid, else DynamoDB's message (without any "for key ..." suffix), e.g.
// "One or more parameter values were invalid: An string set  may not be empty".
std::string normalizeValue(Json& value);
// Validates every attribute of an item / key map (Item, Key, ExclusiveStartKey, ...); throws
// ValidationException with DynamoDB's message.
void normalizeItem(Json& item);
// ExpressionAttributeValues: throws "ExpressionAttributeValues contains invalid value: <why> for
// key :v" as DynamoDB does.
void normalizeExpressionValues(Json& values);

// Key attributes: no empty S/B, size limits. `partition` picks the hash-key limit (2048) and
// message, else the sort-key limit (1024). Throws ValidationException.
void validateKeyValue(const Json& value, std::string_view attribute_name, bool partition);

// Deep equality as DynamoDB's = and CONTAINS see it: numbers numerically, sets order-insensitive,
// maps by key. Values of different types are unequal.
bool valuesEqual(const Json& a, const Json& b);
// Order of two scalars of the same type: S by UTF-8 bytes, N numerically, B by bytes. nullopt when
// the types differ or are not S/N/B (DynamoDB's < on those is false, not an error).
std::optional<std::strong_ordering> compareScalars(const Json& a, const Json& b);

// Appends a self-delimiting encoding of an S/N/B value whose memcmp order is DynamoDB's order of
// the values (so hash bytes + range bytes concatenate into a sortable std::string or SQLite BLOB
// key). Throws std::invalid_argument for other types (validate first).
void appendKeyBytes(std::string& out, const Json& value);
std::string keyBytes(const Json& value);

// Sizes as DynamoDB counts them
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
// S = UTF-8 bytes, B = bytes, N ~ 1 byte per 2 significant digits + 1, BOOL/NULL = 1,
// L/M = 3 + 1 per element + elements (map keys count their names), sets = sum of elements.
std::size_t valueSize(const Json& value);
// Sum over attributes of name length + value size.
std::size_t itemSize(const Json& item);
// Throws "Item size has exceeded the maximum allowed size" past 400 KB.
void checkItemSize(const Json& item);

}  // namespace awsemu::dynamodb
