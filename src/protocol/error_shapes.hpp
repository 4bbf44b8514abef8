#pragma once
// How an AwsError maps onto the model's error shapes, shared by the JSON-family codecs (awsJson,
// smithy-rpc-v2-cbor) and usable by the others.
#include <string>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/http.hpp"
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {

struct ResolvedError {
  const Shape* shape = nullptr;  // nullptr when the code is not a modelled error
  std::string type;              // "__type": the shape name, else the AwsError code
  std::string query_code;        // the awsQuery code: the shape's "error.code", else `type`
  bool sender_fault = true;
};

// Finds the error shape by name or by its "error.code".
ResolvedError resolveError(const ServiceModel& model, const AwsError& error);

// The member that carries the message ("message" or "Message", as the shape spells it).
std::string messageMemberName(const Shape* shape);

// Query-compatible services (metadata.awsQueryCompatible) tell SDKs the awsQuery error code:
//   x-amzn-query-error: <code>;Sender|Receiver
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#aws-protocols-awsquerycompatible-trait
void addQueryErrorHeader(const ServiceModel& model, const ResolvedError& error,
                         HttpResponse& response);

}  // namespace awsemu::protocol
