// Builds the compact ServiceModel tables from a botocore model document (service-2.json format:
// https://github.com/boto/botocore/tree/develop/botocore/data). Shape references become indices in
// a second pass, so the JSON tree can be dropped once the model is built.
#include <filesystem>
#include <fstream>
#include <iterator>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/model.hpp"
#include "src/protocol/pattern.hpp"

namespace awsemu::protocol {
namespace {

AwsError badModel(const std::string& what) {
  return errors::internalFailure("invalid service model: " + what);
}

std::string stringOr(const Json& object, const char* key, std::string fallback = {}) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::move(fallback);
}

bool boolOr(const Json& object, const char* key, bool fallback = false) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::optional<double> numberOf(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

ShapeType shapeTypeFromName(const std::string& type) {
  static const std::pair<const char*, ShapeType> kTypes[] = {{"structure", ShapeType::Structure},
                                                             {"list", ShapeType::List},
                                                             {"map", ShapeType::Map},
                                                             {"string", ShapeType::String},
                                                             {"integer", ShapeType::Integer},
                                                             {"long", ShapeType::Long},
                                                             {"short", ShapeType::Short},
                                                             {"byte", ShapeType::Byte},
                                                             {"float", ShapeType::Float},
                                                             {"double", ShapeType::Double},
                                                             {"boolean", ShapeType::Boolean},
                                                             {"blob", ShapeType::Blob},
                                                             {"timestamp", ShapeType::Timestamp},
                                                             {"biginteger", ShapeType::BigInteger},
                                                             {"bigdecimal", ShapeType::BigDecimal},
                                                             {"document", ShapeType::Document}};
  for (const auto& [name, value] : kTypes)
    if (type == name) return value;
  throw badModel("unknown shape type '" + type + "'");
}

TimestampFormat timestampFormatOf(const Json& object) {
  const std::string format = stringOr(object, "timestampFormat");
  if (format == "iso8601") return TimestampFormat::Iso8601;
  if (format == "rfc822") return TimestampFormat::Rfc822;
  if (format == "unixTimestamp") return TimestampFormat::UnixTimestamp;
  return TimestampFormat::Default;
}

Location locationOf(const std::string& location) {
  if (location.empty()) return Location::Body;
  if (location == "uri") return Location::Uri;
  if (location == "querystring") return Location::QueryString;
  if (location == "header") return Location::Header;
  if (location == "headers") return Location::Headers;
  if (location == "statusCode") return Location::StatusCode;
  throw badModel("unknown member location '" + location + "'");
}

// "xmlNamespace" is either a URI string or {"prefix": ..., "uri": ...}.
void readXmlNamespace(const Json& object, std::string& prefix, std::string& uri) {
  auto it = object.find("xmlNamespace");
  if (it == object.end()) return;
  if (it->is_string()) {
    uri = it->get<std::string>();
  } else if (it->is_object()) {
    prefix = stringOr(*it, "prefix");
    uri = stringOr(*it, "uri");
  }
}

}  // namespace

// Friend of ServiceModel: fills its private tables.
class ModelBuilder {
 public:
  explicit ModelBuilder(const Json& document) : document_(document) {}

  std::shared_ptr<const ServiceModel> build() {
    if (!document_.is_object()) throw badModel("not a JSON object");
    auto model = std::make_shared<ServiceModel>();
    model_ = model.get();
    readMetadata();
    indexShapes();
    readShapes();
    readOperations();
    return model;
  }

 private:
  const Json& section(const char* key) {
    static const Json kEmpty = Json::object();
    auto it = document_.find(key);
    return it != document_.end() && it->is_object() ? *it : kEmpty;
  }

  void readMetadata() {
    const Json& meta = section("metadata");
    Metadata& out = model_->metadata_;
    auto protocol = protocolFromName(stringOr(meta, "protocol"));
    if (!protocol) {  // fall back to the first supported entry of "protocols"
      if (auto it = meta.find("protocols"); it != meta.end() && it->is_array())
        for (const auto& name : *it)
          if (name.is_string() && (protocol = protocolFromName(name.get<std::string>()))) break;
    }
    if (!protocol) throw badModel("unsupported protocol '" + stringOr(meta, "protocol") + "'");
    out.protocol = *protocol;
    out.api_version = stringOr(meta, "apiVersion");
    out.endpoint_prefix = stringOr(meta, "endpointPrefix");
    out.signing_name = stringOr(meta, "signingName", out.endpoint_prefix);
    out.service_id = stringOr(meta, "serviceId");
    out.target_prefix = stringOr(meta, "targetPrefix");
    out.json_version = stringOr(meta, "jsonVersion");
    std::string ignored_prefix;
    readXmlNamespace(meta, ignored_prefix, out.xml_namespace);
    out.global_endpoint = stringOr(meta, "globalEndpoint");
    // Present as an (empty) object on models such as SQS and CloudWatch.
    out.aws_query_compatible = meta.contains("awsQueryCompatible");
    out.no_error_wrapping = boolOr(meta, "noErrorWrapping");
  }

  void indexShapes() {
    const Json& shapes = section("shapes");
    model_->shapes_.reserve(shapes.size());
    for (auto it = shapes.begin(); it != shapes.end(); ++it) {
      const auto id = static_cast<ShapeId>(model_->shapes_.size());
      model_->shapes_.emplace_back().name = it.key();
      model_->shape_index_.emplace(it.key(), id);
    }
  }

  ShapeId resolve(const Json& ref) const {
    const std::string name = stringOr(ref, "shape");
    auto it = model_->shape_index_.find(name);
    if (it == model_->shape_index_.end()) throw badModel("unknown shape '" + name + "'");
    return it->second;
  }

  MemberRef readRef(const Json& ref, std::string name) const {
    if (!ref.is_object()) throw badModel("member '" + name + "' is not an object");
    MemberRef out;
    out.name = std::move(name);
    out.shape = resolve(ref);
    out.location = locationOf(stringOr(ref, "location"));
    out.location_name = stringOr(ref, "locationName");
    if (out.location_name == out.name) out.location_name.clear();
    out.query_name = stringOr(ref, "queryName");
    readXmlNamespace(ref, out.xml_namespace_prefix, out.xml_namespace_uri);
    out.timestamp_format = timestampFormatOf(ref);
    out.xml_attribute = boolOr(ref, "xmlAttribute");
    out.xml_text = boolOr(ref, "xmlText");
    out.flattened = boolOr(ref, "flattened");
    out.json_value = boolOr(ref, "jsonvalue");
    out.host_label = boolOr(ref, "hostLabel");
    out.idempotency_token = boolOr(ref, "idempotencyToken");
    out.event_payload = boolOr(ref, "eventpayload");
    out.streaming = boolOr(ref, "streaming");
    return out;
  }

  void readShapes() {
    const Json& shapes = section("shapes");
    ShapeId id = 0;
    for (auto it = shapes.begin(); it != shapes.end(); ++it, ++id) {
      if (!it->is_object()) throw badModel("shape '" + it.key() + "' is not an object");
      readShape(*it, model_->shapes_[id]);
      if (model_->shapes_[id].is_exception) indexError(id);
    }
    // Streaming is a shape trait in most models but a member trait in others; expose both ways.
    for (auto& shape : model_->shapes_)
      for (auto& member : shape.members)
        if (model_->shapes_[member.shape].streaming) member.streaming = true;
  }

  void readShape(const Json& in, Shape& out) const {
    out.type = shapeTypeFromName(stringOr(in, "type"));
    if (boolOr(in, "document")) out.type = ShapeType::Document;
    readStructure(in, out);
    if (auto it = in.find("member"); it != in.end()) out.member = readRef(*it, "");
    if (auto it = in.find("key"); it != in.end()) out.key = readRef(*it, "");
    if (auto it = in.find("value"); it != in.end()) out.value = readRef(*it, "");
    out.flattened = boolOr(in, "flattened");
    if (auto it = in.find("enum"); it != in.end() && it->is_array())
      for (const auto& value : *it)
        if (value.is_string()) out.enum_values.push_back(value.get<std::string>());
    out.min = numberOf(in, "min");
    out.max = numberOf(in, "max");
    out.pattern = stringOr(in, "pattern");
    out.compiled_pattern = compilePattern(out.pattern);  // once per model, never per request
    out.timestamp_format = timestampFormatOf(in);
    out.streaming = boolOr(in, "streaming");
    out.sensitive = boolOr(in, "sensitive");
    out.requires_length = boolOr(in, "requiresLength");
    out.location_name = stringOr(in, "locationName");
    readXmlNamespace(in, out.xml_namespace_prefix, out.xml_namespace_uri);
  }

  void readStructure(const Json& in, Shape& out) const {
    if (auto it = in.find("members"); it != in.end() && it->is_object())
      for (auto member = it->begin(); member != it->end(); ++member)
        out.members.push_back(readRef(*member, member.key()));
    if (auto it = in.find("required"); it != in.end() && it->is_array())
      for (const auto& name : *it)
        for (auto& member : out.members)
          if (name.is_string() && member.name == name.get<std::string>()) member.required = true;
    out.payload = stringOr(in, "payload");
    out.is_union = boolOr(in, "union");
    out.is_exception = boolOr(in, "exception");
    out.is_event_stream = boolOr(in, "eventstream");
    out.is_event = boolOr(in, "event");
    if (auto it = in.find("error"); it != in.end() && it->is_object()) {
      out.error_code = stringOr(*it, "code");
      out.error_http_status = static_cast<int>(numberOf(*it, "httpStatusCode").value_or(0));
      out.error_sender_fault = boolOr(*it, "senderFault", true);
    }
    if (boolOr(in, "fault")) out.error_sender_fault = false;  // server-side fault
  }

  // Both the shape name and its wire code ("error.code") find an error shape; a shape's own name
  // wins over another shape's code.
  void indexError(ShapeId id) {
    const Shape& shape = model_->shapes_[id];
    model_->error_code_index_[shape.name] = id;
    if (!shape.error_code.empty()) model_->error_code_index_.try_emplace(shape.error_code, id);
  }

  void readOperations() {
    const Json& operations = section("operations");
    model_->operations_.reserve(operations.size());
    for (auto it = operations.begin(); it != operations.end(); ++it) {
      if (!it->is_object()) throw badModel("operation '" + it.key() + "' is not an object");
      Operation op = readOperation(*it);
      op.name = stringOr(*it, "name", it.key());
      model_->operation_index_.emplace(op.name,
                                       static_cast<std::uint32_t>(model_->operations_.size()));
      model_->operations_.push_back(std::move(op));
    }
  }

  Operation readOperation(const Json& in) const {
    Operation op;
    if (auto it = in.find("http"); it != in.end() && it->is_object()) {
      op.method = stringOr(*it, "method", op.method);
      op.request_uri = stringOr(*it, "requestUri", op.request_uri);
      op.response_code = static_cast<int>(numberOf(*it, "responseCode").value_or(200));
    }
    if (auto it = in.find("input"); it != in.end() && it->is_object()) op.input = resolve(*it);
    if (auto it = in.find("output"); it != in.end() && it->is_object()) {
      op.output = resolve(*it);
      op.result_wrapper = stringOr(*it, "resultWrapper");
    }
    if (auto it = in.find("errors"); it != in.end() && it->is_array())
      for (const auto& error : *it) op.errors.push_back(resolve(error));
    if (auto it = in.find("endpoint"); it != in.end() && it->is_object())
      op.host_prefix = stringOr(*it, "hostPrefix");
    op.http_checksum_required = boolOr(in, "httpChecksumRequired");
    if (auto it = in.find("httpChecksum"); it != in.end() && it->is_object()) {
      op.request_checksum_required = boolOr(*it, "requestChecksumRequired");
      op.request_algorithm_member = stringOr(*it, "requestAlgorithmMember");
      op.request_validation_mode_member = stringOr(*it, "requestValidationModeMember");
    }
    op.deprecated = boolOr(in, "deprecated");
    return op;
  }

  const Json& document_;
  ServiceModel* model_ = nullptr;
};

std::shared_ptr<const ServiceModel> ServiceModel::fromJson(const Json& model) {
  return ModelBuilder(model).build();
}

namespace {
Json readJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw errors::internalFailure("cannot open service model " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Json document = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded())
    throw errors::internalFailure("service model " + path + " is not JSON");
  return document;
}
}  // namespace

std::shared_ptr<const ServiceModel> ServiceModel::load(const std::string& path,
                                                       const std::string& patch_path) {
  Json document = readJsonFile(path);
  // Corrections to botocore's model (traits the server needs that the client model lacks) are
  // kept beside it as an RFC 7386 JSON merge patch, applied before the tables are built.
  if (!patch_path.empty() && std::filesystem::exists(patch_path))
    document.merge_patch(readJsonFile(patch_path));
  return fromJson(document);
}

}  // namespace awsemu::protocol
