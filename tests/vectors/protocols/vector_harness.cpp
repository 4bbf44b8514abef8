// Loading and running botocore protocol vector cases (see vector_harness.hpp for the method).
#include "vector_harness.hpp"

#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::vectors {
namespace {

using protocol::Protocol;
using protocol::ServiceModel;
using protocol::Shape;
using protocol::ShapeId;
using protocol::ShapeType;

std::string vectorsDir() { return std::string(AWSEMU_SHARED_DIR) + "/testdata/protocols/"; }

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A member of `object` by reference (an empty object when absent): safe in range-for loops.
const Json& member(const Json& object, const char* key) {
  static const Json kEmpty = Json::object();
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? kEmpty : *it;
}

std::string sanitise(const std::string& id) {
  std::string out;
  for (char c : id) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out.empty() ? "case" : out;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "<file>#<case id>: reason" lines; '#' at the start of a line is a comment.
std::map<std::string, std::string> loadLeniencyList() {
  std::map<std::string, std::string> out;
  std::string text;
  try {
    text = readFile(std::string(AWSEMU_SOURCE_DIR) +
                    "/tests/vectors/protocols/known_client_leniency.txt");
  } catch (const std::exception&) {
    ADD_FAILURE() << "known_client_leniency.txt is missing";
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    out[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return out;
}

HttpRequest buildRequest(const Json& serialized, Protocol protocol) {
  HttpRequest request;
  request.method = serialized.value("method", "POST");
  request.setTarget(serialized.value("uri", "/"));
  for (const auto& [name, value] : member(serialized, "headers").items())
    request.headers.emplace_back(lower(name), value.get<std::string>());
  if (!request.header("host"))
    request.headers.emplace_back("host", serialized.value("host", "example.com"));
  auto body = serialized.find("body");
  if (body != serialized.end() && body->is_string()) {
    std::string text = body->get<std::string>();
    if (protocol == Protocol::SmithyRpcV2Cbor)  // CBOR vectors carry base64 bodies
      text = encoding::base64Decode(text).value_or("<invalid base64 in vector>");
    request.body.memory = std::move(text);
  }
  request.body.size = request.body.memory.size();
  return request;
}

std::string responseBody(const HttpResponse& response) {
  if (!response.body_file) return response.body;
  std::ifstream in(*response.body_file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(response.file_offset));
  std::string out(response.file_length, '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return out;
}

// The id in <RequestId>/<RequestID>/<requestId> of an expected XML body (query error vectors
// carry "foo-id" there and in no header).
std::optional<std::string> requestIdInXmlBody(const Json& response) {
  auto body = response.find("body");
  if (body == response.end() || !body->is_string()) return std::nullopt;
  const std::string& text = body->get_ref<const std::string&>();
  for (const char* tag : {"<RequestId>", "<RequestID>", "<requestId>"}) {
    auto start = text.find(tag);
    if (start == std::string::npos) continue;
    start += std::string_view(tag).size();
    auto end = text.find('<', start);
    if (end != std::string::npos) return text.substr(start, end - start);
  }
  return std::nullopt;
}

std::string expectedRequestId(const Json& response) {
  for (const auto& [name, value] : member(response, "headers").items()) {
    const std::string key = lower(name);
    if ((key == "x-amzn-requestid" || key == "x-amz-request-id") && value.is_string())
      return value.get<std::string>();
  }
  return requestIdInXmlBody(response).value_or("requestid");
}

std::string expectedHostId(const Json& headers) {
  for (const auto& [name, value] : headers.items())
    if (lower(name) == "x-amz-id-2" && value.is_string()) return value.get<std::string>();
  return {};
}

bool isJsonLike(Protocol p) { return p == Protocol::Json || p == Protocol::RestJson; }
bool isXmlLike(Protocol p) {
  return p == Protocol::Query || p == Protocol::Ec2 || p == Protocol::RestXml;
}

void compareBody(Protocol protocol, const std::string& expected, const std::string& actual) {
  std::optional<std::string> difference;
  if (protocol == Protocol::SmithyRpcV2Cbor) {
    auto bytes = encoding::base64Decode(expected);
    ASSERT_TRUE(bytes.has_value()) << "vector body is not base64";
    difference = compareCborBodies(*bytes, actual);
  } else if (isJsonLike(protocol)) {
    difference = compareJsonBodies(expected, actual);
  } else if (isXmlLike(protocol)) {
    difference = compareXmlBodies(expected, actual);
  } else if (expected != actual) {
    difference = "bodies differ";
  }
  EXPECT_FALSE(difference.has_value())
      << *difference << "\nexpected body: " << expected << "\nactual body:   " << actual;
}

void compareResponse(Protocol protocol, const Json& expected, const HttpResponse& response) {
  const std::string body = responseBody(response);
  EXPECT_EQ(expected.value("status_code", 200), response.status) << "status code";
  for (const auto& [name, value] : member(expected, "headers").items()) {
    const std::string wanted = value.is_string() ? value.get<std::string>() : value.dump();
    if (lower(name) == "content-length") {  // the server sets it from the body
      EXPECT_EQ(wanted, std::to_string(body.size())) << "Content-Length";
      continue;
    }
    const std::string* actual = findHeader(response.headers, name);
    if (!actual) {
      ADD_FAILURE() << "missing response header " << name << ": " << wanted;
      continue;
    }
    if (lower(name) == "content-type") {  // media types compare without parameters (charset)
      EXPECT_EQ(lower(wanted.substr(0, wanted.find(';'))),
                lower(actual->substr(0, actual->find(';'))))
          << "header " << name << ": expected '" << wanted << "', got '" << *actual << "'";
      continue;
    }
    EXPECT_TRUE(headerValuesMatch(wanted, *actual))
        << "header " << name << ": expected '" << wanted << "', got '" << *actual << "'";
  }
  auto expected_body = expected.find("body");
  if (expected_body != expected.end() && expected_body->is_string())
    compareBody(protocol, expected_body->get<std::string>(), body);
}

AwsError buildError(const ServiceModel& model, const Json& data) {
  AwsError error;
  error.code = data.value("errorCode", "");
  error.message = data.value("errorMessage", "");
  error.http_status = data.value("response", Json::object()).value("status_code", 400);
  const Shape* shape = model.findErrorShape(error.code);
  error.sender_fault = shape ? shape->error_sender_fault : true;
  for (const auto& [name, value] : member(data, "error").items()) {
    if (lower(name) == "message") {
      if (error.message.empty() && value.is_string()) error.message = value.get<std::string>();
      continue;
    }
    const protocol::MemberRef* member = shape ? shape->findMember(name) : nullptr;
    error.fields[name] = member ? toDocument(model, member->shape, value) : value;
  }
  return error;
}

void runInputCase(const protocol::Codec& codec, const VectorCase& vector_case) {
  auto model = buildModel(vector_case);
  const protocol::Operation& op = model->operations().front();
  const Json& data = vector_case.data;
  HttpRequest request = buildRequest(data.at("serialized"), model->metadata().protocol);
  Json document;
  try {
    document = codec.parseRequest(*model, op, request);
  } catch (const AwsError& e) {
    FAIL() << "parseRequest threw " << e.code << ": " << e.message;
  }
  Json expected = toDocument(*model, op.input, data.value("params", Json::object()));
  // A server puts every query parameter into an httpQueryParams map (a querystring-bound map
  // member); botocore's client-side params leave that map unset when they set the named members.
  if (op.input != protocol::kNoShape && document.is_object())
    for (const auto& member : model->shape(op.input).members)
      if (member.location == protocol::Location::QueryString &&
          model->shape(member.shape).type == protocol::ShapeType::Map &&
          !expected.contains(member.name))
        document.erase(member.name);
  auto difference = compareDocuments(expected, document);
  EXPECT_FALSE(difference.has_value())
      << *difference << "\nexpected: " << expected.dump() << "\nactual:   " << document.dump();
}

void runOutputCase(const protocol::Codec& codec, const VectorCase& vector_case) {
  auto model = buildModel(vector_case);
  const protocol::Operation& op = model->operations().front();
  const Json& data = vector_case.data;
  const Json& expected = data.at("response");
  protocol::ResponseContext ctx;
  ctx.request_id = expectedRequestId(expected);
  ctx.host_id = expectedHostId(member(expected, "headers"));
  HttpResponse response;
  try {
    if (data.contains("errorCode")) {
      response = codec.serializeError(*model, &op, buildError(*model, data), ctx);
    } else {
      Json output = toDocument(*model, op.output, data.value("result", Json::object()));
      response = codec.serializeResponse(*model, op, output, ctx);
    }
  } catch (const AwsError& e) {
    FAIL() << "serialising threw " << e.code << ": " << e.message;
  }
  compareResponse(model->metadata().protocol, expected, response);
}

}  // namespace

std::vector<VectorCase> loadCases(const std::string& relative_file) {
  std::vector<VectorCase> cases;
  std::set<std::string> names;
  try {
    const Json suites = Json::parse(readFile(vectorsDir() + relative_file));
    for (const auto& suite : suites) {
      auto shared = std::make_shared<Json>(Json{{"metadata", suite.at("metadata")},
                                                {"shapes", suite.value("shapes", Json::object())}});
      for (const auto& data : suite.at("cases")) {
        VectorCase c{
            relative_file, data.value("id", ""), "", relative_file.rfind("input/", 0) == 0, shared,
            data};
        std::string name = sanitise(c.id);
        for (int n = 2; names.count(name); ++n) name = sanitise(c.id) + "_" + std::to_string(n);
        names.insert(name);
        c.test_name = name;
        cases.push_back(std::move(c));
      }
    }
  } catch (const std::exception& e) {  // a broken file shows up as one failing case
    VectorCase broken{relative_file, "load_error", "load_error",
                      false,         nullptr,      Json{{"load_error", e.what()}}};
    return {broken};
  }
  return cases;
}

void PrintTo(const VectorCase& vector_case, std::ostream* out) {
  *out << vector_case.file << "#" << vector_case.id;
}

std::string caseName(const testing::TestParamInfo<VectorCase>& info) {
  return info.param.test_name;
}

std::optional<std::string> leniencyReason(const VectorCase& vector_case) {
  static const std::map<std::string, std::string> kList = loadLeniencyList();
  auto it = kList.find(vector_case.file + "#" + vector_case.id);
  if (it == kList.end()) return std::nullopt;
  return it->second;
}

std::shared_ptr<const ServiceModel> buildModel(const VectorCase& vector_case) {
  const Json& given = vector_case.data.at("given");
  Json document = *vector_case.suite;
  document["operations"] = Json{{given.at("name").get<std::string>(), given}};
  // Smithy's query and ec2 test services declare @xmlNamespace("https://example.com/"), which the
  // expected bodies carry but botocore's vector metadata leaves out.
  Json& metadata = document["metadata"];
  const std::string protocol_name = metadata.value("protocol", "");
  if ((protocol_name == "query" || protocol_name == "ec2") && !metadata.contains("xmlNamespace"))
    metadata["xmlNamespace"] = "https://example.com/";
  return ServiceModel::fromJson(document);
}

Json toDocument(const ServiceModel& model, ShapeId shape_id, const Json& value) {
  if (shape_id == protocol::kNoShape || value.is_null()) return value;
  const Shape& shape = model.shape(shape_id);
  switch (shape.type) {
    case ShapeType::Structure: {
      if (!value.is_object()) return value;
      Json out = Json::object();
      for (const auto& [name, member_value] : value.items()) {
        if (member_value.is_null()) continue;
        const protocol::MemberRef* member = shape.findMember(name);
        out[name] = member ? toDocument(model, member->shape, member_value) : member_value;
      }
      return out;
    }
    case ShapeType::List: {
      if (!value.is_array()) return value;
      Json out = Json::array();
      for (const auto& item : value) out.push_back(toDocument(model, shape.member.shape, item));
      return out;
    }
    case ShapeType::Map: {
      if (!value.is_object()) return value;
      Json out = Json::object();
      for (const auto& [key, item] : value.items())
        out[key] = toDocument(model, shape.value.shape, item);
      return out;
    }
    case ShapeType::Blob:
      return value.is_string() ? makeBlob(value.get<std::string>()) : value;
    case ShapeType::Timestamp:
      if (value.is_string())
        if (auto epoch = timefmt::parseAny(value.get<std::string>())) return *epoch;
      return value;
    default:
      return value;
  }
}

void runCase(const protocol::Codec& codec, const VectorCase& vector_case) {
  if (vector_case.data.contains("load_error"))
    FAIL() << "cannot load " << vector_case.file << ": " << vector_case.data["load_error"];
  if (auto reason = leniencyReason(vector_case)) GTEST_SKIP() << "client leniency: " << *reason;
  SCOPED_TRACE(vector_case.file + "#" + vector_case.id);
  try {
    if (vector_case.is_input)
      runInputCase(codec, vector_case);
    else
      runOutputCase(codec, vector_case);
  } catch (const std::exception& e) {
    FAIL() << "exception: " << e.what();
  }
}

}  // namespace awsemu::vectors
