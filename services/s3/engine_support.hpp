#pragma once
// Helpers the engine's operation files share (not part of the engine's interface).
#include <string_view>

#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_rows.hpp"

namespace awsemu::s3::detail {

inline Bucket requireBucket(S3Rows& rows, std::string_view name) {
  auto found = rows.bucket(name);
  if (!found) throw errors::noSuchBucket(name);
  return *found;
}

// The upload `upload_id` of bucket/key; NoSuchUpload when it is unknown or belongs to another
// object (S3 matches all three).
inline Upload requireUpload(S3Rows& rows, std::string_view bucket, std::string_view key,
                            std::string_view upload_id) {
  auto found = rows.upload(upload_id);
  if (!found || found->bucket != bucket || found->key != key) throw errors::noSuchUpload(upload_id);
  return *found;
}

}  // namespace awsemu::s3::detail
