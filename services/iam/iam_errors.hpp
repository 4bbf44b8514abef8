#pragma once
// IAM errors, as the real service answers them
// (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each action's page;
// the messages are the ones IAM sends).
#include <string>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::iam_service::errors {

inline AwsError noSuchEntity(const std::string& message) { return {"NoSuchEntity", message, 404}; }
// "The user with name alice cannot be found." (kind: user, role, group)
inline AwsError noSuchNamed(const std::string& kind, const std::string& name) {
  return noSuchEntity("The " + kind + " with name " + name + " cannot be found.");
}
inline AwsError noSuchPolicy(const std::string& arn) {
  return noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
}
inline AwsError noSuchPolicyVersion(const std::string& arn, const std::string& version) {
  return noSuchEntity("Policy " + arn + " version " + version + " does not exist.");
}
inline AwsError entityAlreadyExists(const std::string& message) {
  return {"EntityAlreadyExists", message, 409};
}
inline AwsError limitExceeded(const std::string& message) {
  return {"LimitExceeded", message, 409};
}
inline AwsError quotaExceeded(const std::string& quota, int limit) {
  return limitExceeded("Cannot exceed quota for " + quota + ": " + std::to_string(limit));
}
inline AwsError malformedPolicyDocument(const std::string& message) {
  return {"MalformedPolicyDocument", message, 400};
}
inline AwsError deleteConflict(const std::string& message) {
  return {"DeleteConflict", message, 409};
}
inline AwsError validation(const std::string& message) { return {"ValidationError", message, 400}; }
inline AwsError invalidInput(const std::string& message) { return {"InvalidInput", message, 400}; }
inline AwsError unmodifiableEntity(const std::string& message) {
  return {"UnmodifiableEntity", message, 400};
}
inline AwsError concurrentModification(const std::string& message) {
  return {"ConcurrentModification", message, 409};
}
inline AwsError reportNotPresent() {
  return {"ReportNotPresent",
          "Credential report not present. Call GenerateCredentialReport to generate one.", 410};
}
inline AwsError passwordPolicyViolation(const std::string& message) {
  return {"PasswordPolicyViolation", message, 400};
}
inline AwsError malformedCertificate(const std::string& message) {
  return {"MalformedCertificate", message, 400};
}

}  // namespace awsemu::iam_service::errors
