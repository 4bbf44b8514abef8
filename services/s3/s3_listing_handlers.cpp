// ListObjects (v1), ListObjectsV2 and ListObjectVersions: the engine's listings rendered as S3's
// ListBucketResult / ListVersionsResult documents.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
#include "services/s3/listing_output.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_ids.hpp"
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {
namespace {

namespace out = listing_output;

std::string stringMember(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool has(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && !it->is_null();
}

// What the three listings echo alike: Name, Prefix (always, even empty), Delimiter (when one was
// given: S3 leaves an empty one out), MaxKeys, EncodingType, IsTruncated, CommonPrefixes.
Json listingHead(const Json& input, const std::optional<std::string>& encoding,
                 std::int64_t max_keys, bool truncated) {
  Json result = {{"Name", stringMember(input, "Bucket")},
                 {"Prefix", out::encoded(encoding, stringMember(input, "Prefix"))},
                 {"MaxKeys", max_keys},
                 {"IsTruncated", truncated}};
  const std::string delimiter = stringMember(input, "Delimiter");
  if (!delimiter.empty()) result["Delimiter"] = out::encoded(encoding, delimiter);
  if (encoding) result["EncodingType"] = *encoding;
  return result;
}

listing::ObjectsRequest objectsRequest(const Json& input, std::int64_t max_keys) {
  listing::ObjectsRequest request;
  request.prefix = stringMember(input, "Prefix");
  request.delimiter = stringMember(input, "Delimiter");
  request.max_keys = static_cast<std::size_t>(max_keys);
  request.marker = stringMember(input, "Marker");
  request.start_after = stringMember(input, "StartAfter");
  if (has(input, "ContinuationToken"))
    request.continuation_token = stringMember(input, "ContinuationToken");
  return request;
}

Json contentsOf(const listing::ObjectsPage& page, const std::optional<std::string>& encoding,
                bool with_owner) {
  Json contents = Json::array();
  for (const auto& object : page.contents)
    contents.push_back(out::objectEntry(object, encoding, with_owner));
  return contents;
}

void addListed(Json& result, const char* name, Json list) {
  if (!list.empty()) result[name] = std::move(list);
}

}  // namespace

void S3Service::registerListingHandlers() {
  onS3("ListObjectsV2", [this](RequestContext&, const Json& in) {
    const auto encoding = out::encodingType(in);
    const auto max_keys = out::limitArgument(in, "MaxKeys", "maxKeys");
    const auto page =
        engine().listObjectsV2(stringMember(in, "Bucket"), objectsRequest(in, max_keys));
    Json result = listingHead(in, encoding, max_keys, page.truncated);
    result["KeyCount"] = page.key_count;
    if (has(in, "ContinuationToken"))
      result["ContinuationToken"] = stringMember(in, "ContinuationToken");
    if (page.next_continuation_token)
      result["NextContinuationToken"] = *page.next_continuation_token;
    if (has(in, "StartAfter"))
      result["StartAfter"] = out::encoded(encoding, stringMember(in, "StartAfter"));
    const bool fetch_owner = in.value("FetchOwner", false);
    addListed(result, "Contents", contentsOf(page, encoding, fetch_owner));
    addListed(result, "CommonPrefixes", out::commonPrefixes(page.common_prefixes, encoding));
    return result;
  });

  onS3("ListObjects", [this](RequestContext&, const Json& in) {
    const auto encoding = out::encodingType(in);
    const auto max_keys = out::limitArgument(in, "MaxKeys", "maxKeys");
    const auto page =
        engine().listObjectsV1(stringMember(in, "Bucket"), objectsRequest(in, max_keys));
    Json result = listingHead(in, encoding, max_keys, page.truncated);
    result["Marker"] = out::encoded(encoding, stringMember(in, "Marker"));
    // NextMarker only with a delimiter: without one, clients continue from the last key.
    if (page.next_marker) result["NextMarker"] = out::encoded(encoding, *page.next_marker);
    addListed(result, "Contents", contentsOf(page, encoding, true));
    addListed(result, "CommonPrefixes", out::commonPrefixes(page.common_prefixes, encoding));
    return result;
  });

  onS3("ListObjectVersions", [this](RequestContext&, const Json& in) {
    const auto encoding = out::encodingType(in);
    const auto max_keys = out::limitArgument(in, "MaxKeys", "maxKeys");
    listing::MarkedRequest request;
    request.prefix = stringMember(in, "Prefix");
    request.delimiter = stringMember(in, "Delimiter");
    request.max = static_cast<std::size_t>(max_keys);
    request.key_marker = stringMember(in, "KeyMarker");
    request.id_marker = stringMember(in, "VersionIdMarker");
    if (!request.id_marker.empty() && !isWellFormedVersionId(request.id_marker))
      throw errors::invalidVersionId(request.id_marker);
    const auto page = engine().listObjectVersions(stringMember(in, "Bucket"), request);
    Json result = listingHead(in, encoding, max_keys, page.truncated);
    result["KeyMarker"] = out::encoded(encoding, request.key_marker);
    result["VersionIdMarker"] = request.id_marker;
    if (page.next_key_marker)
      result["NextKeyMarker"] = out::encoded(encoding, *page.next_key_marker);
    if (page.next_id_marker) result["NextVersionIdMarker"] = *page.next_id_marker;
    Json versions = Json::array(), markers = Json::array();
    for (const auto& entry : page.entries)
      (entry.is_delete_marker ? markers : versions).push_back(out::versionEntry(entry, encoding));
    addListed(result, "Versions", std::move(versions));
    addListed(result, "DeleteMarkers", std::move(markers));
    addListed(result, "CommonPrefixes", out::commonPrefixes(page.common_prefixes, encoding));
    return result;
  });
}

}  // namespace awsemu::s3
