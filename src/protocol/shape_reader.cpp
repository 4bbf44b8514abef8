#include "src/protocol/shape_reader.hpp"

#include <cmath>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::protocol {
namespace {

const char* wireKind(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return "STRING_VALUE";
    case Json::value_t::boolean:
      return "BOOLEAN_VALUE";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "NUMBER_VALUE";
    case Json::value_t::array:
      return "START_ARRAY";
    case Json::value_t::object:
      return "START_OBJECT";
    case Json::value_t::binary:
      return "BYTES_VALUE";
    default:
      return "NULL_VALUE";
  }
}

const char* typeName(ShapeType type) {
  switch (type) {
    case ShapeType::Structure:
      return "Structure";
    case ShapeType::List:
      return "List";
    case ShapeType::Map:
      return "Map";
    case ShapeType::String:
      return "String";
    case ShapeType::Boolean:
      return "Boolean";
    case ShapeType::Blob:
      return "Blob";
    case ShapeType::Timestamp:
      return "Timestamp";
    case ShapeType::Float:
    case ShapeType::Double:
    case ShapeType::BigDecimal:
      return "Double";
    default:
      return "Integer";
  }
}

// Coral-style message, as AWS JSON services answer a value of the wrong type.
AwsError mismatch(const Json& value, ShapeType type) {
  return errors::serialization(std::string(wireKind(value)) + " can not be converted to " +
                               typeName(type));
}

// Special floats travel as strings in JSON and as IEEE values in CBOR; documents use strings.
Json floatingValue(Json&& value, ShapeType type) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "NaN" || text == "Infinity" || text == "-Infinity") return std::move(value);
    throw mismatch(value, type);
  }
  if (!value.is_number()) throw mismatch(value, type);
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  }
  return std::move(value);
}

Json integerValue(Json&& value, ShapeType type) {
  if (value.is_number_integer()) return std::move(value);
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18)
      return static_cast<std::int64_t>(d);
  }
  throw mismatch(value, type);
}

Json timestampValue(Json&& value, const Shape& shape, WireFormat format) {
  if (value.is_number()) {
    if (value.is_number_float() && !std::isfinite(value.get<double>()))
      throw mismatch(value, shape.type);
    return std::move(value);
  }
  if (format == WireFormat::Json && value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    std::optional<double> epoch;
    if (shape.timestamp_format == TimestampFormat::Iso8601)
      epoch = timefmt::parseIso8601(text);
    else if (shape.timestamp_format == TimestampFormat::Rfc822)
      epoch = timefmt::parseHttpDate(text);
    if (!epoch) epoch = timefmt::parseAny(text);
    if (epoch) return *epoch;
    throw errors::serialization("Unable to parse timestamp '" + text + "'");
  }
  throw mismatch(value, shape.type);
}

Json blobValue(Json&& value, WireFormat format) {
  if (value.is_binary()) return std::move(value);
  if (value.is_string()) {
    if (format == WireFormat::Cbor) return makeBlob(value.get_ref<const std::string&>());
    auto bytes = encoding::base64Decode(value.get_ref<const std::string&>());
    if (!bytes) throw errors::serialization("Base64 encoded blob is not valid");
    return makeBlob(*bytes);
  }
  throw mismatch(value, ShapeType::Blob);
}

const MemberRef* findWireMember(const Shape& shape, const std::string& key, MemberNames names) {
  for (const auto& member : shape.members)
    if ((names == MemberNames::Location ? member.wireName() : member.name) == key) return &member;
  return nullptr;
}

class ShapeReader {
 public:
  ShapeReader(const ServiceModel& model, WireFormat format, MemberNames names)
      : model_(model), format_(format), names_(names) {}

  Json read(ShapeId id, Json&& value, int depth) const {
    if (depth > kMaxDocumentDepth) throw errors::serialization("Document nested too deeply");
    const Shape& shape = model_.shape(id);
    switch (shape.type) {
      case ShapeType::Structure:
        return readStructure(shape, std::move(value), depth);
      case ShapeType::List:
        return readList(shape, std::move(value), depth);
      case ShapeType::Map:
        return readMap(shape, std::move(value), depth);
      case ShapeType::String:
        if (!value.is_string()) throw mismatch(value, shape.type);
        return std::move(value);
      case ShapeType::Boolean:
        if (!value.is_boolean()) throw mismatch(value, shape.type);
        return std::move(value);
      case ShapeType::Integer:
      case ShapeType::Long:
      case ShapeType::Short:
      case ShapeType::Byte:
      case ShapeType::BigInteger:
        return integerValue(std::move(value), shape.type);
      case ShapeType::Float:
      case ShapeType::Double:
      case ShapeType::BigDecimal:
        return floatingValue(std::move(value), shape.type);
      case ShapeType::Blob:
        return blobValue(std::move(value), format_);
      case ShapeType::Timestamp:
        return timestampValue(std::move(value), shape, format_);
      case ShapeType::Document:
        return std::move(value);
    }
    return std::move(value);
  }

 private:
  Json readStructure(const Shape& shape, Json&& value, int depth) const {
    if (!value.is_object()) throw mismatch(value, shape.type);
    Json out = Json::object();
    for (auto& [key, member_value] : value.items()) {
      if (member_value.is_null()) continue;
      const MemberRef* member = findWireMember(shape, key, names_);
      if (!member) continue;  // unknown members are ignored, as AWS's JSON front ends do
      out[member->name] = read(member->shape, std::move(member_value), depth + 1);
    }
    return out;
  }

  Json readList(const Shape& shape, Json&& value, int depth) const {
    if (!value.is_array()) throw mismatch(value, shape.type);
    Json out = Json::array();
    out.get_ref<Json::array_t&>().reserve(value.size());
    for (auto& item : value)
      out.push_back(item.is_null() ? Json() : read(shape.member.shape, std::move(item), depth + 1));
    return out;
  }

  Json readMap(const Shape& shape, Json&& value, int depth) const {
    if (!value.is_object()) throw mismatch(value, shape.type);
    Json out = Json::object();
    for (auto& [key, item] : value.items())
      out[key] = item.is_null() ? Json() : read(shape.value.shape, std::move(item), depth + 1);
    return out;
  }

  const ServiceModel& model_;
  WireFormat format_;
  MemberNames names_;
};

}  // namespace

Json readShaped(const ServiceModel& model, ShapeId shape, Json&& wire, WireFormat format,
                MemberNames names) {
  if (shape == kNoShape) return Json::object();
  return ShapeReader(model, format, names).read(shape, std::move(wire), 0);
}

}  // namespace awsemu::protocol
