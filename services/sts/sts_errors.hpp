#pragma once
// STS errors, as the real service answers them
// (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html and each action's page).
#include "awsemu/core/aws_error.hpp"

namespace awsemu::sts::errors {

inline AwsError sessionCredentialsNotAllowed() {
  // GetSessionToken called with temporary credentials
  return {"AccessDenied", "Cannot call GetSessionToken with session credentials", 403};
}

inline AwsError invalidAccessKeyId(const std::string& key) {
  return {"InvalidParameterValue", "The access key id " + key + " is not valid", 400};
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html#API_AssumeRole_Errors
inline AwsError notAuthorized(const std::string& caller_arn, const std::string& action,
                              const std::string& resource) {
  return {"AccessDenied",
          "User: " + caller_arn + " is not authorized to perform: " + action +
              " on resource: " + resource,
          403};
}
inline AwsError notAuthorizedFederated(const std::string& action) {
  return {"AccessDenied", "Not authorized to perform " + action, 403};
}
inline AwsError durationAboveRoleMaximum() {
  return {"ValidationError",
          "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400};
}
inline AwsError durationAboveChainingLimit() {
  return {"ValidationError",
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
          "role chaining.",
          400};
}
inline AwsError validation(const std::string& message) { return {"ValidationError", message, 400}; }
inline AwsError invalidParameterValue(const std::string& message) {
  return {"InvalidParameterValue", message, 400};
}
inline AwsError packedPolicyTooLarge(int percent) {
  return {"PackedPolicyTooLarge",
          "Packed policy consumes " + std::to_string(percent) +
              "% of allotted space, please use smaller policy for better results.",
          400};
}
inline AwsError federationWithSessionCredentials() {
  return {"AccessDenied", "Cannot call GetFederationToken with session credentials", 403};
}
inline AwsError invalidIdentityToken(const std::string& message) {
  return {"InvalidIdentityToken", message, 400};
}
inline AwsError expiredIdentityToken(const std::string& message) {
  return {"ExpiredTokenException", message, 400};
}
inline AwsError invalidAuthorizationMessage() {
  return {"InvalidAuthorizationMessageException",
          "The message passed to DecodeAuthorizationMessage is not a valid encoded message.", 400};
}

}  // namespace awsemu::sts::errors
