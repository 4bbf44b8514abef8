// awsQuery (and its ec2 variant): form-encoded parameters in, XML out.
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
// https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html
//
// The codec also serves models whose main protocol is another one when an old SDK speaks query to
// them (SQS's json model, CloudWatch's smithy-rpc-v2-cbor model): it only reads the metadata to
// tell ec2 apart (different parameter names, no Result wrapper, another error envelope).
//
// Requests: the body (application/x-www-form-urlencoded) and the query string (GET) both carry
// parameters. Structures are flattened with dots ("Nested.Field"), lists as "Name.member.N"
// ("Name.N" when flattened, and always in ec2), maps as "Name.entry.N.key" / ".value".
// A value that does not parse as its type is answered with 400 ValidationError, the code
// STS/IAM/SNS use for malformed parameters
// (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/protocol/codecs.hpp"
#include "src/protocol/error_shapes.hpp"
#include "src/protocol/xml_serializer.hpp"
#include "src/protocol/xml_text.hpp"
#include "src/protocol/xml_writer.hpp"

namespace awsemu::protocol {
namespace {

using Params = std::map<std::string, std::string, std::less<>>;

// Recursive shapes cannot make a parameter name longer than this many levels.
constexpr int kMaxDepth = 32;

bool isEc2(const ServiceModel& model) { return model.metadata().protocol == Protocol::Ec2; }

// The namespace of the response envelope. Models served over query only as a fallback (SQS)
// have none; the documented AWS pattern is used then.
std::string xmlNamespace(const ServiceModel& model) {
  const Metadata& meta = model.metadata();
  if (!meta.xml_namespace.empty()) return meta.xml_namespace;
  return "https://" + meta.endpoint_prefix + ".amazonaws.com/doc/" + meta.api_version + "/";
}

void addFormParams(std::string_view encoded, Params& out) {
  encoding::forEachFormParam(encoded, true, [&out](std::string key, std::string value, bool) {
    out.emplace(std::move(key), std::move(value));  // the first occurrence wins
  });
}

// Reads the input document out of the flat parameter map, walking the input shape.
class QueryInputReader {
 public:
  QueryInputReader(const ServiceModel& model, const Params& params, bool ec2)
      : model_(model), params_(params), ec2_(ec2) {}

  Json readStructure(const Shape& shape, const std::string& prefix, int depth) const {
    if (depth > kMaxDepth) throw errors::validation("Parameter names are nested too deeply");
    Json out = Json::object();
    for (const auto& member : shape.members) {
      std::string key = prefix.empty() ? paramName(member) : prefix + "." + paramName(member);
      Json value = readValue(member, key, depth + 1);
      if (!value.is_null()) out[member.name] = std::move(value);
    }
    return out;
  }

 private:
  // ec2 names: queryName, else the capitalised locationName or member name.
  std::string paramName(const MemberRef& member) const {
    if (!ec2_) return member.wireName();
    if (!member.query_name.empty()) return member.query_name;
    std::string name = member.wireName();
    if (!name.empty())
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
  }

  bool hasChildren(const std::string& key) const {
    const std::string prefix = key + ".";
    auto it = params_.lower_bound(prefix);
    return it != params_.end() && std::string_view(it->first).starts_with(prefix);
  }

  // The indices N present under "prefix.N[...]", ascending.
  std::vector<std::uint32_t> indices(const std::string& prefix) const {
    std::vector<std::uint32_t> out;
    const std::string start = prefix + ".";
    for (auto it = params_.lower_bound(start);
         it != params_.end() && std::string_view(it->first).starts_with(start); ++it) {
      std::string_view rest = std::string_view(it->first).substr(start.size());
      std::uint64_t index = 0;
      std::size_t digits = 0;
      for (; digits < rest.size() && digits < 9 &&
             std::isdigit(static_cast<unsigned char>(rest[digits]));
           ++digits)
        index = index * 10 + static_cast<std::uint64_t>(rest[digits] - '0');
      if (digits == 0 || index == 0 || (digits < rest.size() && rest[digits] != '.')) continue;
      out.push_back(static_cast<std::uint32_t>(index));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  Json readValue(const MemberRef& ref, const std::string& key, int depth) const {
    const Shape& shape = model_.shape(ref.shape);
    switch (shape.type) {
      case ShapeType::Structure:
        return hasChildren(key) ? readStructure(shape, key, depth) : Json();
      case ShapeType::List:
        return readList(ref, shape, key, depth);
      case ShapeType::Map:
        return readMap(ref, shape, key, depth);
      default:
        return readScalar(ref, shape, key);
    }
  }

  Json readList(const MemberRef& ref, const Shape& shape, const std::string& key, int depth) const {
    const bool flattened = ec2_ || ref.flattened || shape.flattened;
    std::string item_prefix = flattened ? key : key + "." + memberName(shape);
    std::vector<std::uint32_t> found = indices(item_prefix);
    if (found.empty() && !flattened) {  // tolerate clients that flatten anyway
      item_prefix = key;
      found = indices(item_prefix);
    }
    if (found.empty()) {
      // "ListArg=" is how query clients send an empty list.
      auto it = params_.find(key);
      return it != params_.end() && it->second.empty() ? Json::array() : Json();
    }
    Json out = Json::array();
    for (auto index : found) {
      Json item = readValue(shape.member, item_prefix + "." + std::to_string(index), depth + 1);
      if (!item.is_null()) out.push_back(std::move(item));
    }
    return out;
  }

  Json readMap(const MemberRef& ref, const Shape& shape, const std::string& key, int depth) const {
    const bool flattened = ref.flattened || shape.flattened;
    const std::string entry_prefix = flattened ? key : key + ".entry";
    const std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
    const std::string value_name =
        shape.value.location_name.empty() ? "value" : shape.value.location_name;
    std::vector<std::uint32_t> found = indices(entry_prefix);
    if (found.empty()) return Json();
    Json out = Json::object();
    for (auto index : found) {
      const std::string entry = entry_prefix + "." + std::to_string(index) + ".";
      auto entry_key = params_.find(entry + key_name);
      if (entry_key == params_.end()) continue;
      Json value = readValue(shape.value, entry + value_name, depth + 1);
      if (!value.is_null()) out[entry_key->second] = std::move(value);
    }
    return out;
  }

  Json readScalar(const MemberRef& ref, const Shape& shape, const std::string& key) const {
    auto it = params_.find(key);
    if (it == params_.end()) return Json();
    auto format = text::timestampFormatOf(ref, shape, TimestampFormat::Iso8601);
    auto value = text::parseScalar(shape, it->second, format);
    if (!value)
      throw errors::validation("Value '" + it->second + "' for parameter " + key +
                               " is invalid: it must be a " +
                               std::string(text::typeName(shape.type)));
    return std::move(*value);
  }

  static std::string memberName(const Shape& list) {
    return list.member.location_name.empty() ? "member" : list.member.location_name;
  }

  const ServiceModel& model_;
  const Params& params_;
  bool ec2_;
};

HttpResponse xmlResponse(int status, std::string body, bool ec2) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", ec2 ? "text/xml;charset=UTF-8" : "text/xml");
  response.body = std::move(body);
  return response;
}

class QueryCodec final : public Codec {
 public:
  Json parseRequest(const ServiceModel& model, const Operation& op,
                    const HttpRequest& request) const override {
    Params params;
    addFormParams(request.query, params);
    if (request.body.inMemory()) {
      addFormParams(request.body.memory, params);
    } else {
      const std::string spooled = request.body.readAll();
      addFormParams(spooled, params);
    }
    if (op.input == kNoShape) return Json::object();
    return QueryInputReader(model, params, isEc2(model))
        .readStructure(model.shape(op.input), std::string(), 0);
  }

  HttpResponse serializeResponse(const ServiceModel& model, const Operation& op, const Json& output,
                                 const ResponseContext& ctx) const override {
    const bool ec2 = isEc2(model);
    std::string body;
    body.reserve(512);
    xml::XmlWriter writer(body);
    xml::XmlSerializer serializer(model, writer);
    const std::string root = op.name + "Response";
    writer.open(root);
    writer.namespaceDeclaration("", xmlNamespace(model));
    if (ec2) writer.element("requestId", ctx.request_id);
    if (op.output != kNoShape) {
      const Shape& shape = model.shape(op.output);
      // Every awsQuery output sits in <OpResult> (resultWrapper; models served over query only
      // as a fallback, like SQS's json model, lack it). ec2 has no wrapper.
      if (ec2) {
        serializer.writeMembers(shape, output);
      } else {
        const std::string wrapper =
            op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper;
        writer.open(wrapper);
        serializer.writeMembers(shape, output);
        writer.close(wrapper);
      }
    }
    if (!ec2) {
      writer.open("ResponseMetadata");
      writer.element("RequestId", ctx.request_id);
      writer.close("ResponseMetadata");
    }
    writer.close(root);
    return xmlResponse(200, std::move(body), ec2);
  }

  HttpResponse serializeError(const ServiceModel& model, const Operation* op, const AwsError& error,
                              const ResponseContext& ctx) const override {
    const ResolvedError resolved = resolveError(model, error);
    const bool ec2 = isEc2(model);
    std::string body;
    xml::XmlWriter writer(body);
    xml::XmlSerializer serializer(model, writer);
    if (ec2) {
      // <Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>
      writer.open("Response");
      writer.open("Errors");
      writeError(serializer, writer, resolved, error, /*with_type=*/false);
      writer.close("Errors");
      writer.element("RequestID", ctx.request_id);
      writer.close("Response");
    } else {
      writer.open("ErrorResponse");
      writer.namespaceDeclaration("", xmlNamespace(model));
      writeError(serializer, writer, resolved, error, /*with_type=*/true);
      writer.element("RequestId", ctx.request_id);
      writer.close("ErrorResponse");
    }
    const int status = error.http_status;  // the service's decision (named error factories)
    HttpResponse response = xmlResponse(status, std::move(body), ec2);
    for (const auto& [name, value] : error.headers) response.headers.emplace_back(name, value);
    return response;
  }

 private:
  static void writeError(xml::XmlSerializer& serializer, xml::XmlWriter& writer,
                         const ResolvedError& resolved, const AwsError& error, bool with_type) {
    writer.open("Error");
    if (with_type) writer.element("Type", resolved.sender_fault ? "Sender" : "Receiver");
    writer.element("Code", resolved.query_code);
    if (!error.message.empty()) writer.element("Message", error.message);
    serializer.writeErrorFields(resolved.shape, error.fields);
    writer.close("Error");
  }
};

}  // namespace

const Codec& queryCodec() {
  static const QueryCodec codec;
  return codec;
}

}  // namespace awsemu::protocol
