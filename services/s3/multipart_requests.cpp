#include "services/s3/multipart_requests.hpp"

#include "services/s3/object_headers.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "awsemu/core/encoding.hpp"
#include "services/s3/multipart_checksums.hpp"
#include "services/s3/preconditions.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3::multipart {
namespace {

std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Storage classes an upload may ask for (the others are for Outposts, Snow, directory buckets).
constexpr std::array<std::string_view, 8> kStorageClasses{
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER",  "DEEP_ARCHIVE",       "GLACIER_IR"};

std::string lower(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Json checksumAttributes(const Json& input) {
  const std::string algorithm_name = text(input, "ChecksumAlgorithm");
  const std::string type = text(input, "ChecksumType");
  if (algorithm_name.empty()) {
    if (!type.empty())
      throw errors::invalidRequest(
          "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm "
          "header.");
    return Json::object();
  }
  auto algorithm = auth::parseChecksumAlgorithm(algorithm_name);
  if (!algorithm)
    throw errors::invalidArgument("Checksum algorithm provided is unsupported.",
                                  "x-amz-checksum-algorithm", algorithm_name);
  // CRC64NVME only exists as a full-object checksum; SHA digests only as composite ones.
  std::string resolved =
      type.empty()
          ? (*algorithm == auth::ChecksumAlgorithm::CRC64NVME ? "FULL_OBJECT" : "COMPOSITE")
          : type;
  const bool allowed =
      resolved == "FULL_OBJECT" ? supportsFullObject(*algorithm) : supportsComposite(*algorithm);
  if (!allowed)
    throw errors::invalidRequest("The " + resolved + " checksum type cannot be used with the " +
                                 lower(auth::checksumName(*algorithm)) + " checksum algorithm.");
  return {{"algorithm", std::string(auth::checksumName(*algorithm))}, {"type", resolved}};
}

std::uint64_t parseOffset(std::string_view digits, bool& ok) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  ok = ok && !digits.empty() && ec == std::errc() && end == digits.data() + digits.size();
  return value;
}

}  // namespace

ObjectAttributes uploadAttributes(const RequestContext& ctx, const Json& input) {
  ObjectAttributes attributes;
  attributes.owner = ctx.accountId();
  if (auto storage_class = text(input, "StorageClass"); !storage_class.empty()) {
    if (std::find(kStorageClasses.begin(), kStorageClasses.end(), storage_class) ==
        kStorageClasses.end())
      throw errors::invalidStorageClass(storage_class);
    attributes.storage_class = storage_class;
  }
  for (const char* name : {"ContentType", "ContentEncoding", "ContentDisposition",
                           "ContentLanguage", "CacheControl", "Expires", "WebsiteRedirectLocation"})
    if (auto value = text(input, name); !value.empty()) attributes.headers[name] = value;
  if (auto metadata = input.find("Metadata"); metadata != input.end() && metadata->is_object())
    for (const auto& [name, value] : metadata->items()) attributes.metadata[lower(name)] = value;
  attributes.checksum = checksumAttributes(input);
  if (auto tagging = text(input, "Tagging"); !tagging.empty())
    attributes.tags = parseTaggingHeader(tagging);
  if (auto acl = text(input, "ACL"); !acl.empty()) attributes.acl["canned"] = acl;
  for (const char* name : {"GrantFullControl", "GrantRead", "GrantReadACP", "GrantWriteACP"})
    if (auto value = text(input, name); !value.empty()) attributes.acl[name] = value;
  for (const char* name : {"ServerSideEncryption", "SSEKMSKeyId", "SSEKMSEncryptionContext"})
    if (auto value = text(input, name); !value.empty()) attributes.sse[name] = value;
  if (Json customer = ssec::forWrite(input); !customer.empty()) attributes.sse = customer;
  if (input.value("BucketKeyEnabled", false)) attributes.sse["BucketKeyEnabled"] = true;
  if (auto mode = text(input, "ObjectLockMode"); !mode.empty())
    attributes.object_lock["Mode"] = mode;
  if (auto until = input.find("ObjectLockRetainUntilDate"); until != input.end())
    attributes.object_lock["RetainUntilDate"] = *until;
  if (auto hold = text(input, "ObjectLockLegalHoldStatus"); !hold.empty())
    attributes.object_lock["LegalHoldStatus"] = hold;
  return attributes;
}

std::optional<auth::ChecksumAlgorithm> uploadAlgorithm(const Upload& upload) {
  return auth::parseChecksumAlgorithm(upload.attributes.checksum.value("algorithm", ""));
}

std::string uploadChecksumType(const Upload& upload) {
  return upload.attributes.checksum.value("type", "COMPOSITE");
}

std::string checksumMember(auth::ChecksumAlgorithm algorithm) {
  return "Checksum" + std::string(auth::checksumName(algorithm));
}

void echoEncryption(const ObjectAttributes& attributes, Json& output) {
  for (const char* name :
       {"ServerSideEncryption", "SSEKMSKeyId", "SSECustomerAlgorithm", "SSECustomerKeyMD5"})
    if (auto it = attributes.sse.find(name); it != attributes.sse.end()) output[name] = *it;
  if (attributes.sse.value("BucketKeyEnabled", false)) output["BucketKeyEnabled"] = true;
}

ObjectRef parseCopySource(std::string_view header) {
  std::string_view source = header;
  std::optional<std::string> version_id;
  if (auto q = source.find('?'); q != std::string_view::npos) {
    std::string_view query = source.substr(q + 1);
    source = source.substr(0, q);
    if (query.starts_with("versionId=")) version_id = encoding::uriDecode(query.substr(10));
  }
  if (source.starts_with('/')) source.remove_prefix(1);
  const auto slash = source.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == source.size())
    throw errors::invalidArgument("Invalid copy source object key", "x-amz-copy-source",
                                  std::string(header));
  return {encoding::uriDecode(source.substr(0, slash)),
          encoding::uriDecode(source.substr(slash + 1)), version_id};
}

ByteSpan parseCopySourceRange(std::string_view header, std::uint64_t size) {
  bool ok = header.starts_with("bytes=");
  std::string_view spec = ok ? header.substr(6) : std::string_view();
  const auto dash = spec.find('-');
  ok = ok && dash != std::string_view::npos;
  ByteSpan span;
  if (ok) {
    span.first = parseOffset(spec.substr(0, dash), ok);
    span.last = parseOffset(spec.substr(dash + 1), ok);
  }
  if (!ok || span.first > span.last)
    throw errors::invalidArgument(
        "The x-amz-copy-source-range value must be of the form bytes=first-last where first and "
        "last are the zero-based offsets of the first and last bytes to copy",
        "x-amz-copy-source-range", std::string(header));
  if (span.last >= size)
    throw errors::invalidArgument(
        "Range specified is not valid for source object of size: " + std::to_string(size),
        "x-amz-copy-source-range", std::string(header));
  return span;
}

void checkCopySourceConditions(const Json& input, const ObjectVersion& source) {
  ReadConditions conditions;
  if (auto value = text(input, "CopySourceIfMatch"); !value.empty()) conditions.if_match = value;
  if (auto value = text(input, "CopySourceIfNoneMatch"); !value.empty())
    conditions.if_none_match = value;
  if (auto it = input.find("CopySourceIfModifiedSince"); it != input.end() && it->is_number())
    conditions.if_modified_since = it->get<double>();
  if (auto it = input.find("CopySourceIfUnmodifiedSince"); it != input.end() && it->is_number())
    conditions.if_unmodified_since = it->get<double>();
  try {
    checkReadConditions(conditions, source);
  } catch (const AwsError& error) {
    // A copy has no "not modified" answer: every failed condition is 412.
    if (error.http_status != 304) throw;
    throw errors::preconditionFailed(conditions.if_none_match
                                         ? "x-amz-copy-source-If-None-Match"
                                         : "x-amz-copy-source-If-Modified-Since");
  }
}

}  // namespace awsemu::s3::multipart
