#include "awsemu/core/aws_error.hpp"

namespace awsemu::errors {

AwsError validation(std::string message) { return {"ValidationError", std::move(message), 400}; }
AwsError validationException(std::string message) {
  return {"ValidationException", std::move(message), 400};
}
AwsError missingParameter(std::string message) {
  return {"MissingParameter", std::move(message), 400};
}
AwsError invalidParameterValue(std::string message) {
  return {"InvalidParameterValue", std::move(message), 400};
}
AwsError malformedQueryString(std::string message) {
  return {"MalformedQueryString", std::move(message), 404};
}
AwsError serialization(std::string message) {
  return {"SerializationException", std::move(message), 400};
}
AwsError invalidAction(std::string action) {
  return {"InvalidAction", "The action " + action + " is not valid for this web service.", 400};
}
AwsError unknownOperation(std::string target) {
  return {"UnknownOperationException", "Unknown operation " + target, 400};
}
AwsError notImplemented(std::string_view service, std::string_view operation) {
  return {"NotImplemented",
          "The operation " + std::string(operation) + " of service " + std::string(service) +
              " is not implemented by awsemu yet",
          501, false};
}
AwsError internalFailure(std::string message) {
  return {"InternalFailure", std::move(message), 500, false};
}
AwsError accessDenied(std::string message) { return {"AccessDenied", std::move(message), 403}; }
AwsError requestEntityTooLarge(std::string message) {
  return {"RequestEntityTooLarge", std::move(message), 413};
}
}  // namespace awsemu::errors
