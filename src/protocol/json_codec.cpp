// awsJson 1.0 / 1.1: POST / with X-Amz-Target "<targetPrefix>.<Operation>" and a JSON body.
// https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
// https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
// The gateway has already chosen the operation from X-Amz-Target; this codec only maps bodies. It
// reads jsonVersion from the metadata, so it also serves models whose main protocol is another one
// (CloudWatch is smithy-rpc-v2-cbor first, json and query too).
#include <cmath>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/time.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "src/protocol/error_shapes.hpp"
#include "src/protocol/shape_reader.hpp"

namespace awsemu::protocol {
namespace {

std::string contentType(const ServiceModel& model) {
  const std::string& version = model.metadata().json_version;
  return "application/x-amz-json-" + (version.empty() ? std::string("1.0") : version);
}

bool isBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Output document -> wire JSON along the output shape (the inverse of shape_reader).
class JsonWriter {
 public:
  explicit JsonWriter(const ServiceModel& model) : model_(model) {}

  Json write(ShapeId id, const Json& value, int depth) const {
    if (depth > kMaxDocumentDepth) throw errors::internalFailure("output nested too deeply");
    if (id == kNoShape) return untyped(value, depth);
    const Shape& shape = model_.shape(id);
    switch (shape.type) {
      case ShapeType::Structure:
        return writeStructure(shape, value, depth);
      case ShapeType::List: {
        if (!value.is_array()) return untyped(value, depth);
        Json out = Json::array();
        for (const auto& item : value) out.push_back(write(shape.member.shape, item, depth + 1));
        return out;
      }
      case ShapeType::Map: {
        if (!value.is_object()) return untyped(value, depth);
        Json out = Json::object();
        for (const auto& [key, item] : value.items())
          out[key] = write(shape.value.shape, item, depth + 1);
        return out;
      }
      case ShapeType::Blob:
        if (value.is_binary()) return blobText(value);
        return value.is_string() ? Json(encoding::base64Encode(value.get_ref<const std::string&>()))
                                 : value;
      case ShapeType::Timestamp:
        return timestamp(value, shape.timestamp_format);
      case ShapeType::Float:
      case ShapeType::Double:
      case ShapeType::BigDecimal:
        return floating(value);
      case ShapeType::Document:
        return untyped(value, depth);
      default:
        return value;
    }
  }

  Json writeMembers(const Shape& shape, const Json& value, int depth, Json out) const {
    for (const auto& [key, item] : value.items()) {
      if (item.is_null()) continue;
      const MemberRef* member = shape.findMember(key);
      if (!member) continue;  // only modelled members go on the wire
      out[member->name] = write(member->shape, item, depth + 1);  // see MemberNames::Member
    }
    return out;
  }

 private:
  Json writeStructure(const Shape& shape, const Json& value, int depth) const {
    if (!value.is_object()) return untyped(value, depth);
    return writeMembers(shape, value, depth, Json::object());
  }

  static Json blobText(const Json& value) {
    const auto& bytes = value.get_binary();
    return encoding::base64Encode(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }

  static Json floating(const Json& value) {
    if (!value.is_number_float()) return value;
    const double d = value.get<double>();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    return value;
  }

  // Epoch seconds by default (awsJson's default format), else the shape's timestampFormat.
  static Json timestamp(const Json& value, TimestampFormat format) {
    double epoch = 0;
    if (value.is_number()) {
      epoch = value.get<double>();
    } else if (value.is_string()) {
      auto parsed = timefmt::parseAny(value.get_ref<const std::string&>());
      if (!parsed) return value;
      epoch = *parsed;
    } else {
      return value;
    }
    switch (format) {
      case TimestampFormat::Iso8601:
        return timefmt::iso8601(epoch, 3);
      case TimestampFormat::Rfc822:
        return timefmt::httpDate(epoch);
      default:
        if (value.is_number_integer() || value.is_number_unsigned()) return value;
        if (epoch == std::floor(epoch) && std::fabs(epoch) < 9e15)
          return static_cast<std::int64_t>(epoch);
        return std::round(epoch * 1000.0) / 1000.0;  // AWS sends millisecond precision
    }
  }

  // Values without a shape (documents, unmodelled error fields): bytes still become base64.
  Json untyped(const Json& value, int depth) const {
    if (depth > kMaxDocumentDepth) throw errors::internalFailure("output nested too deeply");
    if (value.is_binary()) return blobText(value);
    if (value.is_number_float()) return floating(value);
    if (!value.is_structured()) return value;
    Json out = value.is_array() ? Json::array() : Json::object();
    if (value.is_array())
      for (const auto& item : value) out.push_back(untyped(item, depth + 1));
    else
      for (const auto& [key, item] : value.items()) out[key] = untyped(item, depth + 1);
    return out;
  }

  const ServiceModel& model_;
};

HttpResponse jsonResponse(const ServiceModel& model, int status, const Json& body,
                          const ResponseContext& ctx) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", contentType(model));
  if (!ctx.request_id.empty()) response.headers.emplace_back("x-amzn-RequestId", ctx.request_id);
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

class JsonCodec final : public Codec {
 public:
  Json parseRequest(const ServiceModel& model, const Operation& op,
                    const HttpRequest& request) const override {
    std::string spooled;  // only a body spooled to disk is read into memory
    const std::string& text =
        request.body.inMemory() ? request.body.memory : (spooled = request.body.readAll());
    // An empty body is an empty input (the awsJson spec asks clients for "{}", but not all do).
    if (isBlank(text)) return Json::object();
    Json wire = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (wire.is_discarded()) throw errors::serialization("The request body is not valid JSON");
    if (!wire.is_object())
      throw errors::serialization("Start of structure or map expected at the top level");
    return readShaped(model, op.input, std::move(wire), WireFormat::Json, MemberNames::Member);
  }

  HttpResponse serializeResponse(const ServiceModel& model, const Operation& op, const Json& output,
                                 const ResponseContext& ctx) const override {
    // Operations without output still answer "{}", which every SDK accepts.
    Json body = op.output == kNoShape || !output.is_object()
                    ? Json::object()
                    : JsonWriter(model).write(op.output, output, 0);
    return jsonResponse(model, 200, body, ctx);
  }

  HttpResponse serializeError(const ServiceModel& model, const Operation* op, const AwsError& error,
                              const ResponseContext& ctx) const override {
    const ResolvedError resolved = resolveError(model, error);
    Json body = Json::object();
    body["__type"] = resolved.type;
    if (!error.message.empty()) body[messageMemberName(resolved.shape)] = error.message;
    if (error.fields.is_object() && !error.fields.empty()) {
      JsonWriter writer(model);
      if (resolved.shape) {
        body = writer.writeMembers(*resolved.shape, error.fields, 0, std::move(body));
      } else {
        for (const auto& [key, value] : error.fields.items())
          body[key] = writer.write(kNoShape, value, 1);
      }
    }
    HttpResponse response = jsonResponse(model, error.http_status, body, ctx);
    addQueryErrorHeader(model, resolved, response);
    for (const auto& [name, value] : error.headers) response.headers.emplace_back(name, value);
    return response;
  }
};

}  // namespace

const Codec& jsonCodec() {
  static const JsonCodec codec;
  return codec;
}

}  // namespace awsemu::protocol
