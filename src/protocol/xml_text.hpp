#pragma once
// The text form of scalar values shared by the XML-family protocols (query, ec2, rest-xml) and
// the HTTP bindings of both rest protocols: XML character data, query-string values, header
// values and URI labels all carry a scalar the same way ("true", "10.8", "NaN", base64 blobs,
// timestamps in the member's format).
// https://smithy.io/2.0/spec/protocol-traits.html#timestampformat-trait
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol::text {

// The timestamp format of a member: its own trait, else its shape's, else the location's default
// (ISO 8601 in bodies, query strings and labels; RFC 822 in headers; epoch seconds in JSON).
TimestampFormat timestampFormatOf(const MemberRef& ref, const Shape& shape,
                                  TimestampFormat location_default);

std::string formatTimestamp(double epoch_seconds, TimestampFormat format);
// Accepts the given format first, then any other AWS timestamp form. Epoch seconds as result.
std::optional<double> parseTimestamp(std::string_view text, TimestampFormat format);

// Shortest text that reads back as the same double ("1.1", "6.5", "10"); NaN/Infinity spelled out.
std::string formatDouble(double value);

// The text of a scalar document value of `shape`. Lenient about the document's JSON type (a
// string is written as it is, a number as a number) so that a handler's slip never throws here.
std::string formatScalar(const Shape& shape, const Json& value, TimestampFormat format);

// Parses the text of a scalar of `shape` into its document value (see core/json.hpp); nullopt when
// the text is not a valid value of that type (the codec chooses the error).
std::optional<Json> parseScalar(const Shape& shape, std::string_view text, TimestampFormat format);

// Compact JSON text of `value`; invalid UTF-8 in strings is replaced rather than thrown on.
std::string jsonText(const Json& value);

// Epoch seconds as a document number: an integer when whole, else a double.
Json epochJson(double epoch_seconds);

bool isScalar(ShapeType type);
// The type name used in error messages ("integer", "timestamp", ...).
std::string_view typeName(ShapeType type);

}  // namespace awsemu::protocol::text
