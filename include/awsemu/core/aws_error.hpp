#pragma once
// The one error type that crosses a service boundary. Codecs alone decide how it looks on the wire.
#include <exception>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu {

struct AwsError : std::exception {
  std::string code;  // e.g. "ValidationError", "AWS.SimpleQueueService.NonExistentQueue"
  std::string message;
  int http_status = 400;
  bool sender_fault = true;      // "Sender" vs "Receiver" in query-style errors
  Json fields = Json::object();  // extra members of the error shape (e.g. S3 "BucketName")
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers

  AwsError() = default;
  AwsError(std::string code, std::string message, int http_status = 400, bool sender_fault = true)
      : code(std::move(code)),
        message(std::move(message)),
        http_status(http_status),
        sender_fault(sender_fault) {}
  const char* what() const noexcept override { return message.c_str(); }

  AwsError& with(std::string name, Json value) {
    fields[std::move(name)] = std::move(value);
    return *this;
  }
};

// Errors common to all services
// (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
namespace errors {
AwsError validation(std::string message);             // ValidationError 400 (query services)
AwsError validationException(std::string message);    // ValidationException 400 (json services)
AwsError missingParameter(std::string message);       // MissingParameter 400
AwsError invalidParameterValue(std::string message);  // InvalidParameterValue 400
AwsError malformedQueryString(std::string message);   // MalformedQueryString 404
AwsError serialization(std::string message);          // SerializationException 400
AwsError invalidAction(std::string action);           // InvalidAction 400
AwsError unknownOperation(std::string target);        // UnknownOperationException 400
AwsError notImplemented(std::string_view service, std::string_view operation);  // 501
AwsError internalFailure(std::string message);        // InternalFailure 500
AwsError accessDenied(std::string message);           // AccessDenied 403
AwsError requestEntityTooLarge(std::string message);  // RequestEntityTooLarge 413
}  // namespace errors
}  // namespace awsemu
