// Multipart uploads: create, upload (and copy) parts, complete, abort.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
#include <algorithm>

#include "awsemu/storage/transaction.hpp"
#include "services/s3/bucket_names.hpp"
#include "services/s3/engine_support.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/s3_engine.hpp"
#include "services/s3/s3_ids.hpp"

namespace awsemu::s3 {
namespace {

using detail::requireBucket;
using detail::requireUpload;

constexpr int kMaxPartNumber = 10000;

std::vector<std::string> dataFiles(const std::vector<Part>& parts) {
  std::vector<std::string> names;
  for (const auto& part : parts) names.push_back(part.data_file);
  return names;
}

Json partsDocument(const std::vector<Part>& parts) {
  Json document = Json::array();
  for (const auto& part : parts)
    document.push_back({{"part_number", part.part_number},
                        {"size", part.size},
                        {"etag", part.etag},
                        {"checksum", part.checksum}});
  return document;
}

void checkOrder(const CompleteMultipartRequest& request) {
  if (request.parts.empty()) throw errors::malformedXml();
  for (std::size_t i = 1; i < request.parts.size(); ++i)
    if (request.parts[i].part_number <= request.parts[i - 1].part_number)
      throw errors::invalidPartOrder(request.upload_id);
}

struct ListedParts {
  Upload upload;
  std::vector<Part> parts;       // the listed parts, in order
  std::vector<FileHandle> data;  // their data files, opened under the lock
};

// The parts CompleteMultipartUpload lists, checked: each must exist with the ETag given
// (InvalidPart), and every one but the last must be at least the minimum size (EntityTooSmall,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html: 5 MiB).
ListedParts readListedParts(S3Rows& rows, const ObjectFiles& files,
                            const CompleteMultipartRequest& request, std::uint64_t min_part_size) {
  ListedParts listed;
  requireBucket(rows, request.bucket);
  listed.upload = requireUpload(rows, request.bucket, request.key, request.upload_id);
  for (std::size_t i = 0; i < request.parts.size(); ++i) {
    const auto& wanted = request.parts[i];
    auto part = rows.part(request.upload_id, wanted.part_number);
    if (!part || !sameEtag(part->etag, wanted.etag))
      throw errors::invalidPart(request.upload_id, wanted.part_number, wanted.etag);
    if (i + 1 < request.parts.size() && part->size < min_part_size)
      throw errors::entityTooSmall(part->size, min_part_size, wanted.part_number, wanted.etag);
    listed.parts.push_back(std::move(*part));
  }
  for (const auto& part : listed.parts) listed.data.push_back(files.openForRead(part.data_file));
  return listed;
}

// Inside the completing transaction: the upload must still be there (NoSuchUpload when completed
// or aborted meanwhile) with the parts we assembled (InvalidPart when one was uploaded again
// meanwhile). Removes the upload; returns the data files of all its parts, to delete after the
// commit.
std::vector<std::string> endUpload(S3Rows& rows, const CompleteMultipartRequest& request,
                                   const ListedParts& listed) {
  requireUpload(rows, request.bucket, request.key, request.upload_id);
  auto all = rows.parts(request.upload_id, 0, kMaxPartNumber);
  for (const auto& part : listed.parts) {
    auto now = std::find_if(all.begin(), all.end(),
                            [&](const Part& p) { return p.part_number == part.part_number; });
    if (now == all.end() || now->data_file != part.data_file)
      throw errors::invalidPart(request.upload_id, part.part_number, part.etag);
  }
  rows.deleteUpload(request.upload_id);
  return dataFiles(all);
}

}  // namespace

Upload S3Engine::createMultipartUpload(std::string_view bucket, std::string_view key,
                                       const ObjectAttributes& attributes) {
  validateObjectKey(key);
  return withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    requireBucket(rows, bucket);
    Upload upload;
    upload.upload_id = newUploadId();
    upload.bucket = std::string(bucket);
    upload.key = std::string(key);
    upload.initiated_ms = nowMs();
    upload.attributes = attributes;
    rows.insertUpload(upload);
    tx.commit();
    return upload;
  });
}

Upload S3Engine::upload(std::string_view bucket, std::string_view key, std::string_view upload_id) {
  return withRows([&](S3Rows& rows, storage::Database&) {
    requireBucket(rows, bucket);
    return requireUpload(rows, bucket, key, upload_id);
  });
}

void S3Engine::checkPartNumber(int part_number) {
  if (part_number < 1 || part_number > kMaxPartNumber)
    throw errors::invalidPartNumberArgument(std::to_string(part_number));
}

Part S3Engine::uploadPart(const UploadPartRequest& request, const RequestBody& body) {
  if (body.inMemory()) return uploadPart(request, std::string_view(body.memory));
  checkPartNumber(request.part_number);
  upload(request.bucket, request.key, request.upload_id);  // NoSuchUpload before the disk work
  StagedFile staged = stage(body);
  const auto path = files_.pathOf(staged.name());
  const std::uint64_t size = std::filesystem::file_size(path);
  std::string etag = request.etag.empty() ? quotedEtag(md5OfFile(path)) : request.etag;
  return commitPart(request, std::move(staged), size, std::move(etag));
}

Part S3Engine::uploadPart(const UploadPartRequest& request, std::string_view bytes) {
  checkPartNumber(request.part_number);
  upload(request.bucket, request.key, request.upload_id);
  StagedFile staged(files_, files_.write(bytes));
  std::string etag = request.etag.empty() ? quotedEtag(md5(bytes)) : request.etag;
  return commitPart(request, std::move(staged), bytes.size(), std::move(etag));
}

Part S3Engine::uploadPartCopy(const UploadPartRequest& request, const ObjectRef& source,
                              std::optional<ByteSpan> range) {
  checkPartNumber(request.part_number);
  upload(request.bucket, request.key, request.upload_id);
  ObjectRead read = getObject(source);
  const std::uint64_t size = read.data.size();
  std::uint64_t offset = 0, length = size;
  if (range) {
    if (range->first > range->last || range->last >= size)
      throw errors::invalidRange(
          size, "bytes=" + std::to_string(range->first) + "-" + std::to_string(range->last));
    offset = range->first;
    length = range->last - range->first + 1;
  }
  StagedFile staged(files_, files_.copyRange(read.data.fd(), offset, length));
  std::string etag = quotedEtag(md5OfFile(read.data.fd(), offset, length));
  return commitPart(request, std::move(staged), length, std::move(etag));
}

Part S3Engine::commitPart(const UploadPartRequest& request, StagedFile staged, std::uint64_t size,
                          std::string etag) {
  Part part;
  part.upload_id = request.upload_id;
  part.part_number = request.part_number;
  part.size = size;
  part.etag = std::move(etag);
  part.last_modified_ms = nowMs();
  part.checksum = request.checksum;
  part.data_file = staged.name();
  std::vector<std::string> unreferenced;
  withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    requireBucket(rows, request.bucket);
    requireUpload(rows, request.bucket, request.key, request.upload_id);
    if (auto replaced = rows.part(request.upload_id, request.part_number))
      unreferenced.push_back(replaced->data_file);
    rows.putPart(part);
    tx.commit();
    staged.keep();
  });
  removeFiles(unreferenced);
  return part;
}

WriteResult S3Engine::completeMultipartUpload(const CompleteMultipartRequest& request) {
  checkOrder(request);
  ListedParts listed = withRows([&](S3Rows& rows, storage::Database&) {
    return readListedParts(rows, files_, request, options_.min_part_size);
  });
  // Assemble outside the lock; the handles keep the parts readable whatever happens meanwhile.
  StagedFile staged(files_, files_.concatenate(listed.data));
  listed.data.clear();
  std::uint64_t size = 0;
  std::vector<std::string> etags;
  for (const auto& part : listed.parts) {
    size += part.size;
    etags.push_back(part.etag);
  }
  PutObjectRequest write;
  write.bucket = request.bucket;
  write.key = request.key;
  write.attributes = listed.upload.attributes;
  write.conditions = request.conditions;
  if (request.checksum) write.attributes.checksum = request.checksum(listed.upload, listed.parts);
  std::vector<std::string> part_files;
  auto result = commitObject(write, std::move(staged), size, multipartEtag(etags),
                             static_cast<int>(listed.parts.size()), partsDocument(listed.parts),
                             [&](S3Rows& rows) { part_files = endUpload(rows, request, listed); });
  removeFiles(part_files);
  return result;
}

void S3Engine::abortMultipartUpload(std::string_view bucket, std::string_view key,
                                    std::string_view upload_id) {
  std::vector<std::string> part_files;
  withRows([&](S3Rows& rows, storage::Database& db) {
    storage::Transaction tx(db);
    requireBucket(rows, bucket);
    requireUpload(rows, bucket, key, upload_id);
    part_files = dataFiles(rows.parts(upload_id, 0, kMaxPartNumber));
    rows.deleteUpload(upload_id);
    tx.commit();
  });
  removeFiles(part_files);
}

}  // namespace awsemu::s3
