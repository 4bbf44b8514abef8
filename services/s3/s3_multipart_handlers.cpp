// Multipart uploads: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
// AbortMultipartUpload, ListParts, ListMultipartUploads.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <system_error>

#include "awsemu/core/encoding.hpp"
#include "services/s3/listing_output.hpp"
#include "services/s3/multipart_checksums.hpp"
#include "services/s3/multipart_completion.hpp"
#include "services/s3/multipart_requests.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_service.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

namespace out = listing_output;
using auth::ChecksumAlgorithm;

std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int partNumber(const Json& input) {
  const auto number = input.value("PartNumber", 0);
  if (number < 1 || number > 10000) throw errors::invalidPartNumberArgument(std::to_string(number));
  return number;
}

UploadPartRequest partRequest(const Json& input) {
  UploadPartRequest request;
  request.bucket = text(input, "Bucket");
  request.key = text(input, "Key");
  request.upload_id = text(input, "UploadId");
  request.part_number = partNumber(input);
  return request;
}

// Whether the client sent the body's checksum (header or trailer) rather than the gateway
// computing its default CRC64NVME.
bool clientSentChecksum(const RequestContext& ctx, ChecksumAlgorithm algorithm) {
  if (algorithm != ChecksumAlgorithm::CRC64NVME) return true;
  if (!ctx.http) return false;
  const std::string name(auth::checksumHeaderName(algorithm));
  if (ctx.http->header(name)) return true;
  const auto* trailer = ctx.http->header("x-amz-trailer");
  return trailer && trailer->find(name) != std::string::npos;
}

std::string lowerName(ChecksumAlgorithm algorithm) {
  std::string name(auth::checksumName(algorithm));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// The part's checksum: the body's when it has the upload's algorithm (or the upload has none),
// else the upload's algorithm computed over the body. A client checksum of another algorithm than
// the upload's is refused, as S3 refuses it.
Json partChecksum(const RequestContext& ctx, const Upload& upload, const RequestBody& body,
                  bool& sent) {
  const auto wanted = multipart::uploadAlgorithm(upload);
  const auto got = auth::parseChecksumAlgorithm(body.checksum_algorithm);
  sent = got && clientSentChecksum(ctx, *got);
  if (wanted && sent && *got != *wanted)
    throw errors::invalidRequest("Checksum Type mismatch occurred, expected checksum Type: " +
                                 lowerName(*wanted) + ", actual checksum Type: " + lowerName(*got));
  if (got && !body.checksum.empty() && (!wanted || *got == *wanted))
    return {{"algorithm", std::string(auth::checksumName(*got))}, {"value", body.checksum}};
  if (!wanted) return Json::object();
  // Read back from the spool file in blocks: a part can be gigabytes.
  std::string value;
  if (body.inMemory()) {
    value = auth::computeChecksum(*wanted, body.memory);
  } else {
    const int fd = ::open(body.file->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "open part body");
    FileHandle spooled(fd, body.size);
    value = checksumOfFile(*wanted, spooled.fd(), 0, body.size);
  }
  return {{"algorithm", std::string(auth::checksumName(*wanted))}, {"value", value}};
}

Json uploadPart(S3Engine& engine, RequestContext& ctx, const Json& in) {
  UploadPartRequest request = partRequest(in);
  const auto customer_key = ssec::fromRequest(in);
  const Upload upload = engine.upload(request.bucket, request.key, request.upload_id);
  ssec::checkPart(upload.attributes, customer_key);
  static const RequestBody kEmpty;
  const RequestBody& body = ctx.body ? *ctx.body : kEmpty;
  if (!body.md5.empty()) request.etag = quotedEtag(body.md5);
  bool sent = false;
  request.checksum = partChecksum(ctx, upload, body, sent);
  const Part part = ctx.body ? engine.uploadPart(request, *ctx.body)
                             : engine.uploadPart(request, std::string_view());
  Json output = {{"ETag", part.etag}};
  if (auto algorithm = auth::parseChecksumAlgorithm(part.checksum.value("algorithm", ""));
      algorithm && (sent || multipart::uploadAlgorithm(upload)))
    output[multipart::checksumMember(*algorithm)] = part.checksum["value"];
  multipart::echoEncryption(upload.attributes, output);
  return output;
}

Json uploadPartCopy(S3Engine& engine, const Json& in) {
  UploadPartRequest request = partRequest(in);
  const auto customer_key = ssec::fromRequest(in);
  const auto source_key = ssec::fromRequest(in, ssec::Role::CopySource);
  const Upload upload = engine.upload(request.bucket, request.key, request.upload_id);
  ssec::checkPart(upload.attributes, customer_key);
  const ObjectRef source = multipart::parseCopySource(text(in, "CopySource"));
  ObjectRead read = engine.getObject(source);
  ssec::checkRead(read.object.attributes, source_key);
  multipart::checkCopySourceConditions(in, read.object);
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html: 5 GiB per copy source.
  constexpr std::uint64_t kMaxCopySource = 5ull << 30;
  if (read.object.size > kMaxCopySource && text(in, "CopySourceRange").empty())
    throw errors::invalidRequest(
        "The specified copy source is larger than the maximum allowable size for a copy source: " +
        std::to_string(kMaxCopySource));
  std::optional<ByteSpan> range;
  if (auto header = text(in, "CopySourceRange"); !header.empty())
    range = multipart::parseCopySourceRange(header, read.object.size);
  const std::uint64_t offset = range ? range->first : 0;
  const std::uint64_t length = range ? range->last - range->first + 1 : read.object.size;
  const auto declared = multipart::uploadAlgorithm(upload);
  const ChecksumAlgorithm algorithm = declared.value_or(ChecksumAlgorithm::CRC64NVME);
  const std::string checksum = checksumOfFile(algorithm, read.data.fd(), offset, length);
  request.checksum = {{"algorithm", std::string(auth::checksumName(algorithm))},
                      {"value", checksum}};
  // The engine copies from the version it opens now: pin the one the conditions were checked on.
  ObjectRef pinned = source;
  if (read.object.version_id != "null" || source.version_id)
    pinned.version_id = read.object.version_id;
  const Part part = engine.uploadPartCopy(request, pinned, range);
  Json result = {{"ETag", part.etag}, {"LastModified", out::seconds(part.last_modified_ms)}};
  if (declared) result[multipart::checksumMember(algorithm)] = checksum;
  Json output = {{"CopyPartResult", result}};
  if (read.version_id) output["CopySourceVersionId"] = *read.version_id;
  multipart::echoEncryption(upload.attributes, output);
  return output;
}

// Location of the completed object: the URL the client addressed, with the key.
std::string objectLocation(const RequestContext& ctx, const std::string& bucket,
                           const std::string& key) {
  const std::string host = ctx.http ? ctx.http->host() : std::string("s3.amazonaws.com");
  const std::string path = encoding::uriEncode(key, false);
  if (host.starts_with(bucket + ".")) return "http://" + host + "/" + path;
  return "http://" + host + "/" + bucket + "/" + path;
}

Json completeOutput(const RequestContext& ctx, const CompleteMultipartRequest& request,
                    const WriteResult& result) {
  const auto& object = result.object;
  Json output = {{"Location", objectLocation(ctx, request.bucket, request.key)},
                 {"Bucket", request.bucket},
                 {"Key", request.key},
                 {"ETag", object.etag}};
  const Json& checksum = object.attributes.checksum;
  if (auto algorithm = auth::parseChecksumAlgorithm(checksum.value("algorithm", ""))) {
    output[multipart::checksumMember(*algorithm)] = checksum.value("value", "");
    output["ChecksumType"] = checksum.value("type", "FULL_OBJECT");
  }
  if (result.version_id) output["VersionId"] = *result.version_id;
  multipart::echoEncryption(object.attributes, output);
  return output;
}

Json uploadEntry(const Upload& upload, const std::optional<std::string>& encoding) {
  Json entry = {{"UploadId", upload.upload_id},
                {"Key", out::encoded(encoding, upload.key)},
                {"Initiated", out::seconds(upload.initiated_ms)},
                {"StorageClass", upload.attributes.storage_class},
                {"Owner", out::owner(upload.attributes.owner)},
                {"Initiator", out::owner(upload.attributes.owner)}};
  if (auto algorithm = out::checksumAlgorithm(upload.attributes.checksum)) {
    entry["ChecksumAlgorithm"] = *algorithm;
    entry["ChecksumType"] = *out::checksumType(upload.attributes.checksum);
  }
  return entry;
}

Json listParts(S3Engine& engine, const Json& in, Upload& listed) {
  const auto max_parts = out::limitArgument(in, "MaxParts", "max-parts");
  const auto marker = out::limitArgument(in, "PartNumberMarker", "part-number-marker", 0);
  const auto customer_key = ssec::fromRequest(in);
  const auto page = engine.listParts(text(in, "Bucket"), text(in, "Key"), text(in, "UploadId"),
                                     static_cast<int>(std::min<std::int64_t>(marker, 10000)),
                                     static_cast<std::size_t>(max_parts));
  const Upload& upload = page.upload;
  const auto algorithm = multipart::uploadAlgorithm(upload);
  ssec::checkUploadRequest(upload.attributes, customer_key, algorithm.has_value());
  Json parts = Json::array();
  for (const auto& part : page.parts) {
    Json entry = {{"PartNumber", part.part_number},
                  {"LastModified", out::seconds(part.last_modified_ms)},
                  {"ETag", part.etag},
                  {"Size", part.size}};
    if (algorithm && part.checksum.value("algorithm", "") == auth::checksumName(*algorithm))
      entry[multipart::checksumMember(*algorithm)] = part.checksum["value"];
    parts.push_back(std::move(entry));
  }
  Json output = {{"Bucket", upload.bucket},
                 {"Key", upload.key},
                 {"UploadId", upload.upload_id},
                 {"PartNumberMarker", marker},
                 {"MaxParts", max_parts},
                 {"IsTruncated", page.truncated},
                 {"Initiator", out::owner(upload.attributes.owner)},
                 {"Owner", out::owner(upload.attributes.owner)},
                 {"StorageClass", upload.attributes.storage_class}};
  // S3 names the last part listed as the next marker whether or not more follow.
  if (!page.parts.empty()) output["NextPartNumberMarker"] = page.parts.back().part_number;
  if (!parts.empty()) output["Parts"] = std::move(parts);
  if (algorithm) {
    output["ChecksumAlgorithm"] = std::string(auth::checksumName(*algorithm));
    output["ChecksumType"] = multipart::uploadChecksumType(upload);
  }
  listed = upload;
  return output;
}

Json listUploads(S3Engine& engine, const Json& in) {
  const auto encoding = out::encodingType(in);
  const auto max_uploads = out::limitArgument(in, "MaxUploads", "max-uploads");
  listing::MarkedRequest request;
  request.prefix = text(in, "Prefix");
  request.delimiter = text(in, "Delimiter");
  request.max = static_cast<std::size_t>(max_uploads);
  request.key_marker = text(in, "KeyMarker");
  request.id_marker = text(in, "UploadIdMarker");
  const auto page = engine.listMultipartUploads(text(in, "Bucket"), request);
  Json output = {{"Bucket", text(in, "Bucket")},
                 {"KeyMarker", out::encoded(encoding, request.key_marker)},
                 {"UploadIdMarker", request.id_marker},
                 {"Prefix", out::encoded(encoding, request.prefix)},
                 {"MaxUploads", max_uploads},
                 {"IsTruncated", page.truncated}};
  if (!request.delimiter.empty()) output["Delimiter"] = out::encoded(encoding, request.delimiter);
  if (encoding) output["EncodingType"] = *encoding;
  if (page.next_key_marker) output["NextKeyMarker"] = out::encoded(encoding, *page.next_key_marker);
  if (page.next_id_marker) output["NextUploadIdMarker"] = *page.next_id_marker;
  Json uploads = Json::array();
  for (const auto& upload : page.entries) uploads.push_back(uploadEntry(upload, encoding));
  if (!uploads.empty()) output["Uploads"] = std::move(uploads);
  if (!page.common_prefixes.empty())
    output["CommonPrefixes"] = out::commonPrefixes(page.common_prefixes, encoding);
  return output;
}

}  // namespace

void S3Service::registerMultipartHandlers() {
  onS3("CreateMultipartUpload", [this](RequestContext& ctx, const Json& in) {
    const ObjectAttributes attributes = multipart::uploadAttributes(ctx, in);
    if (ssec::isCustomerEncrypted(attributes))
      ssec::checkAllowed(attributes.sse, engine().bucketConfig(text(in, "Bucket"), "encryption"));
    const Upload upload =
        engine().createMultipartUpload(text(in, "Bucket"), text(in, "Key"), attributes);
    Json output = {{"Bucket", upload.bucket}, {"Key", upload.key}, {"UploadId", upload.upload_id}};
    if (auto algorithm = out::checksumAlgorithm(attributes.checksum)) {
      output["ChecksumAlgorithm"] = *algorithm;
      output["ChecksumType"] = *out::checksumType(attributes.checksum);
    }
    multipart::echoEncryption(attributes, output);
    addAbortDate(upload, output);  // s3_lifecycle.cpp
    return output;
  });

  onS3("UploadPart",
       [this](RequestContext& ctx, const Json& in) { return uploadPart(engine(), ctx, in); });

  onS3("UploadPartCopy",
       [this](RequestContext&, const Json& in) { return uploadPartCopy(engine(), in); });

  onS3("CompleteMultipartUpload", [this](RequestContext& ctx, const Json& in) {
    CompleteMultipartRequest request;
    request.bucket = text(in, "Bucket");
    request.key = text(in, "Key");
    request.upload_id = text(in, "UploadId");
    request.parts = multipart::completedParts(in);
    request.conditions = multipart::completeConditions(in);
    const auto customer_key = ssec::fromRequest(in);
    {
      const Upload upload = engine().upload(request.bucket, request.key, request.upload_id);
      ssec::checkUploadRequest(upload.attributes, customer_key,
                               multipart::uploadAlgorithm(upload).has_value());
    }
    // The key as it was when the completion began: a write or delete meanwhile is a conflict.
    if (request.conditions.if_match || request.conditions.if_none_match)
      request.conditions.began_at_seq = engine().latestSeq(request.bucket, request.key);
    S3Engine& store = engine();
    request.checksum = [&store, &in](const Upload& upload, const std::vector<Part>& listed) {
      return multipart::objectChecksum(store, in, upload, listed);
    };
    const WriteResult result = store.completeMultipartUpload(request);
    notify(ctx, "s3:ObjectCreated:CompleteMultipartUpload", request.bucket, result.object,
           result.version_id);
    Json out = completeOutput(ctx, request, result);
    addExpiration(result.object, out);  // s3_lifecycle.cpp
    return out;
  });

  onS3("AbortMultipartUpload", [this](RequestContext&, const Json& in) {
    const std::string bucket = text(in, "Bucket"), key = text(in, "Key");
    const std::string upload_id = text(in, "UploadId");
    if (auto it = in.find("IfMatchInitiatedTime"); it != in.end() && it->is_number()) {
      const Upload upload = engine().upload(bucket, key, upload_id);
      if (std::floor(out::seconds(upload.initiated_ms)) != std::floor(it->get<double>()))
        throw errors::preconditionFailed("x-amz-if-match-initiated-time");
    }
    engine().abortMultipartUpload(bucket, key, upload_id);
    return Json::object();
  });

  onS3("ListParts", [this](RequestContext&, const Json& in) {
    Upload upload;
    Json output = listParts(engine(), in, upload);
    addAbortDate(upload, output);
    return output;
  });

  onS3("ListMultipartUploads",
       [this](RequestContext&, const Json& in) { return listUploads(engine(), in); });
}

}  // namespace awsemu::s3
