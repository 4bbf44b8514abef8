#pragma once
// One generic codec per wire protocol, driven by the service model:
//   HTTP request -> input document;  output document / AwsError -> HTTP response.
// Service code never sees HTTP, XML, CBOR or headers.
#include <string>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/http.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {

struct ResponseContext {
  std::string request_id;
  std::string host_id;  // S3's x-amz-id-2 / <HostId>
};

class Codec {
 public:
  virtual ~Codec() = default;
  // Parses `request` as operation `op` into the input document (see core/json.hpp for the document
  // conventions). Throws AwsError (SerializationException / MalformedQueryString / ...) on
  // undecodable input. Does not validate constraints: see validator.hpp.
  virtual Json parseRequest(const ServiceModel& model, const Operation& op,
                            const HttpRequest& request) const = 0;
  // Serialises the output document of `op` (an empty object when the operation has no output).
  virtual HttpResponse serializeResponse(const ServiceModel& model, const Operation& op,
                                         const Json& output, const ResponseContext& ctx) const = 0;
  // Serialises an error in the protocol's error format. `op` may be null (operation unknown).
  // The AwsError code is an error shape name or its "error.code"; the model maps one to the other
  // (query-compatible JSON/CBOR: __type is the shape name, x-amzn-query-error carries the code).
  virtual HttpResponse serializeError(const ServiceModel& model, const Operation* op,
                                      const AwsError& error, const ResponseContext& ctx) const = 0;
};

// The codec of a protocol (stateless singletons).
const Codec& codecFor(Protocol protocol);

}  // namespace awsemu::protocol
