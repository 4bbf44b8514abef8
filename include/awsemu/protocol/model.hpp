#pragma once
// A botocore service model held as compact read-only tables (not a JSON tree): shapes and
// operations are vectors addressed by index, loaded lazily from services/<name>/model.json on first
// use.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "awsemu/core/json.hpp"

namespace awsemu::protocol {

enum class Protocol : std::uint8_t { Query, Ec2, Json, RestJson, RestXml, SmithyRpcV2Cbor };
std::optional<Protocol> protocolFromName(
    std::string_view name);  // "query", "json", "rest-xml", ...
std::string_view protocolName(Protocol p);

enum class ShapeType : std::uint8_t {
  Structure,
  List,
  Map,
  String,
  Integer,
  Long,
  Short,
  Byte,
  Float,
  Double,
  Boolean,
  Blob,
  Timestamp,
  BigInteger,
  BigDecimal,
  Document
};

enum class Location : std::uint8_t { Body, Uri, QueryString, Header, Headers, StatusCode };
enum class TimestampFormat : std::uint8_t { Default, Iso8601, Rfc822, UnixTimestamp };

// A shape's "pattern" compiled once when the model is loaded (defined in src/protocol/pattern.hpp).
struct CompiledPattern;

using ShapeId = std::uint32_t;
constexpr ShapeId kNoShape = 0xffffffffu;

// A reference to a shape with the traits a member (or list member / map key / value) adds.
struct MemberRef {
  std::string name;  // member name in the document ("" for list members, map key/value)
  ShapeId shape = kNoShape;
  Location location = Location::Body;
  std::string location_name;  // wire name (locationName), empty when it equals `name`
  std::string query_name;     // ec2 queryName
  std::string xml_namespace_prefix, xml_namespace_uri;
  TimestampFormat timestamp_format = TimestampFormat::Default;  // member-level override
  bool xml_attribute = false;
  // awsemu model trait "xmlText": the member is the text content of its structure's element
  // (S3 GetBucketLocation: <LocationConstraint>eu-west-1</LocationConstraint>).
  bool xml_text = false;
  bool flattened = false;   // member-level "flattened"
  bool json_value = false;  // header carrying base64 JSON (jsonvalue)
  bool host_label = false;
  bool idempotency_token = false;
  bool event_payload = false;
  bool streaming = false;  // member "streaming" or its shape's (S3 Body is marked on the member)
  bool required = false;   // listed in the parent structure's "required"

  // The name used on the wire for this member (locationName, else name).
  const std::string& wireName() const { return location_name.empty() ? name : location_name; }
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::String;
  // structure
  std::vector<MemberRef> members;
  std::string payload;  // member bound to the HTTP payload (rest protocols)
  bool is_union = false;
  bool is_exception = false;
  bool is_event_stream = false, is_event = false;
  // error traits ("error": {"code", "httpStatusCode", "senderFault"})
  std::string error_code;
  int error_http_status = 0;
  bool error_sender_fault = true;
  // list (member) / map (key, value)
  MemberRef member, key, value;
  bool flattened = false;
  // scalars
  std::vector<std::string> enum_values;
  std::optional<double> min, max;
  std::string pattern;
  std::shared_ptr<const CompiledPattern> compiled_pattern;  // null when std::regex cannot run it
  TimestampFormat timestamp_format = TimestampFormat::Default;
  bool streaming = false;  // blob/string payload streamed (S3 bodies, Lambda invoke)
  bool sensitive = false;
  bool requires_length = false;
  std::string location_name;  // shape-level locationName (xml root names)
  std::string xml_namespace_uri, xml_namespace_prefix;

  const MemberRef* findMember(std::string_view member_name) const;
};

struct Operation {
  std::string name;
  std::string method = "POST";
  std::string request_uri = "/";  // URI template, e.g. "/{Bucket}/{Key+}?uploads"
  int response_code = 200;
  ShapeId input = kNoShape, output = kNoShape;
  std::string result_wrapper;  // output "resultWrapper" (query protocol)
  std::string host_prefix;     // "endpoint": {"hostPrefix"}
  std::vector<ShapeId> errors;
  bool http_checksum_required = false;
  bool request_checksum_required = false;      // httpChecksum.requestChecksumRequired
  std::string request_algorithm_member;        // httpChecksum.requestAlgorithmMember
  std::string request_validation_mode_member;  // httpChecksum.requestValidationModeMember
  bool deprecated = false;
};

struct Metadata {
  Protocol protocol = Protocol::Query;
  std::string api_version, endpoint_prefix, signing_name, service_id, target_prefix, json_version,
      xml_namespace, global_endpoint;
  bool aws_query_compatible = false;
  // Smithy restXml's noErrorWrapping: errors are a bare <Error> document (S3), with <HostId>.
  bool no_error_wrapping = false;
};

class ServiceModel {
 public:
  // Builds the compact tables from a botocore-style model document
  // ({"metadata", "operations", "shapes"}); the JSON is not kept.
  static std::shared_ptr<const ServiceModel> fromJson(const Json& model);
  // Loads a model file (services/<name>/model.json) and, when `patch_path` names an existing file
  // (services/<name>/model.patch.json), applies it as a JSON merge patch first.
  static std::shared_ptr<const ServiceModel> load(const std::string& path,
                                                  const std::string& patch_path = {});

  const Metadata& metadata() const { return metadata_; }
  const Shape& shape(ShapeId id) const { return shapes_[id]; }
  std::optional<ShapeId> findShape(std::string_view name) const;
  const Operation* findOperation(std::string_view name) const;
  const std::vector<Operation>& operations() const { return operations_; }
  const std::vector<Shape>& shapes() const { return shapes_; }
  // The error shape whose name or "error.code" is `code` (nullptr when the model has none).
  const Shape* findErrorShape(std::string_view code) const;

  // A table derived from this model (e.g. the rest router's parsed URI templates), built by
  // `build(model)` (returning a T) on first use and kept for the model's lifetime. Thread-safe;
  // `build` must not itself call derived().
  template <class T, class Build>
  const T& derived(Build&& build) const {
    std::lock_guard<std::mutex> lock(derived_mutex_);
    auto& slot = derived_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<const T>(build(*this));
    return *static_cast<const T*>(slot.get());
  }

 private:
  mutable std::mutex derived_mutex_;
  mutable std::unordered_map<std::type_index, std::shared_ptr<const void>> derived_;
  Metadata metadata_;
  std::vector<Shape> shapes_;
  std::vector<Operation> operations_;
  std::unordered_map<std::string, ShapeId> shape_index_;
  std::unordered_map<std::string, std::uint32_t> operation_index_;
  std::unordered_map<std::string, ShapeId> error_code_index_;
  friend class ModelBuilder;
};

}  // namespace awsemu::protocol
