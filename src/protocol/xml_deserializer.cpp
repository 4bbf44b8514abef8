#include "src/protocol/xml_deserializer.hpp"

#include <cstring>

#include "src/protocol/xml_text.hpp"

namespace awsemu::protocol::xml {
namespace {

// Deeper documents than any AWS shape needs are refused rather than recursed into.
constexpr int kMaxDepth = 64;

std::string textOf(const pugi::xml_node& node) {
  std::string out;
  for (auto child = node.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  return out;
}

std::string_view localNameOf(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(name);
}

pugi::xml_node childNamed(const pugi::xml_node& node, std::string_view name) {
  for (auto child = node.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && localNameOf(child.name()) == name) return child;
  return {};
}

const MemberRef* bodyMemberNamed(const Shape& shape, std::string_view name) {
  for (const auto& member : shape.members)
    if (member.location == Location::Body && !member.xml_attribute && member.wireName() == name)
      return &member;
  return nullptr;
}

const std::string kKey = "key", kValue = "value";

}  // namespace

void parseDocument(std::string_view text, pugi::xml_document& document,
                   AwsError (*invalid)(std::string message)) {
  auto result =
      document.load_buffer(text.data(), text.size(),
                           pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!result) throw invalid(std::string("The XML is not well-formed: ") + result.description());
  if (!document.document_element()) throw invalid("The XML document has no root element");
}

std::string_view localName(const pugi::xml_node& node) { return localNameOf(node.name()); }

Json XmlDeserializer::readStructure(const Shape& shape, const pugi::xml_node& node) const {
  return readStructureAt(shape, node, 0);
}

Json XmlDeserializer::readValue(const MemberRef& traits, const pugi::xml_node& node) const {
  return readValueAt(traits, node, 0);
}

Json XmlDeserializer::readStructureAt(const Shape& shape, const pugi::xml_node& node,
                                      int depth) const {
  if (depth > kMaxDepth) throw invalid_("The XML document is nested too deeply");
  Json out = Json::object();
  readAttributes(shape, node, out);
  for (auto child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    const MemberRef* member = bodyMemberNamed(shape, localName(child));
    if (!member) continue;
    const Shape& member_shape = model_.shape(member->shape);
    const bool flattened = member->flattened || member_shape.flattened;
    if (flattened && member_shape.type == ShapeType::List) {
      Json item = readValueAt(member_shape.member, child, depth + 1);
      Json& list = out[member->name];
      if (!list.is_array()) list = Json::array();
      if (!item.is_null()) list.push_back(std::move(item));
    } else if (flattened && member_shape.type == ShapeType::Map) {
      Json& map = out[member->name];
      if (!map.is_object()) map = Json::object();
      readMapEntry(member_shape, child, map, depth + 1);
    } else if (!out.contains(member->name)) {
      Json value = readValueAt(*member, child, depth + 1);
      if (!value.is_null()) out[member->name] = std::move(value);
    }
  }
  return out;
}

void XmlDeserializer::readAttributes(const Shape& shape, const pugi::xml_node& node,
                                     Json& out) const {
  for (const auto& member : shape.members) {
    if (!member.xml_attribute) continue;
    pugi::xml_attribute attribute = node.attribute(member.wireName().c_str());
    if (!attribute) {  // "xsi:type" may arrive under another prefix
      const std::string_view wanted = localNameOf(member.wireName().c_str());
      for (auto a = node.first_attribute(); a && !attribute; a = a.next_attribute())
        if (localNameOf(a.name()) == wanted) attribute = a;
    }
    if (!attribute) continue;
    const Shape& member_shape = model_.shape(member.shape);
    auto format = text::timestampFormatOf(member, member_shape, TimestampFormat::Iso8601);
    auto value = text::parseScalar(member_shape, attribute.value(), format);
    if (!value) throw invalid_("Invalid value for attribute " + member.wireName());
    out[member.name] = std::move(*value);
  }
}

Json XmlDeserializer::readValueAt(const MemberRef& traits, const pugi::xml_node& node,
                                  int depth) const {
  const Shape& shape = model_.shape(traits.shape);
  switch (shape.type) {
    case ShapeType::Structure:
      return readStructureAt(shape, node, depth);
    case ShapeType::List:
      return readList(shape, node, depth);
    case ShapeType::Map:
      return readMap(shape, node, depth);
    default:
      return readScalar(traits, shape, node);
  }
}

Json XmlDeserializer::readList(const Shape& shape, const pugi::xml_node& node, int depth) const {
  if (depth > kMaxDepth) throw invalid_("The XML document is nested too deeply");
  Json out = Json::array();
  // Every child element is an item, whatever its name (<member>, <item>, ...).
  for (auto child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    Json item = readValueAt(shape.member, child, depth + 1);
    if (!item.is_null()) out.push_back(std::move(item));
  }
  return out;
}

Json XmlDeserializer::readMap(const Shape& shape, const pugi::xml_node& node, int depth) const {
  if (depth > kMaxDepth) throw invalid_("The XML document is nested too deeply");
  Json out = Json::object();
  for (auto entry = node.first_child(); entry; entry = entry.next_sibling())
    if (entry.type() == pugi::node_element) readMapEntry(shape, entry, out, depth + 1);
  return out;
}

void XmlDeserializer::readMapEntry(const Shape& shape, const pugi::xml_node& entry, Json& out,
                                   int depth) const {
  const std::string& key_name = shape.key.location_name.empty() ? kKey : shape.key.location_name;
  const std::string& value_name =
      shape.value.location_name.empty() ? kValue : shape.value.location_name;
  pugi::xml_node key = childNamed(entry, key_name);
  if (!key) return;
  pugi::xml_node value = childNamed(entry, value_name);
  Json item = value ? readValueAt(shape.value, value, depth) : Json();
  if (!value && model_.shape(shape.value.shape).type == ShapeType::String) item = "";
  if (!item.is_null()) out[textOf(key)] = std::move(item);
}

Json XmlDeserializer::readScalar(const MemberRef& traits, const Shape& shape,
                                 const pugi::xml_node& node) const {
  std::string content = textOf(node);
  if (content.empty() && shape.type != ShapeType::String && shape.type != ShapeType::Blob)
    return Json();  // <MaxKeys/> carries no value
  auto format = text::timestampFormatOf(traits, shape, TimestampFormat::Iso8601);
  auto value = text::parseScalar(shape, content, format);
  if (!value)
    throw invalid_("Value '" + content + "' of element " + std::string(localName(node)) +
                   " is not a valid " + std::string(text::typeName(shape.type)));
  return std::move(*value);
}

}  // namespace awsemu::protocol::xml
