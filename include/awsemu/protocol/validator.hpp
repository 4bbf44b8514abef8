#pragma once
// Checks an input document against the constraints the model states (required members, enum
// values, min/max lengths and values, patterns), recursively, as AWS front ends do before a
// handler runs. Patterns are compiled once at model load; nothing is compiled per request.
#include <optional>
#include <string>

#include "awsemu/core/json.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {

// nullopt when the input is valid; otherwise AWS's message, e.g.
//   1 validation error detected: Value 'x y' at 'roleSessionName' failed to satisfy constraint:
//   Member must satisfy regular expression pattern: [\w+=,.@-]*
//   2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must
//   not be null; Value '1' at 'durationSeconds' failed to satisfy constraint: Member must have
//   value greater than or equal to 900
// Member paths are lower-camel-case; list items are "<list>.<n>.member" (1-based), map values
// "<map>.<key>". The caller wraps the message in the service's error (ValidationError for query
// services, ValidationException for JSON ones).
std::optional<std::string> validateInput(const ServiceModel& model, const Operation& op,
                                         const Json& input);

}  // namespace awsemu::protocol
