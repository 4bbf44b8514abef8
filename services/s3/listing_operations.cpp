// The listings over the store: listing.hpp's algorithm with S3Rows range scans as its sources.
// A listing holds the database lock for its page (at most 1001 rows read through indexes), so a
// page is a consistent snapshot.
#include "services/s3/engine_support.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {
namespace {

using detail::requireBucket;

listing::Scan<ObjectVersion> currentObjects(S3Rows& rows, std::string_view bucket) {
  return [&rows, bucket](const listing::Cursor& cursor, std::size_t limit,
                         const listing::Visit<ObjectVersion>& visit) {
    rows.currentObjects(bucket, cursor, limit, visit);
  };
}

}  // namespace

listing::ObjectsPage S3Engine::listObjectsV2(std::string_view bucket,
                                             const listing::ObjectsRequest& request) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    requireBucket(rows, bucket);
    return listing::listObjectsV2(currentObjects(rows, bucket), request);
  });
}

listing::ObjectsPage S3Engine::listObjectsV1(std::string_view bucket,
                                             const listing::ObjectsRequest& request) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    requireBucket(rows, bucket);
    return listing::listObjectsV1(currentObjects(rows, bucket), request);
  });
}

listing::MarkedPage<ObjectVersion> S3Engine::listObjectVersions(
    std::string_view bucket, const listing::MarkedRequest& request) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    requireBucket(rows, bucket);
    listing::Scan<ObjectVersion> scan = [&](const listing::Cursor& cursor, std::size_t limit,
                                            const listing::Visit<ObjectVersion>& visit) {
      rows.versions(bucket, cursor, limit, visit);
    };
    listing::MarkerLookup lookup = [&](const std::string& key, const std::string& id) {
      auto version = rows.version(bucket, key, id);
      return version ? std::optional<std::int64_t>(version->seq) : std::nullopt;
    };
    return listing::listObjectVersions(scan, lookup, request);
  });
}

listing::MarkedPage<Upload> S3Engine::listMultipartUploads(std::string_view bucket,
                                                           const listing::MarkedRequest& request) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    requireBucket(rows, bucket);
    listing::Scan<Upload> scan = [&](const listing::Cursor& cursor, std::size_t limit,
                                     const listing::Visit<Upload>& visit) {
      rows.uploads(bucket, cursor, limit, visit);
    };
    listing::MarkerLookup lookup = [&](const std::string& key, const std::string& id) {
      auto upload = rows.upload(id);
      bool same = upload && upload->bucket == bucket && upload->key == key;
      return same ? std::optional<std::int64_t>(upload->seq) : std::nullopt;
    };
    return listing::listMultipartUploads(scan, lookup, request);
  });
}

PartsPage S3Engine::listParts(std::string_view bucket, std::string_view key,
                              std::string_view upload_id, int part_number_marker,
                              std::size_t max_parts) {
  if (max_parts > listing::kMaxPageSize) max_parts = listing::kMaxPageSize;
  return withRows([&](S3Rows& rows, storage::Database&) {
    requireBucket(rows, bucket);
    PartsPage page;
    page.upload = detail::requireUpload(rows, bucket, key, upload_id);
    if (max_parts == 0) return page;
    page.parts = rows.parts(upload_id, part_number_marker, max_parts + 1);
    if (page.parts.size() > max_parts) {
      page.parts.resize(max_parts);
      page.truncated = true;
      page.next_part_number_marker = page.parts.back().part_number;
    }
    return page;
  });
}

}  // namespace awsemu::s3
