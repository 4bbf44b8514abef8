#include "src/protocol/xml_serializer.hpp"

#include <strings.h>

#include "src/protocol/xml_text.hpp"

namespace awsemu::protocol::xml {
namespace {

const std::string& nameOr(const MemberRef& ref, const std::string& fallback) {
  return ref.location_name.empty() ? fallback : ref.location_name;
}

const std::string kMember = "member", kEntry = "entry", kKey = "key", kValue = "value";

// Headers and the status code are written by the codec; URI and query-string bindings mean
// nothing in a response, so those members go in the body.
bool writtenInBody(const MemberRef& member) {
  return member.location == Location::Body || member.location == Location::Uri ||
         member.location == Location::QueryString;
}

}  // namespace

void XmlSerializer::writeMembers(const Shape& shape, const Json& value) {
  if (!value.is_object()) return;
  for (const auto& member : shape.members) {
    if (!writtenInBody(member) || member.xml_attribute) continue;
    auto it = value.find(member.name);
    if (it == value.end() || it->is_null()) continue;
    if (member.xml_text) {
      const Shape& member_shape = model_.shape(member.shape);
      writer_.text(text::formatScalar(member_shape, *it, TimestampFormat::Iso8601));
      continue;
    }
    writeValue(member, *it, member.wireName());
  }
}

void XmlSerializer::writeAttributes(const Shape& shape, const Json& value) {
  if (!value.is_object()) return;
  for (const auto& member : shape.members) {
    if (!member.xml_attribute) continue;
    auto it = value.find(member.name);
    if (it == value.end() || it->is_null()) continue;
    const Shape& member_shape = model_.shape(member.shape);
    auto format = text::timestampFormatOf(member, member_shape, TimestampFormat::Iso8601);
    writer_.attribute(member.wireName(), text::formatScalar(member_shape, *it, format));
  }
}

void XmlSerializer::writeValue(const MemberRef& traits, const Json& value, std::string_view name) {
  const Shape& shape = model_.shape(traits.shape);
  switch (shape.type) {
    case ShapeType::Structure: {
      const bool own = traits.xml_namespace_uri.empty() && style_.shape_namespaces;
      writeStructure(shape, value, name,
                     own ? shape.xml_namespace_prefix : traits.xml_namespace_prefix,
                     own ? shape.xml_namespace_uri : traits.xml_namespace_uri);
      return;
    }
    case ShapeType::List:
      writeList(traits, shape, value, name);
      return;
    case ShapeType::Map:
      writeMap(traits, shape, value, name);
      return;
    default:
      writeScalar(traits, shape, value, name);
      return;
  }
}

void XmlSerializer::writeErrorFields(const Shape* shape, const Json& fields) {
  if (!fields.is_object()) return;
  for (const auto& [name, value] : fields.items()) {
    if (value.is_null() || strcasecmp(name.c_str(), "message") == 0 || name == "Code" ||
        name == "Type")
      continue;
    const MemberRef* member = shape ? shape->findMember(name) : nullptr;
    if (member) {
      if (writtenInBody(*member)) writeValue(*member, value, member->wireName());
    } else if (value.is_primitive()) {
      writer_.element(name, value.is_string() ? value.get<std::string>() : text::jsonText(value));
    }
  }
}

void XmlSerializer::writeStructure(const Shape& shape, const Json& value, std::string_view name,
                                   std::string_view ns_prefix, std::string_view ns_uri) {
  writer_.open(name);
  writer_.namespaceDeclaration(ns_prefix, ns_uri);
  writeAttributes(shape, value);
  writeMembers(shape, value);
  writer_.close(name);
}

void XmlSerializer::writeList(const MemberRef& traits, const Shape& shape, const Json& value,
                              std::string_view name) {
  if (!value.is_array()) return;
  if (traits.flattened || shape.flattened) {
    // Each item is an element named like the list member itself, with the item's traits.
    for (const auto& item : value) writeValue(shape.member, item, name);
    return;
  }
  writer_.open(name);
  writer_.namespaceDeclaration(traits.xml_namespace_prefix, traits.xml_namespace_uri);
  const std::string& item_name = nameOr(shape.member, kMember);
  for (const auto& item : value) writeValue(shape.member, item, item_name);
  writer_.close(name);
}

void XmlSerializer::writeMap(const MemberRef& traits, const Shape& shape, const Json& value,
                             std::string_view name) {
  if (!value.is_object()) return;
  const bool flattened = traits.flattened || shape.flattened;
  if (!flattened) {
    writer_.open(name);
    writer_.namespaceDeclaration(traits.xml_namespace_prefix, traits.xml_namespace_uri);
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it->is_null()) continue;
    const std::string_view entry = flattened ? name : std::string_view(kEntry);
    writer_.open(entry);
    if (flattened)
      writer_.namespaceDeclaration(traits.xml_namespace_prefix, traits.xml_namespace_uri);
    writeMapEntry(shape, it.key(), *it);
    writer_.close(entry);
  }
  if (!flattened) writer_.close(name);
}

void XmlSerializer::writeMapEntry(const Shape& shape, const std::string& key, const Json& value) {
  writeValue(shape.key, Json(key), nameOr(shape.key, kKey));
  writeValue(shape.value, value, nameOr(shape.value, kValue));
}

void XmlSerializer::writeScalar(const MemberRef& traits, const Shape& shape, const Json& value,
                                std::string_view name) {
  auto format = text::timestampFormatOf(traits, shape, TimestampFormat::Iso8601);
  writer_.open(name);
  writer_.namespaceDeclaration(traits.xml_namespace_prefix, traits.xml_namespace_uri);
  writer_.text(text::formatScalar(shape, value, format));
  writer_.close(name);
}

}  // namespace awsemu::protocol::xml
