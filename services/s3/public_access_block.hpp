#pragma once
// A bucket's public access block. Buckets created since April 2023 have all four settings on
// until their owner changes or deletes them, so a bucket that never had the configuration set
// reads as all-true; after DeletePublicAccessBlock the bucket has none (all off, and
// GetPublicAccessBlock answers NoSuchPublicAccessBlockConfiguration).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#include <optional>
#include <string_view>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

struct PublicAccessBlock {
  bool block_public_acls = true;
  bool ignore_public_acls = true;
  bool block_public_policy = true;
  bool restrict_public_buckets = true;
};

inline constexpr std::string_view kPublicAccessBlockConfig = "publicAccessBlock";

// nullopt after DeletePublicAccessBlock.
inline std::optional<PublicAccessBlock> publicAccessBlock(S3Engine& engine,
                                                          std::string_view bucket) {
  auto stored = engine.bucketConfig(bucket, kPublicAccessBlockConfig);
  if (!stored) return PublicAccessBlock{};
  if (stored->value("Deleted", false)) return std::nullopt;
  return PublicAccessBlock{
      stored->value("BlockPublicAcls", false), stored->value("IgnorePublicAcls", false),
      stored->value("BlockPublicPolicy", false), stored->value("RestrictPublicBuckets", false)};
}

// What applies to requests: none at all after a delete.
inline PublicAccessBlock effectivePublicAccessBlock(S3Engine& engine, std::string_view bucket) {
  return publicAccessBlock(engine, bucket).value_or(PublicAccessBlock{false, false, false, false});
}

}  // namespace awsemu::s3
