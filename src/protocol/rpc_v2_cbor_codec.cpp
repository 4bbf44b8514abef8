// smithy-rpc-v2-cbor: POST /service/<Service>/operation/<Operation>, "smithy-protocol:
// rpc-v2-cbor", CBOR bodies keyed by member names, timestamps as tag 1 epoch seconds, errors with
// "__type". https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html The gateway has
// already chosen the operation from the path.
#include <cmath>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/time.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "src/protocol/cbor.hpp"
#include "src/protocol/error_shapes.hpp"
#include "src/protocol/shape_reader.hpp"

namespace awsemu::protocol {
namespace {

constexpr int kEpochTag = 1;  // RFC 8949 section 3.4.2

// One map entry to write: a key and its value, typed by a shape when there is one.
struct Entry {
  std::string_view key;
  ShapeId shape;
  const Json* value;
};

std::optional<double> specialFloat(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  if (text == "NaN") return NAN;
  if (text == "Infinity") return INFINITY;
  if (text == "-Infinity") return -INFINITY;
  return std::nullopt;
}

// Output document -> CBOR along the output shape.
class CborShapeWriter {
 public:
  CborShapeWriter(const ServiceModel& model, cbor::Writer& out) : model_(model), out_(out) {}

  void write(ShapeId id, const Json& value, int depth) {
    if (depth > kMaxDocumentDepth) throw errors::internalFailure("output nested too deeply");
    if (id == kNoShape) return out_.json(value, depth);
    const Shape& shape = model_.shape(id);
    switch (shape.type) {
      case ShapeType::Structure:
        if (!value.is_object()) return out_.json(value, depth);
        return entries(structureEntries(shape, value), depth);
      case ShapeType::List:
        if (!value.is_array()) return out_.json(value, depth);
        out_.arrayHeader(value.size());
        for (const auto& item : value) write(shape.member.shape, item, depth + 1);
        return;
      case ShapeType::Map:
        if (!value.is_object()) return out_.json(value, depth);
        out_.mapHeader(value.size());
        for (const auto& [key, item] : value.items()) {
          out_.text(key);
          write(shape.value.shape, item, depth + 1);
        }
        return;
      default:
        return scalar(shape, value, depth);
    }
  }

  std::vector<Entry> structureEntries(const Shape& shape, const Json& value) const {
    std::vector<Entry> out;
    for (const auto& [key, item] : value.items()) {
      if (item.is_null()) continue;
      if (const MemberRef* member = shape.findMember(key))  // only modelled members
        out.push_back({member->name, member->shape, &item});
    }
    return out;
  }

  void entries(const std::vector<Entry>& list, int depth) {
    out_.mapHeader(list.size());
    for (const auto& entry : list) {
      out_.text(entry.key);
      write(entry.shape, *entry.value, depth + 1);
    }
  }

 private:
  void scalar(const Shape& shape, const Json& value, int depth) {
    switch (shape.type) {
      case ShapeType::Blob:
        if (value.is_string()) return out_.bytes(value.get_ref<const std::string&>());
        break;
      case ShapeType::Timestamp:
        if (auto epoch = value.is_number() ? std::optional<double>(value.get<double>())
                         : value.is_string()
                             ? timefmt::parseAny(value.get_ref<const std::string&>())
                             : std::nullopt) {
          out_.tag(kEpochTag);
          return out_.floating(*epoch);
        }
        break;
      case ShapeType::Float:
      case ShapeType::Double:
      case ShapeType::BigDecimal:
        if (auto special = specialFloat(value)) return out_.floating(*special);
        if (value.is_number()) return out_.floating(value.get<double>());
        break;
      case ShapeType::Integer:
      case ShapeType::Long:
      case ShapeType::Short:
      case ShapeType::Byte:
        if (value.is_number_float() && std::isfinite(value.get<double>()))
          return out_.integer(static_cast<std::int64_t>(value.get<double>()));
        break;
      default:
        break;
    }
    out_.json(value, depth);
  }

  const ServiceModel& model_;
  cbor::Writer& out_;
};

HttpResponse cborResponse(int status, std::string body, const ResponseContext& ctx) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
  if (!body.empty()) response.headers.emplace_back("Content-Type", "application/cbor");
  if (!ctx.request_id.empty()) response.headers.emplace_back("x-amzn-RequestId", ctx.request_id);
  response.body = std::move(body);
  return response;
}

class RpcV2CborCodec final : public Codec {
 public:
  Json parseRequest(const ServiceModel& model, const Operation& op,
                    const HttpRequest& request) const override {
    std::string spooled;  // only a body spooled to disk is read into memory
    const std::string& body =
        request.body.inMemory() ? request.body.memory : (spooled = request.body.readAll());
    if (body.empty()) return Json::object();  // operations without input send no body
    Json wire = cbor::decode(body, kMaxDocumentDepth);
    if (!wire.is_object()) throw errors::serialization("The request body must be a CBOR map");
    return readShaped(model, op.input, std::move(wire), WireFormat::Cbor, MemberNames::Member);
  }

  HttpResponse serializeResponse(const ServiceModel& model, const Operation& op, const Json& output,
                                 const ResponseContext& ctx) const override {
    // Without a modelled output the body is empty (and there is no Content-Type).
    if (op.output == kNoShape) return cborResponse(200, {}, ctx);
    cbor::Writer out;
    CborShapeWriter writer(model, out);
    if (output.is_object())
      writer.write(op.output, output, 0);
    else
      out.mapHeader(0);
    return cborResponse(200, out.take(), ctx);
  }

  HttpResponse serializeError(const ServiceModel& model, const Operation* op, const AwsError& error,
                              const ResponseContext& ctx) const override {
    const ResolvedError resolved = resolveError(model, error);
    const Json type = resolved.type, message = error.message;
    const std::string message_key = messageMemberName(resolved.shape);
    std::vector<Entry> list{{"__type", kNoShape, &type}};
    if (!error.message.empty()) list.push_back({message_key, kNoShape, &message});
    cbor::Writer out;
    CborShapeWriter writer(model, out);
    if (error.fields.is_object()) {
      if (resolved.shape) {
        for (const auto& entry : writer.structureEntries(*resolved.shape, error.fields))
          if (entry.key != message_key) list.push_back(entry);
      } else {
        for (const auto& [key, value] : error.fields.items())
          if (key != "__type" && key != message_key) list.push_back({key, kNoShape, &value});
      }
    }
    writer.entries(list, 0);
    HttpResponse response = cborResponse(error.http_status, out.take(), ctx);
    addQueryErrorHeader(model, resolved, response);
    for (const auto& [name, value] : error.headers) response.headers.emplace_back(name, value);
    return response;
  }
};

}  // namespace

const Codec& rpcV2CborCodec() {
  static const RpcV2CborCodec codec;
  return codec;
}

}  // namespace awsemu::protocol
