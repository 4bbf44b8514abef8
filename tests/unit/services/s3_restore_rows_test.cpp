// RestoreObject's state: a row per restored version (object_restores), read with archived
// versions, gone with them, and carried over from the ACL document where schema 1 kept it.
#include <gtest/gtest.h>

#include "s3_test_support.hpp"
#include "services/s3/object_subresources.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;

class S3RestoreRows : public ::testing::Test {
 protected:
  void SetUp() override { s3.createBucket("cold"); }
  WriteResult putArchived(const std::string& key, std::string storage_class = "GLACIER") {
    PutObjectRequest request;
    request.bucket = "cold";
    request.key = key;
    request.attributes.owner = "000000000000";
    request.attributes.storage_class = std::move(storage_class);
    return s3->putObject(request, std::string_view("frozen"));
  }
  EngineHarness s3;
};

TEST_F(S3RestoreRows, ArchivedVersionsCarryTheirRestore) {
  putArchived("k");
  EXPECT_FALSE(s3->headObject({"cold", "k"}).object.restore_expiry);
  auto before = s3->restoreObject({"cold", "k"}, 1'800'000'000.0);
  EXPECT_FALSE(before.object.restore_expiry);  // the state before this restore
  EXPECT_EQ(s3->headObject({"cold", "k"}).object.restore_expiry, 1'800'000'000.0);
  EXPECT_EQ(s3->getObject({"cold", "k"}).object.restore_expiry, 1'800'000'000.0);
  auto again = s3->restoreObject({"cold", "k"}, 1'900'000'000.0);
  EXPECT_EQ(again.object.restore_expiry, 1'800'000'000.0);
  s3.reopen();
  EXPECT_EQ(s3->headObject({"cold", "k"}).object.restore_expiry, 1'900'000'000.0);
}

TEST_F(S3RestoreRows, AnOverwriteIsNotRestored) {
  putArchived("k");
  s3->restoreObject({"cold", "k"}, 1'800'000'000.0);
  putArchived("k");  // replaces the (unversioned) object: its restore goes with it
  EXPECT_FALSE(s3->headObject({"cold", "k"}).object.restore_expiry);
}

TEST_F(S3RestoreRows, ARestoredCopyLastsUntilItsExpiry) {
  putArchived("k");
  s3->restoreObject({"cold", "k"}, 1'800'000'000.0);
  const ObjectVersion version = s3->headObject({"cold", "k"}).object;
  EXPECT_FALSE(needsRestore(version, 1'799'999'999.0));
  EXPECT_EQ(restoreHeader(version, 1'799'999'999.0),
            "ongoing-request=\"false\", expiry-date=\"Fri, 15 Jan 2027 08:00:00 GMT\"");
  EXPECT_TRUE(needsRestore(version, 1'800'000'000.0));
  EXPECT_FALSE(restoreHeader(version, 1'800'000'000.0));
}

TEST_F(S3RestoreRows, MissingObjectsAreNoSuchKey) {
  EXPECT_EQ(errorOf([&] { s3->restoreObject({"cold", "none"}, 1.0); }).code, "NoSuchKey");
}

TEST_F(S3RestoreRows, SchemaOneRestoresMoveOutOfTheAcl) {
  putArchived("k");
  {
    auto db = storage::Database::open(s3.directory() / "s3.db");
    db.exec(
        "DROP TRIGGER object_restores_follow_objects; DROP TABLE object_restores; "
        "ALTER TABLE objects DROP COLUMN inline_data; "
        "UPDATE objects SET acl = '{\"Grants\": [], \"Restore\": {\"expiry\": 1800000000.5}}'; "
        "PRAGMA user_version = 1;");
  }
  s3.reopen();
  auto read = s3->headObject({"cold", "k"});
  EXPECT_EQ(read.object.restore_expiry, 1'800'000'000.5);
  EXPECT_FALSE(read.object.attributes.acl.contains("Restore"));
  EXPECT_TRUE(read.object.attributes.acl.contains("Grants"));
}

}  // namespace
}  // namespace awsemu::s3
