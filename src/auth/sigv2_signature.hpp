#pragma once
// S3's legacy signature (SigV2, "AWS AKID:signature" headers and AWSAccessKeyId/Signature/Expires
// query strings), which some SDK defaults still produce for presigned URLs. Private to src/auth.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
#include <string>

#include "awsemu/auth/canonical_request.hpp"
#include "awsemu/core/http.hpp"

namespace awsemu::auth {

// StringToSign = Verb \n Content-MD5 \n Content-Type \n Date-or-Expires \n
//                CanonicalizedAmzHeaders CanonicalizedResource
// `bucket_from_host`: a virtual-hosted request's bucket, which the resource names first.
std::string sigV2StringToSign(const HttpRequest& request, bool presigned,
                              const std::string& bucket_from_host);

// sigV2Signature(secret, string_to_sign): awsemu/auth/canonical_request.hpp.

}  // namespace awsemu::auth
