#include "src/protocol/error_shapes.hpp"

#include <strings.h>

namespace awsemu::protocol {

ResolvedError resolveError(const ServiceModel& model, const AwsError& error) {
  ResolvedError out;
  out.shape = model.findErrorShape(error.code);
  out.type = out.shape ? out.shape->name : error.code;
  out.query_code = out.shape && !out.shape->error_code.empty() ? out.shape->error_code : out.type;
  // The model knows whether its errors are the caller's fault ("fault": true marks server faults).
  out.sender_fault = out.shape ? out.shape->error_sender_fault : error.sender_fault;
  return out;
}

std::string messageMemberName(const Shape* shape) {
  if (shape)
    for (const auto& member : shape->members)
      if (strcasecmp(member.name.c_str(), "message") == 0) return member.name;
  return "message";
}

void addQueryErrorHeader(const ServiceModel& model, const ResolvedError& error,
                         HttpResponse& response) {
  if (!model.metadata().aws_query_compatible) return;
  response.setHeader("x-amzn-query-error",
                     error.query_code + (error.sender_fault ? ";Sender" : ";Receiver"));
}

}  // namespace awsemu::protocol
