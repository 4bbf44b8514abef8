#pragma once
// The HTTP bindings shared by the rest-json and rest-xml codecs and the rest router: URI templates
// with labels ({Bucket}) and greedy labels ({Key+}), query-string members (lists repeat the key;
// a map member takes every parameter), header members (lists comma-separated, timestamps as HTTP
// dates, jsonvalue as base64), prefixed header maps (x-amz-meta-*), the status code member and the
// payload member.
// https://smithy.io/2.0/spec/http-bindings.html
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/http.hpp"
#include "awsemu/core/json.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol::rest {

using Labels = std::vector<std::pair<std::string, std::string>>;  // label name -> decoded value
using QueryParams = std::vector<std::pair<std::string, std::string>>;  // decoded, in order

// A parsed "requestUri" such as "/{Bucket}/{Key+}?uploads" or "/layers?find=LayerVersion".
struct UriTemplate {
  struct Segment {
    std::string text;  // literal text, or the label name
    bool label = false, greedy = false;
  };
  struct QueryLiteral {
    std::string key;
    std::optional<std::string> value;  // "?list-type=2" requires the value, "?uploads" only the key
  };
  std::vector<Segment> segments;  // the path split on '/', without the leading '/'
  std::vector<QueryLiteral> query;
  int literal_segments = 0, greedy_labels = 0;

  static UriTemplate parse(std::string_view request_uri);
  // Matches a raw (percent-encoded) request path; fills `labels` with the decoded label values
  // when given. A trailing '/' on the path is tolerated ("/bucket/" addresses "/{Bucket}").
  bool matchPath(std::string_view raw_path, Labels* labels = nullptr) const;
  // True when every literal of the template's query part is in `params`.
  bool matchQuery(const QueryParams& params) const;
};

// The URI templates of all operations of `model`, parsed once per model (indexed like
// model.operations()).
const std::vector<UriTemplate>& uriTemplates(const ServiceModel& model);

// Splits a raw query string into decoded key/value pairs ('+' is a space, as AWS decodes it).
QueryParams parseQuery(std::string_view raw_query);

// Builds the error for a value that does not parse as its member's type.
using InvalidValue = AwsError (*)(std::string message);

// Reads the members bound to the URI, query string and headers of `shape` (an operation input)
// from `request` into `out`.
void readBindings(const ServiceModel& model, const Operation& op, const Shape& shape,
                  const HttpRequest& request, Json& out, InvalidValue invalid);

// Writes the header and status-code members of `shape` (an output or error shape) from
// `value` onto `response`. The status is the operation's responseCode unless a statusCode
// member says otherwise (set response.status before calling).
void writeBindings(const ServiceModel& model, const Shape& shape, const Json& value,
                   HttpResponse& response);

// The member bound to the HTTP payload ("payload" trait), or nullptr.
const MemberRef* payloadMember(const Shape& shape);
// Reads a blob or string payload member from the body into `out` and returns true; false for a
// structure/document payload, which the codec parses. A streaming body spooled to a file (S3
// PutObject, UploadPart, Lambda code uploads) is not copied: the handler reads request.body.
bool readRawPayload(const ServiceModel& model, const MemberRef& payload, const HttpRequest& request,
                    Json& out);
// Whether any member of `shape` belongs in a request body (no location).
bool hasBodyMembers(const Shape& shape);
// Whether `member` of an output or error shape goes in the body: URI and query-string bindings
// mean nothing in a response, so those members are serialised in the body too.
bool inResponseBody(const MemberRef& member);
// Whether `value` holds any response-body member of `shape`.
bool hasBodyValues(const Shape& shape, const Json& value);

}  // namespace awsemu::protocol::rest
