#include "services/s3/object_headers.hpp"

#include <array>
#include <set>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/core/time.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_handler_errors.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html#UserMetadata
constexpr std::size_t kMaxUserMetadataBytes = 2048;
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html
constexpr std::size_t kMaxTags = 10, kMaxTagKey = 128, kMaxTagValue = 256;

constexpr std::array<std::string_view, 7> kContentMembers{
    "ContentType",  "ContentEncoding", "ContentDisposition",     "ContentLanguage",
    "CacheControl", "Expires",         "WebsiteRedirectLocation"};

// Storage classes a general purpose bucket accepts on a write.
constexpr std::array<std::string_view, 10> kStorageClasses{
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER",  "DEEP_ARCHIVE",       "GLACIER_IR",  "OUTPOSTS",   "SNOW"};

// SSE-C's members come from sse_customer.hpp, validated.
constexpr std::array<std::string_view, 4> kSseMembers{
    "ServerSideEncryption", "SSEKMSKeyId", "SSEKMSEncryptionContext", "BucketKeyEnabled"};

std::string text(const Json& input, const char* member) {
  auto it = input.find(member);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void checkTag(std::string_view key, std::string_view value) {
  if (key.empty()) throw errors::invalidTag("The TagKey you have provided is invalid");
  if (key.size() > kMaxTagKey)
    throw errors::invalidTag("The TagKey you have provided is too long, max 128");
  if (value.size() > kMaxTagValue)
    throw errors::invalidTag("The TagValue you have provided is too long, max 256");
  if (key.starts_with("aws:")) throw errors::invalidTag("Your TagKey cannot be prefixed with aws:");
}

void addTag(Json& tags, std::string key, std::string value) {
  checkTag(key, value);
  if (tags.contains(key))
    throw errors::invalidTag("Cannot provide multiple Tags with the same key");
  tags[std::move(key)] = std::move(value);
  if (tags.size() > kMaxTags) throw errors::invalidTag("Object tags cannot be greater than 10");
}

}  // namespace

Json contentHeaders(const Json& input) {
  Json headers = Json::object();
  for (auto member : kContentMembers) {
    auto it = input.find(member);
    if (it != input.end() && !it->is_null()) headers[std::string(member)] = *it;
  }
  if (!headers.contains("ContentType")) headers["ContentType"] = "binary/octet-stream";
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html
  if (auto redirect = headers.find("WebsiteRedirectLocation"); redirect != headers.end()) {
    const std::string location = redirect->is_string() ? redirect->get<std::string>() : "";
    if (!location.starts_with("/") && !location.starts_with("http://") &&
        !location.starts_with("https://"))
      throw errors::invalidArgument(
          "The website redirect location must have a prefix of 'http://' or 'https://' or '/'",
          "x-amz-website-redirect-location", location);
  }
  return headers;
}

Json userMetadata(const Json& input) {
  Json metadata = Json::object();
  auto it = input.find("Metadata");
  if (it == input.end() || !it->is_object()) return metadata;
  std::size_t size = 0;
  for (const auto& [name, value] : it->items()) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    size += name.size() + text.size();
    metadata[strings::toLower(name)] = std::move(text);
  }
  if (size > kMaxUserMetadataBytes) throw errors::metadataTooLarge(size);
  return metadata;
}

std::string storageClass(const Json& input) {
  std::string requested = text(input, "StorageClass");
  if (requested.empty()) return "STANDARD";
  for (auto known : kStorageClasses)
    if (requested == known) return requested;
  throw errors::invalidStorageClass(requested);
}

Json sseAttributes(const Json& input) {
  Json sse = Json::object();
  for (auto member : kSseMembers) {
    auto it = input.find(member);
    if (it != input.end() && !it->is_null()) sse[std::string(member)] = *it;
  }
  Json customer = ssec::forWrite(input);
  if (!customer.empty()) return customer;
  if (!sse.contains("ServerSideEncryption")) sse["ServerSideEncryption"] = "AES256";
  return sse;
}

void applyBucketEncryption(Json& sse, const Json& input, const Json& configuration) {
  if (input.contains("ServerSideEncryption") || input.contains("SSECustomerAlgorithm")) return;
  auto rules = configuration.find("Rules");
  if (rules == configuration.end() || !rules->is_array() || rules->empty()) return;
  const Json& rule = rules->front();
  auto by_default = rule.find("ApplyServerSideEncryptionByDefault");
  if (by_default == rule.end() || !by_default->is_object()) return;
  if (auto algorithm = by_default->find("SSEAlgorithm"); algorithm != by_default->end())
    sse["ServerSideEncryption"] = *algorithm;
  if (auto key = by_default->find("KMSMasterKeyID"); key != by_default->end())
    sse["SSEKMSKeyId"] = *key;
  if (auto bucket_key = rule.find("BucketKeyEnabled");
      bucket_key != rule.end() && !input.contains("BucketKeyEnabled"))
    sse["BucketKeyEnabled"] = *bucket_key;
}

Json bodyChecksum(const RequestBody& body) {
  if (body.checksum_algorithm.empty()) return Json::object();
  return {
      {"algorithm", body.checksum_algorithm}, {"value", body.checksum}, {"type", "FULL_OBJECT"}};
}

Json parseTaggingHeader(std::string_view header) {
  Json tags = Json::object();
  while (!header.empty()) {
    auto amp = header.find('&');
    std::string_view pair = header.substr(0, amp);
    header = amp == std::string_view::npos ? std::string_view() : header.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = encoding::uriDecode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos
                            ? std::string()
                            : encoding::uriDecode(pair.substr(eq + 1), true);
    addTag(tags, std::move(key), std::move(value));
  }
  return tags;
}

Json tagsFromTagSet(const Json& tag_set) {
  Json tags = Json::object();
  if (!tag_set.is_array()) return tags;
  for (const auto& tag : tag_set) addTag(tags, text(tag, "Key"), text(tag, "Value"));
  return tags;
}

Json tagSetFrom(const Json& tags) {
  Json set = Json::array();
  if (!tags.is_object()) return set;
  for (const auto& [key, value] : tags.items()) set.push_back({{"Key", key}, {"Value", value}});
  return set;
}

void addChecksumMembers(Json& out, const Json& checksum) {
  if (!checksum.is_object() || !checksum.contains("value")) return;
  out["Checksum" + checksum.value("algorithm", std::string())] = checksum["value"];
  out["ChecksumType"] = checksum.value("type", std::string("FULL_OBJECT"));
}

void addSseMembers(Json& out, const Json& sse) {
  if (!sse.is_object()) return;
  for (const auto& [name, value] : sse.items()) out[name] = value;
}

Json objectReadMembers(const ObjectVersion& object) {
  const ObjectAttributes& a = object.attributes;
  Json out = Json::object();
  out["ETag"] = object.etag;
  out["LastModified"] = object.last_modified_ms / 1000;
  out["AcceptRanges"] = "bytes";
  if (a.headers.is_object())
    for (const auto& [name, value] : a.headers.items()) out[name] = value;
  if (a.metadata.is_object() && !a.metadata.empty()) out["Metadata"] = a.metadata;
  // S3 leaves x-amz-storage-class out for STANDARD objects.
  if (!a.storage_class.empty() && a.storage_class != "STANDARD")
    out["StorageClass"] = a.storage_class;
  addSseMembers(out, a.sse);
  if (a.tags.is_object() && !a.tags.empty()) out["TagCount"] = a.tags.size();
  if (a.object_lock.is_object()) {
    if (a.object_lock.contains("Mode")) out["ObjectLockMode"] = a.object_lock["Mode"];
    if (a.object_lock.contains("RetainUntilDate"))
      out["ObjectLockRetainUntilDate"] = a.object_lock["RetainUntilDate"];
    if (a.object_lock.contains("LegalHoldStatus"))
      out["ObjectLockLegalHoldStatus"] = a.object_lock["LegalHoldStatus"];
  }
  return out;
}

void applyResponseOverrides(Json& out, const Json& input, bool anonymous) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kOverrides{{
      {"ResponseContentType", "ContentType"},
      {"ResponseContentEncoding", "ContentEncoding"},
      {"ResponseContentDisposition", "ContentDisposition"},
      {"ResponseContentLanguage", "ContentLanguage"},
      {"ResponseCacheControl", "CacheControl"},
  }};
  bool any = input.contains("ResponseExpires");
  for (const auto& [query, member] : kOverrides) any = any || input.contains(query);
  if (!any) return;
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html#API_GetObject_RequestSyntax
  if (anonymous)
    throw errors::invalidRequest(
        "Request specific response headers cannot be used for anonymous GET requests.");
  for (const auto& [query, member] : kOverrides) {
    auto it = input.find(query);
    if (it != input.end()) out[std::string(member)] = *it;
  }
  if (auto it = input.find("ResponseExpires"); it != input.end() && it->is_number())
    out["Expires"] = timefmt::httpDate(it->get<double>());
}

}  // namespace awsemu::s3
