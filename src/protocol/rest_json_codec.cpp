// restJson1: operations addressed by method + URI template, members bound to labels, query
// string, headers and a JSON body (or a raw blob/string payload). Lambda speaks it.
// https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
//
// Malformed input (bad JSON, a label or header that does not parse as its type) is answered with
// 400 SerializationException, as Smithy-based AWS front ends do. Errors carry their type in the
// x-amzn-ErrorType header (what botocore and the other SDKs read first) and the error shape's
// members in the body.
#include <cmath>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "src/protocol/error_shapes.hpp"
#include "src/protocol/rest_bindings.hpp"
#include "src/protocol/shape_reader.hpp"
#include "src/protocol/xml_text.hpp"

namespace awsemu::protocol {
namespace {

constexpr const char* kJson = "application/json";

bool isBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

Json parseJsonBody(const std::string& text) {
  Json wire = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (wire.is_discarded()) throw errors::serialization("The request body is not valid JSON");
  return wire;
}

std::string bytesOf(const Json& value) {
  if (value.is_binary()) return blobToString(value);
  return value.is_string() ? value.get<std::string>() : text::jsonText(value);
}

// Document -> wire JSON along a shape: blobs base64, timestamps as epoch seconds unless the
// member says otherwise, NaN/Infinity as strings, members under their JSON names.
class JsonBodyWriter {
 public:
  explicit JsonBodyWriter(const ServiceModel& model) : model_(model) {}

  Json structure(const Shape& shape, const Json& value, bool body_only) const {
    Json out = Json::object();
    if (!value.is_object()) return out;
    for (const auto& member : shape.members) {
      if (body_only && !rest::inResponseBody(member)) continue;
      auto it = value.find(member.name);
      if (it == value.end() || it->is_null()) continue;
      out[member.wireName()] = write(member, *it, 0);
    }
    return out;
  }

  Json write(const MemberRef& traits, const Json& value, int depth) const {
    if (depth > kMaxDocumentDepth) throw errors::internalFailure("output nested too deeply");
    const Shape& shape = model_.shape(traits.shape);
    switch (shape.type) {
      case ShapeType::Structure:
        return structure(shape, value, false);
      case ShapeType::List: {
        Json out = Json::array();
        if (value.is_array())
          for (const auto& item : value) out.push_back(write(shape.member, item, depth + 1));
        return out;
      }
      case ShapeType::Map: {
        Json out = Json::object();
        if (value.is_object())
          for (const auto& [key, item] : value.items())
            if (!item.is_null()) out[key] = write(shape.value, item, depth + 1);
        return out;
      }
      case ShapeType::Blob:
        return encoding::base64Encode(bytesOf(value));
      case ShapeType::Timestamp:
        return timestamp(traits, shape, value);
      case ShapeType::Float:
      case ShapeType::Double:
      case ShapeType::BigDecimal:
        if (value.is_number_float() && !std::isfinite(value.get<double>()))
          return text::formatDouble(value.get<double>());
        return value;
      default:
        return value;
    }
  }

 private:
  static Json timestamp(const MemberRef& traits, const Shape& shape, const Json& value) {
    if (!value.is_number()) return value;
    auto format = text::timestampFormatOf(traits, shape, TimestampFormat::UnixTimestamp);
    if (format == TimestampFormat::UnixTimestamp) return text::epochJson(value.get<double>());
    return text::formatTimestamp(value.get<double>(), format);
  }

  const ServiceModel& model_;
};

void setDefaultContentType(HttpResponse& response, const char* type) {
  if (!findHeader(response.headers, "Content-Type"))
    response.headers.emplace_back("Content-Type", type);
}

// The payload member of a request: raw bytes for blobs and strings, JSON otherwise.
void readPayload(const ServiceModel& model, const MemberRef& payload, const HttpRequest& request,
                 Json& out) {
  if (rest::readRawPayload(model, payload, request, out)) return;
  const Shape& shape = model.shape(payload.shape);
  const std::string text = request.body.readAll();
  if (isBlank(text)) return;
  Json wire = parseJsonBody(text);
  if (shape.type == ShapeType::Document) {
    out[payload.name] = std::move(wire);
    return;
  }
  // Clients send "{}" when the payload member is unset, so an empty object means absent.
  if (wire.is_object() && wire.empty()) return;
  out[payload.name] =
      readShaped(model, payload.shape, std::move(wire), WireFormat::Json, MemberNames::Location);
}

void readBody(const ServiceModel& model, const Shape& shape, ShapeId id, const HttpRequest& request,
              Json& out) {
  if (!rest::hasBodyMembers(shape)) return;
  const std::string text = request.body.readAll();
  if (isBlank(text)) return;
  Json wire = parseJsonBody(text);
  if (!wire.is_object())
    throw errors::serialization("Start of structure or map expected at the top level");
  Json body = readShaped(model, id, std::move(wire), WireFormat::Json, MemberNames::Location);
  for (const auto& member : shape.members) {
    if (member.location != Location::Body) continue;
    auto it = body.find(member.name);
    if (it != body.end()) out[member.name] = std::move(*it);
  }
}

void writePayload(const ServiceModel& model, const MemberRef& payload, const Json& output,
                  HttpResponse& response) {
  auto it = output.find(payload.name);
  if (it == output.end() || it->is_null()) return;  // e.g. a streamed body attached later
  const Shape& shape = model.shape(payload.shape);
  switch (shape.type) {
    case ShapeType::Blob:
      response.body = bytesOf(*it);
      setDefaultContentType(response, "application/octet-stream");
      return;
    case ShapeType::String:
      response.body = it->is_string() ? it->get<std::string>() : text::jsonText(*it);
      setDefaultContentType(response, "text/plain");
      return;
    case ShapeType::Document:
      response.body = text::jsonText(*it);
      setDefaultContentType(response, kJson);
      return;
    default:
      response.body = text::jsonText(JsonBodyWriter(model).write(payload, *it, 0));
      setDefaultContentType(response, kJson);
  }
}

// HTTP forbids a body on these statuses.
bool bodyless(int status) { return status == 204 || status == 304; }

class RestJsonCodec final : public Codec {
 public:
  Json parseRequest(const ServiceModel& model, const Operation& op,
                    const HttpRequest& request) const override {
    Json out = Json::object();
    if (op.input == kNoShape) return out;
    const Shape& shape = model.shape(op.input);
    if (const MemberRef* payload = rest::payloadMember(shape))
      readPayload(model, *payload, request, out);
    else
      readBody(model, shape, op.input, request, out);
    rest::readBindings(model, op, shape, request, out, errors::serialization);
    return out;
  }

  HttpResponse serializeResponse(const ServiceModel& model, const Operation& op, const Json& output,
                                 const ResponseContext& ctx) const override {
    HttpResponse response;
    response.status = op.response_code;
    if (!ctx.request_id.empty()) response.headers.emplace_back("x-amzn-RequestId", ctx.request_id);
    if (op.output == kNoShape) return response;
    const Shape& shape = model.shape(op.output);
    rest::writeBindings(model, shape, output, response);
    if (bodyless(response.status)) return response;
    if (const MemberRef* payload = rest::payloadMember(shape)) {
      if (output.is_object()) writePayload(model, *payload, output, response);
      return response;
    }
    // Servers answer a JSON object even when every output member is bound elsewhere.
    response.body = text::jsonText(JsonBodyWriter(model).structure(shape, output, true));
    setDefaultContentType(response, kJson);
    return response;
  }

  HttpResponse serializeError(const ServiceModel& model, const Operation* op, const AwsError& error,
                              const ResponseContext& ctx) const override {
    const ResolvedError resolved = resolveError(model, error);
    HttpResponse response;
    response.status = error.http_status;  // the service's decision (named error factories)
    response.headers.emplace_back("x-amzn-ErrorType", resolved.type);
    if (!ctx.request_id.empty()) response.headers.emplace_back("x-amzn-RequestId", ctx.request_id);
    Json body = Json::object();
    if (resolved.shape) {
      rest::writeBindings(model, *resolved.shape, error.fields, response);
      body = JsonBodyWriter(model).structure(*resolved.shape, error.fields, true);
    } else if (error.fields.is_object()) {
      for (const auto& [key, value] : error.fields.items())
        if (!value.is_binary()) body[key] = value;
    }
    if (!error.message.empty()) body[messageMemberName(resolved.shape)] = error.message;
    response.body = text::jsonText(body);
    response.headers.emplace_back("Content-Type", kJson);
    for (const auto& [name, value] : error.headers) response.headers.emplace_back(name, value);
    return response;
  }
};

}  // namespace

const Codec& restJsonCodec() {
  static const RestJsonCodec codec;
  return codec;
}

}  // namespace awsemu::protocol
