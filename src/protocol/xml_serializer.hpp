#pragma once
// Document -> XML for the XML-family protocols, walking the shape tree: lists as <member> (or the
// list member's locationName) unless flattened, maps as <entry><key/><value/></entry> unless
// flattened, xmlAttribute members on the start tag, xmlNamespace declarations, timestamps in ISO
// 8601 unless the member says otherwise.
// https://smithy.io/2.0/spec/protocol-traits.html#xml-bindings
#include <string_view>

#include "awsemu/core/json.hpp"
#include "awsemu/protocol/model.hpp"
#include "src/protocol/xml_writer.hpp"

namespace awsemu::protocol::xml {

struct XmlStyle {
  // rest-xml declares a structure shape's own xmlNamespace on its element; awsQuery/ec2 only
  // declare member-level namespaces (see the protocol test vectors).
  bool shape_namespaces = false;
};

class XmlSerializer {
 public:
  XmlSerializer(const ServiceModel& model, XmlWriter& writer, XmlStyle style = {})
      : model_(model), writer_(writer), style_(style) {}

  // Writes the body members of structure `shape` as child elements, in model order. Members bound
  // elsewhere (headers, URI, status code) and xmlAttribute members are skipped.
  void writeMembers(const Shape& shape, const Json& value);
  // Writes the xmlAttribute members of structure `shape` onto the currently open start tag.
  void writeAttributes(const Shape& shape, const Json& value);
  // Writes <name>…</name> for `value`, whose shape, namespace and timestamp format come from
  // `traits` (a structure member, a list member or a map key/value).
  void writeValue(const MemberRef& traits, const Json& value, std::string_view name);
  // Writes the details of an error beyond Code/Message: the fields that are body members of the
  // error shape, then unmodelled scalar fields under their own names (S3's <BucketName>). The
  // message ("message"/"Message") is left to the caller, which writes it from AwsError::message.
  void writeErrorFields(const Shape* shape, const Json& fields);
  // Writes a structure element with explicit namespace (payload roots, error details).
  void writeStructure(const Shape& shape, const Json& value, std::string_view name,
                      std::string_view ns_prefix, std::string_view ns_uri);

 private:
  void writeList(const MemberRef& traits, const Shape& shape, const Json& value,
                 std::string_view name);
  void writeMap(const MemberRef& traits, const Shape& shape, const Json& value,
                std::string_view name);
  void writeMapEntry(const Shape& shape, const std::string& key, const Json& value);
  void writeScalar(const MemberRef& traits, const Shape& shape, const Json& value,
                   std::string_view name);

  const ServiceModel& model_;
  XmlWriter& writer_;
  XmlStyle style_;
};

}  // namespace awsemu::protocol::xml
