#pragma once
// CORS as S3 applies a bucket's CORSConfiguration: the first rule whose AllowedOrigins,
// AllowedMethods and AllowedHeaders admit the request decides the Access-Control-* headers, for
// OPTIONS preflights (cors.cpp's raw route) and for actual requests carrying an Origin
// (s3_access.cpp adds them). https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/http.hpp"
#include "awsemu/core/json.hpp"

namespace awsemu::s3::cors {

inline constexpr std::string_view kConfig = "cors";

// The response headers of the first matching rule, nullopt when none matches.
// `request_headers` is Access-Control-Request-Headers (preflight only; empty otherwise).
std::optional<HeaderList> match(const Json& configuration, std::string_view origin,
                                std::string_view method, std::string_view request_headers,
                                bool preflight);

}  // namespace awsemu::s3::cors
