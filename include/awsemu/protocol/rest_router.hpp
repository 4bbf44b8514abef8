#pragma once
// Finds the operation of a rest-json / rest-xml model that an HTTP request addresses, from the
// method and the URI templates ("/{Bucket}/{Key+}?uploads"), as AWS's front ends do.
#include "awsemu/core/http.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {
// `request.path` must be path-style (the gateway rewrites virtual-hosted S3 names first).
// Returns nullptr when nothing matches. When several templates match, the most specific wins
// (more literal segments, more required query keys, fewer greedy labels).
const Operation* matchRestOperation(const ServiceModel& model, const HttpRequest& request);
}  // namespace awsemu::protocol
