// Loading and running botocore protocol vector cases (see vector_harness.hpp for the method).
#include "vector_harness.hpp"

#include <unistd.h>

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

// "<file>#<case id>: reason" or "<file>#<case id> header <Name>: reason" lines; '#' at the start
// of a line is a comment.
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

const std::map<std::string, std::string>& leniencyList() {
  static const std::map<std::string, std::string> kList = loadLeniencyList();
  return kList;
}

// An expected response header the list exempts for one case ("<file>#<id> header <Name>").
bool headerWaived(const VectorCase& vector_case, const std::string& name) {
  return leniencyList().count(vector_case.file + "#" + vector_case.id + " header " + name) > 0;
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
  std::string out(response.file_length, '\0');
  ssize_t got = ::pread(response.body_file->fd(), out.data(), out.size(),
                        static_cast<off_t>(response.file_offset));
  out.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  return out;
}

// The text of the first of `tags` in an expected XML body.
std::optional<std::string> textInXmlBody(const Json& response,
                                         std::initializer_list<std::string_view> tags) {
  auto body = response.find("body");
  if (body == response.end() || !body->is_string()) return std::nullopt;
  const std::string& text = body->get_ref<const std::string&>();
  for (std::string_view tag : tags) {
    const std::string open = "<" + std::string(tag) + ">";
    auto start = text.find(open);
    if (start == std::string::npos) continue;
    start += open.size();
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
  // query error vectors carry "foo-id" in <RequestId> and in no header
  return textInXmlBody(response, {"RequestId", "RequestID", "requestId"}).value_or("requestid");
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

void compareResponse(const VectorCase& vector_case, Protocol protocol, const Json& expected,
                     const HttpResponse& response) {
  const std::string body = responseBody(response);
  EXPECT_EQ(expected.value("status_code", 200), response.status) << "status code";
  for (const auto& [name, value] : member(expected, "headers").items()) {
    if (headerWaived(vector_case, name)) continue;
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
  // Error cases whose shape models no Message (ComplexError) leave the message out of `error`,
  // yet their expected body shows the one the service's error carried: the harness supplies it.
  if (error.message.empty())
    error.message = textInXmlBody(data.at("response"), {"Message"}).value_or("");
  return error;
}

// The query parameters of a vector's request URI, decoded, in order.
std::vector<std::pair<std::string, std::string>> queryParameters(const Json& serialized) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string uri = serialized.value("uri", "/");
  const auto question = uri.find('?');
  if (question == std::string::npos) return out;
  std::istringstream pairs(uri.substr(question + 1));
  for (std::string pair; std::getline(pairs, pair, '&');) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace_back(encoding::uriDecode(pair.substr(0, eq), true),
                     eq == std::string::npos ? "" : encoding::uriDecode(pair.substr(eq + 1), true));
  }
  return out;
}

// A server puts every query parameter into an httpQueryParams map (a querystring-bound map
// member), the ones bound to named members too (Smithy's server case
// RestJsonServersPutAllQueryParamsInMap). Botocore's params are the client's and leave that map
// unset when they set the named members, so the harness supplies it from the request URI. A map of
// strings is only supplied when no key repeats: which of a repeated key's values such a map holds
// is not specified (such cases are listed in known_client_leniency.txt).
void supplyQueryParamsMaps(const ServiceModel& model, const Shape& input, const Json& serialized,
                           Json& expected) {
  const auto parameters = queryParameters(serialized);
  if (parameters.empty()) return;
  for (const auto& member : input.members) {
    const Shape& map = model.shape(member.shape);
    if (member.location != protocol::Location::QueryString || map.type != ShapeType::Map ||
        expected.contains(member.name))
      continue;
    const Shape& value = model.shape(map.value.shape);
    const bool lists =
        value.type == ShapeType::List && model.shape(value.member.shape).type == ShapeType::String;
    if (!lists && value.type != ShapeType::String) continue;
    Json filled = Json::object();
    bool repeated = false;
    for (const auto& [key, text] : parameters) {
      if (lists)
        filled[key].push_back(text);
      else if (filled.contains(key))
        repeated = true;
      else
        filled[key] = text;
    }
    if (repeated) continue;
    expected[member.name] = std::move(filled);
  }
}

// Rebuilds `value` along `shape_id`, passing every scalar through `leaf(shape, value)`; members
// the shape does not know are kept as they are, null members dropped (null == absent).
template <typename Leaf>
Json convertLeaves(const ServiceModel& model, ShapeId shape_id, const Json& value,
                   const Leaf& leaf) {
  if (shape_id == protocol::kNoShape || value.is_null()) return value;
  const Shape& shape = model.shape(shape_id);
  if (shape.type == ShapeType::Structure && value.is_object()) {
    Json out = Json::object();
    for (const auto& [name, member_value] : value.items()) {
      if (member_value.is_null()) continue;
      const protocol::MemberRef* member = shape.findMember(name);
      out[name] = member ? convertLeaves(model, member->shape, member_value, leaf) : member_value;
    }
    return out;
  }
  if (shape.type == ShapeType::List && value.is_array()) {
    Json out = Json::array();
    for (const auto& item : value)
      out.push_back(convertLeaves(model, shape.member.shape, item, leaf));
    return out;
  }
  if (shape.type == ShapeType::Map && value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, item] : value.items())
      out[key] = convertLeaves(model, shape.value.shape, item, leaf);
    return out;
  }
  return leaf(shape, value);
}

// A timestamp is an instant: our documents hold it as integer or fractional epoch seconds
// (core/json.hpp), so both compare as doubles. Every other integer stays an integer.
Json timestampAsDouble(const Shape& shape, const Json& value) {
  return shape.type == ShapeType::Timestamp && value.is_number() ? Json(value.get<double>())
                                                                 : value;
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
  if (op.input != protocol::kNoShape)
    supplyQueryParamsMaps(*model, model->shape(op.input), data.at("serialized"), expected);
  // Our documents hold timestamps as integer or fractional epoch seconds (core/json.hpp): both
  // sides are brought to the same form along the input shape before they are compared.
  document = convertLeaves(*model, op.input, document, timestampAsDouble);
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
  compareResponse(vector_case, model->metadata().protocol, expected, response);
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
  auto it = leniencyList().find(vector_case.file + "#" + vector_case.id);
  if (it == leniencyList().end()) return std::nullopt;
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
  return convertLeaves(model, shape_id, value, [](const Shape& shape, const Json& leaf) -> Json {
    if (shape.type == ShapeType::Blob && leaf.is_string()) return makeBlob(leaf.get<std::string>());
    if (shape.type == ShapeType::Timestamp && leaf.is_string())
      if (auto epoch = timefmt::parseAny(leaf.get<std::string>())) return *epoch;
    return timestampAsDouble(shape, leaf);
  });
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
