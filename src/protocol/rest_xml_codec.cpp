// restXml: operations addressed by method + URI template, members bound to labels, query string,
// headers and an XML body (or a raw blob/string payload). S3 is the rest-xml service we serve.
// https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html
//
// What botocore's S3 model cannot express comes from services/s3/model.patch.json, not from
// branches here: the default namespace (metadata xmlNamespace), bare <Error> documents with
// <HostId> (metadata noErrorWrapping, Smithy's trait of that name) and GetBucketLocation's
// text-only root element (member trait xmlText). Request-id headers are the gateway's (each
// service's RequestPolicy says which).
// Malformed XML is answered with S3's 400 MalformedXML, a label/header/query value of the wrong
// type with 400 InvalidArgument.
#include <algorithm>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "src/protocol/error_shapes.hpp"
#include "src/protocol/rest_bindings.hpp"
#include "src/protocol/xml_deserializer.hpp"
#include "src/protocol/xml_serializer.hpp"
#include "src/protocol/xml_text.hpp"
#include "src/protocol/xml_writer.hpp"

namespace awsemu::protocol {
namespace {

constexpr const char* kXml = "application/xml";

AwsError malformedXml(std::string message) {
  return {"MalformedXML",
          "The XML you provided was not well-formed or did not validate against our published "
          "schema: " +
              message,
          400};
}

AwsError invalidArgument(std::string message) {
  return {"InvalidArgument", std::move(message), 400};
}

bool isBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string bytesOf(const Json& value) {
  if (value.is_binary()) return blobToString(value);
  return value.is_string() ? value.get<std::string>() : text::jsonText(value);
}

void setDefaultContentType(HttpResponse& response, const char* type) {
  if (!findHeader(response.headers, "Content-Type"))
    response.headers.emplace_back("Content-Type", type);
}

// The namespace of a body's root element: the shape's, else the service's.
std::pair<std::string, std::string> rootNamespace(const ServiceModel& model, const MemberRef* ref,
                                                  const Shape& shape) {
  if (ref && !ref->xml_namespace_uri.empty())
    return {ref->xml_namespace_prefix, ref->xml_namespace_uri};
  if (!shape.xml_namespace_uri.empty())
    return {shape.xml_namespace_prefix, shape.xml_namespace_uri};
  return {"", model.metadata().xml_namespace};
}

// Writes `value` of structure `shape` as a whole XML document with root element `name`.
std::string xmlDocument(const ServiceModel& model, const Shape& shape, const Json& value,
                        std::string_view name, const MemberRef* ref) {
  std::string body;
  xml::XmlWriter writer(body);
  xml::XmlSerializer serializer(model, writer, xml::XmlStyle{.shape_namespaces = true});
  writer.declaration();
  auto [prefix, uri] = rootNamespace(model, ref, shape);
  writer.open(name);
  writer.namespaceDeclaration(prefix, uri);
  serializer.writeAttributes(shape, value);
  serializer.writeMembers(shape, value);
  writer.close(name);
  return body;
}

Json readXmlBody(const ServiceModel& model, const Shape& shape, const std::string& text) {
  pugi::xml_document document;
  xml::parseDocument(text, document, malformedXml);
  return xml::XmlDeserializer(model, malformedXml)
      .readStructure(shape, document.document_element());
}

void readPayload(const ServiceModel& model, const MemberRef& payload, const HttpRequest& request,
                 Json& out) {
  if (rest::readRawPayload(model, payload, request, out)) return;
  const Shape& shape = model.shape(payload.shape);
  const std::string text = request.body.readAll();
  if (shape.type == ShapeType::Structure && !isBlank(text))
    out[payload.name] = readXmlBody(model, shape, text);
}

void readBody(const ServiceModel& model, const Shape& shape, const HttpRequest& request,
              Json& out) {
  if (!rest::hasBodyMembers(shape)) return;
  const std::string text = request.body.readAll();
  if (isBlank(text)) return;
  Json body = readXmlBody(model, shape, text);
  for (auto& [name, value] : body.items()) out[name] = std::move(value);
}

void writePayload(const ServiceModel& model, const MemberRef& payload, const Json& output,
                  HttpResponse& response) {
  auto it = output.find(payload.name);
  if (it == output.end() || it->is_null()) return;  // e.g. a streamed body attached later
  const Shape& shape = model.shape(payload.shape);
  if (shape.type == ShapeType::Blob) {
    response.body = bytesOf(*it);
    setDefaultContentType(response, "application/octet-stream");
  } else if (shape.type == ShapeType::String) {
    response.body = bytesOf(*it);
    setDefaultContentType(response, "text/plain");
  } else if (shape.type == ShapeType::Structure) {
    const std::string& name = !payload.location_name.empty() ? payload.location_name
                              : !shape.location_name.empty() ? shape.location_name
                                                             : shape.name;
    response.body = xmlDocument(model, shape, *it, name, &payload);
    setDefaultContentType(response, kXml);
  }
}

void writeOutputBody(const ServiceModel& model, const Operation& op, const Shape& shape,
                     const Json& output, HttpResponse& response) {
  if (const MemberRef* payload = rest::payloadMember(shape)) {
    if (output.is_object()) writePayload(model, *payload, output, response);
    return;
  }
  // A shape with an xmlText member is a document even when empty (GetBucketLocation in
  // us-east-1: <LocationConstraint/>).
  bool text_root = std::any_of(shape.members.begin(), shape.members.end(),
                               [](const MemberRef& member) { return member.xml_text; });
  if (text_root || rest::hasBodyValues(shape, output)) {
    const std::string& name = shape.location_name.empty() ? shape.name : shape.location_name;
    response.body = xmlDocument(model, shape, output, name, nullptr);
  }
  setDefaultContentType(response, kXml);
}

class RestXmlCodec final : public Codec {
 public:
  Json parseRequest(const ServiceModel& model, const Operation& op,
                    const HttpRequest& request) const override {
    Json out = Json::object();
    if (op.input == kNoShape) return out;
    const Shape& shape = model.shape(op.input);
    if (const MemberRef* payload = rest::payloadMember(shape))
      readPayload(model, *payload, request, out);
    else
      readBody(model, shape, request, out);
    rest::readBindings(model, op, shape, request, out, invalidArgument);
    return out;
  }

  HttpResponse serializeResponse(const ServiceModel& model, const Operation& op, const Json& output,
                                 const ResponseContext& ctx) const override {
    HttpResponse response;
    response.status = op.response_code;
    if (op.output == kNoShape) return response;
    const Shape& shape = model.shape(op.output);
    rest::writeBindings(model, shape, output, response);
    // HTTP forbids a body on 204/304 (S3 DeleteObject answers 204).
    if (response.status == 204 || response.status == 304) return response;
    writeOutputBody(model, op, shape, output, response);
    return response;
  }

  HttpResponse serializeError(const ServiceModel& model, const Operation* op, const AwsError& error,
                              const ResponseContext& ctx) const override {
    const ResolvedError resolved = resolveError(model, error);
    HttpResponse response;
    response.status = error.http_status;  // the service's decision (named error factories)
    if (resolved.shape) rest::writeBindings(model, *resolved.shape, error.fields, response);
    response.body = model.metadata().no_error_wrapping
                        ? bareErrorDocument(model, resolved, error, ctx)
                        : errorDocument(model, resolved, error, ctx);
    response.headers.emplace_back("Content-Type", kXml);
    for (const auto& [name, value] : error.headers) response.headers.emplace_back(name, value);
    return response;
  }

 private:
  // <Error><Code/><Message/>…fields…<RequestId/><HostId/></Error>
  static std::string bareErrorDocument(const ServiceModel& model, const ResolvedError& resolved,
                                       const AwsError& error, const ResponseContext& ctx) {
    std::string body;
    xml::XmlWriter writer(body);
    xml::XmlSerializer serializer(model, writer);
    writer.declaration();
    writer.open("Error");
    writer.element("Code", resolved.query_code);
    writer.element("Message", error.message);
    serializer.writeErrorFields(resolved.shape, error.fields);
    writer.element("RequestId", ctx.request_id);
    writer.element("HostId", ctx.host_id);
    writer.close("Error");
    return body;
  }

  // <ErrorResponse><Error><Type/><Code/><Message/>…</Error><RequestId/></ErrorResponse>
  static std::string errorDocument(const ServiceModel& model, const ResolvedError& resolved,
                                   const AwsError& error, const ResponseContext& ctx) {
    std::string body;
    xml::XmlWriter writer(body);
    xml::XmlSerializer serializer(model, writer);
    writer.open("ErrorResponse");
    writer.namespaceDeclaration("", model.metadata().xml_namespace);
    writer.open("Error");
    writer.element("Type", resolved.sender_fault ? "Sender" : "Receiver");
    writer.element("Code", resolved.query_code);
    if (!error.message.empty()) writer.element("Message", error.message);
    serializer.writeErrorFields(resolved.shape, error.fields);
    writer.close("Error");
    writer.element("RequestId", ctx.request_id);
    writer.close("ErrorResponse");
    return body;
  }
};

}  // namespace

const Codec& restXmlCodec() {
  static const RestXmlCodec codec;
  return codec;
}

}  // namespace awsemu::protocol
