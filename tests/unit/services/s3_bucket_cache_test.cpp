// BucketCache: entries count only at the generation they were read at; an older read never
// replaces newer entries; and the engine answers bucket look-ups from it until a bucket write.
#include "services/s3/bucket_cache.hpp"

#include <gtest/gtest.h>

#include "s3_test_support.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;

Bucket named(const std::string& name, const std::string& account) {
  Bucket bucket;
  bucket.name = name;
  bucket.account = account;
  return bucket;
}

TEST(S3BucketCache, EntriesCountOnlyAtTheirGeneration) {
  BucketCache cache;
  EXPECT_FALSE(cache.bucket("b", 0).has_value());
  cache.putBucket("b", 3, named("b", "111111111111"));
  cache.putBucket("gone", 3, std::nullopt);
  ASSERT_TRUE(cache.bucket("b", 3).has_value());
  EXPECT_EQ(cache.bucket("b", 3)->value().account, "111111111111");
  ASSERT_TRUE(cache.bucket("gone", 3).has_value());  // cached: there is no such bucket
  EXPECT_FALSE(cache.bucket("gone", 3)->has_value());
  EXPECT_FALSE(cache.bucket("b", 4).has_value());  // the generation moved: read again
  cache.putBucket("b", 2, named("b", "older"));  // a read that began before: not kept
  EXPECT_EQ(cache.bucket("b", 3)->value().account, "111111111111");
  cache.putBucket("other", 4, named("other", "222222222222"));  // newer: the old ones go
  EXPECT_FALSE(cache.bucket("b", 3).has_value());
  EXPECT_FALSE(cache.bucket("b", 4).has_value());
  EXPECT_TRUE(cache.bucket("other", 4).has_value());
}

TEST(S3BucketCache, ConfigurationsAreCachedPerSubresourceWithAbsenceToo) {
  BucketCache cache;
  cache.putConfig("b", "policy", 1, Json{{"Version", "2012-10-17"}});
  cache.putConfig("b", "cors", 1, std::nullopt);
  EXPECT_EQ(cache.config("b", "policy", 1)->value()["Version"], "2012-10-17");
  ASSERT_TRUE(cache.config("b", "cors", 1).has_value());
  EXPECT_FALSE(cache.config("b", "cors", 1)->has_value());
  EXPECT_FALSE(cache.config("b", "website", 1).has_value());
  EXPECT_FALSE(cache.config("c", "policy", 1).has_value());
  EXPECT_FALSE(cache.config("b", "policy", 2).has_value());
}

// Through the engine: every bucket write is seen by the next look-up.
TEST(S3BucketCache, EngineLookUpsSeeEveryBucketWrite) {
  EngineHarness s3;
  EXPECT_EQ(errorOf([&] { s3->bucket("late"); }).code, "NoSuchBucket");
  s3.createBucket("late");  // the cached "no such bucket" must not outlive the creation
  EXPECT_EQ(s3->bucket("late").versioning, Versioning::Unversioned);
  EXPECT_FALSE(s3->bucketConfig("late", "policy").has_value());
  s3->putVersioning("late", Versioning::Enabled);
  EXPECT_EQ(s3->bucket("late").versioning, Versioning::Enabled);
  s3->putBucketConfig("late", "policy", Json{{"Version", "2012-10-17"}});
  EXPECT_TRUE(s3->bucketConfig("late", "policy").has_value());
  s3->deleteBucketConfig("late", "policy");
  EXPECT_FALSE(s3->bucketConfig("late", "policy").has_value());
  s3->deleteBucket("late");
  EXPECT_EQ(errorOf([&] { s3->bucket("late"); }).code, "NoSuchBucket");
  EXPECT_EQ(errorOf([&] { s3->bucketConfig("late", "policy"); }).code, "NoSuchBucket");
}

}  // namespace
}  // namespace awsemu::s3
