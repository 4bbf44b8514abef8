#pragma once
// Turns a decoded JSON or CBOR request body into the input document (core/json.hpp conventions),
// walking the input shape: wire names -> member names, blobs -> bytes, timestamps -> epoch seconds,
// unknown members and nulls dropped. Shared by the awsJson and smithy-rpc-v2-cbor codecs.
#include "awsemu/core/json.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {

enum class WireFormat : std::uint8_t {
  Json,  // blobs as base64 strings, timestamps as numbers or formatted strings, NaN as strings
  Cbor,  // blobs as byte strings, timestamps as (tagged) numbers, NaN as floats
};

// The name a structure member goes by in the wire document.
enum class MemberNames : std::uint8_t {
  Location,  // restJson1: the locationName (Smithy jsonName) when the model gives one
  Member,    // awsJson, smithy-rpc-v2-cbor: always the member name. Smithy's awsJson ignores
             // jsonName, and a query-compatible model's locationNames (SQS's "Attribute",
             // "MessageAttribute" in model.patch.json) are awsQuery/XML names, not JSON keys.
             // https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
};

// Deeper nesting than this is rejected (recursive shapes would otherwise let a request exhaust
// the stack).
constexpr int kMaxDocumentDepth = 128;

// Consumes `wire` (moved from). Throws AwsError SerializationException on values that do not fit
// the shape.
Json readShaped(const ServiceModel& model, ShapeId shape, Json&& wire, WireFormat format,
                MemberNames names);

}  // namespace awsemu::protocol
