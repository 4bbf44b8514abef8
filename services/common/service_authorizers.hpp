#pragma once
// The authorisers of the implemented services (ENFORCE_IAM), each next to its handlers.
#include "awsemu/service/authorization.hpp"

namespace awsemu::service {

const ServiceAuthorizer& s3Authorizer();               // services/s3/s3_authorization.cpp
const ServiceAuthorizer& sqsAuthorizer();              // services/sqs/sqs_authorization.cpp
const ServiceAuthorizer& snsAuthorizer();              // services/sns/sns_authorization.cpp
const ServiceAuthorizer& dynamodbAuthorizer();         // services/dynamodb/...
const ServiceAuthorizer& dynamodbStreamsAuthorizer();  // services/dynamodbstreams/...
const ServiceAuthorizer& iamAuthorizer();              // services/iam/iam_authorization.cpp
const ServiceAuthorizer& stsAuthorizer();              // services/sts/sts_authorization.cpp

// Compiles a stored resource policy once (shared cache, by text); null when it does not parse.
iam::PolicyPtr storedResourcePolicy(const std::string& text, const std::string& resource);

}  // namespace awsemu::service
