#include "services/s3/listing.hpp"

#include "awsemu/core/encoding.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3::listing {
namespace {

constexpr std::string_view kTokenTag = "awsemu-list:";

Query queryOf(const std::string& prefix, const std::string& delimiter, std::size_t max) {
  return Query{prefix, delimiter, max};
}

template <class Entry, class IdOf>
MarkedPage<Entry> listMarked(const Scan<Entry>& scan, const MarkerLookup& lookup,
                             const MarkedRequest& request, IdOf id_of) {
  const Query query = queryOf(request.prefix, request.delimiter, request.max);
  Cursor cursor = startCursor(query, request.key_marker);
  // Continuing inside the marker's key: only when the key itself is listed (not rolled up into a
  // common prefix, which startCursor skipped) and the id is known.
  if (!request.key_marker.empty() && !request.id_marker.empty() &&
      cursor.kind == Cursor::Kind::AfterKey && cursor.key == request.key_marker) {
    if (auto seq = lookup(request.key_marker, request.id_marker))
      cursor = Cursor::afterEntry(request.key_marker, *seq);
  }
  auto page = collect(scan, query, std::move(cursor));
  MarkedPage<Entry> out;
  out.truncated = page.truncated;
  if (page.truncated) {
    out.next_key_marker = page.last_item;
    if (!page.last_is_prefix && !page.entries.empty())
      out.next_id_marker = id_of(page.entries.back());
  }
  out.entries = std::move(page.entries);
  out.common_prefixes = std::move(page.common_prefixes);
  return out;
}

ObjectsPage objectsPage(Page<ObjectVersion> page) {
  ObjectsPage out;
  out.truncated = page.truncated;
  out.key_count = page.itemCount();
  out.contents = std::move(page.entries);
  out.common_prefixes = std::move(page.common_prefixes);
  return out;
}

}  // namespace

std::optional<std::string> prefixSuccessor(std::string_view prefix) {
  std::string next(prefix);
  while (!next.empty() && static_cast<unsigned char>(next.back()) == 0xFF) next.pop_back();
  if (next.empty()) return std::nullopt;
  next.back() = static_cast<char>(static_cast<unsigned char>(next.back()) + 1);
  return next;
}

std::optional<std::string> commonPrefixOf(std::string_view key, std::string_view prefix,
                                          std::string_view delimiter) {
  if (delimiter.empty() || !key.starts_with(prefix)) return std::nullopt;
  auto at = key.find(delimiter, prefix.size());
  if (at == std::string_view::npos) return std::nullopt;
  return std::string(key.substr(0, at + delimiter.size()));
}

Cursor startCursor(const Query& query, std::optional<std::string_view> marker) {
  if (!marker || marker->empty() || *marker < std::string_view(query.prefix))
    return Cursor::at(query.prefix);
  if (auto prefix = commonPrefixOf(*marker, query.prefix, query.delimiter)) {
    auto next = prefixSuccessor(*prefix);
    return next ? Cursor::at(std::move(*next)) : Cursor::end();
  }
  return Cursor::after(std::string(*marker));
}

std::string encodeContinuationToken(std::string_view last_item) {
  return encoding::base64Encode(std::string(kTokenTag) + std::string(last_item));
}

std::optional<std::string> decodeContinuationToken(std::string_view token) {
  auto text = encoding::base64Decode(token);
  if (!text || !std::string_view(*text).starts_with(kTokenTag)) return std::nullopt;
  return text->substr(kTokenTag.size());
}

ObjectsPage listObjectsV2(const Scan<ObjectVersion>& scan, const ObjectsRequest& request) {
  std::optional<std::string> marker;
  if (request.continuation_token) {
    marker = decodeContinuationToken(*request.continuation_token);
    if (!marker) throw errors::invalidContinuationToken();
  } else if (!request.start_after.empty()) {
    marker = request.start_after;
  }
  const Query query = queryOf(request.prefix, request.delimiter, request.max_keys);
  auto page = collect(scan, query, startCursor(query, marker));
  std::string last = page.last_item;
  ObjectsPage out = objectsPage(std::move(page));
  if (out.truncated) out.next_continuation_token = encodeContinuationToken(last);
  return out;
}

ObjectsPage listObjectsV1(const Scan<ObjectVersion>& scan, const ObjectsRequest& request) {
  const Query query = queryOf(request.prefix, request.delimiter, request.max_keys);
  auto page = collect(scan, query, startCursor(query, request.marker));
  std::string last = page.last_item;
  ObjectsPage out = objectsPage(std::move(page));
  // S3 sends NextMarker only with a delimiter; without one the client uses the last key.
  if (out.truncated && !request.delimiter.empty()) out.next_marker = last;
  return out;
}

MarkedPage<ObjectVersion> listObjectVersions(const Scan<ObjectVersion>& scan,
                                             const MarkerLookup& lookup,
                                             const MarkedRequest& request) {
  if (!request.id_marker.empty() && request.key_marker.empty())
    throw errors::invalidArgument("A version-id marker cannot be specified without a key marker.",
                                  "version-id-marker", request.id_marker);
  return listMarked(scan, lookup, request,
                    [](const ObjectVersion& version) { return version.version_id; });
}

MarkedPage<Upload> listMultipartUploads(const Scan<Upload>& scan, const MarkerLookup& lookup,
                                        const MarkedRequest& request) {
  // S3 ignores an upload-id-marker without a key-marker.
  return listMarked(scan, lookup, request, [](const Upload& upload) { return upload.upload_id; });
}

}  // namespace awsemu::s3::listing
