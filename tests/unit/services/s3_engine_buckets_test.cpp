// Buckets: creation rules across accounts and regions, deletion, listing, configurations.
#include <gtest/gtest.h>

#include "s3_test_support.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;
using testing::kAccount;

TEST(S3EngineBuckets, CreateAndGet) {
  EngineHarness s3;
  auto result = s3->createBucket({"photos", std::string(kAccount), "eu-west-1"});
  EXPECT_TRUE(result.created);
  auto bucket = s3->bucket("photos");
  EXPECT_EQ(bucket.account, kAccount);
  EXPECT_EQ(bucket.region, "eu-west-1");
  EXPECT_EQ(bucket.versioning, Versioning::Unversioned);
  EXPECT_EQ(bucket.object_ownership, "BucketOwnerEnforced");
  EXPECT_EQ(bucket.created_ms, 1'700'000'000'000);
  EXPECT_EQ(errorOf([&] { s3->bucket("nope"); }).code, "NoSuchBucket");
}

TEST(S3EngineBuckets, NamesAreValidated) {
  EngineHarness s3;
  EXPECT_EQ(errorOf([&] {
              s3->createBucket({"Bad_Name", "1", "us-east-1"});
            }).code,
            "InvalidBucketName");
}

TEST(S3EngineBuckets, NamesAreGlobal) {
  EngineHarness s3;
  s3->createBucket({"shared", "111111111111", "eu-west-1"});
  EXPECT_EQ(errorOf([&] {
              s3->createBucket({"shared", "222222222222", "us-east-1"});
            }).code,
            "BucketAlreadyExists");
  auto owned = errorOf([&] { s3->createBucket({"shared", "111111111111", "eu-west-1"}); });
  EXPECT_EQ(owned.code, "BucketAlreadyOwnedByYou");
  EXPECT_EQ(owned.http_status, 409);
}

TEST(S3EngineBuckets, UsEast1RecreateByOwnerSucceeds) {
  EngineHarness s3;
  s3->createBucket({"legacy", std::string(kAccount), "us-east-1"});
  auto again = s3->createBucket({"legacy", std::string(kAccount), "us-east-1"});
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.bucket.name, "legacy");
}

TEST(S3EngineBuckets, ObjectLockTurnsVersioningOnAndCannotBeSuspended) {
  EngineHarness s3;
  CreateBucketRequest request{"locked", std::string(kAccount), "us-east-1"};
  request.object_lock_enabled = true;
  auto bucket = s3->createBucket(request).bucket;
  EXPECT_EQ(bucket.versioning, Versioning::Enabled);
  EXPECT_EQ(errorOf([&] { s3->putVersioning("locked", Versioning::Suspended); }).code,
            "InvalidBucketState");
}

TEST(S3EngineBuckets, DeleteRequiresAnEmptyBucket) {
  EngineHarness s3;
  s3.createBucket("box");
  s3.put("box", "k", "v");
  EXPECT_EQ(errorOf([&] { s3->deleteBucket("box"); }).code, "BucketNotEmpty");
  s3.remove("box", "k");
  s3->deleteBucket("box");
  EXPECT_EQ(errorOf([&] { s3->bucket("box"); }).code, "NoSuchBucket");
  EXPECT_EQ(errorOf([&] { s3->deleteBucket("box"); }).code, "NoSuchBucket");
}

TEST(S3EngineBuckets, OldVersionsAndDeleteMarkersKeepABucketNonEmpty) {
  EngineHarness s3;
  s3.createBucket("box");
  s3->putVersioning("box", Versioning::Enabled);
  s3.put("box", "k", "v");
  s3.remove("box", "k");  // a delete marker over the version
  EXPECT_EQ(errorOf([&] { s3->deleteBucket("box"); }).code, "BucketNotEmpty");
}

TEST(S3EngineBuckets, DeleteAbortsUploadsInProgress) {
  EngineHarness s3;
  s3.createBucket("box");
  auto upload = s3->createMultipartUpload("box", "big", {});
  s3->uploadPart({"box", "big", upload.upload_id, 1}, std::string_view("part"));
  s3->deleteBucket("box");
  EXPECT_EQ(s3.fileCount(), 0u);
  s3.createBucket("box");
  EXPECT_EQ(errorOf([&] { s3->upload("box", "big", upload.upload_id); }).code, "NoSuchUpload");
}

TEST(S3EngineBuckets, ListBucketsByAccountWithPrefixAndPages) {
  EngineHarness s3;
  for (auto name : {"b-two", "a-one", "b-one", "c-three"}) s3.createBucket(name);
  s3.createBucket("b-other-account", "999999999999");
  auto all = s3->listBuckets(kAccount, "", std::nullopt);
  ASSERT_EQ(all.buckets.size(), 4u);
  EXPECT_EQ(all.buckets[0].name, "a-one");
  EXPECT_FALSE(all.continuation_token);

  auto first = s3->listBuckets(kAccount, "b-", std::nullopt, 1);
  ASSERT_EQ(first.buckets.size(), 1u);
  EXPECT_EQ(first.buckets[0].name, "b-one");
  ASSERT_TRUE(first.continuation_token);
  auto second = s3->listBuckets(kAccount, "b-", first.continuation_token, 1);
  ASSERT_EQ(second.buckets.size(), 1u);
  EXPECT_EQ(second.buckets[0].name, "b-two");
  EXPECT_FALSE(second.continuation_token);
  EXPECT_EQ(errorOf([&] { s3->listBuckets(kAccount, "", "garbage!"); }).code, "InvalidArgument");
}

TEST(S3EngineBuckets, ConfigurationDocuments) {
  EngineHarness s3;
  s3.createBucket("conf");
  EXPECT_FALSE(s3->bucketConfig("conf", "policy"));
  Json policy = {{"Version", "2012-10-17"}, {"Statement", Json::array()}};
  s3->putBucketConfig("conf", "policy", policy);
  s3->putBucketConfig("conf", "cors", Json::array({{{"AllowedMethods", {"GET"}}}}));
  EXPECT_EQ(s3->bucketConfig("conf", "policy"), policy);
  s3->putBucketConfig("conf", "policy", Json{{"replaced", true}});
  EXPECT_EQ(s3->bucketConfig("conf", "policy"), (Json{{"replaced", true}}));
  EXPECT_TRUE(s3->deleteBucketConfig("conf", "policy"));
  EXPECT_FALSE(s3->deleteBucketConfig("conf", "policy"));
  EXPECT_FALSE(s3->bucketConfig("conf", "policy"));
  EXPECT_TRUE(s3->bucketConfig("conf", "cors"));
  EXPECT_EQ(errorOf([&] { s3->bucketConfig("nope", "cors"); }).code, "NoSuchBucket");
  // Configurations go with their bucket.
  s3->deleteBucket("conf");
  s3.createBucket("conf");
  EXPECT_FALSE(s3->bucketConfig("conf", "cors"));
}

TEST(S3EngineBuckets, UpdateBucketKeepsNameAndOwnerRules) {
  EngineHarness s3;
  s3.createBucket("own");
  auto updated = s3->updateBucket("own", [](Bucket& b) {
    b.object_ownership = "ObjectWriter";
    b.name = "renamed";  // ignored
  });
  EXPECT_EQ(updated.name, "own");
  EXPECT_EQ(s3->bucket("own").object_ownership, "ObjectWriter");
}

}  // namespace
}  // namespace awsemu::s3
