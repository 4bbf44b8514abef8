#pragma once
// XML -> document for the XML-family protocols (rest-xml request bodies; also usable to read back
// any XML this project writes). Walks the shape tree over a pugixml DOM; element and attribute
// names are compared without their namespace prefix, as AWS's own parsers do.
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol::xml {

// Parses `text` into `document`; throws `invalid("...")` when it is not well-formed XML or has
// no root element. Whitespace-only text of an element is kept ("   " is a valid string value).
void parseDocument(std::string_view text, pugi::xml_document& document,
                   AwsError (*invalid)(std::string message));

// The element's name without its namespace prefix.
std::string_view localName(const pugi::xml_node& node);

class XmlDeserializer {
 public:
  // `invalid` builds the error for a value that does not parse as its shape's type.
  XmlDeserializer(const ServiceModel& model, AwsError (*invalid)(std::string message))
      : model_(model), invalid_(invalid) {}

  // The body members (and xmlAttribute members) of structure `shape` read from `node`'s
  // children. Unknown elements are ignored.
  Json readStructure(const Shape& shape, const pugi::xml_node& node) const;
  // The value of `node` read as `traits`'s shape; null when the element carries no value (an
  // empty number, boolean or timestamp).
  Json readValue(const MemberRef& traits, const pugi::xml_node& node) const;

 private:
  Json readStructureAt(const Shape& shape, const pugi::xml_node& node, int depth) const;
  Json readValueAt(const MemberRef& traits, const pugi::xml_node& node, int depth) const;
  Json readList(const Shape& shape, const pugi::xml_node& node, int depth) const;
  Json readMap(const Shape& shape, const pugi::xml_node& node, int depth) const;
  void readMapEntry(const Shape& shape, const pugi::xml_node& entry, Json& out, int depth) const;
  Json readScalar(const MemberRef& traits, const Shape& shape, const pugi::xml_node& node) const;
  void readAttributes(const Shape& shape, const pugi::xml_node& node, Json& out) const;

  const ServiceModel& model_;
  AwsError (*invalid_)(std::string message);
};

}  // namespace awsemu::protocol::xml
