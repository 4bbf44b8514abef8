// State survives reopening the store; files a crash left without a row are removed at start-up.
#include <gtest/gtest.h>

#include <fstream>

#include "awsemu/storage/storage_location.hpp"
#include "s3_test_support.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;

TEST(S3Persistence, EverythingSurvivesAReopen) {
  EngineHarness s3(/*min_part_size=*/1);
  s3.createBucket("keep");
  s3->putVersioning("keep", Versioning::Enabled);
  auto v1 = s3.put("keep", "doc", "first");
  s3.put("keep", "doc", "second");
  s3.put("keep", "dir/\xc3\xa9t\xc3\xa9", "accented");
  s3->putBucketConfig("keep", "tagging", {{"team", "storage"}});
  auto id = s3->createMultipartUpload("keep", "big", {}).upload_id;
  auto part = s3->uploadPart({"keep", "big", id, 1}, std::string_view("part one"));

  s3.reopen();
  EXPECT_EQ(s3->orphansRemovedAtStart(), 0u);
  EXPECT_EQ(s3->bucket("keep").versioning, Versioning::Enabled);
  EXPECT_EQ(s3.read("keep", "doc"), "second");
  EXPECT_EQ(s3.read("keep", "doc", *v1.version_id), "first");
  EXPECT_EQ(s3.read("keep", "dir/\xc3\xa9t\xc3\xa9"), "accented");
  EXPECT_EQ(s3->bucketConfig("keep", "tagging"), (Json{{"team", "storage"}}));
  auto parts = s3->listParts("keep", "big", id);
  ASSERT_EQ(parts.parts.size(), 1u);
  EXPECT_EQ(parts.parts[0].etag, part.etag);
  s3->completeMultipartUpload({"keep", "big", id, {{1, part.etag}}});
  EXPECT_EQ(s3.read("keep", "big"), "part one");
}

TEST(S3Persistence, OrphanFilesFromACrashAreRemovedAtStart) {
  EngineHarness s3;
  s3.createBucket("crash");
  s3.put("crash", "kept", "referenced data");
  // A crash after a data file was renamed into place but before its row committed, and one in
  // the middle of writing a file, leave these behind.
  ObjectFiles files(s3.objectsDirectory(), true);
  auto orphan = files.write("never committed");
  std::ofstream(s3.objectsDirectory() / "incoming" / "abc.tmp") << "half";
  EXPECT_EQ(s3.fileCount(), 2u);

  s3.reopen();
  EXPECT_EQ(s3->orphansRemovedAtStart(), 2u);
  EXPECT_FALSE(std::filesystem::exists(files.pathOf(orphan)));
  EXPECT_EQ(s3.fileCount(), 1u);
  EXPECT_EQ(s3.read("crash", "kept"), "referenced data");
}

TEST(S3Persistence, UploadPartsAreNotOrphans) {
  EngineHarness s3;
  s3.createBucket("crash");
  auto id = s3->createMultipartUpload("crash", "k", {}).upload_id;
  s3->uploadPart({"crash", "k", id, 1}, std::string_view("part"));
  s3.reopen();
  EXPECT_EQ(s3->orphansRemovedAtStart(), 0u);
  EXPECT_EQ(s3.fileCount(), 1u);
}

TEST(S3Persistence, StorageLocationLayout) {
  testing::TempDir dir;
  {
    storage::StorageLocation location(true, dir.path());
    S3Engine engine(location);
    engine.createBucket({"layout", "000000000000", "us-east-1"});
    PutObjectRequest request;
    request.bucket = "layout";
    request.key = "k";
    engine.putObject(request, std::string_view("v"));
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "s3.db"));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "s3" / "objects"));
  storage::StorageLocation location(true, dir.path());
  S3Engine reopened(location);
  EXPECT_EQ(reopened.getObject({"layout", "k"}).data.readAll(), "v");
}

}  // namespace
}  // namespace awsemu::s3
