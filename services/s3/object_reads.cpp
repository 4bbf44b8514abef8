#include "services/s3/object_reads.hpp"

#include <stdexcept>

#include "awsemu/core/time.hpp"

#include "services/s3/object_headers.hpp"
#include "services/s3/object_subresources.hpp"
#include "services/s3/preconditions.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ReadConditions readConditions(const Json& input) {
  ReadConditions conditions;
  if (input.contains("IfMatch")) conditions.if_match = text(input, "IfMatch");
  if (input.contains("IfNoneMatch")) conditions.if_none_match = text(input, "IfNoneMatch");
  if (auto it = input.find("IfModifiedSince"); it != input.end() && it->is_number())
    conditions.if_modified_since = it->get<double>();
  if (auto it = input.find("IfUnmodifiedSince"); it != input.end() && it->is_number())
    conditions.if_unmodified_since = it->get<double>();
  return conditions;
}

// 304 carries the validators, as S3 sends them.
void checkConditions(const Json& input, const ObjectRead& read) {
  try {
    checkReadConditions(readConditions(input), read.object);
  } catch (AwsError& error) {
    if (error.http_status == 304) {
      error.headers.emplace_back("ETag", read.object.etag);
      error.headers.emplace_back(
          "Last-Modified",
          timefmt::httpDate(static_cast<double>(read.object.last_modified_ms / 1000)));
      if (read.version_id) error.headers.emplace_back("x-amz-version-id", *read.version_id);
    }
    throw;
  }
}

// Bodies up to this size are read here, on the blocking pool the handler runs on, and sent with
// the response head in one write; larger ones stream from the descriptor (each chunk read on the
// blocking pool), which for a 1 KiB object cost a second round trip through the pool.
constexpr std::uint64_t kInlineBodyBytes = 64 * 1024;

struct Selection {
  ByteRange range;
  bool partial = false;
};

// The bytes asked for: a part (?partNumber), a Range, or the whole object.
Selection selectBytes(const Json& input, const ObjectVersion& object, Json& out) {
  Selection selection{ByteRange{0, object.size == 0 ? 0 : object.size - 1}, false};
  auto part = input.find("PartNumber");
  const std::string range_header = text(input, "Range");
  if (part != input.end() && part->is_number_integer()) {
    if (!range_header.empty())
      throw errors::invalidRequest(
          "Cannot specify both Range header and partNumber query parameter");
    int number = part->get<int>();
    if (number < 1 || number > 10000)
      throw errors::invalidPartNumberArgument(std::to_string(number));
    // An empty simple object has no bytes to range: part 1 is all of it, answered 200.
    if (object.size == 0 && object.part_count == 0 && number == 1) return selection;
    selection.range = partRange(object, number);
    selection.partial = true;
    if (object.part_count > 0) out["PartsCount"] = object.part_count;
  } else if (!range_header.empty()) {
    if (auto range = parseRange(range_header, object.size)) {
      selection.range = *range;
      selection.partial = true;
    }
  }
  if (selection.partial) out["ContentRange"] = contentRange(selection.range, object.size);
  return selection;
}

}  // namespace

Json readObject(S3Engine& engine, RequestContext& ctx, const Json& input, bool head) {
  ObjectRef ref{text(input, "Bucket"), text(input, "Key"), std::nullopt};
  if (input.contains("VersionId")) ref.version_id = text(input, "VersionId");
  const auto customer_key = ssec::fromRequest(input);  // malformed keys before any look-up
  ObjectRead read = head ? engine.headObject(ref) : engine.getObject(ref, "GET");
  ssec::checkRead(read.object.attributes, customer_key);
  checkConditions(input, read);
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html: archived data
  // is read only once restored.
  const double now = toEpochSeconds(ctx.now());
  if (!head && needsRestore(read.object, now))
    throw errors::invalidObjectState(read.object.attributes.storage_class);
  Json out = objectReadMembers(read.object);
  if (auto restore = restoreHeader(read.object, now)) out["Restore"] = *restore;
  if (read.version_id) out["VersionId"] = *read.version_id;
  applyResponseOverrides(out, input, ctx.caller.anonymous);
  Selection selection = selectBytes(input, read.object, out);
  const std::uint64_t length = read.object.size == 0 ? 0 : selection.range.length();
  out["ContentLength"] = length;
  // Whole-object checksums describe whole objects only: none for a range.
  if (text(input, "ChecksumMode") == "ENABLED" && !selection.partial)
    addChecksumMembers(out, read.object.attributes.checksum);
  if (selection.partial) ctx.response.status = 206;
  if (!head && length > 0 && length <= kInlineBodyBytes) {
    out["Body"] = makeBlob(read.data.read(selection.range.first, length));
    if (out["Body"].get_binary().size() != length)  // the file is shorter than its row says
      throw std::runtime_error("object data file is shorter than the object");
  } else if (!head && length > 0) {
    ctx.response.file = std::make_shared<const ResponseFile>(read.data.release());
    ctx.response.file_offset = selection.range.first;
    ctx.response.file_length = length;
  }
  return out;
}

}  // namespace awsemu::s3
