#pragma once
// S3 static website hosting: requests whose Host is a website endpoint of a bucket
// (<bucket>.s3-website-<region>.amazonaws.com, <bucket>.s3-website.<region>.amazonaws.com, and
// LocalStack's <bucket>.s3-website.localhost.localstack.cloud) are served from the bucket's
// WebsiteConfiguration: index documents, the error document, RedirectAllRequestsTo, routing
// rules and per-object x-amz-website-redirect-location, with S3's HTML error pages. Only GET and
// HEAD; anonymous, so only publicly readable objects are served (ACLs, policy, public access
// block decide as for any anonymous GetObject).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteHosting.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/json.hpp"

namespace awsemu::s3 {

struct ConfigRegistrar;

namespace website {

inline constexpr std::string_view kConfig = "website";  // the bucket config subresource

// Does the Host name a bucket's website endpoint?
bool isWebsiteHost(std::string_view host);

struct Redirect {
  int status = 301;
  std::string location;
};

// Where a request goes instead: RedirectAllRequestsTo, or the first routing rule whose Condition
// holds for `key` (and, when the rule names one, the HTTP error `error_status` the request got;
// rules with an error condition apply only to errors, the others only before the object is
// looked up). `host` and `protocol` are the request's, used where the Redirect names none.
std::optional<Redirect> redirectFor(const Json& configuration, std::string_view key,
                                    std::optional<int> error_status, std::string_view host,
                                    std::string_view protocol);

// S3's HTML error page for `error`; `document_error` is the error the custom error document
// itself met, when there was one.
std::string errorPage(const AwsError& error, std::string_view request_id,
                      const AwsError* document_error = nullptr);

}  // namespace website

// The raw route (registered before the other raw routes: it takes every method on website hosts).
void registerWebsiteRoute(const ConfigRegistrar& registrar);

}  // namespace awsemu::s3
