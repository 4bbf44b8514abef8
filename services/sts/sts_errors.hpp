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

}  // namespace awsemu::sts::errors
