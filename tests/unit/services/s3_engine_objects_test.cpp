// Object writes and reads beyond versioning: spooled bodies, conditional writes, copies, in-place
// updates, key limits.
#include <gtest/gtest.h>

#include <fstream>

#include "s3_test_support.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;

class S3EngineObjects : public ::testing::Test {
 protected:
  void SetUp() override { s3.createBucket("obj"); }
  PutObjectRequest request(std::string key) {
    PutObjectRequest r;
    r.bucket = "obj";
    r.key = std::move(key);
    r.attributes.owner = "000000000000";
    return r;
  }
  EngineHarness s3;
};

TEST_F(S3EngineObjects, SpooledBodiesAreAdopted) {
  auto spool = s3.directory() / "spool-1.tmp";
  std::ofstream(spool) << "a spooled request body";
  RequestBody body;
  body.file = spool;
  body.size = 22;
  auto result = s3->putObject(request("k"), body);
  EXPECT_FALSE(std::filesystem::exists(spool));  // renamed into place, not copied
  EXPECT_EQ(result.object.size, 22u);
  EXPECT_EQ(result.object.etag, quotedEtag(md5("a spooled request body")));
  EXPECT_EQ(s3.read("obj", "k"), "a spooled request body");
}

TEST_F(S3EngineObjects, InMemoryBodiesAndCallerEtags) {
  RequestBody body;
  body.memory = "in memory";
  auto r = request("k");
  r.etag = "\"caller-computed\"";
  r.attributes.headers = {{"ContentType", "text/plain"}};
  r.attributes.metadata = {{"colour", "blue"}};
  auto result = s3->putObject(r, body);
  EXPECT_EQ(result.object.etag, "\"caller-computed\"");
  auto head = s3->headObject({"obj", "k"});
  EXPECT_FALSE(head.data.valid());
  EXPECT_EQ(head.object.size, 9u);
  EXPECT_EQ(head.object.attributes.headers["ContentType"], "text/plain");
  EXPECT_EQ(head.object.attributes.metadata["colour"], "blue");
  EXPECT_EQ(head.object.last_modified_ms, 1'700'000'000'000);
}

TEST_F(S3EngineObjects, EmptyObjects) {
  auto result = s3.put("obj", "empty", "");
  EXPECT_EQ(result.object.etag, "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_EQ(s3.read("obj", "empty"), "");
}

TEST_F(S3EngineObjects, RefusedWritesLeaveNoFiles) {
  EXPECT_EQ(errorOf([&] { s3.put("obj", std::string(1025, 'k'), "x"); }).code, "KeyTooLongError");
  EXPECT_EQ(errorOf([&] { s3.put("missing-bucket", "k", "x"); }).code, "NoSuchBucket");
  s3.put("obj", "k", "v");
  auto r = request("k");
  r.conditions.if_none_match = true;
  EXPECT_EQ(errorOf([&] { s3->putObject(r, std::string_view("new")); }).code, "PreconditionFailed");
  EXPECT_EQ(s3.fileCount(), 1u);
  EXPECT_EQ(s3.read("obj", "k"), "v");
}

TEST_F(S3EngineObjects, ConditionalWrites) {
  auto create = request("k");
  create.conditions.if_none_match = true;
  auto first = s3->putObject(create, std::string_view("one"));  // no current object: allowed
  auto update = request("k");
  update.conditions.if_match = first.object.etag;
  EXPECT_NO_THROW(s3->putObject(update, std::string_view("two")));
  // first.object.etag is now stale
  auto stale = errorOf([&] { s3->putObject(update, std::string_view("three")); });
  EXPECT_EQ(stale.code, "PreconditionFailed");
  EXPECT_EQ(stale.fields["Condition"], "If-Match");
  auto missing = request("absent");
  missing.conditions.if_match = "*";
  EXPECT_EQ(errorOf([&] { s3->putObject(missing, std::string_view("x")); }).code, "NoSuchKey");
}

TEST_F(S3EngineObjects, CopyKeepsTheDataAndEtag) {
  auto source = s3.put("obj", "src", "copy me");
  s3.createBucket("other");
  PutObjectRequest destination;
  destination.bucket = "other";
  destination.key = "dst";
  auto copy = s3->copyObject({"obj", "src"}, destination, [](const ObjectVersion& from) {
    ObjectAttributes a = from.attributes;
    a.metadata["copied"] = "yes";
    return a;
  });
  EXPECT_EQ(copy.write.object.etag, source.object.etag);
  EXPECT_EQ(copy.source.key, "src");
  EXPECT_FALSE(copy.source_version_id);
  EXPECT_EQ(s3.read("other", "dst"), "copy me");
  EXPECT_EQ(s3->headObject({"other", "dst"}).object.attributes.metadata["copied"], "yes");
  s3.put("obj", "src", "changed");  // the copy has its own data
  EXPECT_EQ(s3.read("other", "dst"), "copy me");
}

TEST_F(S3EngineObjects, CopyOfAMultipartObjectGetsAPlainEtag) {
  EngineHarness small_parts(1);
  small_parts.createBucket("mpb");
  auto id = small_parts->createMultipartUpload("mpb", "src", {}).upload_id;
  auto p1 = small_parts->uploadPart({"mpb", "src", id, 1}, std::string_view("ab"));
  small_parts->completeMultipartUpload({"mpb", "src", id, {{1, p1.etag}}});
  auto copy = small_parts->copyObject({"mpb", "src"}, PutObjectRequest{"mpb", "dst"});
  EXPECT_EQ(copy.write.object.etag, quotedEtag(md5("ab")));
  EXPECT_EQ(copy.write.object.part_count, 0);
}

TEST_F(S3EngineObjects, CopyRefusedByTheCallbackCopiesNothing) {
  s3.put("obj", "src", "data");
  auto error = errorOf([&] {
    s3->copyObject({"obj", "src"}, request("dst"), [](const ObjectVersion&) -> ObjectAttributes {
      throw errors::preconditionFailed("x-amz-copy-source-If-Match");
    });
  });
  EXPECT_EQ(error.code, "PreconditionFailed");
  EXPECT_EQ(s3.fileCount(), 1u);
  EXPECT_EQ(errorOf([&] { s3->copyObject({"obj", "absent"}, request("dst")); }).code, "NoSuchKey");
}

TEST_F(S3EngineObjects, CopyOfASpecificVersion) {
  s3->putVersioning("obj", Versioning::Enabled);
  auto v1 = s3.put("obj", "src", "first");
  s3.put("obj", "src", "second");
  auto copy = s3->copyObject({"obj", "src", v1.version_id}, request("dst"));
  EXPECT_EQ(copy.source_version_id, v1.version_id);
  EXPECT_TRUE(copy.write.version_id);
  EXPECT_EQ(s3.read("obj", "dst"), "first");
}

TEST_F(S3EngineObjects, UpdateObjectFields) {
  s3->putVersioning("obj", Versioning::Enabled);
  auto v1 = s3.put("obj", "k", "one");
  s3.put("obj", "k", "two");
  auto tagged = s3->updateObject({"obj", "k", v1.version_id}, ObjectField::Tags, {{"env", "dev"}});
  EXPECT_EQ(tagged.object.attributes.tags["env"], "dev");
  EXPECT_EQ(s3->headObject({"obj", "k", v1.version_id}).object.attributes.tags["env"], "dev");
  EXPECT_TRUE(s3->headObject({"obj", "k"}).object.attributes.tags.empty());
  s3->updateObject({"obj", "k"}, ObjectField::ObjectLock, {{"LegalHoldStatus", "ON"}});
  EXPECT_EQ(s3->headObject({"obj", "k"}).object.attributes.object_lock["LegalHoldStatus"], "ON");
  auto marker = s3.remove("obj", "k");
  EXPECT_EQ(errorOf([&] {
              s3->updateObject({"obj", "k"}, ObjectField::Acl, {});
            }).code,
            "NoSuchKey");
  EXPECT_EQ(errorOf([&] {
              s3->updateObject({"obj", "k", marker.version_id}, ObjectField::Acl, {});
            }).code,
            "MethodNotAllowed");
}

TEST_F(S3EngineObjects, ResetDropsEverything) {
  s3.put("obj", "k", "v");
  s3->createMultipartUpload("obj", "m", {});
  s3->reset();
  EXPECT_EQ(s3.fileCount(), 0u);
  EXPECT_EQ(errorOf([&] { s3->bucket("obj"); }).code, "NoSuchBucket");
  s3.createBucket("obj");  // usable afterwards
  s3.put("obj", "k", "again");
  EXPECT_EQ(s3.read("obj", "k"), "again");
}

}  // namespace
}  // namespace awsemu::s3
