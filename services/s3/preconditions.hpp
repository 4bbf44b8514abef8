#pragma once
// Conditional requests and byte ranges for GetObject / HeadObject, as S3 evaluates them.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (If-Match, If-None-Match,
// If-Modified-Since, If-Unmodified-Since, Range, partNumber); RFC 9110 sections 13 and 14.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "services/s3/s3_types.hpp"

namespace awsemu::s3 {

// Whether an If-Match / If-None-Match header value ("*", or a comma-separated list of ETags,
// quoted or not, W/ ignored) names `etag`.
bool etagListMatches(std::string_view header, std::string_view etag);

struct ReadConditions {
  std::optional<std::string> if_match, if_none_match;
  std::optional<double> if_modified_since, if_unmodified_since;  // epoch seconds
};
// Throws PreconditionFailed (412) or NotModified (304). As in S3: If-Match that holds overrides
// a failing If-Unmodified-Since, and If-None-Match that fails (the ETag matches) gives 304
// whatever If-Modified-Since says. Dates compare at second precision (HTTP dates have no more).
void checkReadConditions(const ReadConditions& conditions, const ObjectVersion& object);

struct ByteRange {
  std::uint64_t first = 0, last = 0;  // inclusive
  std::uint64_t length() const { return last - first + 1; }
};
// The range a Range header asks of an object of `size` bytes: "bytes=first-last",
// "bytes=first-", "bytes=-suffix". nullopt means the whole object: no header, or one S3 ignores
// (another unit, several ranges, a malformed spec). Throws InvalidRange (416) when the range
// starts past the end, or for any range of an empty object.
std::optional<ByteRange> parseRange(std::string_view header, std::uint64_t size);
std::string contentRange(const ByteRange& range, std::uint64_t size);  // "bytes 0-9/100"
// The bytes of part `part_number` of an object (GetObject ?partNumber=N). A simple object has
// one part, itself. Throws InvalidPartNumber (416) for a number beyond the object's parts.
ByteRange partRange(const ObjectVersion& object, int part_number);

}  // namespace awsemu::s3
