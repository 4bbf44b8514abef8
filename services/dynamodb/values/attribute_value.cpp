#include "services/dynamodb/values/attribute_value.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/values/number.hpp"

namespace awsemu::dynamodb {
namespace {

struct TypeName {
  std::string_view name;
  ValueType type;
};
constexpr TypeName kTypeNames[] = {
    {"S", ValueType::S},       {"N", ValueType::N},   {"B", ValueType::B},
    {"SS", ValueType::SS},     {"NS", ValueType::NS}, {"BS", ValueType::BS},
    {"M", ValueType::M},       {"L", ValueType::L},   {"NULL", ValueType::Null},
    {"BOOL", ValueType::Bool},
};

const char* const kEmptyValue =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
const char* const kSeveralTypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";
const char* const kInvalid = "One or more parameter values were invalid: ";

// Bytes of an S or B payload (B normally arrives as Json binary from the codec).
std::string_view payloadBytes(const Json& payload) {
  if (payload.is_binary()) {
    const auto& b = payload.get_binary();
    return {reinterpret_cast<const char*>(b.data()), b.size()};
  }
  if (payload.is_string()) return payload.get_ref<const std::string&>();
  return {};
}

// Set elements as comparable strings (numbers canonical), for duplicate checks and equality.
std::vector<std::string> setKeys(const Json& elements, ValueType type) {
  std::vector<std::string> keys;
  keys.reserve(elements.size());
  for (const Json& e : elements) {
    if (type == ValueType::NS && e.is_string()) {
      auto n = Number::tryParse(e.get_ref<const std::string&>(), nullptr);
      keys.push_back(n ? n->toString() : e.get<std::string>());
    } else {
      keys.emplace_back(payloadBytes(e));
    }
  }
  return keys;
}

std::string joinForMessage(const Json& elements) {
  std::string out = "[";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i) out += ", ";
    out += payloadBytes(elements[i]);
  }
  return out + "]";
}

std::string normalizeSet(Json& elements, ValueType type) {
  if (!elements.is_array()) return kEmptyValue;
  if (elements.empty()) {
    if (type == ValueType::SS) return std::string(kInvalid) + "An string set  may not be empty";
    if (type == ValueType::NS) return std::string(kInvalid) + "An number set  may not be empty";
    return std::string(kInvalid) + "Binary sets should not be empty";
  }
  for (Json& e : elements) {
    if (type == ValueType::NS) {
      if (!e.is_string()) return "The parameter cannot be converted to a numeric value";
      std::string error;
      auto n = Number::tryParse(e.get_ref<const std::string&>(), &error);
      if (!n) return error;
      e = n->toString();
    } else if (type == ValueType::SS && !e.is_string()) {
      return kEmptyValue;
    }
  }
  auto keys = setKeys(elements, type);
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
    // DynamoDB lists the elements of a string set, not of number or binary sets.
    if (type == ValueType::SS) {
      return std::string(kInvalid) + "Input collection " + joinForMessage(elements) +
             " contains duplicates.";
    }
    return "Input collection contains duplicates";
  }
  return {};
}

std::string normalizeAt(Json& value, int depth) {
  if (!value.is_object() || value.empty()) return kEmptyValue;
  if (value.size() > 1) return kSeveralTypes;
  auto it = value.begin();
  ValueType type = typeFromName(it.key());
  Json& payload = it.value();
  switch (type) {
    case ValueType::S:
      return payload.is_string() ? std::string() : kEmptyValue;
    case ValueType::B:
      return payload.is_binary() || payload.is_string() ? std::string() : kEmptyValue;
    case ValueType::N: {
      if (!payload.is_string()) return "The parameter cannot be converted to a numeric value";
      std::string error;
      auto n = Number::tryParse(payload.get_ref<const std::string&>(), &error);
      if (!n) return error;
      payload = n->toString();
      return {};
    }
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
      return normalizeSet(payload, type);
    case ValueType::Bool:
      return payload.is_boolean() ? std::string() : kEmptyValue;
    case ValueType::Null:
      // DynamoDB used to refuse {"NULL": false} ("Null attribute value types must have the value
      // of true"); it now accepts it and stores {"NULL": true}.
      if (!payload.is_boolean()) return kEmptyValue;
      payload = true;
      return {};
    case ValueType::L:
    case ValueType::M: {
      if (depth >= kMaxNestingDepth) return "Nesting Levels have exceeded supported limits";
      if (type == ValueType::L ? !payload.is_array() : !payload.is_object()) return kEmptyValue;
      for (Json& child : payload) {
        std::string error = normalizeAt(child, depth + 1);
        if (!error.empty()) return error;
      }
      return {};
    }
    case ValueType::Invalid:
      break;
  }
  return kEmptyValue;
}

int compareBytes(std::string_view a, std::string_view b) {
  int c = a.compare(b);  // char_traits<char> compares as unsigned char
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

void appendEscaped(std::string& out, std::string_view bytes) {
  // 0x00 -> 0x00 0xFF, end -> 0x00 0x01: byte order of the encodings is the order of the values.
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back(static_cast<char>(0xFF));
  }
  out.push_back('\0');
  out.push_back('\x01');
}

}  // namespace

ValueType typeOf(const Json& value) {
  if (!value.is_object() || value.size() != 1) return ValueType::Invalid;
  return typeFromName(value.begin().key());
}

std::string_view typeName(ValueType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return {};
}

ValueType typeFromName(std::string_view name) {
  for (const auto& t : kTypeNames) {
    if (t.name == name) return t.type;
  }
  return ValueType::Invalid;
}

bool isSet(ValueType type) {
  return type == ValueType::SS || type == ValueType::NS || type == ValueType::BS;
}
bool isScalarKeyType(ValueType type) {
  return type == ValueType::S || type == ValueType::N || type == ValueType::B;
}

std::string normalizeValue(Json& value) { return normalizeAt(value, 0); }

void normalizeItem(Json& item) {
  if (!item.is_object()) throw errors::validation(kEmptyValue);
  for (auto& [name, value] : item.items()) {
    std::string error = normalizeAt(value, 0);
    if (!error.empty()) throw errors::validation(error);
  }
}

void normalizeExpressionValues(Json& values) {
  for (auto& [key, value] : values.items()) {
    std::string error = normalizeAt(value, 0);
    if (!error.empty()) {
      throw errors::validation("ExpressionAttributeValues contains invalid value: " + error +
                               " for key " + key);
    }
  }
}

void validateKeyValue(const Json& value, std::string_view attribute_name, bool partition) {
  ValueType type = typeOf(value);
  if (type == ValueType::S || type == ValueType::B) {
    if (payloadBytes(value.begin().value()).empty()) {
      throw errors::validation(
          std::string("One or more parameter values are not valid. The AttributeValue for a key "
                      "attribute cannot contain an empty ") +
          (type == ValueType::S ? "string" : "binary") +
          " value. Key: " + std::string(attribute_name));
    }
  }
  std::size_t size = valueSize(value);
  if (partition && size > kMaxPartitionKeyBytes) {
    throw errors::validation(std::string(kInvalid) +
                             "Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (!partition && size > kMaxSortKeyBytes) {
    throw errors::validation(
        std::string(kInvalid) +
        "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
}

bool valuesEqual(const Json& a, const Json& b) {
  ValueType type = typeOf(a);
  if (type == ValueType::Invalid || type != typeOf(b)) return false;
  const Json& pa = a.begin().value();
  const Json& pb = b.begin().value();
  switch (type) {
    case ValueType::S:
    case ValueType::B:
      return payloadBytes(pa) == payloadBytes(pb);
    case ValueType::N: {
      if (pa == pb) return true;
      auto na = Number::tryParse(pa.is_string() ? pa.get<std::string>() : "", nullptr);
      auto nb = Number::tryParse(pb.is_string() ? pb.get<std::string>() : "", nullptr);
      return na && nb && *na == *nb;
    }
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS: {
      if (pa.size() != pb.size()) return false;
      auto ka = setKeys(pa, type), kb = setKeys(pb, type);
      std::sort(ka.begin(), ka.end());
      std::sort(kb.begin(), kb.end());
      return ka == kb;
    }
    case ValueType::L: {
      if (pa.size() != pb.size()) return false;
      for (std::size_t i = 0; i < pa.size(); ++i) {
        if (!valuesEqual(pa[i], pb[i])) return false;
      }
      return true;
    }
    case ValueType::M: {
      if (pa.size() != pb.size()) return false;
      for (auto it = pa.begin(); it != pa.end(); ++it) {
        auto other = pb.find(it.key());
        if (other == pb.end() || !valuesEqual(it.value(), *other)) return false;
      }
      return true;
    }
    case ValueType::Bool:
    case ValueType::Null:
      return pa == pb;
    case ValueType::Invalid:
      break;
  }
  return false;
}

std::optional<std::strong_ordering> compareScalars(const Json& a, const Json& b) {
  ValueType type = typeOf(a);
  if (!isScalarKeyType(type) || type != typeOf(b)) return std::nullopt;
  const Json& pa = a.begin().value();
  const Json& pb = b.begin().value();
  if (type == ValueType::N) {
    if (!pa.is_string() || !pb.is_string()) return std::nullopt;
    auto na = Number::tryParse(pa.get_ref<const std::string&>(), nullptr);
    auto nb = Number::tryParse(pb.get_ref<const std::string&>(), nullptr);
    if (!na || !nb) return std::nullopt;
    return *na <=> *nb;
  }
  return compareBytes(payloadBytes(pa), payloadBytes(pb)) <=> 0;
}

void appendKeyBytes(std::string& out, const Json& value) {
  ValueType type = typeOf(value);
  const Json& payload = value.begin().value();
  switch (type) {
    case ValueType::S:
    case ValueType::B:
      appendEscaped(out, payloadBytes(payload));
      return;
    case ValueType::N:
      Number::parse(payload.get_ref<const std::string&>()).appendOrderedBytes(out);
      return;
    default:
      throw std::invalid_argument("appendKeyBytes: not a key value");
  }
}

std::string keyBytes(const Json& value) {
  std::string out;
  appendKeyBytes(out, value);
  return out;
}

std::size_t valueSize(const Json& value) {
  ValueType type = typeOf(value);
  if (type == ValueType::Invalid) return 0;
  const Json& payload = value.begin().value();
  switch (type) {
    case ValueType::S:
    case ValueType::B:
      return payloadBytes(payload).size();
    case ValueType::N: {
      auto n = Number::tryParse(payload.is_string() ? payload.get<std::string>() : "", nullptr);
      return n ? n->storageSize() : 0;
    }
    case ValueType::SS:
    case ValueType::BS: {
      std::size_t size = 0;
      for (const Json& e : payload) size += payloadBytes(e).size();
      return size;
    }
    case ValueType::NS: {
      std::size_t size = 0;
      for (const Json& e : payload) {
        auto n = Number::tryParse(e.is_string() ? e.get<std::string>() : "", nullptr);
        size += n ? n->storageSize() : 0;
      }
      return size;
    }
    case ValueType::L: {
      std::size_t size = 3;
      for (const Json& e : payload) size += 1 + valueSize(e);
      return size;
    }
    case ValueType::M: {
      std::size_t size = 3;
      for (auto it = payload.begin(); it != payload.end(); ++it) {
        size += 1 + it.key().size() + valueSize(it.value());
      }
      return size;
    }
    case ValueType::Bool:
    case ValueType::Null:
      return 1;
    case ValueType::Invalid:
      break;
  }
  return 0;
}

std::size_t itemSize(const Json& item) {
  std::size_t size = 0;
  for (auto it = item.begin(); it != item.end(); ++it) size += it.key().size() + valueSize(*it);
  return size;
}

void checkItemSize(const Json& item) {
  if (itemSize(item) > kMaxItemBytes) {
    throw errors::validation("Item size has exceeded the maximum allowed size");
  }
}

}  // namespace awsemu::dynamodb
