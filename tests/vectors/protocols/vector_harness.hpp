#pragma once
// Runs botocore's protocol test vectors (shared/testdata/protocols/{input,output}/*.json) against
// our codecs in the SERVER's direction. Shared by every protocol's vector test.
//
// A vector file is a list of suites {metadata, shapes, cases}; each case has `given` (the
// operation).
//  - input case {params, serialized{method, uri, headers, body, host}}: we build the HttpRequest
//    the client sent from `serialized`, call Codec::parseRequest and compare our input document
//    with `params` (converted to our document form along the input shape: blobs as bytes,
//    timestamps as epoch seconds; null params count as absent). An httpQueryParams map the params
//    leave unset is supplied from the request URI: a server puts every query parameter in it.
//  - output case {result, response{status_code, headers, body}}: we convert `result` to our
//    document form, call Codec::serializeResponse and compare with `response`: the status, every
//    expected header (names case-insensitive; Content-Length against our body size) and the body
//    as a tree (JSON, XML or CBOR by protocol; integers never equal floats, timestamps by instant,
//    error "__type" without its namespace, XML without whitespace / attribute order / namespace
//    prefixes).
//  - error case {errorCode, errorMessage?, error{fields}, response}: the AwsError a service would
//    throw (code = errorCode, message (from the expected body's <Message> when the case's error
//    shape models none), fields = error minus the message, http_status = the expected status: the
//    status is the service's decision carried by AwsError, the codec only renders it) is passed to
//    Codec::serializeError and compared as above.
// ResponseContext: request_id is the expected x-amzn-requestid / x-amz-request-id header, else
// "requestid" (what the ec2 vectors expect); host_id the expected x-amz-id-2.
//
// Cases that only test client-side leniency (decoding shapes a server never sends) are listed with
// a reason in known_client_leniency.txt ("<file>#<case id>: reason") and reported as skipped; a
// "<file>#<case id> header <Name>: reason" entry runs the case without that one expected header.
//
// Usage, one line per vector file (defines a TEST_P over every case, named after the case id):
//   AWSEMU_PROTOCOL_VECTORS(JsonInput, "input/json.json", awsemu::protocol::jsonCodec());
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "awsemu/protocol/codec.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::vectors {

struct VectorCase {
  std::string file;       // relative to testdata/protocols, e.g. "output/json_1_0.json"
  std::string id;         // the case "id"
  std::string test_name;  // id sanitised for gtest, unique within the file
  bool is_input = false;  // from input/ (request parsing) or output/ (response serialising)
  std::shared_ptr<const Json> suite;  // {metadata, shapes, ...} shared by the suite's cases
  Json data;                          // the case itself
};

// Every case of a vector file (relative path under testdata/protocols). Throws when unreadable.
std::vector<VectorCase> loadCases(const std::string& relative_file);

// gtest prints parameters with this ("input/json.json#case_id").
void PrintTo(const VectorCase& vector_case, std::ostream* out);

// gtest parameter name generator.
std::string caseName(const testing::TestParamInfo<VectorCase>& info);

// The reason a case is on the leniency list (nullopt when it must pass).
std::optional<std::string> leniencyReason(const VectorCase& vector_case);

// The model of a case: the suite's metadata and shapes with `given` as the only operation.
std::shared_ptr<const protocol::ServiceModel> buildModel(const VectorCase& vector_case);

// Botocore's param / result form -> our document form along `shape` (kNoShape: returned as is).
Json toDocument(const protocol::ServiceModel& model, protocol::ShapeId shape, const Json& value);

// Runs a case with gtest assertions (skips leniency-listed cases).
void runCase(const protocol::Codec& codec, const VectorCase& vector_case);

// ---- comparisons (vector_compare.cpp); each returns a description of the first difference ----
// Documents: integers equal integers, floats equal floats (never one the other; float widths
// aside), binary by bytes; nulls in `expected` objects count as absent.
std::optional<std::string> compareDocuments(const Json& expected, const Json& actual);
// Trees decoded from JSON or CBOR bodies: like compareDocuments, plus strings that both parse as
// timestamps compare by instant and "__type" values compare without their "namespace#" prefix.
std::optional<std::string> compareBodyTrees(const Json& expected, const Json& actual);
std::optional<std::string> compareJsonBodies(const std::string& expected,
                                             const std::string& actual);
std::optional<std::string> compareCborBodies(const std::string& expected_bytes,
                                             const std::string& actual_bytes);
std::optional<std::string> compareXmlBodies(const std::string& expected, const std::string& actual);
// Header values: exact, or equal as comma-separated lists, or as the same timestamp.
bool headerValuesMatch(const std::string& expected, const std::string& actual);

}  // namespace awsemu::vectors

#define AWSEMU_PROTOCOL_VECTORS(SuiteName, relative_file, codec_expression)                  \
  class SuiteName : public ::testing::TestWithParam<::awsemu::vectors::VectorCase> {};       \
  TEST_P(SuiteName, Case) { ::awsemu::vectors::runCase((codec_expression), GetParam()); }    \
  INSTANTIATE_TEST_SUITE_P(Vectors, SuiteName,                                               \
                           ::testing::ValuesIn(::awsemu::vectors::loadCases(relative_file)), \
                           ::awsemu::vectors::caseName)
